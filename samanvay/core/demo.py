"""The demo data set behind `make run`: one login per role, on the real 55 districts.

Everything here is fictional and marked as such: NGOs and people carry `is_demo=True` and names
that begin with "(डेमो)" / "Demo". Loading is idempotent (rows are matched by natural keys:
usernames, Darpan IDs, names), so `make run` can load it on every start. Officers get a TOTP device
with a fixed key, so a newcomer can add it to an authenticator app once, and fresh recovery codes on
every load. Never load this into a production database: the command refuses unless DEBUG is on.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samanvay.accounts.models import Role, User
from samanvay.accounts.services import RECOVERY_CODE_COUNT, RECOVERY_DEVICE_NAME
from samanvay.directory.models import (
    NGO,
    District,
    FocusArea,
    Membership,
    Person,
    PoliceUnit,
    ShaktiSamiti,
)
from samanvay.directory.reference import load_reference_data

DEMO_PASSWORD = "Samanvay@Demo2026"  # noqa: S105 - public on purpose: it is printed by `make run`
DEMO_EMAIL_DOMAIN = "example.org"
TOTP_DEVICE_NAME = "demo authenticator"

HQ_NAME_EN = "Women Safety Branch, Police HQ"
HQ_NAME_HI = "महिला सुरक्षा शाखा, पुलिस मुख्यालय"

BHOPAL, INDORE = 444, 439


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    first_name: str
    last_name: str
    designation: str
    description: str  # in English, for the console and the README
    district_code: int | None = None
    ngo_darpan_id: str | None = None
    # 20 bytes as 40 hex digits; fixed so that an authenticator app keeps working across loads.
    totp_key_hex: str | None = None

    @property
    def email(self) -> str:
        return f"{self.username}@{DEMO_EMAIL_DOMAIN}"

    @property
    def totp_base32(self) -> str | None:
        if self.totp_key_hex is None:
            return None
        return base64.b32encode(bytes.fromhex(self.totp_key_hex)).decode("ascii")


# (Darpan ID, English name, Hindi name, district codes, focus area codes, verified?)
DEMO_NGOS = [
    (
        "MP/2016/0990001",
        "Asha Sewa Sansthan",
        "आशा सेवा संस्थान",
        [444, 445],
        ["child_marriage", "pocso", "good_touch"],
        True,
    ),
    (
        "MP/2017/0990002",
        "Bal Raksha Manch",
        "बाल रक्षा मंच",
        [439, 438],
        ["trafficking", "missing_girls"],
        True,
    ),
    (
        "MP/2018/0990003",
        "Nari Chetna Samiti",
        "नारी चेतना समिति",
        [421, 422],
        ["legal_awareness", "gender_equality"],
        True,
    ),
    (
        "MP/2019/0990004",
        "Srijan Yuva Mandal",
        "सृजन युवा मंडल",
        [451, 450],
        ["good_touch", "shakti_samiti"],
        False,
    ),
    (
        "MP/2016/0990005",
        "Mukti Marg Trust",
        "मुक्ति मार्ग ट्रस्ट",
        [427, 425],
        ["bonded_labour", "rescue"],
        True,
    ),
    (
        "MP/2020/0990006",
        "Jan Jagriti Kalyan Samiti",
        "जन जागृति कल्याण समिति",
        [430, 429, 462],
        ["child_marriage", "legal_awareness"],
        False,
    ),
    (
        "MP/2017/0990007",
        "Vanvasi Mahila Vikas Sangh",
        "वनवासी महिला विकास संघ",
        [464, 465, 441],
        ["trafficking", "bonded_labour"],
        True,
    ),
    (
        "MP/2021/0990008",
        "Ujala Nari Kalyan Kendra",
        "उजाला नारी कल्याण केंद्र",
        [435, 437],
        ["legal_awareness", "pocso"],
        False,
    ),
    (
        "MP/2018/0990009",
        "Sahara Bal Kalyan Samiti",
        "सहारा बाल कल्याण समिति",
        [460, 431, 461],
        ["missing_girls", "jj_act"],
        True,
    ),
    (
        "MP/2022/0990010",
        "Narmada Seva Nyas",
        "नर्मदा सेवा न्यास",
        [449, 447, 448],
        ["community_policing", "shakti_samiti"],
        False,
    ),
    (
        "MP/2015/0990011",
        "Disha Vidhik Sahayata Kendra",
        "दिशा विधिक सहायता केंद्र",
        [444, 443, 446],
        ["legal_awareness", "pocso", "jj_act"],
        True,
    ),
    (
        "MP/2023/0990012",
        "Sakhi Saheli Foundation",
        "सखी सहेली फाउंडेशन",
        [433, 432, 434],
        ["gender_equality", "child_marriage"],
        False,
    ),
]
COORDINATED_NGO = DEMO_NGOS[0][0]  # Asha Sewa Sansthan works in Bhopal: the NGO demo logins

DEMO_ACCOUNTS = [
    DemoAccount(
        username="branch.demo",
        role=Role.BRANCH,
        first_name="(डेमो) सुनीता",
        last_name="वर्मा",
        designation="उप पुलिस अधीक्षक, महिला सुरक्षा शाखा",
        description="Women Safety Branch officer (statewide)",
        totp_key_hex=b"samanvay-demo-branch".hex(),
    ),
    DemoAccount(
        username="wps.bhopal.demo",
        role=Role.DISTRICT_OFFICER,
        first_name="(डेमो) रेखा",
        last_name="सिंह",
        designation="निरीक्षक, महिला थाना प्रभारी",
        description="District officer, women police station Bhopal",
        district_code=BHOPAL,
        totp_key_hex=b"samanvay-demo-bhopal".hex(),
    ),
    DemoAccount(
        username="ngo.coord.demo",
        role=Role.NGO_COORDINATOR,
        first_name="(डेमो) अनीता",
        last_name="शर्मा",
        designation="समन्वयक",
        description="NGO coordinator, (Demo) Asha Sewa Sansthan, Bhopal",
        ngo_darpan_id=COORDINATED_NGO,
    ),
    DemoAccount(
        username="ngo.member.demo",
        role=Role.NGO_MEMBER,
        first_name="(डेमो) पूजा",
        last_name="यादव",
        designation="फील्ड कार्यकर्ता",
        description="NGO member, (Demo) Asha Sewa Sansthan, Bhopal",
        ngo_darpan_id=COORDINATED_NGO,
    ),
    DemoAccount(
        username="observer.demo",
        role=Role.OBSERVER,
        first_name="(डेमो) मीना",
        last_name="पटेल",
        designation="पर्यवेक्षक, महिला एवं बाल विकास विभाग",
        description="Observer (Women & Child Development)",
    ),
]

# Police stations of Bhopal and Indore: (district code, English name, Hindi name).
DEMO_POLICE_STATIONS = [
    (BHOPAL, "Police Station Kolar", "थाना कोलार"),
    (BHOPAL, "Police Station TT Nagar", "थाना टीटी नगर"),
    (BHOPAL, "Police Station Misrod", "थाना मिसरोद"),
    (INDORE, "Police Station Vijay Nagar", "थाना विजय नगर"),
    (INDORE, "Police Station Rau", "थाना राऊ"),
    (INDORE, "Police Station Khajrana", "थाना खजराना"),
]

# Shakti Samitis: (name, kind, district code, place, English name of the linked police unit).
DEMO_SAMITIS = [
    ("(डेमो) शक्ति समिति कोलार", "ward", BHOPAL, "कोलार रोड", "Police Station Kolar"),
    (
        "(डेमो) शक्ति समिति शासकीय कन्या विद्यालय",
        "school",
        BHOPAL,
        "टीटी नगर",
        "Police Station TT Nagar",
    ),
    ("(डेमो) शक्ति समिति राऊ", "village", INDORE, "राऊ", "Police Station Rau"),
    ("(डेमो) शक्ति समिति महाविद्यालय", "college", 451, "जबलपुर", "Women Police Station Jabalpur"),
    ("(डेमो) शक्ति समिति वस्त्र उद्योग", "workplace", 421, "ग्वालियर", "Women Police Station Gwalior"),
]

# Field workers of the demo NGOs who have no login: (Darpan ID, name, membership role).
DEMO_NGO_PEOPLE = [
    ("MP/2016/0990001", "(डेमो) कविता मालवीय", Membership.Role.VOLUNTEER),
    ("MP/2017/0990002", "(डेमो) संजय जोशी", Membership.Role.COORDINATOR),
    ("MP/2017/0990002", "(डेमो) फ़ातिमा ख़ान", Membership.Role.MEMBER),
    ("MP/2018/0990003", "(डेमो) ममता तोमर", Membership.Role.COORDINATOR),
    ("MP/2019/0990004", "(डेमो) राहुल तिवारी", Membership.Role.COORDINATOR),
    ("MP/2016/0990005", "(डेमो) प्रकाश अहिरवार", Membership.Role.COORDINATOR),
    ("MP/2017/0990007", "(डेमो) सीता भूरिया", Membership.Role.COORDINATOR),
    ("MP/2018/0990009", "(डेमो) आरती सिंह", Membership.Role.COORDINATOR),
    ("MP/2015/0990011", "(डेमो) नेहा श्रीवास्तव", Membership.Role.COORDINATOR),
]

# In-charges of women police stations who have no login: (district code, name).
DEMO_WPS_IN_CHARGES = [
    (INDORE, "(डेमो) ज्योति ठाकुर"),
    (421, "(डेमो) सरिता भदौरिया"),
    (451, "(डेमो) उषा पटेल"),
]


@dataclass
class DemoLogin:
    username: str
    role: str
    description: str
    totp_base32: str | None = None
    recovery_code: str | None = None


@dataclass
class DemoResult:
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)


def wps_names(district: District) -> tuple[str, str]:
    return f"Women Police Station {district.name_en}", f"महिला थाना {district.name_hi}"


def _police_units(districts: dict[int, District]) -> dict[str, PoliceUnit]:
    """The HQ branch, district police and a women police station in every district, and a few
    police stations. Keyed by English name."""
    units: dict[str, PoliceUnit] = {}
    hq = PoliceUnit.objects.filter(kind=PoliceUnit.Kind.HQ_BRANCH, name_en=HQ_NAME_EN).first()
    if hq is None:
        hq = PoliceUnit.objects.create(
            kind=PoliceUnit.Kind.HQ_BRANCH, name_en=HQ_NAME_EN, name_hi=HQ_NAME_HI
        )
    units[HQ_NAME_EN] = hq
    for district in districts.values():
        rows = [
            (
                PoliceUnit.Kind.DISTRICT_POLICE,
                f"District Police {district.name_en}",
                f"जिला पुलिस {district.name_hi}",
            ),
            (PoliceUnit.Kind.WOMEN_POLICE_STATION, *wps_names(district)),
        ]
        for kind, name_en, name_hi in rows:
            units[name_en], _ = PoliceUnit.objects.update_or_create(
                district=district, name_en=name_en, defaults={"kind": kind, "name_hi": name_hi}
            )
    for code, name_en, name_hi in DEMO_POLICE_STATIONS:
        units[name_en], _ = PoliceUnit.objects.update_or_create(
            district=districts[code],
            name_en=name_en,
            defaults={"kind": PoliceUnit.Kind.POLICE_STATION, "name_hi": name_hi},
        )
    return units


def _ngos(districts: dict[int, District], verifier: User) -> dict[str, NGO]:
    areas = {area.code: area for area in FocusArea.objects.all()}
    ngos: dict[str, NGO] = {}
    for darpan_id, name_en, name_hi, codes, area_codes, verified in DEMO_NGOS:
        ngo, _ = NGO.objects.update_or_create(
            darpan_id=darpan_id,
            defaults={
                "name_en": f"Demo {name_en}",
                "name_hi": f"(डेमो) {name_hi}",
                "email": f"{darpan_id.replace('/', '-').lower()}@{DEMO_EMAIL_DOMAIN}",
                "is_demo": True,
                "is_active": True,
            },
        )
        status = NGO.Verification.VERIFIED if verified else NGO.Verification.PENDING
        if ngo.verification != status:
            ngo.verification = status
            ngo.verified_at = timezone.now() if verified else None
            ngo.verified_by = verifier if verified else None
            ngo.save(update_fields=["verification", "verified_at", "verified_by", "updated_at"])
        ngo.districts.set([districts[code] for code in codes])
        ngo.focus_areas.set([areas[code] for code in area_codes if code in areas])
        ngos[darpan_id] = ngo
    return ngos


def _membership(person: Person, role: str, *, unit=None, ngo=None) -> None:
    Membership.objects.get_or_create(
        person=person, police_unit=unit, ngo=ngo, role=role, ended_on=None
    )


def _demo_person(name: str, designation: str, email: str = "", user: User | None = None) -> Person:
    lookup = {"user": user} if user is not None else {"name": name, "is_demo": True, "user": None}
    person, _ = Person.objects.update_or_create(
        **lookup,
        defaults={"name": name, "designation": designation, "email": email, "is_demo": True},
    )
    return person


def _account(spec: DemoAccount, districts: dict[int, District], ngos: dict[str, NGO]) -> User:
    user, _ = User.objects.update_or_create(
        username=spec.username,
        defaults={
            "role": spec.role,
            "district": districts[spec.district_code] if spec.district_code else None,
            "ngo": ngos[spec.ngo_darpan_id] if spec.ngo_darpan_id else None,
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": spec.email,
            "is_active": True,
        },
    )
    # Reset on every load: a newcomer who changed it, or got locked out, can start again.
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    from axes.utils import reset

    reset(username=spec.username)
    return user


def _two_factor(user: User, spec: DemoAccount) -> str:
    """Give an officer the fixed demo TOTP key and new recovery codes; return one of the codes.

    Devices the user enrolled by hand are removed: every load resets the demo accounts."""
    TOTPDevice.objects.filter(user=user).exclude(name=TOTP_DEVICE_NAME).delete()
    StaticDevice.objects.filter(user=user).exclude(name=RECOVERY_DEVICE_NAME).delete()
    TOTPDevice.objects.update_or_create(
        user=user,
        name=TOTP_DEVICE_NAME,
        defaults={
            "key": spec.totp_key_hex,
            "confirmed": True,
            "drift": 0,
            "throttling_failure_count": 0,
            "throttling_failure_timestamp": None,
        },
    )
    recovery, _ = StaticDevice.objects.update_or_create(
        user=user,
        name=RECOVERY_DEVICE_NAME,
        defaults={
            "confirmed": True,
            "throttling_failure_count": 0,
            "throttling_failure_timestamp": None,
        },
    )
    recovery.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes[0]


@transaction.atomic
def load_demo_data() -> DemoResult:
    load_reference_data()
    districts = {district.code: district for district in District.objects.all()}
    units = _police_units(districts)

    branch_spec = DEMO_ACCOUNTS[0]
    branch_user = _account(branch_spec, districts, {})
    ngos = _ngos(districts, verifier=branch_user)

    result = DemoResult()
    for spec in DEMO_ACCOUNTS:
        user = branch_user if spec is branch_spec else _account(spec, districts, ngos)
        person = _demo_person(
            f"{spec.first_name} {spec.last_name}", spec.designation, spec.email, user=user
        )
        if spec.role == Role.BRANCH:
            _membership(person, Membership.Role.OFFICER, unit=units[HQ_NAME_EN])
        elif spec.role == Role.DISTRICT_OFFICER:
            wps_en, _wps_hi = wps_names(districts[spec.district_code])
            _membership(person, Membership.Role.IN_CHARGE, unit=units[wps_en])
        elif spec.role == Role.NGO_COORDINATOR:
            _membership(person, Membership.Role.COORDINATOR, ngo=ngos[spec.ngo_darpan_id])
        elif spec.role == Role.NGO_MEMBER:
            _membership(person, Membership.Role.MEMBER, ngo=ngos[spec.ngo_darpan_id])
        # An observer belongs to another department, which is not in the registry.
        login = DemoLogin(spec.username, spec.role, spec.description)
        if user.needs_two_factor:
            login.totp_base32 = spec.totp_base32
            login.recovery_code = _two_factor(user, spec)
        result.logins.append(login)

    for darpan_id, name, role in DEMO_NGO_PEOPLE:
        designation = "समन्वयक" if role == Membership.Role.COORDINATOR else "कार्यकर्ता"
        _membership(_demo_person(name, designation), role, ngo=ngos[darpan_id])
    for code, name in DEMO_WPS_IN_CHARGES:
        wps_en, _wps_hi = wps_names(districts[code])
        _membership(
            _demo_person(name, "निरीक्षक, महिला थाना प्रभारी"),
            Membership.Role.IN_CHARGE,
            unit=units[wps_en],
        )

    convenors = list(Person.objects.filter(is_demo=True, user__isnull=True).order_by("pk")[:5])
    for index, (name, kind, code, place, unit_name) in enumerate(DEMO_SAMITIS):
        ShaktiSamiti.objects.update_or_create(
            name=name,
            district=districts[code],
            defaults={
                "kind": kind,
                "place": place,
                "police_unit": units[unit_name],
                "convenor": convenors[index % len(convenors)] if convenors else None,
                "member_count": 8 + 3 * index,
            },
        )

    from samanvay.campaigns.reference import load_campaign_reference_data
    from samanvay.core.demo_campaigns import load_demo_campaigns

    load_campaign_reference_data()
    accounts = {
        u.username: u for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
    }
    activity_reports = load_demo_campaigns(
        branch=accounts["branch.demo"],
        officer=accounts["wps.bhopal.demo"],
        member=accounts["ngo.member.demo"],
    )
    from samanvay.core.demo_meetings import load_demo_meetings

    load_demo_meetings(branch=accounts["branch.demo"])
    from samanvay.core.demo_referrals import load_demo_referrals

    referrals = load_demo_referrals(
        officer=accounts["wps.bhopal.demo"],
        coordinator=accounts["ngo.coord.demo"],
        member=accounts["ngo.member.demo"],
    )
    from samanvay.core.demo_channel import load_demo_channel

    groups = load_demo_channel(
        branch=accounts["branch.demo"],
        officer=accounts["wps.bhopal.demo"],
        coordinator=accounts["ngo.coord.demo"],
        member=accounts["ngo.member.demo"],
    )

    result.counts = {
        "districts": len(districts),
        "police_units": PoliceUnit.objects.count(),
        "ngos": NGO.objects.filter(is_demo=True).count(),
        "people": Person.objects.filter(is_demo=True).count(),
        "samitis": ShaktiSamiti.objects.filter(name__startswith="(डेमो)").count(),
        "activity_reports": activity_reports,
        "referrals": referrals,
        "groups": groups,
    }
    return result


def current_demo_codes(at: float | None = None) -> list[tuple[str, str, int]]:
    """(username, current 6-digit code, seconds it stays valid) for each demo officer."""
    now = time.time() if at is None else at
    rows = []
    devices = TOTPDevice.objects.filter(
        name=TOTP_DEVICE_NAME, user__username__in=[spec.username for spec in DEMO_ACCOUNTS]
    ).select_related("user")
    for device in sorted(devices, key=lambda d: d.user.username):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now
        code = str(totp.token()).zfill(device.digits)
        seconds_left = device.step - int(now - device.t0) % device.step
        rows.append((device.user.username, code, seconds_left))
    return rows
