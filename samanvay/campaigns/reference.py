"""Reference data of campaigns: the four joint campaigns, the programmes, and the activity types
that reports count (with the outcome counts that suit each type).

The terms follow the state coordination meeting report and docs/glossary.md. Loading is
idempotent: rows are matched by their code and updated, never duplicated.
"""

from __future__ import annotations

from django.db import transaction

from samanvay.activities.models import Outcome
from samanvay.campaigns.models import ActivityType, Campaign

# code, names, purpose, target group and themes (one a line), in English and Hindi
CAMPAIGNS = [
    {
        "code": "sambal",
        "name_en": "Sambal",
        "name_hi": "संबल",
        "purpose_en": "Legal awareness of women and their rights.",
        "purpose_hi": "महिलाओं की विधिक जागरूकता एवं उनके अधिकारों के लिए।",
        "target_group_en": "Women",
        "target_group_hi": "महिलाएँ",
        "themes_en": [
            "Legal rights of women",
            "Protection from domestic violence",
            "Prohibition of dowry",
            "Protection from sexual harassment at the workplace",
            "Helplines 181 and 112",
        ],
        "themes_hi": [
            "महिलाओं के विधिक अधिकार",
            "घरेलू हिंसा से संरक्षण",
            "दहेज प्रतिषेध",
            "कार्यस्थल पर लैंगिक उत्पीड़न से संरक्षण",
            "हेल्पलाइन 181 एवं 112",
        ],
    },
    {
        "code": "srijan",
        "name_en": "Srijan",
        "name_hi": "सृजन",
        "purpose_en": "Prevention of crimes against girls, and awareness.",
        "purpose_hi": "बालिकाओं के प्रति अपराधों की रोकथाम एवं जागरूकता के लिए।",
        "target_group_en": "Adolescent girls",
        "target_group_hi": "किशोरी बालिकाएँ",
        "themes_en": [
            "Camps for adolescent girls",
            "Self-defence",
            "Legal knowledge",
            "Good touch–bad touch",
            "Cyber safety",
        ],
        "themes_hi": [
            "किशोरी बालिकाओं के लिए शिविर",
            "आत्मरक्षा",
            "विधिक जानकारी",
            "गुड टच-बैड टच",
            "साइबर सुरक्षा",
        ],
    },
    {
        "code": "abhimanyu",
        "name_en": "Abhimanyu",
        "name_hi": "अभिमन्यु",
        "purpose_en": "Legal awareness of boys and prevention of crime.",
        "purpose_hi": "बालकों में विधिक जागरूकता एवं अपराधों की रोकथाम हेतु।",
        "target_group_en": "Boys and men",
        "target_group_hi": "बालक एवं पुरुष",
        "themes_en": [
            "Legal awareness of boys",
            "Gender sensitisation of boys and men",
            "Gender equality",
        ],
        "themes_hi": [
            "बालकों में विधिक जागरूकता",
            "बालकों एवं पुरुषों में लैंगिक संवेदनशीलता",
            "लैंगिक समानता",
        ],
    },
    {
        "code": "chetna",
        "name_en": "Chetna",
        "name_hi": "चेतना",
        "purpose_en": "Prevention of human trafficking.",
        "purpose_hi": "मानव दुर्व्यापार की रोकथाम हेतु।",
        "target_group_en": "Families, young women and children in areas at risk",
        "target_group_hi": "जोखिम वाले क्षेत्रों के परिवार, युवतियाँ एवं बच्चे",
        "themes_en": [
            "Bonded labour",
            "Forced begging",
            "Fake marriage",
            "Exploitation through job offers",
        ],
        "themes_hi": [
            "बंधुआ मजदूरी",
            "जबरन भिक्षावृत्ति",
            "फर्जी विवाह",
            "नौकरी के झांसे में शोषण",
        ],
    },
]

PROGRAMMES = [
    {
        "code": "operation_muskaan",
        "name_en": "Operation Muskaan",
        "name_hi": "ऑपरेशन मुस्कान",
        "purpose_en": "Tracing missing girls and children and returning them to their families.",
        "purpose_hi": "गुम बालिकाओं एवं बच्चों की दस्तयाबी और उन्हें परिवार से मिलाना।",
        "target_group_en": "Missing girls and children",
        "target_group_hi": "गुम बालिकाएँ एवं बच्चे",
        "themes_en": ["Tracing missing girls", "Rescue", "Return to the family"],
        "themes_hi": ["गुम बालिकाओं की दस्तयाबी", "रेस्क्यू ऑपरेशन", "परिवार से पुनर्मिलन"],
    },
    {
        "code": "community_policing",
        "name_en": "Community policing",
        "name_hi": "सामुदायिक पुलिसिंग",
        "purpose_en": "Police and community working together for the safety of women and children.",
        "purpose_hi": "महिलाओं एवं बच्चों की सुरक्षा के लिए पुलिस और समुदाय का मिलकर कार्य करना।",
        "target_group_en": "Communities, volunteers and local bodies",
        "target_group_hi": "समुदाय, स्वयंसेवक एवं स्थानीय निकाय",
        "themes_en": [
            "Community meetings",
            "Volunteers working with the police",
            "Trust between police and public",
        ],
        "themes_hi": [
            "सामुदायिक बैठकें",
            "पुलिस के साथ कार्य करने वाले स्वयंसेवक",
            "पुलिस और जनता के बीच विश्वास",
        ],
    },
    {
        "code": "shakti_samiti",
        "name_en": "Shakti Samiti",
        "name_hi": "शक्ति समिति",
        "purpose_en": "Community committees for the safety of women in wards and villages.",
        "purpose_hi": "वार्डों एवं गाँवों में महिला सुरक्षा हेतु सामुदायिक समितियाँ।",
        "target_group_en": "Women of the ward or village",
        "target_group_hi": "वार्ड या गाँव की महिलाएँ",
        "themes_en": [
            "Regular meetings of the samiti",
            "Hearing complaints",
            "Awareness of helplines",
        ],
        "themes_hi": [
            "समिति की नियमित बैठकें",
            "शिकायतों की सुनवाई",
            "हेल्पलाइन के प्रति जागरूकता",
        ],
    },
]

