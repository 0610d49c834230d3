"""Settings, all from environment variables (documented in README.md).

Safe defaults: DEBUG off, SQLite in the data directory. Production must set SECRET_KEY.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DATA_DIR = Path(env.str("SECTORPLAN_DATA_DIR", default="var")).resolve()
#: `sectorplan demo` leaves this file in its data directory, so that after `make demo` the
#: other commands (`sectorplan allocate sw-2015`) run in demo mode too. A real installation
#: never runs the demo in its data directory, so there DEBUG stays off unless set.
DEMO_MARKER = DATA_DIR / "DEMO"
DEBUG = env.bool("DEBUG", default=DEMO_MARKER.is_file())

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set the SECRET_KEY environment variable."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-" + "x" * 20

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECTORPLAN_BASE_URL = env.str("SECTORPLAN_BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "sectorplan.core",
    "sectorplan.accounts",
    "sectorplan.programmes",
    "sectorplan.plans",
    "sectorplan.monitoring",
    "sectorplan.knowledge",
    "sectorplan.reporting",
    "sectorplan.api",
    "sectorplan.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sectorplan.accounts.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sectorplan.accounts.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sectorplan.conf.urls"
WSGI_APPLICATION = "sectorplan.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sectorplan.accounts.context_processors.memberships",
                "sectorplan.core.theme.context",
            ],
        },
    },
]
#: Django's form renderer, with the plain inputs written without a template each.
FORM_RENDERER = "sectorplan.core.form_renderer.QuickRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'sectorplan.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and one writer work side by side (demo server plus CLI).
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
# One database connection per app process, kept for a minute and checked before reuse,
# instead of a new one per request: opening a PostgreSQL connection costs more than most
# pages (make bench: the bare view took 20 ms with a connection per request).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked. It needs the request,
    # so tests log in with `client.force_login` (or `client.login(request=HttpRequest(), …)`).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 3 * 60 * 60 * 24  # a reset or invitation link works for three days

# Failed logins (django-axes): five wrong passwords lock the username, and five from one
# address lock that address, for half an hour or until the programme office unlocks.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sectorplan.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "sectorplan.accounts.lockout.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
#: Reverse proxies in front of the app that add themselves to X-Forwarded-For; 0 = none,
#: the peer address is the client (else all users behind one proxy share one lockout).
SECTORPLAN_PROXY_COUNT = env.int("SECTORPLAN_PROXY_COUNT", default=0)

# Two-factor login (TOTP) for the national roles and superusers; the demo runs without it.
SECTORPLAN_TWO_FACTOR = env.bool("SECTORPLAN_TWO_FACTOR", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="sectorplan")

# Sessions end after an hour without a request, and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
# Dates one way (core/dates.py): long "2 januari 2017" in text, short "2 jan. 2017" in tables.
FORMAT_MODULE_PATH = ["sectorplan.conf.formats"]
USE_I18N = True
USE_TZ = True
# Without an active language (the CLI's English output) numbers group by thousands as the
# English pages do, so a message such as core.bounds' ceiling reads the same at every door.
NUMBER_GROUPING = 3

#: The installation's look (core/theme.py): the name in the header, the brand colour (white
#: text on it must reach 4.5:1) and optionally a logo file (SVG, PNG, JPEG or WebP).
THEME = {
    "name": env.str("THEME_NAME", default="sectorplan"),
    "colour": env.str("THEME_COLOUR", default="#154273"),
    "logo": env.str("THEME_LOGO", default=""),
}

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    # S3-compatible storage for uploaded files (needs the optional django-storages package);
    # the access keys are read from the environment by boto3 itself.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
        },
    }

# The demo prints its e-mails on the console; a real installation sends them by SMTP.
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
# Mail leaves in the background (core/mail.py): the backend of EMAIL_URL is the worker's.
SECTORPLAN_EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
if env.bool("SECTORPLAN_MAIL_IN_BACKGROUND", default=True):
    EMAIL_BACKEND = "sectorplan.core.mail.QueuedEmailBackend"
# Long work (final reports, web imports, e-mail) runs in the background: `sectorplan worker`
# takes the tasks from the database (docs/decisions/0012-background-jobs.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="sectorplan@localhost")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms (report.js too) send the token from the form.
CSRF_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# The REST API at /api/v1/ (CONTRACTS §6): token or session, JSON only, 50 per page.
#: Requests per token (per user for a browser session); DRF's rate syntax, e.g. `2000/hour`.
SECTORPLAN_API_THROTTLE = env.str("SECTORPLAN_API_THROTTLE", default="2000/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sectorplan.api.authentication.TokenAuthentication",
        "sectorplan.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "sectorplan.api.plumbing.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["sectorplan.api.plumbing.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": SECTORPLAN_API_THROTTLE},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["sectorplan.api.parsers.BoundedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "sectorplan.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "sectorplan.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "sectorplan API",
    "DESCRIPTION": (
        "The REST API of sectorplan. Authenticate with "
        "`Authorization: Token <key>` (make a token on your account page or with "
        "`sectorplan create-token`) or with the browser session. Lists are paginated "
        "(`page`, `page_size` up to 500). Plans and reports carry an `ETag`; a change to "
        "one (or to a plan's activities) must send it back in `If-Match`: without it 428, "
        "a stale one 412. Every error is JSON; a 500 names a `reference` for the log."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "sectorplan.programmes.constants.OrganisationKind",
        "QuestionKindEnum": "sectorplan.programmes.constants.QuestionKind",
        "ProgrammeStatusEnum": "sectorplan.programmes.constants.ProgrammeStatus",
        "RoundStateEnum": "sectorplan.programmes.constants.RoundState",
        "PlanStateEnum": "sectorplan.plans.constants.PlanState",
        "ReportStateEnum": "sectorplan.monitoring.constants.ReportState",
    },
}

#: Days without a login after which `sectorplan anonymise-accounts` anonymises an account
#: (AVG retention period; see docs).
SECTORPLAN_RETENTION_DAYS = env.int("SECTORPLAN_RETENTION_DAYS", default=730)
# The largest amount in euros any door (page, API, import) accepts (core/bounds.py).
SECTORPLAN_AMOUNT_MAX = env.str("SECTORPLAN_AMOUNT_MAX", default="1000000000.00")
# The largest file in bytes any import (CLI or page) reads; larger ones are refused unread.
SECTORPLAN_IMPORT_MAX_BYTES = env.int("SECTORPLAN_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
