"""Sign-in, sign-out, two-factor, password, settings and API token pages (`accounts:<name>`)."""

from django.urls import path

from mieux.accounts import password_views, token_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("settings/", views.account_settings, name="settings"),
    path("password/change/", password_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/reset/",
        password_views.PasswordResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        password_views.PasswordResetSentView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        password_views.PasswordResetChooseView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        password_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tokens/", token_views.token_list, name="token_list"),
    path("tokens/<int:token_id>/revoke/", token_views.token_revoke, name="token_revoke"),
]
