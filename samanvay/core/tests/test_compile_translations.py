import gettext
from io import StringIO

import polib
from django.core.management import call_command


def write_catalogue(locale_dir):
    messages = locale_dir / "hi" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "hi"}
    catalogue.append(polib.POEntry(msgid="Campaign", msgstr="अभियान"))
    catalogue.append(polib.POEntry(msgid="Report", msgstr="प्रतिवेदन", flags=["fuzzy"]))
    catalogue.save(str(messages / "django.po"))
    return messages


def test_it_compiles_po_files_into_mo_files_without_fuzzy_entries(settings, tmp_path):
    messages = write_catalogue(tmp_path)
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_translations", stdout=StringIO())
    with (messages / "django.mo").open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Campaign") == "अभियान"
    assert translations.gettext("Report") == "Report"


def test_it_says_so_when_there_is_nothing_to_compile(settings, tmp_path):
    settings.LOCALE_PATHS = [tmp_path]
    out = StringIO()
    call_command("compile_translations", stdout=out)
    assert "nothing to compile" in out.getvalue()
    assert not list(tmp_path.rglob("*.mo"))
