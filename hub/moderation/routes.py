"""Moderators' pages: queue, review, history."""

from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")
