"""Demo data for meetings: the state coordination meeting of DESIGN.md (Police HQ Bhopal: 42 NGOs
with about 70 members and every women police station in-charge), with its minutes, its two
decisions and their action items. Created once (matched by title); later loads leave it alone."""

import datetime
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samanvay.accounts.models import User
from samanvay.campaigns.models import Campaign
from samanvay.directory.models import NGO, Membership, PoliceUnit, current_memberships
from samanvay.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
)
from samanvay.meetings.pdf import IST, clean_minutes

MEETING_TITLE = "(डेमो) राज्य स्तरीय समन्वय बैठक: महिला थाना प्रभारी एवं स्वयंसेवी संगठन"
VENUE = "पुलिस मुख्यालय सभागार, भोपाल"
HELD_DAYS_AGO = 21
ABOUT_NGO_MEMBERS = 70
BHOPAL = 444
ASHA_SEWA = "MP/2016/0990001"  # the NGO of the demo NGO logins (works in Bhopal)
BAL_RAKSHA = "MP/2017/0990002"  # works against trafficking (Chetna)

AGENDA = [
    "महिला एवं बच्चों के विरुद्ध अपराधों की रोकथाम के लिए प्रभावी कार्ययोजना",
    "पुलिस और स्वयंसेवी संगठनों के बीच समन्वय",
    "संयुक्त अभियान: संबल, सृजन, अभिमन्यु और चेतना",
    "एनजीओ के सहयोग से संचालित गतिविधियों की समीक्षा",
    "सामुदायिक पुलिसिंग, सृजन कार्यक्रम और शक्ति समिति",
]

ATTENDANCE_NOTE = (
    "प्रदेश के 42 एनजीओ के लगभग 70 सदस्य तथा सभी महिला थाना प्रभारी उपस्थित रहे "
    "(42 NGOs represented; 12 of them are in the demo registry)."
)

MINUTES = """
<p>विशेष पुलिस महानिदेशक, महिला सुरक्षा शाखा के मार्गदर्शन में पुलिस मुख्यालय के सभागार में प्रदेश के
विभिन्न स्वयंसेवी संगठनों (एनजीओ) एवं महिला थाना प्रभारियों की <strong>समन्वय बैठक</strong> आयोजित की
गई। बैठक में प्रदेश के 42 एनजीओ के लगभग 70 सदस्य तथा सभी महिला थाना प्रभारी सहभागी रहे।</p>
<p>बैठक का उद्देश्य महिला एवं बच्चों के विरुद्ध अपराधों की रोकथाम के लिए प्रभावी कार्ययोजना तैयार करना
तथा पुलिस और सामाजिक संगठनों के बीच समन्वय स्थापित करना था। आगामी समय में संयुक्त रूप से चलाए जाने
वाले अभियान प्रस्तावित किए गए:</p>
<ul>
<li><strong>संबल</strong> – महिलाओं की विधिक जागरूकता एवं अधिकारों के लिए</li>
<li><strong>सृजन</strong> – बालिकाओं के प्रति अपराधों की रोकथाम एवं जागरूकता के लिए</li>
<li><strong>अभिमन्यु</strong> – बालकों में विधिक जागरूकता एवं अपराधों की रोकथाम हेतु</li>
<li><strong>चेतना</strong> – मानव दुर्व्यापार की रोकथाम हेतु</li>
</ul>
<p>स्वयंसेवी संगठनों द्वारा संचालित रेस्क्यू ऑपरेशन, पॉक्सो एक्ट, जेजे एक्ट, गुड टच-बैड टच, लैंगिक
समानता, बंधुआ मजदूरी, गुम बालिका, बाल विवाह एवं मानव दुर्व्यापार से संबंधित प्रयासों को पुलिस के साथ
एकजुट होकर अधिक प्रभावी बनाया जाएगा। सामुदायिक पुलिसिंग, सृजन कार्यक्रम, शक्ति समिति तथा एनजीओ के
सहयोग से संचालित गतिविधियों और उनके सकारात्मक परिणामों पर विस्तृत चर्चा हुई।</p>
"""

DECISION_CAMPAIGNS = "संबल, सृजन, अभिमन्यु और चेतना – ये चारों अभियान पुलिस और स्वयंसेवी संगठन संयुक्त रूप से चलाएंगे।"
DECISION_GROUP = (
    "महिला थाना प्रभारियों एवं स्वयंसेवी संगठनों के सदस्यों का एक संयुक्त समन्वय समूह बनेगा, जिसके "
    "माध्यम से महिला सुरक्षा शाखा हर अभियान की रूपरेखा का समन्वित पर्यवेक्षण करेगी।"
)

# NGO members counted at the door (not invited by name), per demo NGO, in DEMO_NGOS order.
HEADCOUNTS = [6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4]


def _at_ist(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=IST)


