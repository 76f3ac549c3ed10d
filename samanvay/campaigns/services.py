"""Writes of campaign plans. Each is atomic and leaves an audit entry; publishing freezes a
numbered version and notifies the plan's partners after commit (through notify)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samanvay.accounts.models import Role, User
from samanvay.campaigns.models import (
    Campaign,
    CampaignPlan,
    DistrictTarget,
    PartnerAssignment,
    PlanVersion,
)
from samanvay.campaigns.versions import METRICS, plan_snapshot
from samanvay.core import audit
from samanvay.core.models import AuditEntry
from samanvay.directory.models import NGO, District, PoliceUnit
from samanvay.notify.services import notify

# A district's target above this is a typing mistake (MP's largest district has ~3.3m people,
# but one plan's sessions and people reached are counted in thousands).
MAX_TARGET = 100000

NGO_NOT_IN_DISTRICT = _("This NGO does not work in the chosen district.")
UNIT_NOT_IN_DISTRICT = _("This police unit is not in the chosen district.")
ALREADY_ASSIGNED = _("This NGO and police unit are already partners in this district.")
NO_TARGETS = _("Set a target for at least one district before publishing.")
NOTHING_CHANGED = _("Nothing has changed since the last published version.")
NOTE_REQUIRED = _("Please say briefly what changed since the last version.")
TARGET_TOO_LARGE = _("Enter a whole number from 0 to %(limit)s.")


def _fresh(plan: CampaignPlan) -> CampaignPlan:
    """The plan re-read with everything a snapshot reads."""
    from samanvay.campaigns.selectors import plan_with_details

    return plan_with_details(plan.pk)


def _record_change(*, actor, plan: CampaignPlan, before: dict, action=AuditEntry.Action.CHANGE):
    after = plan_snapshot(_fresh(plan))
    changes = audit.diff(before, after)
    if changes or action != AuditEntry.Action.CHANGE:
        audit.record(actor=actor, action=action, instance=plan, changes=changes)
    return changes


# --- the plan itself ---------------------------------------------------------------------------


@transaction.atomic
def save_plan(*, actor: User, form, phases) -> CampaignPlan:
    """Save a validated plan form and its phases formset (create or change), audited."""
    plan: CampaignPlan = form.instance
    creating = plan.pk is None
    before = {} if creating else plan_snapshot(_fresh(plan))
    if creating:
        plan.created_by = actor
    plan = form.save()
    phases.instance = plan
    phases.save()
    _record_change(
        actor=actor,
        plan=plan,
        before=before,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.CHANGE,
    )
    return plan


def new_plan(campaign: Campaign) -> CampaignPlan:
    return CampaignPlan(campaign=campaign)


# --- district targets --------------------------------------------------------------------------


def _check_target(values: Mapping[str, int]) -> dict[str, int]:
    clean = {}
    for metric in METRICS:
        value = values.get(metric) or 0
        if not isinstance(value, int) or value < 0 or value > MAX_TARGET:
            raise ValidationError(
                {metric: ValidationError(TARGET_TOO_LARGE, params={"limit": MAX_TARGET})}
            )
        clean[metric] = value
    return clean


@transaction.atomic
def set_district_targets(
    *, actor: User, plan: CampaignPlan, targets: Mapping[District, Mapping[str, int]]
) -> dict:
    """Set the targets of the given districts; all zeros remove a district's target.
    Districts not named are left as they are. Returns the audited changes."""
    before = plan_snapshot(_fresh(plan))
    existing = {t.district_id: t for t in plan.targets.all()}
    for district, values in targets.items():
        clean = _check_target(values)
        target = existing.get(district.pk)
        if not any(clean.values()):
            if target is not None:
                target.delete()
            continue
        if target is None:
            target = DistrictTarget(plan=plan, district=district)
        elif all(getattr(target, m) == clean[m] for m in METRICS):
            continue
        for metric, value in clean.items():
            setattr(target, metric, value)
        target.full_clean()
        target.save()
    return _record_change(actor=actor, plan=plan, before=before)


# --- partners ----------------------------------------------------------------------------------


def validate_partner(*, district: District, ngo: NGO, police_unit: PoliceUnit) -> None:
    """An NGO that works in the district, with a police unit of that district."""
    errors = {}
    if not ngo.districts.filter(pk=district.pk).exists():
        errors["ngo"] = ValidationError(NGO_NOT_IN_DISTRICT, code="ngo_district")
    if police_unit.district_id != district.pk:
        errors["police_unit"] = ValidationError(UNIT_NOT_IN_DISTRICT, code="unit_district")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_partner(
    *, actor: User, plan: CampaignPlan, district: District, ngo: NGO, police_unit: PoliceUnit
) -> PartnerAssignment:
    validate_partner(district=district, ngo=ngo, police_unit=police_unit)
    if plan.partners.filter(district=district, ngo=ngo, police_unit=police_unit).exists():
        raise ValidationError(ALREADY_ASSIGNED, code="duplicate")
    before = plan_snapshot(_fresh(plan))
    assignment = PartnerAssignment(plan=plan, district=district, ngo=ngo, police_unit=police_unit)
    assignment.full_clean()
    assignment.save()
    _record_change(actor=actor, plan=plan, before=before)
    return assignment


@transaction.atomic
def remove_partner(*, actor: User, assignment: PartnerAssignment) -> None:
    plan = assignment.plan
    before = plan_snapshot(_fresh(plan))
    assignment.delete()
    _record_change(actor=actor, plan=plan, before=before)


# --- publishing --------------------------------------------------------------------------------


def plan_recipients(plan: CampaignPlan):
    """Who hears of a published plan: coordinators of its partner NGOs, and district officers of
    its partner and targeted districts."""
    ngo_ids = set(plan.partners.values_list("ngo_id", flat=True))
    district_ids = set(plan.partners.values_list("district_id", flat=True))
    district_ids |= set(plan.targets.values_list("district_id", flat=True))
    return User.objects.filter(is_active=True).filter(
        Q(role=Role.NGO_COORDINATOR, ngo_id__in=ngo_ids)
        | Q(role=Role.DISTRICT_OFFICER, district_id__in=district_ids)
    )


def has_unpublished_changes(plan: CampaignPlan, latest: PlanVersion | None) -> bool:
    """Whether the plan (read with `full=True`) differs from its latest published version."""
    return latest is None or plan_snapshot(plan) != latest.content


@transaction.atomic
def publish_plan(*, actor: User, plan: CampaignPlan, note: str = "") -> PlanVersion:
    """Freeze the plan as its next version, mark it published, and tell its partners."""
    plan = CampaignPlan.objects.select_for_update().get(pk=plan.pk)
    plan = _fresh(plan)
    content = plan_snapshot(plan)
    latest = plan.versions.order_by("-number").first()
    if not content["targets"]:
        raise ValidationError(NO_TARGETS, code="no_targets")
    if latest is not None and latest.content == content:
        raise ValidationError(NOTHING_CHANGED, code="unchanged")
    note = (note or "").strip()
    if latest is not None and not note:
        raise ValidationError({"note": ValidationError(NOTE_REQUIRED, code="required")})

    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion(plan=plan, number=number, content=content, note=note, published_by=actor)
    version.full_clean()
    version.save()

    before = {"status": plan.status, "version": plan.version}
    plan.status = CampaignPlan.Status.PUBLISHED
    plan.version = number
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "version", "published_at", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        instance=plan,
        changes={
            **audit.diff(before, {"status": plan.status, "version": number}),
            "note": [None, note],
        },
    )
    notify(
        recipients=plan_recipients(plan),
        kind="plan_published",
        context={
            "campaign_hi": plan.campaign.name_hi,
            "campaign_en": plan.campaign.name_en,
            "plan": plan.title,
            "version": number,
        },
        url=plan.get_absolute_url(),
        actor=actor,
    )
    # The outline is pinned in the campaign's coordination group, where it is discussed.
    from samanvay.channel.services import pin_plan_outline

    pin_plan_outline(version)
    return version
