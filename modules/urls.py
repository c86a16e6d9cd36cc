from django.urls import path

from . import views

app_name = "modules"

urlpatterns = [
    path("", views.my_modules, name="my_modules"),
    path("<int:page_id>/refleksion/<str:block_id>/", views.reflection_save, name="reflection"),
    path("<int:page_id>/tjek/<str:block_id>/", views.check_save, name="check"),
    path("<int:page_id>/tal/<str:block_id>/", views.data_check_save, name="data_check"),
    path("<int:page_id>/laest/", views.mark_read, name="mark_read"),
]
