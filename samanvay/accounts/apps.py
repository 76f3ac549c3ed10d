from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samanvay.accounts"
    label = "accounts"
