from django.contrib import admin

from .models import Attachment, StatusChange, Submission, SubmissionVersion


class StatusChangeInline(admin.TabularInline):
    """The timeline, read-only: statuses change through the services, never by hand."""

    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class VersionInline(admin.TabularInline):
    model = SubmissionVersion
    extra = 0
    can_delete = False
    fields = ["number", "submitted_by", "submitted_at", "is_late"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "team", "status", "due_on", "extended_until", "is_late"]
    list_filter = ["status", "is_late"]
    search_fields = ["team__name", "team__institution__name", "assignment__title"]
    raw_id_fields = ["team", "assignment", "last_edited_by"]
    readonly_fields = ["status", "revision", "submitted_at", "last_edited_at", "created_at"]
    inlines = [VersionInline, StatusChangeInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "submission", "size", "in_draft", "uploaded_at"]
    raw_id_fields = ["submission", "uploaded_by"]
    readonly_fields = ["file", "content_type", "size", "uploaded_at"]
