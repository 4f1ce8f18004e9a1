"""Importing a CSV made from the export: check every row, preview, then propose the changes.

Nothing changes until every row reads cleanly; then each changed or new listing becomes
a change request waiting in the moderators' queue, exactly as if a contributor had sent
it, and goes live only when a moderator approves it there.

A cell left as the export wrote it keeps exactly what is live (so an unchanged file
proposes nothing, whatever the cell held); only cells that differ are read and checked.
"""

import csv
import datetime as dt
import io
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from hub.accounts.models import User, utcnow
from hub.bulk.columns import (
    COLUMN_NAMES,
    COLUMNS,
    CellProblem,
    Reading,
    check_last_checked,
    row_of,
    unprotected,
)
from hub.bulk.export import exported
from hub.bulk.models import PendingImport
from hub.bulk.queries import services_in_batches
from hub.core.auth import as_utc
from hub.directory.models import Organisation, TaxonomyTerm
from hub.extensions import db
from hub.listings.models import OPEN_STATUSES, ChangeRequest, ChangeStatus
from hub.listings.snapshot import diff, empty_snapshot

log = logging.getLogger(__name__)

MAX_PROBLEMS = 500  # a wrong file would otherwise list thousands; the first few say enough
PREVIEW_LIFETIME = dt.timedelta(hours=2)
ZIP_START = b"PK\x03\x04"  # an .xlsx workbook is a zip file


@dataclass(frozen=True)
class Problem:
    """One thing wrong; row as the spreadsheet numbers it (the header is row 1), None for
    the file as a whole."""

    row: int | None
    column: str
    message: str
    found: str = ""


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass
class Checked:
    changes: list[dict[str, Any]] = field(default_factory=list)
    new: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0


def max_bytes() -> int:
    return current_app.config["MAX_CONTENT_LENGTH"]


