from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import account_views, cms_guards, unilogin, views

admin.site.login = account_views.admin_login

# Danish error pages (403 and 404 are the templates of those names, rendered with the request).
handler400 = "lms.error_views.bad_request"
handler500 = "lms.error_views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("skoler/<str:number>/", views.institution_detail, name="institution_detail"),
    path("skoler/<str:number>/adgang/", views.access_record, name="access_record"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("kommuner/<str:code>/", views.municipality_detail, name="municipality_detail"),
    path("personer/<int:pk>/slet/", views.person_erase, name="person_erase"),
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

# Wagtail serves the published content tree last, under /indhold/.
urlpatterns += [path("indhold/", include(wagtail_urls))]
