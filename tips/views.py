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
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache

from tips import codes, forms, receipts, services
from tips.choices import TipChannel
from tips.models import Tip, TipMessage
from wards.models import Ward
from wardsec import ratelimit
from wardsec.scoping import public_scope
from wardsec.views import RETRY_AFTER_SECONDS


def _private(response: HttpResponse) -> HttpResponse:
    """Pages that show a code or a PIN are never sent on as a referrer (and, being never_cache
    views, never cached)."""
    response["Referrer-Policy"] = "no-referrer"
    return response


# Quick exit ("Thoát nhanh"): a neutral page (the weather), for someone who must hide that they
# are reporting (violence at home). A plain link without JavaScript; with it, the form's page
# is also replaced in the tab's history (tip-form.js).
QUICK_EXIT_URL = "https://www.google.com/search?q=th%E1%BB%9Di+ti%E1%BA%BFt"

# The tip form's limits per client address (a keyed hash, only in the cache):
# - tips taken: settings.WARDSEC_TIP_RATE (default 30 an hour). Only tips actually recorded
#   count: a refused post (a missing field, a wrong date, a slow connection that timed out the
#   form) costs nothing, so someone correcting their report is never locked out by it, and the
#   many phones a mobile carrier puts behind one address share a budget of real tips only.
# - every post, refused ones included: WARDSEC_TIP_POST_CEILING, the flood ceiling that bounds
#   the work (photo decoding) one address can ask for.
# Both fail open (losing a tip is worse than a few extra ones); the form token, the minimum
# time and the idempotency key hold whatever the cache does. Over either, the form comes back
# with everything typed (the photos must be chosen again; the page says so), status 429.


def _post_ceiling(group: str, request: HttpRequest) -> str:
    return settings.WARDSEC_TIP_POST_CEILING


def _tip_rate(group: str, request: HttpRequest) -> str:
    return settings.WARDSEC_TIP_RATE


def _tips_spent(request: HttpRequest) -> bool:
    return ratelimit.budget_spent(
        request, group="tips.submit", rate=_tip_rate, when_unavailable="open"
    )


def _count_tip(request: HttpRequest) -> None:
    ratelimit.is_limited(request, group="tips.submit", rate=_tip_rate, when_unavailable="open")


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
        return forms.taking_ward_by_code(code) if code else None

    def _page(
        self, request: HttpRequest, form: forms.TipForm, ward: Ward | None, **context: Any
    ) -> HttpResponse:
        status = 429 if context.get("limited") else 400
        form.renew_expired_token()
        context |= {"form": form, "ward": ward, "quick_exit_url": QUICK_EXIT_URL}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        with public_scope():
            ward = forms.shown_ward(request.GET.get("ward", ""))
            province_code = request.GET.get("province", "")
            province_id = forms.public_places().province_by_code.get(province_code)
            form = forms.TipForm(ward=ward, province_id=province_id)
            context: dict[str, Any] = {
                "form": form,
                "ward": ward,
                "quick_exit_url": QUICK_EXIT_URL,
            }
            if form.province_id is None:
                context["province_form"] = forms.ProvinceForm()
            else:
                context["fields_html"] = form.fields_html()
            return render(request, self.template_name, context)

    # Limits: see WARDSEC_TIP_POST_CEILING. Fail open (README, "When Redis is down").
    @method_decorator(
        ratelimit.limit(group="tips.post", rate=_post_ceiling, when_unavailable="open", block=False)
    )
    def post(self, request: HttpRequest) -> HttpResponse:
        with public_scope():
            ward = self._ward(request)
            if request.limited or _tips_spent(request):  # type: ignore[attr-defined]
                # What was typed comes back; the photos are not even decoded.
                form = forms.TipForm(request.POST, ward=ward)
                return self._page(request, form, ward, limited=True)
            form = forms.TipForm(request.POST, request.FILES, ward=ward)
            if not form.is_valid():
                return self._page(request, form, ward)
            try:
                receipt = _submit(form)
            except ValidationError as exc:
                _add_service_errors(form, exc)
                return self._page(request, form, ward)
            secret = form.cleaned_data["form_token"]["secret"]
            code, pin = receipt.code, receipt.pin
            if receipt.created:
                _count_tip(request)
                if code and pin:
                    receipts.remember_receipt(secret, code, pin)
            else:
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
                    "lookup_url": request.build_absolute_uri(reverse("tips:lookup")),
                    "quick_exit_url": QUICK_EXIT_URL,
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
        "quick_exit_url": QUICK_EXIT_URL,
    }


