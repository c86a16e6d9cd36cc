from django.contrib import admin

from .models import (
    CommentBankEntry,
    FeedbackMessage,
    FeedbackRoute,
    Meeting,
    MeetingSlot,
    ReviewTask,
    ReviewTaskEvent,
    RouteStep,
    WrittenFeedback,
)


class RouteStepInline(admin.TabularInline):
    model = RouteStep
    extra = 0


@admin.register(FeedbackRoute)
class FeedbackRouteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "municipality", "institution", "review_before_release"]
    inlines = [RouteStepInline]


class ReviewTaskEventInline(admin.TabularInline):
    model = ReviewTaskEvent
    extra = 0
    readonly_fields = ["assignee", "previous_assignee", "by", "reason", "created_at"]


@admin.register(ReviewTask)
class ReviewTaskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "given_by", "assignee", "state", "due_at"]
    list_filter = ["state", "kind", "given_by"]
    raw_id_fields = ["submission", "version", "assignee"]
    inlines = [ReviewTaskEventInline]


@admin.register(WrittenFeedback)
class WrittenFeedbackAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "approval_requested_at", "released_at"]
    raw_id_fields = ["task", "author", "approved_by"]


class MeetingSlotInline(admin.TabularInline):
    model = MeetingSlot
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "chosen_slot", "recorded_at"]
    raw_id_fields = ["task", "proposed_by", "chosen_by", "recorded_by", "chosen_slot"]
    inlines = [MeetingSlotInline]


@admin.register(CommentBankEntry)
class CommentBankEntryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "package", "created_by"]
    raw_id_fields = ["package", "created_by"]


@admin.register(FeedbackMessage)
class FeedbackMessageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "created_at"]
    raw_id_fields = ["submission", "author"]
