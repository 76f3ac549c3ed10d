from django.conf import settings
from django.core.checks import Error, Tags, register

DEVELOPMENT_KEY = "c2FtYW52YXktZGV2LWtleS1ub3QtcHJvZHVjdGlvbiE="


@register(Tags.security, deploy=True)
def encryption_keys(app_configs, **kwargs):
    """Production needs its own keys for protected records, never the development key."""
    keys = settings.REFERRALS_ENCRYPTION_KEYS
    if not keys or (DEVELOPMENT_KEY in keys and not settings.DEBUG):
        return [
            Error(
                "REFERRALS_ENCRYPTION_KEYS is not set (or is the development key).",
                hint="Set it to a key made by `manage.py rotate_referral_keys --new-key`.",
                id="referrals.E001",
            )
        ]
    return []
