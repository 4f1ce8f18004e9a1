"""Forms for Talking Point staff and the coordinator: plain-English checks, and every
answer kept when a form comes back with a problem."""

import datetime as dt
import re
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from hub.places.operations import FULL_POSTCODE, normalise_postcode
from hub.talking_points.queries import WEEKDAYS

TIME = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y")
ACCESSIBILITY = {
    "step_free": _l("Step-free access"),
    "hearing_loop": _l("Hearing loop"),
    "accessible_toilet": _l("Accessible toilet"),
    "parking": _l("Parking"),
}


class Form(FlaskForm):
    # CSRFProtect checks every POST for the whole app; templates add the token by hand.
    class Meta:
        csrf = False


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _too_long(limit: int) -> Length:
    return Length(max=limit, message=_l("This must be %(limit)s characters or fewer",
                                        limit=f"{limit:,}"))


class DateInput(GovTextInput):
    """A date picker in browsers that have one; elsewhere a box that takes 17/3/2026 too."""

    input_type = "date"


class TimeInput(GovTextInput):
    input_type = "time"


class SmallCheckboxes(GovCheckboxesInput):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["classes"] = "govuk-checkboxes--small"
        params["fieldset"]["legend"]["classes"] = "govuk-fieldset__legend--s"
        if not field.description:
            params.pop("hint")
        return params


