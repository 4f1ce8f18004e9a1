"""The listing edit form: every field of a snapshot, with plain-English checks.

Repeated things (phones, opening times, costs, places) are rows of a FieldList so the
form works without JavaScript: the page shows the existing rows plus a blank one, and
blank rows are ignored on save.
"""

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from babel import Locale
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from hub.accounts.operations import EMAIL_PATTERN
from hub.core.i18n import text_direction
from hub.core.numbers import plain_number
from hub.core.templating import day_names, language_name
from hub.directory.models import ServiceStatus, TaxonomyTerm
from hub.directory.oruk import DAY_CODES, PHONE_NUMBER, WEB_ADDRESS
from hub.directory.taxonomy import term_name
from hub.directory.translations import TRANSLATED_FIELDS
from hub.listings.operations import ORGANISATION_FIELDS
from hub.listings.snapshot import DELIVERY_LABELS, STATUS_LABELS, translations_of
from hub.places.operations import (
    FULL_POSTCODE,
    format_postcode,
    normalise_postcode,
)

EMAIL = re.compile(EMAIL_PATTERN)
TIME = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")
AMOUNT = re.compile(r"\d{1,7}(\.\d{1,2})?")
# Between the items of a typed list: commas (also Chinese ，、 and Arabic ،), semicolons
# (；؛) and new lines.
LIST_SEPARATORS = re.compile(r"[,，、،;；؛\n]")
WHOLE_YEARS = re.compile(r"\d{1,3}")
FEATURE_LABELS = {
    "step_free": _l("Step-free access"),
    "accessible_toilet": _l("Accessible toilet"),
    "hearing_loop": _l("Hearing loop"),
    "parking": _l("Parking"),
}
MARKDOWN_HINT = _l("You can use *italics*, **bold**, lists (start lines with - ) and links "
                   "like [our website](https://example.org).")


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _too_long(limit: int) -> Length:
    return Length(max=limit, message=_l("This must be %(limit)s characters or fewer",
                                        limit=f"{limit:,}"))


def _matching(pattern: re.Pattern, message) -> Callable:
    """Check the whole text (WTForms' Regexp only anchors the start)."""

    def check(form, field) -> None:
        if field.data and not pattern.fullmatch(field.data):
            raise ValidationError(str(message))

    return check


def _text(label, limit: int = 255, hint=None, width: str = "", numeric: bool = False,
          validators=()) -> StringField:
    render_kw: dict[str, Any] = {"params": {"classes": f"govuk-input--width-{width}"}
                                 if width else {}}
    if numeric:
        render_kw["inputmode"] = "numeric"
    return StringField(label, description=hint or "", filters=[_strip],
                       validators=[*validators, _too_long(limit)],
                       widget=GovTextInput(), render_kw=render_kw)


def _long_text(label, limit: int, hint=None) -> TextAreaField:
    return TextAreaField(label, description=hint or "", filters=[_strip],
                         validators=[_too_long(limit)], widget=GovTextArea())


