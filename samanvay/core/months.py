"""Short month names in Hindi as our readers write them.

Django's `M` date format ("j M, H:i" in the group, the dashboard's months) looks up "jan" …
"dec". Django's own Hindi catalogue gives a few of them oddly ("मा" for March, "दिस्" for
December); listing them here puts them in our catalogue, which Django reads first (LOCALE_PATHS).
"""

from django.utils.translation import gettext_noop

SHORT_MONTHS = [
    gettext_noop("jan"),
    gettext_noop("feb"),
    gettext_noop("mar"),
    gettext_noop("apr"),
    gettext_noop("may"),
    gettext_noop("jun"),
    gettext_noop("jul"),
    gettext_noop("aug"),
    gettext_noop("sep"),
    gettext_noop("oct"),
    gettext_noop("nov"),
    gettext_noop("dec"),
]
