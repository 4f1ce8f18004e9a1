"""Search benchmark: Whoosh (plain and full hub search) against SQLite FTS5, on synthetic data.

    .venv/bin/python bench/search.py [--services 20000] [--queries 200]

Builds a throwaway hub in a temporary folder, so it never touches instance/. See
bench/README.md for what each figure means.
"""

import argparse
import hashlib
import json
import math
import os
import platform
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script, like the Makefile's `make bench`

import whoosh  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

from hub import create_app  # noqa: E402
from hub.config import Config  # noqa: E402
from hub.directory.models import TaxonomyTerm  # noqa: E402
from hub.directory.operations import import_services, load_taxonomy  # noqa: E402
from hub.directory.synthetic import synthetic_services  # noqa: E402
from hub.extensions import db  # noqa: E402
from hub.places.models import Place  # noqa: E402
from hub.places.operations import Point, load_places, nearest_ward  # noqa: E402
from hub.search import open_index, rebuild_index, sync  # noqa: E402
from hub.search.index import _documents  # noqa: E402 - the exact documents Whoosh indexes
from hub.search.queries import SearchRequest, reset_caches, search, text_query  # noqa: E402

CONTENT = ROOT / "content"
RESULTS = ROOT / "bench" / "results"
BATCH = 1000
WARM_UP = 20
TARGET_P95_MS = 60.0  # full hub search, with counts, at 20,000 services
TARGET_SERVICES = 20_000
TARGET_FTS_RATIO = 3.0  # Whoosh plain p95 / FTS5 p95

# What residents type: single words, phrases, and the misspellings people really make.
# fmt: off
WORDS = ["dementia", "carers", "lunch", "befriending", "counselling", "wheelchair", "benefits",
         "transport", "exercise", "bereavement", "autism", "housing", "debt", "volunteering",
         "hearing", "gardening", "lonely", "scams", "computer", "café"]
PHRASES = ["meals on wheels", "memory cafe", "home care", "carer break", "money worries",
           "grab rails", "help with shopping", "hospital transport", "mental health crisis",
           "coffee morning", "falls prevention", "blue badge", "food bank", "day centre"]
MISSPELLINGS = ["dimentia", "councelling", "befrending", "benifits", "wheelchiar", "bereavment",
                "alzhiemers", "volunterring", "parkinsons", "lunchclub"]
# fmt: on
DELIVERY = ["in-person", "at-home", "online", "phone"]
ACCESS = ["step_free", "accessible_toilet", "hearing_loop", "parking"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def build_hub(folder: Path):
    """An app on its own SQLite file and index folder, like tests/conftest.py build_app."""

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'hub.db'}"
        SEARCH_INDEX_DIR = str(folder / "search-index")
        SECRET_KEY = "bench-only"  # noqa: S105

    reset_caches()
    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
        load_taxonomy(CONTENT / "taxonomy.json")
        load_places(CONTENT / "places")
    return app


def import_in_batches(services: list[dict]) -> float:
    """Seconds to import; batches keep the session (and memory) small."""
    # Without this, every batch commit would also update the index incrementally; the
    # index is built once afterwards and timed on its own.
    event.remove(db.session, "after_commit", sync._reindex_after_commit)
    started = time.perf_counter()
    for start in range(0, len(services), BATCH):
        report = import_services(services[start : start + BATCH])
        if not report.ok:
            raise SystemExit(f"Import failed: {report.problems[:3]}")
        db.session.remove()
    elapsed = time.perf_counter() - started
    event.listen(db.session, "after_commit", sync._reindex_after_commit)
    return elapsed


