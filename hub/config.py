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
    ENCRYPTION_KEY = os.environ.get("ENCRYPTION_KEY")  # else derived from SECRET_KEY
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{_instance_path() / 'hub.db'}"
    )
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR") or str(_instance_path() / "search-index")
    SEARCH_PAGE_SIZE = 10
    # Freshness, in days since a listing was last checked. The check falls due (and the
    # listing is on the moderators' list) after CHECK_DUE_AFTER_DAYS; its contributors are
    # e-mailed at each of REMINDER_DAYS; residents see 'may be out of date' after
    # STALE_AFTER_DAYS; after HIDE_AFTER_DAYS search and category lists leave it out.
    CHECK_DUE_AFTER_DAYS = 183
    REMINDER_DAYS = (152, 183)
    STALE_AFTER_DAYS = 365
    HIDE_AFTER_DAYS = 548
    # Reporters' names and e-mail addresses (and decided join requests) are deleted this
    # long after the report is resolved: `flask hub purge-personal-data`.
    REPORT_CONTACT_RETENTION_DAYS = 90
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    # The hub's languages, English first (the default); each needs a complete catalogue
    # in translations/ (`flask hub i18n check` says what is missing).
    LANGUAGES = os.environ.get("HUB_LANGUAGES", "en,pl,zh,ar,ro,pt").replace(" ", "").split(",")
    # Machine translation of services' own words where no person has translated them: off
    # unless a LibreTranslate-compatible server is named. Its results are labelled on the
    # page and kept in the database. Language codes the server spells differently from the
    # hub, as "zh=zh-Hans,pt=pb" (a self-hosted LibreTranslate says "zh" for Chinese).
    MACHINE_TRANSLATION_URL = os.environ.get("HUB_MACHINE_TRANSLATION_URL") or None
    MACHINE_TRANSLATION_API_KEY = os.environ.get("HUB_MACHINE_TRANSLATION_API_KEY") or None
    MACHINE_TRANSLATION_LANGUAGES = dict(
        pair.split("=", 1) for pair in
        os.environ.get("HUB_MACHINE_TRANSLATION_LANGUAGES", "").replace(" ", "").split(",")
        if "=" in pair)
    MACHINE_TRANSLATION_TIMEOUT_SECONDS = 3
    # After a failure, pages show English without asking again for this long.
    MACHINE_TRANSLATION_RETRY_SECONDS = 60
    WTF_CSRF_TIME_LIMIT = None  # forms left open on a library PC must still submit
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 8
    # Any upload: a directory team's whole CSV is about 1 MB per 1,000 services.
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # Signed-in sessions end after this long idle, and after this long whatever happens.
    SESSION_IDLE_MINUTES = int(os.environ.get("HUB_SESSION_IDLE_MINUTES", 30))
    SESSION_ABSOLUTE_HOURS = int(os.environ.get("HUB_SESSION_ABSOLUTE_HOURS", 12))
    # Anonymous visitors' sessions (a booklet being built, a booking in progress) are
    # emptied after this long unused, so the next person on a shared computer (a library,
    # a computer class) does not find them. Signed-in sessions use SESSION_IDLE_MINUTES.
    ANONYMOUS_IDLE_MINUTES = int(os.environ.get("HUB_ANONYMOUS_IDLE_MINUTES", 60))
    # Where people ask for another format or report an accessibility problem (named in the
    # accessibility statement).
    ACCESSIBILITY_EMAIL = os.environ.get("HUB_ACCESSIBILITY_EMAIL",
                                         "accessibility@live-well.example")
    INVITATION_DAYS = 7
    PASSWORD_RESET_MINUTES = 60
    # Flask-Limiter: memory suits one server; several servers share e.g. redis://.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Links in e-mails sent from the command line (reminders) start with this.
    BASE_URL = os.environ.get("HUB_BASE_URL", "http://127.0.0.1:5000")
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Live Well York <no-reply@live-well.example>")
    MAIL_OUTBOX = None
    FEEDBACK_COMMENT_RETENTION_DAYS = 365
    # Insights (hub/insights): counts by day, no cookies, no addresses. Each process writes
    # its counts every INSIGHTS_FLUSH_SECONDS or after INSIGHTS_FLUSH_EVENTS events (None:
    # only when told, as tests do). Retention: the daily counts are kept; the day's salt and
    # visitor digests are deleted once the day is over; what people searched for (cleaned of
    # e-mail addresses, numbers and full postcodes) is deleted after
    # INSIGHTS_SEARCH_TEXT_KEEP_DAYS, leaving the totals (`flask hub purge-personal-data`).
    INSIGHTS_FLUSH_SECONDS: float | None = 60
    INSIGHTS_FLUSH_EVENTS = 500
    INSIGHTS_SEARCH_TEXT_KEEP_DAYS = int(os.environ.get("HUB_INSIGHTS_SEARCH_TEXT_KEEP_DAYS", 730))
    # Talking Point appointments: times are in TIMEZONE; residents book from
    # BOOKING_NOTICE_HOURS ahead up to BOOKING_WEEKS_AHEAD; no sessions on the bank holidays
    # of BANK_HOLIDAYS (country, region as the `holidays` package names them); personal
    # details are erased BOOKING_RETENTION_DAYS after the appointment.
    TIMEZONE = "Europe/London"
    BOOKING_NOTICE_HOURS = int(os.environ.get("HUB_BOOKING_NOTICE_HOURS", 2))
    BOOKING_WEEKS_AHEAD = 6
    BANK_HOLIDAYS = ("GB", "ENG")
    BOOKING_RETENTION_DAYS = int(os.environ.get("HUB_BOOKING_RETENTION_DAYS", 90))
    # Saved booklets (which may name a person on the cover) are deleted this long after
    # saving, by `flask hub purge-personal-data`.
    BOOKLET_KEEP_DAYS = int(os.environ.get("HUB_BOOKLET_KEEP_DAYS", 365))
    # PDFs rendered at once per server process (each takes a core while it runs), and how
    # long a request waits for its turn before being asked to try again.
    BOOKLET_RENDERS_AT_ONCE = int(os.environ.get("HUB_BOOKLET_RENDERS_AT_ONCE", 2))
    BOOKLET_RENDER_WAIT_SECONDS = 10
    # "Listen": pages read aloud by espeak-ng and kept as MP3 files, one per page version
    # and language. AUDIO_VOICES maps each hub language to an espeak-ng voice (a language
    # with none gets no player); pages in AUDIO_WEAK_VOICES say the voice is hard to follow.
    AUDIO_CACHE_DIR = os.environ.get("HUB_AUDIO_CACHE") or str(_instance_path() / "audio")
    # Debian's espeak-ng reads Chinese characters as Mandarin only with "cmn-latn-pinyin";
    # its plain "cmn" voice spells them out as pinyin read in English.
    AUDIO_VOICES = {"en": "en-gb", "pl": "pl", "zh": "cmn-latn-pinyin", "ar": "ar",
                    "ro": "ro", "pt": "pt"}
    AUDIO_WEAK_VOICES = ("zh",)
    # Longer pages are read from the start up to this many characters (a Chinese character
    # counts as five: it is a whole syllable), saying so first. That is 11 to 19 minutes of
    # speech and at most about 5 seconds of work. Every English, Polish, Arabic and Romanian
    # guide is read in full; the two longest Chinese ones stop after about 11 minutes.
    AUDIO_MAX_CHARACTERS = 8000
    # Recordings made at once per server process, how long a request waits for its turn,
    # and how many new recordings one address may ask for (already made ones are free).
    AUDIO_RECORDINGS_AT_ONCE = int(os.environ.get("HUB_AUDIO_RECORDINGS_AT_ONCE", 2))
    AUDIO_RECORDING_WAIT_SECONDS = 15
    AUDIO_RECORDING_TIMEOUT_SECONDS = 60
    AUDIO_RECORDINGS_PER_ADDRESS = "20 per minute;200 per hour"
    # Browsers keep a recording this long, then ask again (an unchanged one costs a 304).
    AUDIO_MAX_AGE_SECONDS = 3600
    # Recordings nobody has played for this long are deleted (pages change; old versions
    # would otherwise pile up).
    AUDIO_KEEP_DAYS = 30
    # The Open Referral UK API (/api/v1): requests one address may make, list pages (the
    # standard's `per_page`: the default and the most allowed), and how long anyone may
    # keep a response before asking again (an unchanged one then costs a 304).
    API_RATE_LIMIT = os.environ.get("HUB_API_RATE_LIMIT", "120 per minute")
    API_PER_PAGE = 50
    API_MAX_PER_PAGE = 200
    API_MAX_AGE_SECONDS = 300
    # The licence the directory's data is published under (named on /api/v1/docs).
    API_LICENCE_NAME = "Open Government Licence v3.0"
    API_LICENCE_URL = (
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")


class DevelopmentConfig(Config):
    # `make run` serves plain http on 127.0.0.1, where a Secure cookie would be dropped.
    SESSION_COOKIE_SECURE = False
    # With no mail server, messages land here as .eml files to open in a mail program.
    MAIL_OUTBOX = str(_instance_path() / "outbox")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = True
    MAIL_SERVER = None  # tests that expect e-mail start a local SMTP server
    RATELIMIT_ENABLED = True
    MACHINE_TRANSLATION_URL = None  # whatever the environment says: tests never phone out
    MACHINE_TRANSLATION_API_KEY = None
    # Tests read the API thousands of times a minute; the limit's own test sets a low one.
    API_RATE_LIMIT = "100000 per minute"
    INSIGHTS_FLUSH_SECONDS = None  # tests flush when they choose


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
