from rest_framework.routers import DefaultRouter

from wards.api import views

router = DefaultRouter()
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("wards", views.WardViewSet, basename="ward")
router.register("neighbourhoods", views.NeighbourhoodViewSet, basename="neighbourhood")
router.register("memberships", views.MembershipViewSet, basename="membership")

urlpatterns = router.urls
