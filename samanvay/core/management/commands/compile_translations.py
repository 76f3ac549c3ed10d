"""Compile samanvay/locale/*/LC_MESSAGES/django.po into django.mo with polib.

Django's own compilemessages needs GNU gettext's msgfmt; this does not, so `make run` works on a
machine without gettext installed. Fuzzy entries are left out, as msgfmt does.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the .po translation catalogues into .mo files (no gettext binaries needed)."
    requires_system_checks = []  # the checks need the database, which may not exist yet

    def handle(self, *args, **options):
        catalogues = sorted(
            po_path
            for locale_dir in settings.LOCALE_PATHS
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po")
        )
        if not catalogues:
            self.stdout.write("No translation catalogues (.po) yet: nothing to compile.")
            return
        for po_path in catalogues:
            mo_path = po_path.with_suffix(".mo")
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(mo_path))
            self.stdout.write(f"Compiled {po_path} ({catalogue.percent_translated()}% translated).")
