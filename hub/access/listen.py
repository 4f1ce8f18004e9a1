"""Listen: a guide's or a service's main content read aloud, as an MP3 that a plain
<audio controls> element plays (no JavaScript).

The address carries the language (?lang=pl), so a shared link plays what its sender heard.
Text is read by the voice of the language it is written in: an untranslated guide, and
the details contributors write in a listing, are in English and read by the English voice;
what the hub itself says (headings, "Phone:", days and times) is in the page's language.
Made recordings are served to anyone; making a new one is limited per address and per
server, because it takes a second or two of a processor.
"""

import datetime as dt
import logging
import threading
import time
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded

from hub.access import audio
from hub.access.audio import Part, as_sentence, markdown_sentences, spoken_phone
from hub.articles.content import Article, article
from hub.core.dates import long_date
from hub.core.markdown import CONTRIBUTED
from hub.core.templating import day_names, language_name, money
from hub.directory.models import Service, ServiceStatus
from hub.directory.queries import listed_service
from hub.directory.translations import Passage, reader_text
from hub.extensions import limiter
from hub.freshness.queries import is_stale

log = logging.getLogger(__name__)
bp = Blueprint("listen", __name__, url_prefix="/listen")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PRUNE_EVERY_SECONDS = 3600


def _language() -> str:
    return str(get_locale() or "en").split("_")[0]


def _voices() -> dict[str, str]:
    return current_app.config["AUDIO_VOICES"]


def _cache_dir() -> Path:
    return Path(current_app.config["AUDIO_CACHE_DIR"])


@bp.app_template_global()
def listen_player(kind: str, key: str) -> dict | None:
    """What the "Listen to this page" partial shows for a guide or service, or None where
    the page's language has no voice or the speech programs are not installed."""
    language = _language()
    if language not in _voices() or not audio.available():
        return None
    if kind == "guide":
        url = url_for("listen.guide", slug=key, lang=language)
    else:
        url = url_for("listen.service", service_id=key, lang=language)
    return {
        "url": url,
        "filename": f"{key}-{language}{audio.EXTENSION}",
        "lang": language,
        "weak_voice": language in current_app.config["AUDIO_WEAK_VOICES"],
        "language_name": language_name(language),
    }


# What is read

def guide_parts(found: Article, language: str) -> list[Part]:
    """Title, summary and body; first, if it is not translated, a word saying so."""
    parts = []
    if found.locale != language:
        parts.append(Part(language, _(
            "This guide is not translated into %(language)s yet, so it is read in English.",
            language=language_name(language))))
    written = found.locale
    parts += [Part(written, as_sentence(found.title)), Part(written, as_sentence(found.summary))]
    return parts + [Part(written, sentence) for sentence in markdown_sentences(found.body)]


def service_parts(service: Service, language: str) -> list[Part]:
    """Name, who runs it, what it is, who it is for, how to get it, cost, phone numbers
    and opening times: the page's main column and contact panel, never its menus.

    The name, description and how to get it are read in the words the page shows (a
    translation where there is one); the rest of a listing is written in the hub's first
    language and read by its voice."""
    written = current_app.config["BABEL_DEFAULT_LOCALE"]
    shown = reader_text(service)

    def say(text: str) -> list[Part]:
        return [Part(language, as_sentence(text))] if text else []

    def read(text: str | None, markdown: bool = False, lang: str = written) -> list[Part]:
        sentences = markdown_sentences(text, CONTRIBUTED) if markdown else [as_sentence(text or "")]
        return [Part(lang, sentence) for sentence in sentences if sentence]

    def passage(words: Passage, markdown: bool = False) -> list[Part]:
        return read(words.text, markdown, lang=words.lang.split("_")[0])

    parts = passage(shown.name)
    if shown.in_english:
        parts += say(_("This service has not been translated into %(language)s yet, so it is "
                       "read in English.", language=shown.language_name))
    elif shown.partly_in_english:
        parts += say(_("Parts of this service have not been translated into %(language)s yet, "
                       "so they are read in English.", language=shown.language_name))
    if shown.by_machine:
        parts += say(_("Translated by a computer. It may contain mistakes."))
    parts += say(_("Run by")) + read(service.organisation.name)
    if service.status == ServiceStatus.temporarily_closed:
        parts += say(_("This service is temporarily closed. Contact them to find out when it "
                       "will open again."))
    if is_stale(service, dt.date.today()):
        parts += say(_("This information may be out of date. It was last checked on "
                       "%(date)s. Contact the service before you go.",
                       date=long_date(service.last_checked)) if service.last_checked else
                     _("This information has not been checked. Contact the service before "
                       "you go."))
    parts += passage(shown.description, markdown=True)
    parts += say(_("Who it is for")) + read(service.eligibility, markdown=True)
    parts += say(_ages(service))
    if shown.how_to_access.text:
        parts += say(_("How to get this service")) + passage(shown.how_to_access, markdown=True)
    parts += say(_("Cost"))
    if service.is_free:
        parts += say(_("Free."))
    else:
        parts += read(service.fees, markdown=True)
        for cost in service.cost_options:
            if cost.amount is not None:
                parts += say(money(cost.amount))
            parts += read(" ".join(filter(None, (cost.option, cost.amount_description))))
    if service.phones:
        parts += say(_("Contact"))
    for phone in service.phones:
        parts += say(f"{_('Phone:')} {spoken_phone(phone.number)}") + read(phone.description)
    if service.schedules:
        parts += say(_("Opening times"))
    for schedule in service.schedules:
        days = spoken_days(schedule.days)
        if schedule.opens_at and schedule.closes_at:
            parts += say(_("%(days)s, from %(opens)s to %(closes)s",
                           days=days, opens=spoken_time(schedule.opens_at, language),
                           closes=spoken_time(schedule.closes_at, language)))
        else:
            parts += say(days)
        parts += read(schedule.notes)
    return parts


