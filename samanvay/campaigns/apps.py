from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "samanvay.campaigns"
    label = "campaigns"
