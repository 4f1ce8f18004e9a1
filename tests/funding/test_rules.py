"""The funding rules as pure functions, at and around every boundary."""

import datetime as dt
from decimal import Decimal as D

import pytest

from hub.funding.rules import (
    Answers,
    Care,
    HomeTreatment,
    MoneyError,
    Outcome,
    Runway,
    assess,
    load_figures,
    parse_money,
    project_savings,
    questions_for,
    summary,
    tariff_income,
)


@pytest.fixture
def figures(app):
    return load_figures()


def test_the_data_file_holds_every_figure_with_its_year_and_source(figures):
    assert figures.year == "2026/27"
    assert (figures.upper_limit, figures.lower_limit) == (D(23250), D(14250))
    assert (figures.tariff_step, figures.tariff_per_step) == (D(250), D(1))
    assert figures.contact_weeks_before == 13
    assert figures.property_disregard_weeks == 12
    assert any("Charging and Assessment of Resources" in s.title for s in figures.sources)


def at_home(savings: str) -> Answers:
    return Answers(care=Care.at_home, savings=D(savings))


@pytest.mark.parametrize(("savings", "outcome", "tariff"), [
    ("0", Outcome.council_pays_most, 0),
    ("14249.99", Outcome.council_pays_most, 0),
    ("14250", Outcome.council_pays_most, 0),
    ("14250.01", Outcome.may_get_help, 1),
    ("14251", Outcome.may_get_help, 1),
    ("14500", Outcome.may_get_help, 1),
    ("14500.01", Outcome.may_get_help, 2),
    ("14501", Outcome.may_get_help, 2),
    ("18000", Outcome.may_get_help, 15),
    ("23249.99", Outcome.may_get_help, 36),
    ("23250", Outcome.may_get_help, 36),
    ("23250.01", Outcome.full_cost, 0),
    ("250000", Outcome.full_cost, 0),
])
def test_outcomes_and_tariff_at_and_around_each_limit(figures, savings, outcome, tariff):
    result = assess(at_home(savings), figures)
    assert result.outcome == outcome
    assert result.tariff == D(tariff)
    assert tariff_income(D(savings), figures) == D(tariff)


def test_care_at_home_never_counts_the_home(figures):
    answers = Answers(care=Care.at_home, own_home=True, someone_at_home=False,
                      home_value=D(300000), mortgage=D(0), savings=D(10000))
    result = assess(answers, figures)
    assert result.home == HomeTreatment.care_at_home
    assert result.capital == D(10000)
    assert result.outcome == Outcome.council_pays_most
    assert "home-value" not in questions_for(answers)


def care_home(savings="10000", own=True, someone=False, value="200000", mortgage="0"):
    return Answers(care=Care.care_home, own_home=own, someone_at_home=someone,
                   home_value=D(value), mortgage=D(mortgage), savings=D(savings))


def test_a_care_home_counts_the_home_less_selling_costs(figures):
    result = assess(care_home(), figures)
    assert result.home == HomeTreatment.counted
    assert result.home_counted == D(180000)  # 200,000 less 10% for selling
    assert result.capital == D(190000)
    assert result.outcome == Outcome.full_cost
    # For the first 12 weeks the home is not counted: savings alone decide.
    assert result.first_weeks_outcome == Outcome.council_pays_most
    assert result.deferred_payment_possible


def test_a_mortgage_reduces_the_value_counted(figures):
    assert assess(care_home(mortgage="50000"), figures).home_counted == D(130000)
    # Negative equity counts as nothing, not as a debt against savings.
    result = assess(care_home(savings="15000", value="100000", mortgage="120000"), figures)
    assert result.home_counted == 0
    assert result.capital == D(15000)
    assert result.outcome == Outcome.may_get_help


def test_a_small_home_share_can_land_between_the_limits(figures):
    # 20,000 less 10% = 18,000; less 4,000 mortgage = 14,000; plus 250.01 savings.
    result = assess(care_home(savings="250.01", value="20000", mortgage="4000"), figures)
    assert result.capital == D("14250.01")
    assert result.outcome == Outcome.may_get_help
    assert result.tariff == 1


@pytest.mark.parametrize("who", ["a partner", "a relative aged 60 or over or disabled"])
def test_the_home_is_disregarded_while_a_partner_or_relative_lives_there(figures, who):
    answers = care_home(someone=True)
    result = assess(answers, figures)
    assert result.home == HomeTreatment.disregarded
    assert result.capital == D(10000)
    assert result.outcome == Outcome.council_pays_most
    assert result.first_weeks_outcome is None
    assert "home-value" not in questions_for(answers)


def test_not_owning_a_home_counts_savings_only(figures):
    result = assess(Answers(care=Care.care_home, own_home=False, savings=D("23250.01")), figures)
    assert result.home == HomeTreatment.not_owned
    assert result.outcome == Outcome.full_cost


