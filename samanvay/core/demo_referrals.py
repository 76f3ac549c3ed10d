"""Demo data for referrals: the Bhopal services directory and three fictional referrals in Bhopal
in different states, with protected records whose names are marked as demo. Created once (matched
by `is_demo`); later loads leave them alone."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from samanvay.accounts.models import User
from samanvay.directory.models import NGO, District
from samanvay.referrals import services
from samanvay.referrals.models import Referral, ServiceContact

BHOPAL = 444
ASHA_SEWA = "MP/2016/0990001"

SERVICES = [
    ("cwc", "(डेमो) बाल कल्याण समिति, भोपाल", "0755-0000101"),
    ("dcpu", "(डेमो) जिला बाल संरक्षण इकाई, भोपाल", "0755-0000102"),
    ("one_stop_centre", "(डेमो) सखी वन स्टॉप सेंटर, भोपाल", "0755-0000103"),
    ("cmpo", "(डेमो) बाल विवाह प्रतिषेध अधिकारी, भोपाल", "0755-0000104"),
    ("shelter_home", "(डेमो) बालिका आश्रय गृह, भोपाल", "0755-0000105"),
]


@transaction.atomic
def load_demo_referrals(*, officer: User, coordinator: User, member: User) -> int:
    existing = Referral.objects.filter(is_demo=True)
    if existing.exists():
        return existing.count()
    bhopal = District.objects.get(code=BHOPAL)
    ngo = NGO.objects.get(darpan_id=ASHA_SEWA)
    directory = {}
    for kind, name, phone in SERVICES:
        directory[kind], _created = ServiceContact.objects.get_or_create(
            district=bhopal, kind=kind, name=name, defaults={"phone": phone}
        )

    marriage = services.raise_referral(
        actor=coordinator,
        kind="imminent_child_marriage",
        urgency="critical",
        district=bhopal,
        place="बैरसिया ब्लॉक, ग्राम (डेमो) नयापुरा",
        summary="15 वर्ष की एक बालिका का विवाह रविवार को तय होने की सूचना।",
        ngo=ngo,
        protected={"name": "(डेमो) काल्पनिक बालिका एक", "age": "15", "guardian": "(डेमो) पिता"},
    )
    services.assign(actor=coordinator, referral=marriage, caseworker=member)
    services.acknowledge(actor=officer, referral=marriage)
    services.start_action(actor=officer, referral=marriage, note="टीम गाँव रवाना")

    missing = services.raise_referral(
        actor=officer,
        kind="missing_girl",
        urgency="high",
        district=bhopal,
        place="कोलार, वार्ड (डेमो) 80",
        summary="16 वर्ष की बालिका शुक्रवार से घर नहीं लौटी।",
        ngo=ngo,
        protected={"name": "(डेमो) काल्पनिक बालिका दो", "age": "16"},
    )
    services.acknowledge(actor=officer, referral=missing)
    services.hand_over(actor=officer, referral=missing, service=directory["cwc"])
    services.close(actor=officer, referral=missing, outcome="traced_restored")

    labour = services.raise_referral(
        actor=coordinator,
        kind="bonded_labour",
        urgency="normal",
        district=bhopal,
        place="ईंट भट्ठा, (डेमो) फंदा ब्लॉक",
        summary="भट्ठे पर कुछ परिवारों से बंधुआ मजदूरी कराए जाने की सूचना।",
        ngo=ngo,
    )
    demo = [marriage.pk, missing.pk, labour.pk]
    Referral.objects.filter(pk__in=demo).update(is_demo=True)
    # Back-date the bonded labour referral so the demo shows an overdue acknowledgement.
    Referral.objects.filter(pk=labour.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    return len(demo)
