from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "samanvay.activities"
    label = "activities"
