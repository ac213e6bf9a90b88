"""Every workflow step of a tip, its rules, its audit entry and its side effects."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from django_scopes import scopes_disabled

from tests import factories
from tests.tips import factories as tip_factories
from tests.tips.conftest import submit
from tips import codes, services
from tips.choices import (
    CaseStatus,
    MessageKind,
    SubjectOutcome,
    TipOutcome,
    TipStatus,
    TriageDecision,
)
from tips.models import Tip
from wardsec import attachments, outbox
from wardsec.models import AuditEntry, OutboxMessage
from wardsec.sensitive import CHANGED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


def events(instance) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(instance.pk))
        .order_by("id")
        .values_list("event", flat=True)
    )


class TestSubmit:
    def test_anonymous_tip_gets_code_pin_audit_and_outbox(self, ward_a, theft):
        receipt = submit(ward_a, theft, description="  Trộm xe  ")
        tip = receipt.tip
        assert receipt.created and receipt.pin and len(receipt.pin) == codes.PIN_LENGTH
        assert codes.normalise_code(receipt.display_code) == receipt.code
        assert tip.code_digest == codes.code_digest(receipt.code)
        assert tip.is_anonymous and not tip.has_contact()
        assert tip.pin_hash.startswith(codes.PIN_SCHEME) and receipt.pin not in tip.pin_hash
        assert tip.description == "Trộm xe"
        year = timezone.localtime(tip.received_at).year
        assert tip.reference == str(tip) == f"TB-{year}-{tip.pk:06d}"
        assert Tip.objects.get(pk=tip.pk).reference == tip.reference
        entry = AuditEntry.objects.get(object_id=str(tip.pk), event="tip.submit")
        assert entry.actor is None and entry.actor_label == services.ANONYMOUS_CITIZEN
        assert entry.object_repr == tip.reference
        assert entry.changes["pin_hash"] == entry.changes["description"] == [None, CHANGED]
        assert "idempotency_key" not in entry.changes
        assert OutboxMessage.objects.filter(kind="tips.new_tip", ward=ward_a).count() == 1

    def test_the_code_and_pin_are_stored_nowhere(self, ward_a, theft):
        """Not in the tip's row, not in the audit log: only keyed digests."""
        contact = services.Contact(name="Chị Hoa", phone="0909 123 456", email="hoa@example.vn")
        receipt = submit(ward_a, theft, contact=contact, location_text="Hẻm 12")
        row = str(list(Tip.objects.filter(pk=receipt.tip.pk).values_list()))
        assert receipt.code not in row and receipt.display_code not in row
        assert receipt.pin not in row.replace(receipt.tip.pin_hash, "")
        log = str(list(AuditEntry.objects.values_list("object_repr", "changes", "note")))
        for secret in (receipt.code, receipt.display_code, receipt.tip.pin_hash, "Chị Hoa"):
            assert secret not in log
        for clear in ("0909 123 456", "hoa@example.vn", "Hẻm 12", "bẻ khóa xe máy"):
            assert clear not in log
        assert CHANGED in log

    def test_another_key_finds_nothing(self, receipt_a, settings):
        """The digests are keyed: the database alone does not confirm a code or a PIN."""
        settings.WARDSEC_CODE_KEY = "another-key"
        assert services.find_tip_for_citizen(code=receipt_a.code, pin=receipt_a.pin) is None

    def test_text_is_normalised_to_nfc(self, ward_a, theft):
        decomposed = "Tro\u0302\u0301m ca\u0306\u0301p"  # "Trốm cắp" typed in NFD
        tip = submit(ward_a, theft, description=decomposed).tip
        assert tip.description == "Tr\u1ed1m c\u1eafp"

    def test_contact_makes_it_named(self, ward_a, theft):
        tip = submit(ward_a, theft, contact=services.Contact(phone="0909 123 456")).tip
        assert not tip.is_anonymous and tip.contact_phone == "0909 123 456"

    def test_same_idempotency_key_returns_the_first_tip(self, ward_a, theft):
        key = uuid.uuid4()
        first = submit(ward_a, theft, idempotency_key=key)
        second = submit(ward_a, theft, idempotency_key=key)
        assert second.tip.pk == first.tip.pk and not second.created and second.pin is None
        assert second.code is None and second.display_code == ""
        assert Tip.objects.count() == 1

    def test_ward_not_accepting_tips_is_refused_for_the_web(self, ward_a, theft):
        ward_a.accepts_public_tips = False
        ward_a.save()
        with pytest.raises(ValidationError) as exc:
            submit(ward_a, theft)
        assert "không nhận tin báo" in str(exc.value)
        assert not Tip.objects.exists()
        # An officer may still enter a hotline call for it.
        assert submit(ward_a, theft, channel="hotline", issue_pin=False).tip.pin_hash == ""

    def test_neighbourhood_of_another_ward_is_refused(self, ward_a, ward_b, theft):
        elsewhere = factories.make_neighbourhood(ward_b)
        with pytest.raises(ValidationError):
            submit(ward_a, theft, neighbourhood=elsewhere)
        assert not Tip.objects.exists() and not AuditEntry.objects.filter(event="tip.submit")

    def test_empty_description_is_refused(self, ward_a, theft):
        with pytest.raises(ValidationError):
            submit(ward_a, theft, description="   ")
        assert not Tip.objects.exists()


