from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samanvay.core"
    label = "core"
