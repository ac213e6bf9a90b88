from rest_framework.routers import DefaultRouter

from core_forces.api import views

router = DefaultRouter()
router.register("unit-kinds", views.UnitKindViewSet, basename="unitkind")
router.register("training-topics", views.TrainingTopicViewSet, basename="trainingtopic")
router.register("force-units", views.ForceUnitViewSet, basename="forceunit")
router.register("force-members", views.ForceMemberViewSet, basename="forcemember")
router.register("unit-memberships", views.UnitMembershipViewSet, basename="unitmembership")
router.register("training-courses", views.TrainingCourseViewSet, basename="trainingcourse")
router.register(
    "training-attendances", views.TrainingAttendanceViewSet, basename="trainingattendance"
)
router.register("patrols", views.PatrolViewSet, basename="patrol")
router.register("allowance-rates", views.AllowanceRateViewSet, basename="allowancerate")