def make_queries(count: int, seed: int = 7) -> list[tuple[str, SearchRequest]]:
    """A fixed mix of (kind, request): the same every run for a given count."""
    rng = random.Random(seed)
    categories = list(db.session.scalars(select(TaxonomyTerm.code).order_by(TaxonomyTerm.code)))
    wards = list(db.session.scalars(select(Place).where(Place.kind == "ward").order_by(Place.name)))
    queries = []
    for _ in range(count):
        kind = rng.choices(
            ["word", "phrase", "misspelling", "category only"], weights=[35, 30, 15, 20]
        )[0]
        request = SearchRequest()
        if kind == "category only":
            request.category = rng.choice(categories)
        else:
            pool = {"word": WORDS, "phrase": PHRASES, "misspelling": MISSPELLINGS}[kind]
            request.text = rng.choice(pool)
            if rng.random() < 0.3:
                request.category = rng.choice(categories)
        request.free = rng.random() < 0.2
        if rng.random() < 0.2:
            request.ward = rng.choice(wards).name
        if rng.random() < 0.15:
            request.day = rng.choice(DAYS)
        if rng.random() < 0.15:
            request.delivery = [rng.choice(DELIVERY)]
        if rng.random() < 0.1:
            request.access = [rng.choice(ACCESS)]
        if rng.random() < 0.25:
            # Near a ward centre, nearest first, as the results page does for "near".
            ward = rng.choice(wards)
            request.point = Point(ward.name, ward.latitude, ward.longitude)
            request.radius_miles = rng.choice([1.0, 3.0, 5.0, 10.0])
            request.sort = "nearest"
        queries.append((kind, request))
    return queries


def timed_ms(run, items) -> list[float]:
    times = []
    for item in items:
        started = time.perf_counter()
        run(item)
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {
        "runs": len(times),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ordered[-1], 2),
    }


def hub_searches(queries) -> tuple[dict, dict]:
    """Full searches (filters, counts, distance) with the home ward the results page passes."""
    home = {q.point: nearest_ward(q.point) for _, q in queries if q.point}

    def run(request):
        search(request, home_ward=home.get(request.point, "") if request.point else "")

    for _, request in queries[:WARM_UP]:
        run(request)
    times = timed_ms(run, [request for _, request in queries])
    by_kind = {}
    for kind in ("word", "phrase", "misspelling", "category only", "near a point"):
        picked = [
            t
            for t, (k, q) in zip(times, queries, strict=True)
            if k == kind or (kind == "near a point" and q.point)
        ]
        if picked:
            by_kind[kind] = summary(picked)
    return summary(times), by_kind


def plain_searches(texts: list[str]) -> dict:
    """Whoosh scored top 10 for the text alone: no filters, counts or distance."""
    index = open_index()
    with index.searcher() as searcher:

        def run(text):
            query = text_query(text)
            return [hit["id"] for hit in searcher.search(query, limit=10)] if query else []

        timed_ms(run, texts[:WARM_UP])
        return summary(timed_ms(run, texts))


def fts_match(text: str) -> str:
    """Each word quoted (so no word is FTS5 syntax), ORed: the loosest fair translation."""
    return " OR ".join('"' + word.replace('"', '""') + '"' for word in text.split())


def fts_rows():
    """The same text Whoosh indexes: the indexer's own documents."""
    for document in _documents(None):
        yield document["id"], document["name"], document["categories"], document["body"]


def build_fts(path: Path) -> tuple[sqlite3.Connection, float]:
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, name, categories, body,"
        " tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    connection.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", fts_rows())
    connection.commit()
    return connection, time.perf_counter() - started


def fts_searches(connection: sqlite3.Connection, texts: list[str]) -> dict:
    # Column weights follow the Whoosh field boosts (name 4, categories 2).
    sql = "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 4, 2, 1) LIMIT 10"

    def run(text):
        return connection.execute(sql, (fts_match(text),)).fetchall()

    timed_ms(run, texts[:WARM_UP])
    return summary(timed_ms(run, texts))


def search_code_digest() -> str:
    """Which search code was measured: it changes while people work on it."""
    files = sorted((ROOT / "hub" / "search").glob("*.py"))
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:12]


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def folder_mb(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20, 1)


