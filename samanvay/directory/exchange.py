"""Import and export of police units and NGOs as XLSX and CSV.

Export writes exactly the queryset it is given (the caller scopes and filters it). Import reads a
file with the export's columns, checks every row through the registry's own forms, and saves all
rows or none: a spreadsheet that is half imported is worse than one that is refused.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samanvay.accounts import rules
from samanvay.core import audit
from samanvay.core.models import AuditEntry
from samanvay.directory import selectors, services
from samanvay.directory.forms import NGOForm, PoliceUnitForm
from samanvay.directory.models import NGO, District, FocusArea, PoliceUnit
from samanvay.lib.darpan import normalise_darpan_id

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")

POLICE_UNIT_COLUMNS = [
    "id",
    "kind",
    "name_hi",
    "name_en",
    "district_code",
    "phone",
    "email",
    "address",
    "is_active",
]
NGO_COLUMNS = [
    "id",
    "name_hi",
    "name_en",
    "darpan_id",
    "district_codes",
    "focus_areas",
    "phone",
    "email",
    "website",
    "address",
    "verification",
    "is_active",
]
# Columns a file may leave out: without "id" every row is new; verification is never imported.
OPTIONAL_COLUMNS = {"id", "verification"}

# What each column holds, for the import page.
POLICE_UNIT_COLUMN_HELP = [
    ("id", gettext_lazy("Number of the police unit. Empty for a new one.")),
    (
        "kind",
        gettext_lazy("hq_branch, district_police, women_police_station or police_station."),
    ),
    ("name_hi", gettext_lazy("Name in Hindi.")),
    ("name_en", gettext_lazy("Name in English.")),
    ("district_code", gettext_lazy("LGD code of the district. Empty only for the HQ branch.")),
    ("phone", gettext_lazy("Phone number, e.g. +917552443333.")),
    ("email", gettext_lazy("Email address.")),
    ("address", gettext_lazy("Postal address.")),
    ("is_active", gettext_lazy("yes or no.")),
]
NGO_COLUMN_HELP = [
    ("id", gettext_lazy("Number of the NGO. Empty for a new one.")),
    ("name_hi", gettext_lazy("Name in Hindi.")),
    ("name_en", gettext_lazy("Name in English.")),
    ("darpan_id", gettext_lazy("NGO Darpan ID, e.g. MP/2017/0123456.")),
    (
        "district_codes",
        gettext_lazy("LGD codes of the districts of work, separated by ; (e.g. 444;439)."),
    ),
    ("focus_areas", gettext_lazy("Codes of the focus areas, separated by ;.")),
    ("phone", gettext_lazy("Phone number, e.g. +917552443333.")),
    ("email", gettext_lazy("Email address.")),
    ("website", gettext_lazy("Website address.")),
    ("address", gettext_lazy("Postal address.")),
    ("verification", gettext_lazy("Shown for information. It is not changed by an import.")),
    ("is_active", gettext_lazy("yes or no.")),
]

# Excel and LibreOffice run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A phone number in E.164 is a number to a spreadsheet, not a formula: kept as it is.
E164 = re.compile(r"^\+\d{6,15}$")
# Characters that XML (and so XLSX) cannot hold.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

YES = {"yes", "y", "true", "1", "हाँ", "हां", "ha", "haan"}
NO = {"no", "n", "false", "0", "नहीं", "नही", "nahin"}

NOT_UTF8 = gettext_lazy(
    "This CSV file is not in UTF-8, so Hindi text would be lost. In Excel, choose Save As, then "
    "“CSV UTF-8 (Comma delimited)”, or upload an XLSX file."
)

# An XLSX is a zip; refuse one whose contents would unpack to far more than the upload limit.
XLSX_MAX_EXPANSION = 20


# --- export ------------------------------------------------------------------------------------


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _phone(value) -> str:
    return value.as_e164 if value else ""


def police_unit_rows(units: Iterable[PoliceUnit]) -> Iterator[list[Any]]:
    for unit in units:
        yield [
            unit.pk,
            unit.kind,
            unit.name_hi,
            unit.name_en,
            unit.district.code if unit.district_id else "",
            _phone(unit.phone),
            unit.email,
            unit.address,
            _yes_no(unit.is_active),
        ]


def ngo_rows(ngos: Iterable[NGO]) -> Iterator[list[Any]]:
    for ngo in ngos:
        yield [
            ngo.pk,
            ngo.name_hi,
            ngo.name_en,
            ngo.darpan_id or "",
            ";".join(str(code) for code in sorted(d.code for d in ngo.districts.all())),
            ";".join(sorted(f.code for f in ngo.focus_areas.all())),
            _phone(ngo.phone),
            ngo.email,
            ngo.website,
            ngo.address,
            ngo.verification,
            _yes_no(ngo.is_active),
        ]


def csv_safe(value: Any) -> Any:
    """Neutralise a cell that a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not E164.match(value):
        return "'" + value
    return value


