"""Locale choice and text direction; the language switcher arrives with the languages issue."""

from flask import current_app, has_request_context, request

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur", "ku", "ps", "yi"}


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # commands and background work use the default
        return supported[0]
    chosen = request.args.get("lang")
    if chosen in supported:
        return chosen
    return request.accept_languages.best_match(supported) or supported[0]


def text_direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in RIGHT_TO_LEFT else "ltr"
