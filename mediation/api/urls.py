from rest_framework.routers import DefaultRouter

from mediation.api import views

router = DefaultRouter()
router.register("dispute-kinds", views.DisputeKindViewSet, basename="disputekind")
router.register("mediation-teams", views.MediationTeamViewSet, basename="mediationteam")
router.register("mediators", views.MediatorViewSet, basename="mediator")
router.register("disputes", views.DisputeViewSet, basename="dispute")
router.register("mediation-parties", views.PartyViewSet, basename="party")
router.register("mediation-sessions", views.MediationSessionViewSet, basename="mediationsession")
router.register("record-books", views.RecordBookViewSet, basename="recordbook")
