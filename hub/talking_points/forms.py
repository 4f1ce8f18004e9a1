"""The booking pages' forms: one question (or one small group) a page, GOV.UK widgets,
plain-English messages. What the answers mean is in journey.py and operations.py."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput

from hub.talking_points.operations import REFERENCE_LENGTH, normalise_reference

# Enough to catch a typing slip; the confirmation e-mail is the real test of an address.
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
NAME_LENGTH = 100
LANGUAGE_LENGTH = 60

# Labels for the codes operations.py keeps (staff pages may import these too).
TOPIC_LABELS = {
    "help-at-home": _l("Getting help at home"),
    "caring": _l("Looking after someone (being a carer)"),
    "paying": _l("Paying for care"),
    "equipment": _l("Equipment or changes to a home"),
    "health": _l("Staying well and healthy"),
    "lonely": _l("Feeling lonely or cut off"),
    "other": _l("Something else"),
}
NEED_LABELS = {
    "interpreter": _l("An interpreter for a spoken language"),
    "bsl": _l("A British Sign Language (BSL) interpreter"),
    "step-free": _l("Step-free access (no stairs or steps)"),
    "hearing-loop": _l("A hearing loop"),
    "companion": _l("Someone coming along too, like a family member, friend or carer"),
}


def _strip(value: str | None) -> str:
    return " ".join((value or "").split())


def uk_phone(typed: str) -> str | None:
    """A UK phone number written one way (+44 as 0, like 07700 900982), or None if `typed`
    is not one. The same way every time, so a lookup by phone finds it however it was typed."""
    if re.search(r"[^\d\s()+.-]", typed):
        return None
    digits = re.sub(r"\D", "", typed)
    if typed.strip().startswith("+"):
        if not digits.startswith("44"):
            return None
        digits = "0" + digits[2:].removeprefix("0")
    elif digits.startswith("44") and len(digits) in (12, 13):
        digits = "0" + digits[2:].removeprefix("0")
    if not (digits.startswith("0") and len(digits) in (10, 11)):
        return None
    return f"{digits[:5]} {digits[5:]}"


def _name(label, required_message) -> StringField:
    return StringField(
        label, filters=[_strip], widget=GovTextInput(),
        validators=[InputRequired(required_message),
                    Length(max=NAME_LENGTH, message=_l("Names must be %(max)s characters or "
                                                       "fewer", max=NAME_LENGTH))])


class ChooseTimeForm(FlaskForm):
    """The radios are drawn by the page, grouped by day; this reads the one chosen."""

    slot = StringField(validators=[InputRequired(_l("Select a date and time"))])


class WhoForm(FlaskForm):
    for_whom = RadioField(
        _l("Who is the appointment for?"),
        choices=[("me", _l("Me")), ("someone-else", _l("Someone else"))],
        validators=[InputRequired(_l("Select who the appointment is for"))],
        widget=GovRadioInput())
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class DetailsForm(FlaskForm):
    """Names and a way to reach them. The page sets `for_someone_else` before validating,
    and the labels to match."""

    name = _name(_l("Your full name"), _l("Enter your full name"))
    booker_name = StringField(
        _l("Your full name"), filters=[_strip], widget=GovTextInput(),
        validators=[Length(max=NAME_LENGTH, message=_l("Names must be %(max)s characters or "
                                                       "fewer", max=NAME_LENGTH))])
    phone = StringField(
        _l("UK phone number"), filters=[_strip], widget=GovTextInput(),
        description=_l("For example, 01632 960 001 or 07700 900 982"),
        validators=[Length(max=30, message=_l("Enter a UK phone number, like 01632 960 001 "
                                              "or 07700 900 982"))])
    email = StringField(
        _l("Email address"), filters=[_strip], widget=GovTextInput(),
        description=_l("We will email you a confirmation"),
        validators=[Length(max=254, message=_l("Enter an email address in 254 characters or "
                                               "fewer"))])
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    for_someone_else = False

    def validate_booker_name(self, field) -> None:
        if self.for_someone_else and not field.data:
            raise ValidationError(_l("Enter your full name"))

    def validate_phone(self, field) -> None:
        if not field.data and not self.email.data:
            raise ValidationError(_l("Enter a phone number or an email address"))
        if field.data and uk_phone(field.data) is None:
            raise ValidationError(_l("Enter a UK phone number, like 01632 960 001 or "
                                     "07700 900 982"))

    def validate_email(self, field) -> None:
        if field.data and not EMAIL_SHAPE.fullmatch(field.data):
            raise ValidationError(_l("Enter an email address in the correct format, like "
                                     "name@example.com"))


def _checkboxes(label, labels: dict, hint) -> SelectMultipleField:
    # Unknown values (only a hand-made request sends them) are dropped by the page.
    return SelectMultipleField(label, choices=list(labels.items()), description=hint,
                               validate_choice=False, widget=GovCheckboxesInput(),
                               option_widget=CheckboxInput())


class TopicsForm(FlaskForm):
    topics = _checkboxes(_l("What would you like to talk about?"), TOPIC_LABELS,
                         _l("Select all that apply. You do not have to choose anything: you "
                            "can tell us on the day."))
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class SupportForm(FlaskForm):
    needs = _checkboxes(_l("Do you need any support at the appointment?"), NEED_LABELS,
                        _l("Select all that apply. Leave them all empty if you do not need "
                           "any."))
    interpreter_language = StringField(
        _l("Which language?"), filters=[_strip], widget=GovTextInput(),
        validators=[Length(max=LANGUAGE_LENGTH,
                           message=_l("Enter the language in %(max)s characters or fewer",
                                      max=LANGUAGE_LENGTH))])
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def validate_interpreter_language(self, field) -> None:
        interpreter = "interpreter" in (self.needs.data or [])
        if interpreter and not field.data:
            raise ValidationError(_l("Enter the language you need an interpreter for"))
        if field.data and not interpreter:
            # Without JavaScript the language box always shows; never drop what was typed.
            raise ValidationError(_l("Select ‘An interpreter for a spoken language’ as well, "
                                     "or delete the language"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm booking"), widget=GovSubmitInput())


class FindBookingForm(FlaskForm):
    reference = StringField(
        _l("Booking reference"), filters=[_strip], widget=GovTextInput(),
        description=_l("It is 10 letters and numbers, like ABCDE 23456. It is in your "
                       "confirmation email or on your printed confirmation."),
        validators=[InputRequired(_l("Enter your booking reference"))])
    surname_or_contact = StringField(
        _l("Surname, phone number or email address"), filters=[_strip], widget=GovTextInput(),
        description=_l("The surname, phone number or email address you gave when you booked"),
        validators=[InputRequired(_l("Enter your surname, phone number or email address")),
                    Length(max=254, message=_l("Enter your surname, phone number or email "
                                               "address in 254 characters or fewer"))])
    submit = SubmitField(_l("Find my booking"), widget=GovSubmitInput())

    def validate_reference(self, field) -> None:
        if field.data and len(normalise_reference(field.data)) != REFERENCE_LENGTH:
            raise ValidationError(_l("Enter the reference as 10 letters and numbers, like "
                                     "ABCDE 23456"))


class CancelForm(FlaskForm):
    submit = SubmitField(_l("Yes, cancel the appointment"), widget=GovSubmitInput())