@transaction.atomic
def load_demo_meetings(*, branch: User) -> int:
    """Create the state coordination meeting once. Returns the number of demo meetings."""
    existing = Meeting.objects.filter(title=MEETING_TITLE)
    if existing.exists():
        return existing.count()

    today = timezone.localdate()
    held_on = today - datetime.timedelta(days=HELD_DAYS_AGO)
    hq = PoliceUnit.objects.filter(kind=PoliceUnit.Kind.HQ_BRANCH).order_by("pk").first()
    wps_bhopal = PoliceUnit.objects.get(
        kind=PoliceUnit.Kind.WOMEN_POLICE_STATION, district__code=BHOPAL
    )
    ngos = list(NGO.objects.filter(is_demo=True).order_by("darpan_id"))
    by_darpan = {ngo.darpan_id: ngo for ngo in ngos}
    campaigns = {
        c.code: c for c in Campaign.objects.filter(code__in=["sambal", "srijan", "chetna"])
    }

    meeting = Meeting.objects.create(
        level=Meeting.Level.STATE,
        title=MEETING_TITLE,
        starts_at=_at_ist(held_on, 11),
        ends_at=_at_ist(held_on, 14),
        venue=VENUE,
        convening_unit=hq,
        convenor=branch,
        status=Meeting.Status.HELD,
        minutes=clean_minutes(MINUTES.strip()),
        minutes_updated_at=_at_ist(held_on, 17),
        attendance_note=ATTENDANCE_NOTE,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, title=title)
        for position, title in enumerate(AGENDA, start=1)
    )

    # Invited by name: every demo women police station in-charge and every demo NGO person.
    responded_at = _at_ist(held_on - datetime.timedelta(days=5), 10)
    memberships = Membership.objects.filter(
        current_memberships(on=held_on), person__is_demo=True
    ).filter(
        Q(ngo__is_demo=True)
        | Q(role=Membership.Role.IN_CHARGE, police_unit__kind=PoliceUnit.Kind.WOMEN_POLICE_STATION)
    )
    invited: set[int] = set()
    invitations = []
    for membership in memberships.order_by("pk"):
        if membership.person_id in invited:
            continue
        invited.add(membership.person_id)
        invitations.append(
            Invitation(
                meeting=meeting,
                person_id=membership.person_id,
                police_unit_id=membership.police_unit_id,
                ngo_id=membership.ngo_id,
                response=Invitation.Response.YES,
                responded_at=responded_at,
                attended=True,
                token=secrets.token_urlsafe(32),
            )
        )
    Invitation.objects.bulk_create(invitations)

    # Headcounts: the other NGO members (about 70 in all) and every other women police station.
    named_ngo_people = sum(1 for invitation in invitations if invitation.ngo_id)
    counts = list(HEADCOUNTS[: len(ngos)])
    counts[0] += max(0, ABOUT_NGO_MEMBERS - named_ngo_people - sum(HEADCOUNTS)) if counts else 0
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, ngo=ngo, count=count)
        for ngo, count in zip(ngos, counts, strict=False)
    )
    units_present = {i.police_unit_id for i in invitations if i.police_unit_id}
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, police_unit=unit, count=1)
        for unit in PoliceUnit.objects.filter(kind=PoliceUnit.Kind.WOMEN_POLICE_STATION)
        .exclude(pk__in=units_present)
        .order_by("pk")
    )

    campaigns_decision = Decision.objects.create(
        meeting=meeting, position=1, text=DECISION_CAMPAIGNS
    )
    group_decision = Decision.objects.create(meeting=meeting, position=2, text=DECISION_GROUP)

    def due(days: int) -> datetime.date:
        return today + datetime.timedelta(days=days)

    items = [
        ActionItem(
            meeting=meeting,
            decision=campaigns_decision,
            title="चारों अभियानों की रूपरेखा सभी महिला थानों और सहभागी एनजीओ को भेजना",
            owner_police_unit=hq,
            due_on=due(14),
        ),
        ActionItem(
            meeting=meeting,
            decision=campaigns_decision,
            title="सृजन: भोपाल में किशोरी बालिका शिविरों के लिए विद्यालयों की सूची बनाना",
            owner_police_unit=wps_bhopal,
            campaign=campaigns.get("srijan"),
            district=wps_bhopal.district,
            due_on=due(21),
        ),
        ActionItem(
            meeting=meeting,
            decision=campaigns_decision,
            title="चेतना: मानव दुर्व्यापार की रोकथाम पर जागरूकता सत्रों का प्रस्ताव देना",
            owner_ngo=by_darpan.get(BAL_RAKSHA),
            owner_police_unit=None if BAL_RAKSHA in by_darpan else hq,
            campaign=campaigns.get("chetna"),
            due_on=due(28),
        ),
        ActionItem(
            meeting=meeting,
            decision=group_decision,
            title="संयुक्त समन्वय समूह बनाना और सभी महिला थाना प्रभारियों व एनजीओ सदस्यों को जोड़ना",
            owner_police_unit=hq,
            due_on=due(7),
            status=ActionItem.Status.DONE,
            evidence_note="समूह बना दिया गया; सभी महिला थाना प्रभारी और बैठक में आए एनजीओ सदस्य जोड़े गए।",
            closed_at=_at_ist(held_on + datetime.timedelta(days=3), 12),
            closed_by=branch,
        ),
        ActionItem(
            meeting=meeting,
            decision=group_decision,
            title="भोपाल के सहभागी एनजीओ के सदस्यों को समूह से जोड़ना",
            owner_ngo=by_darpan.get(ASHA_SEWA),
            owner_police_unit=None if ASHA_SEWA in by_darpan else wps_bhopal,
            due_on=due(10),
        ),
        ActionItem(
            meeting=meeting,
            decision=group_decision,
            title="संबल अभियान की भोपाल जिले की रूपरेखा समूह में साझा करना",
            owner_police_unit=wps_bhopal,
            campaign=campaigns.get("sambal"),
            district=wps_bhopal.district,
            due_on=due(17),
        ),
    ]
    ActionItem.objects.bulk_create(items)
    return 1
