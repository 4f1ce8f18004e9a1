"""Report a problem with a listing (anyone), and resolve reports (contributors, moderators)."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
