"""`make_<model>(**overrides)` helpers of the tips tests. They go through the services (so the
data is what officers and citizens would make), run with scopes disabled and return saved rows."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from tips import services
from tips.models import Case, OffenceCategory, Subject, Tip


def category(code: str = "theft") -> OffenceCategory:
    """One of the categories the migration ships (theft, gambling, fraud, dispute, other, …)."""
    return OffenceCategory.objects.get(code=code)


def make_receipt(ward, **overrides: Any) -> services.Receipt:
    """A tip submitted through services.submit_tip (web channel, anonymous unless told)."""
    data: dict[str, Any] = {
        "ward": ward,
        "category": overrides.pop("category", None) or category(),
        "description": "Có người lạ bẻ khóa xe máy trong hẻm 12.",
        "channel": "web",
    } | overrides
    with scopes_disabled():
        return services.submit_tip(draft=services.TipDraft(**data))


def make_tip(ward, **overrides: Any) -> Tip:
    return make_receipt(ward, **overrides).tip


def make_case(ward, *, actor=None, **overrides: Any) -> Case:
    """A case opened through services.open_case."""
    data: dict[str, Any] = {
        "ward": ward,
        "actor": actor,
        "title": "Trộm cắp xe máy khu phố 1",
        "categories": [category()],
        "opened_on": timezone.localdate() - datetime.timedelta(days=10),
    } | overrides
    with scopes_disabled():
        return services.open_case(**data)


def make_subject(case: Case, *, actor=None, **overrides: Any) -> Subject:
    """A subject added through services.add_subject."""
    data: dict[str, Any] = {
        "case": case,
        "actor": actor,
        "full_name": "Nguyễn Văn Bê",
        "id_number": "079123456789",
        "address": "12 đường Lê Lợi",
        "birth_year": 1990,
    } | overrides
    with scopes_disabled():
        return services.add_subject(**data)


def reload(obj):
    """A fresh copy of `obj` from the database, whatever the scope."""
    with scopes_disabled():
        return type(obj)._base_manager.get(pk=obj.pk)


def make_open311_client(province, **overrides: Any):
    """An Open311 client registered through services.issue_open311_client; returns
    (client, api_key)."""
    data: dict[str, Any] = {"name": "Ứng dụng phản ánh của tỉnh", "province": province}
    data |= overrides
    with scopes_disabled():
        return services.issue_open311_client(actor=None, **data)


def make_photo(size=(40, 30)):
    """A photo as the services take it: checked and re-encoded by wardsec.photos."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from wardsec import photos

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="JPEG")
    upload = SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg")
    return photos.clean_photo(upload)


# --- Reading what happened ----------------------------------------------------------------------


def events(instance, **filters: Any) -> list[str]:
    """The audit events recorded about `instance`, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    from wardsec.models import AuditEntry

    with scopes_disabled():
        return list(
            AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(instance),
                object_id=str(instance.pk),
                **filters,
            )
            .order_by("id")
            .values_list("event", flat=True)
        )


def flash(response) -> list[str]:
    """The admin messages a response left for the next page."""
    from django.contrib.messages import get_messages

    return [str(message) for message in get_messages(response.wsgi_request)]


def ensure_catalogue() -> None:
    """Put back the offence catalogue the data migration ships when a transactional test (which
    flushes every table) has emptied it; a reused test database keeps that emptiness."""
    if OffenceCategory.objects.exists():
        return
    import importlib

    from django.apps import apps

    for migration in ("0002_offence_catalogue", "0006_offence_public_names"):
        importlib.import_module(f"tips.migrations.{migration}").forwards(apps, None)
