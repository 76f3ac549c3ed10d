"""Reads of the referrals app, always scoped by the requesting user (`rules.visible_referrals`).
Lists and searches never touch the protected records."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from samanvay.accounts import rules
from samanvay.accounts.models import Role, User
from samanvay.directory.models import NGO
from samanvay.referrals.models import Referral, ServiceContact


def referrals_visible_to(user) -> QuerySet[Referral]:
    ids = Referral.objects.filter(rules.visible_referrals(user)).values("pk")
    return Referral.objects.filter(pk__in=ids).select_related("district", "police_unit", "ngo")


def search_referrals(user, *, query: str = "", status: str = "", kind: str = "") -> QuerySet:
    """Search by code or place only (the non-identifying fields)."""
    rows = referrals_visible_to(user)
    if query.strip():
        q = query.strip()
        rows = rows.filter(Q(code__icontains=q) | Q(place__icontains=q))
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-created_at", "-pk")


def get_referral_for_user(user, code: str) -> Referral:
    referral = (
        referrals_visible_to(user)
        .select_related(
            "assigned_officer",
            "assigned_caseworker",
            "handed_to",
            "raised_by_ngo",
            "raised_by_unit",
        )
        .filter(code=code)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def timeline(referral: Referral):
    return referral.timeline.select_related("actor").order_by("at", "pk")


def officers_for(referral: Referral) -> QuerySet[User]:
    return User.objects.filter(
        role=Role.DISTRICT_OFFICER, district_id=referral.district_id, is_active=True
    ).order_by("first_name", "username")


def caseworkers_for(referral: Referral) -> QuerySet[User]:
    if referral.ngo_id is None:
        return User.objects.none()
    return User.objects.filter(
        ngo_id=referral.ngo_id,
        role__in=[Role.NGO_COORDINATOR, Role.NGO_MEMBER],
        is_active=True,
    ).order_by("first_name", "username")


def ngos_for(referral: Referral) -> QuerySet[NGO]:
    return NGO.objects.filter(districts=referral.district_id, is_active=True).order_by("name_en")


def services_for(referral: Referral) -> QuerySet[ServiceContact]:
    return ServiceContact.objects.filter(district_id=referral.district_id, is_active=True)


def service_directory(user, district=None) -> QuerySet[ServiceContact]:
    rows = ServiceContact.objects.filter(is_active=True).select_related("district")
    if district is not None:
        rows = rows.filter(district=district)
    return rows
