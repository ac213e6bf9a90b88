from rest_framework.routers import DefaultRouter

from tips.api import views

router = DefaultRouter()
router.register("tips", views.TipViewSet, basename="tip")
router.register("cases", views.CaseViewSet, basename="case")
router.register("subjects", views.SubjectViewSet, basename="subject")
router.register("categories", views.OffenceCategoryViewSet, basename="offencecategory")
router.register("messages", views.TipMessageViewSet, basename="tipmessage")

urlpatterns = router.urls
