"""The booklet someone is building: a plain value kept in their session cookie, so nothing
about it is stored on the server until they choose to save it."""

import json
from dataclasses import asdict, dataclass, replace

from flask import current_app, session

SESSION_KEY = "booklet"
MAX_ITEMS = 50
TITLE_LENGTH = 80
COVER_NOTE_LENGTH = 500
ITEM_NOTE_LENGTH = 200
GROUPINGS = ("category", "mine")
# Browsers drop cookies over 4,096 bytes; stay under with room for the rest of the session
# (a Talking Point booking in progress adds up to about 600 bytes).
COOKIE_BUDGET = 3400


@dataclass(frozen=True)
class Item:
    ref: str  # "service:<uuid>" or "article:<slug>"
    note: str = ""
    name: str = ""  # kept in saved booklets, to say what was dropped if it closes

    @property
    def kind(self) -> str:
        return self.ref.partition(":")[0]

    @property
    def key(self) -> str:
        return self.ref.partition(":")[2]


@dataclass(frozen=True)
class Booklet:
    items: tuple[Item, ...] = ()
    title: str = ""
    cover_note: str = ""
    large_print: bool = False
    language: str = "en"
    grouping: str = "category"
    # The code of the saved booklet this one was opened from, if any.
    opened_from: str = ""

    @property
    def refs(self) -> list[str]:
        return [item.ref for item in self.items]

    def __contains__(self, ref: str) -> bool:
        return ref in self.refs

    def with_item(self, ref: str) -> "Booklet":
        return self if ref in self else replace(self, items=(*self.items, Item(ref)))

    def without(self, ref: str) -> "Booklet":
        return replace(self, items=tuple(i for i in self.items if i.ref != ref))

    def moved(self, ref: str, step: int) -> "Booklet":
        """The item one place earlier (step -1) or later (+1), if there is room."""
        items = list(self.items)
        index = self.refs.index(ref)
        target = index + step
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        return replace(self, items=tuple(items))

    def with_notes(self, notes: dict[str, str]) -> "Booklet":
        return replace(self, items=tuple(replace(i, note=notes.get(i.ref, i.note))
                                         for i in self.items))

    def to_json(self, names: bool = False) -> str:
        data = asdict(self)
        data["items"] = [[i.ref, i.note, i.name] if names else [i.ref, i.note]
                         for i in self.items]
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> "Booklet":
        """A booklet from stored JSON; anything unreadable gives an empty booklet."""
        try:
            data = json.loads(text or "{}")
            items = tuple(Item(*map(str, entry[:3])) for entry in data.pop("items", []))
            known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
            booklet = cls(items=items, **known)
        except (TypeError, ValueError, AttributeError):
            return cls()
        if booklet.grouping not in GROUPINGS:
            booklet = replace(booklet, grouping="category")
        return booklet


class TooBig(ValueError):
    """The booklet would no longer fit in the visitor's cookie."""


def current() -> Booklet:
    return Booklet.from_json(session.get(SESSION_KEY))


def keep(booklet: Booklet) -> None:
    """Store the booklet in the session, refusing (and keeping the old one) if it won't fit."""
    previous = session.get(SESSION_KEY)
    if booklet.items or booklet.title or booklet.cover_note:
        session[SESSION_KEY] = booklet.to_json()
    else:
        session.pop(SESSION_KEY, None)
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    if serializer is not None and len(serializer.dumps(dict(session))) > COOKIE_BUDGET:
        if previous is None:
            session.pop(SESSION_KEY, None)
        else:
            session[SESSION_KEY] = previous
        raise TooBig