class TestPhotos:
    def test_stored_as_platform_attachments_under_the_tips_folder(self, ward_a, theft):
        tip = submit(ward_a, theft, photos=[tip_factories.make_photo()]).tip
        [photo] = tip.attachments.all()
        assert isinstance(photo, attachments.Attachment)
        assert photo.file.name == f"tip-photos/{photo.stored_name[:2]}/{photo.stored_name}"
        assert photo.message is None and photo.content_type == "image/jpeg"

    def test_a_failed_submission_leaves_no_file(self, ward_a, theft, monkeypatch):
        seen: list[str] = []
        real_store = attachments.store

        def store(attachment, photo, *, written):
            stored = real_store(attachment, photo, written=written)
            seen.extend(written)
            return stored

        monkeypatch.setattr(attachments, "store", store)
        monkeypatch.setattr(outbox, "enqueue", lambda **kwargs: 1 / 0)  # after the photo
        with pytest.raises(ZeroDivisionError):
            submit(ward_a, theft, photos=[tip_factories.make_photo()])
        assert seen and not default_storage.exists(seen[0])
        assert not Tip.objects.exists()


class TestTriage:
    def test_accept(self, tip_a, officer_a):
        services.triage_tip(tip=tip_a, actor=officer_a, decision=TriageDecision.ACCEPT)
        tip_a.refresh_from_db()
        assert tip_a.status == TipStatus.IN_PROGRESS and tip_a.triaged_at
        entry = AuditEntry.objects.get(event="tip.triage.accept")
        assert entry.actor == officer_a and entry.actor_role == "officer"
        assert entry.changes["status"] == [TipStatus.NEW, TipStatus.IN_PROGRESS]

    def test_triage_twice_is_refused(self, tip_a, officer_a):
        services.triage_tip(tip=tip_a, actor=officer_a, decision=TriageDecision.SPAM)
        with pytest.raises(ValidationError):
            services.triage_tip(tip=tip_a, actor=officer_a, decision=TriageDecision.ACCEPT)
        tip_a.refresh_from_db()
        assert tip_a.status == TipStatus.SPAM

    def test_duplicate_of_a_tip_of_the_same_ward(self, ward_a, theft, tip_a, officer_a):
        original = submit(ward_a, theft).tip
        services.triage_tip(
            tip=tip_a, actor=officer_a, decision=TriageDecision.DUPLICATE, duplicate_of=original
        )
        tip_a.refresh_from_db()
        assert tip_a.status == TipStatus.DUPLICATE and tip_a.duplicate_of == original

    @pytest.mark.parametrize("which", ["itself", "other_ward", "missing"])
    def test_duplicate_needs_another_tip_of_the_ward(self, which, tip_a, tip_b, officer_a):
        target = {"itself": tip_a, "other_ward": tip_b, "missing": None}[which]
        with pytest.raises(ValidationError):
            services.triage_tip(
                tip=tip_a, actor=officer_a, decision=TriageDecision.DUPLICATE, duplicate_of=target
            )
        tip_a.refresh_from_db()
        assert tip_a.status == TipStatus.NEW and tip_a.duplicate_of is None

    def test_transfer_moves_the_tip_and_notifies_the_other_ward(
        self, tip_a, ward_a, ward_b, officer_a
    ):
        services.triage_tip(
            tip=tip_a, actor=officer_a, decision=TriageDecision.TRANSFER, transfer_to=ward_b
        )
        tip_a.refresh_from_db()
        assert tip_a.ward == ward_b and tip_a.transferred_from == ward_a
        assert tip_a.status == TipStatus.NEW
        wards = set(AuditEntry.objects.filter(event="tip.transfer").values_list("ward", flat=True))
        assert wards == {ward_a.pk, ward_b.pk}
        assert OutboxMessage.objects.filter(kind="tips.new_tip", ward=ward_b).exists()

    def test_transfer_to_the_same_ward_is_refused(self, tip_a, ward_a, officer_a):
        with pytest.raises(ValidationError):
            services.triage_tip(
                tip=tip_a, actor=officer_a, decision=TriageDecision.TRANSFER, transfer_to=ward_a
            )

    def test_unknown_decision_is_refused(self, tip_a, officer_a):
        with pytest.raises(ValidationError):
            services.triage_tip(tip=tip_a, actor=officer_a, decision="burn")


