"""Booklets kept on the server: saved ones (under a code, until they expire) and the
ready-made ones moderators keep as starting points."""

import datetime as dt

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.core.db import UUIDPrimaryKey
from hub.core.encrypted import EncryptedLongText
from hub.extensions import db


class SavedBooklet(UUIDPrimaryKey, db.Model):
    __tablename__ = "saved_booklet"

    code: Mapped[str] = mapped_column(String(8), unique=True)
    # The booklet as JSON (see draft.Booklet), encrypted: a cover may name a person.
    contents: Mapped[str | None] = mapped_column(EncryptedLongText)
    created_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date] = mapped_column(Date, index=True)


class ReadyMadeBooklet(UUIDPrimaryKey, db.Model):
    __tablename__ = "ready_made_booklet"

    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    # Items and order as JSON (see draft.Booklet); never a cover title or personal notes.
    contents: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
