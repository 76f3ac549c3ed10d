"""Demo data for the coordination group: the groups synced from the demo registry, and a few
fictional messages in the statewide group, the Bhopal district group and the Srijan campaign group
(no person's identity: cases are named by referral code only). Posted once (matched by the first
message's text); later loads only sync membership."""

from django.db import transaction

from samanvay.accounts.models import User
from samanvay.campaigns.models import Campaign
from samanvay.channel import services
from samanvay.channel.membership import campaign_group, sync_all_groups
from samanvay.channel.models import Group, Message

BHOPAL = 444
STATE_WELCOME = (
    "(डेमो) महिला सुरक्षा शाखा के राज्य समन्वय समूह में आपका स्वागत है। कृपया किसी पीड़िता या बच्चे "
    "का नाम, फोन नंबर, पता या आधार नंबर यहाँ न लिखें: प्रकरण को उसके रेफरल कोड से ही पहचानें।"
)


@transaction.atomic
def load_demo_channel(*, branch: User, officer: User, coordinator: User, member: User) -> int:
    """Sync the groups and post the demo conversation once. Returns the number of groups."""
    sync_all_groups()
    if Message.objects.filter(text=STATE_WELCOME).exists():
        return Group.objects.count()

    state = Group.objects.get(level=Group.Level.STATE)
    bhopal = Group.objects.get(level=Group.Level.DISTRICT, district__code=BHOPAL)
    welcome = services.post_message(actor=branch, group=state, text=STATE_WELCOME)
    services.set_pinned(actor=branch, message=welcome, pinned=True)
    services.post_message(
        actor=officer,
        group=state,
        text="(डेमो) भोपाल महिला थाना: इस माह 12 विद्यालयों में सृजन सत्र पूरे हुए।",
    )

    question = services.post_message(
        actor=coordinator,
        group=bhopal,
        text="(डेमो) शुक्रवार को कोलार के शासकीय कन्या विद्यालय में जागरूकता सत्र है। "
        "क्या थाने से एक महिला अधिकारी आ सकेंगी?",
    )
    services.post_message(
        actor=officer,
        group=bhopal,
        text=f"(डेमो) हाँ, उप निरीक्षक की ड्यूटी लगा दी है। @{member.username} कृपया उपस्थिति पंजी साथ रखें।",
        reply_to=question,
    )
    services.post_message(
        actor=member,
        group=bhopal,
        text="(डेमो) जी, पंजी और पोस्टर तैयार हैं। प्रकरण MP-BPL-2026-000123 की अद्यतन जानकारी बैठक में दूँगी।",
        reply_to=question,
    )

    srijan = Campaign.objects.filter(code="srijan").first()
    if srijan is not None:
        services.post_message(
            actor=branch,
            group=campaign_group(srijan),
            text="(डेमो) सृजन की रूपरेखा ऊपर पिन है। सभी जिले अपने लक्ष्य के अनुसार सत्रों की योजना "
            "इस सप्ताह भेजें।",
        )
    return Group.objects.count()
