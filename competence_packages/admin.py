from django.contrib import admin

from .models import LeadershipCourse


@admin.register(LeadershipCourse)
class LeadershipCourseAdmin(admin.ModelAdmin):
    """The programme sets the leadership teams' course per mapping round."""

    list_display = ["mapping_round", "package", "starts_on"]
    list_select_related = ["mapping_round", "package"]
