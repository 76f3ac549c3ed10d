from django.urls import path

from samanvay.directory import views, views_exchange

app_name = "directory"
urlpatterns = [
    path("districts/", views.district_list, name="district_list"),
    path("districts/<int:code>/", views.district_detail, name="district_detail"),
    path("police-units/", views.police_unit_list, name="police_unit_list"),
    path("police-units/new/", views.police_unit_create, name="police_unit_create"),
    path("police-units/<int:pk>/", views.police_unit_detail, name="police_unit_detail"),
    path("police-units/<int:pk>/edit/", views.police_unit_edit, name="police_unit_edit"),
    path(
        "police-units/export.<str:fmt>",
        views_exchange.police_unit_export,
        name="police_unit_export",
    ),
    path("police-units/import/", views_exchange.police_unit_import, name="police_unit_import"),
    path("ngos/", views.ngo_list, name="ngo_list"),
    path("ngos/new/", views.ngo_create, name="ngo_create"),
    path("ngos/<int:pk>/", views.ngo_detail, name="ngo_detail"),
    path("ngos/<int:pk>/edit/", views.ngo_edit, name="ngo_edit"),
    path("ngos/<int:pk>/verification/", views.ngo_verify, name="ngo_verify"),
    path("ngos/export.<str:fmt>", views_exchange.ngo_export, name="ngo_export"),
    path("ngos/import/", views_exchange.ngo_import, name="ngo_import"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/memberships/new/", views.membership_add, name="membership_add"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("memberships/<int:pk>/delete/", views.membership_delete, name="membership_delete"),
    path("samitis/", views.samiti_list, name="samiti_list"),
    path("samitis/new/", views.samiti_create, name="samiti_create"),
    path("samitis/<int:pk>/", views.samiti_detail, name="samiti_detail"),
    path("samitis/<int:pk>/edit/", views.samiti_edit, name="samiti_edit"),
    path("samitis/<int:pk>/delete/", views.samiti_delete, name="samiti_delete"),
]