def _ages(service: Service) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is not None and high is not None:
        return _("Ages %(low)s to %(high)s.", low=low, high=high)
    if low is not None:
        return _("Aged %(low)s or over.", low=low)
    if high is not None:
        return _("Aged %(high)s or under.", high=high)
    return "" if service.eligibility else _("Anyone.")


def spoken_days(codes: list[str]) -> str:
    """"Monday to Friday, Sunday" rather than five names in a row."""
    names = day_names()
    indices = sorted({DAYS.index(code) for code in codes if code in DAYS})
    runs: list[list[int]] = []
    for index in indices:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    said = []
    for run in runs:
        if len(run) >= 3:
            said.append(_("%(first)s to %(last)s", first=names[DAYS[run[0]]],
                          last=names[DAYS[run[-1]]]))
        else:
            said += [names[DAYS[index]] for index in run]
    return ", ".join(said)


def spoken_time(time_of_day: dt.time, language: str) -> str:
    """A time as people say it: "9 AM" and "5:30 PM" in English (the voice reads "9:00"
    as "nine zero zero"), "9:00" and "17:30" in the other languages."""
    if language == "en":
        text = time_of_day.strftime("%I:%M %p").replace(":00 ", " ")
    else:
        text = time_of_day.strftime("%H:%M")
    return text[1:] if text.startswith("0") and text[1:2].isdigit() else text


# The recordings

@bp.get("/guides/<slug>.mp3")
def guide(slug: str):
    moved = _language_in_address()
    if moved is not None:
        return moved
    found = article(Path(current_app.config["CONTENT_DIR"]) / "articles", slug, _language())
    if found is None:
        abort(404)
    return _recording(guide_parts(found, _language()), f"{slug}-{_language()}")


@bp.get("/services/<service_id>.mp3")
def service(service_id: str):
    moved = _language_in_address()
    if moved is not None:
        return moved
    found = listed_service(service_id)
    if found is None or found.status == ServiceStatus.inactive:
        abort(404)
    return _recording(service_parts(found, _language()), f"{service_id}-{_language()}")


def _language_in_address() -> Response | None:
    """Each recording has one address: without ?lang= (or with one the hub lacks), send
    the listener to the address in their language, so no response varies by cookie."""
    if request.args.get("lang") in _voices():
        return None
    if _language() not in _voices():
        abort(404)
    return redirect(url_for(request.endpoint, **(request.view_args or {}), lang=_language()))


def _recording(parts: list[Part], name: str) -> Response:
    config = current_app.config
    parts = audio.bounded(parts, config["AUDIO_MAX_CHARACTERS"], Part(
        _language(), _("This recording reads only the start of this page.")))
    key = audio.recording_key(parts, _voices())
    path = audio.cached(_cache_dir(), key)
    if path is None:
        if request.if_none_match.contains(key):  # the browser has it; no need to make it
            response = Response(status=304)
            response.set_etag(key)
            response.cache_control.public = True
            response.cache_control.max_age = config["AUDIO_MAX_AGE_SECONDS"]
            return response
        path = _make(parts)
        if isinstance(path, Response):
            return path
    return send_file(path, mimetype=audio.MIMETYPE, conditional=True, etag=key,
                     max_age=config["AUDIO_MAX_AGE_SECONDS"],
                     download_name=f"{name}{audio.EXTENSION}")


def _recording_slot() -> threading.BoundedSemaphore:
    """espeak-ng and lame each take a core while they run: beyond this many recordings at
    once, requests wait their turn, then are asked to try again."""
    # setdefault is atomic, so two first requests at once still share one semaphore.
    return current_app.extensions.setdefault(
        "listen_recordings",
        threading.BoundedSemaphore(current_app.config["AUDIO_RECORDINGS_AT_ONCE"]))


def _make(parts: list[Part]) -> Path | Response:
    config = current_app.config
    if not audio.available():
        return _sorry(503, _("Sorry, listening is not working at the moment"),
                      _("You can still read the page. Try listening again later."))
    try:
        with limiter.limit(lambda: current_app.config["AUDIO_RECORDINGS_PER_ADDRESS"]):
            pass
    except RateLimitExceeded:
        return _sorry(429, _("Sorry, too many recordings asked for"),
                      _("Many new recordings have been asked for from your connection. Wait "
                        "a minute, then try again. Pages listened to before still play."))
    slot = _recording_slot()
    if not slot.acquire(timeout=config["AUDIO_RECORDING_WAIT_SECONDS"]):
        return _sorry(503, _("Sorry, listening is busy"),
                      _("Many pages are being read aloud right now. Wait a minute, then try "
                        "again."))
    try:
        path = audio.record(parts, _voices(), _cache_dir(),
                            config["AUDIO_RECORDING_TIMEOUT_SECONDS"])
    except (audio.SpeechFailed, OSError) as error:
        log.error("Could not make a recording: %s", error)
        return _sorry(503, _("Sorry, listening is not working at the moment"),
                      _("You can still read the page. Try listening again later."))
    finally:
        slot.release()
    _prune_now_and_then()
    return path


def _prune_now_and_then() -> None:
    last = current_app.extensions.setdefault("listen_pruned_at", [0.0])
    if time.time() - last[0] > PRUNE_EVERY_SECONDS:
        last[0] = time.time()
        audio.prune(_cache_dir(), current_app.config["AUDIO_KEEP_DAYS"])


def _sorry(status: int, title: str, message: str) -> Response:
    response = Response(render_template("errors/error.html", status=status, title=title,
                                        message=message), status=status)
    response.headers["Retry-After"] = "60"
    return response
