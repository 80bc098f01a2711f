"""Settings for the NHS Learning Network portal.

Everything that differs between a laptop and production comes from the
environment: DJANGO_DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and the
EMAIL_* variables. With no DATABASE_URL the portal runs on an embedded
PostgreSQL whose data lives in var/.
"""

import importlib.util
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LEARNING_NETWORK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long "
            "random value (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DJANGO_DEBUG=true for local development."
        )
    # Development only: a key kept in var/ so that sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_filters",
    "axes",
    "django_tasks_db",
    "learning_network",
    "directory",
    "accounts",
    "practice_db",
    "bulletin",
    "opportunities",
    "training",
    "leadership",
    "beacons",
    "learning_centres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before LoginRequiredMiddleware: a database that has gone away gives the
    # 503 page, even when it fails on the session or user lookup.
    "learning_network.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # A refusal a view let rise (not allowed, conflict, invalid) becomes its page.
    "learning_network.error_handling.DomainErrorMiddleware",
    # Last, as django-axes asks: it turns lockouts into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "learning_network.urls"
WSGI_APPLICATION = "learning_network.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "learning_network.context_processors.portal",
            ],
        },
    },
]

# Database: DATABASE_URL when given, otherwise the embedded PostgreSQL.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    from learning_network.embedded_db import database_settings

    DATABASES = {"default": database_settings(VAR_DIR)}

DATABASES["default"].setdefault("OPTIONS", {})
# A server that is down or unreachable fails the connection in seconds, so the
# page is a 503 and not a worker stuck until gunicorn's timeout.
DATABASES["default"]["OPTIONS"].setdefault(
    "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
)
# No just-in-time compilation of statements: PostgreSQL turns it on for any
# plan it costs high, and on our pages' statements compiling takes far longer
# than running them (the spread map's at 100,000 examples: 736 ms compiling,
# 57 ms running).
DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
# Check each connection before it is used: without the pool, when a
# persistent connection is reused; with it, see below.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True


def check_pooled_connection(conn) -> None:
    """Check a connection as it is taken from the pool; on failure, sweep the pool.

    A restart or failover kills every connection at once. After the second
    connection that fails this check, psycopg_pool waits a second, then two,
    then four... before trying the next, so a pool of eight dead ones
    outlasts the request's timeout. Checking every idle one as soon as one
    fails lets the request's next try find a new connection at once.
    """
    from psycopg_pool import ConnectionPool

    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        pool = getattr(conn, "_pool", None)  # set by the pool as it hands out a connection
        if pool is not None:
            pool.check()
        raise


# psycopg's pool: connections are reused across requests in each process.
DATABASE_POOL_OPTIONS = {
    "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
    "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
    # How long a request waits for a connection while the database is away
    # before it gets the 503 page: well inside gunicorn's 30 seconds.
    "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "5")),
    "check": check_pooled_connection,
    # While the database is away the pool retries after 1, 2, 4... seconds,
    # and gives up after this long until a request asks again. Five seconds
    # keeps every gap under two, so the pool reconnects within about two
    # seconds of the database coming back, not after minutes of back-off.
    "reconnect_timeout": float(os.environ.get("DATABASE_POOL_RECONNECT_TIMEOUT", "5")),
}
if env_bool("DATABASE_POOL", default=not DEBUG):
    DATABASES["default"]["OPTIONS"]["pool"] = DATABASE_POOL_OPTIONS
