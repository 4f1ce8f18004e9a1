"""The care funding checker and the savings calculator: GET pages only, nothing stored."""

import datetime as dt

from flask import Blueprint, abort, redirect, render_template, request, url_for

from hub.funding.forms import question_error, questions, read_answers, read_savings_form
from hub.funding.rules import (
    OUTCOME_HEADINGS,
    Care,
    HomeTreatment,
    Outcome,
    Runway,
    assess,
    first_unanswered,
    load_figures,
    project_savings,
    questions_for,
    summary,
)

bp = Blueprint("funding", __name__, url_prefix="/tools")


@bp.get("/care-funding-checker")
def checker_start():
    return render_template("funding/checker_start.html", figures=load_figures())


def _previous(applying: list[str], slug: str, args: dict[str, str]) -> str:
    index = applying.index(slug) if slug in applying else 0
    if index == 0:
        return url_for("funding.checker_start")
    return url_for("funding.checker_question", question=applying[index - 1], **args)


@bp.get("/care-funding-checker/<question>")
def checker_question(question: str):
    all_questions = questions()
    if question not in all_questions:
        abort(404)
    asked = all_questions[question]
    form = read_answers(request.args)
    changing = request.args.get("change") == "yes"
    error = None
    if request.args.get("continue") == "yes":
        error = question_error(form, asked)
        if not error:
            args = form.args()
            applying = questions_for(form.answers)
            later = applying[applying.index(question) + 1:] if question in applying else []
            # A change from 'Check your answers' goes back there once nothing is missing.
            target = first_unanswered(form.answers) if changing else (later[0] if later else None)
            if target:
                extra = {"change": "yes"} if changing else {}
                return redirect(url_for("funding.checker_question", question=target, **args,
                                        **extra))
            return redirect(url_for("funding.checker_check_answers", **args))
    args = form.args()
    args.pop(asked.name, None)  # this page's own field carries the value
    applying = questions_for(form.answers)
    back = (url_for("funding.checker_check_answers", **form.args()) if changing
            else _previous(applying, question, args))
    value = request.args.get(asked.name, "")
    return render_template("funding/question.html", question=asked, value=value, error=error,
                           hidden=args, changing=changing, back=back,
                           figures=load_figures()), (400 if error else 200)


def _complete(form):
    """A redirect to the first question still needing an answer, or None when all are in."""
    missing = first_unanswered(form.answers)
    if missing:
        return redirect(url_for("funding.checker_question", question=missing, **form.args()))
    return None


@bp.get("/care-funding-checker/check-answers")
def checker_check_answers():
    form = read_answers(request.args)
    if unfinished := _complete(form):
        return unfinished
    args = form.args()
    applying = questions_for(form.answers)
    return render_template("funding/check_answers.html", form=form, args=args,
                           applying=applying, questions=questions(),
                           back=url_for("funding.checker_question", question=applying[-1],
                                        **args))


@bp.get("/care-funding-checker/result")
def checker_result():
    form = read_answers(request.args)
    if unfinished := _complete(form):
        return unfinished
    figures = load_figures()
    args = form.args()
    result = assess(form.answers, figures)
    return render_template(
        "funding/result.html", result=result, figures=figures, args=args,
        heading=OUTCOME_HEADINGS[result.outcome], summary=summary(form.answers, figures),
        care_home=form.answers.care == Care.care_home, Outcome=Outcome,
        HomeTreatment=HomeTreatment, headings=OUTCOME_HEADINGS,
        back=url_for("funding.checker_check_answers", **args))


@bp.get("/savings-calculator")
def savings_calculator():
    today = dt.date.today()
    form = read_savings_form(request.args, today)
    figures = load_figures()
    projection = None
    if form.submitted and not form.errors:
        projection = project_savings(form.capital, form.weekly_cost, form.weekly_income,
                                     form.start, figures)
    return render_template("funding/savings.html", form=form, projection=projection,
                           figures=figures, Runway=Runway, today=today,
                           chart=_chart(projection) if projection else None
                           ), (400 if form.errors else 200)


def _chart(projection):
    """Coordinates for a simple line chart of capital over time (drawn as inline SVG)."""
    points = projection.points
    if len(points) < 2:
        return None
    width, height, left, right, top, bottom = 640, 320, 90, 20, 20, 50
    top_value = max(p.capital for p in points)
    # The axis starts just below the lowest figure: the fall to the limit is what matters.
    bottom_value = min(min(p.capital for p in points), projection.limit)
    span_value = (top_value - bottom_value) or 1
    last_week = points[-1].week or 1

    def x(week):
        return round(left + (width - left - right) * week / last_week, 1)

    def y(value):
        return round(top + (height - top - bottom) * float((top_value - value) / span_value), 1)

    return {
        "width": width, "height": height, "left": left, "right": width - right,
        "top": top, "bottom": height - bottom,
        "points": [(x(p.week), y(p.capital), p) for p in points],
        "line": " ".join(f"{x(p.week)},{y(p.capital)}" for p in points),
        "limit_y": y(projection.limit),
        "top_value": top_value, "bottom_value": bottom_value,
    }
