"""The upload form; confirming an import reuses the moderators' ConfirmForm."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField


class UploadForm(FlaskForm):
    file = FileField(_l("CSV file"), widget=GovFileInput(),
                     description=_l("A file made by “Download CSV” above, edited in a "
                                    "spreadsheet and saved as CSV (UTF-8)."),
                     validators=[FileRequired(_l("Choose the CSV file to import"))])
    submit = SubmitField(_l("Check the file"), widget=GovSubmitInput())
