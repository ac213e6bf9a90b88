"""`make_<record>(ward, **overrides)` helpers of the campaigns tests: everything through the
services, with scoping disabled (fixtures)."""

from __future__ import annotations

import datetime
import io
import itertools
from typing import Any

from django_scopes import scopes_disabled

from campaigns import services
from campaigns.catalogue import ensure_catalogue
from campaigns.models import BeneficiaryGroup, Fund, OutreachFormat, OutreachTopic, Partner

DAY = datetime.date(2021, 3, 15)
_numbers = itertools.count(1)


def row(model, code: str):
    with scopes_disabled():
        ensure_catalogue()
        return model.objects.get(code=code)


def _make(service, **values: Any):
    with scopes_disabled():
        return service(**values)


def make_session(ward, **overrides: Any):
    values = {
        "ward": ward,
        "actor": None,
        "held_on": DAY,
        "format": row(OutreachFormat, "meeting"),
        "topics": [row(OutreachTopic, "crime_prevention")],
        "attendances": 40,
        "title": f"Buổi tuyên truyền số {next(_numbers)}",
    }
    return _make(services.record_session, **(values | overrides))


def make_plan(ward, **overrides: Any):
    values = {
        "ward": ward,
        "actor": None,
        "year": 2000 + next(_numbers) % 900,
        "title": f"Kế hoạch tuyên truyền {ward.name}",
        "target_sessions": 120,
        "target_attendances": 4000,
        "target_broadcasts": 96,
    }
    return _make(services.set_plan, **(values | overrides))


def make_broadcast(ward, **overrides: Any):
    values = {
        "ward": ward,
        "actor": None,
        "aired_on": DAY,
        "programme": f"Tiếng loa ANTT số {next(_numbers)}",
        "airings": 3,
    }
    return _make(services.record_broadcast, **(values | overrides))


def make_event(ward, **overrides: Any):
    values = {
        "ward": ward,
        "actor": None,
        "kind": "forum",
        "held_on": datetime.date(2020, 8, 19),
        "title": f"Diễn đàn lắng nghe ý kiến Nhân dân {next(_numbers)}",
        "attendances": 120,
    }
    return _make(services.record_event, **(values | overrides))


def make_feedback(ward, event=None, **overrides: Any):
    event = event or make_event(ward)
    values = {
        "event": event,
        "actor": None,
        "content": f"Đề nghị lắp đèn đường hẻm số {next(_numbers)}",
        "responder": "Công an phường",
        "deadline": event.held_on + datetime.timedelta(days=30),
    }
    return _make(services.record_feedback, **(values | overrides))


def make_donation(ward, **overrides: Any):
    values = {
        "ward": ward,
        "actor": None,
        "received_on": DAY,
        "donor_kind": "organisation",
        "donor_name": f"Công ty Lúa gạo số {next(_numbers)}",
        "cash_vnd": 10_000_000,
    }
    return _make(services.record_donation, **(values | overrides))


def make_distribution(ward, **overrides: Any):
    values = {
        "ward": ward,
        "actor": None,
        "distributed_on": DAY,
        "packages": 50,
        "value_vnd": 10_000_000,
        "beneficiary_group": row(BeneficiaryGroup, "poor"),
        "occasion": f"Tết số {next(_numbers)}",
    }
    return _make(services.record_distribution, **(values | overrides))


def make_house(ward, **overrides: Any):
    values = {
        "ward": ward,
        "actor": None,
        "beneficiary": f"Hộ bà Lê Thị Mười {next(_numbers)}",
        "value_vnd": 40_000_000,
        "handed_over_on": DAY,
    }
    return _make(services.record_house, **(values | overrides))


def make_contribution(ward, **overrides: Any):
    values = {
        "ward": ward,
        "actor": None,
        "fund": row(Fund, "gratitude"),
        "amount_vnd": 5_000_000,
        "contributed_on": DAY,
        "note": f"Đóng góp số {next(_numbers)}",
    }
    return _make(services.record_contribution, **(values | overrides))


def partner(code: str = "youth_union") -> Partner:
    return row(Partner, code)


def make_photo(size=(40, 30)):
    """A photo as the services take it: checked and re-encoded by wardsec.photos."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from wardsec import photos

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="JPEG")
    upload = SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg")
    return photos.clean_photo(upload)


def jpeg_upload(name: str = "buoi.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 30, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