def _text_of(data: bytes) -> str:
    if not data.strip():
        raise ImportRefused([Problem(None, "", _("The file is empty."))])
    if len(data) > max_bytes():
        raise ImportRefused([Problem(None, "", _(
            "The file is %(size)s MB; the most it can be is %(limit)s MB. Split it into "
            "smaller files of whole rows, each with the first row of column names.",
            size=f"{len(data) / 1e6:.1f}", limit=f"{max_bytes() / 1e6:.0f}"))])
    if data.startswith(ZIP_START):
        raise ImportRefused([Problem(None, "", _(
            "This is a spreadsheet workbook, not a CSV file. In Excel choose File, Save As "
            "and “CSV UTF-8 (Comma delimited)”; in LibreOffice, Save As “Text CSV” with "
            "UTF-8."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        raise ImportRefused([Problem(None, "", _(
            "The file is not a CSV file saved as UTF-8 text. In Excel choose File, Save As "
            "and “CSV UTF-8 (Comma delimited)”."))])
    return text


def _rows(text: str) -> list[list[str]]:
    """The file's rows; a European Excel separates cells with semicolons, so the first
    row (the column names, which hold neither) says which."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportRefused([Problem(None, "", _(
            "This is not a CSV file we can read (%(error)s).", error=str(error)))]) from None


def _check_header(header: list[str]) -> list[Problem]:
    names = [name.strip().lower() for name in header]
    problems = [Problem(1, name, _("This column is not one the export makes. Remove it, or "
                                   "check the spelling of its name."), name)
                for name in names if name not in COLUMN_NAMES]
    problems += [Problem(1, name, _("This column is missing. Keep every column of the "
                                    "export, in any order."))
                 for name in COLUMN_NAMES if name not in names]
    problems += [Problem(1, name, _("This column appears more than once."), name)
                 for name in dict.fromkeys(names) if names.count(name) > 1 and name]
    return problems


def _cell(text: str) -> str:
    return unprotected(text.replace("\r\n", "\n").replace("\r", "\n").strip())


class _Checker:
    """Reads the rows one by one, collecting every problem and every proposal."""

    def __init__(self, ids: set[str]):
        self.problems: list[Problem] = []
        self.checked = Checked()
        self.seen_ids: dict[str, int] = {}
        self.live = _live_listings(ids)
        self.open_changes = set(db.session.scalars(select(ChangeRequest.service_id).where(
            ChangeRequest.service_id.in_(self.live), ChangeRequest.status.in_(OPEN_STATUSES)))
        ) if self.live else set()
        self.category_codes = set(db.session.scalars(select(TaxonomyTerm.code)))
        self.organisations: dict[str, list[Organisation]] = {}
        for organisation in db.session.scalars(select(Organisation)):
            for key in (organisation.name.casefold(), organisation.id):
                self.organisations.setdefault(key, []).append(organisation)

    def fail(self, row: int, column: str, message: str, found: str = "") -> None:
        self.problems.append(Problem(row, column, message, found))

    def check(self, number: int, cells: dict[str, str]) -> None:
        listing_id = cells["id"]
        if not listing_id:
            self._check_new(number, cells)
            return
        listing_id = _listing_id(listing_id)
        if listing_id is None:
            self.fail(number, "id", _("This is not an id the hub gave. Leave it empty to "
                                      "propose a new listing."), cells["id"])
            return
        if listing_id in self.seen_ids:
            self.fail(number, "id", _("This id is also on row %(row)s. Each listing can be "
                                      "on one row only.", row=self.seen_ids[listing_id]),
                      listing_id)
            return
        self.seen_ids[listing_id] = number
        if listing_id not in self.live:
            self.fail(number, "id", _("No listing has this id. Leave it empty to propose a "
                                      "new listing."), listing_id)
            return
        self._check_existing(number, cells, listing_id)

    def _check_existing(self, number: int, cells: dict[str, str], listing_id: str) -> None:
        listing = self.live[listing_id]
        as_exported = dict(zip(COLUMN_NAMES, (_cell(text) for text in row_of(listing)),
                               strict=True))
        changed = {name for name in COLUMN_NAMES if cells[name] != as_exported[name]}
        if not changed:
            self.checked.unchanged += 1
            return
        if "organisation" in changed:
            self.fail(number, "organisation", _(
                "A listing cannot move to another organisation by import. Write %(name)s "
                "here as it was.", name=listing.organisation), cells["organisation"])
        if "last_checked" in changed and cells["last_checked"]:
            self._check(number, "last_checked", lambda: check_last_checked(
                cells["last_checked"]), cells["last_checked"])
        proposed = self._read(number, cells, changed, Reading(listing.snapshot,
                                                              self.category_codes))
        if proposed is None:
            return
        if not diff(listing.snapshot, proposed):
            self.checked.unchanged += 1
        elif listing_id in self.open_changes:
            self.fail(number, "id", _(
                "This listing already has a change being made or waiting for review. Decide "
                "on that change in the moderation queue first, then import again."),
                listing_id)
        else:
            self.checked.changes.append({
                "service_id": listing_id, "organisation_id": listing.organisation_id,
                "base": listing.snapshot, "proposed": proposed})

    def _check_new(self, number: int, cells: dict[str, str]) -> None:
        found = self.organisations.get(cells["organisation"].casefold(), [])
        if not cells["organisation"]:
            self.fail(number, "organisation", _("Enter the organisation that runs the new "
                                                "listing."))
        elif len(found) != 1:
            self.fail(number, "organisation", _(
                "There is no organisation with this name in the hub. Check the spelling "
                "against the Organisations page.") if not found else _(
                "Several organisations have this name. Write the organisation's id instead: "
                "it is the last part of the address of its page under Organisations."),
                cells["organisation"])
        proposed = self._read(number, cells, set(COLUMN_NAMES), Reading(None,
                                                                         self.category_codes))
        if proposed is not None and len(found) == 1:
            self.checked.new.append({"service_id": None, "organisation_id": found[0].id,
                                     "base": None, "proposed": proposed})

    def _read(self, number: int, cells: dict[str, str], changed: set[str],
              reading: Reading) -> dict[str, Any] | None:
        """The listing with the changed cells read in; None if any could not be."""
        proposed = dict(reading.live or empty_snapshot())
        before = len(self.problems)
        for column in COLUMNS:
            if column.read and column.name in changed:
                self._check(number, column.name, lambda column=column: proposed.update(
                    column.read(cells[column.name], reading)), cells[column.name])
        low, high = proposed["minimum_age"], proposed["maximum_age"]
        if len(self.problems) == before and low is not None and high is not None and low > high:
            self.fail(number, "maximum_age", _("The oldest age must be the same as or more "
                                               "than the youngest age"), str(high))
        return proposed if len(self.problems) == before else None

    def _check(self, number: int, column: str, read, cell: str) -> None:
        try:
            read()
        except CellProblem as problem:
            self.fail(number, column, problem.message,
                      cell if problem.found is None else problem.found)


def _listing_id(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def _live_listings(ids: set[str]):
    """The listings the file names, as the export writes them, by id."""
    found = {}
    for batch in services_in_batches(sorted(ids)):
        for service in batch:
            found[service.id] = exported(service)
    return found


def check_csv(data: bytes) -> Checked:
    """Read and check every row; raise ImportRefused with every problem found."""
    rows = _rows(_text_of(data))
    header = [name.strip().lower() for name in rows[0]]
    problems = _check_header(header)
    if problems:
        raise ImportRefused(problems)
    named: list[tuple[int, dict[str, str]]] = []
    short_rows: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # spreadsheets leave blank rows at the end
        if len(row) != len(header):
            short_rows.append(Problem(number, "", _(
                "This row has %(cells)s cells but the first row names %(columns)s columns. "
                "Check for a missing or extra separator.", cells=len(row),
                columns=len(header))))
            continue
        named.append((number, {name: _cell(text) for name, text in zip(header, row,
                                                                       strict=True)}))
    checker = _Checker({_listing_id(cells["id"]) for _number, cells in named} - {None})
    checker.problems.extend(short_rows)
    for number, cells in named:
        checker.check(number, cells)
        if len(checker.problems) >= MAX_PROBLEMS:
            break
    if checker.problems:
        raise ImportRefused(sorted(checker.problems[:MAX_PROBLEMS],
                                   key=lambda problem: problem.row or 0))
    return checker.checked


def store_preview(checked: Checked, user: User, file_name: str) -> PendingImport:
    """Keep the checked proposals for the preview (and forget any that have expired)."""
    forget_expired()
    pending = PendingImport(user_id=user.id, file_name=file_name[:255], unchanged=checked.unchanged,
                            proposals={"changes": checked.changes, "new": checked.new})
    db.session.add(pending)
    db.session.commit()
    return pending


def forget_expired(now: dt.datetime | None = None) -> int:
    cutoff = (now or utcnow()) - PREVIEW_LIFETIME
    deleted = db.session.execute(delete(PendingImport).where(
        PendingImport.created_at < cutoff)).rowcount
    db.session.commit()
    return deleted


def pending_for(token: str, user: User) -> PendingImport | None:
    """The uploader's own preview, while it lasts."""
    pending = db.session.get(PendingImport, token)
    if (pending is None or pending.user_id != user.id
            or as_utc(pending.created_at) < utcnow() - PREVIEW_LIFETIME):
        return None
    return pending


class ChangedMeanwhile(Exception):
    """A listing in the import got an open change after the preview."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


def confirm(pending: PendingImport, moderator: User) -> int:
    """Put every proposal in the moderators' queue at once, or none of them."""
    changes, new = pending.proposals["changes"], pending.proposals["new"]
    busy = set(db.session.scalars(select(ChangeRequest.service_id).where(
        ChangeRequest.service_id.in_([p["service_id"] for p in changes]),
        ChangeRequest.status.in_(OPEN_STATUSES))))
    if busy:
        raise ChangedMeanwhile([p["proposed"]["name"] for p in changes
                                if p["service_id"] in busy])
    now = utcnow()
    for proposal in (*changes, *new):
        db.session.add(ChangeRequest(
            service_id=proposal["service_id"], organisation_id=proposal["organisation_id"],
            base=proposal["base"], proposed=proposal["proposed"],
            status=ChangeStatus.submitted, submitted_at=now, author_id=moderator.id,
            last_edited_by_id=moderator.id))
    db.session.delete(pending)
    try:
        db.session.commit()
    except IntegrityError:  # a contributor opened a change between our check and commit
        db.session.rollback()
        raise ChangedMeanwhile([]) from None
    log.info("user %s imported %s changed and %s new listings for review", moderator.id,
             len(changes), len(new))
    return len(changes) + len(new)
