"""The checker and calculator pages, driven the way a browser with JavaScript off would."""

import re
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, inspect, select

from hub.extensions import db
from tests.page_quality import NS

START = "/tools/care-funding-checker"


def submit(client, page, checked_page, fill: dict[str, str], status=200):
    """Submit the page's GET form as a browser would: its hidden inputs plus what we fill."""
    forms = checked_page.document.findall(f".//{{{NS}}}form")
    form = next(f for f in forms if f.get("method") == "get" and "/tools/" in f.get("action"))
    fields = {}
    for element in form.findall(f".//{{{NS}}}input"):
        if element.get("type") == "hidden":
            fields[element.get("name")] = element.get("value")
    fields.update(fill)
    url = f"{form.get('action')}?{urlencode(fields)}"
    response = client.get(url)
    while response.status_code == 302:
        url = response.headers["Location"]
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return page(client, url, status), url


def walk(client, page, answers: list[tuple[str, str]]):
    start = page(client, START)
    assert "2026/27" in start
    current = page(client, start.links()["Start now"])
    for name, value in answers:
        current, url = submit(client, page, current, {name: value})
    return current, url


def test_care_home_journey_with_the_home_counted(client, page):
    check, _ = walk(client, page, [
        ("care", "care-home"), ("own_home", "yes"), ("someone_at_home", "no"),
        ("home_value", "£200,000"), ("mortgage", "20,000"), ("savings", "10000")])
    assert check.h1 == "Check your answers"
    assert "£200,000" in check and "Change" in check
    result, _url = submit(client, page, check, {})
    assert result.h1 == "You are likely to pay the full cost of your care"
    assert "£170,000" in result  # 180,000 (less 10% selling costs) - 20,000 + 10,000
    assert "first 12 weeks" in result
    assert "less 10% for the costs of selling" in result
    assert "deferred payment agreement" in result
    assert "This is an estimate, not a decision" in result
    assert "2026/27" in result
    links = result.links()
    assert links["needs assessment"] == "/guides/care-needs-assessment"
    assert links["Read about paying for a care home"] == "/guides/paying-for-a-care-home"
    assert links["Talk to someone at a Talking Point"] == "/guides/talking-points"


def test_partner_at_home_skips_the_value_questions(client, page):
    check, _ = walk(client, page, [
        ("care", "care-home"), ("own_home", "yes"), ("someone_at_home", "yes"),
        ("savings", "18000")])
    assert check.h1 == "Check your answers"
    assert "worth" not in check.text
    result, _ = submit(client, page, check, {})
    assert result.h1 == "You may get help from the council"
    assert "Not counted. The council does not count your home" in result
    assert "You have £3,750 above £14,250" in result
    assert "rounded up, is 15, so your tariff income is £15 a week" in result


def test_care_at_home_journey_below_the_lower_limit(client, page):
    check, _ = walk(client, page, [("care", "home"), ("savings", "14250")])
    result, _ = submit(client, page, check, {})
    assert result.h1 == "The council is likely to pay most of the cost of your care"
    assert "you will still pay towards your care from your income" in result
    assert result.links()["Read about paying for care at home"] == "/guides/paying-for-care-at-home"
    assert "Contact the council now" in result


def test_a_question_left_unanswered_says_so_and_keeps_earlier_answers(client, page):
    first = page(client, f"{START}/care-type")
    own_home, _ = submit(client, page, first, {"care": "care-home"})
    assert own_home.h1 == "Do you own your home?"
    error, url = submit(client, page, own_home, {}, status=400)
    assert "There is a problem" in error
    assert "Select yes if you own your home" in error
    assert "care=care-home" in url  # the first answer is still carried
    assert error.links()["Back"].startswith(f"{START}/care-type?care=care-home")


def test_a_bad_amount_is_explained_and_kept(client, page):
    url = (f"{START}/savings?care=home&savings=lots&continue=yes")
    checked = page(client, url, status=400)
    assert "Enter an amount as a number" in checked
    assert 'value="lots"' in checked.html
    assert checked.document.find(f".//{{{NS}}}title").text.startswith("Error:")


def test_back_links_keep_the_answers(client, page):
    checked = page(client, f"{START}/savings?care=care-home&own_home=no")
    # The previous answer travels back too, so its radio is already chosen.
    assert checked.links()["Back"] == f"{START}/own-home?care=care-home&own_home=no"
    assert "checked" in page(client, checked.links()["Back"]).html


