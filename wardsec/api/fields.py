"""Fields every app's serializers share: choices named after their `TextChoices` class, people
of the request's wards, wards by code, people by username."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_description_list
from rest_framework import serializers

from wards import models as wards_models


class TextChoicesField(serializers.ChoiceField):
    """A choice field bound to a `TextChoices` class; its OpenAPI enum is named after the class
    (`only` narrows the choices, then give the narrowed enum its own `enum_name`).

    Output: the stored value, or null when the value is blank (an outcome not yet given).
    """

    null_when_blank = True  # the platform's ModelSerializer marks it nullable over a blank field

    def __init__(
        self,
        choices_class: type[models.TextChoices],
        *,
        only: list[str] | None = None,
        enum_name: str = "",
        **kwargs: Any,
    ):
        self.choices_class = choices_class
        self.enum_name = enum_name or f"{choices_class.__name__}Enum"
        pairs = choices_class.choices
        if only is not None:
            pairs = [(value, label) for value, label in pairs if value in only]
        super().__init__(choices=pairs, **kwargs)

    def to_representation(self, value: Any) -> str | None:  # type: ignore[override]
        return str(value) if value not in ("", None) else None


class TextChoicesFieldExtension(OpenApiSerializerFieldExtension):
    """One schema component per TextChoices class (TipStatusEnum, TipOutcomeEnum, …), shared by
    every field that uses it: no enum-name collisions between models of one or several apps."""

    target_class = TextChoicesField

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction) -> dict[str, Any]:
        choices = self.target.choices
        return {
            "type": "string",
            "enum": list(choices),
            "description": build_choice_description_list(choices.items()),
        }


def username_field(**kwargs: Any) -> serializers.SlugRelatedField:
    """A person, read-only, by username (null when nobody: the ModelSerializer says so)."""
    return serializers.SlugRelatedField(slug_field="username", read_only=True, **kwargs)


class StaffField(serializers.SlugRelatedField):
    """An active person working in one of the wards of the request's scope, by username:
    nobody outside it is offered, or even confirmed to exist."""

    def __init__(self, **kwargs: Any):
        super().__init__(slug_field="username", queryset=get_user_model().objects, **kwargs)

    def get_queryset(self) -> models.QuerySet:
        # Membership is ward-scoped: only memberships in the scope's wards are seen.
        staff = wards_models.Membership.objects.staff().values("user_id")
        # Never None: __init__ gives the field its queryset.
        queryset = cast("models.QuerySet", super().get_queryset())
        return queryset.filter(pk__in=staff)


class ActiveWardField(serializers.SlugRelatedField):
    """Any active ward, by code, in or outside the request's scope: where something is sent
    (a transfer names a ward outside the officer's own)."""

    def __init__(self, **kwargs: Any):
        # Ward names and codes are public reference data (the public form lists them).
        queryset = wards_models.Ward.objects.with_scopes_disabled()
        super().__init__(slug_field="code", queryset=queryset, **kwargs)

    def get_queryset(self) -> models.QuerySet:
        queryset = cast("models.QuerySet", super().get_queryset())  # given in __init__
        return queryset.filter(is_active=True)
