"""The referral tally follows every save and deletion of a referral, in the same transaction:
the referrals app needs to know nothing of the dashboards. (Writes that bypass save(), such as
a bulk load, are followed by `manage.py rebuild_tallies`.)"""

from django.db.models.signals import post_delete, post_save, pre_save

from samanvay.dashboard import tallies


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._tally_before = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & tallies.REFERRAL_FIELDS:
        instance._tally_before = "unchanged"
        return
    stored = sender.objects.filter(pk=instance.pk).first()
    instance._tally_before = tallies.referral_bucket(stored) if stored else None


def _after_save(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_tally_before", None)
    if raw or before == "unchanged":
        return
    tallies.referral_changed(None if created else before, tallies.referral_bucket(instance))


def _after_delete(sender, instance, **kwargs):
    tallies.referral_changed(tallies.referral_bucket(instance), None)


def connect() -> None:
    from samanvay.referrals.models import Referral  # noqa: PLC0415 (optional app)

    pre_save.connect(_before_save, sender=Referral, dispatch_uid="dashboard-referral-pre")
    post_save.connect(_after_save, sender=Referral, dispatch_uid="dashboard-referral-post")
    post_delete.connect(_after_delete, sender=Referral, dispatch_uid="dashboard-referral-del")
