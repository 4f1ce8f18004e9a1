"""Bulk data benchmark: exporting the directory as CSV and ORUK JSON, and checking an
edited CSV for the import preview, at the size of a large place's directory.

    .venv/bin/python bench/bulk.py [--services 10000] [--edits 100]

Builds a throwaway hub (SQLite in a temporary folder, so it never touches instance/) with
synthetic services (hub.directory.synthetic), then times, each in the same process:

- CSV export: the whole directory, as the download streams it (`csv_chunks`);
- JSON export: every listed service as ORUK 3.0 (`json_chunks`);
- import check of the unchanged CSV: every row read and compared with what is live;
- import check of the CSV with --edits rows edited (one cell each): those rows are read
  and diffed too; then storing the preview and rendering the preview page with the diffs.

Peak resident memory (`ru_maxrss`) is reported after each step; it only ever grows.
Results go to bench/results/bulk.json (git-ignored).
"""

import argparse
import csv
import io
import json
import logging
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script, like the Makefile's `make bench`

from flask import render_template  # noqa: E402
from sqlalchemy import event  # noqa: E402

from hub import create_app  # noqa: E402
from hub.accounts.models import Role, User, UserRole  # noqa: E402
from hub.bulk import operations  # noqa: E402
from hub.bulk.export import csv_chunks, json_chunks  # noqa: E402
from hub.config import Config  # noqa: E402
from hub.directory.operations import import_services, load_taxonomy  # noqa: E402
from hub.directory.synthetic import synthetic_services  # noqa: E402
from hub.extensions import db  # noqa: E402
from hub.listings.snapshot import diff  # noqa: E402
from hub.moderation.forms import ConfirmForm  # noqa: E402
from hub.places.operations import load_places  # noqa: E402
from hub.search import sync  # noqa: E402

CONTENT = ROOT / "content"
RESULTS = ROOT / "bench" / "results"
BATCH = 1000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, results: dict, action):
    start = time.perf_counter()
    outcome = action()
    seconds = time.perf_counter() - start
    results[label] = {"seconds": round(seconds, 2), "peak_mb": round(peak_mb())}
    print(f"{label:<34} {seconds:7.2f} s   peak memory {peak_mb():6.0f} MB", flush=True)
    return outcome


def build(folder: Path, services: int):
    class BenchConfig(Config):
        SECRET_KEY = "bench"  # noqa: S105
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'hub.db'}"
        SEARCH_INDEX_DIR = str(folder / "search-index")
        MAX_CONTENT_LENGTH = 1024 * 1024 * 1024  # the benchmark reads files of any size

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
        load_taxonomy(CONTENT / "taxonomy.json")
        load_places(CONTENT / "places")
        # The search index plays no part here: leave it out of the set-up.
        event.remove(db.session, "after_commit", sync._reindex_after_commit)
        items = synthetic_services(services, CONTENT, seed=1)
        for start in range(0, len(items), BATCH):
            report = import_services(items[start:start + BATCH])
            assert report.ok, report.problems[:3]
        db.session.add(User(email="mo@example.org", name="Mo",
                            granted_roles=[UserRole(role=Role.moderator)]))
        db.session.commit()
    return app


def edited(data: bytes, edits: int) -> bytes:
    """The export with the fees cell of `edits` rows spread through the file changed."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    fees = rows[0].index("fees")
    step = max(1, (len(rows) - 1) // max(edits, 1))
    for number in range(1, len(rows), step)[:edits]:
        rows[number][fees] = f"£{number % 9 + 1}.50 a session"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=100)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    results: dict = {"services": args.services, "edits": args.edits,
                     "python": platform.python_version(), "machine": platform.machine()}
    with tempfile.TemporaryDirectory() as folder:
        print(f"Building a hub with {args.services:,} synthetic services...", flush=True)
        app = build(Path(folder), args.services)
        with app.test_request_context():
            db.session.remove()
            data = timed("CSV export", results, lambda: "".join(csv_chunks()).encode())
            results["csv_mb"] = round(len(data) / 1e6, 1)
            db.session.remove()
            feed = timed("ORUK JSON export", results, lambda: "".join(json_chunks()))
            results["json_mb"] = round(len(feed) / 1e6, 1)
            assert len(json.loads(feed)) > 0
            db.session.remove()
            same = timed("Import check, unchanged file", results,
                         lambda: operations.check_csv(data))
            assert not same.changes and same.unchanged == args.services
            db.session.remove()
            changed_file = edited(data, args.edits)
            checked = timed(f"Import check, {args.edits} rows edited", results,
                            lambda: operations.check_csv(changed_file))
            assert len(checked.changes) == args.edits, len(checked.changes)
            moderator = db.session.scalar(db.select(User))
            pending = timed("Store the preview", results,
                            lambda: operations.store_preview(checked, moderator, "bench.csv"))
            timed("Render the preview page", results, lambda: render_template(
                "bulk/preview.html", pending=pending, form=ConfirmForm(formdata=None),
                new=[], changes=[(p, diff(p["base"], p["proposed"]))
                                 for p in pending.proposals["changes"]]))
    print(f"CSV {results['csv_mb']} MB, JSON {results['json_mb']} MB")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bulk.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
