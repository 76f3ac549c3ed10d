"""The privacy guard's question: does this text name anyone a referral protects?

The protected names are never held in clear: each is indexed by a keyed hash (`NameDigest`), and
the text's runs of one to four words are hashed the same way and looked up in one indexed query.
Only the records that match are decrypted, to say which names were found."""

from __future__ import annotations

from django.db.models import Q

from samanvay.referrals import crypto
from samanvay.referrals.models import NameDigest, Status


def protected_names_in(text: str) -> list[str]:
    """The names of protected persons and their guardians (of open referrals, and of closed ones
    not yet purged) that appear in `text` as whole words, case-insensitively."""
    if not text or not text.strip():
        return []
    digests = crypto.text_digests(text)
    if not digests:
        return []
    matches = (
        NameDigest.objects.filter(digest__in=digests)
        .filter(
            ~Q(record__referral__status=Status.CLOSED)
            | Q(record__referral__protected_purged_at__isnull=True)
        )
        .select_related("record")
    )
    names = []
    for match in matches:
        details = crypto.decrypt_json(match.record.data)
        # The person, or the guardian who leads to her.
        for field, field_digests in crypto.record_digests(details).items():
            name = details.get(field) or ""
            if name and name not in names and field_digests & digests:
                names.append(name)
    return names
