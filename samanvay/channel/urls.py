from django.urls import path

from samanvay.channel import views

app_name = "channel"
urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("search/", views.search, name="search"),
    path("<int:pk>/", views.group_detail, name="group_detail"),
    path("<int:pk>/after/", views.messages_after, name="messages_after"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("<int:pk>/members/", views.group_members, name="group_members"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/messages/<int:message_pk>/hide/", views.message_hide, name="message_hide"),
    path("<int:pk>/messages/<int:message_pk>/pin/", views.message_pin, name="message_pin"),
    path("<int:pk>/messages/<int:message_pk>/photo/", views.message_photo, name="message_photo"),
    path(
        "<int:pk>/messages/<int:message_pk>/thumbnail/",
        views.message_thumbnail,
        name="message_thumbnail",
    ),
]
