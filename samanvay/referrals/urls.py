from django.urls import path

from samanvay.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="referral_list"),
    path("new/", views.referral_create, name="referral_create"),
    path("services/", views.service_list, name="service_list"),
    path("services/new/", views.service_create, name="service_create"),
    # the public tip form and its status page (no sign-in)
    path("tip/", views.tip_form, name="tip_form"),
    path("tip/status/", views.tip_status, name="tip_status"),
    path("<str:code>/", views.referral_detail, name="referral_detail"),
    path("<str:code>/acknowledge/", views.referral_acknowledge, name="referral_acknowledge"),
    path("<str:code>/start/", views.referral_start, name="referral_start"),
    path("<str:code>/close/", views.referral_close, name="referral_close"),
    path("<str:code>/assign/", views.referral_assign, name="referral_assign"),
    path("<str:code>/hand-over/", views.referral_hand_over, name="referral_hand_over"),
    path("<str:code>/share/", views.referral_share, name="referral_share"),
    # the protected record: its assignees only (the branch with a reason)
    path("<str:code>/protected/", views.protected_view, name="protected_view"),
    path("<str:code>/protected/edit/", views.protected_edit, name="protected_edit"),
    path("<str:code>/protected/photo/", views.protected_photo, name="protected_photo"),
]
