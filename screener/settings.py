"""Screener settings. Every environment variable is read here, through ``env``.

Defaults are the safe ones: DEBUG is off, cookies are secure when HTTPS=true,
and without DATABASE_URL an embedded PostgreSQL (pgserver) is used.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _read(kind: str, name: str, default: Any) -> Any:
    """Read ``name`` with django-environ; a bad value fails start-up naming the variable."""
    try:
        return getattr(env, kind)(name, default=default)
    except (ValueError, TypeError, ImproperlyConfigured) as exc:
        raise ImproperlyConfigured(f"environment variable {name} is invalid: {exc}") from exc


def _positive_int(name: str, default: int) -> int:
    value = _read("int", name, default)
    if value <= 0:
        raise ImproperlyConfigured(f"environment variable {name} must be a positive integer")
    return value


def _positive_float(name: str, default: float) -> float:
    value = _read("float", name, default)
    if value <= 0:
        raise ImproperlyConfigured(f"environment variable {name} must be a positive number")
    return value


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(name: str, default: bool) -> bool:
    """A strict boolean: a typo such as DEBUG=ture fails instead of meaning False."""
    raw = _read("str", name, str(default)).strip().lower()
    if raw not in _TRUE | _FALSE:
        raise ImproperlyConfigured(
            f"environment variable {name} must be true or false, got {raw!r}"
        )
    return raw in _TRUE


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept in var/ (development)."""
    key = _read("str", "SECRET_KEY", "")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = _bool("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _read("list", "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = _read("list", "CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_q",
    "screener",
    "runs",
    "llm",
    "jobs",
    "resumes",
    "screening",
    "profiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "screener.middleware.TeamMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "screener.urls"
WSGI_APPLICATION = "screener.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "screener.context_processors.llm",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
EMBEDDED_PG_DIR = Path(_read("str", "EMBEDDED_PG_DIR", str(VAR_DIR / "pg")))
if _read("str", "DATABASE_URL", ""):
    DATABASES = {"default": _read("db_url", "DATABASE_URL", None)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("environment variable DATABASE_URL must be a postgres:// URL")
else:
    DATABASES = {
        "default": {
            "ENGINE": "screener.embedded_db",
            "NAME": _read("str", "EMBEDDED_PG_DB", "screener"),
            "PGDATA": str(EMBEDDED_PG_DIR),
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = _read("int", "CONN_MAX_AGE", 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Workers (django-q2) ------------------------------------------------------------------------
REDIS_URL = _read("str", "REDIS_URL", "")
Q_TIMEOUT = _positive_int("Q_TIMEOUT", 600)
Q_RETRY = _positive_int("Q_RETRY", Q_TIMEOUT + 120)
if Q_RETRY <= Q_TIMEOUT:
    raise ImproperlyConfigured("environment variable Q_RETRY must be larger than Q_TIMEOUT")
# Runs (runs/executor.py): an executor task stops claiming items after RUN_TASK_BUDGET
# seconds and queues its own continuation, so it always ends well before Q_TIMEOUT kills it;
# an item claimed longer than RUN_STALE_AFTER ago belongs to a dead worker and is given back.
RUN_TASK_BUDGET = _positive_float("RUN_TASK_BUDGET", Q_TIMEOUT / 2)
RUN_STALE_AFTER = _positive_float("RUN_STALE_AFTER", Q_TIMEOUT + 30)
if RUN_TASK_BUDGET >= Q_TIMEOUT or RUN_STALE_AFTER <= Q_TIMEOUT:
    raise ImproperlyConfigured(
        "environment variables RUN_TASK_BUDGET must be below Q_TIMEOUT and RUN_STALE_AFTER "
        "above it (a claimed item may be in progress for up to Q_TIMEOUT seconds)"
    )
RUN_ITEM_MAX_ATTEMPTS = 3  # an item whose worker died this often is failed, not retried
Q_CLUSTER: dict[str, Any] = {
    "name": "screener",
    "workers": _positive_int("Q_WORKERS", 2),
    # A task taking longer than `timeout` is killed; one not acknowledged after `retry`
    # seconds is handed out again. retry > timeout so a slow task is never run twice
    # while the first copy is still working; max_attempts bounds redelivery after crashes.
    "timeout": Q_TIMEOUT,
    "retry": Q_RETRY,
    "max_attempts": 3,
    "ack_failures": True,
    "save_limit": 500,
    "poll": 0.5,
    "catch_up": False,
    "label": "Tasks",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
Q_SYNC = _bool("Q_SYNC", False)
Q_CLUSTER["sync"] = Q_SYNC

# --- Auth ---------------------------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- I18N / static / media ------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = _read("str", "TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(_read("str", "STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(_read("str", "MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security (HTTPS=true behind TLS) -------------------------------------------------------------
HTTPS = _bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = _read("int", "SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Embeddings (screener/lib/embeddings.py; applied by ScreenerConfig.ready) ---------------------
EMBEDDING_BACKEND = _read("str", "EMBEDDING_BACKEND", "onnx-int8")
if EMBEDDING_BACKEND not in ("onnx-int8", "onnx", "torch"):
    raise ImproperlyConfigured("environment variable EMBEDDING_BACKEND: onnx-int8, onnx or torch")
# Unset or empty: all cores available to the process.
_embedding_threads = _read("str", "EMBEDDING_THREADS", "")
EMBEDDING_THREADS = _positive_int("EMBEDDING_THREADS", 1) if _embedding_threads else None
EMBEDDING_CACHE_DIR = Path(_read("str", "EMBEDDING_CACHE_DIR", str(VAR_DIR / "models")))

# --- LLM (see README "LLM configuration") ---------------------------------------------------------
GROQ_API_KEY = _read("str", "GROQ_API_KEY", "")
LLM_BASE_URL = _read("str", "LLM_BASE_URL", "")
LLM_MODEL = _read("str", "LLM_MODEL", "openai/gpt-oss-20b")
LLM_TIMEOUT = _positive_float("LLM_TIMEOUT", 60.0)
# Groq's published Free Plan limits (console.groq.com/docs/rate-limits, read 2026-11):
# (requests/minute, requests/day, tokens/minute, tokens/day). LLM_RPM etc. override them;
# the limiter also learns the real figures from each response's x-ratelimit-* headers.
LLM_FREE_PLAN_LIMITS = {
    "openai/gpt-oss-20b": (30, 1_000, 8_000, 200_000),
    "openai/gpt-oss-120b": (30, 1_000, 8_000, 200_000),
    "llama-3.1-8b-instant": (30, 14_400, 6_000, 500_000),
    "llama-3.3-70b-versatile": (30, 1_000, 12_000, 100_000),
    "qwen/qwen3-32b": (60, 1_000, 6_000, 500_000),
}
_limits = LLM_FREE_PLAN_LIMITS.get(LLM_MODEL, (30, 1_000, 6_000, 100_000))
LLM_RPM = _positive_int("LLM_RPM", _limits[0])
LLM_RPD = _positive_int("LLM_RPD", _limits[1])
LLM_TPM = _positive_int("LLM_TPM", _limits[2])
LLM_TPD = _positive_int("LLM_TPD", _limits[3])
LLM_MAX_REASKS = _read("int", "LLM_MAX_REASKS", 2)
LLM_PROVIDER_RETRIES = _read("int", "LLM_PROVIDER_RETRIES", 3)
# Benchmarks and tests only: >1 shrinks the limiter's minute/day windows to match a fake
# provider whose clock runs faster (tests/fakes/groq_server.py --time-scale).
LLM_TIME_SCALE = _positive_float("LLM_TIME_SCALE", 1.0)
# US$ per million tokens (input, output), Groq's price list; unknown models cost 0.
LLM_PRICES = {
    "openai/gpt-oss-20b": (0.075, 0.30),
    "openai/gpt-oss-120b": (0.15, 0.60),
    "llama-3.1-8b-instant": (0.05, 0.08),
    "llama-3.3-70b-versatile": (0.59, 0.79),
    "qwen/qwen3-32b": (0.29, 0.59),
}

# --- Logging ----------------------------------------------------------------------------------
LOG_LEVEL = _read("str", "LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured("environment variable LOG_LEVEL must be DEBUG/INFO/WARNING/ERROR")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "django_q": {"level": "WARNING"},
        "instructor": {"level": "CRITICAL"},  # it logs every failed attempt as ERROR
        "httpx": {"level": "WARNING"},
    },
}

# --- App limits (each app appends its own block below) -------------------------------------

# --- screening (resumes/screening*.py) ----------------------------------------------------------
# Default weight of each score component (editable per job on the results page).
# Default component weights, fitted on the *tune* half of the outside labelled set
# (../shared/data/screening-dev, jobs split by sha256(job id) % 2; see benchmarks/README.md):
# a grid over the weights maximising mean nDCG@10 there, then quoted on the *check* half.
# The fit (benchmarks/fit_weights.py) puts nearly all weight on semantic and lexical
# relevance: skills, years, seniority and recency move nDCG by less than the set's noise
# (its labels are occupations). Must-haves, nice-to-haves and experience keep small weights
# so a recruiter's requirements still count; seniority and recency start at 0 (the weights
# panel raises them per job). Tune 0.733 / check 0.685 nDCG@10 with these values.
SCREENING_DEFAULT_WEIGHTS = {
    "semantic": 0.70,
    "lexical": 0.20,
    "required": 0.05,
    "nice": 0.02,
    "experience": 0.03,
    "seniority": 0.0,
    "recency": 0.0,
}
# Pre-filter (only for must-haves / minimum years a recruiter confirmed): fail below this
# share of must-have skills, or below this share of the minimum years.
SCREENING_PREFILTER = {"min_required_coverage": 0.5, "min_years_ratio": 0.5}
# The semantic component: (weight, low, high) per raw MiniLM cosine, each mapped onto 0..1
# (low -> 0, high -> 1) and averaged with its weight; unknown ones are left out. "window":
# best resume window vs the job title; "document": whole resume vs whole job; "headline":
# the resume's stated role vs the job title. Fitted with the weights above.
SCREENING_SEMANTIC = {
    "window": (1.0, 0.10, 0.60),
    "document": (0.25, 0.10, 0.70),
    "headline": (0.50, 0.10, 0.80),
}
# The lexical component: BM25 of the job's words (title counted title_weight times more)
# in each resume, divided by the best in the job's pool.
SCREENING_LEXICAL = {"title_weight": 5.0, "k1": 2.0, "b": 0.75}
# resumes per claimed chunk of a screening Run (one embedding call)
SCREENING_CHUNK = _positive_int("SCREENING_CHUNK", 200)
SCREENING_WORKERS = 2  # django-q2 tasks queued per screening Run
# dotted path of a replacement for embed_documents (tests only, e.g. in a test worker)
SCREENING_EMBEDDER = _read("str", "SCREENING_EMBEDDER", "")
SCREENING_ANALYSIS_MAX_RESUME_TOKENS = 3000

# --- jobs -------------------------------------------------------------------------------------
JOB_FEED_MAX_BYTES = 10_000_000  # largest feed accepted (file upload or URL)
JOB_DESCRIPTION_MAX_CHARS = 100_000  # longer descriptions are cut (with a warning)
JOB_ENRICH_PACK_MAX = 8  # jobs per packed enrichment call (and per claimed batch)
JOB_ENRICH_PACK_TOKENS = 5_000  # token budget of one packed call (also capped at 85% of TPM)
JOB_ENRICH_OUTPUT_TOKENS_PER_JOB = 300  # completion tokens reserved per job in a pack
JOB_ENRICH_MAX_CHARS = 6_000  # description characters sent to the model per job
JOBS_PER_PAGE = 20

# --- resumes ----------------------------------------------------------------------------------
RESUME_MAX_BYTES = _positive_int("RESUME_MAX_BYTES", 10_000_000)  # per uploaded file
RESUME_EXTRACT_TIMEOUT = _positive_float("RESUME_EXTRACT_TIMEOUT", 20.0)  # seconds per file
RESUME_URL_MAX_BYTES = _positive_int("RESUME_URL_MAX_BYTES", 5_000_000)
RESUME_URL_DEADLINE = _positive_float("RESUME_URL_DEADLINE", 15.0)  # whole download, seconds
RESUME_RECOVERY_WORKERS = _positive_int("RESUME_RECOVERY_WORKERS", 2)
RESUME_RECOVERY_MAX_CHARS = _positive_int("RESUME_RECOVERY_MAX_CHARS", 12_000)  # prompt text cap
# Recovered resumes wait for a person to accept them (review page, admin bulk action) before
# they become Resumes that can be screened; False accepts them directly.
RESUME_RECOVERY_REVIEW = _bool("RESUME_RECOVERY_REVIEW", True)
RESUMES_PER_PAGE = 25  # resume list and failed queue
SCREENING_BATCHES_PER_PAGE = 25
CANDIDATES_PER_PAGE = 50  # the ranked section of a batch's results
# ...its "did not pass the pre-filter" and "could not be screened" sections, rendered on the
# same page: kept short so a results page renders ~70 rows, not 150 (half the CPU).
CANDIDATES_OTHER_PER_PAGE = 10
RUNS_PER_PAGE = 20  # dashboard

# --- profiles (profiles/) -------------------------------------------------------------------------
PROFILE_ENHANCE_CALL_TOKENS = 6_000  # token budget of one enhancement call (also <= 85% of TPM)
PROFILE_SECTION_MAX_CHARS = 4_000  # original text sent per section (longer texts are cut)
# Longest enhanced text the factual guard accepts per section kind (longer: refused, original kept)
PROFILE_ENHANCED_MAX_CHARS = {"summary": 2_000, "experience": 2_000, "project": 1_000}
PROFILE_WRITING_SAMPLE_MAX_CHARS = 20_000  # text kept from an uploaded writing sample
PROFILE_ENHANCED_MAX_GROWTH = 2.0  # enhanced text at most this x the original (+ 200 chars)
PROFILE_ENHANCED_MIN_SHARE = 0.4  # ...and at least this share of the original's length
PROFILE_INSTRUCTION_MAX_CHARS = 300  # the user's custom instruction
PROFILES_PER_PAGE = 20
# Recommendation score = weighted similarity + skill overlap + seniority fit (sums to 1).
PROFILE_RECO_WEIGHTS = {"similarity": 0.6, "skills": 0.3, "seniority": 0.1}
PROFILE_RECO_OVERFETCH = 5  # nearest neighbours fetched per requested row, then re-ranked
PROFILE_RECO_EF_SEARCH = 200  # hnsw.ef_search (raised to 2x the over-fetch size when larger)
PROFILE_RECO_EMBED_ON_DEMAND = 200  # embed at most this many stale jobs/resumes on a page view