class TestAssignReplyNote:
    def test_assign_accepts_and_notifies(self, tip_a, officer_a, commander_a):
        services.assign_tip(tip=tip_a, assignee=officer_a, actor=commander_a)
        tip_a.refresh_from_db()
        assert tip_a.assignee == officer_a and tip_a.status == TipStatus.IN_PROGRESS
        assert OutboxMessage.objects.filter(kind="tips.assigned").count() == 1
        assert "tip.assign" in events(tip_a)

    def test_assign_to_an_officer_of_another_ward_is_refused(self, tip_a, officer_b, commander_a):
        with pytest.raises(ValidationError):
            services.assign_tip(tip=tip_a, assignee=officer_b, actor=commander_a)
        tip_a.refresh_from_db()
        assert tip_a.assignee is None

    def test_assign_to_an_officer_of_the_successor_ward(self, ward_a, theft, officer_b, ward_b):
        ward_a.merged_into, ward_a.merged_on = ward_b, datetime.date(2025, 7, 1)
        ward_a.save()
        tip = submit(ward_a, theft, channel="hotline").tip
        services.assign_tip(tip=tip, assignee=officer_b, actor=officer_b)
        assert tip.assignee == officer_b

    def test_reply_is_public_and_note_is_internal(self, tip_a, officer_a):
        services.reply_to_tipster(tip=tip_a, actor=officer_a, body="Đã nhận, đang xác minh.")
        services.add_internal_note(tip=tip_a, actor=officer_a, body="Nghi đối tượng X.")
        public = list(tip_a.messages.public().values_list("body", flat=True))
        assert public == ["Đã nhận, đang xác minh."]
        assert tip_a.messages.filter(kind=MessageKind.INTERNAL_NOTE).count() == 1
        assert AuditEntry.objects.filter(event="tip.message.internal_note").exists()

    def test_empty_reply_is_refused(self, tip_a, officer_a):
        with pytest.raises(ValidationError):
            services.reply_to_tipster(tip=tip_a, actor=officer_a, body="  ")
        assert not tip_a.messages.exists()

    def test_citizen_information_stores_nothing_about_the_sender(self, tip_a):
        message = services.add_citizen_information(tip=tip_a, body="Biển số 62B1-123.45")
        assert message.author is None and message.kind == MessageKind.CITIZEN
        entry = AuditEntry.objects.get(event="tip.message.citizen")
        assert entry.actor is None and entry.actor_label == services.ANONYMOUS_CITIZEN
        assert OutboxMessage.objects.filter(kind="tips.citizen_added").exists()


