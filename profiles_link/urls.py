from django.urls import path

from . import import_views, views

app_name = "profiles"

urlpatterns = [
    path("", views.programme_overview, name="programme_overview"),
    path("skoler/<str:number>/", views.school_profile, name="school_profile"),
    path("skoler/<str:number>/eksport.csv", views.school_profile_csv, name="school_profile_csv"),
    path("skoler/<str:number>/eksport.xlsx", views.school_profile_xlsx, name="school_profile_xlsx"),
    path(
        "skoler/<str:number>/klasser/<str:class_code>/", views.class_profile, name="class_profile"
    ),
    path("kommuner/<str:code>/", views.municipality_profile, name="municipality_profile"),
    path("import/", import_views.import_start, name="import_start"),
    path("import/<uuid:pk>/", import_views.import_status, name="import_status"),
    path("import/<uuid:pk>/igen/", import_views.import_retry, name="import_retry"),
    path("import/<uuid:pk>/bekraeft/", import_views.import_confirm, name="import_confirm"),
    path("import/<uuid:pk>/annuller/", import_views.import_cancel, name="import_cancel"),
    path("runder/<int:pk>/slet/", import_views.round_delete, name="round_delete"),
]