def write_csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    # With the byte order mark, Excel on Windows reads the file as UTF-8 and shows Devanagari.
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(header: list[str], rows: Iterable[list[Any]], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value, **style):
        if isinstance(value, str):
            value = ILLEGAL_XML.sub("", value)
        result = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            # A string stays a string, even when it starts with "=": never a formula.
            result.data_type = "s"
        for name, setting in style.items():
            setattr(result, name, setting)
        return result

    sheet.append([cell(name, font=bold) for name in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export(header, rows, *, fmt: str, name: str) -> tuple[bytes, str, str]:
    filename = f"samanvay-{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        return write_xlsx(header, rows, title=name), XLSX_CONTENT_TYPE, filename
    if fmt == "csv":
        return write_csv(header, rows), CSV_CONTENT_TYPE, filename
    raise ValueError(f"unknown export format {fmt!r}")


def export_police_units(queryset: QuerySet, fmt: str) -> tuple[bytes, str, str]:
    """The units of `queryset` as a file: (content, content type, file name)."""
    units = queryset.select_related("district")
    return _export(POLICE_UNIT_COLUMNS, police_unit_rows(units), fmt=fmt, name="police-units")


def export_ngos(queryset: QuerySet, fmt: str) -> tuple[bytes, str, str]:
    """The NGOs of `queryset` as a file: (content, content type, file name)."""
    ngos = queryset.prefetch_related("districts", "focus_areas")
    return _export(NGO_COLUMNS, ngo_rows(ngos), fmt=fmt, name="ngos")


# --- import: reading the file ------------------------------------------------------------------


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""


@dataclass
class ImportResult:
    """What an import did: either errors (and nothing saved) or the counts of saved rows.

    `errors` holds (row number as shown in the spreadsheet, message); row None is about the file.
    """

    errors: list[tuple[int | None, str]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_zip_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise FileProblem(_("This file could not be read as an Excel workbook (XLSX).")) from error
    if unpacked > XLSX_MAX_EXPANSION * settings.IMPORT_MAX_BYTES:
        raise FileProblem(_("This workbook is too large to import."))


Rows = list[tuple[int, list[str]]]


def _collect(rows: Iterable[Iterable[Any]], *, max_rows: int) -> Rows:
    """(row number, cells as text) of the header and of every row that is not empty.

    Spreadsheets often carry thousands of formatted but empty rows: they do not count.
    """
    collected: Rows = []
    for number, values in enumerate(rows, start=1):
        cells = [_cell_text(v) for v in values]
        if number == 1 or any(cells):
            collected.append((number, cells))
        if len(collected) > max_rows + 1:
            raise FileProblem(
                _("A file can have at most %(count)s rows. Split it into smaller files.")
                % {"count": max_rows}
            )
    return collected


def read_xlsx(data: bytes, *, max_rows: int) -> Rows:
    from openpyxl import load_workbook

    _check_zip_size(data)
    try:
        with warnings.catch_warnings():
            # Workbooks from other programs often carry features openpyxl warns about and skips.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                return _collect(sheet.iter_rows(values_only=True), max_rows=max_rows)
            finally:
                workbook.close()
    except FileProblem:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        raise FileProblem(_("This file could not be read as an Excel workbook (XLSX).")) from error


def read_csv(data: bytes, *, max_rows: int) -> Rows:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(NOT_UTF8) from error
    first_line = text.split("\n", 1)[0]
    # Excel writes ";" instead of "," in some regional settings.
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return _collect(reader, max_rows=max_rows)
    except csv.Error as error:
        raise FileProblem(
            _("This CSV file could not be read: %(error)s") % {"error": error}
        ) from error


def read_table(data: bytes) -> Rows:
    """The header and the non-empty rows of the file, with their row numbers. Raises
    FileProblem when the file cannot be read."""
    max_rows = settings.IMPORT_MAX_ROWS
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    if data.startswith(b"PK"):
        return read_xlsx(data, max_rows=max_rows)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _("Old Excel files (.xls) cannot be read. In Excel, save the file as XLSX first.")
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(NOT_UTF8)
    if b"\x00" in data[:4096]:
        raise FileProblem(_("This is not an XLSX or CSV file."))
    return read_csv(data, max_rows=max_rows)


def _unescape(value: str) -> str:
    """Undo the apostrophe that export puts before a formula-like cell."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def read_records(rows: Rows, *, columns: list[str], errors: list) -> list[tuple[int, dict]]:
    """(row number, {column: text}) for each data row; problems go to `errors`."""
    header = [name.strip().lower() for name in rows[0][1]] if rows else []
    while header and not header[-1]:
        header.pop()
    if not header:
        message = _("The first row must name the columns: %(columns)s.")
        errors.append((1, message % {"columns": ", ".join(columns)}))
        return []
    seen = set()
    for name in header:
        if name not in columns:
            message = _("Unknown column “%(name)s”. The columns are: %(columns)s.")
            errors.append((1, message % {"name": name, "columns": ", ".join(columns)}))
        elif name in seen:
            errors.append((1, _("The column “%(name)s” appears twice.") % {"name": name}))
        seen.add(name)
    for name in columns:
        if name not in seen and name not in OPTIONAL_COLUMNS:
            errors.append((1, _("The column “%(name)s” is missing.") % {"name": name}))
    if errors:
        return []

    records = []
    for number, values in rows[1:]:
        if any(values[len(header) :]):
            errors.append((number, _("This row has values beyond the last column.")))
            continue
        values = values + [""] * (len(header) - len(values))
        cells = zip(header, values[: len(header)], strict=True)
        records.append((number, {name: _unescape(v) for name, v in cells}))
    if not records and not errors:
        errors.append((None, _("The file has no rows to import.")))
    return records


# --- import: rows to forms ---------------------------------------------------------------------


class RowProblem(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


def _parse_bool(value: str) -> bool | None:
    text = value.strip().lower()
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise RowProblem("is_active", _("Write yes or no."))


def _parse_id(value: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise RowProblem("id", _("“%(value)s” is not a number.") % {"value": value}) from None


def _attempt(problems: list[RowProblem], convert: Callable, *args, default=None, **kwargs):
    """The converted value, or `default` with the problem noted: a row reports all its problems."""
    try:
        return convert(*args, **kwargs)
    except RowProblem as problem:
        problems.append(problem)
        return default


def _codes(value: str) -> list[str]:
    return [code.strip() for code in re.split(r"[;,]", value) if code.strip()]


class _Lookups:
    """Reference data read once per import: districts by LGD code, focus areas by code."""

    def __init__(self):
        self.districts = dict(District.objects.values_list("code", "pk"))
        self.focus_areas = dict(FocusArea.objects.values_list("code", "pk"))

    def district(self, column: str, code: str) -> int:
        try:
            return self.districts[int(code)]
        except (KeyError, ValueError):
            raise RowProblem(
                column, _("No district has the LGD code “%(code)s”.") % {"code": code}
            ) from None

    def focus_area(self, code: str) -> int:
        try:
            return self.focus_areas[code.lower()]
        except KeyError:
            raise RowProblem(
                "focus_areas",
                _("Unknown focus area “%(code)s”. Use one of: %(codes)s.")
                % {"code": code, "codes": ", ".join(self.focus_areas)},
            ) from None


@dataclass
class Section:
    """What differs between importing police units and NGOs."""

    columns: list[str]
    form_class: type[ModelForm]
    object_type: str
    # form field name → file column, where they differ
    field_columns: dict[str, str]
    visible: Callable  # user → queryset of what the user can see
    can_change: Callable[[Any, Any], bool]
    to_data: Callable[[dict[str, str], Any, _Lookups, list[RowProblem]], dict[str, Any]]
    duplicate_keys: Callable[[dict[str, Any]], list[tuple[str, Any]]]
    no_such_id: Any


def _unit_data(record: dict[str, str], instance, lookups: _Lookups, problems) -> dict[str, Any]:
    code = record["district_code"]
    return {
        "kind": record["kind"],
        "name_hi": record["name_hi"],
        "name_en": record["name_en"],
        "district": _attempt(problems, lookups.district, "district_code", code, default="")
        if code
        else "",
        "phone": record["phone"],
        "email": record["email"],
        "address": record["address"],
        "is_active": _active(record, instance, problems),
    }


def _active(record: dict[str, str], instance, problems) -> bool:
    """Empty means unchanged (or active, for a new row)."""
    value = _attempt(problems, _parse_bool, record["is_active"])
    if value is None:
        return instance.is_active if instance else True
    return value


def _ngo_data(record: dict[str, str], instance, lookups: _Lookups, problems) -> dict[str, Any]:
    districts = [
        _attempt(problems, lookups.district, "district_codes", code)
        for code in _codes(record["district_codes"])
    ]
    focus_areas = [
        _attempt(problems, lookups.focus_area, code) for code in _codes(record["focus_areas"])
    ]
    return {
        "name_hi": record["name_hi"],
        "name_en": record["name_en"],
        "darpan_id": record["darpan_id"],
        "districts": [pk for pk in districts if pk is not None],
        "focus_areas": [pk for pk in focus_areas if pk is not None],
        "phone": record["phone"],
        "email": record["email"],
        "website": record["website"],
        "address": record["address"],
        "is_active": _active(record, instance, problems),
    }


def _unit_keys(data: dict[str, Any]) -> list[tuple[str, Any]]:
    name = (data.get("name_en") or "").strip().casefold()
    return [("name_en", (data.get("district") or None, name))] if name else []


def _ngo_keys(data: dict[str, Any]) -> list[tuple[str, Any]]:
    darpan = normalise_darpan_id(data.get("darpan_id") or "")
    return [("darpan_id", darpan)] if darpan else []


POLICE_UNITS = Section(
    columns=POLICE_UNIT_COLUMNS,
    form_class=PoliceUnitForm,
    object_type="directory.policeunit",
    field_columns={"district": "district_code"},
    visible=lambda user: selectors.police_units_visible_to(user),
    can_change=rules.can_change_police_unit,
    to_data=_unit_data,
    duplicate_keys=_unit_keys,
    no_such_id=gettext_lazy("There is no police unit with the id %(id)s that you can change."),
)
NGOS = Section(
    columns=NGO_COLUMNS,
    form_class=NGOForm,
    object_type="directory.ngo",
    field_columns={"districts": "district_codes"},
    visible=lambda user: selectors.ngos_visible_to(user),
    can_change=rules.can_change_ngo,
    to_data=_ngo_data,
    duplicate_keys=_ngo_keys,
    no_such_id=gettext_lazy("There is no NGO with the id %(id)s that you can change."),
)

DUPLICATE_MESSAGES = {
    "id": gettext_lazy("The id %(value)s is also in row %(row)s."),
    "name_en": gettext_lazy("Row %(row)s has the same name in the same district."),
    "darpan_id": gettext_lazy("Row %(row)s has the same Darpan ID."),
}


def _column_error(section: Section, column: str, message: str) -> str:
    """“district (column district_code): Select a valid choice.”, in the user's language."""
    if column in ("__all__", ""):
        return str(message)
    name = {col: fld for fld, col in section.field_columns.items()}.get(column, column)
    form_field = section.form_class.base_fields.get(name)
    if form_field is None or not form_field.label:
        return _("Column %(column)s: %(error)s") % {"column": column, "error": message}
    return _("%(label)s (column %(column)s): %(error)s") % {
        "label": capfirst(form_field.label),
        "column": column,
        "error": message,
    }


def _read(section: Section, uploaded_file, result: ImportResult):
    limit = settings.IMPORT_MAX_BYTES
    too_large = FileProblem(
        _("The file is larger than %(size)s MB.") % {"size": round(limit / (1024 * 1024), 1)}
    )
    if (getattr(uploaded_file, "size", None) or 0) > limit:
        raise too_large
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise too_large
    return read_records(read_table(data), columns=section.columns, errors=result.errors)


def _validate(section: Section, *, user, records, result: ImportResult) -> list[ModelForm]:
    ids = set()
    for _number, record in records:
        try:
            if pk := _parse_id(record.get("id", "")):
                ids.add(pk)
        except RowProblem:
            pass
    instances = {obj.pk: obj for obj in section.visible(user).filter(pk__in=ids)} if ids else {}
    lookups = _Lookups()
    seen: dict[tuple[str, Any], int] = {}
    forms = []
    for number, record in records:
        problems: list[RowProblem] = []
        pk = _attempt(problems, _parse_id, record.get("id", ""))
        instance = instances.get(pk) if pk else None
        if pk and (instance is None or not section.can_change(user, instance)):
            problems.append(RowProblem("id", str(section.no_such_id) % {"id": pk}))
        data = section.to_data(record, instance, lookups, problems)
        row_errors = [_column_error(section, p.column, p.message) for p in problems]
        keys = [("id", pk)] if pk else []
        for key in keys + section.duplicate_keys(data):
            if key in seen:
                message = DUPLICATE_MESSAGES[key[0]] % {"value": key[1], "row": seen[key]}
                row_errors.append(str(message))
            else:
                seen[key] = number
        form = section.form_class(data, user=user, instance=instance)
        if not form.is_valid():
            # A column already reported above is not reported again in the form's words.
            reported = {p.column for p in problems}
            for name, messages in form.errors.items():
                column = section.field_columns.get(name, name)
                if column not in reported:
                    row_errors += [_column_error(section, column, m) for m in messages]
        if row_errors:
            result.errors += [(number, message) for message in row_errors]
        else:
            forms.append(form)
    return forms


def _import(section: Section, *, user, uploaded_file) -> ImportResult:
    result = ImportResult()
    try:
        records = _read(section, uploaded_file, result)
    except FileProblem as problem:
        result.errors.append((None, str(problem)))
        return result
    if result.errors:
        return result
    forms = _validate(section, user=user, records=records, result=result)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for form in forms:
                if form.instance.pk is None:
                    services.save_form_with_audit(actor=user, form=form)
                    result.created += 1
                elif form.has_changed():
                    services.save_form_with_audit(actor=user, form=form)
                    result.updated += 1
                else:
                    result.unchanged += 1
            audit.record(
                actor=user,
                action=AuditEntry.Action.IMPORT,
                object_type=section.object_type,
                label=getattr(uploaded_file, "name", "") or "",
                changes={"created": result.created, "updated": result.updated},
            )
    except IntegrityError:
        # Rows that are each fine can still clash with each other (e.g. two NGOs swapping IDs).
        result.created = result.updated = result.unchanged = 0
        result.errors.append(
            (None, _("Some rows conflict with each other or with the registry. Nothing was saved."))
        )
    return result


def import_police_units(*, user, uploaded_file) -> ImportResult:
    """Create and update police units from an XLSX or CSV file: all rows, or none."""
    if not rules.can_import(user, "police_units"):
        raise PermissionDenied
    return _import(POLICE_UNITS, user=user, uploaded_file=uploaded_file)


def import_ngos(*, user, uploaded_file) -> ImportResult:
    """Create and update NGOs from an XLSX or CSV file: all rows, or none."""
    if not rules.can_import(user, "ngos"):
        raise PermissionDenied
    return _import(NGOS, user=user, uploaded_file=uploaded_file)
