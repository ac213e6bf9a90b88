"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): other systems submit tips and
follow their status. JSON and XML.

- `discovery`, `services` and a service's definition are public: the offence catalogue.
- `requests` (POST) creates a tip through `services.submit_tip`, for an active client whose
  `api_key` matches; `jurisdiction_id` is the code of a ward of the client's province that
  takes tips from the public.
- `requests` (GET), a single request and `tokens` need the key too, and show only what that
  client submitted, and of it only the public status: never the tipster, the description, the
  officers' notes or replies.

Errors follow the spec: `[{"code": 400, "description": "…"}]` (XML `<errors><error>…`), with the
same HTTP status: 400 bad input, 403 bad key, 404 unknown, 405 wrong method, 429 too many.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import URLValidator
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from tips import choices, codes, models, services
from wards import models as wards_models
from wardsec import ratelimit
from wardsec.scoping import public_scope

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# XML element of each item of a list, by the element that holds the list.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
}
DEFAULT_WINDOW = datetime.timedelta(days=90)
MAX_REQUESTS = 1000
MAX_DESCRIPTION = 5000
MAX_KEY_LENGTH = 128
MAX_LIST_ITEMS = 100
POST_RATE = "60/m"
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Open311Error(Exception):
    """An answer in the spec's error format: HTTP `status` and one or more descriptions."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = list(descriptions)


# --- Rendering --------------------------------------------------------------------------------


def _xml_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _XML_FORBIDDEN.sub("", str(value))


def _fill(element: ET.Element, value: Any) -> None:
    """Write `value` into `element`: a dict as child elements, a list as items (named after
    the holder: <services><service>…), anything else as text."""
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item)
    elif isinstance(value, list):
        for item in value:
            _fill(ET.SubElement(element, ITEM_NAMES.get(element.tag, "item")), item)
    else:
        element.text = _xml_text(value)


def render(data: Any, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """`data` as JSON, or as XML under the element `root`, in UTF-8."""
    if fmt == "xml":
        element = ET.Element(root)
        _fill(element, data)
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, "unicode")
    else:
        body = json.dumps(data, ensure_ascii=False)
    return HttpResponse(body, content_type=CONTENT_TYPES[fmt], status=status)


def _error_response(error: Open311Error, fmt: str) -> HttpResponse:
    data = [{"code": error.status, "description": text} for text in error.descriptions]
    return render(data, fmt, "errors", status=error.status)


def endpoint(*methods: str) -> Callable:
    """An Open311 view: the format (json or xml) checked, the method checked, and every
    refusal answered in the spec's error format. Keys, not cookies, authenticate: no CSRF."""
    allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            if fmt not in CONTENT_TYPES:
                return _error_response(Open311Error(404, _("Chỉ hỗ trợ .json và .xml.")), "json")
            try:
                if request.method not in allowed:
                    raise Open311Error(405, _("Phương thức không được hỗ trợ ở địa chỉ này."))
                return view(request, fmt, **kwargs)
            except Open311Error as error:
                response = _error_response(error, fmt)
                if error.status == 405:
                    response["Allow"] = ", ".join(sorted(allowed))
                return response

        return wrapper

    return decorate


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Anything else under /open311/v2/."""
    return _error_response(Open311Error(404, _("Không có tài nguyên Open311 này.")), "json")


# --- Reading the request ----------------------------------------------------------------------


def _iso(moment: datetime.datetime | None) -> str | None:
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _form_data(request: HttpRequest) -> QueryDict:
    """The POSTed form, or a 400 when the body is not one."""
    content_type = request.content_type or ""
    if request.method == "POST" and content_type not in FORM_TYPES:
        raise Open311Error(
            400, _("Hãy gửi dữ liệu dạng application/x-www-form-urlencoded (theo chuẩn Open311).")
        )
    try:
        return request.POST
    except (MultiPartParserError, SuspiciousOperation, OSError) as exc:
        raise Open311Error(400, _("Không đọc được nội dung yêu cầu.")) from exc


def _client(request: HttpRequest) -> models.Open311Client:
    """The active client whose `api_key` the request carries, or a 403."""
    key = request.GET.get("api_key") or ""
    if request.method == "POST":
        key = _form_data(request).get("api_key") or key
    client = services.find_open311_client(key) if len(key) <= MAX_KEY_LENGTH else None
    if client is None:
        raise Open311Error(403, _("Khóa API (api_key) không đúng hoặc đã bị thu hồi."))
    return client


def _category(code: str) -> models.OffenceCategory:
    category = models.OffenceCategory.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(
            404, _("Không có loại tin báo (service_code) “%(code)s”.") % {"code": code}
        )
    return category


# --- Discovery and services -------------------------------------------------------------------


def _changeset() -> str | None:
    return _iso(models.OffenceCategory.objects.aggregate(latest=Max("updated_at"))["latest"])


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """Where the endpoint is, which formats it speaks and whom to ask for a key."""
    base = request.build_absolute_uri(reverse("open311:discovery", args=[fmt])).rsplit("/", 1)[0]
    changeset = _changeset()
    data = {
        "changeset": changeset,
        "contact": _("Công an phường/xã nơi xảy ra sự việc, qua đường dây nóng của phường/xã."),
        "key_service": _("Khóa API do quản trị viên hệ thống cấp cho từng tỉnh/thành phố."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base + "/",
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(data, fmt, "discovery")


def _service(category: models.OffenceCategory, language: str) -> dict[str, Any]:
    article = category.penal_code_article
    keywords = [category.code] + ([_("Điều %(article)s") % {"article": article}] if article else [])
    return {
        "service_code": category.code,
        "service_name": category.display_name(language),
        "description": category.description or str(category),
        "metadata": False,
        "type": "realtime",
        "keywords": ", ".join(keywords),
        "group": _("Tội phạm (Bộ luật Hình sự 2015)") if article else _("An ninh, trật tự"),
    }


@endpoint("GET")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    """The kinds of tip one may submit: the active offence categories."""
    language = get_language() or "vi"
    data = [_service(c, language) for c in models.OffenceCategory.objects.filter(is_active=True)]
    return render(data, fmt, "services")


@endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    """A service asks for no extra attributes."""
    category = _category(service_code)
    return render({"service_code": category.code, "attributes": []}, fmt, "service_definition")


# --- Submitting a request ---------------------------------------------------------------------

NUL_MESSAGE = gettext_lazy("Không được chứa ký tự NUL.")


def _text(max_length: int, required: bool = False) -> forms.CharField:
    return forms.CharField(
        max_length=max_length,
        required=required,
        error_messages={"null_characters_not_allowed": NUL_MESSAGE},
    )


class ServiceRequestForm(forms.Form):
    """The fields of a GeoReport v2 POST that WardSec uses; their shape only."""

    jurisdiction_id = _text(8, required=True)
    service_code = _text(40, required=True)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    long = forms.FloatField(required=False, min_value=-180, max_value=180)
    address_string = _text(255)
    address_id = _text(255)
    description = _text(MAX_DESCRIPTION, required=True)
    first_name = _text(60)
    last_name = _text(59)
    phone = forms.CharField(required=False, max_length=32)  # the rule is the service's
    email = forms.EmailField(required=False, max_length=254)
    media_url = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # The spec asks for a place; both-or-neither coordinates is the service's rule.
        has_place = data.get("lat") is not None or data.get("long") is not None
        if not has_place and not (data.get("address_string") or data.get("address_id")):
            raise forms.ValidationError(_("Hãy gửi lat và long, hoặc address_string."))
        return data


def _form_errors(form: forms.Form) -> list[str]:
    return [
        str(message) if field == "__all__" else f"{field}: {message}"
        for field, messages in form.errors.items()
        for message in messages
    ]


def _ward(client: models.Open311Client, code: str) -> wards_models.Ward:
    ward = (
        wards_models.Ward.objects.accepting_tips()
        .filter(code=code, province_id=client.province_id)
        .first()
    )
    if ward is None:
        raise Open311Error(
            404, _("Không có phường/xã (jurisdiction_id) “%(code)s” nhận tin báo.") % {"code": code}
        )
    return ward


def _coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))


def _contact(data: dict[str, Any]) -> services.Contact | None:
    name = " ".join(part for part in (data["first_name"], data["last_name"]) if part)
    if not (name or data["phone"] or data["email"]):
        return None
    return services.Contact(name=name, phone=data["phone"], email=data["email"])


def _description(data: dict[str, Any]) -> str:
    """The text, and the media URL as text: WardSec never fetches what a client links to."""
    if not data["media_url"]:
        return data["description"]
    note = _("Đường dẫn ảnh do hệ thống gửi kèm (chưa kiểm tra): %(url)s") % {
        "url": data["media_url"]
    }
    return f"{data['description']}\n\n{note}"


def _submit(client: models.Open311Client, data: dict[str, Any]) -> services.Receipt:
    """The client's request as the one typed value `submit_tip` checks and records; a rule it
    refuses is a 400 with the service's message."""
    draft = services.TipDraft(
        ward=_ward(client, data["jurisdiction_id"]),
        category=_category(data["service_code"]),
        description=_description(data),
        channel=choices.TipChannel.OPEN311,
        location_text=data["address_string"] or data["address_id"],
        latitude=_coordinate(data["lat"]),
        longitude=_coordinate(data["long"]),
        contact=_contact(data),
        idempotency_key=uuid.uuid4(),
        open311_client=client,
        issue_pin=False,
    )
    try:
        return services.submit_tip(draft=draft)
    except ValidationError as exc:
        raise Open311Error(400, *_service_errors(exc)) from exc