def _locked_message(exc: services.LookupLockedError) -> str:
    until = timezone.localtime(exc.until)
    return _(
        "Bạn đã nhập sai quá nhiều lần. Vì an toàn, việc tra cứu mã này tạm khóa đến %(time)s. "
        "Hãy thử lại sau giờ đó với đúng mã PIN in trên biên nhận."
    ) % {"time": formats.date_format(until, "H:i d/m/Y")}


def _wrong_message(exc: services.WrongCodeOrPinError) -> str:
    return ngettext(
        "Mã tra cứu hoặc mã PIN không đúng. Hãy kiểm tra lại từng ký tự trên biên nhận. "
        "Nếu nhập sai thêm %(count)d lần nữa, việc tra cứu mã này sẽ tạm khóa %(minutes)d phút.",
        "Mã tra cứu hoặc mã PIN không đúng. Hãy kiểm tra lại từng ký tự trên biên nhận. "
        "Nếu nhập sai thêm %(count)d lần nữa, việc tra cứu mã này sẽ tạm khóa %(minutes)d phút.",
        exc.tries_left,
    ) % {"count": exc.tries_left, "minutes": settings.WARDSEC_PIN_LOCK_MINUTES}


def _find(request: HttpRequest, form: forms.LookupForm) -> Tip | None:
    """The tip for a valid form, or None with the reason added to the form."""
    try:
        return services.look_up_tip(code=form.cleaned_data["code"], pin=form.cleaned_data["pin"])
    except services.LookupLockedError as exc:
        form.add_error(None, _locked_message(exc))
    except services.WrongCodeOrPinError as exc:
        form.add_error(None, _wrong_message(exc))
    return None


LOOKUP_RATE = "60/h"
# Look-ups and additions share one budget per client (a keyed hash of the address): with the
# per-code PIN lock, it keeps code guessing slow without ever storing who asked. It fails
# closed: with the cache down, look-ups wait ("try again in a few minutes", 503). Over the
# budget or while it waits, the page keeps what was typed (the code, an addition's text; the
# PIN and photos are entered again).


def _lookup_refused(request: HttpRequest) -> int | None:
    """None while the client may look up; else the status to answer: 429 over the budget,
    503 while the cache that keeps it is down."""
    try:
        limited = ratelimit.is_limited(
            request, group="tips.lookup", rate=LOOKUP_RATE, when_unavailable="closed"
        )
    except ratelimit.LimitUnavailable:
        return 503
    return 429 if limited else None


def _refused_page(
    request: HttpRequest, status: int, template: str, context: dict[str, Any]
) -> HttpResponse:
    response = render(request, template, context | {"refused": status}, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return _private(response)


@method_decorator(never_cache, name="dispatch")
class LookupView(View):
    """/tra-cuu/: code and PIN (POST, so they stay out of addresses and logs) → the status."""

    template_name = "tips/lookup.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {"form": forms.LookupForm(), "quick_exit_url": QUICK_EXIT_URL}
        return _private(render(request, self.template_name, context))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.LookupForm(request.POST)
        context: dict[str, Any] = {"form": form, "quick_exit_url": QUICK_EXIT_URL}
        refused = _lookup_refused(request)
        if refused:
            # Not checked, so not echoed either: the code and PIN are typed again from the
            # receipt (an addition's text, longer to type, does come back).
            return _refused_page(
                request, refused, self.template_name, context | {"form": forms.LookupForm()}
            )
        with public_scope():
            tip = _find(request, form) if form.is_valid() else None
            if tip is None:
                return _private(render(request, self.template_name, context, status=400))
            return _private(render(request, "tips/status.html", _status_context(tip, form)))


@method_decorator(never_cache, name="dispatch")
class AddInformationView(View):
    """/tra-cuu/bo-sung/: the tipster adds information or photos (code and PIN again)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        refused = _lookup_refused(request)
        if refused:
            # Nothing is checked: the text they sent comes back, ready to send again later.
            form = forms.AddInformationForm(initial=request.POST.dict())
            kept = {"add_form": form, "quick_exit_url": QUICK_EXIT_URL}
            return _refused_page(request, refused, "tips/add_refused.html", kept)
        # Code and PIN first: the photos are decoded (the costly part) only for the tipster.
        lookup = forms.LookupForm(request.POST)
        with public_scope():
            tip = _find(request, lookup) if lookup.is_valid() else None
            if tip is None:
                context: dict[str, Any] = {
                    "form": forms.LookupForm(initial={"code": request.POST.get("code", "")[:40]}),
                    "errors": lookup.non_field_errors(),
                    "quick_exit_url": QUICK_EXIT_URL,
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
