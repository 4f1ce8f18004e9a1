"""Public Talking Point pages: where they are, and booking an appointment (no account)."""

from flask import Blueprint, render_template
from sqlalchemy import select

from hub.extensions import db
from hub.talking_points.models import Venue

bp = Blueprint("talking_points", __name__, url_prefix="/talking-points")


@bp.get("")
def index():
    venues = db.session.scalars(select(Venue).where(Venue.active).order_by(Venue.name)).all()
    return render_template("talking_points/index.html", venues=venues)
