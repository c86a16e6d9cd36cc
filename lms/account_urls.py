from django.urls import path

from . import account_views

urlpatterns = [
    path("invitation/<str:token>/", account_views.invitation_accept, name="invitation_accept"),
    path("admin-login/", account_views.admin_login, name="admin_login"),
    path("unilogin/skift/", account_views.unilogin_switch, name="unilogin_switch"),
]
