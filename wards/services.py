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


@transaction.atomic
def change_membership(*, membership: Membership, actor: User | None, before: dict) -> Membership:
    """Save edits made to a membership (dates, duty flag, role) and re-sync the person's groups."""
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
    """End a membership (the person moved or left); their access ends with it."""
    before = audit.snapshot(membership)
    membership.ends_on = ends_on or timezone.localdate()
    return change_membership(membership=membership, actor=actor, before=before)
