from django.contrib import admin

from samanvay.referrals.models import ServiceContact


@admin.register(ServiceContact)
class ServiceContactAdmin(admin.ModelAdmin):
    """The district directory of services (CWC, DCPU, One Stop Centre, CMPO, shelter homes)."""

    list_display = ["name", "kind", "district", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "district__name_en"]
