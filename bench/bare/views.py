"""A bare Django form + one ORM insert, and a bare indexed look-up: the floor the public tip
form and look-up are compared with."""

from __future__ import annotations

import hmac
import secrets

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from bare.models import BareTip

CATEGORIES = [(n, f"Loại {n}") for n in range(1, 11)]


class BareForm(forms.Form):
    category = forms.TypedChoiceField(choices=CATEGORIES, coerce=int)
    description = forms.CharField(max_length=5000, widget=forms.Textarea)


class BareLookupForm(forms.Form):
    code = forms.CharField(max_length=40)
    pin = forms.RegexField(regex=r"^\d{6}$")


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    form = BareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tip = BareTip.objects.create(
            code=secrets.token_hex(8),
            pin=f"{secrets.randbelow(10**6):06d}",
            category=form.cleaned_data["category"],
            description=form.cleaned_data["description"],
        )
        return render(request, "bare/done.html", {"tip": tip})
    return render(request, "bare/form.html", {"form": form}, status=400 if form.is_bound else 200)


@require_http_methods(["POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    form = BareLookupForm(request.POST)
    tip = None
    if form.is_valid():
        tip = BareTip.objects.filter(code=form.cleaned_data["code"]).first()
        if tip and not hmac.compare_digest(tip.pin, form.cleaned_data["pin"]):
            tip = None
    if tip is None:
        return render(request, "bare/form.html", {"form": form}, status=400)
    return render(request, "bare/done.html", {"tip": tip})