class TestCasesAndClosing:
    def make_case(self, ward, officer, category, tips=()):
        return services.open_case(
            ward=ward,
            actor=officer,
            title="Trộm xe máy",
            categories=[category],
            opened_on=datetime.date(2021, 3, 1),
            tips=list(tips),
        )

    def test_case_numbering_and_linking(self, ward_a, tip_a, officer_a, theft):
        case = self.make_case(ward_a, officer_a, theft, [tip_a])
        second = self.make_case(ward_a, officer_a, theft)
        assert (case.number, second.number) == ("VV-2021-001", "VV-2021-002")
        tip_a.refresh_from_db()
        assert tip_a.case == case and tip_a.status == TipStatus.IN_PROGRESS
        assert "case.open" in events(case) and "tip.link_case" in events(tip_a)

    def test_linking_a_tip_to_another_wards_case_is_refused(
        self, ward_b, tip_a, officer_b, officer_a, theft
    ):
        case_b = self.make_case(ward_b, officer_b, theft)
        with pytest.raises(ValidationError):
            services.link_tip_to_case(tip=tip_a, case=case_b, actor=officer_a)
        tip_a.refresh_from_db()
        assert tip_a.case is None

    def test_case_needs_a_category(self, ward_a, officer_a):
        with pytest.raises(ValidationError):
            services.open_case(ward=ward_a, actor=officer_a, title="X", categories=[])

    def test_clarify_then_close_with_case_outcome(self, ward_a, tip_a, officer_a, theft):
        case = self.make_case(ward_a, officer_a, theft, [tip_a])
        with pytest.raises(ValidationError):  # not clarified yet
            services.close_tip(tip=tip_a, actor=officer_a, outcome=TipOutcome.CASE_CLARIFIED)
        with pytest.raises(ValidationError):  # before it was opened
            services.clarify_case(
                case=case, actor=officer_a, clarified_on=datetime.date(2021, 2, 1)
            )
        with pytest.raises(ValidationError):  # in the future
            services.clarify_case(
                case=case,
                actor=officer_a,
                clarified_on=timezone.localdate() + datetime.timedelta(days=2),
            )
        services.clarify_case(case=case, actor=officer_a, clarified_on=datetime.date(2021, 4, 1))
        assert case.status == CaseStatus.CLARIFIED
        services.close_tip(tip=tip_a, actor=officer_a, outcome=TipOutcome.CASE_CLARIFIED)
        tip_a.refresh_from_db()
        assert tip_a.status == TipStatus.CLOSED and tip_a.closed_at
        with pytest.raises(ValidationError):
            services.close_tip(tip=tip_a, actor=officer_a, outcome=TipOutcome.RESOLVED)

    def test_close_needs_a_known_outcome(self, tip_a, officer_a):
        with pytest.raises(ValidationError):
            services.close_tip(tip=tip_a, actor=officer_a, outcome="")
        tip_a.refresh_from_db()
        assert tip_a.status == TipStatus.NEW

    def test_subjects_identity_read_is_audited_and_needs_permission(
        self, ward_a, officer_a, province_leader, theft
    ):
        case = self.make_case(ward_a, officer_a, theft)
        subject = services.add_subject(
            case=case,
            actor=officer_a,
            full_name="Lê Văn Tèo",
            birth_year=1990,
            id_number="080090001234",
        )
        add_entry = AuditEntry.objects.get(event="subject.add")
        assert "Tèo" not in str(add_entry.changes) and "080090001234" not in str(add_entry.changes)
        identity = services.read_subject_identity(subject=subject, actor=officer_a)
        assert identity["full_name"] == "Lê Văn Tèo"
        assert AuditEntry.objects.filter(event="subject.identity.read", actor=officer_a).exists()
        with pytest.raises(PermissionError):
            services.read_subject_identity(subject=subject, actor=province_leader)
        services.record_subject_outcome(
            subject=subject,
            actor=officer_a,
            outcome=SubjectOutcome.ADMIN_SANCTION,
            outcome_on=datetime.date(2021, 4, 2),
        )
        with pytest.raises(ValidationError):
            services.record_subject_outcome(
                subject=subject,
                actor=officer_a,
                outcome=SubjectOutcome.PENDING,
                outcome_on=datetime.date(2021, 4, 2),
            )

    def test_unknown_subject_field_is_a_programming_error(self, ward_a, officer_a, theft):
        case = self.make_case(ward_a, officer_a, theft)
        with pytest.raises(TypeError):
            services.add_subject(case=case, actor=officer_a, full_name="X", nickname="Y")

    def test_refer_to_mediation_sends_the_hook(self, tip_a, officer_a):
        received = []

        def receiver(sender, tip, actor, note, **kwargs):
            received.append((tip.pk, actor, note))

        services.tip_referred_to_mediation.connect(receiver)
        try:
            services.refer_tip_to_mediation(tip=tip_a, actor=officer_a, note="Tranh chấp đất")
        finally:
            services.tip_referred_to_mediation.disconnect(receiver)
        assert received == [(tip_a.pk, officer_a, "Tranh chấp đất")]
        tip_a.refresh_from_db()
        assert tip_a.status == TipStatus.MEDIATION