def test_savings_above_the_limit_rule_out_a_deferred_payment_for_now(figures):
    result = assess(care_home(savings="30000"), figures)
    assert result.first_weeks_outcome == Outcome.full_cost
    assert not result.deferred_payment_possible


def test_questions_follow_the_answers():
    assert questions_for(Answers()) == ["care-type", "savings"]
    assert questions_for(Answers(care=Care.care_home, own_home=False)) == [
        "care-type", "own-home", "savings"]
    assert questions_for(Answers(care=Care.care_home, own_home=True, someone_at_home=False)) == [
        "care-type", "own-home", "someone-at-home", "home-value", "mortgage", "savings"]


def test_summary_gives_printable_lines_from_raw_answers(app):
    lines = dict(summary({"care": "home", "savings": "18000"}))
    assert lines["Estimate"] == "You may get help from the council"
    assert lines["Tariff income"] == "£15 a week"
    assert "2026/27" in lines["Figures used"]
    assert "estimate, not a decision" in lines["Please note"]


@pytest.mark.parametrize(("text", "amount"), [
    ("12500", D(12500)), ("£12,500.50", D("12500.50")), (" 1 000 ", D(1000)), ("0", D(0))])
def test_amounts_people_type(app, text, amount):
    assert parse_money(text) == amount


@pytest.mark.parametrize(("text", "message"), [
    ("", "Enter an amount"), ("lots", "as a number"), ("-5", "0 or more"),
    ("1.234", "pounds and pence"), ("1e12", "less than"), ("nan", "as a number"),
    ("inf", "as a number")])
def test_amounts_we_cannot_use_get_a_plain_message(app, text, message):
    with pytest.raises(MoneyError, match=message):
        parse_money(text)


START = dt.date(2026, 4, 6)


def test_worked_example_savings_reach_the_limit_in_week_30(figures):
    # (50,000 - 23,250) / (1,200 - 300) = 29.72: the limit is reached in week 30.
    p = project_savings(D(50000), D(1200), D(300), START, figures)
    assert p.kind == Runway.reaches_limit
    assert p.shortfall == D(900)
    assert p.week == 30
    assert p.limit_date == START + dt.timedelta(weeks=30) == dt.date(2026, 11, 2)
    assert p.contact_date == START + dt.timedelta(weeks=17) == dt.date(2026, 8, 3)
    assert not p.contact_now
    assert [pt.week for pt in p.points] == [0, 4, 8, 12, 16, 20, 24, 28, 30]
    assert p.points[0].capital == D(50000)
    assert p.points[-1].capital == D(23000)


def test_worked_example_exact_division_reaches_the_limit_that_week(figures):
    # (32,250 - 23,250) / 500 = 18 weeks exactly; 18 - 13 = week 5 to contact the council.
    p = project_savings(D(32250), D(800), D(300), START, figures)
    assert p.week == 18
    assert p.points[-1].capital == D(23250)
    assert p.contact_date == START + dt.timedelta(weeks=5)


def test_limit_less_than_13_weeks_away_means_contact_now(figures):
    p = project_savings(D(30000), D(1000), D(0), START, figures)  # 6.75 -> week 7
    assert p.week == 7
    assert p.contact_now
    assert p.contact_date == START


@pytest.mark.parametrize("income", [D(1200), D(1500)])
def test_income_covering_the_cost_means_savings_never_fall(figures, income):
    p = project_savings(D(50000), D(1200), income, START, figures)
    assert p.kind == Runway.never
    assert p.week is None and not p.points


@pytest.mark.parametrize("capital", [D(23250), D("23249.99"), D(0)])
def test_savings_already_at_the_limit_means_contact_now(figures, capital):
    p = project_savings(capital, D(1200), D(300), START, figures)
    assert p.kind == Runway.at_limit_now
    assert p.contact_now


def test_savings_lasting_decades_are_not_charted_week_by_week(figures):
    assert project_savings(D(10_000_000), D(100), D(99), START, figures).kind == Runway.too_long
    long = project_savings(D(100_000), D(400), D(300), START, figures)  # 768 weeks
    assert long.kind == Runway.reaches_limit
    assert len(long.points) < 60


def test_a_savings_projection_reads_as_a_summary_for_print_or_a_booklet(figures):
    from hub.funding.rules import projection_summary

    reaching = dict(projection_summary(project_savings(D(50000), D(1200), D(300), START,
                                                       figures)))
    assert reaching["Paid from savings each week"] == "£900"
    assert reaching["Estimate"] == ("Your savings fall to £23,250 around 2 November 2026. "
                                    "Contact the council by 3 August 2026.")
    covered = dict(projection_summary(project_savings(D(50000), D(300), D(400), START,
                                                      figures)))
    assert covered["Estimate"].startswith("Your income covers the cost")
    assert "not a decision" in covered["Please note"]
