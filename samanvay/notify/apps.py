from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "samanvay.notify"
    label = "notify"