class TestSubjectCorrection:
    @pytest.fixture
    def subject(self, ward_a, officer_a):
        return tip_factories.make_subject(tip_factories.make_case(ward_a, actor=officer_a))

    def test_corrects_the_identity_and_logs_which_fields_not_their_values(
        self, subject, officer_a, theft
    ):
        services.correct_subject(
            subject=subject, actor=officer_a, full_name="  Nguyễn Văn Bé ", offence=theft
        )
        subject.refresh_from_db()
        assert subject.full_name == "Nguyễn Văn Bé" and subject.offence == theft
        entry = AuditEntry.objects.get(event="subject.change")
        assert entry.action == "update" and entry.actor == officer_a
        assert entry.changes["full_name"] == [CHANGED, CHANGED]
        assert entry.changes["offence"] == [None, theft.pk]
        assert "Bé" not in str(entry.changes)

    def test_nothing_changed_nothing_logged(self, subject, officer_a):
        services.correct_subject(subject=subject, actor=officer_a, full_name=subject.full_name)
        assert not AuditEntry.objects.filter(event="subject.change").exists()

    def test_a_birth_year_to_come_is_refused(self, subject, officer_a):
        year = timezone.localdate().year + 1
        with pytest.raises(ValidationError) as caught:
            services.correct_subject(subject=subject, actor=officer_a, birth_year=year)
        assert list(caught.value.message_dict) == ["birth_year"]
        subject.refresh_from_db()
        assert subject.birth_year == 1990

    @pytest.mark.parametrize("field", ["case", "outcome", "nickname"])
    def test_only_the_offence_and_identity_are_corrected_here(self, subject, officer_a, field):
        with pytest.raises(TypeError):
            services.correct_subject(subject=subject, actor=officer_a, **{field: None})


class TestContact:
    def test_contact_read_is_audited(self, ward_a, theft, officer_a, province_leader):
        tip = submit(ward_a, theft, contact=services.Contact(name="Chị Hoa")).tip
        assert services.read_tipster_contact(tip=tip, actor=officer_a).name == "Chị Hoa"
        assert AuditEntry.objects.filter(event="tip.contact.read").count() == 1
        with pytest.raises(PermissionError):
            services.read_tipster_contact(tip=tip, actor=province_leader)

    def test_anonymous_tip_has_no_contact_to_read(self, tip_a, officer_a):
        assert services.read_tipster_contact(tip=tip_a, actor=officer_a) == services.Contact()
        assert not AuditEntry.objects.filter(event="tip.contact.read").exists()


