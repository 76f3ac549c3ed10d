"""Export and import pages of the registry (samanvay.directory.views_exchange)."""

import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samanvay.core.models import AuditEntry
from samanvay.directory import exchange
from samanvay.directory.models import NGO, FocusArea, PoliceUnit


@pytest.fixture
def english(client):
    client.cookies["samanvay_language"] = "en"
    return client


def csv_rows(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


def upload(rows, name="import.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"))


def unit_rows(*extra_rows):
    header = exchange.POLICE_UNIT_COLUMNS
    return [header, *extra_rows]


# --- export ------------------------------------------------------------------------------------


def test_anonymous_export_redirects_to_sign_in(world, client):
    response = client.get(reverse("directory:ngo_export", args=["csv"]))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_an_unknown_format_is_404(world, login_as):
    client = login_as(world.branch)
    assert client.get(reverse("directory:ngo_export", args=["pdf"])).status_code == 404
    assert client.get(reverse("directory:police_unit_export", args=["xls"])).status_code == 404


def test_export_is_an_attachment_with_a_dated_name(world, login_as):
    client = login_as(world.branch)
    response = client.get(reverse("directory:ngo_export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == exchange.XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="samanvay-ngos-20')
    assert disposition.endswith('.xlsx"')
    assert "no-store" in response["Cache-Control"]


def test_a_district_officer_exports_only_their_districts_units(world, login_as):
    client = login_as(world.officer_bhopal)
    for fmt, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        response = client.get(reverse("directory:police_unit_export", args=[fmt]))
        names = {row["name_en"] for row in read(response)}
        assert "Women Police Station Bhopal" in names
        assert "Police Station Kolar" in names
        assert "Women Police Station Indore" not in names


def test_the_branch_exports_every_unit_and_ngo(world, login_as):
    client = login_as(world.branch)
    units = csv_rows(client.get(reverse("directory:police_unit_export", args=["csv"])))
    assert {int(row["id"]) for row in units} == set(PoliceUnit.objects.values_list("pk", flat=True))
    ngos = xlsx_rows(client.get(reverse("directory:ngo_export", args=["xlsx"])))
    assert {row["id"] for row in ngos} == {world.ngo_a.pk, world.ngo_b.pk}


def test_an_ngo_coordinator_exports_only_their_ngo(world, login_as):
    client = login_as(world.coord_a)
    rows = csv_rows(client.get(reverse("directory:ngo_export", args=["csv"])))
    assert [row["name_en"] for row in rows] == ["Asha Sewa Sansthan"]
    assert rows[0]["name_hi"] == "आशा सेवा संस्थान"


def test_export_applies_the_list_filters(world, login_as):
    client = login_as(world.branch)
    url = reverse("directory:police_unit_export", args=["csv"])
    rows = csv_rows(client.get(url, {"district": "444", "kind": "police_station"}))
    assert [row["name_en"] for row in rows] == ["Police Station Kolar"]
    rows = csv_rows(client.get(url, {"q": "इंदौर"}))
    assert [row["name_en"] for row in rows] == ["Women Police Station Indore"]

    url = reverse("directory:ngo_export", args=["csv"])
    assert [r["name_en"] for r in csv_rows(client.get(url, {"focus_area": "trafficking"}))] == [
        "Bal Raksha Manch"
    ]
    NGO.objects.filter(pk=world.ngo_a.pk).update(verification="verified")
    assert [r["name_en"] for r in csv_rows(client.get(url, {"verification": "verified"}))] == [
        "Asha Sewa Sansthan"
    ]


def test_export_query_count_does_not_grow_with_rows(world, login_as, django_assert_max_num_queries):
    client = login_as(world.branch)
    urls = [
        reverse("directory:ngo_export", args=["xlsx"]),
        reverse("directory:police_unit_export", args=["csv"]),
    ]
    client.get(urls[0])  # the first request of a session does some one-off work
    baseline = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        baseline[url] = len(queries)
    for i in range(30):
        ngo = NGO.objects.create(name_en=f"NGO {i}", name_hi=f"संस्था {i}")
        ngo.districts.set([world.bhopal, world.indore])
        ngo.focus_areas.set(FocusArea.objects.all()[:3])
        PoliceUnit.objects.create(
            kind="police_station", district=world.bhopal, name_en=f"PS {i}", name_hi=f"थाना {i}"
        )
    with django_assert_max_num_queries(baseline[urls[0]]):
        response = client.get(urls[0])
    assert len(xlsx_rows(response)) == 32
    with django_assert_max_num_queries(baseline[urls[1]]):
        response = client.get(urls[1])
    assert len(csv_rows(response)) == 34


# --- import ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer_bhopal", "coord_a", "member_a", "observer"])
@pytest.mark.parametrize("name", ["directory:police_unit_import", "directory:ngo_import"])
def test_only_the_branch_may_open_import(world, login_as, persona, name):
    client = login_as(getattr(world, persona))
    assert client.get(reverse(name)).status_code == 403
    response = client.post(reverse(name), {"file": upload(unit_rows())})
    assert response.status_code == 403


def test_anonymous_import_redirects_to_sign_in(world, client):
    response = client.get(reverse("directory:ngo_import"))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_the_import_page_explains_the_columns_and_links_to_export(world, login_as, english):
    client = login_as(world.branch)
    response = client.get(reverse("directory:ngo_import"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert reverse("directory:ngo_export", args=["xlsx"]) in page
    for column in exchange.NGO_COLUMNS:
        assert f"<code>{column}</code>" in page
    assert "<code>trafficking</code>" in page


def test_a_good_file_is_imported_and_the_user_sees_the_counts(world, login_as, english):
    client = login_as(world.branch)
    rows = unit_rows(
        [
            "",
            "police_station",
            "थाना हबीबगंज",
            "Police Station Habibganj",
            "444",
            "+919876543210",
            "",
            "",
            "yes",
        ],
        [
            str(world.ps_bhopal.pk),
            "police_station",
            "थाना कोलार",
            "Police Station Kolar Road",
            "444",
            "",
            "",
            "",
            "yes",
        ],
    )
    response = client.post(
        reverse("directory:police_unit_import"), {"file": upload(rows)}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("directory:police_unit_list")
    assert "1 created, 1 updated" in response.content.decode()
    assert PoliceUnit.objects.filter(name_hi="थाना हबीबगंज", district=world.bhopal).exists()
    world.ps_bhopal.refresh_from_db()
    assert world.ps_bhopal.name_en == "Police Station Kolar Road"
    assert AuditEntry.objects.filter(action="import", object_type="directory.policeunit").exists()


def test_bad_rows_are_listed_by_row_number_and_nothing_is_saved(world, login_as, english):
    client = login_as(world.branch)
    header = exchange.NGO_COLUMNS
    good = ["", "नई संस्था", "New NGO", "", "444", "", "", "", "", "", "", "yes"]
    bad_darpan = ["", "क", "Bad Darpan", "MP/17/1", "444", "", "", "", "", "", "", "yes"]
    bad_district = ["", "ख", "Bad District", "", "12345", "", "", "", "", "", "", "yes"]
    missing_id = ["424242", "ग", "Ghost", "", "444", "", "", "", "", "", "", "yes"]
    before = NGO.objects.count()
    response = client.post(
        reverse("directory:ngo_import"),
        {"file": upload([header, good, [""] * 12, bad_darpan, bad_district, missing_id])},
    )
    assert response.status_code == 200
    errors = response.context["result"].errors
    assert sorted({number for number, _m in errors}) == [4, 5, 6]
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "12345" in page and "424242" in page
    assert NGO.objects.count() == before


def test_a_random_binary_file_gets_a_clear_message(world, login_as, english):
    client = login_as(world.branch)
    junk = SimpleUploadedFile("units.xlsx", bytes(range(256)) * 8)
    response = client.post(reverse("directory:police_unit_import"), {"file": junk})
    assert response.status_code == 200
    assert "not an XLSX or CSV file" in response.content.decode()


def test_a_non_utf8_csv_gets_a_clear_message(world, login_as, english):
    client = login_as(world.branch)
    content = "id,kind,name_hi\n,police_station,Thané\n".encode("cp1252")
    response = client.post(
        reverse("directory:police_unit_import"),
        {"file": SimpleUploadedFile("units.csv", content)},
    )
    assert response.status_code == 200
    assert "not in UTF-8" in response.content.decode()


def test_posting_without_a_file_shows_the_form_error(world, login_as):
    client = login_as(world.branch)
    response = client.post(reverse("directory:ngo_import"), {})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