# code, English name, Hindi name, outcome counts that suit the type
ACTIVITY_TYPES: list[tuple[str, str, str, list[str]]] = [
    ("awareness_session", "Awareness session", "जागरूकता सत्र", []),
    (
        "legal_camp_pocso",
        "Legal literacy camp: POCSO Act",
        "विधिक साक्षरता शिविर: पॉक्सो एक्ट",
        [],
    ),
    ("legal_camp_jj_act", "Legal literacy camp: JJ Act", "विधिक साक्षरता शिविर: जेजे एक्ट", []),
    (
        "legal_camp_bns",
        "Legal literacy camp: BNS",
        "विधिक साक्षरता शिविर: भारतीय न्याय संहिता (बीएनएस)",
        [],
    ),
    (
        "legal_camp_child_marriage",
        "Legal literacy camp: child marriage law",
        "विधिक साक्षरता शिविर: बाल विवाह प्रतिषेध कानून",
        [],
    ),
    (
        "legal_camp_bonded_labour",
        "Legal literacy camp: bonded labour law",
        "विधिक साक्षरता शिविर: बंधुआ मजदूरी उन्मूलन कानून",
        [],
    ),
    (
        "legal_camp_trafficking",
        "Legal literacy camp: trafficking law",
        "विधिक साक्षरता शिविर: मानव दुर्व्यापार कानून",
        [],
    ),
    ("good_touch_bad_touch", "Good touch–bad touch session", "गुड टच-बैड टच सत्र", []),
    ("gender_equality_workshop", "Gender-equality workshop", "लैंगिक समानता कार्यशाला", []),
    ("self_defence_training", "Self-defence training", "आत्मरक्षा प्रशिक्षण", []),
    ("street_play", "Street play", "नुक्कड़ नाटक", []),
    ("rally", "Rally", "रैली", []),
    ("rescue_operation", "Rescue operation", "रेस्क्यू ऑपरेशन", [Outcome.PERSONS_RESCUED]),
    (
        "child_marriage_intervention",
        "Child-marriage intervention",
        "बाल विवाह रुकवाने हेतु हस्तक्षेप",
        [Outcome.MARRIAGES_STOPPED],
    ),
    ("missing_girl_traced", "Missing girl traced", "गुम बालिका की दस्तयाबी", [Outcome.GIRLS_TRACED]),
    (
        "bonded_labour_rescue",
        "Bonded-labour rescue",
        "बंधुआ मजदूरों की मुक्ति",
        [Outcome.PERSONS_RESCUED],
    ),
    (
        "trafficking_interception",
        "Trafficking interception",
        "मानव दुर्व्यापार से बचाव (इंटरसेप्शन)",
        [Outcome.PERSONS_RESCUED],
    ),
    ("counselling", "Counselling", "परामर्श", [Outcome.PERSONS_COUNSELLED]),
    (
        "shakti_samiti_meeting",
        "Shakti Samiti meeting",
        "शक्ति समिति बैठक",
        [Outcome.COMPLAINTS_RECEIVED],
    ),
]


def _save_campaign(values: dict, *, kind: str, position: int) -> Campaign:
    values = dict(values)
    code = values.pop("code")
    values["themes_en"] = "\n".join(values["themes_en"])
    values["themes_hi"] = "\n".join(values["themes_hi"])
    campaign, _ = Campaign.objects.update_or_create(
        code=code, defaults={**values, "kind": kind, "position": position}
    )
    return campaign


@transaction.atomic
def load_campaign_reference_data() -> dict[str, int]:
    """Seed (or bring up to date) the campaigns, programmes and activity types."""
    for position, values in enumerate(CAMPAIGNS, start=1):
        _save_campaign(values, kind=Campaign.Kind.CAMPAIGN, position=position)
    for position, values in enumerate(PROGRAMMES, start=len(CAMPAIGNS) + 1):
        _save_campaign(values, kind=Campaign.Kind.PROGRAMME, position=position)
    for position, (code, name_en, name_hi, outcomes) in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_hi": name_hi,
                "outcomes": [str(outcome) for outcome in outcomes],
                "position": position,
            },
        )
    return {
        "campaigns": len(CAMPAIGNS),
        "programmes": len(PROGRAMMES),
        "activity_types": len(ACTIVITY_TYPES),
    }
