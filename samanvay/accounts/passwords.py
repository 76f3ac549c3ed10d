"""Password rules beyond Django's own validators (see settings.AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password needs at least one letter, one digit and one other character (like - or @)."""

    def validate(self, password: str, user=None) -> None:
        errors = []
        if not any(c.isalpha() for c in password):
            errors.append(
                ValidationError(
                    _("Your password must contain a letter."), code="password_no_letter"
                )
            )
        if not any(c.isdigit() for c in password):
            errors.append(
                ValidationError(_("Your password must contain a digit."), code="password_no_digit")
            )
        if all(c.isalnum() for c in password):
            errors.append(
                ValidationError(
                    _("Your password must contain a symbol such as - @ # or !."),
                    code="password_no_symbol",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("Your password must contain a letter, a digit and a symbol such as - @ # or !.")
