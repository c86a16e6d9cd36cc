from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    Institution,
    Invitation,
    Municipality,
    NotificationLog,
    RoleAssignment,
    SchoolClass,
    Team,
    TeamMembership,
    User,
)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["institution", "municipality"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "uniid", "is_active", "erase_link"]
    search_fields = ["email", "first_name", "last_name", "uniid"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "uniid")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    @admin.display(description=_("erase personal data"))
    def erase_link(self, user):
        if user.erased_at is not None:
            return _("erased")
        return format_html(
            '<a href="{}">{}</a>', reverse("person_erase", args=[user.pk]), _("Erase")
        )


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["number", "name"]
    list_select_related = ["municipality"]


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ["code", "grade", "institution"]
    list_filter = ["institution__municipality"]
    search_fields = ["code", "institution__name"]
    list_select_related = ["institution"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "institution"]
    list_filter = ["institution__municipality"]
    search_fields = ["name", "institution__name"]
    list_select_related = ["institution"]
    inlines = [TeamMembershipInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "institution", "municipality"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "institution", "municipality"]
    autocomplete_fields = ["user", "institution", "municipality"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token", "accepted_at"]
    autocomplete_fields = ["user"]


@admin.register(NotificationLog)
class NotificationLogAdmin(admin.ModelAdmin):
    list_display = ["key", "created_at"]
    search_fields = ["key"]