def test_changing_an_answer_returns_to_check_your_answers(client, page):
    check = page(client, f"{START}/check-answers?care=home&savings=5000")
    change = check.links()["Change Where will you get care?"]
    question = page(client, change)
    # Moving to a care home asks the new questions, then comes back to check answers.
    own_home, _ = submit(client, page, question, {"care": "care-home"})
    assert own_home.h1 == "Do you own your home?"
    back, _ = submit(client, page, own_home, {"own_home": "no"})
    assert back.h1 == "Check your answers"
    assert "£5,000" in back


def test_result_with_missing_answers_goes_back_to_the_question(client):
    response = client.get(f"{START}/result?care=care-home&savings=100")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{START}/own-home")
    assert client.get(f"{START}/no-such-question").status_code == 404


def test_nothing_is_stored(client, page, app):
    # Insights keep anonymous counts of every public page by design (hub/insights), and
    # the day's salt; nothing about the answers. Everything else must stay as it was.
    counts = {t: db.session.scalar(select(func.count()).select_from(db.metadata.tables[t]))
              for t in inspect(db.engine).get_table_names()
              if t in db.metadata.tables and not t.startswith("insight_")}
    _, url = walk(client, page, [("care", "home"), ("savings", "30000")])
    responses = [client.get(url), client.get(f"{START}/result?care=home&savings=30000"),
                 client.get("/tools/savings-calculator?capital=50000&weekly_cost=1200"
                            "&weekly_income=300")]
    for response in responses:
        assert "Set-Cookie" not in response.headers
    assert client.get_cookie("session") is None
    after = {t: db.session.scalar(select(func.count()).select_from(db.metadata.tables[t]))
             for t in counts}
    assert after == counts


CALCULATOR = "/tools/savings-calculator"


def test_calculator_worked_example_with_chart_and_table_agreeing(client, page):
    checked = page(client, f"{CALCULATOR}?capital=50000&weekly_cost=1200&weekly_income=300"
                           "&start-day=6&start-month=4&start-year=2026")
    assert "£900 a week" in checked
    assert "In week 30, around 2 November 2026" in checked
    assert "By 3 August 2026, about 13 weeks (3 months) before" in checked
    assert "This is an estimate, not a decision" in checked
    assert "2026/27" in checked
    svg = checked.html[checked.html.index("<svg xmlns"):checked.html.index("</svg>")]
    assert 'role="img"' in svg and "<desc" in svg
    chart = re.findall(r"<title>Week (\d+): ([^<]+)</title>", svg)
    table = checked.document.find(f".//{{{NS}}}table")
    rows = [[" ".join("".join(c.itertext()).split()) for c in row]
            for row in table.findall(f".//{{{NS}}}tbody/{{{NS}}}tr")]
    assert [(week, amount) for week, _date, amount in rows] == chart
    assert chart[0] == ("0", "£50,000") and chart[-1] == ("30", "£23,000")
    assert len(chart) == 9


@pytest.mark.parametrize(("query", "says"), [
    ("capital=50000&weekly_cost=1200&weekly_income=1200", "your savings will not fall"),
    ("capital=23250&weekly_cost=1200&weekly_income=300", "Contact the council now"),
    ("capital=30000&weekly_cost=1000&weekly_income=0", "Now: that is less than 13 weeks away"),
    ("capital=10000000&weekly_cost=100&weekly_income=99", "more than 30 years"),
])
def test_calculator_special_cases(client, page, query, says):
    checked = page(client, f"{CALCULATOR}?{query}")
    assert says in checked
    if "years" in says or "not fall" in says:
        assert "<svg xmlns" not in checked.html


def test_calculator_bad_input_gets_plain_messages_and_keeps_it(client, page):
    checked = page(client, f"{CALCULATOR}?capital=lots&weekly_cost=-5&weekly_income=999999999"
                           "&start-day=31&start-month=2&start-year=2026", status=400)
    assert "There is a problem" in checked
    for message in ("Enter an amount as a number", "Enter an amount of 0 or more",
                    "Enter an amount less than", "Enter a real date"):
        assert message in checked
    for kept in ('value="lots"', 'value="-5"', 'value="999999999"', 'value="31"'):
        assert kept in checked.html
    missing = page(client, f"{CALCULATOR}?capital=50000", status=400)
    assert "Enter how much your care costs each week" in missing


def test_calculator_empty_form_and_pages_have_no_inline_script_or_style(client, page):
    for url in (CALCULATOR, START, f"{START}/care-type",
                f"{CALCULATOR}?capital=50000&weekly_cost=1200&weekly_income=300"):
        checked = page(client, url)
        assert "style=" not in checked.html
        assert "<script>" not in checked.html
