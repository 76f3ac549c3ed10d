from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samanvay.meetings"
    label = "meetings"
