from django.db.models import QuerySet

from samanvay.accounts import rules
from samanvay.core.models import AuditEntry


def audit_entries_visible_to(user, *, object_type: str = "", object_id: str = "") -> QuerySet:
    if not rules.can_view_audit(user):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.select_related("actor")
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    return entries


def home_summary(user) -> dict[str, int]:
    """Counts of what the user can reach, for the start page."""
    from samanvay.directory import selectors as directory

    summary = {
        "police_units": directory.police_units_visible_to(user).count(),
        "ngos": directory.ngos_visible_to(user).count(),
    }
    if rules.can_open(user, "people"):
        summary["people"] = directory.people_visible_to(user).count()
    if rules.can_open(user, "samitis"):
        summary["samitis"] = directory.samitis_visible_to(user).count()
    from samanvay.activities.models import ActivityReport
    from samanvay.campaigns.models import Campaign

    summary["campaigns"] = Campaign.objects.filter(is_active=True).count()
    if rules.verifies_reports(user):
        summary["to_verify"] = ActivityReport.objects.filter(rules.reports_to_verify(user)).count()
    if rules.can_report_activities(user):
        summary["my_open_reports"] = ActivityReport.objects.filter(
            created_by=user, status__in=["draft", "returned"]
        ).count()
    return summary
