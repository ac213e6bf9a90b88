"""Workflows of the wards app: who works where."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from wards.choices import Role
from wards.models import Membership, Province, Ward
from wardsec import audit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def sync_user_groups(user: User) -> None:
    """Make the user's role groups and staff flag match their current memberships."""
    with scopes_disabled():
        roles = set(Membership.objects.current().filter(user=user).values_list("role", flat=True))
    role_groups = Group.objects.filter(name__in=Role.values)
    user.groups.remove(*[g for g in role_groups if g.name not in roles])
    user.groups.add(*[g for g in role_groups if g.name in roles])
    is_staff = bool(roles) or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


def validate_membership(
    *,
    user: User,
    role: str,
    ward: Ward | None,
    province: Province | None,
    exclude_pk: int | None = None,
) -> None:
    """The rules of a membership across rows and fields; raises ValidationError."""
    if role == Role.LEADER and (province is None or ward is not None):
        raise ValidationError(_("Lãnh đạo cấp tỉnh được phân công theo tỉnh."))
    if role in Role.ward_roles() and (ward is None or province is not None):
        raise ValidationError(_("Cán bộ và chỉ huy được phân công theo phường/xã."))
    with scopes_disabled():
        others = (
            Membership.objects.current().filter(user=user).exclude(role=role).exclude(pk=exclude_pk)
        )
        if others.exists():
            raise ValidationError(
                _("Người này đang giữ vai trò khác; hãy kết thúc phân công cũ trước.")
            )


@transaction.atomic
def grant_membership(
    *,
    user: User,
    role: str,
    actor: User | None,
    ward: Ward | None = None,
    province: Province | None = None,
    starts_on: datetime.date | None = None,
    is_duty_officer: bool = True,
) -> Membership:
    """Give `user` a role in a ward (officer, commander) or over a province (leader).

    A person holds one role at a time. Grants the role's group and admin access; audited.
    """
    validate_membership(user=user, role=role, ward=ward, province=province)
    membership = Membership(
        user=user,
        role=role,
        ward=ward,
        province=province,
        starts_on=starts_on or timezone.localdate(),
        is_duty_officer=is_duty_officer,
    )
    membership.full_clean()
    membership.save()
    sync_user_groups(user)
    audit.saved(membership, actor=actor, before=None, event="membership.grant")
    return membership


def validate_membership_dates(
    *,
    membership: Membership,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    actor: User | None,
) -> None:
    """Only a superuser (or the system) widens a membership in time.

    Anyone who may change a membership (a commander, for their ward) may end it, bring its end
    forward or move its start later. Re-opening it — clearing or postponing its end date — or
    moving its start earlier gives a person access again or sooner, which, like choosing who
    works where, is a superuser's decision: whoever set the end date, a commander cannot lift it
    (a commander who ended a membership by mistake asks a superuser). Raises ValidationError.
    """
    if membership.pk is None or actor is None or actor.is_superuser:
        return
    with scopes_disabled():
        stored = Membership.objects.filter(pk=membership.pk).values("starts_on", "ends_on").first()
    if stored is None:
        return
    if stored["ends_on"] is not None and (ends_on is None or ends_on > stored["ends_on"]):
        raise ValidationError(
            {"ends_on": _("Chỉ quản trị hệ thống mới được bỏ hoặc lùi ngày kết thúc phân công.")}
        )
    if starts_on is not None and starts_on < stored["starts_on"]:
        raise ValidationError(
            {"starts_on": _("Chỉ quản trị hệ thống mới được đưa ngày bắt đầu phân công sớm hơn.")}
        )


@transaction.atomic
def change_membership(*, membership: Membership, actor: User | None, before: dict) -> Membership:
    """Save edits made to a membership (dates, duty flag, role) and re-sync the person's groups.

    Refuses, unless `actor` is a superuser or None (the system), to widen the membership in time
    (`validate_membership_dates`)."""
    validate_membership_dates(
        membership=membership,
        starts_on=membership.starts_on,
        ends_on=membership.ends_on,
        actor=actor,
    )
    validate_membership(
        user=membership.user,
        role=membership.role,
        ward=membership.ward,
        province=membership.province,
        exclude_pk=membership.pk,
    )
    membership.full_clean()
    membership.save()
    sync_user_groups(membership.user)
    audit.saved(membership, actor=actor, before=before, event="membership.change")
    return membership


@transaction.atomic
def end_membership(
    *, membership: Membership, actor: User | None, ends_on: datetime.date | None = None
) -> Membership:
    """End a membership (the person moved or left); their access ends with it.

    One that already ends earlier keeps its end (ending is never a way to extend: see
    `validate_membership_dates`); nothing is changed or audited then."""
    ends_on = ends_on or timezone.localdate()
    if membership.ends_on is not None and membership.ends_on <= ends_on:
        return membership
    before = audit.snapshot(membership)
    membership.ends_on = ends_on
    return change_membership(membership=membership, actor=actor, before=before)