class _Small:
    """Small radios or checkboxes under a bold legend, with no empty hint."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["classes"] = self.size_class
        params["fieldset"]["legend"]["classes"] = "govuk-fieldset__legend--s"
        if not field.description:
            params.pop("hint")
        return params


class SmallCheckboxes(_Small, GovCheckboxesInput):
    size_class = "govuk-checkboxes--small"


class SmallRadios(_Small, GovRadioInput):
    size_class = "govuk-radios--small"


def _checkboxes(label, choices, hint=None) -> SelectMultipleField:
    return SelectMultipleField(label, choices=choices, description=hint or "",
                               widget=SmallCheckboxes())


def _time(value: str) -> str:
    """'9.30' or '09:30' -> '09:30'; '' stays ''."""
    match = TIME.fullmatch(value)
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else value


def _keep_order(chosen: list[str], before: list[str]) -> list[str]:
    """The chosen values, those already there first and in their old order (no false diffs)."""
    return [v for v in before if v in chosen] + [v for v in chosen if v not in before]


class RowForm(Form):
    """One repeated row. A blank row is skipped entirely: not checked, not saved."""

    legend = new_legend = ""
    ignored_when_blank: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        return not any(field.data for field in self
                       if field.short_name not in self.ignored_when_blank)

    def visible_fields(self) -> list:
        return list(self)

    def validate(self, extra_validators=None) -> bool:
        return self.is_blank() or super().validate(extra_validators)


class PhoneRow(RowForm):
    legend = _l("Phone number %(number)s")
    new_legend = _l("Add a phone number")

    number = _text(_l("Number"), 20, width="20", validators=[_matching(
        PHONE_NUMBER, _l("Enter a phone number using only numbers, spaces and + ( ) -, "
                         "like 01632 960123"))])
    description = _text(_l("What this number is for (optional)"),
                        hint=_l("For example, bookings or out of hours"))

    def validate_number(self, field) -> None:
        if not field.data:
            raise ValidationError(_("Enter the phone number, or clear this row"))

    def snapshot(self) -> dict[str, str]:
        return {"number": self.number.data, "description": self.description.data}


class TimeRow(RowForm):
    legend = _l("Opening time %(number)s")
    new_legend = _l("Add opening times")

    days = _checkboxes(_l("Days"), choices=[])
    opens_at = _text(_l("Opens"), 5, hint=_l("For example, 09:30"), width="5")
    closes_at = _text(_l("Closes"), 5, hint=_l("For example, 17:00"), width="5")
    notes = _text(_l("Notes (optional)"), hint=_l("For example, term time only"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.days.choices = [(code, name) for code, name in day_names().items()]

    def validate_days(self, field) -> None:
        if not field.data:
            raise ValidationError(_("Choose the days these times are for"))

    def validate_opens_at(self, field) -> None:
        if field.data and not TIME.fullmatch(field.data):
            raise ValidationError(_("Enter the opening time like 09:30"))
        if not field.data and self.closes_at.data:
            raise ValidationError(_("Enter the opening time"))

    def validate_closes_at(self, field) -> None:
        if field.data and not TIME.fullmatch(field.data):
            raise ValidationError(_("Enter the closing time like 17:00"))
        if not field.data and self.opens_at.data:
            raise ValidationError(_("Enter the closing time"))
        if (field.data and TIME.fullmatch(self.opens_at.data or "")
                and _time(field.data) <= _time(self.opens_at.data)):
            raise ValidationError(_("The closing time must be after the opening time"))

    def snapshot(self) -> dict[str, str]:
        return {"byday": ",".join(code for code in DAY_CODES if code in self.days.data),
                "opens_at": _time(self.opens_at.data), "closes_at": _time(self.closes_at.data),
                "notes": self.notes.data}


class CostRow(RowForm):
    legend = _l("Cost %(number)s")
    new_legend = _l("Add a cost")

    option = _text(_l("What it is for"), hint=_l("For example, a two-course lunch"))
    amount = _text(_l("Amount in pounds (optional)"), 12, width="5", hint=_l("For example, 4.50"))
    amount_description = _text(_l("More about this cost (optional)"),
                               hint=_l("For example, per session"))

    def validate_amount(self, field) -> None:
        if field.data and not AMOUNT.fullmatch(self._amount()):
            raise ValidationError(_("Enter the amount in pounds as a number of 0 or more, "
                                    "like 4.50"))

    def _amount(self) -> str:
        """The amount as a plain number, read the contributor's way ("4,50" in Polish)."""
        try:
            return plain_number(self.amount.data or "")
        except ValueError:
            return self.amount.data or ""  # not a number: validate_amount says so

    def snapshot(self) -> dict[str, str]:
        amount = self._amount()
        return {"option": self.option.data,
                "amount": f"{Decimal(amount):.2f}" if amount else "",
                "amount_description": self.amount_description.data}


