from rest_framework.routers import DefaultRouter

from campaigns.api import views

router = DefaultRouter()
router.register("outreach-formats", views.OutreachFormatViewSet, basename="outreachformat")
router.register("outreach-topics", views.OutreachTopicViewSet, basename="outreachtopic")
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("funds", views.FundViewSet, basename="fund")
router.register("beneficiary-groups", views.BeneficiaryGroupViewSet, basename="beneficiarygroup")
router.register("outreach-plans", views.OutreachPlanViewSet, basename="outreachplan")
router.register("outreach-sessions", views.OutreachSessionViewSet, basename="outreachsession")
router.register("broadcasts", views.BroadcastViewSet, basename="broadcast")
router.register("movement-events", views.MovementEventViewSet, basename="movementevent")
router.register("feedback-items", views.FeedbackItemViewSet, basename="feedbackitem")
router.register("donations", views.DonationViewSet, basename="donation")
router.register("gift-distributions", views.GiftDistributionViewSet, basename="giftdistribution")
router.register("charity-houses", views.CharityHouseViewSet, basename="charityhouse")
router.register("fund-contributions", views.FundContributionViewSet, basename="fundcontribution")
