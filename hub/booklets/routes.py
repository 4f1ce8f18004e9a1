"""Booklet pages: build one (no account), print it as a PDF or a web page, save and reprint
it by code; moderators keep the ready-made ones."""

import datetime as dt
import re
import threading
from dataclasses import replace
from pathlib import Path

from babel import Locale
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    get_template_attribute,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from hub.accounts.models import Role
from hub.articles.content import article
from hub.booklets import draft, operations
from hub.booklets.contents import listing, resolve
from hub.booklets.draft import Booklet
from hub.booklets.forms import BookletChanges, ReadyMadeForm
from hub.booklets.models import ReadyMadeBooklet
from hub.core.auth import role_required
from hub.core.markdown import render_guide
from hub.directory.queries import services_by_id
from hub.extensions import db, limiter

bp = Blueprint("booklets", __name__, url_prefix="/booklet")

def _render_slot() -> threading.BoundedSemaphore:
    """Renders are CPU-bound: more at once in one process only share its time and add
    memory. Beyond this many, people wait, then are asked to try again, so a burst cannot
    use up the server."""
    # setdefault is atomic, so two first requests at once still share one semaphore.
    return current_app.extensions.setdefault(
        "booklet_renders",
        threading.BoundedSemaphore(current_app.config["BOOKLET_RENDERS_AT_ONCE"]))


# Globals, not context variables: templates import the "Add to my booklet" macro.
bp.add_app_template_global(draft.current, "my_booklet")


@bp.app_template_global()
def booklet_forms_needed() -> str:
    """Noted by each booklet button, so pages without one set no cookie for the forms."""
    g.booklet_forms_needed = True
    return ""


def _today() -> dt.date:
    return dt.date.today()


def _back(default: str) -> str:
    """Where a button asked to return to: only a path on this site."""
    target = request.form.get("back_to", "")
    # Browsers read a backslash as a slash, so "/\\evil.example" would leave the site.
    inside = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return target if inside else default


def _title_of(ref: str) -> str | None:
    """The title of a service or guide that can go in a booklet, or None."""
    kind, _sep, key = ref.partition(":")
    if kind == "service":
        found = services_by_id([key]).get(key)
        return found.name if found else None
    if kind == "article":
        guide = article(_articles_folder(), key, "en")
        return guide.title if guide else None
    return None


def _articles_folder() -> Path:
    return Path(current_app.config["CONTENT_DIR"]) / "articles"


TOO_FULL = _l("Your booklet is too full to hold any more on this computer. Shorten some "
             "notes, or remove something, then try again.")


def _keep_or_explain(booklet: Booklet) -> bool:
    try:
        draft.keep(booklet)
    except draft.TooBig:
        flash(str(TOO_FULL), "info")
        return False
    return True


@bp.post("/add")
@limiter.limit("120 per minute")
def add():
    ref = request.form.get("item", "")
    title = _title_of(ref)
    if title is None:
        abort(404)
    booklet = draft.current()
    if ref in booklet:
        return _answer(ref, title, _("“%(title)s” is already in your booklet.", title=title))
    if len(booklet.items) >= draft.MAX_ITEMS:
        return _answer(ref, title, _("Your booklet already holds %(count)s items, the most "
                                     "it can. Remove something to make room.",
                                     count=draft.MAX_ITEMS))
    try:
        draft.keep(booklet.with_item(ref))
    except draft.TooBig:
        return _answer(ref, title, TOO_FULL)
    return _answer(ref, title, ngettext(
        "Added “%(title)s” to your booklet. It has %(num)s item.",
        "Added “%(title)s” to your booklet. It has %(num)s items.",
        len(booklet.items) + 1, title=title), "success")


@bp.post("/remove")
def remove():
    ref = request.form.get("item", "")
    title = _title_of(ref) or ref
    booklet = draft.current()
    if ref not in booklet:
        return _answer(ref, title, _("“%(title)s” is not in your booklet.", title=title))
    draft.keep(booklet.without(ref))
    return _answer(ref, title, _("Removed “%(title)s” from your booklet.", title=title))


def _answer(ref: str, title: str, message: str, category: str = "info"):
    """Back to the page at the button, with the message. The page's script asks for JSON
    instead: the message, the button as it is now and the header link, to swap in."""
    if request.accept_mimetypes.best == "application/json":
        button = get_template_attribute("components/add_to_booklet.html", "booklet_button")
        link = get_template_attribute("components/add_to_booklet.html", "booklet_link")
        return jsonify(message=str(message), button=str(button(ref, title)), link=str(link()))
    flash(str(message), category)
    return redirect(_back(url_for("booklets.booklet")) + f"#booklet-{ref.partition(':')[2]}")


def _languages() -> list[str]:
    return current_app.config["LANGUAGES"]


