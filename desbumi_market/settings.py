"""
Settings for Desbumi Market: one module, driven by environment variables.

With no environment variable set, these are the production defaults: DEBUG off, secure cookies,
HTTPS redirect, JSON logs; the site refuses to start without DJANGO_SECRET_KEY and `check --deploy`
fails without DJANGO_SITE_URL. DJANGO_DEBUG=1 (which `make run` and the tests set) gives the
development defaults: SQLite, Celery tasks run eagerly, mail printed to the console, media on disk,
and the demo app (`manage.py seed_demo`). README.md lists every variable.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent

# A few lines of our own rather than django-environ: only strings, booleans, integers and lists are
# read here (DATABASE_URL goes through dj-database-url), and a value that is not understood stops
# the start with the variable's name instead of silently falling back to a default.
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name} must be 1 or 0 (true/false, yes/no, on/off), not {value!r}.")
    return value in _TRUE


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ======================================================================================
# Core
# ======================================================================================
# Off unless asked for: a production server that forgets a variable stays safe.
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set: DEBUG is off unless DJANGO_DEBUG=1.")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# A refused form gets an Indonesian page that can send what she typed again (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "desbumi_market.views.csrf_failure"

# Every link in an email is built from this. No default in production: `check --deploy` fails
# without it (desbumi.E001, desbumi_market/checks.py) rather than mail links to 127.0.0.1.
SITE_URL = env("DJANGO_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")

# The demo data (`manage.py seed_demo`, demo/) is installed in development only; DJANGO_DEMO=1 adds it
# to a demo server running with DEBUG off (where seed_demo still wants --force).
DEMO = env_bool("DJANGO_DEMO", DEBUG)

# The demo data (`manage.py seed_demo`, demo/) is installed in development only; DJANGO_DEMO=1 adds it
# to a demo server running with DEBUG off (where seed_demo still wants --force).
DEMO = env_bool("DJANGO_DEMO", DEBUG)

INSTALLED_APPS = [
    # django.contrib.admin with our AdminSite: login through allauth, the reports (staff/admin_site.py).
    "staff.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # /sitemap.xml (desbumi_market/urls.py, products/sitemaps.py).
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    # Two-factor sign-in (TOTP and recovery codes), offered to everyone, asked of staff on the admin.
    "allauth.mfa",
    # The audit log of what staff change (core/audit.py says what is recorded).
    "auditlog",
    # The kernel every app may use: money, phone numbers, images, caching, admin helpers, audit.
    "core",
    "members",
    "shops",
    "products",
    "orders",
    # What each sale earned its maker and the village's kas, and payouts to members (append-only).
    "ledger",
    # Buyers' reviews of what they bought; keeps the rating figures on products and villages.
    "reviews",
    # Bank statements a village imports, matched to the payments its orders wait for.
    "statements",
    "notifications",
    "staff",
    "reports",
    *(["demo"] if DEMO else []),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # With a read replica: which reads may go there (before anything reads the database).
    *(["core.db.PinToPrimaryMiddleware"] if env("DATABASE_REPLICA_URL") else []),
    # Public pages for visitors without a session, from Redis, before any per-visitor work.
    "core.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Direction-override and zero-width characters never reach a form (core/text.py).
    "core.middleware.CleanTextInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Names the staff user in the audit log of a change; records nothing for others' requests.
    "staff.middleware.StaffAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "desbumi_market.urls"
WSGI_APPLICATION = "desbumi_market.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# ======================================================================================
# Database
# ======================================================================================
# Behind PgBouncer in transaction pooling (DATABASE_POOLER=1) each transaction may get another
# server connection: no server-side cursors (a named cursor would not survive past its transaction).
DATABASE_POOLER = env_bool("DATABASE_POOLER", False)


def _database(url):
    config = dj_database_url.parse(
        url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if DATABASE_POOLER:
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    return config


DATABASES = {"default": _database(env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A PostgreSQL streaming replica for the reads of safe requests (core/db.py): writes, transactions,
# tasks and anyone who wrote in the last DATABASE_REPLICA_PIN_SECONDS use the primary. In tests the
# replica is the primary's test database (Django's test mirror).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL")
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 30)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**_database(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["core.db.PrimaryReplicaRouter"]

# ======================================================================================
# Users and authentication
# ======================================================================================
AUTH_USER_MODEL = "members.User"
AUTH_PASSWORD_VALIDATORS = [
    # Django's rules; members.passwords only words their help texts with "kata sandi".
    {"NAME": "members.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "members.passwords.CommonPasswordValidator"},
    {"NAME": "members.passwords.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "/akun/login/"
# Buyers land on their own account page; members are sent on from there to their dashboard.
LOGIN_REDIRECT_URL = "/akun/saya/"
# A new sign-up is someone joining a village: her next step is the dashboard's join form.
ACCOUNT_SIGNUP_REDIRECT_URL = "/dasbor/"

# django-allauth: email is the login; an address must be confirmed before its owner can sell.
# Rate limits are allauth's defaults, counted in the shared cache (Redis in production).
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up: the password rules in one sentence; all three: "Kata sandi", not Django's "Sandi".
ACCOUNT_FORMS = {
    "login": "members.forms.LoginForm",
    "signup": "members.forms.SignupForm",
    "set_password": "members.forms.SetPasswordForm",
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# A short code typed on the same screen: the email opens in another app, often another browser,
# where a link would confirm the address but leave her logged out on the phone's browser.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Desbumi Market] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
# Login lockouts scoped so nobody can keep the owner out (members/adapter.py, README "Security"):
# wrong passwords per account and address (or per account and known browser) before a lock of
# LOGIN_LOCK_SECONDS; per address per minute over all accounts; per account per hour from browsers
# that never signed in to it.
LOGIN_FAILED_PER_DEVICE = env_int("DJANGO_LOGIN_FAILED_PER_DEVICE", 5)
LOGIN_LOCK_SECONDS = env_int("DJANGO_LOGIN_LOCK_SECONDS", 300)
LOGIN_FAILED_PER_ADDRESS = env_int("DJANGO_LOGIN_FAILED_PER_ADDRESS", 30)
LOGIN_FAILED_PER_ACCOUNT = env_int("DJANGO_LOGIN_FAILED_PER_ACCOUNT", 20)
# Login attempts of any outcome per address per minute (allauth's 30 would stop a carrier address).
ACCOUNT_RATE_LIMITS = {"login": f"{env_int('DJANGO_LOGINS_PER_ADDRESS', 120)}/m/ip"}
# /admin/login/ sends staff here too (staff/admin_site.py): the same rate limits, then the TOTP step.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff work in the admin only once their authenticator app is on (staff/admin_site.py); the
# development demo (DJANGO_DEBUG=1) skips this, and the admin's home says so.
ADMIN_REQUIRE_MFA = env_bool("DJANGO_ADMIN_REQUIRE_MFA", not DEBUG)
MFA_TOTP_ISSUER = "Desbumi Market"

# ======================================================================================
# Redis: cache and Celery broker
# ======================================================================================
REDIS_URL = env("REDIS_URL")

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that falls back to per-process memory while Redis is down
            # (core/cache.py): pages, logins and orders go on during an outage.
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "desbumi",
            "TIMEOUT": 300,
            # Fail fast: a Redis that does not answer within a second counts as down.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public catalog pages for visitors without a session (core/pagecache.py): at most this old.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 if REDIS_URL else 0)
# Catalog-only parts of a page (the home page's content), shared by every visitor, session or not
# (core.pagecache.catalog_fragment). Off without Redis: a per-process cache misses other
# processes' catalog version bumps.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 60 if REDIS_URL else 0)

# Sessions live in the database, so a Redis outage logs nobody out and loses no cart.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TIMEZONE = "Asia/Jakarta"
# The worker logs through Django's LOGGING (one JSON line per record in production).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Redis hands an unacknowledged task (acks_late: its worker died) to a worker again after this many
# seconds. It must stay above the longest retry countdown (notifications: 30 minutes), or a waiting
# retry would be handed out twice. The connect timeout makes enqueueing fail fast while Redis is
# down (the request goes on; the notifications outbox relay sends later).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 60 * 60),
    "socket_connect_timeout": 2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# With acks_late, a worker reserves one task beyond the one it runs, not four per process.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Two queues, each with its own workers (deploy/desbumi-worker.service, -Q notifications, and
# deploy/desbumi-housekeeping.service, -Q housekeeping), so a long or stuck clean-up never delays
# an order's notifications, and a burst of notifications never delays the expiry of unpaid orders.
# A worker started without -Q (make run's, the tests') takes both. Everything not named here is
# housekeeping.
CELERY_TASK_QUEUES = (Queue("notifications"), Queue("housekeeping"))
CELERY_TASK_DEFAULT_QUEUE = "housekeeping"
CELERY_TASK_ROUTES = {
    "notifications.tasks.dispatch_event": {"queue": "notifications"},
    "notifications.tasks.send_delivery": {"queue": "notifications"},
    # Someone is waiting on the sign-up or reset screen for this one: never behind a sweep.
    "members.tasks.send_account_email": {"queue": "notifications"},
    # The relay (notifications.tasks.relay_outbox), order expiry, reminders and photo clean-up
    # are periodic sweeps: housekeeping. What they find to send goes out on "notifications".
}
CELERY_BEAT_SCHEDULE = {
    "cleanup-staged-photos": {"task": "products.tasks.cleanup_staged_photos", "schedule": 6 * 60 * 60},
    # Expired products leave the catalog (the catalog query hides them at once anyway); reminders.
    "products-check-expiry": {"task": "products.tasks.check_expiry", "schedule": 60 * 60},
    "expire-unpaid-orders": {"task": "orders.tasks.expire_unpaid_orders", "schedule": 5 * 60},
    "autocomplete-shipped-orders": {"task": "orders.tasks.autocomplete_shipped_orders", "schedule": 60 * 60},
    # The notifications outbox relay: what the broker missed goes out within a minute or two.
    "notifications-relay": {"task": "notifications.tasks.relay_outbox", "schedule": 60},
    "orders-expiry-reminders": {
        "task": "orders.tasks.remind_expiring_orders",
        "schedule": 10 * 60,
    },
    "reviews-reminders": {"task": "reviews.tasks.remind_reviews", "schedule": 6 * 60 * 60},
    "orders-unchecked-receipt-reminders": {
        "task": "orders.tasks.remind_unchecked_receipts",
        "schedule": 30 * 60,
    },
}

# ======================================================================================
# Language and time
# ======================================================================================
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

# ======================================================================================
# Static files and media
# ======================================================================================
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
S3_OPTIONS = {
    "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
    "region_name": env("AWS_S3_REGION_NAME") or None,
    "access_key": env("AWS_ACCESS_KEY_ID") or None,
    "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
    "addressing_style": env("AWS_S3_ADDRESSING_STYLE", "path"),
    "signature_version": "s3v4",
    "default_acl": None,
    "file_overwrite": False,
}
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_BACKEND = {
        # S3Storage that stores only image content types (core/storage.py).
        "BACKEND": "core.storage.MediaStorage",
        "OPTIONS": {
            **S3_OPTIONS,
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            # Photos never change once written (names are random), so browsers may keep them.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

# Private files (transfer receipts; refund proofs and payout slips later; core/storage.py): never
# under MEDIA_URL. In a bucket: AWS_PRIVATE_STORAGE_BUCKET_NAME (whose policy lets nobody read), or
# else the media bucket's `private/` prefix (its public-read policy must leave that prefix out).
# On disk: a folder outside MEDIA_ROOT that nginx sends only when Django says X-Accel-Redirect.
PRIVATE_MEDIA_ROOT = Path(env("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
PRIVATE_MEDIA_ACCEL = env("DJANGO_PRIVATE_MEDIA_ACCEL", "" if DEBUG else "/_private/")
PRIVATE_MEDIA_URL_EXPIRE = env_int("DJANGO_PRIVATE_MEDIA_URL_EXPIRE", 300)
AWS_PRIVATE_STORAGE_BUCKET_NAME = env("AWS_PRIVATE_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME or AWS_PRIVATE_STORAGE_BUCKET_NAME:
    PRIVATE_BACKEND = {
        "BACKEND": "core.storage.PrivateS3Storage",
        "OPTIONS": {
            **S3_OPTIONS,
            "bucket_name": AWS_PRIVATE_STORAGE_BUCKET_NAME or AWS_STORAGE_BUCKET_NAME,
            "location": "" if AWS_PRIVATE_STORAGE_BUCKET_NAME else "private",
            "custom_domain": None,  # a CDN would cache what must stay private
            "querystring_auth": True,
            "querystring_expire": PRIVATE_MEDIA_URL_EXPIRE,
            "object_parameters": {"CacheControl": "private, no-store"},
        },
    }
else:
    PRIVATE_BACKEND = {
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    }

# Where photos load from when they are in a bucket: allowed by the CSP's img-src below.
if not AWS_STORAGE_BUCKET_NAME:
    MEDIA_ORIGINS = []
elif env("AWS_S3_CUSTOM_DOMAIN"):
    MEDIA_ORIGINS = [f"https://{env('AWS_S3_CUSTOM_DOMAIN')}"]
elif env("AWS_S3_ENDPOINT_URL"):
    _endpoint = urlsplit(env("AWS_S3_ENDPOINT_URL"))
    MEDIA_ORIGINS = [f"{_endpoint.scheme}://{_endpoint.netloc}"]
else:
    MEDIA_ORIGINS = ["https://*.amazonaws.com"]

# Django serves media itself only when no web server or bucket does (make run, tests).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG and not AWS_STORAGE_BUCKET_NAME)

STORAGES = {
    "default": MEDIA_BACKEND,
    "private": PRIVATE_BACKEND,
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Denial of inventory and storage (README "Security and privacy"): raise them for a load test or
# an event. Unpaid orders waiting per buyer phone/email; placed checkouts per client address per
# minute (carrier addresses are shared: generous); photos a member may stage per 24 hours.
ORDER_MAX_OPEN_UNPAID_PER_BUYER = env_int("DJANGO_ORDER_MAX_OPEN_UNPAID_PER_BUYER", 5)
CHECKOUTS_PER_ADDRESS_PER_MINUTE = env_int("DJANGO_CHECKOUTS_PER_ADDRESS_PER_MINUTE", 30)
PHOTO_UPLOADS_PER_MEMBER_PER_DAY = env_int("DJANGO_PHOTO_UPLOADS_PER_MEMBER_PER_DAY", 200)

# Uploads: photos above this are refused by the image pipeline with a clear message.
IMAGE_MAX_UPLOAD_BYTES = 8 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
# Longest side of the stored original and of each WebP thumbnail the pages use.
IMAGE_ORIGINAL_MAX_SIDE = 1600
IMAGE_THUMB_SIZES = (320, 640)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# ======================================================================================
# Email
# ======================================================================================
# Django 6.1 MAILERS: console by default (make run), a file folder for tests, SMTP in production.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_KIND = env("DJANGO_EMAIL", "console" if DEBUG else "smtp")
if EMAIL_KIND not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(f"DJANGO_EMAIL must be one of {sorted(_EMAIL_BACKENDS)}.")
_EMAIL_OPTIONS = {
    "file": {"file_path": env("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))},
    "smtp": {
        "host": env("DJANGO_EMAIL_HOST", "localhost"),
        "port": env_int("DJANGO_EMAIL_PORT", 587),
        "username": env("DJANGO_EMAIL_HOST_USER"),
        "password": env("DJANGO_EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
        "timeout": 20,
    },
}
MAILERS = {"default": {"BACKEND": _EMAIL_BACKENDS[EMAIL_KIND], "OPTIONS": _EMAIL_OPTIONS.get(EMAIL_KIND, {})}}
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "Desbumi Market <pasar@desbumi.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ======================================================================================
# Security
# ======================================================================================
SECURE_CONTENT_TYPE_NOSNIFF = env_bool("DJANGO_SECURE_CONTENT_TYPE_NOSNIFF", True)
SECURE_REFERRER_POLICY = env("DJANGO_SECURE_REFERRER_POLICY", "same-origin")
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
# The preload directive only allows the domain to be submitted to browsers' HSTS preload list
# (hstspreload.org, a manual step). Set 0 if some subdomain of the site's domain is not on HTTPS.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
# Preload turned off on purpose (README, Production): Django's W021 only repeats that choice, so
# `check --deploy` stays silent about it.
SILENCED_SYSTEM_CHECKS = ["security.W021"] if env("DJANGO_SECURE_HSTS_PRELOAD").strip() in _FALSE else []
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", not DEBUG)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# allauth's per-IP rate limits take the client address from the X-Forwarded-For entry nginx
# appends; without this every visitor would share the proxy's address, and one rate limit.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0)
# The health check is polled by the load balancer over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Django 6's built-in Content-Security-Policy: no inline script or style anywhere on the site.
# The admin needs no exception: Django 6.1's admin templates have no inline script or style
# (tests/deploy/test_csp_browser.py loads its pages and widgets in Chromium and finds no violation).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS, *env_list("DJANGO_CSP_IMG_SRC")],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# ======================================================================================
# Logging: one line per record to stdout, for the process manager to collect; in production
# one JSON object per line (core/log.py), readable text in development.
# ======================================================================================
LOG_FORMAT = env("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.log.JsonFormatter"},
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["stdout"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# ======================================================================================
# Marketplace
# ======================================================================================
CATALOG_PAGE_SIZE = 24
# Unpaid transfer/QRIS orders expire (and give their stock back) after this many hours.
ORDER_PAYMENT_HOURS = env_int("ORDER_PAYMENT_HOURS", 48)
# An amount freed by an expired or cancelled order is not asked of a new order for this many days
# (a late transfer must never match someone else's order).
ORDER_AMOUNT_HOLD_DAYS = env_int("ORDER_AMOUNT_HOLD_DAYS", 7)
# After a receipt is marked invalid the buyer has at least this many hours to send a good one.
ORDER_RECEIPT_RETRY_HOURS = env_int("ORDER_RECEIPT_RETRY_HOURS", 24)
# A receipt unchecked this many hours reminds the village; this many more, Migrant CARE staff.
ORDER_RECEIPT_REMIND_VILLAGE_HOURS = env_int("ORDER_RECEIPT_REMIND_VILLAGE_HOURS", 24)
ORDER_RECEIPT_REMIND_STAFF_HOURS = env_int("ORDER_RECEIPT_REMIND_STAFF_HOURS", 72)
# A kwitansi above this amount shows the place for a meterai (stamp duty, UU 10/2020: Rp5.000.000).
KWITANSI_METERAI_ABOVE = 5_000_000
# Shipped prepaid orders complete by themselves after this many days, unless a complaint is open.
ORDER_AUTOCOMPLETE_DAYS = env_int("ORDER_AUTOCOMPLETE_DAYS", 7)
# Days after completion before a buyer who has not reviewed her order is reminded, once.
REVIEW_REMINDER_DAYS = env_int("REVIEW_REMINDER_DAYS", 3)
CART_MAX_QUANTITY = 999
HOME_NEWEST_COUNT = 12

# ======================================================================================
# Notifications (notifications/): who is told what happened, through which channels
# ======================================================================================
# Every notification goes through each of these channels for which its recipient has an address.
# A WhatsApp or SMS gateway is added by the dotted path of its Channel class (notifications/channels.py).
NOTIFICATION_CHANNELS = env_list("NOTIFICATION_CHANNELS", "in_app,email")
# The maker is told when an order takes her product's stock to this many or fewer (and at zero).
NOTIFICATION_LOW_STOCK = env_int("NOTIFICATION_LOW_STOCK", 3)
# Unpaid orders get one reminder this many hours before they expire.
NOTIFICATION_EXPIRY_REMINDER_HOURS = env_int("NOTIFICATION_EXPIRY_REMINDER_HOURS", 6)
# A send still "sending" after this many seconds had its worker die: it is marked uncertain for
# staff, never resent by itself. Keep it above the send task's time limit (60 s).
NOTIFICATION_SENDING_TIMEOUT = env_int("NOTIFICATION_SENDING_TIMEOUT", 10 * 60)
# The relay sends events and deliveries still waiting after this many seconds (the broker was down).
NOTIFICATION_RELAY_AFTER = env_int("NOTIFICATION_RELAY_AFTER", 30)
