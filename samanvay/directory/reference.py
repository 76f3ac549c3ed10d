"""Reference data: divisions, the 55 districts (data/mp_districts.csv) and NGO focus areas.

Loading is idempotent: rows are matched by their code and updated, never duplicated.
"""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from samanvay.directory.models import District, Division, FocusArea

DISTRICTS_CSV = Path(settings.BASE_DIR) / "data" / "mp_districts.csv"

# The ten revenue divisions (संभाग), English name → Hindi name.
DIVISIONS_HI = {
    "Bhopal": "भोपाल",
    "Chambal": "चंबल",
    "Gwalior": "ग्वालियर",
    "Indore": "इंदौर",
    "Jabalpur": "जबलपुर",
    "Narmadapuram": "नर्मदापुरम",
    "Rewa": "रीवा",
    "Sagar": "सागर",
    "Shahdol": "शहडोल",
    "Ujjain": "उज्जैन",
}

# Focus areas named in DESIGN.md (the state coordination meeting's review list), with the
# Hindi terms of the meeting report (shared source/coordination-meeting-report.hi.txt).
FOCUS_AREAS = [
    ("rescue", "Rescue operations", "रेस्क्यू ऑपरेशन"),
    ("pocso", "POCSO Act", "पॉक्सो एक्ट"),
    ("jj_act", "JJ Act", "जेजे एक्ट"),
    ("good_touch", "Good touch–bad touch", "गुड टच-बैड टच"),
    ("gender_equality", "Gender equality", "लैंगिक समानता"),
    ("bonded_labour", "Bonded labour", "बंधुआ मजदूरी"),
    ("missing_girls", "Missing girls (Operation Muskaan)", "गुम बालिका (ऑपरेशन मुस्कान)"),
    ("child_marriage", "Child marriage", "बाल विवाह"),
    ("trafficking", "Human trafficking", "मानव दुर्व्यापार"),
    ("legal_awareness", "Legal awareness of women", "महिलाओं की विधिक जागरूकता"),
    ("community_policing", "Community policing", "सामुदायिक पुलिसिंग"),
    ("shakti_samiti", "Shakti Samitis", "शक्ति समिति"),
]


def read_districts(path: Path = DISTRICTS_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    divisions = {}
    for name_en, name_hi in DIVISIONS_HI.items():
        divisions[name_en], _ = Division.objects.update_or_create(
            code=name_en.lower(), defaults={"name_en": name_en, "name_hi": name_hi}
        )
    rows = read_districts()
    for row in rows:
        District.objects.update_or_create(
            code=int(row["code"]),
            defaults={
                "name_en": row["name_en"],
                "name_hi": row["name_hi"],
                "division": divisions[row["division_en"]],
            },
        )
    for position, (code, name_en, name_hi) in enumerate(FOCUS_AREAS):
        FocusArea.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_hi": name_hi, "position": position}
        )
    return {"divisions": len(divisions), "districts": len(rows), "focus_areas": len(FOCUS_AREAS)}