def _builder(booklet: Booklet, form: BookletChanges | None = None):
    form = form or BookletChanges.showing(booklet, _languages())
    choices = [{"value": code, "text": Locale.parse(code).display_name.capitalize(),
                "attributes": {"lang": code}, "selected": code == form.language}
               for code in _languages()]
    return render_template(
        "booklets/booklet.html", booklet=booklet, form=form,
        error_list=[{"text": message, "href": f"#{name}"}
                    for name, message in form.errors.items()],
        listed=listing(booklet, booklet.language), languages=_languages(),
        language_choices=choices, ready_made=operations.ready_made(),
        spaced_code=operations.spaced,
        max_items=draft.MAX_ITEMS)


@bp.get("")
def booklet():
    return _builder(draft.current())


@bp.post("")
def change():
    """Every button on the booklet page sends the whole form, so no typing is lost."""
    booklet = draft.current()
    form = BookletChanges(request.form, booklet, _languages())
    if not form.is_valid():
        return _builder(booklet, form)
    changed = form.applied_to(booklet)
    action, ref = form.action
    if action in ("up", "down") and ref in changed:
        changed = changed.moved(ref, -1 if action == "up" else 1)
    elif action == "remove" and ref in changed:
        changed = changed.without(ref)
    try:
        draft.keep(changed)
    except draft.TooBig:
        form.errors["item-1"] = _("Your booklet is too full to keep all of this on this "
                                 "computer. Shorten some notes, or remove something.")
        return _builder(booklet, form)
    return _after_change(changed, action, ref)


def _after_change(booklet: Booklet, action: str, ref: str):
    if action == "pdf":
        return redirect(url_for("booklets.pdf"))
    if action == "read":
        return redirect(url_for("booklets.read"))
    if action == "code":
        if not booklet.items:
            return redirect(url_for("booklets.booklet"))
        saved = operations.save(booklet, _today())
        draft.keep(replace(booklet, opened_from=saved.code))
        return redirect(url_for("booklets.saved", code=saved.code, new=1))
    if action in ("up", "down"):
        return redirect(url_for("booklets.booklet", _anchor=f"item-{booklet.refs.index(ref) + 1}"))
    if action == "remove":
        flash(_("Removed it from your booklet."), "info")
    else:
        flash(_("Your changes are saved on this computer."), "success")
    return redirect(url_for("booklets.booklet"))


@bp.get("/clear")
def clear_check():
    return render_template("booklets/clear.html", booklet=draft.current())


@bp.post("/clear")
def clear():
    draft.keep(Booklet())
    flash(_("Your booklet is empty."), "info")
    return redirect(url_for("booklets.booklet"))


# Printing: the PDF and the web version show the same resolved content.

def _content(booklet: Booklet, code: str | None = None):
    return resolve(booklet, _today(), code=code)


def _pdf_response(booklet: Booklet, code: str | None = None) -> Response:
    slot = _render_slot()
    if not slot.acquire(timeout=current_app.config["BOOKLET_RENDER_WAIT_SECONDS"]):
        response = Response(render_template(
            "errors/error.html", status=503, title=_("Sorry, the booklet printer is busy"),
            message=_("Many booklets are being made right now. Wait a minute, then try "
                      "again. Your booklet is kept.")), status=503)
        response.headers["Retry-After"] = "60"
        return response
    from hub.booklets.pdf import render_pdf  # reportlab loads on the first booklet, not at start

    try:
        content = _content(booklet, code)
        with force_locale(content.locale):
            pdf = render_pdf(content)
    finally:
        slot.release()
    g.booklet_downloaded = True  # counted by insights
    name = f"booklet-{code or content.correct_on.isoformat()}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _read_page(booklet: Booklet, code: str | None = None):
    content = _content(booklet, code)
    with force_locale(content.locale):
        return render_template("booklets/read.html", content=content, code=code)


def _needs_items(booklet: Booklet):
    flash(_("Your booklet is empty. Add services or guides to it first."), "info")
    return redirect(url_for("booklets.booklet"))


@bp.get("/booklet.pdf")
@limiter.limit("30 per minute")
def pdf():
    booklet = draft.current()
    return _pdf_response(booklet) if booklet.items else _needs_items(booklet)


@bp.get("/read")
def read():
    booklet = draft.current()
    return _read_page(booklet) if booklet.items else _needs_items(booklet)


# Saved booklets: anyone with the code can reprint one. Failed lookups are limited, so
# trying codes at random gets nowhere.

def _missed(response: Response) -> bool:
    return response.status_code in (400, 404)


# One allowance for every way of trying a code.
failed_lookups = limiter.shared_limit("20 per hour", scope="booklet-codes", deduct_when=_missed)


def _saved_or_404(code: str):
    saved = operations.find_saved(code, _today())
    if saved is None:
        abort(404)
    return saved


