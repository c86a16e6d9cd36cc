from django.urls import path

from . import views

app_name = "competence_packages"

urlpatterns = [
    path("skoler/<str:number>/", views.catalogue, name="catalogue"),
    path("skoler/<str:number>/valg/", views.choices, name="choices"),
    path("skoler/<str:number>/vaelg/<int:package_id>/", views.choose, name="choose"),
    path("skoler/<str:number>/valg/<int:choice_id>/ret/", views.choice_edit, name="choice_edit"),
    path(
        "skoler/<str:number>/valg/<int:choice_id>/fortryd/",
        views.choice_withdraw,
        name="choice_withdraw",
    ),
    path("vaelg/<int:package_id>/", views.choose_for, name="choose_for"),
    path("kommuner/<str:code>/", views.municipality_choices, name="municipality"),
]
