"""Checks that keep every language whole: each catalogue complete with its placeholders
intact, and no text typed into a template outside Babel (`flask hub i18n check`)."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|%%")
TAG = re.compile(r"<[^>]+>")
# Languages whose 'one' and 'two' forms may leave the number out ("a day", "two days").
NUMBER_IN_WORDS = {"ar": {0, 1, 2}}


def check_catalogue(path: Path, locale: str) -> list[str]:
    """Problems in one .po file: missing, fuzzy, or changed placeholders and tags."""
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        original = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        label = f"{locale}: {original[:60]!r}"
        if message.fuzzy:
            problems.append(f"{label} is marked fuzzy")
        for number, text in enumerate(forms):
            if not text:
                problems.append(f"{label} has no translation")
                continue
            wanted = set(PLACEHOLDER.findall(original))
            if number in NUMBER_IN_WORDS.get(locale, set()):
                wanted -= {"%(num)s", "%(num)d"}
            found = set(PLACEHOLDER.findall(text))
            if not wanted <= found or found - set(PLACEHOLDER.findall(original)):
                problems.append(f"{label} form {number} changes the placeholders")
            if sorted(TAG.findall(original)) != sorted(TAG.findall(text)):
                problems.append(f"{label} form {number} changes the HTML tags")
    return problems


def check_catalogues(translations: Path, languages: list[str]) -> list[str]:
    problems = []
    for locale in languages[1:]:
        path = translations / locale / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            problems.append(f"{locale}: no catalogue at {path}")
            continue
        problems += check_catalogue(path, locale)
    return problems


def untranslated_template_text(templates: Path) -> list[str]:
    """Text between tags that does not come from _() or {% trans %}."""
    offenders = []
    for path in sorted(templates.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        source = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", source, flags=re.S)
        # Scripts, styles and code examples (addresses, commands) are not words to translate.
        source = re.sub(r"<(script|style|code)\b.*?</\1>", " ", source, flags=re.S)
        for text in re.findall(r">([^<>]+)<", source):
            words = re.sub(r"&[a-z]+;|[–✕!:().,£-]", " ", text).split()
            if words:
                offenders.append(f"{path.relative_to(templates)}: {text.strip()!r}")
    return offenders