class TestCitizenLookup:
    def test_right_code_and_pin(self, receipt_a):
        typed = receipt_a.display_code.lower().replace("-", " ")
        assert services.find_tip_for_citizen(code=typed, pin=receipt_a.pin) == receipt_a.tip

    def test_wrong_pin_and_wrong_code_answer_alike(self, receipt_a):
        wrong_pin = "000000" if receipt_a.pin != "000000" else "111111"
        assert services.find_tip_for_citizen(code=receipt_a.display_code, pin=wrong_pin) is None
        assert services.find_tip_for_citizen(code="AAAAA-BBBBB-CCCCC", pin=receipt_a.pin) is None

    def test_lockout_after_repeated_failures(self, receipt_a, settings):
        settings.WARDSEC_PIN_MAX_FAILURES = 3
        wrong = "000000" if receipt_a.pin != "000000" else "111111"
        for _ in range(2):
            assert services.find_tip_for_citizen(code=receipt_a.display_code, pin=wrong) is None
        with pytest.raises(services.LookupLockedError):
            services.find_tip_for_citizen(code=receipt_a.display_code, pin=wrong)
        # Locked: even the right PIN is refused until the lock expires.
        with pytest.raises(services.LookupLockedError):
            services.find_tip_for_citizen(code=receipt_a.display_code, pin=receipt_a.pin)
        Tip.objects.filter(pk=receipt_a.tip.pk).update(
            pin_locked_until=timezone.now() - datetime.timedelta(seconds=1)
        )
        assert services.find_tip_for_citizen(code=receipt_a.display_code, pin=receipt_a.pin)

    def test_unknown_code_locks_alike(self, db, settings):
        settings.WARDSEC_PIN_MAX_FAILURES = 2
        assert services.find_tip_for_citizen(code="AAAAA-BBBBB-CCCCC", pin="123456") is None
        with pytest.raises(services.LookupLockedError):
            services.find_tip_for_citizen(code="AAAAA-BBBBB-CCCCC", pin="123456")

    def test_tip_without_pin_cannot_be_looked_up(self, ward_a, theft):
        receipt = submit(ward_a, theft, channel="hotline", issue_pin=False)
        assert services.find_tip_for_citizen(code=receipt.code, pin="") is None

    def test_a_pin_hashed_the_old_way_works_once_then_is_upgraded(self, receipt_a):
        """A tip stored before the keyed digest (Django's password hash of the PIN alone)."""
        from django.contrib.auth.hashers import make_password

        old = make_password(receipt_a.pin)
        Tip.objects.filter(pk=receipt_a.tip.pk).update(pin_hash=old)
        wrong = "000000" if receipt_a.pin != "000000" else "111111"
        assert services.find_tip_for_citizen(code=receipt_a.code, pin=wrong) is None
        assert Tip.objects.get(pk=receipt_a.tip.pk).pin_hash == old  # no upgrade on failure
        assert services.find_tip_for_citizen(code=receipt_a.code, pin=receipt_a.pin)
        upgraded = Tip.objects.get(pk=receipt_a.tip.pk)
        assert upgraded.pin_hash == codes.pin_digest(receipt_a.code, receipt_a.pin)
        assert upgraded.pin_failed_attempts == 0
        assert services.find_tip_for_citizen(code=receipt_a.code, pin=receipt_a.pin)
        assert services.find_tip_for_citizen(code=receipt_a.code, pin=wrong) is None

    @pytest.mark.parametrize("real", [True, False], ids=["real code", "unknown code"])
    def test_the_lock_ends_at_a_fixed_time_for_any_code(self, receipt_a, settings, real):
        """Asked again while locked, a code answers with the same end: an unknown code's lock
        does not slide with each attempt (that told which codes exist)."""
        settings.WARDSEC_PIN_MAX_FAILURES = 2
        code = receipt_a.code if real else "AAAAA-BBBBB-CCCCC"
        wrong = "000000" if receipt_a.pin != "000000" else "111111"
        assert services.find_tip_for_citizen(code=code, pin=wrong) is None
        ends = []
        for _ in range(3):
            with pytest.raises(services.LookupLockedError) as locked:
                services.find_tip_for_citizen(code=code, pin=wrong)
            ends.append(locked.value.until)
        assert ends[0] == ends[1] == ends[2]
        window = datetime.timedelta(minutes=settings.WARDSEC_PIN_LOCK_MINUTES)
        assert abs(ends[0] - (timezone.now() + window)) < datetime.timedelta(seconds=5)

    @pytest.mark.parametrize("real", [True, False], ids=["real code", "unknown code"])
    def test_failures_older_than_the_window_are_forgotten_alike(self, receipt_a, settings, real):
        settings.WARDSEC_PIN_MAX_FAILURES = 2
        settings.WARDSEC_PIN_LOCK_MINUTES = 30
        code = receipt_a.code if real else "AAAAA-BBBBB-CCCCC"
        wrong = "000000" if receipt_a.pin != "000000" else "111111"
        assert services.find_tip_for_citizen(code=code, pin=wrong) is None
        if real:
            Tip.objects.filter(pk=receipt_a.tip.pk).update(
                pin_failed_at=timezone.now() - datetime.timedelta(minutes=31)
            )
        else:
            from django.core.cache import cache

            cache.delete(f"tips:lookup:n:{codes.code_digest(codes.normalise_code(code))[:32]}")
        assert services.find_tip_for_citizen(code=code, pin=wrong) is None


