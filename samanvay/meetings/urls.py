from django.urls import path

from samanvay.meetings import views, views_minutes, views_pdf

app_name = "meetings"
urlpatterns = [
    # meetings, invitations, RSVP, attendance (views.py)
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/invite/", views.meeting_invite, name="meeting_invite"),
    path(
        "<int:pk>/invite/<int:rule_pk>/remove/",
        views.invitation_rule_remove,
        name="invitation_rule_remove",
    ),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("rsvp/<str:token>/", views.rsvp_by_link, name="rsvp_by_link"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    # minutes, decisions, action items (views_minutes.py)
    path("<int:pk>/minutes/", views_minutes.minutes_edit, name="minutes_edit"),
    path("<int:pk>/decisions/new/", views_minutes.decision_add, name="decision_add"),
    path("<int:pk>/action-items/new/", views_minutes.action_item_add, name="action_item_add"),
    path("action-items/", views_minutes.my_action_items, name="my_action_items"),
    path("action-items/<int:pk>/", views_minutes.action_item_detail, name="action_item_detail"),
    path(
        "action-items/<int:pk>/update/", views_minutes.action_item_update, name="action_item_update"
    ),
    path(
        "action-items/<int:pk>/evidence/",
        views_minutes.action_item_evidence,
        name="action_item_evidence",
    ),
    # minutes as PDF, in Hindi or English (views_pdf.py)
    path("<int:pk>/minutes.<str:language>.pdf", views_pdf.minutes_pdf, name="minutes_pdf"),
]
