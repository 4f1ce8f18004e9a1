"""The report form (anyone) and the resolve form (contributors and moderators)."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from hub.reports.models import REASON_LABELS, ReportReason

# Enough to catch a typing slip; the reply e-mail is the real test of an address.
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _strip(value: str | None) -> str:
    return (value or "").strip()


class ReportForm(FlaskForm):
    reason = RadioField(
        _l("What is wrong?"),
        choices=[(reason.value, label) for reason, label in REASON_LABELS.items()],
        validators=[InputRequired(_l("Select what is wrong with this listing"))],
        widget=GovRadioInput(),
    )
    details = TextAreaField(
        _l("Tell us more"),
        description=_l("For example, the right phone number or the date it closed. "
                       "Do not include personal or medical details."),
        filters=[_strip],
        validators=[Length(max=2000, message=_l("Tell us more in 2,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    name = StringField(
        _l("Your name (optional)"),
        filters=[_strip],
        validators=[Length(max=255, message=_l("Enter a name in 255 characters or fewer"))],
        widget=GovTextInput(),
    )
    email = StringField(
        _l("Your email address (optional)"),
        description=_l("We only use your name and email address to reply to you about "
                       "this report."),
        filters=[_strip],
        validators=[Length(max=255, message=_l("Enter an email address in 255 characters "
                                               "or fewer"))],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Send report"), widget=GovSubmitInput())

    def validate_details(self, field) -> None:
        if self.reason.data == ReportReason.other.value and not field.data:
            raise ValidationError(_l("Tell us what is wrong with this listing"))

    def validate_email(self, field) -> None:
        if field.data and not EMAIL_SHAPE.fullmatch(field.data):
            raise ValidationError(_l("Enter an email address in the correct format, "
                                     "like name@example.com"))


class ResolveForm(FlaskForm):
    resolution = TextAreaField(
        _l("What did you do?"),
        description=_l("If the person who reported it left an email address, we send "
                       "them this."),
        validators=[DataRequired(_l("Say what you did about this report")),
                    Length(max=2000, message=_l("Say what you did in 2,000 characters "
                                                "or fewer"))],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Mark as resolved"), widget=GovSubmitInput())
