from django.urls import path

from samanvay.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("monthly/", views.monthly_reports, name="monthly_reports"),
    path("monthly/make/", views.monthly_report_make, name="monthly_report_make"),
    path("monthly/schedule/", views.monthly_report_schedule, name="monthly_report_schedule"),
    path("monthly/<int:pk>/status/", views.monthly_report_status, name="monthly_report_status"),
    path("monthly/<int:pk>/<str:kind>/", views.monthly_report_file, name="monthly_report_file"),
]
