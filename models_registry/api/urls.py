from rest_framework.routers import DefaultRouter

from models_registry.api import views

router = DefaultRouter()
router.register("model-kinds", views.ModelKindViewSet, basename="modelkind")
router.register("prevention-models", views.PreventionModelViewSet, basename="preventionmodel")
router.register("model-assets", views.AssetViewSet, basename="modelasset")
router.register("asset-faults", views.FaultViewSet, basename="assetfault")
router.register("model-evaluations", views.EvaluationViewSet, basename="modelevaluation")
router.register("supervised-people", views.SupervisedPersonViewSet, basename="supervisedperson")
