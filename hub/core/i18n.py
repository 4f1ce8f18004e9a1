"""Locale choice and text direction.

A language chosen with ?lang= (the switcher's links, or a shared link) wins and is
remembered in a cookie; then the remembered one; then the browser's languages.
"""

from urllib.parse import urlencode

from babel import Locale
from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur", "ku", "ps", "yi"}
COOKIE = "hub_language"
COOKIE_DAYS = 365


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # commands and background work use the default
        return supported[0]
    for chosen in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if chosen in supported:
            return chosen
    return request.accept_languages.best_match(supported) or supported[0]


def text_direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in RIGHT_TO_LEFT else "ltr"


def language_choices() -> list[dict]:
    """Each hub language named in itself, with a link to this page in it, for the switcher."""
    current = str(get_locale() or "en")
    return [{"code": code, "name": Locale.parse(code).get_display_name(code).capitalize(),
             "current": code == current, "url": _this_page_in(code)}
            for code in current_app.config["LANGUAGES"]]


def _this_page_in(code: str) -> str:
    # From the path, not the endpoint: error pages have none.
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def init_app(app: Flask) -> None:
    @app.after_request
    def remember_language(response):
        chosen = request.args.get("lang")
        if response.mimetype != "text/html":
            return response  # a recording or a PDF in a language is not a choice of language
        if chosen in current_app.config["LANGUAGES"] and chosen != request.cookies.get(COOKIE):
            response.set_cookie(COOKIE, chosen, max_age=COOKIE_DAYS * 24 * 3600,
                                secure=current_app.config["SESSION_COOKIE_SECURE"],
                                httponly=True, samesite="Lax")
        return response
