"""The settings form: one choice of text size and four on-or-off settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField
from wtforms.validators import AnyOf, InputRequired

from hub.access.preferences import STANDARD_SIZE, TEXT_SIZES, Preferences

TEXT_SIZE_LABELS = {
    "100": (_l("Standard"), _l("The size your browser normally shows.")),
    "125": (_l("Large"), _l("A quarter bigger.")),
    "150": (_l("Larger"), _l("Half as big again.")),
    "200": (_l("Largest"), _l("Twice the standard size.")),
}


class SettingsForm(FlaskForm):
    text_size = RadioField(
        _l("Text size"), choices=[(size, TEXT_SIZE_LABELS[size][0]) for size in TEXT_SIZES],
        default=STANDARD_SIZE, validate_choice=False,
        validators=[InputRequired(_l("Choose a text size")),
                    AnyOf(TEXT_SIZES, message=_l("Choose a text size"))])
    high_contrast = BooleanField(_l("High contrast colours"))
    more_spacing = BooleanField(_l("More space between lines, words and letters"))
    readable_font = BooleanField(_l("A plainer, rounder font"))
    reduce_motion = BooleanField(_l("Stop movement and animation"))
    # Where to go after saving: checked by preferences.safe_back before use.
    back = HiddenField()

    @classmethod
    def showing(cls, chosen: Preferences, back: str | None) -> "SettingsForm":
        return cls(formdata=None, text_size=chosen.text_size,
                   high_contrast=chosen.high_contrast, more_spacing=chosen.more_spacing,
                   readable_font=chosen.readable_font, reduce_motion=chosen.reduce_motion,
                   back=back or "")

    def chosen(self) -> Preferences:
        return Preferences(text_size=self.text_size.data, high_contrast=self.high_contrast.data,
                           more_spacing=self.more_spacing.data,
                           readable_font=self.readable_font.data,
                           reduce_motion=self.reduce_motion.data)