class PlaceRow(RowForm):
    legend = _l("Place %(number)s")
    new_legend = _l("Add a place")
    ignored_when_blank = ("id", "features", "remove")

    id = HiddenField()
    name = _text(_l("Name of the place (optional)"), hint=_l("For example, Acomb Library"))
    address = _text(_l("Street address"), 500)
    city = _text(_l("Town or city"), 100, width="20")
    postcode = _text(_l("Postcode"), 20, width="10")  # its shape is checked below
    features = _checkboxes(_l("At this place"), choices=list(FEATURE_LABELS.items()))
    remove = BooleanField(_l("Remove this place from the listing"), widget=GovCheckboxInput(),
                          description=_l("People will no longer see it on this listing"))

    def visible_fields(self) -> list:
        return [field for field in self if field is not self.remove or self.id.data]

    def validate(self, extra_validators=None) -> bool:
        return bool(self.remove.data) or super().validate(extra_validators)

    def validate_postcode(self, field) -> None:
        if not field.data:
            raise ValidationError(_("Enter the postcode of this place"))
        # A venue outside the place's gazetteer is still a real venue: it saves, without a
        # point on the map until the full postcode directory is loaded.
        if not FULL_POSTCODE.fullmatch(normalise_postcode(field.data)):
            raise ValidationError(_("Enter a full postcode, like %(example)s",
                                    example=current_app.config["POSTCODE_EXAMPLE"]))

    def snapshot(self, stored: dict[str, dict]) -> dict[str, Any]:
        """The place as the snapshot keeps it; a known place keeps its id and map point."""
        before = stored.get(self.id.data or "")
        postcode = format_postcode(self.postcode.data)
        same_point = before is not None and before["postcode"] == postcode
        return {
            "id": before["id"] if before else None,
            "name": self.name.data, "address": self.address.data, "city": self.city.data,
            "postcode": postcode,
            "ward": before.get("ward", "") if same_point else "",
            "latitude": before.get("latitude") if same_point else None,
            "longitude": before.get("longitude") if same_point else None,
            **{name: name in self.features.data for name in FEATURE_LABELS},
        }


class TranslationRow(Form):
    """The service's own words in one of the hub's other languages; empty means English."""

    locale = HiddenField()
    name = _text(_l("Name of the service"))
    description = _long_text(_l("Description"), 5000)
    how_to_access = _long_text(_l("How to use it"), 2000)

    @property
    def language(self) -> str:
        """The language's name in the page's language, e.g. "Polish"."""
        return language_name(self.locale.data)

    @property
    def own_name(self) -> str:
        """The language's name in itself, e.g. "Polski", for its readers to find it."""
        return Locale.parse(self.locale.data).get_display_name(self.locale.data).capitalize()

    @property
    def direction(self) -> str:
        return text_direction(self.locale.data)

    def snapshot(self) -> dict[str, str]:
        return {name: self[name].data or "" for name in TRANSLATED_FIELDS}


def translation_languages() -> list[str]:
    """The hub's languages other than English: a listing may be translated into each."""
    return list(current_app.config["LANGUAGES"][1:])


def language_names() -> dict[str, str]:
    """Lower-case language name (in English and the page's language) -> ISO 639 code."""
    names: dict[str, str] = {}
    for locale in (Locale("en"), get_locale() or Locale("en")):
        for code, name in locale.languages.items():
            if "_" not in code:  # whole languages only, not regional variants
                names.setdefault(name.lower(), code)
    return names


def read_languages(text: str) -> tuple[list[str], list[str]]:
    """'Polish, Arabic' -> (['pl', 'ar'], unknown names); also '波兰语、阿拉伯语' and
    'البولندية، العربية', whose commas are not the English one."""
    known = language_names()
    codes, unknown = [], []
    for name in filter(None, (part.strip() for part in LIST_SEPARATORS.split(text))):
        code = name.lower() if name.lower() in known.values() else known.get(name.lower())
        if code is None:
            unknown.append(name)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


