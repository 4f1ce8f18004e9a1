"""Read the tools' GET forms into answers, with plain-English errors. Nothing is stored:
every answer travels in the query string from page to page."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from hub.core.numbers import plain_amount
from hub.funding.rules import (
    MAX_CAPITAL,
    MAX_WEEKLY,
    QUESTIONS,
    Answers,
    Care,
    MoneyError,
    parse_money,
    questions_for,
)

YES, NO = "yes", "no"


@dataclass(frozen=True)
class Question:
    slug: str
    name: str  # the query-string argument
    kind: str  # "radios" or "money"
    title: str
    hint: str = ""
    required_message: str = ""
    choices: tuple[tuple[str, str], ...] = ()


def questions() -> dict[str, Question]:
    return {q.slug: q for q in (
        Question("care-type", "care", "radios", _l("Where will you get care?"),
                 _l("Choose the one that fits best. You can come back and change it."),
                 _l("Select where you will get care"),
                 ((Care.at_home.value, _l("In my own home")),
                  (Care.care_home.value, _l("In a care home, to live there permanently")))),
        Question("own-home", "own_home", "radios", _l("Do you own your home?"),
                 _l("Answer yes if you own it with someone else, or are still paying a "
                    "mortgage."),
                 _l("Select yes if you own your home"),
                 ((YES, _l("Yes")), (NO, _l("No")))),
        Question("someone-at-home", "someone_at_home", "radios",
                 _l("Does a partner, or a relative aged 60 or over or disabled, still live "
                    "in your home?"),
                 _l("A partner means a husband, wife, civil partner or someone you live with "
                    "as a couple. It also counts if a child of yours under 18 lives there."),
                 _l("Select yes if a partner or relative still lives in your home"),
                 ((YES, _l("Yes")), (NO, _l("No")))),
        Question("home-value", "home_value", "money", _l("Roughly how much is your home worth?"),
                 _l("A rough guess is fine, for example from a property website. If you own "
                    "it with someone else, give the value of your share."),
                 _l("Enter roughly how much your home is worth")),
        Question("mortgage", "mortgage", "money",
                 _l("How much is left to pay on your mortgage?"),
                 _l("Include any other loan secured on your home. Enter 0 if there is none."),
                 _l("Enter how much is left to pay on your mortgage, or 0")),
        Question("savings", "savings", "money",
                 _l("How much do you have in savings and investments?"),
                 _l("Add up bank and building society accounts, ISAs, shares, premium bonds "
                    "and any property other than your home. Do not include your home."),
                 _l("Enter how much you have in savings and investments, or 0")),
    )}


@dataclass
class AnswersForm:
    answers: Answers
    values: Mapping[str, str]
    errors: dict[str, str] = field(default_factory=dict)  # question slug -> message

    def args(self) -> dict[str, str]:
        """The answers that still apply, as query arguments (stale ones are dropped)."""
        applying = questions_for(self.answers)
        by_slug = questions()
        args = {}
        for slug in QUESTIONS:
            name = by_slug[slug].name
            if slug in applying and slug not in self.errors and self.values.get(name):
                amount = getattr(self.answers, name) if by_slug[slug].kind == "money" else None
                # Amounts travel as plain numbers (12500.50), read alike in every language:
                # "12.500" typed in Polish must not become £12.50 if the reader switches.
                args[name] = (plain_amount(amount) if amount is not None
                              else self.values[name].strip())
        return args


def read_answers(args: Mapping[str, str]) -> AnswersForm:
    """Read every answer present; a bad one is reported under its question and left out."""
    form = AnswersForm(answers=Answers(), values=args)
    answers = form.answers
    care = args.get("care", "")
    if care in (c.value for c in Care):
        answers.care = Care(care)
    elif care:
        form.errors["care-type"] = questions()["care-type"].required_message
    for slug, attribute in (("own-home", "own_home"), ("someone-at-home", "someone_at_home")):
        value = args.get(attribute, "")
        if value in (YES, NO):
            setattr(answers, attribute, value == YES)
        elif value:
            form.errors[slug] = questions()[slug].required_message
    for slug, attribute in (("home-value", "home_value"), ("mortgage", "mortgage"),
                            ("savings", "savings")):
        value = args.get(attribute, "")
        if value.strip():
            try:
                setattr(answers, attribute, parse_money(value, MAX_CAPITAL))
            except MoneyError as error:
                form.errors[slug] = str(error)
    return form


def question_error(form: AnswersForm, question: Question) -> str | None:
    """The message for a submitted question: missing or not usable."""
    if question.slug in form.errors:
        return form.errors[question.slug]
    if not form.values.get(question.name, "").strip():
        return str(question.required_message)
    return None


# --- The savings calculator ---------------------------------------------------------------

@dataclass
class SavingsForm:
    values: Mapping[str, str]
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message
    capital: Decimal | None = None
    weekly_cost: Decimal | None = None
    weekly_income: Decimal | None = None
    start: dt.date | None = None

    @property
    def submitted(self) -> bool:
        return any(self.values.get(name, "").strip() for name in
                   ("capital", "weekly_cost", "weekly_income"))

    @property
    def error_list(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{name}"} for name, message in self.errors.items()]


SAVINGS_FIELDS = (
    ("capital", MAX_CAPITAL, _l("Enter how much you have in savings and investments")),
    ("weekly_cost", MAX_WEEKLY, _l("Enter how much your care costs each week")),
    ("weekly_income", MAX_WEEKLY, _l("Enter how much of your income goes towards your care "
                                     "each week, or 0")),
)


def read_savings_form(args: Mapping[str, str], today: dt.date) -> SavingsForm:
    form = SavingsForm(values=args)
    if not form.submitted:
        return form
    for name, maximum, required in SAVINGS_FIELDS:
        value = args.get(name, "")
        if not value.strip():
            form.errors[name] = str(required)
            continue
        try:
            setattr(form, name, parse_money(value, maximum))
        except MoneyError as error:
            form.errors[name] = str(error)
    parts = [args.get(f"start-{part}", "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        form.start = today
    elif not all(p.isdigit() for p in parts):
        form.errors["start-day"] = str(_l("Enter a start date with a day, month and year, "
                                          "like 6 4 2026, or leave it empty for today"))
    else:
        day, month, year = (int(p) for p in parts)
        try:
            form.start = dt.date(year, month, day)
        except ValueError:
            form.start = None
        if form.start is None or not 1900 <= year <= 2200:
            form.start = None
            form.errors["start-day"] = str(_l("Enter a real date, like 6 4 2026"))
    return form
