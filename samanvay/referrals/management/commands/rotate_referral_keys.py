"""Key rotation: put a new key first in REFERRALS_ENCRYPTION_KEYS (keep the old ones after it),
run this command, then drop the old keys."""

from django.core.management.base import BaseCommand

from samanvay.referrals import crypto
from samanvay.referrals.services import rotate_keys


class Command(BaseCommand):
    help = "Re-encrypt protected referral records with the first key of REFERRALS_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="Only print a new key.")

    def handle(self, *args, new_key: bool = False, **options):
        if new_key:
            self.stdout.write(crypto.new_key())
            return
        self.stdout.write(f"protected records re-encrypted: {rotate_keys()}")
