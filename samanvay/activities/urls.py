from django.urls import path

from samanvay.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("export.<str:fmt>", views.report_export, name="report_export"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/verify/", views.report_verify, name="report_verify"),
    path("<int:pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo_view, name="photo_view"),
    path(
        "<int:pk>/photos/<int:photo_pk>/thumbnail/",
        views.photo_thumbnail,
        name="photo_thumbnail",
    ),
    path("<int:pk>/photos/<int:photo_pk>/remove/", views.photo_remove, name="photo_remove"),
]
