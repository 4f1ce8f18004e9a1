"""Dates written and amounts read the reader's way, whatever their language."""

import datetime as dt
from decimal import Decimal as D

import pytest
from flask import render_template_string
from flask_babel import force_locale

from hub.booklets.pdf import entries
from hub.core.dates import local_date, long_date, long_datetime
from hub.core.numbers import plain_amount, plain_number
from hub.funding.forms import read_answers
from hub.funding.rules import MoneyError, parse_money
from hub.listings.forms import CostRow, read_languages
from hub.talking_points.calendar import day_heading, when_text
from tests.conftest import build_app, shown_in

DAY = dt.date(2026, 11, 24)  # a Tuesday


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return build_app(tmp_path_factory.mktemp("app"))


def in_language(app, code: str):
    return app.test_request_context(f"/?lang={code}")


@pytest.mark.parametrize(("code", "written"), [
    ("en", "24 November 2026"),  # the UK's order, not Babel's American "November 24, 2026"
    ("pl", "24 listopada 2026"),
    ("zh", "2026年11月24日"),  # not "24 十一月 2026"
    ("ar", "24 نوفمبر 2026"),
    ("ro", "24 noiembrie 2026"),
    ("pt", "24 de novembro de 2026"),
])
def test_long_dates_follow_the_readers_language(app, code, written):
    with in_language(app, code):
        assert render_template_string("{{ day | long_date }}", day=DAY) == written
        assert long_date(DAY) == written
        assert entries.long_date(DAY) == written  # the printed booklet writes them the same


@pytest.mark.parametrize(("code", "full", "heading", "short"), [
    ("en", "Tuesday 24 November 2026", "Tuesday 24 November", "Tue 24 Nov"),
    ("pl", "wtorek, 24 listopada 2026", "wtorek, 24 listopada", "wt., 24 lis"),
    ("zh", "2026年11月24日星期二", "11月24日星期二", "11月24日周二"),
    ("ar", "الثلاثاء، 24 نوفمبر 2026", "الثلاثاء، 24 نوفمبر", "الثلاثاء، 24 نوفمبر"),
])
def test_days_with_their_weekday_follow_the_readers_language(app, code, full, heading, short):
    with in_language(app, code):
        assert local_date(DAY, "full") == full
        assert local_date(DAY, "day") == heading
        assert local_date(DAY, "short_day") == short


def test_appointment_times_keep_the_24_hour_clock_in_every_language(app):
    moment = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC)  # GMT in November
    with in_language(app, "zh"):
        assert day_heading(moment) == "11月24日星期二"
        assert "2026年11月24日星期二" in when_text(moment) and "10:30" in when_text(moment)
    with in_language(app, "en"):
        assert day_heading(moment) == "Tuesday 24 November"
        assert when_text(moment) == "Tuesday 24 November 2026 at 10:30"
        assert long_datetime(dt.datetime(2026, 7, 1, 13, 5, tzinfo=dt.UTC)) == "1 July 2026, 13:05"
    with in_language(app, "pl"):
        assert long_datetime(dt.datetime(2026, 7, 1, 13, 5, tzinfo=dt.UTC)) == "1 lipca 2026, 13:05"


def test_a_booklet_in_another_language_dates_itself_in_that_language(app):
    with in_language(app, "en"), force_locale("ro"):
        assert entries.long_date(DAY) == "24 noiembrie 2026"


@pytest.mark.parametrize(("code", "typed", "amount"), [
    ("pl", "12.500", D(12500)),  # a point groups thousands in Polish: not £12.50
    ("pl", "12 500,50", D("12500.50")),
    ("ro", "12 500,50", D("12500.50")),
    ("ro", "12.500,50", D("12500.50")),
    ("pt", "£12.500", D(12500)),
    ("pt", "12\u00a0500", D(12500)),  # a no-break space, as some keyboards type
    ("pl", "12,50", D("12.50")),
    ("pl", "12.50", D("12.50")),  # two digits after it: pence, however written
    ("pl", "12,500.50", D("12500.50")),  # written the English way
    ("pl", "1.250.000", D(1250000)),
    ("en", "£12,500", D(12500)),
    ("en", "£12,500.50", D("12500.50")),
    ("en", " 1 000 ", D(1000)),
    ("zh", "12,500.50", D("12500.50")),
    ("zh", "１２，５００", D(12500)),  # full-width, as a Chinese keyboard may type
    ("ar", "١٢٬٥٠٠٫٥٠", D("12500.50")),  # Arabic-Indic digits and separators
])
def test_money_is_read_the_readers_way(app, code, typed, amount):
    with in_language(app, code):
        assert parse_money(typed) == amount
    with in_language(app, "en"):
        assert parse_money(typed, locale=code) == amount


AS_A_NUMBER = "Enter an amount as a number, like 12,500 or 12,500.50"


@pytest.mark.parametrize(("code", "typed", "message"), [
    ("pl", "1.23.456", AS_A_NUMBER), ("ro", "12,500,50", AS_A_NUMBER),
    ("pl", "", "Enter an amount in pounds, like 12,500"),
    ("pl", "-5", "Enter an amount of 0 or more"),
    ("en", "1.234", "Enter an amount in pounds and pence, like 12,500.50"),
])
def test_money_we_cannot_read_gets_a_plain_message(app, code, typed, message):
    with in_language(app, code):
        with pytest.raises(MoneyError) as raised:
            parse_money(typed)
        assert str(raised.value) == shown_in(code, message)


def test_english_reading_of_money_is_unchanged(app):
    with in_language(app, "en"):
        assert plain_number("£12,500.50") == "12500.50"
        assert plain_number("12.500") == "12.500"  # a point is the pence in English
        assert plain_number("12,50") == "1250"  # as before: commas only group


def test_checker_answers_travel_as_plain_numbers_so_a_language_switch_keeps_them(app):
    with in_language(app, "pl"):
        form = read_answers({"care": "home", "savings": "12.500,50"})
        assert form.answers.savings == D("12500.50")
        carried = form.args()["savings"]
    assert carried == "12500.50"
    with in_language(app, "en"):
        assert read_answers({"care": "home", "savings": carried}).answers.savings == D("12500.50")
    assert plain_amount(D(12500)) == "12500"


def test_the_savings_calculator_reads_polish_amounts(app, page):
    checked = page(app.test_client(), "/tools/savings-calculator?lang=pl&capital=50.000"
                   "&weekly_cost=1.200&weekly_income=300"
                   "&start-day=6&start-month=4&start-year=2026")
    # The same worked example as in English: the limit is reached in week 30.
    assert "2 listopada 2026" in checked and "3 sierpnia 2026" in checked


def test_a_listing_cost_is_read_the_contributors_way(app):
    with in_language(app, "pl"):
        row = CostRow(data={"option": "Obiad", "amount": "4,50"})
        assert row.validate() and row.snapshot()["amount"] == "4.50"
    with in_language(app, "en"):
        row = CostRow(data={"option": "Lunch", "amount": "£4.5"})
        assert row.validate() and row.snapshot()["amount"] == "4.50"


@pytest.mark.parametrize(("code", "typed"), [
    ("en", "Polish, Arabic"),
    ("zh", "波兰语，阿拉伯语"),  # a full-width comma
    ("zh", "波兰语、阿拉伯语"),  # the enumeration comma
    ("ar", "البولندية، العربية"),  # the Arabic comma
    ("en", "Polish；Arabic"),
])
def test_languages_spoken_split_on_every_scripts_commas(app, code, typed):
    with in_language(app, code):
        assert read_languages(typed) == (["pl", "ar"], [])
