"""Plain-English error pages; a stack trace never reaches the person."""

import logging

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


def _page(status: int, title: str, message: str):
    return render_template("errors/error.html", status=status, title=title,
                           message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    def not_found(error):
        return _page(404, _("Page not found"),
                     _("If you typed the web address, check it is correct. "
                       "If you pasted the web address, check you copied the entire address."))

    @app.errorhandler(CSRFError)
    def form_expired(error):
        return _page(400, _("Sorry, that form could not be sent"),
                     _("Go back, reload the page and try again. Nothing you typed was saved."))

    @app.errorhandler(HTTPException)
    def other_http_error(error: HTTPException):
        return _page(error.code or 500, _("Sorry, there is a problem"),
                     _("Something went wrong with that request. Go back and try again."))

    @app.errorhandler(Exception)
    def server_error(error):
        log.exception("Unhandled error")  # the log has the trace; the page never does
        return _page(500, _("Sorry, there is a problem with the service"),
                     _("Try again later."))
