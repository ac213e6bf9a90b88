"""The citizen's pages: the tip form, the receipt, the status look-up and adding information.

No account, no cookie needed, no JavaScript needed. Nothing about the visitor's connection or
device is stored; rate limits key on a hash of the address that lives only in the cache.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from tips import codes, forms, receipts, services
from tips.choices import TipChannel
from tips.models import Tip, TipMessage
from wards.models import Ward
from wardsec import ratelimit
from wardsec.scoping import public_scope


def _private(response: HttpResponse) -> HttpResponse:
    """Pages that show a code or a PIN are never sent on as a referrer (and, being never_cache
    views, never cached)."""
    response["Referrer-Policy"] = "no-referrer"
    return response


def _submit(form: forms.TipForm) -> services.Receipt:
    """The public form's tip, as the one typed value `submit_tip` checks and records."""
    data = form.cleaned_data
    draft = services.TipDraft.of(
        data,
        channel=TipChannel.WEB,
        contact=services.Contact.of(data) if data["leave_contact"] else None,
        photos=data.get("photos") or [],
        idempotency_key=data["form_token"]["idempotency_key"],
    )
    return services.submit_tip(draft=draft)


@method_decorator(never_cache, name="dispatch")
class SubmitTipView(View):
    """/bao-tin/: the form (GET, `?ward=<code>` preselects a ward, `?province=<code>` offers a
    province's wards; with several provinces and neither, the province is asked first), and
    its POST → the receipt."""

    template_name = "tips/submit.html"

    def _ward(self, request: HttpRequest) -> Ward | None:
        code = request.GET.get("ward") or request.POST.get("ward_code")
        return Ward.objects.accepting_tips().filter(code=code).first() if code else None

    def get(self, request: HttpRequest) -> HttpResponse:
        with public_scope():
            ward = forms.shown_ward(request.GET.get("ward", ""))
            province_code = request.GET.get("province", "")
            province_id = forms.public_places().province_by_code.get(province_code)
            form = forms.TipForm(ward=ward, province_id=province_id)
            context: dict[str, Any] = {"form": form, "ward": ward}
            if form.province_id is None:
                context["province_form"] = forms.ProvinceForm()
            else:
                context["fields_html"] = form.fields_html()
            return render(request, self.template_name, context)

    # Fails open: with the cache down a tip is still taken (README, "When Redis is down").
    @method_decorator(
        ratelimit.limit(
            group="tips.submit",
            rate=lambda g, r: settings.WARDSEC_TIP_RATE,
            when_unavailable="open",
        )
    )
    def post(self, request: HttpRequest) -> HttpResponse:
        with public_scope():
            ward = self._ward(request)
            form = forms.TipForm(request.POST, request.FILES, ward=ward)
            if not form.is_valid():
                return render(request, self.template_name, {"form": form, "ward": ward}, status=400)
            try:
                receipt = _submit(form)
            except ValidationError as exc:
                _add_service_errors(form, exc)
                return render(request, self.template_name, {"form": form, "ward": ward}, status=400)
            secret = form.cleaned_data["form_token"]["secret"]
            code, pin = receipt.code, receipt.pin
            if receipt.created and code and pin:
                receipts.remember_receipt(secret, code, pin)
            elif not receipt.created:
                code, pin = receipts.recall_receipt(secret) or (None, None)
            response = render(
                request,
                "tips/receipt.html",
                {
                    "receipt": receipt,
                    "display_code": codes.format_code(code) if code else "",
                    "pin": pin,
                    "tip": receipt.tip,
                    "ward": receipt.tip.ward,
                },
            )
            return _private(response)


def _add_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _photo_count(tip: Tip) -> int:
    """The count the look-up's own query made (services.find_tip_for_citizen), used once: a
    page after an addition counts again."""
    counted = tip.__dict__.pop("photo_count", None)
    return tip.attachments.count() if counted is None else counted


