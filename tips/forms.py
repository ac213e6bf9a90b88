"""Forms of the public pages. They validate shape; the services hold the rules."""

from __future__ import annotations

import copy
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, QuerySet
from django.forms.utils import flatatt
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tips import codes, receipts
from tips.models import OffenceCategory
from wards.models import Neighbourhood, Ward
from wardsec.memo import Memo
from wardsec.photos import PhotosField
from wardsec.scoping import public_scope

TOKEN_SALT = "tips.form-token"  # noqa: S105 (a signing namespace, not a secret)
TOKEN_MAX_AGE = 3 * 3600
_M = TypeVar("_M", bound=Model)


class _MemoChoiceField(forms.ModelChoiceField):
    """A model choice read from a per-worker memo (`find(pk)`), not from the database: the
    public form's ward and category (what the POST would otherwise ask PostgreSQL, twice)."""

    def __init__(self, *args: Any, find: Callable[[int], Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.find = find

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        found = self.find(int(value)) if str(value).isdigit() else None
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class CategoryChoiceField(_MemoChoiceField):
    def label_from_instance(self, obj: OffenceCategory) -> str:
        return obj.display_name(get_language() or "vi")


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    """A neighbourhood of a ward that takes tips, asked of the database only when one is chosen
    (the service checks it is the chosen ward's)."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        self.queryset = Neighbourhood.objects.active().filter(
            ward__in=Ward.objects.accepting_tips()
        )
        return super().to_python(value)

    def label_from_instance(self, obj: Neighbourhood) -> str:
        return obj.name


# --- The form's choices, rendered once per worker -----------------------------------------
#
# A page lists one province's wards (a national list of ~3,300 communes would cost ~0.5 s to
# render), and its options come from HTML rendered once and kept in `choices_memo`: the cost of
# a page does not grow with the number of wards, provinces or neighbourhoods.

choices_memo = Memo(
    "tip_form_choices",
    "wards.Province",
    "wards.Ward",
    "wards.Neighbourhood",
    "tips.OffenceCategory",
)


@dataclass(frozen=True)
class PublicPlaces:
    """The provinces and wards that take tips: ids, codes and names, without a query."""

    provinces: list[tuple[int, str, str]] = field(default_factory=list)  # pk, code, name
    wards: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # by province: pk, name
    province_of_ward: dict[int, int] = field(default_factory=dict)
    ward_by_code: dict[str, tuple[int, str, int]] = field(default_factory=dict)  # pk, name, prov.
    province_by_code: dict[str, int] = field(default_factory=dict)

    def only_province(self) -> int | None:
        return self.provinces[0][0] if len(self.provinces) == 1 else None

    def province_name(self, province_id: int | None) -> str:
        return next((name for pk, _code, name in self.provinces if pk == province_id), "")


def _load_places() -> PublicPlaces:
    places = PublicPlaces()
    with public_scope():
        rows = (
            Ward.objects.accepting_tips()
            .order_by("province__name", "name")
            .values_list("pk", "code", "name", "province_id", "province__code", "province__name")
        )
        for pk, code, name, province_id, province_code, province_name in rows:
            places.ward_by_code[code] = (pk, name, province_id)
            if province_id not in places.wards:
                places.provinces.append((province_id, province_code, province_name))
                places.province_by_code[province_code] = province_id
                places.wards[province_id] = []
            places.wards[province_id].append((pk, name))
            places.province_of_ward[pk] = province_id
    return places


def public_places() -> PublicPlaces:
    return choices_memo.get("places", _load_places)


def shown_ward(code: str) -> Ward | None:
    """The ward taking tips with this code, for showing the form (name, code, province) without
    a query. Not for a service: its flags are not read from the database."""
    found = public_places().ward_by_code.get(code)
    if found is None:
        return None
    pk, name, province_id = found
    return Ward(pk=pk, code=code, name=name, province_id=province_id)


def _rows_by_pk(
    model: type[Model], queryset: Callable[[], QuerySet[Any]]
) -> tuple[list[str], dict[int, tuple[Any, ...]]]:
    names = [f.attname for f in model._meta.concrete_fields]
    at = names.index(model._meta.pk.attname)
    with public_scope():
        return names, {row[at]: row for row in queryset().values_list(*names)}


def _fresh(
    model: type[_M], memo_key: str, queryset: Callable[[], QuerySet[Any]], pk: int
) -> _M | None:
    names, rows = choices_memo.get(memo_key, lambda: _rows_by_pk(model, queryset))
    row = rows.get(pk)
    # A new instance each time: nothing a request caches on it reaches another request.
    return None if row is None else model.from_db(DEFAULT_DB_ALIAS, names, row)


def taking_ward(pk: int) -> Ward | None:
    """The ward `pk` if it takes tips, with every column, without a query. Its flags are the
    memo's: a ward closed to tips in another worker is seen within
    WARDSEC_PUBLIC_CACHE_SECONDS (in this one, at once)."""
    return _fresh(Ward, "taking_wards", lambda: Ward.objects.accepting_tips(), pk)


def taking_ward_by_code(code: str) -> Ward | None:
    found = public_places().ward_by_code.get(code)
    return taking_ward(found[0]) if found else None


def active_category(pk: int) -> OffenceCategory | None:
    """The category `pk` if it is in use, as `taking_ward` does."""
    return _fresh(
        OffenceCategory,
        "active_categories",
        lambda: OffenceCategory.objects.filter(is_active=True),
        pk,
    )


def _options(pairs: Iterable[tuple[Any, str]]) -> SafeString:
    return format_html_join("", '<option value="{}">{}</option>', pairs)


def _ward_options(province_id: int) -> SafeString:
    return _options(public_places().wards.get(province_id, []))


def _neighbourhood_options(province_id: int | None) -> SafeString:
    """The neighbourhoods of a province's wards that take tips, one `<optgroup>` per ward
    (labelled with the ward's name, `data-ward` its id): without JavaScript the citizen finds
    the chosen ward's group; with it, tip-form.js keeps only that group. The names stay whole
    (no ward appended to each), so they are not cut off on a phone."""
    with public_scope():
        rows = (
            Neighbourhood.objects.active()
            .filter(ward__in=Ward.objects.accepting_tips(), ward__province=province_id)
            .order_by("ward__name", "ward_id", "name")
            .values_list("pk", "name", "ward_id", "ward__name")
        )
        groups: dict[tuple[int, str], list[tuple[int, str]]] = {}
        for pk, name, ward_id, ward_name in rows:
            groups.setdefault((ward_id, ward_name), []).append((pk, name))
    return format_html_join(
        "",
        '<optgroup label="{}" data-ward="{}">{}</optgroup>',
        (
            (ward_name, ward_id, _options(options))
            for (ward_id, ward_name), options in groups.items()
        ),
    )


def _category_options(language: str) -> SafeString:
    active = OffenceCategory.objects.filter(is_active=True)
    return _options((c.pk, c.public_label(language)) for c in active)


def _category_examples(language: str) -> list[tuple[str, str]]:
    """(plain name, examples) of each active category, for the form's "which one?" help."""
    active = OffenceCategory.objects.filter(is_active=True)
    return [(c.public_label(language), c.public_examples(language)) for c in active]


class RememberedSelect(forms.Select):
    """A `<select>` whose options are HTML rendered once and remembered (`choices_memo`).

    `options_html` returns the options' HTML; the empty choice comes first (so `required` is valid
    HTML) and the chosen value is marked `selected`. The field's own choices are never read, so
    a model choice field runs no query to render.
    """

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs)
        self.options_html: Callable[[], str] = str
        self.empty_label: Any = ""

    def use_required_attribute(self, initial: Any) -> bool:
        return not self.is_hidden

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = {"name": name, **self.build_attrs(self.attrs, attrs)}
        chosen = "" if value is None else escape(str(value))
        options = self.options_html()
        if chosen:
            options = options.replace(
                f'<option value="{chosen}">', f'<option value="{chosen}" selected>', 1
            )
        selected = "" if chosen else mark_safe(" selected")
        empty = format_html('<option value=""{}>{}</option>', selected, self.empty_label)
        # Every part is escaped: the attributes by flatatt, the options when rendered.
        return mark_safe(f"<select{flatatt(final_attrs)}>{empty}{options}</select>")  # noqa: S308


def _remember(form: forms.Form, name: str, key: tuple[Any, ...], render: Callable[[], str]) -> None:
    """Render field `name` with the remembered options of `key`."""
    bound_field = form.fields[name]
    widget = RememberedSelect(bound_field.widget.attrs)
    widget.is_required = bound_field.required
    widget.options_html = lambda: choices_memo.get(key, render)
    widget.empty_label = getattr(bound_field, "empty_label", "") or ""
    bound_field.widget = widget


# --- Messages that name the field and say what to do ------------------------------------------

GENERIC_MESSAGES = {
    "required": _("Hãy điền mục “%(label)s”."),
    "invalid": _("Mục “%(label)s” chưa đúng. Hãy xem lại."),
    "invalid_choice": _("Mục “%(label)s”: lựa chọn này không có trong danh sách. Hãy chọn lại."),
    "max_length": _(
        "Mục “%(label)s” dài quá: tối đa %%(limit_value)d ký tự, bạn đã viết %%(show_value)d. "
        "Hãy rút gọn."
    ),
}


def name_the_fields(fields: dict[str, forms.Field], messages: dict[str, dict[str, Any]]) -> None:
    """Every error says which field and what to do: `messages[field][code]` where given,
    else a message naming the field's label (never a bare "This field is required.")."""
    for name, bound_field in fields.items():
        label = str(bound_field.label or name)
        for code, template in GENERIC_MESSAGES.items():
            if code in bound_field.error_messages:
                bound_field.error_messages[code] = str(template) % {"label": label}
        bound_field.error_messages.update(messages.get(name, {}))
        # A text's length is checked by its validator, with the validator's own message: a
        # new validator (the field's list is the copy's; the validator is shared).
        bound_field.validators = [
            MaxLengthValidator(
                validator.limit_value,
                message=str(GENERIC_MESSAGES["max_length"]) % {"label": label},
            )
            if isinstance(validator, MaxLengthValidator)
            else validator
            for validator in bound_field.validators
        ]


class NamedFieldsForm(forms.Form):
    """A form whose every error names its field (`name_the_fields` with `field_messages`).

    The messages are written once per process and language, on a copy of the class's fields
    that each form then copies as Django does `base_fields` (writing them on every form cost
    ~1 ms of the public form's 4)."""

    field_messages: ClassVar[dict[str, dict[str, Any]]] = {}
    _named_fields: ClassVar[dict[tuple[type, str], dict[str, forms.Field]]] = {}

    def __init__(self, *args: Any, **kwargs: Any):
        key = (type(self), get_language() or "vi")
        named = NamedFieldsForm._named_fields.get(key)
        if named is None:
            named = copy.deepcopy(self.base_fields)
            name_the_fields(named, self.field_messages)
            NamedFieldsForm._named_fields[key] = named
        self.base_fields = named  # type: ignore[misc]  # this form's, as Django reads it
        super().__init__(*args, **kwargs)


COORDINATE_MESSAGE = _(
    "Tọa độ chưa đúng. Hãy để trống, hoặc bấm “Dùng vị trí hiện tại của tôi”, hoặc nhập số "
    "thập phân (vĩ độ từ -90 đến 90, kinh độ từ -180 đến 180), ví dụ 10.776900."
)

COORDINATE_CODES = ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places")

TIP_MESSAGES: dict[str, dict[str, Any]] = {
    "ward": {
        "required": _("Hãy chọn phường/xã nơi xảy ra vụ việc."),
        "invalid_choice": _(
            "Phường/xã đã chọn không nhận tin báo trực tuyến. Hãy chọn phường/xã khác, hoặc "
            "liên hệ trực tiếp Công an phường/xã."
        ),
    },
    "neighbourhood": {
        "invalid_choice": _(
            "Khu phố/ấp đã chọn không còn trong danh sách. Hãy chọn lại, hoặc chọn “Không rõ”."
        ),
    },
    "category": {
        "required": _("Hãy chọn loại vụ việc. Nếu không biết chọn loại nào, chọn “Việc khác”."),
    },
    "description": {
        "required": _("Hãy viết điều bạn thấy: ai, làm gì, ở đâu."),
    },
    "occurred_on": {
        "invalid": _("Ngày xảy ra chưa đúng. Hãy chọn lại ngày, hoặc để trống."),
    },
    "occurred_time": {
        "invalid": _("Giờ xảy ra chưa đúng. Hãy nhập giờ và phút, ví dụ 21:30, hoặc để trống."),
    },
    "latitude": dict.fromkeys(COORDINATE_CODES, COORDINATE_MESSAGE),
    "longitude": dict.fromkeys(COORDINATE_CODES, COORDINATE_MESSAGE),
    "leave_contact": {
        "required": _("Hãy chọn gửi ẩn danh hoặc để lại thông tin liên hệ."),
    },
    "contact_email": {
        "invalid": _(
            "Thư điện tử chưa đúng dạng (ví dụ: ten@example.com). Hãy sửa, hoặc để trống."
        ),
    },
}


def new_form_token() -> str:
    """A signed token: when the form was shown, and the key that makes its POST idempotent."""
    return signing.dumps({"t": int(time.time()), "k": uuid.uuid4().hex}, salt=TOKEN_SALT)


class TipForm(NamedFieldsForm):
    """The public tip form. Anonymous unless the citizen chooses to leave a contact."""

    field_messages = TIP_MESSAGES

    ward = _MemoChoiceField(
        queryset=Ward.objects.none(),
        find=lambda pk: taking_ward(pk),
        label=_("Phường/xã"),
        empty_label=_("— Chọn phường/xã —"),
    )
    neighbourhood = NeighbourhoodChoiceField(
        queryset=Neighbourhood.objects.none(),
        required=False,
        label=_("Khu phố/ấp (nếu biết)"),
        empty_label=_("— Không rõ —"),
        help_text=_(
            "Xếp theo phường/xã: chọn trong nhóm của phường/xã ở trên, hoặc để “Không rõ”."
        ),
    )
    category = CategoryChoiceField(
        queryset=OffenceCategory.objects.none(),
        find=lambda pk: active_category(pk),
        label=_("Loại vụ việc"),
        empty_label=_("— Chọn loại —"),
    )
    description = forms.CharField(
        label=_("Điều bạn thấy"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ai, làm gì, ở đâu, phương tiện, biển số… càng cụ thể càng tốt."),
    )
    occurred_on = forms.DateField(
        label=_("Ngày xảy ra"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    occurred_time = forms.TimeField(
        label=_("Giờ xảy ra"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    occurred_note = forms.CharField(
        label=_("Hoặc mô tả thời gian"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: khoảng 21 giờ tối thứ Bảy, nhiều đêm gần đây"),
    )
    location_text = forms.CharField(
        label=_("Địa điểm"),
        max_length=255,
        required=False,
        help_text=_("Số nhà, tên đường, hẻm, mốc dễ nhận biết"),
    )
    latitude = forms.DecimalField(
        label=_("Vĩ độ"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-90),
        max_value=Decimal(90),
    )
    longitude = forms.DecimalField(
        label=_("Kinh độ"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-180),
        max_value=Decimal(180),
    )
    photos = PhotosField(label=_("Ảnh (không bắt buộc)"))
    leave_contact = forms.TypedChoiceField(
        label=_("Thông tin người báo"),
        choices=[("0", _("Gửi ẩn danh")), ("1", _("Để lại thông tin liên hệ"))],
        coerce=lambda v: v == "1",
        initial="0",
        widget=forms.RadioSelect,
    )
    contact_name = forms.CharField(label=_("Họ tên"), max_length=120, required=False)
    # The phone rule is the service's (wardsec.validators.check_phone), shown on this field.
    contact_phone = forms.CharField(label=_("Số điện thoại"), max_length=32, required=False)
    contact_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    # Spam defence: a field people never see, and the time the form was shown.
    website = forms.CharField(required=False, label=_("Để trống ô này"))
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, ward: Ward | None = None, province_id: int | None = None, **kwargs: Any
    ):
        """`ward` preselects a ward; the wards of its province are offered (else those of
        `province_id`, of the posted ward's province, or of the only province), and their
        neighbourhoods grouped by ward (the service checks that the one chosen is the ward's).
        `self.province_id` is None when the citizen must first choose a province."""
        super().__init__(*args, **kwargs)
        if ward is not None:
            self.fields["ward"].initial = ward.pk
        self.province_id = self._province_of(ward, province_id)
        self._remember_choices()
        self.fields["photos"].help_text = _(
            "JPEG, PNG hoặc WebP; tối đa %(count)d ảnh. Nếu trang báo lỗi, ảnh đã chọn không "
            "được giữ lại: hãy chọn lại ảnh."
        ) % {"count": settings.WARDSEC_MAX_PHOTOS}
        if not self.is_bound:
            self.initial["form_token"] = new_form_token()

    def renew_expired_token(self) -> None:
        """After a refused post whose form token had expired (or was not ours), the page
        carries a fresh one, so that sending it again works; a valid token is kept (it is what
        makes a double post idempotent)."""
        errors = self.errors.get("form_token")
        if errors and any(e.code == "expired" for e in errors.as_data()):
            data = QueryDict(mutable=True)
            data.update(self.data)
            data["form_token"] = new_form_token()
            self.data = data

    def _province_of(self, ward: Ward | None, province_id: int | None) -> int | None:
        places = public_places()
        if ward is not None:
            return places.province_of_ward.get(ward.pk, ward.province_id)
        posted = str(self.data.get("ward", "")) if self.is_bound else ""
        if posted.isdigit() and int(posted) in places.province_of_ward:
            return places.province_of_ward[int(posted)]
        if province_id in places.wards:
            return province_id
        return places.only_province()

    def _remember_choices(self) -> None:
        province_id, language = self.province_id, get_language() or "vi"
        _remember(self, "ward", ("wards", province_id), lambda: _ward_options(province_id or 0))
        _remember(
            self,
            "neighbourhood",
            ("neighbourhoods", province_id),
            lambda: _neighbourhood_options(province_id),
        )
        _remember(self, "category", ("categories", language), lambda: _category_options(language))

    @property
    def category_examples(self) -> list[tuple[str, str]]:
        language = get_language() or "vi"
        return choices_memo.get(
            ("category_examples", language), lambda: _category_examples(language)
        )

    def fields_html(self) -> SafeString:
        """The unbound form's fields as HTML (tips/_submit_fields.html), rendered once per
        ward or province and language: the same for every visitor, unlike the CSRF and form
        tokens the page adds around them."""
        if self.is_bound:
            raise ValueError("A bound form shows what was posted: render it.")
        key = ("fields_html", self.fields["ward"].initial, self.province_id, get_language())
        html = choices_memo.get(
            key, lambda: render_to_string("tips/_submit_fields.html", {"form": self})
        )
        return mark_safe(html)  # noqa: S308 (rendered by the template engine, escaped there)

    @property
    def province_name(self) -> str:
        return public_places().province_name(self.province_id)

    @property
    def has_many_provinces(self) -> bool:
        return len(public_places().provinces) > 1

    def clean_form_token(self) -> dict[str, Any]:
        try:
            token = signing.loads(
                self.cleaned_data["form_token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
            )
        except signing.BadSignature as exc:
            raise ValidationError(
                _(
                    "Biểu mẫu đã quá hạn. Nội dung bạn viết vẫn còn bên dưới; hãy xem lại rồi "
                    "bấm “Gửi tin báo” một lần nữa."
                ),
                code="expired",
            ) from exc
        if time.time() - token["t"] < settings.WARDSEC_TIP_MIN_SECONDS:
            raise ValidationError(
                _("Bạn gửi nhanh quá. Hãy xem lại nội dung rồi bấm “Gửi tin báo” một lần nữa."),
                code="too_fast",
            )
        secret = str(token["k"])
        return {
            "shown_at": token["t"],
            "secret": secret,
            "idempotency_key": receipts.idempotency_key(secret),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("website"):
            raise ValidationError(_("Không gửi được tin báo. Vui lòng thử lại."), code="spam")
        contact = [data.get("contact_name"), data.get("contact_phone"), data.get("contact_email")]
        if data.get("leave_contact") and not any(contact):
            self.add_error("contact_phone", _("Hãy để lại ít nhất một cách liên hệ."))
        if not data.get("leave_contact") and any(contact):
            self.add_error(
                "leave_contact",
                _("Bạn đã nhập thông tin liên hệ nhưng đang chọn gửi ẩn danh. Hãy chọn một."),
            )
        return data


class ProvinceForm(forms.Form):
    """The first step when wards of several provinces take tips (GET, no JavaScript needed):
    the province, whose wards the tip form then offers."""

    province = forms.ChoiceField(label=_("Tỉnh/thành phố"), choices=())

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["province"].empty_label = _("— Chọn tỉnh/thành phố —")  # type: ignore[attr-defined]
        _remember(
            self,
            "province",
            ("provinces",),
            lambda: _options((code, name) for _pk, code, name in public_places().provinces),
        )


LOOKUP_MESSAGES: dict[str, dict[str, Any]] = {
    "code": {"required": _("Hãy nhập mã tra cứu in trên biên nhận, ví dụ K7M2Q-X9RTA-HB4WN.")},
    "pin": {
        "required": _("Hãy nhập mã PIN gồm 6 chữ số in trên biên nhận."),
        "invalid": _("Mã PIN gồm 6 chữ số. Hãy nhập lại, chỉ gồm chữ số."),
    },
    "body": {"required": _("Hãy viết thông tin bổ sung trước khi bấm “Gửi bổ sung”.")},
    "photos": {},
}


class LookupForm(NamedFieldsForm):
    field_messages = LOOKUP_MESSAGES

    code = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("Ví dụ: K7M2Q-X9RTA-HB4WN (không phân biệt chữ hoa, chữ thường)"),
    )
    pin = forms.RegexField(
        label=_("Mã PIN"),
        regex=rf"^\d{{{codes.PIN_LENGTH}}}$",
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class AddInformationForm(LookupForm):
    body = forms.CharField(
        label=_("Thông tin bổ sung"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = PhotosField(label=_("Thêm ảnh"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget = forms.HiddenInput()
        self.fields["pin"].widget = forms.HiddenInput()
