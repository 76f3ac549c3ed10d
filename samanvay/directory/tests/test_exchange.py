"""Export and import of police units and NGOs (samanvay.directory.exchange)."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from samanvay.core.models import AuditEntry
from samanvay.directory import exchange, selectors
from samanvay.directory.models import NGO, PoliceUnit

UNIT_HEADER = exchange.POLICE_UNIT_COLUMNS
NGO_HEADER = exchange.NGO_COLUMNS


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def csv_file(rows, *, name="units.csv", bom=True, encoding="utf-8") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    content = buffer.getvalue().encode(encoding)
    if bom:
        content = b"\xef\xbb\xbf" + content
    return SimpleUploadedFile(name, content, content_type="text/csv")


def xlsx_file(rows, *, name="units.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def unit_row(**values) -> list[str]:
    row = {
        "id": "",
        "kind": "police_station",
        "name_hi": "थाना हबीबगंज",
        "name_en": "Police Station Habibganj",
        "district_code": "444",
        "phone": "+919876543210",
        "email": "ps.habibganj@example.org",
        "address": "Habibganj, Bhopal",
        "is_active": "yes",
    }
    row.update(values)
    return [row[name] for name in UNIT_HEADER]


def ngo_row(**values) -> list[str]:
    row = {
        "id": "",
        "name_hi": "नारी शक्ति संगठन",
        "name_en": "Nari Shakti Sangathan",
        "darpan_id": "MP/2018/0300003",
        "district_codes": "444;439",
        "focus_areas": "pocso;trafficking",
        "phone": "+919876500000",
        "email": "info@narishakti.example.org",
        "website": "https://narishakti.example.org",
        "address": "Arera Colony, Bhopal",
        "verification": "verified",
        "is_active": "yes",
    }
    row.update(values)
    return [row[name] for name in NGO_HEADER]


# --- export ------------------------------------------------------------------------------------


def test_it_exports_police_units_as_csv_with_codes(world):
    content, content_type, filename = exchange.export_police_units(
        selectors.police_units_visible_to(world.branch), "csv"
    )
    rows = read_csv(content)
    assert content_type.startswith("text/csv")
    assert filename.startswith("samanvay-police-units-") and filename.endswith(".csv")
    assert rows[0] == UNIT_HEADER
    by_id = {row[0]: dict(zip(UNIT_HEADER, row, strict=True)) for row in rows[1:]}
    assert set(by_id) == {str(u.pk) for u in PoliceUnit.objects.all()}
    wps = by_id[str(world.wps_bhopal.pk)]
    assert wps["kind"] == "women_police_station"
    assert wps["district_code"] == "444"
    assert wps["name_hi"] == "महिला थाना भोपाल"
    assert wps["is_active"] == "yes"
    assert by_id[str(world.hq.pk)]["district_code"] == ""


def test_it_exports_ngos_as_xlsx_with_district_and_focus_codes(world):
    content, content_type, filename = exchange.export_ngos(
        selectors.ngos_visible_to(world.branch), "xlsx"
    )
    rows = read_xlsx(content)
    assert content_type == exchange.XLSX_CONTENT_TYPE
    assert filename.startswith("samanvay-ngos-") and filename.endswith(".xlsx")
    assert rows[0] == NGO_HEADER
    by_name = {row[2]: dict(zip(NGO_HEADER, row, strict=True)) for row in rows[1:]}
    a = by_name["Asha Sewa Sansthan"]
    assert a["id"] == world.ngo_a.pk
    assert a["name_hi"] == "आशा सेवा संस्थान"
    assert a["darpan_id"] == "MP/2017/0100001"
    assert a["district_codes"] == "444"
    assert a["focus_areas"] == "child_marriage;pocso"
    assert a["verification"] == "pending"


def test_it_exports_phone_numbers_in_e164_as_text(world):
    world.wps_bhopal.phone = "+919876543210"
    world.wps_bhopal.save()
    rows = read_xlsx(
        exchange.export_police_units(PoliceUnit.objects.filter(pk=world.wps_bhopal.pk), "xlsx")[0]
    )
    assert rows[1][UNIT_HEADER.index("phone")] == "+919876543210"
    rows = read_csv(
        exchange.export_police_units(PoliceUnit.objects.filter(pk=world.wps_bhopal.pk), "csv")[0]
    )
    assert rows[1][UNIT_HEADER.index("phone")] == "+919876543210"


def test_it_neutralises_formulas_in_csv_and_xlsx(world):
    NGO.objects.filter(pk=world.ngo_a.pk).update(
        name_en='=HYPERLINK("http://evil.example","x")', address="@SUM(1+1)", email="-2+3"
    )
    ngos = NGO.objects.filter(pk=world.ngo_a.pk)
    row = dict(zip(NGO_HEADER, read_csv(exchange.export_ngos(ngos, "csv")[0])[1], strict=True))
    assert row["name_en"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["address"] == "'@SUM(1+1)"
    assert row["email"] == "'-2+3"

    sheet = openpyxl.load_workbook(io.BytesIO(exchange.export_ngos(ngos, "xlsx")[0])).active
    name_cell = sheet.cell(row=2, column=NGO_HEADER.index("name_en") + 1)
    assert name_cell.data_type == "s"
    assert name_cell.value == '=HYPERLINK("http://evil.example","x")'


def test_export_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    def export_all():
        exchange.export_ngos(selectors.ngos_visible_to(world.branch), "xlsx")
        exchange.export_police_units(selectors.police_units_visible_to(world.branch), "csv")

    with django_assert_max_num_queries(4):
        export_all()
    for i in range(20):
        ngo = NGO.objects.create(name_en=f"NGO {i}", name_hi=f"संस्था {i}")
        ngo.districts.set([world.bhopal, world.indore])
        PoliceUnit.objects.create(
            kind="police_station", district=world.indore, name_en=f"PS {i}", name_hi=f"थाना {i}"
        )
    with django_assert_max_num_queries(4):
        export_all()


# --- import: success ---------------------------------------------------------------------------


def test_it_creates_and_updates_police_units(world):
    upload = csv_file(
        [
            UNIT_HEADER,
            unit_row(),
            unit_row(
                id=str(world.ps_bhopal.pk),
                kind="police_station",
                name_hi="थाना कोलार रोड",
                name_en="Police Station Kolar Road",
                district_code="444",
                is_active="नहीं",
            ),
        ]
    )
    result = exchange.import_police_units(user=world.branch, uploaded_file=upload)
    assert result.errors == []
    assert (result.created, result.updated) == (1, 1)
    new = PoliceUnit.objects.get(name_en="Police Station Habibganj")
    assert new.name_hi == "थाना हबीबगंज"
    assert new.district == world.bhopal
    assert new.phone.as_e164 == "+919876543210"
    world.ps_bhopal.refresh_from_db()
    assert world.ps_bhopal.name_hi == "थाना कोलार रोड"
    assert world.ps_bhopal.is_active is False
    entry = AuditEntry.objects.get(action="import")
    assert entry.object_type == "directory.policeunit"
    assert entry.object_label == "units.csv"
    assert entry.changes == {"created": 1, "updated": 1}
    assert AuditEntry.objects.filter(action="create", object_id=str(new.pk)).exists()


def test_it_creates_and_updates_ngos_from_xlsx(world):
    upload = xlsx_file(
        [
            NGO_HEADER,
            ngo_row(),
            ngo_row(
                id=world.ngo_b.pk,
                name_hi="बाल रक्षा मंच (इंदौर)",
                name_en="Bal Raksha Manch",
                darpan_id="MP/2019/0200002",
                district_codes=439,
                focus_areas="trafficking;child_marriage",
            ),
        ],
        name="ngos.xlsx",
    )
    result = exchange.import_ngos(user=world.branch, uploaded_file=upload)
    assert result.errors == []
    assert (result.created, result.updated) == (1, 1)
    new = NGO.objects.get(darpan_id="MP/2018/0300003")
    assert set(new.districts.values_list("code", flat=True)) == {444, 439}
    assert set(new.focus_areas.values_list("code", flat=True)) == {"pocso", "trafficking"}
    # verification is never taken from a file
    assert new.verification == NGO.Verification.PENDING
    world.ngo_b.refresh_from_db()
    assert world.ngo_b.name_hi == "बाल रक्षा मंच (इंदौर)"
    assert set(world.ngo_b.focus_areas.values_list("code", flat=True)) == {
        "trafficking",
        "child_marriage",
    }


def test_devanagari_survives_export_and_import(world):
    for fmt in ("csv", "xlsx"):
        content, _type, filename = exchange.export_ngos(
            selectors.ngos_visible_to(world.branch), fmt
        )
        result = exchange.import_ngos(
            user=world.branch, uploaded_file=SimpleUploadedFile(filename, content)
        )
        assert result.errors == []
        assert (result.created, result.updated) == (0, 0)
    world.ngo_a.refresh_from_db()
    assert world.ngo_a.name_hi == "आशा सेवा संस्थान"

    rows = read_csv(exchange.export_police_units(PoliceUnit.objects.all(), "csv")[0])
    for row in rows:
        if row[2] == "महिला थाना भोपाल":
            row[2] = "महिला थाना, भोपाल (शहर)"
    result = exchange.import_police_units(user=world.branch, uploaded_file=csv_file(rows))
    assert result.errors == []
    assert result.updated == 1
    world.wps_bhopal.refresh_from_db()
    assert world.wps_bhopal.name_hi == "महिला थाना, भोपाल (शहर)"


def test_a_formula_like_value_round_trips_without_the_apostrophe(world):
    PoliceUnit.objects.filter(pk=world.ps_bhopal.pk).update(address="-near the lake")
    content = exchange.export_police_units(PoliceUnit.objects.all(), "csv")[0]
    assert b"'-near the lake" in content
    result = exchange.import_police_units(
        user=world.branch, uploaded_file=SimpleUploadedFile("u.csv", content)
    )
    assert result.errors == []
    assert result.updated == 0
    world.ps_bhopal.refresh_from_db()
    assert world.ps_bhopal.address == "-near the lake"


def test_it_skips_empty_rows_and_reads_csv_without_bom(world):
    upload = csv_file([UNIT_HEADER, ["", "", ""], unit_row(), [""] * 9], bom=False)
    result = exchange.import_police_units(user=world.branch, uploaded_file=upload)
    assert result.errors == []
    assert result.created == 1


def test_it_reads_semicolon_separated_csv(world):
    content = ";".join(UNIT_HEADER) + "\r\n" + ";".join(unit_row()) + "\r\n"
    result = exchange.import_police_units(
        user=world.branch, uploaded_file=SimpleUploadedFile("u.csv", content.encode())
    )
    assert result.errors == []
    assert result.created == 1


def test_a_file_without_id_column_creates_every_row(world):
    header = [c for c in UNIT_HEADER if c != "id"]
    upload = csv_file([header, unit_row()[1:]])
    result = exchange.import_police_units(user=world.branch, uploaded_file=upload)
    assert result.errors == []
    assert result.created == 1


# --- import: refusals --------------------------------------------------------------------------


def test_it_reports_each_bad_ngo_row_by_number_and_saves_nothing(world):
    before = (NGO.objects.count(), AuditEntry.objects.count())
    upload = xlsx_file(
        [
            NGO_HEADER,
            ngo_row(),  # row 2: fine
            ngo_row(darpan_id="MP/17/123", name_en="NGO Three"),  # row 3
            ngo_row(darpan_id="", district_codes="444;99999", name_en="NGO Four"),  # row 4
            ngo_row(darpan_id="", phone="12345", name_en="NGO Five"),  # row 5
            ngo_row(darpan_id="", name_hi="", name_en="NGO Six"),  # row 6
            ngo_row(id="999999", darpan_id="", name_en="NGO Seven"),  # row 7
        ],
        name="ngos.xlsx",
    )
    result = exchange.import_ngos(user=world.branch, uploaded_file=upload)
    rows = {number for number, _message in result.errors}
    assert rows == {3, 4, 5, 6, 7}
    messages = dict(result.errors)
    assert "darpan_id" in messages[3]
    assert "99999" in messages[4] and "district_codes" in messages[4]
    assert "phone" in messages[5]
    assert "name_hi" in messages[6]
    assert "999999" in messages[7]
    assert (result.created, result.updated) == (0, 0)
    assert (NGO.objects.count(), AuditEntry.objects.count()) == before


def test_it_reports_bad_police_unit_rows(world):
    before = PoliceUnit.objects.count()
    upload = csv_file(
        [
            UNIT_HEADER,
            unit_row(district_code="12345"),  # row 2
            unit_row(name_en="PS Two", phone="not a phone"),  # row 3
            unit_row(name_en="PS Three", kind="fire_station"),  # row 4
            unit_row(name_en="PS Four", is_active="maybe"),  # row 5
            unit_row(name_en="PS Five", id="abc"),  # row 6
            unit_row(name_en="PS Six", district_code=""),  # row 7: needs a district
            unit_row(name_en="Police Station Kolar", district_code="444"),  # row 8: exists
        ]
    )
    result = exchange.import_police_units(user=world.branch, uploaded_file=upload)
    assert {number for number, _m in result.errors} == {2, 3, 4, 5, 6, 7, 8}
    assert PoliceUnit.objects.count() == before


def test_it_reports_duplicates_within_the_file(world):
    upload = xlsx_file(
        [
            NGO_HEADER,
            ngo_row(name_en="One", darpan_id="MP/2018/0300003"),
            ngo_row(name_en="Two", darpan_id="mp / 2018 / 0300003"),
            ngo_row(id=world.ngo_a.pk, name_en="Asha", darpan_id="MP/2017/0100001"),
            ngo_row(id=world.ngo_a.pk, name_en="Asha again", darpan_id=""),
        ]
    )
    result = exchange.import_ngos(user=world.branch, uploaded_file=upload)
    assert [number for number, _m in result.errors] == [3, 5]
    assert "row 2" in result.errors[0][1].lower()

    upload = csv_file([UNIT_HEADER, unit_row(), unit_row(name_en="police station HABIBGANJ")])
    result = exchange.import_police_units(user=world.branch, uploaded_file=upload)
    assert [number for number, _m in result.errors] == [3]
    assert not PoliceUnit.objects.filter(name_en__icontains="habibganj").exists()


def test_it_reports_unknown_and_missing_columns(world):
    header = [c for c in UNIT_HEADER if c != "kind"] + ["colour"]
    result = exchange.import_police_units(
        user=world.branch, uploaded_file=csv_file([header, ["x"] * len(header)])
    )
    messages = [m for _n, m in result.errors]
    assert any("colour" in m for m in messages)
    assert any("kind" in m and "missing" in m for m in messages)
    assert {n for n, _m in result.errors} == {1}


def test_it_refuses_a_csv_that_is_not_utf8(world):
    upload = csv_file([UNIT_HEADER, unit_row()], bom=False, encoding="utf-16")
    result = exchange.import_police_units(user=world.branch, uploaded_file=upload)
    assert result.errors and result.errors[0][0] is None
    assert "UTF-8" in result.errors[0][1]

    upload = csv_file([UNIT_HEADER, unit_row(name_hi="")], bom=False, encoding="utf-8")
    content = upload.read().replace(b"Police Station Habibganj", "Thané".encode("latin-1"))
    result = exchange.import_police_units(
        user=world.branch, uploaded_file=SimpleUploadedFile("latin.csv", content)
    )
    assert "UTF-8" in result.errors[0][1]


@pytest.mark.parametrize(
    "content",
    [bytes(range(256)) * 4, b"PK\x03\x04 this is not a real zip file", b"\xd0\xcf\x11\xe0\xa1\xb1"],
)
def test_it_refuses_a_file_that_is_neither_xlsx_nor_csv(world, content):
    before = PoliceUnit.objects.count()
    result = exchange.import_police_units(
        user=world.branch, uploaded_file=SimpleUploadedFile("units.xlsx", content)
    )
    assert len(result.errors) == 1
    assert result.errors[0][0] is None
    assert PoliceUnit.objects.count() == before


def test_it_detects_xlsx_by_content_not_by_name(world):
    upload = xlsx_file([UNIT_HEADER, unit_row()], name="units.csv")
    result = exchange.import_police_units(user=world.branch, uploaded_file=upload)
    assert result.errors == []
    assert result.created == 1


def test_it_refuses_files_over_the_limits(world, settings):
    settings.IMPORT_MAX_ROWS = 2
    rows = [UNIT_HEADER] + [unit_row(name_en=f"PS {i}") for i in range(3)]
    result = exchange.import_police_units(user=world.branch, uploaded_file=csv_file(rows))
    assert len(result.errors) == 1 and "2" in result.errors[0][1]

    settings.IMPORT_MAX_ROWS = 5000
    settings.IMPORT_MAX_BYTES = 100
    result = exchange.import_police_units(user=world.branch, uploaded_file=csv_file(rows))
    assert len(result.errors) == 1 and "MB" in result.errors[0][1]
    assert not PoliceUnit.objects.filter(name_en__startswith="PS ").exists()


def test_a_file_with_only_a_header_imports_nothing(world):
    result = exchange.import_police_units(user=world.branch, uploaded_file=csv_file([UNIT_HEADER]))
    assert len(result.errors) == 1


def test_only_the_branch_may_import(world):
    upload = csv_file([UNIT_HEADER, unit_row()])
    with pytest.raises(PermissionDenied):
        exchange.import_police_units(user=world.officer_bhopal, uploaded_file=upload)
    with pytest.raises(PermissionDenied):
        exchange.import_ngos(user=world.coord_a, uploaded_file=upload)


def test_a_row_reports_all_its_problems_at_once(world):
    upload = csv_file([UNIT_HEADER, unit_row(district_code="1", phone="12", is_active="perhaps")])
    result = exchange.import_police_units(user=world.branch, uploaded_file=upload)
    messages = [message for number, message in result.errors if number == 2]
    assert len(messages) == 3
    assert any("district_code" in m for m in messages)
    assert any("phone" in m for m in messages)
    assert any("is_active" in m for m in messages)


def test_an_empty_is_active_keeps_the_unit_as_it_is(world):
    PoliceUnit.objects.filter(pk=world.ps_bhopal.pk).update(is_active=False)
    row = unit_row(id=str(world.ps_bhopal.pk), name_en="Police Station Kolar", name_hi="थाना कोलार")
    row[UNIT_HEADER.index("is_active")] = ""
    result = exchange.import_police_units(
        user=world.branch, uploaded_file=csv_file([UNIT_HEADER, row, unit_row(is_active="")])
    )
    assert result.errors == []
    world.ps_bhopal.refresh_from_db()
    assert world.ps_bhopal.is_active is False
    assert PoliceUnit.objects.get(name_en="Police Station Habibganj").is_active is True


def test_empty_formatted_rows_do_not_count_against_the_row_limit(world, settings):
    settings.IMPORT_MAX_ROWS = 2
    rows = [UNIT_HEADER, unit_row(name_en="PS 1"), unit_row(name_en="PS 2")] + [[""] * 9] * 50
    result = exchange.import_police_units(user=world.branch, uploaded_file=xlsx_file(rows))
    assert result.errors == []
    assert result.created == 2