def _public_messages(tip: Tip) -> list[TipMessage]:
    """The tipster's conversation; not asked for when the look-up's query counted none (that
    count also used once)."""
    if tip.__dict__.pop("public_message_count", None) == 0:
        return []
    return list(tip.messages.public().order_by("created_at"))


def _status_context(tip: Tip, form: forms.LookupForm) -> dict[str, Any]:
    """The status page: the code is the one the citizen typed (the database has only its
    digest)."""
    typed = codes.normalise_code(form.cleaned_data["code"]) or ""
    return {
        "tip": tip,
        "display_code": codes.format_code(typed),
        "messages_public": _public_messages(tip),
        "photo_count": _photo_count(tip),
        "add_form": forms.AddInformationForm(
            initial={"code": form.cleaned_data["code"], "pin": form.cleaned_data["pin"]}
        ),
    }


def _locked_message(exc: services.LookupLockedError) -> str:
    until = timezone.localtime(exc.until)
    return _(
        "Bạn đã nhập sai quá nhiều lần. Vì an toàn, việc tra cứu mã này tạm khóa đến %(time)s."
    ) % {"time": formats.date_format(until, "H:i d/m/Y")}


def _find(request: HttpRequest, form: forms.LookupForm) -> Tip | None:
    """The tip for a valid form, or None with the reason added to the form."""
    try:
        tip = services.find_tip_for_citizen(
            code=form.cleaned_data["code"], pin=form.cleaned_data["pin"]
        )
    except services.LookupLockedError as exc:
        form.add_error(None, _locked_message(exc))
        return None
    if tip is None:
        form.add_error(None, _("Mã tra cứu hoặc mã PIN không đúng."))
    return tip


LOOKUP_RATE = "60/h"
# Look-ups and additions share one budget per client (a keyed hash of the address): with the
# per-code PIN lock, it keeps code guessing slow without ever storing who asked. It fails
# closed: with the cache down, look-ups wait ("try again in a few minutes", 503).
lookup_rate_limit = method_decorator(
    ratelimit.limit(group="tips.lookup", rate=LOOKUP_RATE, when_unavailable="closed")
)


@method_decorator(never_cache, name="dispatch")
class LookupView(View):
    """/tra-cuu/: code and PIN (POST, so they stay out of addresses and logs) → the status."""

    template_name = "tips/lookup.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return _private(render(request, self.template_name, {"form": forms.LookupForm()}))

    @lookup_rate_limit
    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.LookupForm(request.POST)
        with public_scope():
            tip = _find(request, form) if form.is_valid() else None
            if tip is None:
                return _private(render(request, self.template_name, {"form": form}, status=400))
            return _private(render(request, "tips/status.html", _status_context(tip, form)))


@method_decorator(never_cache, name="dispatch")
class AddInformationView(View):
    """/tra-cuu/bo-sung/: the tipster adds information or photos (code and PIN again)."""

    @lookup_rate_limit
    def post(self, request: HttpRequest) -> HttpResponse:
        # Code and PIN first: the photos are decoded (the costly part) only for the tipster.
        lookup = forms.LookupForm(request.POST)
        with public_scope():
            tip = _find(request, lookup) if lookup.is_valid() else None
            if tip is None:
                context: dict[str, Any] = {
                    "form": forms.LookupForm(),
                    "errors": lookup.non_field_errors(),
                }
                return _private(render(request, "tips/lookup.html", context, status=400))
            form = forms.AddInformationForm(request.POST, request.FILES)
            valid = form.is_valid()
            context = _status_context(tip, lookup)
            if not valid:
                context["add_form"] = form
                return _private(render(request, "tips/status.html", context, status=400))
            services.add_citizen_information(
                tip=tip, body=form.cleaned_data["body"], photos=form.cleaned_data["photos"]
            )
            context = _status_context(tip, lookup)
            context["added"] = True
            return _private(render(request, "tips/status.html", context))
