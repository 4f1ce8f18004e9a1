"""The booklet page's one form, and the moderators' form for a ready-made booklet."""

from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from hub.booklets.draft import (
    COVER_NOTE_LENGTH,
    GROUPINGS,
    ITEM_NOTE_LENGTH,
    TITLE_LENGTH,
    Booklet,
)

ACTIONS = ("save", "pdf", "read", "code", "up", "down", "remove")


class BookletChanges:
    """What the booklet page sent: every field and the button pressed.

    Hand-made rather than WTForms because its fields follow the booklet's items.
    """

    def __init__(self, formdata: MultiDict, booklet: Booklet, languages: list[str]):
        self.title = formdata.get("title", "").strip()
        self.cover_note = formdata.get("cover_note", "").strip()
        self.large_print = formdata.get("large_print") == "yes"
        language = formdata.get("language", booklet.language)
        self.language = language if language in languages else booklet.language
        grouping = formdata.get("grouping", booklet.grouping)
        self.grouping = grouping if grouping in GROUPINGS else booklet.grouping
        self.notes = {item.ref: formdata.get(f"note-{number}", item.note).strip()
                      for number, item in enumerate(booklet.items, start=1)}
        action, _sep, ref = formdata.get("action", "save").partition(":")
        self.action = (action if action in ACTIONS else "save", ref)
        self.errors: dict[str, str] = {}
        self._booklet = booklet

    @classmethod
    def showing(cls, booklet: Booklet, languages: list[str]) -> "BookletChanges":
        """The form as the booklet stands, as if it had been sent unchanged."""
        fields = {"title": booklet.title, "cover_note": booklet.cover_note,
                  "language": booklet.language, "grouping": booklet.grouping}
        if booklet.large_print:
            fields["large_print"] = "yes"
        fields.update({f"note-{number}": item.note
                       for number, item in enumerate(booklet.items, start=1)})
        return cls(MultiDict(fields), booklet, languages)

    def is_valid(self) -> bool:
        if len(self.title) > TITLE_LENGTH:
            self.errors["title"] = _("The name on the cover must be %(count)s characters or "
                                     "fewer", count=TITLE_LENGTH)
        if len(self.cover_note) > COVER_NOTE_LENGTH:
            self.errors["cover_note"] = _("The note for the cover must be %(count)s "
                                          "characters or fewer", count=COVER_NOTE_LENGTH)
        for number, item in enumerate(self._booklet.items, start=1):
            if len(self.notes[item.ref]) > ITEM_NOTE_LENGTH:
                self.errors[f"note-{number}"] = _(
                    "Note %(number)s must be %(count)s characters or fewer",
                    number=number, count=ITEM_NOTE_LENGTH)
        return not self.errors

    def applied_to(self, booklet: Booklet) -> Booklet:
        return replace(booklet.with_notes(self.notes), title=self.title,
                       cover_note=self.cover_note, large_print=self.large_print,
                       language=self.language, grouping=self.grouping)


class ReadyMadeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        InputRequired(message=_l("Enter a name, like Leaving hospital")),
        Length(max=120, message=_l("The name must be 120 characters or fewer"))])
    description = TextAreaField(_l("What it is for"), validators=[
        Length(max=500, message=_l("What it is for must be 500 characters or fewer"))])
    replace_items = BooleanField(_l("Replace what it holds with what is in my booklet now"))
