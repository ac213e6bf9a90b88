"""The campaigns' rules, held by the services whoever calls them (admin, API, demo): dates,
counts and money, the feedback workflow, the ward of every related row, and the audit entry
written with each change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from campaigns import services
from campaigns.models import (
    Broadcast,
    CharityHouse,
    Donation,
    FundContribution,
    GiftDistribution,
    OutreachPlan,
    OutreachSession,
)
from tests import factories as base_factories
from tests.campaigns import factories
from wardsec.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def refused(call, field: str, message: str) -> None:
    """`call()` is refused on `field` with `message`, and stores nothing."""
    with scopes_disabled():
        counts = [model.objects.count() for model in MODELS]
        audit = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        call()
    assert message in caught.value.message_dict[field], caught.value.message_dict
    with scopes_disabled():
        assert [model.objects.count() for model in MODELS] == counts
        assert AuditEntry.objects.count() == audit


MODELS = [
    OutreachPlan,
    OutreachSession,
    Broadcast,
    Donation,
    GiftDistribution,
    CharityHouse,
    FundContribution,
]


@pytest.mark.parametrize(
    ("make", "overrides", "field", "message"),
    [
        (
            factories.make_session,
            {"attendances": -1},
            "attendances",
            "Số lượt người không được âm.",
        ),
        (factories.make_session, {"leaflets": -10}, "leaflets", "Số lượng không được âm."),
        (factories.make_session, {"attendances": 10**7}, "attendances", "Số quá lớn."),
        (factories.make_session, {"held_on": TOMORROW}, "held_on", "Ngày không được ở tương lai."),
        (
            factories.make_session,
            {"held_on": datetime.date(1899, 12, 31)},
            "held_on",
            "Ngày không hợp lệ: trước năm 1900.",
        ),
        (
            factories.make_session,
            {"topics": []},
            "topics",
            "Hãy chọn ít nhất một nội dung tuyên truyền.",
        ),
        (factories.make_broadcast, {"airings": 0}, "airings", "Số lượt phát phải từ 1 trở lên."),
        (
            factories.make_broadcast,
            {"programme": "  "},
            "programme",
            "Hãy nhập chương trình, nội dung phát.",
        ),
        (
            factories.make_distribution,
            {"packages": 0},
            "packages",
            "Số phần quà phải từ 1 trở lên.",
        ),
        (factories.make_distribution, {"value_vnd": -1}, "value_vnd", "Số tiền không được âm."),
        (
            factories.make_distribution,
            {"beneficiary_group": None},
            "beneficiary_group",
            "Trường này là bắt buộc.",
        ),
        (
            factories.make_distribution,
            {"distributed_on": TOMORROW},
            "distributed_on",
            "Ngày không được ở tương lai.",
        ),
        (factories.make_house, {"value_vnd": -40_000_000}, "value_vnd", "Số tiền không được âm."),
        (factories.make_house, {"beneficiary": ""}, "beneficiary", "Hãy nhập hộ được nhận nhà."),
        (factories.make_contribution, {"amount_vnd": 0}, "amount_vnd", "Số tiền phải lớn hơn 0."),
        (factories.make_donation, {"cash_vnd": -5}, "cash_vnd", "Số tiền không được âm."),
        (
            factories.make_donation,
            {"cash_vnd": 0},
            "cash_vnd",
            "Hãy nhập số tiền mặt hoặc giá trị hiện vật.",
        ),
        (
            factories.make_donation,
            {"donor_kind": "anonymous", "donor_name": "Ông Ba"},
            "donor_name",
            "Nhà tài trợ giấu tên thì không ghi tên.",
        ),
        (
            factories.make_donation,
            {"donor_name": ""},
            "donor_name",
            "Hãy nhập tên nhà tài trợ (hoặc chọn “Giấu tên”).",
        ),
        (
            factories.make_donation,
            {"cash_vnd": 0, "in_kind_value_vnd": 5_000_000},
            "in_kind",
            "Hãy ghi hiện vật được tài trợ.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message(ward_a, make, overrides, field, message):
    refused(lambda: make(ward_a, **overrides), field, message)


def test_an_event_cannot_end_before_it_starts(ward_a):
    refused(
        lambda: factories.make_event(ward_a, ends_on=datetime.date(2020, 8, 18)),
        "ends_on",
        "Ngày kết thúc không được trước ngày bắt đầu.",
    )


def test_a_deadline_before_the_forum_is_refused(ward_a):
    event = factories.make_event(ward_a)
    refused(
        lambda: factories.make_feedback(ward_a, event=event, deadline=datetime.date(2020, 8, 1)),
        "deadline",
        "Hạn trả lời không được trước ngày tổ chức sự kiện.",
    )


def test_one_plan_per_ward_and_year(ward_a, ward_b):
    factories.make_plan(ward_a, year=2021)
    factories.make_plan(ward_b, year=2021)  # another ward's plan of the same year is its own
    refused(
        lambda: factories.make_plan(ward_a, year=2021),
        "year",
        "Phường đã có kế hoạch tuyên truyền của năm này.",
    )


def test_neighbourhoods_and_the_officer_must_be_the_wards(ward_a, ward_b):
    with scopes_disabled():
        elsewhere = base_factories.make_neighbourhood(ward_b)
    refused(
        lambda: factories.make_session(ward_a, neighbourhoods=[elsewhere]),
        "neighbourhoods",
        "Khu phố/ấp phải thuộc phường/xã của bản ghi.",
    )
    refused(
        lambda: factories.make_house(ward_a, neighbourhood=elsewhere),
        "neighbourhood",
        "Khu phố/ấp phải thuộc phường/xã của bản ghi.",
    )
    stranger = base_factories.make_officer(ward_b)
    refused(
        lambda: factories.make_session(ward_a, officer=stranger),
        "officer",
        "Cán bộ phụ trách phải là người đang công tác tại phường/xã này.",
    )


def test_an_officer_of_the_ward_a_merged_ward_went_into_may_be_in_charge(province):
    successor = base_factories.make_ward(province=province, name="Phường mới", code="WN")
    former = base_factories.make_ward(province=province, name="Phường cũ", code="WO")
    with scopes_disabled():
        former.merged_into, former.merged_on = successor, datetime.date(2025, 7, 1)
        former.save()
    officer = base_factories.make_officer(successor)
    session = factories.make_session(former, officer=officer)
    assert session.officer == officer


def test_text_is_stored_in_nfc_and_the_creation_is_audited(ward_a):
    decomposed = "Tuye\u0302n truye\u0302\u0300n"  # typed in NFD
    session = factories.make_session(ward_a, title=f"  {decomposed}  ")
    assert session.title == "Tuyên truyền"
    with scopes_disabled():
        entry = AuditEntry.objects.get(object_id=str(session.pk), event="outreach_session.recorded")
    assert entry.action == AuditAction.CREATE and entry.ward == ward_a
    assert entry.changes["attendances"] == [None, 40]


def test_money_is_whole_vnd(ward_a):
    contribution = factories.make_contribution(ward_a, amount_vnd=22_500_000)
    with scopes_disabled():
        stored = FundContribution.objects.get(pk=contribution.pk).amount_vnd
    assert stored == 22_500_000 and isinstance(stored, int)


# --- Feedback -----------------------------------------------------------------------------------


def test_answering_and_forwarding_close_an_item_once(ward_a):
    item = factories.make_feedback(ward_a)
    day = datetime.date(2020, 9, 1)
    with scopes_disabled():
        answered = services.answer_feedback(item=item, actor=None, answer="  Đã xử lý ", on=day)
        assert (answered.status, answered.answer, answered.answered_on) == (
            "answered",
            "Đã xử lý",
            day,
        )
        entry = AuditEntry.objects.filter(object_id=str(item.pk)).first()
        assert entry.event == "feedback_item.answered" and entry.changes["status"] == [
            "open",
            "answered",
        ]
    refused_twice = lambda: services.forward_feedback(  # noqa: E731
        item=item, actor=None, forwarded_to="UBND", on=day
    )
    with scopes_disabled():
        refused(refused_twice, "status", "Ý kiến này đã được trả lời hoặc chuyển đi.")
    other = factories.make_feedback(ward_a)
    with scopes_disabled():
        forwarded = services.forward_feedback(
            item=other, actor=None, forwarded_to="UBND phường", on=day
        )
    assert (forwarded.status, forwarded.forwarded_to) == ("forwarded", "UBND phường")


def test_an_answer_needs_text_and_a_day_not_in_the_future(ward_a):
    item = factories.make_feedback(ward_a)
    with scopes_disabled():
        refused(
            lambda: services.answer_feedback(
                item=item, actor=None, answer=" ", on=timezone.localdate()
            ),
            "answer",
            "Hãy nhập nội dung trả lời.",
        )
        refused(
            lambda: services.answer_feedback(
                item=item, actor=None, answer="Đã trả lời", on=TOMORROW
            ),
            "on",
            "Ngày không được ở tương lai.",
        )


def test_open_and_overdue(ward_a):
    today = timezone.localdate()
    overdue = factories.make_feedback(ward_a)
    due_today = factories.make_feedback(ward_a, deadline=today)
    with scopes_disabled():
        from campaigns.models import FeedbackItem

        assert set(FeedbackItem.objects.open()) == {overdue, due_today}
        assert list(FeedbackItem.objects.overdue()) == [overdue]
    assert overdue.is_overdue() and not due_today.is_overdue()
