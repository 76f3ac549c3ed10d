"""An NGO field worker, on a phone in Hindi, reports an awareness session: a half-done draft,
finished later with photos, returned by the district officer with a comment, fixed, resubmitted
and verified; the campaign plan's progress and the branch dashboard count it."""

import datetime
import io

from django.utils import timezone
from PIL import Image

from samanvay.activities.models import ActivityReport

SAVE = "button[name=action][value=save]"
SUBMIT = "button[name=action][value=submit]"


def _dashboard_figures(page) -> dict[str, int]:
    page.goto("/dashboard/")
    return {
        name: int(page.locator(f"[data-figure={name}]").first.inner_text())
        for name in ("reports", "girls", "people")
    }


def _photo(tmp_path, name, color):
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_report_from_draft_to_verified(
    new_page, world, plans, campaigns, sign_in, shot, tmp_path
):
    worker = sign_in(new_page(), world.member_a)
    officer = sign_in(new_page(), world.officer_bhopal)
    progress = f"/campaigns/plans/{plans.published.pk}/"
    officer.goto(progress)
    assert "<strong>0</strong> / 400" in officer.content()
    branch = sign_in(new_page(), world.branch)
    before = _dashboard_figures(branch)

    # A half-done draft: only the type and the place.
    worker.goto("/reports/new/")
    worker.select_option("[name=campaign]", str(campaigns.srijan.pk))
    worker.select_option("[name=activity_type]", str(campaigns.types["awareness_session"].pk))
    worker.fill("[name=place]", "शासकीय कन्या शाला, कोलार")
    shot(worker, "new-report")
    with worker.expect_navigation():
        worker.click(SAVE)
    report = ActivityReport.objects.get()
    assert report.status == ActivityReport.Status.DRAFT
    assert report.place == "शासकीय कन्या शाला, कोलार"

    # Later: back to the draft, finished with two photos, submitted.
    worker.goto(f"/reports/{report.pk}/edit/")
    assert worker.input_value("[name=place]") == "शासकीय कन्या शाला, कोलार"
    held_on = timezone.localdate() - datetime.timedelta(days=1)
    worker.fill("[name=held_on]", held_on.isoformat())
    worker.select_option("[name=district]", str(world.bhopal.pk))
    for name, value in {"girls": "45", "boys": "0", "women": "6", "men": "2"}.items():
        worker.fill(f"[name={name}]", value)
    worker.fill("[name=description]", "अच्छा स्पर्श, बुरा स्पर्श: कक्षा 6 से 8")
    worker.set_input_files(
        "[name=photos]", [_photo(tmp_path, "a.jpg", "navy"), _photo(tmp_path, "b.jpg", "teal")]
    )
    worker.check("[name=confirm_no_identity]")
    shot(worker, "completed-form")
    with worker.expect_navigation():
        worker.click(SUBMIT)
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.SUBMITTED
    assert report.photos.count() == 2
    shot(worker, "submitted")

    # The district officer returns it with a comment.
    officer.goto(f"/reports/{report.pk}/")
    officer.fill("form[action$='/return/'] [name=comment]", "लड़कों की संख्या जाँचें।")
    shot(officer, "return-with-comment")
    with officer.expect_navigation():
        officer.click("form[action$='/return/'] button[type=submit]")
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.RETURNED

    # The worker sees the comment, fixes the count and submits again.
    worker.goto(f"/reports/{report.pk}/edit/")
    assert "लड़कों की संख्या जाँचें।" in worker.locator("[role=alert]").first.inner_text()
    shot(worker, "returned")
    worker.fill("[name=boys]", "3")
    worker.check("[name=confirm_no_identity]")
    with worker.expect_navigation():
        worker.click(SUBMIT)
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.SUBMITTED
    assert report.boys == 3

    # The officer verifies; the plan's progress counts the girls reached.
    officer.goto(f"/reports/{report.pk}/")
    with officer.expect_navigation():
        officer.click("form[action$='/verify/'] button[type=submit]")
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.VERIFIED
    shot(officer, "verified")
    officer.goto(progress)
    assert "<strong>45</strong> / 400" in officer.content()
    shot(officer, "campaign-progress")

    # The branch's dashboard counts it at once: no nightly batch.
    after = _dashboard_figures(branch)
    assert after == {
        "reports": before["reports"] + 1,
        "girls": before["girls"] + 45,
        "people": before["people"] + 45 + 3 + 6 + 2,
    }
    shot(branch, "branch-dashboard")
