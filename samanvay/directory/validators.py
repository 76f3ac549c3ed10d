from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samanvay.lib.darpan import is_valid_darpan_id


def validate_darpan_id(value: str) -> None:
    if value and not is_valid_darpan_id(value, this_year=timezone.localdate().year):
        raise ValidationError(
            _(
                "An NGO Darpan ID looks like MP/2017/0123456: the state's two letters, "
                "the year of enrolment and seven digits."
            ),
            code="invalid_darpan_id",
        )
