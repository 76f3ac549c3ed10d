"""Registry changes that can change who belongs to which group: each schedules one sync of every
group after its transaction commits (`membership.schedule_sync`)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from samanvay.accounts.models import User
from samanvay.campaigns.models import Campaign, CampaignPlan, DistrictTarget, PartnerAssignment
from samanvay.channel.membership import schedule_sync
from samanvay.directory.models import NGO, District, Membership, Person, PoliceUnit

REGISTRY_MODELS = (
    Membership,
    Person,
    NGO,
    PoliceUnit,
    District,
    Campaign,
    CampaignPlan,
    DistrictTarget,
    PartnerAssignment,
)
# Saves of an account that cannot change its groups (every sign-in saves last_login).
IRRELEVANT_USER_FIELDS = {"last_login", "password", "language", "email", "first_name", "last_name"}


def _changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    schedule_sync()


for model in REGISTRY_MODELS:
    post_save.connect(_changed, sender=model, dispatch_uid=f"channel-sync-save-{model.__name__}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"channel-sync-del-{model.__name__}")


@receiver(post_save, sender=User, dispatch_uid="channel-sync-user")
def _user_changed(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields and set(update_fields) <= IRRELEVANT_USER_FIELDS):
        return
    schedule_sync()


@receiver(m2m_changed, sender=NGO.districts.through, dispatch_uid="channel-sync-ngo-districts")
def _ngo_districts_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        schedule_sync()
