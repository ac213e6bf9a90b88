"""Forms of the public pages. They validate shape; the services hold the rules."""

from __future__ import annotations

import time
import uuid
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tips import codes, photos, receipts
from tips.models import OffenceCategory
from wards.models import Neighbourhood, Ward

TOKEN_SALT = "tips.form-token"  # noqa: S105 (a signing namespace, not a secret)
TOKEN_MAX_AGE = 3 * 3600


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; checked and re-encoded in `clean`."""

    widget = MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[photos.CleanPhoto]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        for upload in uploads:
            super().clean(upload, initial)
        return photos.clean_photos(uploads)


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OffenceCategory) -> str:
        return obj.display_name(get_language() or "vi")


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Neighbourhood) -> str:
        return f"{obj.name} — {obj.ward.name}"


def _model_choices(form: forms.Form, name: str) -> forms.ModelChoiceField[Any]:
    """The form's own copy of its model choice field `name` (`form.fields` holds plain Fields)."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def new_form_token() -> str:
    """A signed token: when the form was shown, and the key that makes its POST idempotent."""
    return signing.dumps({"t": int(time.time()), "k": uuid.uuid4().hex}, salt=TOKEN_SALT)


class TipForm(forms.Form):
    """The public tip form. Anonymous unless the citizen chooses to leave a contact."""

    ward: forms.ModelChoiceField[Ward] = forms.ModelChoiceField(
        queryset=Ward.objects.none(), label=_("Phường/xã"), empty_label=_("— Chọn phường/xã —")
    )
    neighbourhood = NeighbourhoodChoiceField(
        queryset=Neighbourhood.objects.none(),
        required=False,
        label=_("Khu phố/ấp (nếu biết)"),
        empty_label=_("— Không rõ —"),
    )
    category = CategoryChoiceField(
        queryset=OffenceCategory.objects.none(),
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
    contact_phone = forms.RegexField(
        label=_("Số điện thoại"),
        regex=r"^\+?[0-9 .\-]{8,20}$",
        max_length=32,
        required=False,
        error_messages={"invalid": _("Số điện thoại chỉ gồm chữ số, 8 đến 20 ký tự.")},
    )
    contact_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    # Spam defence: a field people never see, and the time the form was shown.
    website = forms.CharField(required=False, label=_("Để trống ô này"))
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, ward: Ward | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        wards = Ward.objects.accepting_tips().select_related("province")
        _model_choices(self, "ward").queryset = wards
        neighbourhoods = Neighbourhood.objects.active().filter(ward__in=wards)
        if ward is not None:
            self.fields["ward"].initial = ward.pk
            neighbourhoods = neighbourhoods.filter(ward=ward)
        _model_choices(self, "neighbourhood").queryset = neighbourhoods.select_related("ward")
        _model_choices(self, "category").queryset = OffenceCategory.objects.filter(is_active=True)
        if not self.is_bound:
            self.initial["form_token"] = new_form_token()

    def clean_occurred_on(self):
        day = self.cleaned_data.get("occurred_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("Ngày xảy ra không được ở tương lai."))
        return day

    def clean_form_token(self) -> dict[str, Any]:
        try:
            token = signing.loads(
                self.cleaned_data["form_token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
            )
        except signing.BadSignature as exc:
            raise ValidationError(
                _("Biểu mẫu đã hết hạn. Nội dung của bạn vẫn còn; hãy bấm Gửi lại."),
                code="expired",
            ) from exc
        if time.time() - token["t"] < settings.WARDSEC_TIP_MIN_SECONDS:
            raise ValidationError(
                _("Bạn gửi nhanh quá. Hãy xem lại nội dung rồi bấm Gửi lại."), code="too_fast"
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
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError(_("Hãy nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai."))
        neighbourhood, ward = data.get("neighbourhood"), data.get("ward")
        if neighbourhood and ward and neighbourhood.ward_id != ward.pk:
            self.add_error("neighbourhood", _("Khu phố/ấp không thuộc phường/xã đã chọn."))
        contact = [data.get("contact_name"), data.get("contact_phone"), data.get("contact_email")]
        if data.get("leave_contact") and not any(contact):
            self.add_error("contact_phone", _("Hãy để lại ít nhất một cách liên hệ."))
        if not data.get("leave_contact") and any(contact):
            self.add_error(
                "leave_contact",
                _("Bạn đã nhập thông tin liên hệ nhưng đang chọn gửi ẩn danh. Hãy chọn một."),
            )
        return data


class LookupForm(forms.Form):
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
        error_messages={"invalid": _("Mã PIN gồm 6 chữ số.")},
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