# The service's argument names as the spec names them, so a refused rule names the client's field
# the way a malformed one does (`_form_errors`).
_SPEC_NAMES = {"contact_phone": "phone", "latitude": "lat", "longitude": "long"}


def _service_errors(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return exc.messages
    return [
        f"{_SPEC_NAMES[field]}: {message}" if field in _SPEC_NAMES else message
        for field, messages in exc.message_dict.items()
        for message in messages
    ]


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    if getattr(request, "limited", False):
        raise Open311Error(429, _("Gửi quá nhiều yêu cầu; hãy thử lại sau ít phút."))
    client = _client(request)
    form = ServiceRequestForm(_form_data(request))
    if not form.is_valid():
        raise Open311Error(400, *_form_errors(form))
    with public_scope():
        receipt = _submit(client, form.cleaned_data)
        tip = receipt.tip
        notice = _("Công an %(ward)s đã nhận tin báo và sẽ xem xét sớm.") % {"ward": tip.ward.name}
    row = {
        "service_request_id": tip.reference,
        "token": str(tip.idempotency_key),
        "service_notice": notice,
        "account_id": None,
    }
    return render([row], fmt, "service_requests", status=201)


# --- Reading requests -------------------------------------------------------------------------


def _service_request(tip: models.Tip, language: str) -> dict[str, Any]:
    """What a client may know of a request it submitted: its public status, no more."""
    return {
        "service_request_id": tip.reference,
        "status": choices.OPEN311_STATUS[tip.status],
        "status_notes": tip.public_status_text,
        "service_name": tip.category.display_name(language),
        "service_code": tip.category.code,
        "agency_responsible": _("Công an %(ward)s") % {"ward": tip.ward.name},
        "requested_datetime": _iso(tip.received_at),
        "updated_datetime": _iso(tip.updated_at),
        "address": tip.location_text,
        "lat": None if tip.latitude is None else float(tip.latitude),
        "long": None if tip.longitude is None else float(tip.longitude),
    }


def _render_requests(tips: QuerySet, fmt: str) -> HttpResponse:
    language = get_language() or "vi"
    rows = [_service_request(tip, language) for tip in tips]
    return render(rows, fmt, "service_requests")


def _clients_tips(client: models.Open311Client) -> QuerySet:
    return models.Tip.objects.filter(open311_client=client).select_related("category", "ward")


def _moment(params: QueryDict, name: str) -> datetime.datetime | None:
    """An ISO 8601 date-time (or date) parameter; a 400 when it is not one."""
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        moment = None
    if moment is None or not 1900 <= moment.year <= 2999:
        raise Open311Error(400, _("%(name)s phải có dạng ISO 8601.") % {"name": name})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _list_param(params: QueryDict, name: str) -> list[str]:
    """A comma-separated parameter (at most MAX_LIST_ITEMS items), or a 400."""
    items = [part.strip() for part in params.get(name, "").split(",") if part.strip()]
    if len(items) > MAX_LIST_ITEMS or any("\x00" in item for item in items):
        raise Open311Error(400, _("Giá trị %(name)s không hợp lệ.") % {"name": name})
    return items


def _statuses(value: str) -> list[str]:
    wanted = {part.strip().lower() for part in value.split(",") if part.strip()}
    if not wanted <= {"open", "closed"}:
        raise Open311Error(400, _("status chỉ nhận open hoặc closed."))
    return [
        status for status in choices.TipStatus.values if choices.OPEN311_STATUS[status] in wanted
    ]


def _filter_period(tips: QuerySet, params: QueryDict) -> QuerySet:
    start, end = _moment(params, "start_date"), _moment(params, "end_date")
    if start and end and start > end:
        raise Open311Error(400, _("start_date phải trước end_date."))
    if start is None and end is None:
        start = timezone.now() - DEFAULT_WINDOW
    if start is not None:
        tips = tips.filter(received_at__gte=start)
    if end is not None:
        tips = tips.filter(received_at__lte=end)
    return tips


def _filter_requests(tips: QuerySet, params: QueryDict) -> QuerySet:
    """The spec's filters. Given ids, the other filters are ignored (as the spec says)."""
    ids = _list_param(params, "service_request_id")
    if ids:
        return tips.filter(reference__in=[codes.normalise_reference(i) or "" for i in ids])
    if service_codes := _list_param(params, "service_code"):
        tips = tips.filter(category__code__in=service_codes)
    if wards := _list_param(params, "jurisdiction_id"):
        tips = tips.filter(ward__code__in=wards)
    if status := params.get("status", ""):
        tips = tips.filter(status__in=_statuses(status))
    return _filter_period(tips, params)


def _post_rate(group: str, request: HttpRequest) -> str:
    return POST_RATE


@never_cache
# Fails open: with the cache down a tip is still taken (README, "When Redis is down").
@ratelimit.limit(group="open311.post", rate=_post_rate, when_unavailable="open", block=False)
@endpoint("GET", "POST")
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    """POST: submit a tip. GET: the client's own requests (last 90 days unless dated)."""
    if request.method == "POST":
        return _create(request, fmt)
    client = _client(request)
    with public_scope():
        tips = _filter_requests(_clients_tips(client), request.GET).order_by("-received_at")
        return _render_requests(tips[:MAX_REQUESTS], fmt)


@never_cache
@endpoint("GET")
def request_detail(request: HttpRequest, fmt: str, service_request_id: str) -> HttpResponse:
    """One request the client submitted, as a one-item list (as the spec answers)."""
    client = _client(request)
    reference = codes.normalise_reference(service_request_id)
    with public_scope():
        tips = _clients_tips(client).filter(reference=reference or "")
        if reference is None or not tips.exists():
            raise Open311Error(404, _("Không có yêu cầu này."))
        return _render_requests(tips, fmt)


@never_cache
@endpoint("GET")
def token_detail(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    """The request id behind the token given when the client submitted it."""
    client = _client(request)
    try:
        key = uuid.UUID(token)
    except ValueError:
        key = None
    with public_scope():
        tip = _clients_tips(client).filter(idempotency_key=key).first() if key else None
    if tip is None:
        raise Open311Error(404, _("Không có mã token này."))
    return render(
        [{"service_request_id": tip.reference, "token": str(key)}], fmt, "service_requests"
    )