class OrganisationForm(FlaskForm):
    """The organisation's own details, shown on its public page."""

    seen = HiddenField()  # what the details were when the form was opened
    name = _text(_l("Name of the organisation"), validators=[DataRequired(_l(
        "Enter the name of the organisation"))])
    description = _long_text(_l("About the organisation"), 5000, MARKDOWN_HINT)
    phone = _text(_l("Phone number (optional)"), 50, validators=[_matching(
        PHONE_NUMBER, _l("Enter a phone number using only numbers, spaces and + ( ) -, "
                         "like 01632 960123"))])
    email = _text(_l("E-mail address (optional)"), validators=[_matching(
        EMAIL, _l("Enter an e-mail address like name@example.org"))])
    website = _text(_l("Website (optional)"), 500, validators=[_matching(
        WEB_ADDRESS, _l("Enter the website address starting with https:// or http://"))])

    def details(self) -> dict[str, str]:
        return {name: getattr(self, name).data or "" for name in ORGANISATION_FIELDS}


class ListingForm(FlaskForm):
    revision = HiddenField()
    name = _text(_l("Name of the service"), validators=[DataRequired(_l("Enter the name of the "
                                                                        "service"))])
    status = RadioField(_l("Is it running?"), choices=list(STATUS_LABELS.items()),
                        widget=SmallRadios(), default=ServiceStatus.active.value)
    description = _long_text(_l("Description"), 5000, MARKDOWN_HINT)
    eligibility = _long_text(_l("Who it is for"), 2000,
                             _l("For example, people over 65 living in the area"))
    minimum_age = _text(_l("Youngest age in years (optional)"), 3, width="3", numeric=True)
    maximum_age = _text(_l("Oldest age in years (optional)"), 3, width="3", numeric=True)
    how_to_access = _long_text(_l("How to use it"), 2000,
                               _l("For example, just turn up, or ring to book a place"))
    delivery = _checkboxes(_l("How it is provided"), choices=list(DELIVERY_LABELS.items()),
                           hint=_l("Choose all that apply"))
    phones = FieldList(FormField(PhoneRow))
    email = _text(_l("E-mail address (optional)"), validators=[_matching(
        EMAIL, _l("Enter an e-mail address like name@example.org"))])
    website = _text(_l("Website (optional)"), 500, validators=[_matching(
        WEB_ADDRESS, _l("Enter the website address starting with https:// or http://"))])
    schedules = FieldList(FormField(TimeRow))
    fees = _long_text(_l("Fees"), 1000, _l("Leave empty if the service is free"))
    cost_options = FieldList(FormField(CostRow))
    locations = FieldList(FormField(PlaceRow))
    areas = _long_text(_l("Areas covered"), 2000, _l("One area or ward on each line"))
    languages = _text(_l("Languages spoken, other than English (optional)"), 500,
                      hint=_l("Separate them with commas, for example: Polish, Arabic"))
    categories = SelectMultipleField(_l("Categories"), choices=[])
    translations = FieldList(FormField(TranslationRow))

    def __init__(self, *args, categories: list[TaxonomyTerm], **kwargs):
        super().__init__(*args, **kwargs)
        self.categories.choices = [(term.code, term_name(term)) for term in categories]

    def _age(self, field) -> int | None:
        return int(field.data) if field.data else None

    def validate_minimum_age(self, field) -> None:
        if field.data and not (WHOLE_YEARS.fullmatch(field.data) and int(field.data) <= 120):
            raise ValidationError(_("Enter the youngest age as a whole number from 0 to 120"))

    def validate_maximum_age(self, field) -> None:
        if field.data and not (WHOLE_YEARS.fullmatch(field.data) and int(field.data) <= 120):
            raise ValidationError(_("Enter the oldest age as a whole number from 0 to 120"))
        if (field.data and self.minimum_age.data and not self.minimum_age.errors
                and int(field.data) < int(self.minimum_age.data)):
            raise ValidationError(_("The oldest age must be the same as or more than the "
                                    "youngest age"))

    def validate_languages(self, field) -> None:
        unknown = read_languages(field.data or "")[1]
        if unknown:
            raise ValidationError(_("We do not know the language %(names)s. Check the "
                                    "spelling", names=", ".join(unknown)))

    def validate_categories(self, field) -> None:
        if not field.data:
            raise ValidationError(_("Choose at least one category"))

    def add_blank_rows(self) -> "ListingForm":
        for rows in (self.phones, self.schedules, self.cost_options, self.locations):
            rows.append_entry()
        return self

    def snapshot(self, before: dict[str, Any], live: dict[str, Any] | None) -> dict[str, Any]:
        """What was posted, as a snapshot. `before` is the draft as saved and `live` the
        listing it started from: places posted with their ids keep their map points."""
        stored = {item["id"]: item for item in (*(live or {}).get("locations", []),
                                                *before["locations"]) if item.get("id")}
        return {
            **{name: self[name].data or "" for name in ("name", "description", "eligibility",
                                                       "how_to_access", "fees", "email",
                                                       "website")},
            "status": self.status.data,
            "minimum_age": self._age(self.minimum_age),
            "maximum_age": self._age(self.maximum_age),
            "delivery": _keep_order(self.delivery.data, before["delivery"]),
            "phones": _rows(self.phones),
            "schedules": _rows(self.schedules),
            "cost_options": _rows(self.cost_options),
            "areas": list(dict.fromkeys(filter(None, map(str.strip,
                                                         self.areas.data.splitlines())))),
            "languages": _keep_order(read_languages(self.languages.data)[0],
                                     before["languages"]),
            "categories": sorted(self.categories.data),
            "locations": [row.form.snapshot(stored) for row in self.locations
                          if not row.form.is_blank() and not row.form.remove.data],
            "translations": self._translations(before),
        }

    def _translations(self, before: dict[str, Any]) -> dict[str, dict[str, str]]:
        """The languages on the form as posted; any others the draft has (a language the
        hub no longer offers) are kept, not silently dropped."""
        if not self.translations.entries:  # a page from before translations were offered
            return translations_of(before.get("translations") or {})
        offered = translation_languages()
        kept = {locale: fields for locale, fields in (before.get("translations") or {}).items()
                if locale not in offered}
        posted = {row.form.locale.data: row.form.snapshot() for row in self.translations
                  if row.form.locale.data in offered}
        return translations_of({**kept, **posted})


def _rows(rows: FieldList) -> list[dict[str, Any]]:
    return [row.form.snapshot() for row in rows if not row.form.is_blank()]


def form_data(snapshot: dict[str, Any], revision: int) -> dict[str, Any]:
    """A snapshot as the form's starting values."""
    return {
        **snapshot,
        "revision": revision,
        "minimum_age": "" if snapshot["minimum_age"] is None else str(snapshot["minimum_age"]),
        "maximum_age": "" if snapshot["maximum_age"] is None else str(snapshot["maximum_age"]),
        "schedules": [{**item, "days": item["byday"].split(",")}
                      for item in snapshot["schedules"]],
        "locations": [{**item, "features": [name for name in FEATURE_LABELS if item.get(name)]}
                      for item in snapshot["locations"]],
        "areas": "\n".join(snapshot["areas"]),
        "languages": ", ".join(language_name(code) for code in snapshot["languages"]),
        "translations": [{"locale": locale, **dict.fromkeys(TRANSLATED_FIELDS, ""),
                          **(snapshot.get("translations") or {}).get(locale, {})}
                         for locale in translation_languages()],
    }