class TestCodes:
    def test_codes_are_long_unambiguous_and_distinct(self):
        made = {codes.new_tracking_code() for _ in range(2000)}
        assert len(made) == 2000
        assert all(len(c) == codes.CODE_LENGTH for c in made)
        assert not set("".join(made)) & set("01OILU")

    def test_references_are_read_however_typed(self):
        assert codes.reference(2021, 123) == "TB-2021-000123"
        for typed in ("TB-2021-000123", "tb 2021 123", " Tb-2021-0000123 ", "TB2021000123"):
            assert codes.normalise_reference(typed) == "TB-2021-000123", typed
        for typed in ("TB-21-123", "XX-2021-123", "K7M2Q-X9RTA-HB4WN", ""):
            assert codes.normalise_reference(typed) is None, typed

    def test_normalise(self):
        code = codes.new_tracking_code()
        assert codes.normalise_code(codes.format_code(code).lower()) == code
        assert codes.normalise_code("O" * 15) is None
        assert codes.normalise_code("ABC") is None


def test_overdue_queries(ward_a, theft, settings):
    settings.WARDSEC_TIP_TRIAGE_HOURS = 24
    old = submit(ward_a, theft, received_at=timezone.now() - datetime.timedelta(hours=30)).tip
    fresh = submit(ward_a, theft).tip
    with scopes_disabled():
        assert list(Tip.objects.overdue()) == [old]
        assert old.is_overdue() and not fresh.is_overdue()
        assert list(Tip.objects.queue_order())[0] == old


# --- Parallel guesses -------------------------------------------------------------------------


def _guess_in_parallel(code: str, pins: list[str]) -> list[str]:
    """Each PIN tried at the same moment from its own thread (and database connection)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    start = threading.Barrier(len(pins))

    def guess(pin: str) -> str:
        start.wait()
        try:
            found = services.find_tip_for_citizen(code=code, pin=pin)
            return "found" if found else "wrong"
        except services.LookupLockedError:
            return "locked"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(pins)) as pool:
        return list(pool.map(guess, pins))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("real", [True, False], ids=["real code", "unknown code"])
def test_parallel_wrong_pins_lock_at_the_limit(ward_a, settings, real):
    """40 wrong PINs at once used to be all "wrong, not locked", and the right PIN was taken
    after them. Now the count is atomic: exactly WARDSEC_PIN_MAX_FAILURES - 1 are "wrong",
    the others "locked", then the right PIN too — for a real code and an unknown one alike."""
    from django.db import connection

    from tests.conftest import require_service
    from tests.tips.factories import category, ensure_catalogue

    require_service(connection.vendor == "postgresql", "row locks need PostgreSQL")
    settings.WARDSEC_PIN_MAX_FAILURES = 5
    ensure_catalogue()  # an earlier transactional test flushed it
    receipt = submit(ward_a, category("theft"))
    code = receipt.display_code if real else "AAAAA-BBBBB-CCCCC"
    wrong = "000000" if receipt.pin != "000000" else "111111"
    answers = _guess_in_parallel(code, [wrong] * 40)
    assert answers.count("wrong") == 4, answers
    assert answers.count("locked") == 36, answers
    with pytest.raises(services.LookupLockedError):
        services.find_tip_for_citizen(code=code, pin=receipt.pin)
