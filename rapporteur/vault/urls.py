from django.urls import path

from rapporteur.vault import views

app_name = "vault"

urlpatterns = [
    path("", views.access_view, name="access"),
    path("unlock/", views.unlock_view, name="unlock"),
    path("<int:user_id>/grant/", views.grant_view, name="grant"),
    path("<int:user_id>/revoke/", views.revoke_view, name="revoke"),
]
