"""The one settings module. Every value an operator may change is read here,
through the typed helpers of ``rapporteur.config``; nothing else reads the
environment.

Modes (``RAPPORTEUR_MODE``):

* ``production`` (the default): secure by default; a secret key is required.
* ``demo``: the local demonstration started by ``rapporteur demo``; plain HTTP on
  127.0.0.1, a secret key generated once under the data directory.
* ``dev``: the same relaxations, for development and the test suite.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rapporteur.config import (
    env_bool,
    env_choice,
    env_emails,
    env_file_path,
    env_host_name,
    env_int,
    env_list,
    env_path,
    env_secret,
    env_str,
    env_time_zone,
    first_host_name,
)

BASE_DIR = Path(__file__).resolve().parent.parent

MODE = env_choice("MODE", "production", ("production", "demo", "dev"))
PRODUCTION = MODE == "production"

DATA_DIR = env_path("DATA_DIR", BASE_DIR / "var")
DEBUG = env_bool("DEBUG", False)
if DEBUG and PRODUCTION:
    raise ImproperlyConfigured("RAPPORTEUR_DEBUG cannot be on in production mode.")


def _local_secret_key() -> str:
    """A key kept under the data directory, for demo and dev only."""
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret-key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return key_file.read_text(encoding="utf-8").strip()


_secret = env_secret("SECRET_KEY")
if _secret is None:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "RAPPORTEUR_SECRET_KEY (or RAPPORTEUR_SECRET_KEY_FILE) is required in production "
            "mode. Generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    _secret = _local_secret_key()
elif len(_secret) < 50:
    raise ImproperlyConfigured("RAPPORTEUR_SECRET_KEY must be at least 50 characters long.")
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "RAPPORTEUR_ALLOWED_HOSTS is required in production mode (comma-separated host names)."
    )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Before django_tasks_db, so that core's db_worker (which schedules the periodic
    # jobs, schedule.py) takes the place of django-tasks-db's own.
    "rapporteur.core",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "rapporteur.accounts",
    "rapporteur.audit",
    "rapporteur.vault",
    "rapporteur.intake",
    "rapporteur.visits",
    "rapporteur.cases",
    "rapporteur.communications",
    "rapporteur.insights",
    "rapporteur.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every rendered response no-store (static files above keep their cache life).
    "rapporteur.core.caching.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check (the first to read a post): an oversized post to a public
    # form gets the form page back with a message, not a bare 400.
    "rapporteur.intake.middleware.OversizedPublicPostMiddleware",
    "rapporteur.core.csrf.NoReferrerCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Deny by default: login everywhere, and a declared permission on every staff view.
    "rapporteur.accounts.middleware.StaffAccessMiddleware",
]

# Django's W003 looks for its own CSRF middleware by name; ours subclasses it (see
# rapporteur/core/csrf.py) and rapporteur.core.checks verifies it is installed instead.
SILENCED_SYSTEM_CHECKS = ["security.W003"]

ROOT_URLCONF = "rapporteur.urls"
WSGI_APPLICATION = "rapporteur.wsgi.application"

# Empty form widgets are rendered once per language (core/rendering.py).
FORM_RENDERER = "rapporteur.core.rendering.EmptyWidgetCacheRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "rapporteur" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rapporteur.core.context_processors.desk",
            ],
        },
    }
]

# --- Database ------------------------------------------------------------------

DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
# Tighten a folder made before, or by hand, readable by others; one we do not own
# (an operator's own set-up) is left as it is.
with contextlib.suppress(PermissionError):
    DATA_DIR.chmod(0o700)
_default_db = f"sqlite:///{DATA_DIR / 'rapporteur.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"RAPPORTEUR_DATABASE_URL is not a valid URL: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue
        # instead of failing half-way; WAL lets readers run beside a writer;
        # synchronous=FULL so an accepted write survives a power cut.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication --------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
OTP_TOTP_ISSUER = env_str("DESK_NAME", "Rapporteur")
# django-otp's own per-device throttle refuses even the right code for a while after
# a single wrong one; wrong codes are counted in accounts/throttle.py instead.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# Security keys and passkeys are bound to this host name (the WebAuthn relying party
# id): they work only on pages served from it, never on a look-alike site.
PASSKEY_RP_ID = env_host_name("PASSKEY_RP_ID", first_host_name(ALLOWED_HOSTS))

# Failed password attempts per account before each retry must wait, and before lock-out.
LOGIN_SLOWDOWN_AFTER = env_int("LOGIN_SLOWDOWN_AFTER", 5, minimum=1)
LOGIN_LOCKOUT_AFTER = env_int("LOGIN_LOCKOUT_AFTER", 10, minimum=2)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 60, minimum=1)

# Sessions end after this many idle minutes, and when the browser closes.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
# Database sessions whose expiry, for a source, is rounded up to the hour and whose
# data carries no signing time (``core/sessions.py``).
SESSION_ENGINE = "rapporteur.core.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
# A session cookie, not Django's one-year default: a source's device keeps no trace
# of the desk once the browser closes.
CSRF_COOKIE_AGE = None
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "rapporteur.core.views.csrf_failure"

# --- Transport and browser security ------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 63072000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix pins cookies to this exact origin over HTTPS.
    SESSION_COOKIE_NAME = "__Host-session"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- Internationalisation ----------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("tg", _("Tajik"))]
LOCALE_PATHS = [BASE_DIR / "rapporteur" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # storage and logs; people read times in the desk's zone below
# Where the desk meets sources: meeting times are shown to sources and staff in this
# zone, with the date in words (intake/times.py). The iCalendar feed stays in UTC.
DESK_TIME_ZONE = env_time_zone("DESK_TIME_ZONE", "Asia/Dushanbe")
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Strict"

# --- Static files --------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production the app serves static files straight from the source tree.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# --- Background jobs -------------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Periodic jobs (schedule.py) queue their own next runs; the worker's start makes
# sure each is queued. The daily audit anchor runs when either of these is set: its
# signed line is appended to this file (on storage the server cannot rewrite, such as
# another machine's mount) and/or mailed to these addresses.
AUDIT_ANCHOR_TO = env_file_path("AUDIT_ANCHOR_TO")
AUDIT_ANCHOR_MAIL = env_emails("AUDIT_ANCHOR_MAIL")

# Encrypted backups (rapporteur/backups): the daily job writes an archive into
# BACKUP_DIR, encrypted to BACKUP_PUBLIC_KEY (from `rapporteur backup keygen`; the
# private half is kept offline), and keeps the newest BACKUP_KEEP. Off unless both set.
BACKUP_PUBLIC_KEY = env_str("BACKUP_PUBLIC_KEY", "").strip()
_backup_dir = env_str("BACKUP_DIR", "").strip()
BACKUP_DIR = env_path("BACKUP_DIR", DATA_DIR) if _backup_dir else None
BACKUP_KEEP = env_int("BACKUP_KEEP", 7, minimum=1)

# --- Vault and confidential intake ----------------------------------------------------
# Argon2id cost of wrapping each staff key under its passphrase (RFC 9106's second
# recommendation, t=3 and 64 MiB; see docs/threat-model.md). Raising it later is
# safe: each wrapped key records its own cost.
VAULT_ARGON2_TIME_COST = env_int("VAULT_ARGON2_TIME_COST", 3, minimum=1)
VAULT_ARGON2_MEMORY_KIB = env_int("VAULT_ARGON2_MEMORY_KIB", 65536, minimum=8)
VAULT_ARGON2_PARALLELISM = env_int("VAULT_ARGON2_PARALLELISM", 1, minimum=1)
# The cookie half of a session's unlocked keys (the other half is in the session).
VAULT_COOKIE_NAME = "__Host-vault" if PRODUCTION else "rapporteur_vault"
VAULT_SOURCE_COOKIE_NAME = "__Host-receipt" if PRODUCTION else "rapporteur_receipt"
# ... and of the key to a member's second factors, between the two sign-in steps.
VAULT_FACTOR_COOKIE_NAME = "__Host-factor" if PRODUCTION else "rapporteur_factor"
# Where the encrypted files of every area are kept (vault/storage): "folder", the
# folders named below, or "database", chunks in the database, so that app hosts keep
# no state and the database's replication and backups carry every file.
FILE_STORAGE = env_choice("FILE_STORAGE", "folder", ("folder", "database"))

# Uploads never touch persistent disk in clear: they stream into a RAM-backed
# (tmpfs) directory, are cleaned there, then encrypted into the file store.
FILE_UPLOAD_HANDLERS = ["rapporteur.intake.uploads.RamUploadHandler"]
INTAKE_RAM_DIR = env_path("INTAKE_RAM_DIR", Path("/dev/shm"))  # noqa: S108 - tmpfs
INTAKE_FILE_STORE = env_path("INTAKE_FILE_STORE", DATA_DIR / "intake-files")
INTAKE_MAX_UPLOAD_BYTES = env_int("INTAKE_MAX_UPLOAD_MB", 500, minimum=1) * 1024 * 1024
INTAKE_MAX_FILES = env_int("INTAKE_MAX_FILES", 10, minimum=1)
# Beyond twice our own limit Django refuses the request outright (400 page).
DATA_UPLOAD_MAX_NUMBER_FILES = 2 * INTAKE_MAX_FILES
# Text fields of one post held in memory (files are streamed apart, not counted).
# Kept above the worst case of every public form's own length limits (each character
# up to 4 bytes of UTF-8, each byte up to 3 when URL-encoded), which the start-up
# check intake.E003 verifies; posts beyond it get their form back with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=64 * 1024)
INTAKE_RETENTION_DAYS = env_int("INTAKE_RETENTION_DAYS", 90, minimum=1)
INTAKE_RETENTION_WARNING_DAYS = env_int("INTAKE_RETENTION_WARNING_DAYS", 14, minimum=1)
# Country report jobs (who asked for which country and period, and the figures) are
# deleted this many days after they finished: the file is typeset at each download,
# so an old job is only a trace of who looked at what.
INSIGHTS_REPORT_RETENTION_DAYS = env_int("INSIGHTS_REPORT_RETENTION_DAYS", 30, minimum=1)
# Receipt attempts (intake/throttle.py), desk-wide, in the database shared by all
# processes; nothing about who tried is kept. Past this many wrong receipts a minute,
# new attempt tickets carry a puzzle (solved by the browser) or a wait (without JS).
INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE = env_int(
    "INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE", 10, minimum=1
)
# Tickets that need no puzzle maturing per minute, desk-wide (a shared schedule).
INTAKE_RECEIPT_TICKETS_PER_MINUTE = env_int("INTAKE_RECEIPT_TICKETS_PER_MINUTE", 20, minimum=1)
# The wait of a ticket without a solved puzzle once the desk is under a flood.
INTAKE_RECEIPT_WAIT_SECONDS = env_int("INTAKE_RECEIPT_WAIT_SECONDS", 20, minimum=1)
# Wrong receipts one visitor's session may try before its own tickets cost double.
INTAKE_RECEIPT_SESSION_BUDGET = env_int("INTAKE_RECEIPT_SESSION_BUDGET", 5, minimum=1)
# New submissions (intake/throttle.py), desk-wide, counted from the hour each
# submission records. Past this many accepted in the last hour, a form's ticket
# carries a puzzle (solved by the browser) or a wait (without JavaScript), one bit
# more and a doubled wait each time the rate doubles.
INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR = env_int(
    "INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR", 30, minimum=1
)
# Form tickets that need no puzzle maturing per hour, desk-wide (a shared schedule).
INTAKE_SUBMISSION_TICKETS_PER_HOUR = env_int("INTAKE_SUBMISSION_TICKETS_PER_HOUR", 60, minimum=1)
# The wait without a puzzle at the first price level (doubling per level, 1 hour at most).
INTAKE_SUBMISSION_WAIT_SECONDS = env_int("INTAKE_SUBMISSION_WAIT_SECONDS", 30, minimum=1)
# An hour with at least this many arrivals is shown in the inbox as one flood alert,
# its submissions grouped behind a link.
INTAKE_FLOOD_ALERT_PER_HOUR = env_int("INTAKE_FLOOD_ALERT_PER_HOUR", 50, minimum=2)
# Free space kept on the file store's file system: files are refused (507) below it,
# and text alone below the second, lower floor (intake/diskspace.py).
INTAKE_MIN_FREE_BYTES = env_int("INTAKE_MIN_FREE_MB", 2048, minimum=0) * 1024 * 1024
INTAKE_MIN_FREE_TEXT_BYTES = (
    min(env_int("INTAKE_MIN_FREE_TEXT_MB", 256, minimum=0), INTAKE_MIN_FREE_BYTES // 1024 // 1024)
    * 1024
    * 1024
)
# Staff told, without content, that something new arrived (empty: no email).
INTAKE_NOTIFY_EMAILS = env_list("INTAKE_NOTIFY_EMAILS", [])
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "rapporteur@localhost")
_receipt_pepper = env_secret("RECEIPT_PEPPER")
# The key of the receipts' lookup hash; kept off the database. By default derived
# from the secret key, which is already required and kept out of the database.
INTAKE_RECEIPT_PEPPER = (
    _receipt_pepper.encode("utf-8")
    if _receipt_pepper
    else hashlib.blake2b(SECRET_KEY.encode("utf-8"), digest_size=32, person=b"rapp.pepper").digest()
)
# --- Country visits ------------------------------------------------------------------
# The theme classifier is built at set-up (`make themes`) from the shared UPR Info data;
# without it the desk runs and leaves suggested themes empty.

VISITS_THEMES_MODEL = env_path("THEMES_MODEL", BASE_DIR / "var" / "models" / "themes")
VISITS_SHARED_DIR = env_path("SHARED_DIR", BASE_DIR.parent / "shared")
VISITS_MAX_UPLOAD_MB = env_int("VISITS_MAX_UPLOAD_MB", 50, minimum=1)

# --- Cases ---------------------------------------------------------------------------
# Case documents: encrypted to the desk key, under generated names, apart from the
# intake store (whose sweep removes files no submission names).
CASES_FILE_STORE = env_path("CASES_FILE_STORE", DATA_DIR / "case-files")
# How many persons of visible cases are decrypted to look for duplicates of a new entry.
CASES_DUPLICATE_CANDIDATES = env_int("CASES_DUPLICATE_CANDIDATES", 2000, minimum=10)

# --- Communications ------------------------------------------------------------------
# Documents that came with replies: encrypted to the desk key, under generated names,
# in their own folder (vault/storage/).
COMMUNICATIONS_FILE_STORE = env_path("COMMUNICATIONS_FILE_STORE", DATA_DIR / "reply-files")

# --- Logging ---------------------------------------------------------------------------
# Requests are not logged by the application: no IP address, user agent or path of a
# source reaches a log. Errors are logged without request details.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"no_request_details": {"()": "rapporteur.core.logging.DropRequestDetails"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "errors": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_request_details"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["errors"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "rapporteur": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