# Each test run gets its own database, so that two runs at once do not collide.
DATABASES["default"]["TEST"] = {
    "NAME": os.environ.get(
        "TEST_DATABASE_NAME", f"test_{DATABASES['default']['NAME']}_{os.getpid()}"
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and signing in
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.VerifiedEmailBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"
AUTH_PASSWORD_VALIDATORS = [
    {
        # Our user has no username or first and last names: compare what it does have.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("full_name", "email", "job_title")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a day
EMAIL_VERIFICATION_TIMEOUT = 60 * 60 * 24 * 3  # three days

# Sign-up is open only to these email domains and their sub-domains.
SIGNUP_EMAIL_DOMAINS = env_list("SIGNUP_EMAIL_DOMAINS", "nhs.net,nhs.uk")

# django-axes: ten failed sign-ins lock out that account at that address, and
# SIGN_IN_ADDRESS_FAILURE_LIMIT failures from one address (at any accounts)
# lock out that address, for AXES_COOLOFF_MINUTES. Neither alone lets a
# stranger lock a colleague out from elsewhere. accounts.lockout applies the
# second limit, which axes itself cannot hold beside the first.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
SIGN_IN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_FAILURE_LIMIT", "100"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.SignInLockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_for_lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# The client's address, for the lockout and the throttles (django-ipware
# reads it for axes). Behind TRUSTED_PROXY_COUNT reverse proxies, each adding
# the address it was reached from to X-Forwarded-For, the client is that many
# entries from the right; entries further left are the client's own to forge.
# With none (the default, for a portal reached directly) the header is
# ignored, so no client can choose the address it is counted under.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    # django-ipware counts only the proxies named in the header: the last
    # proxy is the connection itself, not an entry.
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None
AXES_IPWARE_PROXY_ORDER = "left-most"
# A header longer than the proxies explain means the client added entries of
# its own: take the client's from the right rather than give up.
IPWARE_STRICT = False

# A cache every app server shares, for the limits in learning_network.throttle
# and the practice database's counts and lists (practice_db.published):
# Redis when REDIS_URL is set (with the redis package installed), otherwise a
# table in PostgreSQL, made by migrate (accounts.0003_shared_cache_table).
#
# Beside it, the "pages" cache: what pages work out that is the same for
# every reader (a search's results and counts, an example's sections as
# HTML), kept until what is published changes (see practice_db.published).
# It is a cache of its own so that however many different searches people
# make, culling it never forgets a limit's counter; in PostgreSQL it holds
# at most PAGES_CACHE_ENTRIES (a few kilobytes each), in Redis each entry
# lives PAGES_CACHE_SECONDS.
PAGES_CACHE_ENTRIES = 20_000
PAGES_CACHE_SECONDS = 10 * 60
if os.environ.get("REDIS_URL"):
    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured(
            "REDIS_URL is set but the redis package is not installed: "
            "`pip install redis`, or unset REDIS_URL to keep the cache in PostgreSQL."
        )
    CACHES = {
        "default": {
            "BACKEND": "learning_network.cache_backend.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        # Best a Redis of its own (PAGES_REDIS_URL, with maxmemory and an
        # allkeys-lru policy), so that a flood of different searches evicts
        # other searches and never a limit's counter.
        "pages": {
            "BACKEND": "learning_network.cache_backend.RedisCache",
            "LOCATION": os.environ.get("PAGES_REDIS_URL") or os.environ["REDIS_URL"],
            "KEY_PREFIX": "pages",
            "TIMEOUT": PAGES_CACHE_SECONDS,
        },
    }
    # Sessions read from Redis, written to PostgreSQL too (kept if Redis is
    # emptied): a statement fewer on every signed-in page. With the cache in
    # PostgreSQL this would only move the read to another table.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Django's database sessions, read by a statement built once (see the module).
    SESSION_ENGINE = "learning_network.sessions"
    CACHES = {
        "default": {
            # Django's database cache, each write one statement (see the module).
            "BACKEND": "learning_network.cache_backend.PostgresCache",
            "LOCATION": "learning_network_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
        "pages": {
            "BACKEND": "learning_network.cache_backend.PostgresCache",
            "LOCATION": "learning_network_page_cache",
            "TIMEOUT": PAGES_CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": PAGES_CACHE_ENTRIES},
        },
    }

SESSION_COOKIE_AGE = 60 * 60 * 12  # a working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "learning_network.views.csrf_failure"

# Internationalisation
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: our own in static/, NHS.UK frontend built into build/static/.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build" / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Uploads: a file over 2.5 MB goes to a temporary file, never memory, and a
# request with more than 10 files is refused (400) before they are read. The
# practice database's form reads no more than it keeps (practice_db.uploads:
# 5 documents of 10 MB); a proxy in front must allow 55 MB requests (README).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10
if DEBUG:
    # Development and tests serve static files straight from their sources.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: the console in development, SMTP in production.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "NHS Learning Network <learning.network@nhs.net>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where staff write for help with the portal (the help page and footer say it).
SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL", "learning.network@nhs.net")
EMAIL_SUBJECT_PREFIX = "[NHS Learning Network] "
if os.environ.get("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 10,
            },
        }
    }
else:
    # Development: emails print to the console, links whole and readable.
    MAILERS = {"default": {"BACKEND": "learning_network.mail_backends.ReadableConsoleBackend"}}

# Background tasks (every email): queued in PostgreSQL, run by
# `manage.py db_worker` (`make run` starts one beside the web server).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Security: strict in production, relaxed only where local HTTP needs it.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content security policy: no inline script or style anywhere. NHS.UK
# frontend's fonts come from assets.nhs.uk; the pages work without them.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "https://assets.nhs.uk"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # pgserver reports every start and stop at INFO.
        "pgserver": {"level": "WARNING"},
        # Django's own console handler would print each line a second time.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# The portal's own name, shown in the header and in every email.
SERVICE_NAME = "NHS Learning Network"

# Where the portal is reached, for links in emails sent outside a request.
SITE_URL = os.environ.get(
    "SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS and not DEBUG else "http://127.0.0.1:8000",
).rstrip("/")

# Forms render with NHS.UK frontend markup.
FORM_RENDERER = "learning_network.forms.PortalFormRenderer"
