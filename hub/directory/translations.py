"""A service's own words in the reader's language: a person's translation, else a computer's
(when the place has switched that on), else the English, which the page then says.

Each field is chosen on its own, so a translation of just the name still shows. The search
index stays English; only what is shown changes.
"""

from dataclasses import dataclass, replace

from babel import Locale
from flask import current_app, g
from flask_babel import get_locale

from hub.core.i18n import text_direction
from hub.directory import machine_translation
from hub.directory.models import Service

# The words a service writes about itself that readers may have in their language.
TRANSLATED_FIELDS = ("name", "description", "how_to_access")
ENGLISH = "en"
HUMAN, MACHINE, ORIGINAL = "human", "machine", "english"


@dataclass(frozen=True)
class Passage:
    text: str
    lang: str
    source: str  # HUMAN, MACHINE or ORIGINAL

    @property
    def dir(self) -> str:
        return text_direction(self.lang)


@dataclass(frozen=True)
class ReaderText:
    locale: str  # the reader's
    name: Passage
    description: Passage
    how_to_access: Passage
    # Whether the reader asked for the English although there is a translation.
    showing_original: bool = False
    translation_available: bool = False

    def _shown(self) -> list[Passage]:
        return [p for p in (self.name, self.description, self.how_to_access) if p.text]

    @property
    def language_name(self) -> str:
        """The reader's language, named in itself (as the note is written in it)."""
        return Locale.parse(self.locale).get_display_name(self.locale) or self.locale

    @property
    def in_english(self) -> bool:
        """Nothing is in the reader's language, though they read another."""
        return self.locale != ENGLISH and all(p.source == ORIGINAL for p in self._shown())

    @property
    def partly_in_english(self) -> bool:
        return (self.locale != ENGLISH and not self.in_english
                and any(p.source == ORIGINAL for p in self._shown()))

    @property
    def by_machine(self) -> bool:
        return any(p.source == MACHINE for p in self._shown())


def english_text(service: Service, locale: str) -> ReaderText:
    return ReaderText(locale, *(Passage(getattr(service, name) or "", ENGLISH, ORIGINAL)
                                for name in TRANSLATED_FIELDS))


def reader_text(service: Service, original: bool = False) -> ReaderText:
    """The service's name, description and how to use it for this page's reader.

    `original` asks for the English whatever else there is (the reader followed
    'Read the original in English').
    """
    locale = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    # The same service may be on a page twice (a card and its page): work it out once.
    known = g.setdefault("hub_reader_texts", {})
    key = (service.id, locale)
    if key not in known:
        known[key] = _reader_text(service, locale)
    text = known[key]
    if original and locale != ENGLISH:
        return replace(english_text(service, locale), showing_original=True,
                       translation_available=not text.in_english)
    return text


def _reader_text(service: Service, locale: str) -> ReaderText:
    english = english_text(service, locale)
    if locale == ENGLISH:
        return english
    human = next((t for t in service.translations if t.locale == locale), None)
    chosen: dict[str, Passage] = {}
    for name in TRANSLATED_FIELDS:
        words = getattr(human, name, "") if human else ""
        chosen[name] = Passage(words, locale, HUMAN) if words else getattr(english, name)
    untranslated = [p.text for p in chosen.values() if p.source == ORIGINAL and p.text]
    if untranslated and machine_translation.enabled():
        translated = machine_translation.translate(untranslated, locale)
        for name, passage in chosen.items():
            if passage.source == ORIGINAL and passage.text in translated:
                chosen[name] = Passage(translated[passage.text], locale, MACHINE)
    return ReaderText(locale, **chosen)
