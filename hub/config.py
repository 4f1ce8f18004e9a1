"""Configuration classes, chosen by the HUB_CONFIG environment variable."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _instance_path() -> Path:
    return Path(os.environ.get("HUB_INSTANCE", ROOT / "instance")).resolve()


class Config:
    HUB_NAME = os.environ.get("HUB_NAME", "Live Well York")
    PLACE_NAME = os.environ.get("HUB_PLACE", "York")
    # Service areas that cover every ward of the place.
    WHOLE_AREA_NAMES = ("City of York", "York")
    HELP_PHONE = os.environ.get("HUB_HELP_PHONE", "01632 960000")
    PLACE_EXAMPLE = "Acomb"
    POSTCODE_EXAMPLE = "YO24 3AB"
    CONTENT_DIR = Path(os.environ.get("HUB_CONTENT", ROOT / "content"))
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{_instance_path() / 'hub.db'}"
    )
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR") or str(_instance_path() / "search-index")
    SEARCH_PAGE_SIZE = 10
    # A listing not checked for this many days is labelled as possibly out of date.
    STALE_AFTER_DAYS = 365
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = ["en"]
    WTF_CSRF_TIME_LIMIT = None  # forms left open on a library PC must still submit
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 8
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024


class DevelopmentConfig(Config):
    # `make run` serves plain http on 127.0.0.1, where a Secure cookie would be dropped.
    SESSION_COOKIE_SECURE = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = True


class ProductionConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY")  # required: create_app refuses to start without it


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    name = os.environ.get("HUB_CONFIG", "production")
    try:
        return CONFIGS[name]
    except KeyError:
        choices = ", ".join(CONFIGS)
        raise RuntimeError(f"HUB_CONFIG must be one of {choices}, not {name!r}") from None
