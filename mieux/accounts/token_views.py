"""The page "API tokens" (`/accounts/tokens/`): a signed-in user lists, creates and revokes their
own bearer tokens for the API.

Any signed-in user may have tokens: a token acts as its user, so it can do no more than the
user's session. The raw token is shown once, on the page that answers the POST that created it;
it is never put in the session, a message or a URL, and that page is not cached. Another user's
token is a 404, as if it did not exist. Writes go through `mieux.accounts.tokens`.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods

from mieux.accounts.models import ApiToken
from mieux.accounts.selectors import api_tokens_of
from mieux.accounts.token_forms import ApiTokenCreateForm
from mieux.accounts.tokens import MAX_LIFETIME_DAYS, api_token_create, api_token_revoke
from mieux.core.errors import DomainError


@never_cache
# Error reports must not show the raw token, in this frame or in the template's context.
@sensitive_variables("raw_token", "context")
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """GET: the user's tokens and the form. POST: create one and show it, this once."""
    form = ApiTokenCreateForm(request.POST if request.method == "POST" else None)
    created: ApiToken | None = None
    raw_token = ""
    if form.is_valid():
        try:
            created, raw_token = api_token_create(
                user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                expires_at=form.expires_at(),
            )
        except DomainError as error:
            field = form.expiry_field if error.field == "expires_at" else error.field
            form.add_error(field if field in form.fields else None, error.message)
        else:
            form = ApiTokenCreateForm()
    status = 400 if form.is_bound and form.errors else 200
    context = {
        "nav": "tokens",
        "tokens": list(api_tokens_of(request.user)),
        "form": form,
        "created": created,
        "raw_token": raw_token,
        "max_lifetime_days": MAX_LIFETIME_DAYS,
    }
    return render(request, "accounts/token_list.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """GET: ask to confirm. POST: revoke, then back to the list."""
    api_token = _own_token_or_404(request.user, token_id)
    if request.method == "POST":
        try:
            api_token_revoke(actor=request.user, api_token=api_token)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The token “%(name)s” is revoked: it no longer works.")
                % {"name": api_token.name or api_token.token_prefix},
            )
        return redirect("accounts:token_list")
    return render(request, "accounts/token_revoke.html", {"nav": "tokens", "token": api_token})


def _own_token_or_404(user: Any, token_id: int) -> ApiToken:
    api_token = api_tokens_of(user).filter(pk=token_id).first()
    if api_token is None:
        raise Http404(_("No such API token."))
    return api_token
