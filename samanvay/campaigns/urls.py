from django.urls import path

from samanvay.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/targets/", views.plan_targets, name="plan_targets"),
    path("plans/<int:pk>/targets/<int:code>/", views.plan_target_edit, name="plan_target_edit"),
    path("plans/<int:pk>/partners/", views.plan_partners, name="plan_partners"),
    path(
        "plans/<int:pk>/partners/<int:partner_pk>/remove/",
        views.plan_partner_remove,
        name="plan_partner_remove",
    ),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/versions/", views.plan_versions, name="plan_versions"),
    path("plans/<int:pk>/compare/", views.plan_compare, name="plan_compare"),
    path("plans/<int:pk>/districts/<int:code>/", views.plan_district, name="plan_district"),
    path("<slug:code>/", views.campaign_detail, name="campaign_detail"),
    path("<slug:code>/plans/new/", views.plan_create, name="plan_create"),
]
