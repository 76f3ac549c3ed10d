from django.urls import path

from samanvay.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.login, name="login"),
    path("sign-out/", views.logout, name="logout"),
    path("me/", views.profile, name="profile"),
    path("people/<int:pk>/new/", views.account_create, name="account_create"),
    path("people/<int:pk>/active/", views.account_set_active, name="account_set_active"),
    path("two-step/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-step/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-step/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
