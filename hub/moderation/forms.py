"""The moderators' forms. Each decision carries the revision the moderator was looking at."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput


def _strip(text: str | None) -> str | None:
    return text.strip() if text else text


class DecisionForm(FlaskForm):
    """Approve (or publish) a change as it was when the page was loaded."""

    revision = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class SendBackForm(DecisionForm):
    reason = TextAreaField(
        _l("Why are you sending it back?"),
        description=_l("The contributor sees this in an e-mail and on their change. Say what "
                       "needs to change."),
        widget=GovTextArea(),
        filters=[_strip],
        validators=[DataRequired(_l("Enter why you are sending the change back")),
                    Length(max=5000, message=_l("Keep the reason under 5,000 characters"))],
    )
    submit = SubmitField(_l("Send back"), widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button that only works with this session's CSRF token."""


class TrustedForm(FlaskForm):
    # The hint belongs to the one checkbox, not to a group around it.
    trusted = BooleanField(
        _l("Trusted: publish changes without review"), widget=GovCheckboxInput(),
        render_kw={"params": {"hint": None, "items": [{"hint": {"text": _l(
            "Changes from this organisation go live as soon as they are sent. Every change "
            "is still kept in the listing's history.")}}]}})
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class FindListingForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Listing name"), widget=GovTextInput(),
                    description=_l("Part of the name is enough. Withdrawn listings are included."))
