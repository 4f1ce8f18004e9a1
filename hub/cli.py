"""`flask hub ...` commands: set-up, imports and the search index."""

import datetime as dt
import json
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from hub.accounts.models import Role

hub = AppGroup("hub", help="Live Well Hub commands.")


def _content() -> Path:
    return Path(current_app.config["CONTENT_DIR"])


@hub.command("load-taxonomy")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
def load_taxonomy_command(path: Path | None) -> None:
    """Create or update categories from content/taxonomy.json (or PATH)."""
    from hub.directory.operations import TaxonomyFileError, load_taxonomy

    try:
        count = load_taxonomy(path or _content() / "taxonomy.json")
    except TaxonomyFileError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Loaded {count} categories.")


@hub.command("load-places")
def load_places_command() -> None:
    """Load wards, postcode districts and place names from content/places."""
    from hub.places.operations import load_places

    click.echo(f"Loaded {load_places(_content() / 'places')} places.")


@hub.command("import-postcodes")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_postcodes_command(path: Path) -> None:
    """Load full postcodes from an ONS Postcode Directory CSV."""
    from hub.places.operations import PostcodeFileError, import_postcodes

    try:
        count = import_postcodes(path)
    except PostcodeFileError as error:
        raise click.ClickException(f"Nothing was imported. {error}") from None
    click.echo(f"Imported {count} postcodes.")


def _report(report) -> None:
    if not report.ok:
        click.echo("Nothing was imported. Fix these problems and try again:", err=True)
        for problem in report.problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo(f"Imported {report.created + report.updated} services "
               f"({report.created} new, {report.updated} updated).")


@hub.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Import Open Referral UK 3.0 services from a JSON file (all or nothing)."""
    from hub.directory.operations import import_services, services_in_file

    try:
        items = services_in_file(path)
    except ValueError as error:
        raise click.ClickException(f"Nothing was imported. {error}") from None
    _report(import_services(items))


@hub.command("load-sample")
def load_sample_command() -> None:
    """Load the fictional sample services (with ready-made booklets and Talking Point
    venues) from content/sample."""
    from hub.booklets.operations import load_sample_ready_made
    from hub.directory.operations import import_services
    from hub.directory.sample import sample_services
    from hub.talking_points.sample import load_sample_talking_points

    _report(import_services(sample_services(_content() / "sample"), sample=True))
    added = load_sample_ready_made(_content() / "sample" / "ready-made-booklets.json")
    click.echo(f"Added {added} sample ready-made booklets.")
    venues = load_sample_talking_points(_content() / "sample" / "talking-points.json")
    click.echo(f"Added {venues} sample Talking Point venues.")


@hub.command("reindex")
def reindex_command() -> None:
    """Rebuild the search index from the database."""
    from hub.search import rebuild_index

    click.echo(f"Indexed {rebuild_index()} services.")


@hub.command("setup")
@click.option("--sample/--no-sample", default=True, help="Load the sample services too.")
def setup_command(sample: bool) -> None:
    """Bring the database up to date and load categories, places and (sample) services."""
    ctx = click.get_current_context()
    Path(current_app.config["SEARCH_INDEX_DIR"]).parent.mkdir(parents=True, exist_ok=True)
    upgrade()
    ctx.invoke(load_taxonomy_command)
    ctx.invoke(load_places_command)
    if sample:
        ctx.invoke(load_sample_command)
    ctx.invoke(reindex_command)


@hub.command("synthetic")
@click.argument("count", type=int)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--seed", type=int, default=1)
def synthetic_command(count: int, out: Path, seed: int) -> None:
    """Write COUNT synthetic ORUK services (for benchmarks) to OUT."""
    from hub.directory.synthetic import synthetic_services

    out.write_text(json.dumps(synthetic_services(count, _content(), seed=seed)))
    click.echo(f"Wrote {count} synthetic services to {out}.")


@hub.command("add-user")
@click.argument("email")
@click.option("--name", default="", help="Their full name.")
@click.option("--role", "roles", multiple=True,
              type=click.Choice([r.value for r in Role if r is not Role.contributor]),
              help="A role to give (repeat for several).")
@click.option("--organisation", "organisation_ids", multiple=True, metavar="ORG_ID",
              help="An organisation they belong to (repeat for several).")
def add_user_command(email: str, name: str, roles: tuple[str, ...],
                     organisation_ids: tuple[str, ...]) -> None:
    """Create an account (or add roles and organisations to one); print a set-password link."""
    from hub.accounts.operations import add_user

    try:
        user, link = add_user(email, name, organisation_ids, [Role(role) for role in roles])
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    days = current_app.config["INVITATION_DAYS"]
    click.echo(f"Account ready for {user.email}. Send them this link to set a password "
               f"(it works once, for {days} days):\n{link}")


def _today(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


TODAY_OPTION = click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
                            help="Act as if today were this date (YYYY-MM-DD).")


@hub.command("send-reminders")
@TODAY_OPTION
def send_reminders_command(today: dt.datetime | None) -> None:
    """E-mail contributors whose listings are due for a check (run daily, e.g. by cron).

    Each reminder goes once; run it as often as you like.
    """
    from hub.freshness.operations import send_reminders

    run = send_reminders(_today(today))
    if run.clashed:
        click.echo("Another run is sending the same reminders; nothing sent by this one.")
        return
    click.echo(f"E-mails sent: {run.emails_sent}. Listings reminded about: "
               f"{run.listings_reminded}. Listings with no contributor, told to moderators: "
               f"{run.listings_told_to_moderators}.")
    if run.mail_failed:
        raise click.ClickException("The mail server could not be reached, so some reminders "
                                   "were not sent. The next run will send them.")


def _now(value: str | None) -> dt.datetime:
    """--now as an aware datetime; one without an offset is the place's own clock time."""
    if not value:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date and time like 2026-06-01T18:00",
                                 param_hint="--now") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(current_app.config["TIMEZONE"]))
    return moment.astimezone(dt.UTC)


