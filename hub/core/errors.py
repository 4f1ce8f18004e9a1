"""Plain-English error pages; a stack trace never reaches the person."""

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


API_PATH = "/api/"


def _page(status: int, title: str, message: str, error: Exception | None = None):
    if request.path.startswith(API_PATH):
        # Programs reading the API get JSON, never a page; an HTTP error says what was wrong.
        detail = error.description if isinstance(error, HTTPException) else message
        return jsonify(status=status, message=detail), status
    return render_template("errors/error.html", status=status, title=title,
                           message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    def not_found(error):
        return _page(404, _("Page not found"),
                     _("If you typed the web address, check it is correct. "
                       "If you pasted the web address, check you copied the entire address."),
                     error)

    @app.errorhandler(CSRFError)
    def form_expired(error):
        return _page(400, _("Sorry, that form could not be sent"),
                     _("Go back, reload the page and try again. Nothing you typed was saved."))

    @app.errorhandler(HTTPException)
    def other_http_error(error: HTTPException):
        return _page(error.code or 500, _("Sorry, there is a problem"),
                     _("Something went wrong with that request. Go back and try again."), error)

    @app.errorhandler(Exception)
    def server_error(error):
        log.exception("Unhandled error")  # the log has the trace; the page never does
        return _page(500, _("Sorry, there is a problem with the service"),
                     _("Try again later."))
