from django.urls import path

from rapporteur.accounts import passkey_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.second_factor_view, name="second_factor"),
    path("login/enrol/", views.enrol_view, name="enrol"),
    path("login/password/", views.choose_password_view, name="choose_password"),
    path("login/key/begin/", passkey_views.sign_in_begin_view, name="passkey_sign_in_begin"),
    path("login/key/", passkey_views.sign_in_view, name="passkey_sign_in"),
    path("logout/", views.logout_view, name="logout"),
    path("account/", views.account_view, name="account"),
    path("account/logout-everywhere/", views.logout_everywhere_view, name="logout_everywhere"),
    path("account/password/", views.password_change_view, name="password_change"),
    path("account/recovery-codes/", views.renew_codes_view, name="renew_codes"),
    path("account/keys/begin/", passkey_views.add_begin_view, name="passkey_add_begin"),
    path("account/keys/add/", passkey_views.add_view, name="passkey_add"),
    path("account/keys/remove/", passkey_views.remove_view, name="passkey_remove"),
    path("staff/", views.staff_list_view, name="staff_list"),
    path("staff/new/", views.staff_create_view, name="staff_create"),
    path(
        "staff/<int:user_id>/<slug:action>/",
        views.staff_action_view,
        name="staff_action",
    ),
]