class SingleCheckbox(GovCheckboxInput):
    """One checkbox with its hint under its label, not above the box."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        hint = params.pop("hint", None)
        if hint and hint.get("text"):
            params["items"][0]["hint"] = hint
        return params


class Radios(GovRadioInput):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["fieldset"]["legend"]["classes"] = "govuk-fieldset__legend--s"
        if not field.description:
            params.pop("hint")
        return params


def read_date(text: str | None) -> dt.date | None:
    """17/3/2026, 17-03-2026 or 2026-03-17 (what a date picker sends); None if not a date."""
    text = " ".join((text or "").split())
    for pattern in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        # Far-off years are typing mistakes, and the day before 1/1/1 cannot be worked out.
        return day if 1900 <= day.year <= 2200 else None
    return None


def read_time(text: str | None) -> dt.time | None:
    match = TIME.fullmatch((text or "").strip())
    return dt.time(int(match.group(1)), int(match.group(2))) if match else None


def read_whole_number(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 6 else None


def _date_field(label, hint=None) -> StringField:
    return StringField(label, description=hint or _l("For example, 17/3/2026"),
                       filters=[_strip], widget=DateInput(),
                       render_kw={"params": {"classes": "govuk-input--width-10"}})


def _number_field(label, hint=None) -> StringField:
    return StringField(label, description=hint or "", filters=[_strip], widget=GovTextInput(),
                       render_kw={"inputmode": "numeric",
                                  "params": {"classes": "govuk-input--width-3"}})


def _time_field(label, hint) -> StringField:
    return StringField(label, description=hint, filters=[_strip], widget=TimeInput(),
                       render_kw={"params": {"classes": "govuk-input--width-10"}})


# ---- staff --------------------------------------------------------------------------------

class WalkInForm(Form):
    name = StringField(_l("Their name"), filters=[_strip], widget=GovTextInput(),
                       validators=[DataRequired(_l("Enter the person’s name")), _too_long(200)],
                       render_kw={"autocomplete": "off"})
    phone = StringField(_l("Phone number (optional)"), filters=[_strip], widget=GovTextInput(),
                        validators=[_too_long(50)],
                        render_kw={"autocomplete": "off", "type": "tel",
                                   "params": {"classes": "govuk-input--width-20"}})
    time = RadioField(_l("Time"), choices=[], widget=Radios(), validate_choice=False,
                      validators=[DataRequired(_l("Choose a time"))])
    submit = SubmitField(_l("Add the walk-in"), widget=GovSubmitInput())

    def validate_time(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_("That time is full now. Choose another time."))

    def chosen_time(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.time.data)


class CancelForm(Form):
    reason = TextAreaField(
        _l("Why is it cancelled?"),
        description=_l("If they gave an e-mail address, we send them this reason."),
        filters=[_strip], widget=GovTextArea(),
        validators=[DataRequired(_l("Enter why the appointment is cancelled")),
                    _too_long(1000)])
    submit = SubmitField(_l("Cancel the appointment"), widget=GovSubmitInput())


class CountsForm(Form):
    """The date range of the counts: a GET form, so the page can be bookmarked."""

    start = _date_field(_l("From"))
    end = _date_field(_l("To"))

    def validate_start(self, field) -> None:
        if read_date(field.data) is None:
            raise ValidationError(_("Enter a real date, like 17/3/2026"))

    def validate_end(self, field) -> None:
        end = read_date(field.data)
        if end is None:
            raise ValidationError(_("Enter a real date, like 17/3/2026"))
        start = read_date(self.start.data)
        if start and end < start:
            raise ValidationError(_("The end date must be on or after the start date"))


# ---- the coordinator ----------------------------------------------------------------------

class VenueForm(Form):
    name = StringField(_l("Name of the venue"), filters=[_strip], widget=GovTextInput(),
                       description=_l("For example, Acomb Library"),
                       validators=[DataRequired(_l("Enter the name of the venue")),
                                   _too_long(255)])
    address = TextAreaField(_l("Address"), filters=[_strip], widget=GovTextArea(),
                            description=_l("Without the postcode"),
                            validators=[DataRequired(_l("Enter the address of the venue")),
                                        _too_long(500)], render_kw={"params": {"rows": 3}})
    postcode = StringField(_l("Postcode"), filters=[_strip], widget=GovTextInput(),
                           render_kw={"params": {"classes": "govuk-input--width-10"}})
    how_to_get_there = TextAreaField(
        _l("How to get there (optional)"), filters=[_strip], widget=GovTextArea(),
        description=_l("Buses, parking, which door to use, where to wait"),
        validators=[_too_long(2000)])
    accessibility = SelectMultipleField(_l("At this venue"), choices=list(ACCESSIBILITY.items()),
                                        widget=SmallCheckboxes())
    accessibility_notes = TextAreaField(
        _l("More about access (optional)"), filters=[_strip], widget=GovTextArea(),
        description=_l("For example, the lift, seating, or a quiet room"),
        validators=[_too_long(2000)])
    service_id = SelectField(_l("Its listing in the directory (optional)"), choices=[],
                             widget=GovSelect(),
                             description=_l("So people who find the listing can book here"))
    active = BooleanField(
        _l("Open for booking"), widget=SingleCheckbox(), default=True,
        description=_l("Untick to stop new bookings here. Existing bookings stay."))
    submit = SubmitField(_l("Save the venue"), widget=GovSubmitInput())

    def validate_postcode(self, field) -> None:
        if not field.data:
            raise ValidationError(_("Enter the postcode of the venue"))
        if not FULL_POSTCODE.fullmatch(normalise_postcode(field.data)):
            raise ValidationError(_("Enter a full postcode, like %(example)s",
                                    example=current_app.config["POSTCODE_EXAMPLE"]))


class SessionForm(Form):
    weekday = SelectField(_l("Day of the week"), widget=GovSelect(),
                          choices=[(str(n), name) for n, name in enumerate(WEEKDAYS)])
    starts = _time_field(_l("Starts"), _l("For example, 10:00"))
    ends = _time_field(_l("Ends"), _l("For example, 13:00"))
    appointment_minutes = _number_field(_l("Length of each appointment, in minutes"),
                                        _l("For example, 30"))
    staff = _number_field(_l("How many staff"),
                          _l("How many appointments can happen at the same time"))
    valid_from = _date_field(_l("First day (optional)"),
                             _l("Leave empty to start now. For example, 17/3/2026"))
    valid_until = _date_field(_l("Last day (optional)"),
                              _l("Leave empty to carry on every week. For example, 31/7/2026"))
    submit = SubmitField(_l("Save the session"), widget=GovSubmitInput())

    def validate_starts(self, field) -> None:
        if read_time(field.data) is None:
            raise ValidationError(_("Enter the start time, like 10:00"))

    def validate_ends(self, field) -> None:
        ends, starts = read_time(field.data), read_time(self.starts.data)
        if ends is None:
            raise ValidationError(_("Enter the end time, like 13:00"))
        if starts and ends <= starts:
            raise ValidationError(_("The end time must be after the start time"))

    def validate_appointment_minutes(self, field) -> None:
        minutes = read_whole_number(field.data)
        if minutes is None or not 5 <= minutes <= 240:
            raise ValidationError(_("Enter the length in minutes, from 5 to 240"))
        starts, ends = read_time(self.starts.data), read_time(self.ends.data)
        if starts and ends and ends > starts:
            length = (dt.datetime.combine(dt.date.min, ends)
                      - dt.datetime.combine(dt.date.min, starts))
            if dt.timedelta(minutes=minutes) > length:
                raise ValidationError(_("A %(minutes)s-minute appointment does not fit between "
                                        "the start and end times", minutes=minutes))

    def validate_staff(self, field) -> None:
        staff = read_whole_number(field.data)
        if staff is None or not 1 <= staff <= 50:
            raise ValidationError(_("Enter how many staff, from 1 to 50"))

    def validate_valid_from(self, field) -> None:
        if field.data and read_date(field.data) is None:
            raise ValidationError(_("Enter a real date, like 17/3/2026, or leave it empty"))

    def validate_valid_until(self, field) -> None:
        if not field.data:
            return
        until = read_date(field.data)
        if until is None:
            raise ValidationError(_("Enter a real date, like 31/7/2026, or leave it empty"))
        since = read_date(self.valid_from.data)
        if since and until < since:
            raise ValidationError(_("The last day must be on or after the first day"))

    def fill(self, session) -> None:
        session.weekday = int(self.weekday.data)
        session.starts = read_time(self.starts.data)
        session.ends = read_time(self.ends.data)
        session.appointment_minutes = read_whole_number(self.appointment_minutes.data)
        session.staff = read_whole_number(self.staff.data)
        session.valid_from = read_date(self.valid_from.data)
        session.valid_until = read_date(self.valid_until.data)

    @classmethod
    def of(cls, session) -> "SessionForm":
        """The form filled in from a saved session."""
        return cls(formdata=None, data={
            "weekday": str(session.weekday), "starts": f"{session.starts:%H:%M}",
            "ends": f"{session.ends:%H:%M}",
            "appointment_minutes": str(session.appointment_minutes),
            "staff": str(session.staff),
            "valid_from": session.valid_from.isoformat() if session.valid_from else "",
            "valid_until": session.valid_until.isoformat() if session.valid_until else ""})


class ClosureForm(Form):
    venue_id = SelectField(_l("Where"), choices=[], widget=GovSelect())
    day = _date_field(_l("Date"))
    reason = StringField(_l("Reason"), filters=[_strip], widget=GovTextInput(),
                         description=_l("Staff see this, and people whose bookings you cancel"),
                         validators=[DataRequired(_l("Enter why it is closed")),
                                     _too_long(255)])
    submit = SubmitField(_l("Add the closure"), widget=GovSubmitInput())

    def validate_day(self, field) -> None:
        day = read_date(field.data)
        if day is None:
            raise ValidationError(_("Enter a real date, like 17/3/2026"))


class ContactForm(Form):
    """Cancel some of the bookings that no longer fit, telling each person why."""

    chosen = SelectMultipleField(_l("Bookings to cancel"), choices=[], widget=SmallCheckboxes(),
                                 validate_choice=False,
                                 validators=[DataRequired(_l("Choose at least one booking"))])
    reason = TextAreaField(
        _l("Why are they cancelled?"),
        description=_l("Each person who gave an e-mail address is sent this reason."),
        filters=[_strip], widget=GovTextArea(),
        validators=[DataRequired(_l("Enter why the appointments are cancelled")),
                    _too_long(1000)])
    submit = SubmitField(_l("Cancel the chosen bookings"), widget=GovSubmitInput())
