from django.apps import AppConfig


class ChannelConfig(AppConfig):
    name = "samanvay.channel"
    label = "channel"

    def ready(self) -> None:
        from samanvay.channel import signals  # noqa: F401
