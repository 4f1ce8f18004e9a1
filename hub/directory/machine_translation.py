"""Machine translation of services' own words, through a LibreTranslate-compatible server.

Off unless MACHINE_TRANSLATION_URL names a server. Each English text is asked for once per
language and kept in the database under the hash of that text, so a page is translated on
its first reading and served from the database after; a changed text has a new hash and is
translated afresh. When the server fails or is slow, callers get no translation (readers
see English) and the server is left alone for MACHINE_TRANSLATION_RETRY_SECONDS.
"""

import hashlib
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from hub.directory.models import MachineTranslation
from hub.extensions import db

log = logging.getLogger(__name__)

# Per process: when each server may next be asked for each language, after it failed
# (a server may be down for all languages, or just not know one of them).
_resting_until: dict[tuple[str, str], float] = {}
_lock = threading.Lock()


class MachineTranslationFailed(Exception):
    """The server could not be reached, was too slow or gave an answer we cannot use."""


def enabled() -> bool:
    return bool(current_app.config.get("MACHINE_TRANSLATION_URL"))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def server_language(locale: str) -> str:
    """The hub's language code as the server spells it (configurable, e.g. zh -> zh-Hans)."""
    return current_app.config.get("MACHINE_TRANSLATION_LANGUAGES", {}).get(locale, locale)


def translate(texts: Iterable[str], locale: str) -> dict[str, str]:
    """English text -> its machine translation into `locale`, for each one to be had.

    Texts already kept come from the database; the rest go to the server in one request.
    Texts missing from the answer (translation off, server down) are missing here too.
    """
    wanted = list(dict.fromkeys(text for text in texts if text and text.strip()))
    if not wanted or not enabled():
        return {}
    by_hash = {text_hash(text): text for text in wanted}
    found = {by_hash[row.source_hash]: row.text for row in db.session.scalars(
        select(MachineTranslation).where(MachineTranslation.locale == locale,
                                         MachineTranslation.source_hash.in_(by_hash)))}
    missing = [text for text in wanted if text not in found]
    if not missing or _resting(locale):
        return found
    try:
        fresh = dict(zip(missing, _ask(missing, locale), strict=True))
    except MachineTranslationFailed as failure:
        _rest(locale)
        # Which language and why, never the texts: they are not ours to copy into logs.
        log.warning("machine translation into %s failed (%s); showing English for %s s",
                    locale, failure, current_app.config["MACHINE_TRANSLATION_RETRY_SECONDS"])
        return found
    _keep(fresh, locale)
    return {**found, **fresh}


def _ask(texts: list[str], locale: str) -> list[str]:
    """POST {url}/translate, as LibreTranslate's API describes: one request for all texts."""
    config = current_app.config
    url = config["MACHINE_TRANSLATION_URL"].rstrip("/") + "/translate"
    if not url.startswith(("https://", "http://")):
        raise MachineTranslationFailed("MACHINE_TRANSLATION_URL must start with https://")
    payload = {"q": texts, "source": "en", "target": server_language(locale),
               "format": "text"}
    if config.get("MACHINE_TRANSLATION_API_KEY"):
        payload["api_key"] = config["MACHINE_TRANSLATION_API_KEY"]
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, data=json.dumps(payload).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(  # noqa: S310 - the scheme is checked above
                request, timeout=config["MACHINE_TRANSLATION_TIMEOUT_SECONDS"]) as response:
            answer = json.loads(response.read(2_000_000).decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise MachineTranslationFailed(f"the server answered {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise MachineTranslationFailed(f"no answer: {type(reason).__name__}") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise MachineTranslationFailed("the answer was not JSON") from None
    translated = answer.get("translatedText") if isinstance(answer, dict) else None
    if isinstance(translated, str) and len(texts) == 1:  # some servers answer one text so
        translated = [translated]
    if not (isinstance(translated, list) and len(translated) == len(texts)
            and all(isinstance(text, str) and text.strip() for text in translated)):
        raise MachineTranslationFailed("the answer had no translatedText for every text")
    return translated


def _keep(translations: dict[str, str], locale: str) -> None:
    """Store on a connection of its own: the page's session only reads, and another page
    that translated the same text first has already stored it (then ours is not needed)."""
    rows = [{"locale": locale, "source_hash": text_hash(english), "text": translated}
            for english, translated in translations.items()]
    try:
        with db.engine.begin() as connection:
            connection.execute(insert(MachineTranslation), rows)
    except IntegrityError:
        for row in rows:
            try:
                with db.engine.begin() as connection:
                    connection.execute(insert(MachineTranslation), [row])
            except IntegrityError:
                continue
    except SQLAlchemyError as error:
        log.warning("could not keep machine translations into %s: %s", locale,
                    type(error).__name__)


def _key(locale: str) -> tuple[str, str]:
    return current_app.config["MACHINE_TRANSLATION_URL"], locale


def _resting(locale: str) -> bool:
    with _lock:
        return _resting_until.get(_key(locale), 0.0) > time.monotonic()


def _rest(locale: str) -> None:
    with _lock:
        _resting_until[_key(locale)] = (
            time.monotonic() + current_app.config["MACHINE_TRANSLATION_RETRY_SECONDS"])


def forget_failures() -> None:
    """Ask every server again at once (for tests, and after fixing the configuration)."""
    with _lock:
        _resting_until.clear()
