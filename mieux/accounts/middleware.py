"""Request-wide security: two-factor enforcement, Permissions-Policy, client addresses."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from mieux.accounts import two_factor
from mieux.core.problems import API_PREFIX, is_api_request, problem_response


class TwoFactorMiddleware:
    """Keeps a user who must use two-factor sign-in, and has not yet given a code, to the
    two-factor pages.

    While the session is not verified, such a user reaches only the code and setup pages, sign-in,
    sign-out, the language switch and static files. Other pages redirect to the code page (or to
    the setup page when no authenticator is set up yet), with `next` to come back; the admin is
    one of those pages. API calls made with the session are refused with a 403 problem+json;
    calls with a bearer token are not affected (a token is a separate credential, issued to the
    user by an administrator). Does nothing while `settings.MIEUX_REQUIRE_TWO_FACTOR` is off.

    Must come after `django_otp.middleware.OTPMiddleware`, which tells whether the session is
    verified.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.MIEUX_REQUIRE_TWO_FACTOR and self._must_verify(request):
            return self._refusal(request)
        return self.get_response(request)

    def _must_verify(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if _is_always_allowed(request.path_info) or _has_bearer_token(request):
            return False
        if user.is_verified():
            return False
        return two_factor.two_factor_required(user)

    def _refusal(self, request: HttpRequest) -> HttpResponse:
        if is_api_request(request):
            return problem_response(
                status=403,
                code="permission_denied",
                detail=_(
                    "Confirm your sign-in with a code from your authenticator app before "
                    "using the API with this session."
                ),
            )
        next_url = request.get_full_path() if request.method in {"GET", "HEAD"} else "/"
        target = two_factor.next_step_url(request.user, next_url)
        return HttpResponseRedirect(target)


def _is_always_allowed(path: str) -> bool:
    allowed_paths = {
        reverse("accounts:login"),
        reverse("accounts:logout"),
        reverse("accounts:two_factor_verify"),
        reverse("accounts:two_factor_setup"),
        reverse("set_language"),
    }
    static_prefix = "/" + settings.STATIC_URL.lstrip("/")
    return path in allowed_paths or path.startswith(static_prefix)


def _has_bearer_token(request: HttpRequest) -> bool:
    authorization = request.headers.get("Authorization", "")
    return request.path_info.startswith(API_PREFIX) and authorization[:7].lower() == "bearer "


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` (settings.MIEUX_PERMISSIONS_POLICY): no camera, microphone,
    location, payment… for the site or anything it embeds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "MIEUX_PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


def client_ip_address(request: HttpRequest) -> str | None:
    """The caller's address, for sign-in throttling (django-axes' `AXES_CLIENT_IP_CALLABLE`).

    Behind `settings.MIEUX_TRUSTED_PROXY_COUNT` reverse proxies that each append the address they
    saw to `X-Forwarded-For`, the client is that many entries from the right; entries further left
    could be forged by the client and are ignored. Without proxies: the connection's address.
    """
    proxy_count = settings.MIEUX_TRUSTED_PROXY_COUNT
    if proxy_count > 0:
        forwarded = [
            address.strip()
            for address in request.headers.get("X-Forwarded-For", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= proxy_count:
            return forwarded[-proxy_count]
    return request.META.get("REMOTE_ADDR")
