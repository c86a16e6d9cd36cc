from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import account_views, cms_guards, content_routes, people_views, team_views, unilogin, views

admin.site.login = account_views.admin_login

# Danish error pages (403 and 404 are the templates of those names, rendered with the request).
handler400 = "lms.error_views.bad_request"
handler500 = "lms.error_views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("skoler/<str:number>/", views.institution_detail, name="institution_detail"),
    path("skoler/<str:number>/adgang/", views.access_record, name="access_record"),
    path("skoler/<str:number>/teams/nyt/", team_views.team_create, name="team_create"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/ret/", team_views.team_edit, name="team_edit"),
    path("teams/<int:pk>/medlemmer/", team_views.team_members, name="team_members"),
    path(
        "teams/<int:pk>/medlemmer/<int:user_id>/",
        team_views.team_member_change,
        name="team_member_change",
    ),
    path("teams/<int:pk>/arkiv/", team_views.team_archive, name="team_archive"),
    path("kommuner/<str:code>/", views.municipality_detail, name="municipality_detail"),
    path("personer/<int:pk>/slet/", views.person_erase, name="person_erase"),
    path("personer/import/", people_views.people_import_start, name="people_import_start"),
    path(
        "kommuner/<str:code>/personer/",
        people_views.municipality_people,
        name="municipality_people",
    ),
    path(
        "kommuner/<str:code>/personer/rolle/<int:pk>/fjern/",
        people_views.role_remove,
        name="role_remove",
    ),
    path(
        "kommuner/<str:code>/personer/<int:pk>/aktiv/",
        people_views.person_set_active,
        name="person_set_active",
    ),
    path(
        "personer/import/<uuid:pk>/", people_views.people_import_status, name="people_import_status"
    ),
    path(
        "personer/import/<uuid:pk>/beslut/",
        people_views.people_import_decide,
        name="people_import_decide",
    ),
    path("profiler/", include("profiles_link.urls")),
    path("pakker/", include("competence_packages.urls")),
    path("moduler/", include("modules.urls")),
    path("opgaver/", include("assignments.urls")),
    path("feedback/", include("feedback.urls")),
    path("overblik/", include("feedback.overview_urls")),
    path("planer/", include("plans.urls")),
    path("konto/", include("lms.account_urls")),
    # allauth's own OpenID Connect paths, run with the UNI-Login additions (lms.unilogin).
    path("accounts/oidc/<str:provider_id>/login/", unilogin.login),
    path("accounts/oidc/<str:provider_id>/login/callback/", unilogin.callback),
    path("accounts/login/", account_views.login, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("django-admin/", admin.site.urls),
    path("cms/", include(cms_guards)),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

# Uploaded media in development only (DEBUG); never the private folders (team files, mapping
# uploads), however the path is spelt: lms.views.media refuses them.
urlpatterns += [
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", views.media, name="media"),
]

# Wagtail serves the published content tree last, under /indhold/: its own URLs, with its page
# view given the route from lms.content_routes (one query instead of two a level of the tree).
content_urls = [
    re_path(pattern.pattern.regex.pattern, content_routes.serve, name=pattern.name)
    if pattern.name == "wagtail_serve"
    else pattern
    for pattern in wagtail_urls.urlpatterns
]
urlpatterns += [path("indhold/", include(content_urls))]
