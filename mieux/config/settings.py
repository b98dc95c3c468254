"""Settings, all read from the environment.

Defaults suit the embedded setup (`make demo`, tests): a SQLite file under `var/`, console e-mail,
local media. Production sets `MIEUX_ENV=production`, `SECRET_KEY`, `DATABASE_URL` and
`ALLOWED_HOSTS`; see docs/settings.md.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("MIEUX_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


MIEUX_ENV = os.environ.get("MIEUX_ENV", "development")
PRODUCTION = MIEUX_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else "insecure-development-key-only")
if PRODUCTION and not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when MIEUX_ENV=production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    # The admin, branded and open to administrators only (mieux/navigation/admin_site.py).
    "mieux.navigation.admin_config.MieuxAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "mieux.core",
    "mieux.geo",
    "mieux.taxonomy",
    "mieux.accounts",
    "mieux.portfolio",
    "mieux.inbox",
    "mieux.intake",
    "mieux.experts",
    "mieux.mywork",
    "mieux.navigation",
    "mieux.conversations",
    "mieux.insights",
    "mieux.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the request: NUL characters, oversized and malformed bodies stop here.
    "mieux.core.middleware.RequestInputMiddleware",
    "csp.middleware.CSPMiddleware",
    "mieux.accounts.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mieux.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mieux.config.urls"
WSGI_APPLICATION = "mieux.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mieux.navigation.navigation.navigation",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mieux.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; the busy timeout waits for a lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Tests use a file, not SQLite's in-memory database: there a second writer fails at once
    # ("table is locked") instead of waiting, so concurrency could not be tested on SQLite.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_mieux.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Sign-in throttling first (it refuses a locked-out username + address before any password is
# checked; it lets programmatic `authenticate()` calls without a request through), then the users.
AUTHENTICATION_BACKENDS = [
    "mieux.accounts.backends.ThrottlingBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Argon2 for new and changed passwords; the others still verify existing hashes, which Django
# rewrites with Argon2 at the user's next successful sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

LOGIN_URL = "accounts:login"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mieux <noreply@localhost>")
# The site's public address, for links in e-mails sent outside a request (invitations).
MIEUX_SITE_URL = os.environ.get("MIEUX_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# SMTP, used when EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Background work (e-mails after a transition). Immediate runs the task in-process after commit;
# production points TASKS_BACKEND at a queue backend with worker processes.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_without_traceback": {
            "()": "mieux.core.log_filters.ClientErrorsWithoutTraceback"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_errors_without_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django's own logger otherwise keeps its default console handler (DEBUG only), which
    # would print the tracebacks of 403s that the filter above removes.
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": os.environ.get("LOG_LEVEL", "WARNING"),
            "propagate": False,
        }
    },
}

# Request sizes (mieux.core.middleware): a whole request, uploaded files included, is refused
# with a 413 from its Content-Length beyond MIEUX_MAX_REQUEST_BYTES; everything but uploaded
# files beyond DATA_UPLOAD_MAX_MEMORY_SIZE (Django's setting, 2.5 MB by default).
MIEUX_MAX_REQUEST_BYTES = int(os.environ.get("MIEUX_MAX_REQUEST_BYTES", str(12 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(int(2.5 * 1024 * 1024)))
)

# Public pages list this many actions per page; the API's default page size.
PORTFOLIO_PAGE_SIZE = 20

# --- Account security (docs/security.md) -----------------------------------------------------

# Everyone lands on their own work after signing in (unless `next` says where to go).
LOGIN_REDIRECT_URL = "mywork:my_work"
LOGOUT_REDIRECT_URL = "portfolio:home"

# Sessions last a working day at most and end when the browser closes; cookies are never readable
# by scripts (the CSRF cookie excepted, as Django's default: the token is also in every form).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Origins allowed to POST (scheme + host); in production every ALLOWED_HOSTS name over https
# (".example.org" allows its subdomains).
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS",
    ",".join(
        f"https://*{host}" if host.startswith(".") else f"https://{host}"
        for host in ALLOWED_HOSTS
        if host != "*"
    )
    if PRODUCTION
    else "",
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent on every response by mieux.accounts.middleware.PermissionsPolicyMiddleware.
MIEUX_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Content security policy (django-csp 4): only this site's own scripts, styles and images (plus
# data: images); no plugins, no framing, forms post only here. Templates therefore carry no inline
# <script> or style="" attributes (a test checks every template).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# Sign-in throttling (django-axes): after 5 failures for one username from one address, that pair
# is locked out for 15 minutes (a further failure restarts the 15 minutes); a success resets.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "mieux.accounts.views.lockout_response"
AXES_CLIENT_IP_CALLABLE = "mieux.accounts.middleware.client_ip_address"
# Behind N reverse proxies that append to X-Forwarded-For, the client address is the N-th entry
# from the right; 0 (the default) uses the connection's address.
MIEUX_TRUSTED_PROXY_COUNT = int(os.environ.get("MIEUX_TRUSTED_PROXY_COUNT", "0"))

# TOTP two-factor sign-in for staff and steering committee members (mieux.accounts.two_factor).
# On in production; off by default elsewhere, so the demo users sign in with a password alone.
MIEUX_REQUIRE_TWO_FACTOR = env_bool("MIEUX_REQUIRE_TWO_FACTOR", PRODUCTION)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "mieux")
