"""Account forms: GOV.UK widgets, plain-English messages, passwords never sent back."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovPasswordInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput

from hub.accounts.operations import EMAIL_PATTERN
from hub.accounts.passwords import password_problem


def _tidy_email(value: str | None) -> str | None:
    return value.strip().lower() if value else value


class HubPasswordInput(GovPasswordInput):
    """GOV.UK password input with its show/hide button text translated."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.update(showPasswordText=_l("Show"), hidePasswordText=_l("Hide"),
                      showPasswordAriaLabelText=_l("Show password"),
                      hidePasswordAriaLabelText=_l("Hide password"),
                      passwordShownAnnouncementText=_l("Your password is visible"),
                      passwordHiddenAnnouncementText=_l("Your password is hidden"))
        return params


class Form(FlaskForm):
    # CSRFProtect checks every POST for the whole app, and templates add the token by hand
    # (a WTForms token field would give every form on a page the same id).
    class Meta:
        csrf = False

    def fail(self, field, message: str) -> None:
        """Add an error found after validation (e.g. a wrong password)."""
        field.errors = [*field.errors, message]
        self._errors = None  # WTForms caches the error summary


def email_field(label=_l("Email address")) -> StringField:
    return StringField(
        label, filters=[_tidy_email], widget=GovTextInput(),
        validators=[DataRequired(_l("Enter your email address")),
                    Length(max=255, message=_l("Email address must be 255 characters or fewer")),
                    Regexp(EMAIL_PATTERN, message=_l(
                        "Enter an email address in the correct format, like name@example.com"))],
        render_kw={"type": "email", "autocomplete": "email", "spellcheck": "false"})


def password_field(label, autocomplete: str, missing, *more, hint=None) -> PasswordField:
    return PasswordField(label, description=hint, widget=HubPasswordInput(),
                         validators=[DataRequired(missing), *more],
                         render_kw={"params": {"autocomplete": autocomplete}})


class SignInForm(Form):
    email = email_field()
    password = password_field(_l("Password"), "current-password", _l("Enter your password"))
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class CodeForm(Form):
    code = StringField(
        _l("Code from your authenticator app"), widget=GovTextInput(),
        description=_l("The 6-digit code the app shows now, for example 123456"),
        validators=[DataRequired(_l("Enter the 6-digit code from your app"))],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                   "spellcheck": "false", "params": {"classes": "govuk-input--width-5"}})
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class NewPasswordForm(Form):
    password = password_field(
        _l("New password"), "new-password", _l("Enter a new password"),
        hint=_l("At least 8 characters. A few words you will remember make a good password."))
    confirm = password_field(_l("Type the new password again"), "new-password",
                             _l("Type the new password again"),
                             EqualTo("password", message=_l("The two passwords do not match")))
    submit = SubmitField(_l("Save password"), widget=GovSubmitInput())

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email  # a password that is just the e-mail address is refused

    def validate_password(self, field) -> None:
        problem = password_problem(field.data or "", email=self.email)
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(NewPasswordForm):
    current_password = password_field(_l("Current password"), "current-password",
                                      _l("Enter your current password"))


class ForgotPasswordForm(Form):
    email = email_field()
    submit = SubmitField(_l("Send me a link"), widget=GovSubmitInput())


class InviteForm(Form):
    email = email_field(_l("Their email address"))
    name = StringField(_l("Their full name"), widget=GovTextInput(),
                       validators=[DataRequired(_l("Enter their name")), Length(max=255)],
                       render_kw={"autocomplete": "off", "spellcheck": "false"})
    # operations.invite checks the organisation, with a message that says why.
    organisation = SelectField(_l("Organisation"), widget=GovSelect(), choices=[],
                               validate_choice=False)
    roles = SelectMultipleField(
        _l("Roles"), description=_l("Only for the directory team and Talking Point staff"),
        widget=GovCheckboxesInput(), option_widget=CheckboxInput(), choices=[])
    submit = SubmitField(_l("Send invitation"), widget=GovSubmitInput())


class JoinForm(Form):
    organisation = SelectField(_l("Your organisation, if it is listed already"),
                               widget=GovSelect(), choices=[], validators=[Optional()])
    new_organisation = StringField(
        _l("Or the name of your organisation, if it is not listed"), widget=GovTextInput(),
        filters=[lambda value: value.strip() if value else value],
        validators=[Length(max=255)])
    name = StringField(_l("Your full name"), widget=GovTextInput(),
                       validators=[DataRequired(_l("Enter your name")), Length(max=255)],
                       render_kw={"autocomplete": "name", "spellcheck": "false"})
    email = email_field(_l("Your work email address"))
    job_title = StringField(_l("Your job title or role"), widget=GovTextInput(),
                            description=_l("For example, volunteer coordinator"),
                            validators=[Length(max=255)],
                            render_kw={"autocomplete": "organization-title"})
    message = TextAreaField(_l("Anything else we should know (optional)"),
                            widget=GovTextArea(), validators=[Length(max=2000)],
                            description=_l("For example, what your organisation does"))
    submit = SubmitField(_l("Send request"), widget=GovSubmitInput())

    def validate_new_organisation(self, field) -> None:
        if bool(field.data) == bool(self.organisation.data):
            raise ValidationError(_l("Choose your organisation from the list, or type its "
                                     "name if it is not listed (not both)"))


class DecisionForm(Form):
    """One per join request; its prefix (the request id) keeps ids unique on the page."""

    reason = TextAreaField(_l("Reason, if you decline"), widget=GovTextArea(),
                           description=_l("We send this to the person who asked"),
                           validators=[Length(max=2000)])
    approve = SubmitField(_l("Approve and invite"), widget=GovSubmitInput())
    decline = SubmitField(_l("Decline"), widget=GovSubmitInput())

    def validate_reason(self, field) -> None:
        if self.decline.data and not (field.data or "").strip():
            raise ValidationError(_l("Say why you are declining this request"))


class UserForm(Form):
    roles = SelectMultipleField(_l("Roles"), widget=GovCheckboxesInput(),
                                option_widget=CheckboxInput(), choices=[])
    organisations = SelectMultipleField(
        _l("Organisations"), description=_l("Untick an organisation to remove them from it"),
        widget=GovCheckboxesInput(), option_widget=CheckboxInput(), choices=[])
    active = BooleanField(_l("This person can sign in"), widget=GovCheckboxInput(),
                          description=_l("Untick to close the account and sign them out"))
    submit = SubmitField(_l("Save changes"), widget=GovSubmitInput())


class TwoFactorOnForm(CodeForm):
    submit = SubmitField(_l("Turn on two-factor sign-in"), widget=GovSubmitInput())


class TwoFactorOffForm(Form):
    password = password_field(_l("Your password"), "current-password",
                              _l("Enter your password"))
    submit = SubmitField(_l("Turn off two-factor sign-in"), widget=GovSubmitInput())
