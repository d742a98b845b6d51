from django.urls import path

from rapporteur.accounts.views import account, sign_in, staff

app_name = "accounts"

urlpatterns = [
    path("login/", sign_in.login_view, name="login"),
    path("login/code/", sign_in.second_factor_view, name="second_factor"),
    path("login/enrol/", sign_in.enrol_view, name="enrol"),
    path("login/password/", sign_in.choose_password_view, name="choose_password"),
    path("login/key/begin/", sign_in.key_begin_view, name="passkey_sign_in_begin"),
    path("login/key/", sign_in.key_view, name="passkey_sign_in"),
    path("logout/", sign_in.logout_view, name="logout"),
    path("account/", account.account_view, name="account"),
    path("account/logout-everywhere/", account.logout_everywhere_view, name="logout_everywhere"),
    path("account/password/", account.password_change_view, name="password_change"),
    path("account/recovery-codes/", account.renew_codes_view, name="renew_codes"),
    path("account/keys/begin/", account.key_add_begin_view, name="passkey_add_begin"),
    path("account/keys/add/", account.key_add_view, name="passkey_add"),
    path("account/keys/remove/", account.key_remove_view, name="passkey_remove"),
    path("staff/", staff.staff_list_view, name="staff_list"),
    path("staff/new/", staff.staff_create_view, name="staff_create"),
    path(
        "staff/<int:user_id>/<slug:action>/",
        staff.staff_action_view,
        name="staff_action",
    ),
]