@bp.get("/find")
@failed_lookups
def find():
    typed = request.args.get("code")
    if typed is None:
        return render_template("booklets/find.html", typed="", error=None)
    code = operations.normalise_code(typed)
    if not code:
        error = _("Enter the code from the booklet")
    elif not operations.is_code(code):
        error = _("The code is 8 letters and numbers, like K7QM 4X2P")
    elif operations.find_saved(code, _today()) is None:
        error = _("No booklet has that code. Check it, or it may have expired")
    else:
        return redirect(url_for("booklets.saved", code=code))
    return render_template("booklets/find.html", typed=typed, error=error), 400


@bp.get("/saved/<code>")
@failed_lookups
def saved(code: str):
    found = _saved_or_404(code)
    booklet = operations.booklet_of(found)
    return render_template("booklets/saved.html", saved=found, booklet=booklet,
                           listed=listing(booklet, booklet.language),
                           spaced=operations.spaced(found.code),
                           new=request.args.get("new") == "1", current=draft.current())


@bp.get("/saved/<code>/booklet.pdf")
@failed_lookups
def saved_pdf(code: str):
    found = _saved_or_404(code)
    return _pdf_response(operations.booklet_of(found), code=found.code)


@bp.get("/saved/<code>/read")
@failed_lookups
def saved_read(code: str):
    found = _saved_or_404(code)
    return _read_page(operations.booklet_of(found), code=found.code)


@bp.post("/saved/<code>/open")
@failed_lookups
def open_saved(code: str):
    found = _saved_or_404(code)
    if _keep_or_explain(operations.booklet_of(found)):
        flash(_("This is now your booklet. Changes make a new copy with a new code when "
                "you save it."), "info")
    return redirect(url_for("booklets.booklet"))


# Ready-made booklets: open one as a starting point.

def _ready_or_404(ready_id: str) -> ReadyMadeBooklet:
    found = db.session.get(ReadyMadeBooklet, ready_id)
    if found is None:
        abort(404)
    return found


@bp.get("/ready-made/<ready_id>")
def ready_made(ready_id: str):
    found = _ready_or_404(ready_id)
    starter = Booklet.from_json(found.contents)
    return render_template("booklets/ready_made.html", ready=found,
                           listed=[x for x in listing(starter, "en") if x.available],
                           current=draft.current())


@bp.post("/ready-made/<ready_id>/use")
def use_ready_made(ready_id: str):
    found = _ready_or_404(ready_id)
    add = request.form.get("mode") == "add"
    if _keep_or_explain(operations.start_from(found, draft.current(), add)):
        flash(_("“%(name)s” is in your booklet. Change it as you need.", name=found.name),
              "success")
    return redirect(url_for("booklets.booklet"))


# Moderators keep the ready-made booklets, made from their own booklet.

@bp.get("/ready-made")
@role_required(Role.moderator)
def manage_ready_made():
    return render_template("booklets/manage_ready_made.html",
                           ready_made=operations.ready_made(), current=draft.current())


@bp.route("/ready-made/new", methods=["GET", "POST"])
@role_required(Role.moderator)
def new_ready_made():
    return _ready_made_form(None)


@bp.route("/ready-made/<ready_id>/edit", methods=["GET", "POST"])
@role_required(Role.moderator)
def edit_ready_made(ready_id: str):
    return _ready_made_form(_ready_or_404(ready_id))


def _ready_made_form(ready: ReadyMadeBooklet | None):
    current = draft.current()
    form = ReadyMadeForm(obj=ready)
    if ready is None and not current.items:
        flash(_("Build the booklet first: add services and guides to your own booklet, "
                "then come back here."), "info")
        return redirect(url_for("booklets.manage_ready_made"))
    if form.validate_on_submit():
        use_mine = ready is None or form.replace_items.data
        operations.keep_ready_made(ready, form.name.data.strip(),
                                   form.description.data.strip(),
                                   current if use_mine else None)
        flash(_("Ready-made booklet “%(name)s” saved.", name=form.name.data.strip()),
              "success")
        return redirect(url_for("booklets.manage_ready_made"))
    return render_template("booklets/ready_made_form.html", form=form, ready=ready,
                           current=current)


@bp.post("/ready-made/<ready_id>/delete")
@role_required(Role.moderator)
def delete_ready_made(ready_id: str):
    found = _ready_or_404(ready_id)
    db.session.delete(found)
    db.session.commit()
    flash(_("Ready-made booklet “%(name)s” removed.", name=found.name), "info")
    return redirect(url_for("booklets.manage_ready_made"))



@bp.app_template_filter("booklet_guide")
def booklet_guide(body: str, level: int) -> Markup:
    """A guide's HTML with its headings moved under the booklet entry's own heading."""
    html, _sections = render_guide(body)

    def lower(match: re.Match) -> str:
        return f"<{match.group(1)}h{min(6, level + int(match.group(2)) - 1)}"

    html = re.sub(r"<(/?)h([23])", lower, html)
    return Markup(html.replace("govuk-heading-l", "govuk-heading-s")  # noqa: S704 - cleaned
                  .replace("govuk-heading-m", "govuk-heading-s"))
