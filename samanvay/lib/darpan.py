"""NGO Darpan unique IDs (NITI Aayog's NGO registry), e.g. ``MP/2017/0123456``.

The ID is a two-letter state code, the year the NGO enrolled on NGO Darpan, and a seven-digit
serial. Source: the IDs printed on ngodarpan.gov.in profiles. Pure Python, no Django.
"""

import re

DARPAN_PATTERN = re.compile(r"^(?P<state>[A-Z]{2})/(?P<year>\d{4})/(?P<serial>\d{7})$")
FIRST_YEAR = 2000  # NGO Darpan's register began after this; earlier years are typing mistakes.


def normalise_darpan_id(value: str) -> str:
    """Upper-case and trim, and accept the spaces people type around the slashes."""
    return re.sub(r"\s*/\s*", "/", value.strip().upper())


def is_valid_darpan_id(value: str, *, this_year: int) -> bool:
    match = DARPAN_PATTERN.match(normalise_darpan_id(value))
    if not match:
        return False
    return FIRST_YEAR <= int(match["year"]) <= this_year and int(match["serial"]) > 0
