"""Export and import pages for moderators."""

from flask import Blueprint

bp = Blueprint("bulk", __name__, url_prefix="/moderation/bulk")
