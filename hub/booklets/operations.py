"""The rules for booklets kept on the server: saving under a code, reprinting, expiry, and
the ready-made booklets moderators keep."""

import datetime as dt
import json
import secrets
from dataclasses import replace
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from hub.booklets.contents import listing
from hub.booklets.draft import Booklet, Item
from hub.booklets.models import ReadyMadeBooklet, SavedBooklet
from hub.directory.oruk import stable_id
from hub.extensions import db

# Easy to read aloud and to type: no 0/O, 1/I/L. 31 ** 8 codes: guessing one is hopeless.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What someone typed, as a code: spaces, dashes and case do not matter."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def is_code(text: str) -> bool:
    return len(text) == CODE_LENGTH and set(text) <= set(CODE_ALPHABET)


def spaced(code: str) -> str:
    """K7QM4X2P -> K7QM 4X2P: two halves are easier to read out and copy."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


def save(booklet: Booklet, today: dt.date) -> SavedBooklet:
    """Keep a copy under a new code, with each entry's name to explain it if it closes."""
    named = tuple(replace(item, name=listed.title) if listed.available else item
                  for item, listed in zip(booklet.items, listing(booklet, "en"), strict=True))
    stored = replace(booklet, items=named, opened_from="").to_json(names=True)
    keep_days = current_app.config["BOOKLET_KEEP_DAYS"]
    for _attempt in range(5):
        saved = SavedBooklet(code=new_code(), contents=stored, created_on=today,
                             expires_on=today + dt.timedelta(days=keep_days))
        db.session.add(saved)
        try:
            db.session.commit()
            return saved
        except IntegrityError:  # the code was taken: astronomically rare, try another
            db.session.rollback()
    raise RuntimeError("could not find a free booklet code")


def find_saved(code: str, today: dt.date) -> SavedBooklet | None:
    code = normalise_code(code)
    if not is_code(code):
        return None
    saved = db.session.scalar(select(SavedBooklet).where(SavedBooklet.code == code))
    if saved is None or saved.expires_on < today:
        return None
    return saved


def booklet_of(saved: SavedBooklet) -> Booklet:
    return replace(Booklet.from_json(saved.contents), opened_from=saved.code)


def forget_expired(today: dt.date) -> int:
    """Delete saved booklets past their expiry date (run daily with the other purges)."""
    result = db.session.execute(delete(SavedBooklet).where(SavedBooklet.expires_on < today))
    db.session.commit()
    return result.rowcount or 0


# Ready-made booklets hold items and order only: never a cover or personal notes.

def ready_made() -> list[ReadyMadeBooklet]:
    return list(db.session.scalars(
        select(ReadyMadeBooklet).order_by(ReadyMadeBooklet.position, ReadyMadeBooklet.name)))


def starting_point(booklet: Booklet) -> str:
    return Booklet(items=tuple(replace(item, note="", name="") for item in booklet.items),
                   grouping=booklet.grouping).to_json()


def keep_ready_made(ready: ReadyMadeBooklet | None, name: str, description: str,
                    booklet: Booklet | None) -> ReadyMadeBooklet:
    """Create a ready-made booklet, or change its name, description and (given) items."""
    if ready is None:
        last = max((r.position for r in ready_made()), default=0)
        ready = ReadyMadeBooklet(position=last + 1)
        db.session.add(ready)
    ready.name, ready.description = name, description
    if booklet is not None:
        ready.contents = starting_point(booklet)
    db.session.commit()
    return ready


def start_from(ready: ReadyMadeBooklet, current: Booklet, add: bool) -> Booklet:
    """The visitor's booklet after opening a ready-made one: replaced, or added to."""
    starter = Booklet.from_json(ready.contents)
    if not add:
        return replace(current, items=starter.items, grouping=starter.grouping,
                       opened_from="")
    for item in starter.items:
        current = current.with_item(item.ref)
    return current


def load_sample_ready_made(path: Path) -> int:
    """Add the sample's ready-made booklets that are not there yet (by name); returns how many.

    Moderators may have changed the ones already there, so those are left alone.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    existing = {ready.name for ready in ready_made()}
    added = 0
    for sample in data["booklets"]:
        if sample["name"] in existing:
            continue
        items = tuple(Item(_sample_ref(ref)) for ref in sample["items"])
        keep_ready_made(None, sample["name"], sample["description"], Booklet(items=items))
        added += 1
    return added


def _sample_ref(ref: str) -> str:
    kind, _sep, key = ref.partition(":")
    return f"service:{stable_id('service', key)}" if kind == "service" else ref