def run_benchmark(services: int, query_count: int, folder: Path) -> dict:
    load_at_start = os.getloadavg()[0]  # other work on the machine skews every figure
    app = build_hub(folder)
    with app.app_context():
        generated = synthetic_services(services, CONTENT, seed=1)
        import_seconds = import_in_batches(generated)
        del generated
        rss_after_import = peak_rss_mb()

        started = time.perf_counter()
        indexed = rebuild_index()
        build_seconds = time.perf_counter() - started
        rss_after_build = peak_rss_mb()

        queries = make_queries(query_count)
        # The first search after a build pays for the per-generation bitsets.
        cold = timed_ms(search, [SearchRequest(text=WORDS[0])])[0]
        hub, hub_by_kind = hub_searches(queries)
        texts = [q.text for _, q in queries if q.text]
        plain = plain_searches(texts)

        fts_db, fts_seconds = build_fts(folder / "fts.db")
        fts = fts_searches(fts_db, texts)
        fts_db.close()
        return {
            "services": services,
            "indexed": indexed,
            "queries": {"hub": len(queries), "text": len(texts), "warm_up": WARM_UP},
            "import_s": round(import_seconds, 1),
            "index_build_s": round(build_seconds, 1),
            "index_mb": folder_mb(folder / "search-index"),
            "peak_rss_mb": {
                "after_import": rss_after_import,
                "after_index_build": rss_after_build,
                "end": peak_rss_mb(),
            },
            "hub_cold_first_ms": round(cold, 1),
            "hub": hub,
            "hub_by_kind": hub_by_kind,
            "whoosh_plain": plain,
            "fts5": {
                **fts,
                "build_s": round(fts_seconds, 1),
                "db_mb": round((folder / "fts.db").stat().st_size / 2**20, 1),
            },
            "plain_to_fts_p95": round(plain["p95_ms"] / max(fts["p95_ms"], 0.001), 1),
            "environment": {
                "python": platform.python_version(),
                "whoosh": whoosh.versionstring(),
                "sqlite": sqlite3.sqlite_version,
                "machine": platform.machine(),
                "cpus": len(os.sched_getaffinity(0)),
                "load_average": [round(load_at_start, 2), round(os.getloadavg()[0], 2)],
                "hub_search_digest": search_code_digest(),
            },
        }


def verdicts(results: dict) -> list[str]:
    p95 = results["hub"]["p95_ms"]
    ratio = results["plain_to_fts_p95"]
    at_scale = results["services"] >= TARGET_SERVICES
    lines = [
        f"{'PASS' if p95 < TARGET_P95_MS else 'FAIL'}: full hub search p95 {p95} ms "
        f"(target < {TARGET_P95_MS:.0f} ms at {TARGET_SERVICES:,} services"
        + ("" if at_scale else f"; this run has only {results['services']:,}")
        + ")",
        f"{'PASS' if ratio <= TARGET_FTS_RATIO else 'FAIL'}: Whoosh plain p95 is {ratio}x "
        f"FTS5 p95 (target within {TARGET_FTS_RATIO:.0f}x)",
    ]
    return lines


def print_table(results: dict) -> None:
    rss = results["peak_rss_mb"]
    print(
        f"\nSearch benchmark: {results['services']:,} services, "
        f"{results['queries']['hub']} hub queries ({results['queries']['text']} with text), "
        f"{results['queries']['warm_up']} warm-up"
    )
    print(f"  Import (batches of {BATCH})        {results['import_s']:>8} s")
    print(
        f"  Whoosh index build               {results['index_build_s']:>8} s   "
        f"{results['index_mb']} MB on disk"
    )
    print(
        f"  FTS5 table build                 {results['fts5']['build_s']:>8} s   "
        f"{results['fts5']['db_mb']} MB on disk"
    )
    print(
        f"  Peak RSS                         {rss['after_import']} MB after import, "
        f"{rss['after_index_build']} MB after build, {rss['end']} MB at end"
    )
    load = results["environment"]["load_average"]
    print(f"  Machine load (1-minute average)  {load[0]} at start, {load[1]} at end")
    print(f"  First hub search after a build   {results['hub_cold_first_ms']:>8} ms (cold bitsets)")
    print(f"\n  {'server time, ms':<34}{'median':>8}{'p95':>8}{'max':>8}{'runs':>6}")
    rows = [("Hub search (filters + counts)", results["hub"])]
    rows += [(f"  - {kind}", figures) for kind, figures in results["hub_by_kind"].items()]
    rows += [
        ("Whoosh plain top 10", results["whoosh_plain"]),
        ("SQLite FTS5 top 10 (bm25)", results["fts5"]),
    ]
    for label, figures in rows:
        print(
            f"  {label:<34}{figures['median_ms']:>8}{figures['p95_ms']:>8}"
            f"{figures['max_ms']:>8}{figures['runs']:>6}"
        )
    print()
    for line in verdicts(results):
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=TARGET_SERVICES)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as folder:
        results = run_benchmark(args.services, args.queries, Path(folder))
    results["verdicts"] = verdicts(results)
    print_table(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"search-{args.services}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n  Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
