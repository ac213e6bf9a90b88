"""Who may open which page of the tips workplace: the tip, case and subject admins inherit
`ScopedAdminTestCase` (tests/platform/admin.py), which generates the checks for every page —
changelist, object page, save, add, delete, export and each declared workflow step — from the
matrix declared here. Behaviour of the pages is tested in test_admin*.py."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests import factories as base_factories
from tests.platform.admin import ScopedAdminTestCase
from tests.tips import factories
from tips import services
from tips.models import Case, Subject, Tip, TipAttachment, TipMessage

READ = {"changelist", "view", "export"}
TIP_STEPS = {"triage", "assign", "reply", "note", "open-case", "link-case", "close", "mediation"}
TIP_WORK = {*READ, "change", "add", *TIP_STEPS}
CASE_WORK = {*READ, "change", "add", "clarify"}
# Reopening a finished tip or a clarified case is the commander's (issue 8).
TIP_COMMAND = {*TIP_WORK, "reopen"}
CASE_COMMAND = {*CASE_WORK, "reopen"}
SUBJECT_WORK = {*READ, "change", "add", "outcome"}


@pytest.fixture(autouse=True)
def _catalogue(db):
    factories.ensure_catalogue()


class TestTipAdmin(ScopedAdminTestCase):
    model = Tip
    matrix = {"officer": TIP_WORK, "commander": TIP_COMMAND, "leader": READ}
    changelist_queries = 15  # with the totals above the list (one aggregate)

    def make_row(self, ward):
        return factories.make_tip(ward, location_text=f"Hẻm 12 {ward.name}")

    def search_term(self, row):
        return row.reference

    def state(self, row):
        return {**super().state(row), "messages": TipMessage.objects.filter(tip=row).count()}

    def make_listed_row(self, ward, n):
        """Assigned to one of several people, in one of several neighbourhoods and categories."""
        officer = base_factories.make_officer(ward)
        tip = factories.make_tip(
            ward,
            neighbourhood=base_factories.make_neighbourhood(ward),
            category=factories.category(("theft", "gambling", "fraud")[n % 3]),
        )
        with scopes_disabled():
            services.assign_tip(tip=tip, assignee=officer, actor=officer)
        return tip

    def test_the_photo_view_follows_the_tip(
        self, citizen, no_perm_client, officer_b_client, leader_client, officer_a_client, ward_a
    ):
        """The admin's own page beyond the generic ones (tips/admin/tip.py get_urls)."""
        tip = self.make_row(ward_a)
        with scopes_disabled():
            services.store_photos(tip, [factories.make_photo()], message=None, written=[])
            photo = TipAttachment.objects.get(tip=tip)
        url = reverse("admin:tips_tip_attachment", args=[photo.pk])
        assert citizen.get(url).status_code == 302
        assert no_perm_client.get(url).status_code == 403
        assert officer_b_client.get(url).status_code == 404
        assert officer_a_client.get(url).status_code == 200
        assert leader_client.get(url).status_code == 200


class TestCaseAdmin(ScopedAdminTestCase):
    model = Case
    matrix = {"officer": CASE_WORK, "commander": CASE_COMMAND, "leader": READ}
    changelist_queries = 15  # with the totals above the list (one aggregate)

    def make_row(self, ward):
        return factories.make_case(ward, title=f"Vụ trộm xe ở {ward.name}")

    def search_term(self, row):
        return row.number

    def make_listed_row(self, ward, n):
        case = factories.make_case(ward, officer_in_charge=base_factories.make_officer(ward))
        with scopes_disabled():
            services.link_tip_to_case(tip=factories.make_tip(ward), case=case, actor=None)
        return case


class TestSubjectAdmin(ScopedAdminTestCase):
    model = Subject
    matrix = {"officer": SUBJECT_WORK, "commander": SUBJECT_WORK, "leader": READ}
    changelist_queries = 12

    def make_row(self, ward):
        return factories.make_subject(factories.make_case(ward), full_name=f"Trần {ward.name}")

    def ward_of(self, row):
        return row.case.ward

    def search_term(self, row):
        return None  # searched by identity, which the generic search must not need

    def make_listed_row(self, ward, n):
        return factories.make_subject(factories.make_case(ward), offence=factories.category())
