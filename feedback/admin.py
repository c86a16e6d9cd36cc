from django.contrib import admin

from .models import FeedbackRoute, RouteStep


class RouteStepInline(admin.TabularInline):
    model = RouteStep
    extra = 0


@admin.register(FeedbackRoute)
class FeedbackRouteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "municipality", "institution", "review_before_release"]
    inlines = [RouteStepInline]
