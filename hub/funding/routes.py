"""The care funding checker and the savings calculator."""

from flask import Blueprint

bp = Blueprint("funding", __name__, url_prefix="/tools")
