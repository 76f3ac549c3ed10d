"""A plan as plain JSON (what a published version freezes), and the comparison of two versions.

The snapshot carries the names of districts, NGOs and police units as they were when published,
so that an old version still reads as it was and a comparison needs no further queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from samanvay.campaigns.models import CampaignPlan

METRICS = ("sessions", "girls", "boys", "women", "men")


def plan_snapshot(plan: CampaignPlan) -> dict[str, Any]:
    """The plan with its phases, targets, partners and activity type codes.

    Reads the related rows through `.all()`, so a prefetched plan costs no further queries."""
    return {
        "campaign": plan.campaign.code,
        "title": plan.title,
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "objectives": plan.objectives,
        "activity_types": sorted(t.code for t in plan.activity_types.all()),
        "phases": [
            {
                "name": phase.name,
                "starts_on": phase.starts_on.isoformat(),
                "ends_on": phase.ends_on.isoformat(),
            }
            for phase in plan.phases.all()
        ],
        "targets": [
            {
                "district": target.district.code,
                "district_hi": target.district.name_hi,
                "district_en": target.district.name_en,
                **{metric: getattr(target, metric) for metric in METRICS},
            }
            for target in sorted(plan.targets.all(), key=lambda t: t.district.name_en)
        ],
        "partners": [
            {
                "district": partner.district.code,
                "district_hi": partner.district.name_hi,
                "district_en": partner.district.name_en,
                "ngo": partner.ngo_id,
                "ngo_hi": partner.ngo.name_hi,
                "ngo_en": partner.ngo.name_en,
                "police_unit": partner.police_unit_id,
                "police_unit_hi": partner.police_unit.name_hi,
                "police_unit_en": partner.police_unit.name_en,
            }
            for partner in sorted(
                plan.partners.all(),
                key=lambda p: (p.district.name_en, p.ngo.name_en, p.police_unit.name_en),
            )
        ],
    }


# --- comparison -----------------------------------------------------------------------------


@dataclass
class FieldChange:
    name: str  # title, period, objectives, activity_types
    old: Any
    new: Any

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass
class TargetChange:
    district_hi: str
    district_en: str
    old: dict[str, int] | None  # None: the district had no target
    new: dict[str, int] | None

    @property
    def rows(self) -> list[tuple[str, int | None, int | None, bool]]:
        rows = []
        for metric in METRICS:
            old = self.old[metric] if self.old else None
            new = self.new[metric] if self.new else None
            rows.append((metric, old, new, old != new))
        return rows


@dataclass
class Comparison:
    fields: list[FieldChange]
    phases_old: list[dict[str, Any]]
    phases_new: list[dict[str, Any]]
    phases_changed: bool
    targets: list[TargetChange] = field(default_factory=list)  # only those that differ
    partners_removed: list[dict[str, Any]] = field(default_factory=list)
    partners_added: list[dict[str, Any]] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return (
            any(f.changed for f in self.fields)
            or self.phases_changed
            or bool(self.targets or self.partners_removed or self.partners_added)
        )


def _phase_key(phase: dict[str, Any]) -> tuple:
    return (phase["name"], phase["starts_on"], phase["ends_on"])


def _partner_key(partner: dict[str, Any]) -> tuple:
    return (partner["district"], partner["ngo"], partner["police_unit"])


def compare(old: dict[str, Any], new: dict[str, Any]) -> Comparison:
    """What differs between two snapshots (older first). Phases are marked `changed` in place
    when the other version has no identical phase."""
    fields = [
        FieldChange("title", old.get("title"), new.get("title")),
        FieldChange(
            "period",
            (old.get("starts_on"), old.get("ends_on")),
            (new.get("starts_on"), new.get("ends_on")),
        ),
        FieldChange("objectives", old.get("objectives", ""), new.get("objectives", "")),
        FieldChange("activity_types", old.get("activity_types", []), new.get("activity_types", [])),
    ]

    old_phase_keys = {_phase_key(p) for p in old.get("phases", [])}
    new_phase_keys = {_phase_key(p) for p in new.get("phases", [])}
    phases_old = [
        {**p, "changed": _phase_key(p) not in new_phase_keys} for p in old.get("phases", [])
    ]
    phases_new = [
        {**p, "changed": _phase_key(p) not in old_phase_keys} for p in new.get("phases", [])
    ]

    old_targets = {t["district"]: t for t in old.get("targets", [])}
    new_targets = {t["district"]: t for t in new.get("targets", [])}
    targets = []
    for code in sorted(
        old_targets.keys() | new_targets.keys(),
        key=lambda c: (new_targets.get(c) or old_targets[c])["district_en"],
    ):
        before, after = old_targets.get(code), new_targets.get(code)
        before_values = {m: before[m] for m in METRICS} if before else None
        after_values = {m: after[m] for m in METRICS} if after else None
        if before_values != after_values:
            names = after or before
            targets.append(
                TargetChange(
                    names["district_hi"], names["district_en"], before_values, after_values
                )
            )

    old_partners = {_partner_key(p): p for p in old.get("partners", [])}
    new_partners = {_partner_key(p): p for p in new.get("partners", [])}
    return Comparison(
        fields=fields,
        phases_old=phases_old,
        phases_new=phases_new,
        phases_changed=old_phase_keys != new_phase_keys,
        targets=targets,
        partners_removed=[p for k, p in old_partners.items() if k not in new_partners],
        partners_added=[p for k, p in new_partners.items() if k not in old_partners],
    )
