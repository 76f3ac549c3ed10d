"""Background tasks. Thin: load by id, call a service."""

from django.tasks import task

from samanvay.dashboard import reports
from samanvay.dashboard.models import MonthlyReport


@task()
def make_monthly_report(report_id: int) -> bool:
    report = MonthlyReport.objects.filter(pk=report_id).first()
    if report is None or report.status == MonthlyReport.Status.READY:
        return False
    reports.make(report)
    return True
