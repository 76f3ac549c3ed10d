"""Hindi is the default language: every string a user can see must have a real Hindi translation.

The test extracts the strings from the source as `makemessages` does (into a copy of the tree, so
the working copy is untouched) and fails on any msgid missing, empty or fuzzy in Hindi.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "samanvay" / "locale" / "hi" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install gettext (sudo apt install gettext)")
    copy = tmp_path_factory.mktemp("i18n") / "tree"
    shutil.copytree(
        ROOT / "samanvay",
        copy / "samanvay",
        ignore=shutil.ignore_patterns("__pycache__", "tests", "*.mo"),
    )
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    shutil.copytree(ROOT / "data", copy / "data")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "hi", "--no-obsolete", "--no-wrap"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "SAMANVAY_TESTING": "1", "PYTHONPATH": str(copy)},
    )
    return polib.pofile(str(copy / "samanvay" / "locale" / "hi" / "LC_MESSAGES" / "django.po"))


def test_every_string_has_a_hindi_translation(extracted):
    missing = [entry.msgid for entry in extracted if not entry.obsolete and not entry.translated()]
    assert missing == [], f"{len(missing)} strings lack a Hindi translation: {missing[:20]}"


def test_no_hindi_translation_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    fuzzy = [entry.msgid for entry in catalogue if "fuzzy" in entry.flags and not entry.obsolete]
    assert fuzzy == []


def test_the_committed_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.percent_translated() == 100
    assert len(catalogue) > 100
