"""Every campaigns admin inherits the platform's admin security cases from its matrix: who may
open which page (lists, object pages, saves, quick add, exports, the workflow steps) in their
own ward, another ward's rows not found, the leader's province, pinned changelist query counts
(the totals above each list included)."""

from __future__ import annotations

from django_scopes import scopes_disabled

from campaigns import models
from tests import factories as base_factories
from tests.campaigns import factories
from tests.platform.admin import ScopedAdminTestCase

READ = {"changelist", "view", "export"}
ENTRY = {*READ, "add", "change"}


class TestOutreachPlanAdmin(ScopedAdminTestCase):
    model = models.OutreachPlan
    matrix = {"officer": READ, "commander": ENTRY, "leader": READ}
    changelist_queries = 11

    def make_row(self, ward):
        return factories.make_plan(ward, title=f"Kế hoạch {ward.name}")

    def search_term(self, row):
        return row.title


class TestOutreachSessionAdmin(ScopedAdminTestCase):
    model = models.OutreachSession
    matrix = {"officer": {*ENTRY, "photos"}, "commander": {*ENTRY, "photos"}, "leader": READ}
    changelist_queries = 19  # + its four list filters, the date hierarchy, the totals

    def make_row(self, ward):
        return factories.make_session(ward, title=f"Tuyên truyền tại {ward.name}")

    def make_listed_row(self, ward, n):
        return factories.make_session(
            ward,
            topics=[factories.row(models.OutreachTopic, "drugs")],
            officer=base_factories.make_officer(ward),
        )

    def search_term(self, row):
        return row.title


class TestBroadcastAdmin(ScopedAdminTestCase):
    model = models.Broadcast
    matrix = {"officer": ENTRY, "commander": ENTRY, "leader": READ}
    changelist_queries = 17

    def make_row(self, ward):
        return factories.make_broadcast(ward, programme=f"Tiếng loa {ward.name}")

    def search_term(self, row):
        return row.programme


class TestMovementEventAdmin(ScopedAdminTestCase):
    model = models.MovementEvent
    matrix = {"officer": ENTRY, "commander": ENTRY, "leader": READ}
    changelist_queries = 15

    def make_row(self, ward):
        return factories.make_event(ward, title=f"Ngày hội {ward.name}")

    def make_listed_row(self, ward, n):
        event = factories.make_event(ward)
        factories.make_feedback(ward, event=event)
        return event

    def search_term(self, row):
        return row.title


class TestFeedbackItemAdmin(ScopedAdminTestCase):
    model = models.FeedbackItem
    work = {*READ, "add", "answer", "forward"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    changelist_queries = 12  # + the events of its filter

    def make_row(self, ward):
        return factories.make_feedback(ward, content=f"Ý kiến của cử tri {ward.name}")

    def search_term(self, row):
        return row.content


class TestDonationAdmin(ScopedAdminTestCase):
    model = models.Donation
    matrix = {"officer": ENTRY, "commander": ENTRY, "leader": READ}
    changelist_queries = 14

    def make_row(self, ward):
        return factories.make_donation(ward, donor_name=f"Công ty {ward.name}")

    def search_term(self, row):
        return row.donor_name


class TestGiftDistributionAdmin(ScopedAdminTestCase):
    model = models.GiftDistribution
    matrix = {"officer": ENTRY, "commander": ENTRY, "leader": READ}
    changelist_queries = 15

    def make_row(self, ward):
        return factories.make_distribution(ward, occasion=f"Tết ở {ward.name}")

    def search_term(self, row):
        return row.occasion


class TestCharityHouseAdmin(ScopedAdminTestCase):
    model = models.CharityHouse
    matrix = {"officer": ENTRY, "commander": ENTRY, "leader": READ}
    changelist_queries = 14

    def make_row(self, ward):
        return factories.make_house(ward, beneficiary=f"Hộ ông Tư ở {ward.name}")

    def make_listed_row(self, ward, n):
        with scopes_disabled():
            area = base_factories.make_neighbourhood(ward, name=f"Ấp {n}")
        return factories.make_house(ward, neighbourhood=area)

    def search_term(self, row):
        return row.beneficiary


class TestFundContributionAdmin(ScopedAdminTestCase):
    model = models.FundContribution
    matrix = {"officer": ENTRY, "commander": ENTRY, "leader": READ}
    changelist_queries = 15

    def make_row(self, ward):
        return factories.make_contribution(ward, note=f"Đóng góp của {ward.name}")

    def search_term(self, row):
        return row.note