@hub.command("send-booking-reminders")
@click.option("--now", "now", metavar="DATETIME",
              help="Act as if it were this moment (ISO 8601, e.g. 2026-06-01T18:00; local "
                   "time unless it has an offset).")
def send_booking_reminders_command(now: str | None) -> None:
    """E-mail a reminder to everyone with a Talking Point appointment tomorrow (run daily,
    e.g. by cron in the evening).

    Each booking is reminded once; run it as often as you like.
    """
    from hub.talking_points.operations import send_reminders

    sent, failed = send_reminders(_now(now))
    click.echo(f"Booking reminders sent: {sent}. Not sent: {failed}.")
    if failed:
        raise click.ClickException("The mail server could not be reached, so some reminders "
                                   "were not sent. The next run will send them.")


@hub.command("purge-personal-data")
@TODAY_OPTION
def purge_personal_data_command(today: dt.datetime | None) -> None:
    """Delete personal data kept longer than its retention period (run daily)."""
    from hub.accounts.operations import forget_decided_join_requests
    from hub.booklets.operations import forget_expired
    from hub.feedback.operations import forget_old_comments
    from hub.insights.operations import forget_old_search_texts, forget_visitors
    from hub.reports.operations import forget_reporters, retention_cutoff
    from hub.talking_points.operations import erase_personal_details

    blanked = forget_reporters(_today(today))
    deleted = forget_decided_join_requests(retention_cutoff(_today(today)))
    comments = forget_old_comments(_today(today))
    booklets = forget_expired(_today(today))
    visitors = forget_visitors(_today(today))
    searches = forget_old_search_texts(_today(today))
    # With --today, the start of that day on the place's clock.
    bookings = erase_personal_details(
        dt.datetime.combine(today.date(), dt.time(), ZoneInfo(current_app.config["TIMEZONE"]))
        if today else dt.datetime.now(dt.UTC))
    click.echo(f"Resolved reports with contact details removed: {blanked}. "
               f"Decided join requests deleted: {deleted}. "
               f"Old feedback comments removed: {comments}. "
               f"Expired saved booklets deleted: {booklets}. "
               f"Talking Point bookings with personal details erased: {bookings}. "
               f"Visitor digests and daily salts deleted: {visitors}. "
               f"Old search texts deleted: {searches}.")


@hub.command("check-content")
@TODAY_OPTION
def check_content_command(today: dt.datetime | None) -> None:
    """Check every article: front matter, links inside the hub, categories, review dates."""
    from hub.articles.checks import check_content

    report = check_content(current_app, _content(), _today(today))
    for name, age in sorted(report.reading_ages.items()):
        click.echo(f"Reading age {age:4.1f}: {name}")
    for line in report.due:
        click.echo(f"Due for review: {line}")
    for line in report.behind:
        click.echo(f"Translation to update: {line}")
    if report.errors:
        click.echo(f"{len(report.errors)} problems in {report.checked} articles:", err=True)
        for line in report.errors:
            click.echo(f"  - {line}", err=True)
        sys.exit(1)
    click.echo(f"Checked {report.checked} articles: no problems.")


i18n = AppGroup("i18n", help="Checks on the hub's languages.")
hub.add_command(i18n)


@i18n.command("check")
def i18n_check_command() -> None:
    """Every catalogue complete with placeholders intact; no template text outside Babel."""
    from hub.config import ROOT
    from hub.core.catalogues import check_catalogues, untranslated_template_text

    languages = current_app.config["LANGUAGES"]
    problems = check_catalogues(Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]),
                                languages)
    problems += [f"not through Babel: {text}"
                 for text in untranslated_template_text(ROOT / "hub" / "templates")]
    for line in problems:
        click.echo(f"  - {line}", err=True)
    if problems:
        click.echo(f"{len(problems)} problems.", err=True)
        sys.exit(1)
    click.echo(f"Checked {len(languages) - 1} translations of {len(languages)} languages: "
               "complete, placeholders intact, every template string through Babel.")


def init_app(app: Flask) -> None:
    app.cli.add_command(hub)


@hub.command("export")
@click.option("--format", "kind", type=click.Choice(["json", "csv"]), required=True,
              help="csv: every listing, one row each, to edit and import again; json: every "
                   "listed service as Open Referral UK 3.0.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (default: standard output).")
def export_command(kind: str, output: Path | None) -> None:
    """Export the directory as CSV or Open Referral UK JSON."""
    import contextlib

    from hub.bulk.export import csv_chunks, json_chunks

    chunks = csv_chunks() if kind == "csv" else json_chunks()
    # newline="" keeps the CSV's own CRLF line ends on every system.
    with (output.open("w", encoding="utf-8", newline="") if output
          else contextlib.nullcontext(sys.stdout)) as out:
        for chunk in chunks:
            out.write(chunk)
