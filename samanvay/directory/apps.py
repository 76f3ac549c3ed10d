from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "samanvay.directory"
    label = "directory"
