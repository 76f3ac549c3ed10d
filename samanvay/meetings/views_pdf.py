"""The minutes of a meeting as a PDF, in Hindi or English (made on request)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from samanvay.accounts import rules
from samanvay.core.downloads import file_download
from samanvay.meetings.models import Meeting
from samanvay.meetings.pdf import LANGUAGES, render_minutes_pdf


@login_required
@require_GET
def minutes_pdf(request, pk: int, language: str):
    if language not in LANGUAGES:
        raise Http404
    visible = Meeting.objects.filter(rules.visible_meetings(request.user)).values("pk")
    meeting = get_object_or_404(
        Meeting.objects.select_related("convening_unit"), pk=pk, pk__in=visible
    )
    content = render_minutes_pdf(meeting, language=language)
    return file_download(content, "application/pdf", f"minutes-{meeting.pk}-{language}.pdf")
