"""Booklet benchmark: how long a booklet PDF takes to make and how much memory it needs, and
what a burst of downloads at once gets back.

    .venv/bin/python bench/booklet.py [--runs 7] [--burst 8]

Builds a throwaway hub with the sample services in a temporary folder, so it never touches
instance/. Each case runs in a fresh Python process, so fonts and caches loaded by one case
do not make the next look cheaper, and its peak memory is its own.

- time: `resolve()` (reading the services and guides) plus `render_pdf()`, as the download
  does. The first run in a process also loads reportlab and the fonts: it is shown as
  "first"; median and worst are of the runs after it. Target: 50 items under 1 s (worst).
- memory: the process's peak resident size (`ru_maxrss`) once the app is ready and after
  the runs; "growth" is the difference: reportlab, fonts and rendering together.
- burst: one served app (werkzeug's threaded server, as in the browser tests) with
  BOOKLET_RENDERS_AT_ONCE=2; that many downloads of a 50-item booklet start together.
  Results go to bench/results/booklet.json and booklet.txt (git-ignored).
"""

import argparse
import datetime as dt
import http.client
import json
import logging
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script, like the Makefile's `make bench`

from flask_babel import force_locale  # noqa: E402
from sqlalchemy import select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from hub import create_app  # noqa: E402
from hub.booklets.contents import resolve  # noqa: E402
from hub.booklets.draft import Booklet, Item  # noqa: E402
from hub.config import Config  # noqa: E402
from hub.directory.models import Service, ServiceStatus  # noqa: E402
from hub.directory.operations import import_services, load_taxonomy  # noqa: E402
from hub.directory.sample import sample_services  # noqa: E402
from hub.extensions import db  # noqa: E402
from hub.places.operations import load_places  # noqa: E402

CONTENT = ROOT / "content"
RESULTS = ROOT / "bench" / "results"
TARGET_50_S = 1.0
GUIDES = ["leaving-hospital", "support-for-carers", "paying-for-care-at-home",
          "lasting-power-of-attorney"]
# A note on every item, as someone might write them: the scripts need other fonts.
NOTES = {
    "en": "Ask for Sam on Monday morning, and take the letter from the hospital.",
    "ar": "اسأل عن سام صباح يوم الاثنين، وخذ معك الرسالة من المستشفى.",
    "zh": "星期一上午请找萨姆，并带上医院的信。",
}


@dataclass(frozen=True)
class Case:
    label: str
    items: int
    guides: int
    large_print: bool = False
    notes: str = "en"


CASES = {case.label: case for case in (
    Case("10 items", 10, 2),
    Case("10 items, large print", 10, 2, large_print=True),
    Case("50 items", 50, 4),
    Case("50 items, large print", 50, 4, large_print=True),
    Case("50 items, Arabic notes", 50, 4, notes="ar"),
    Case("50 items, Chinese notes", 50, 4, notes="zh"),
)}


def config_for(folder: Path, renders_at_once: int = 2) -> type[Config]:
    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'hub.db'}"
        SEARCH_INDEX_DIR = str(folder / "search-index")
        SECRET_KEY = "bench-only"  # noqa: S105
        BOOKLET_RENDERS_AT_ONCE = renders_at_once

    return BenchConfig


def build_hub(folder: Path) -> None:
    """The sample services in a new SQLite file: what every case reads."""
    app = create_app(config_for(folder))
    with app.app_context():
        db.create_all()
        load_taxonomy(CONTENT / "taxonomy.json")
        load_places(CONTENT / "places")
        report = import_services(sample_services(CONTENT / "sample"), sample=True)
        if not report.ok:
            raise SystemExit(f"Sample import failed: {report.problems[:3]}")
        db.session.remove()


def booklet_for(case: Case) -> Booklet:
    """Listed services by name, then the guides; a note on each and a named cover."""
    services = list(db.session.scalars(
        select(Service.id).where(Service.status != ServiceStatus.inactive)
        .order_by(Service.name).limit(case.items - case.guides)))
    if len(services) < case.items - case.guides:
        raise SystemExit(f"The sample has only {len(services)} listed services")
    refs = [f"service:{key}" for key in services]
    refs += [f"article:{slug}" for slug in GUIDES[:case.guides]]
    note = NOTES[case.notes]
    return Booklet(items=tuple(Item(ref, note) for ref in refs), title="Mrs Ada Smith",
                   cover_note=note, large_print=case.large_print)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def measure_case(folder: Path, case: Case, runs: int) -> dict:
    """In this (fresh) process: render the case `runs` times."""
    app = create_app(config_for(folder))
    # resolve() makes links with url_for, so it needs a request as well as the app.
    with app.app_context(), app.test_request_context():
        booklet = booklet_for(case)
        ready = peak_rss_mb()
        from hub.booklets.pdf import render_pdf  # loaded by the first download, as in the app

        times, resolve_times = [], []
        for _ in range(runs):
            started = time.perf_counter()
            content = resolve(booklet, dt.date.today())
            resolved = time.perf_counter()
            with force_locale(content.locale):
                pdf = render_pdf(content)
            times.append(time.perf_counter() - started)
            resolve_times.append(resolved - started)
        assert len(content.entries) == case.items, "some items were not resolved"
    warm = times[1:] or times
    return {"case": case.label, "runs": runs, "first_s": round(times[0], 3),
            "median_s": round(statistics.median(warm), 3), "worst_s": round(max(warm), 3),
            "resolve_median_s": round(statistics.median(resolve_times[1:] or resolve_times), 3),
            "pages": page_count(pdf), "pdf_kb": round(len(pdf) / 1024),
            "rss_ready_mb": ready, "rss_peak_mb": peak_rss_mb(),
            "rss_growth_mb": round(peak_rss_mb() - ready, 1)}


@contextmanager
def serving(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join(timeout=5)


def measure_burst(folder: Path, requests: int, renders_at_once: int = 2) -> dict:
    """`requests` downloads of the same 50-item booklet, all let go at once."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app(config_for(folder, renders_at_once))
    with app.app_context(), app.test_request_context():
        booklet = booklet_for(CASES["50 items"])
        cookie = app.session_interface.get_signing_serializer(app).dumps(
            {"booklet": booklet.to_json()})
    name = app.config["SESSION_COOKIE_NAME"]
    start = threading.Barrier(requests)

    def fetch(_number: int) -> tuple[int, float]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start.wait()
        began = time.perf_counter()
        connection.request("GET", "/booklet/booklet.pdf", headers={"Cookie": f"{name}={cookie}"})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status, time.perf_counter() - began

    with serving(app) as port:
        started = time.perf_counter()
        with ThreadPoolExecutor(requests) as pool:
            answers = list(pool.map(fetch, range(requests)))
        last = time.perf_counter() - started
    statuses = [status for status, _seconds in answers]
    return {"requests": requests, "renders_at_once": renders_at_once,
            "wait_s": app.config["BOOKLET_RENDER_WAIT_SECONDS"],
            "ok_200": statuses.count(200), "busy_503": statuses.count(503),
            "other": sorted(s for s in statuses if s not in (200, 503)),
            "last_response_s": round(last, 2),
            "each_s": sorted(round(seconds, 2) for _status, seconds in answers),
            "rss_peak_mb": peak_rss_mb()}


def in_fresh_process(folder: Path, *arguments: str) -> dict:
    """Run this script as a worker and read its one line of JSON."""
    done = subprocess.run([sys.executable, __file__, "--folder", str(folder), *arguments],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"worker {arguments} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: dict) -> str:
    lines = [f"Booklet benchmark: sample hub, {results['runs']} runs a case "
             f"(first run apart), {results['environment']['cpus']} CPUs", "",
             f"  {'case':<26}{'first':>7}{'median':>8}{'worst':>7}{'resolve':>9}"
             f"{'pages':>7}{'KB':>6}{'RSS MB':>8}{'growth':>8}"]
    for row in results["cases"]:
        lines.append(f"  {row['case']:<26}{row['first_s']:>7}{row['median_s']:>8}"
                     f"{row['worst_s']:>7}{row['resolve_median_s']:>9}{row['pages']:>7}"
                     f"{row['pdf_kb']:>6}{row['rss_peak_mb']:>8}{row['rss_growth_mb']:>8}")
    lines.append("  (seconds; RSS is the process's peak resident size, growth is over the "
                 "app before rendering)")
    burst = results["burst"]
    lines += ["", f"  Burst: {burst['requests']} downloads of a 50-item booklet at once, "
              f"{burst['renders_at_once']} renders at a time, waiting up to "
              f"{burst['wait_s']} s for a turn",
              f"    200: {burst['ok_200']}   503 (busy): {burst['busy_503']}   "
              f"other: {burst['other'] or 'none'}   last answer after "
              f"{burst['last_response_s']} s   server peak RSS {burst['rss_peak_mb']} MB",
              f"    each request, seconds: {burst['each_s']}", ""]
    lines += [f"  {line}" for line in results["verdicts"]]
    return "\n".join(lines)


def verdicts(results: dict) -> list[str]:
    lines = []
    for row in results["cases"]:
        if row["case"].startswith("50 items"):
            passed = row["worst_s"] < TARGET_50_S
            lines.append(f"{'PASS' if passed else 'FAIL'}: {row['case']}: worst "
                         f"{row['worst_s']} s (target < {TARGET_50_S:.0f} s; first run "
                         f"{row['first_s']} s)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--burst", type=int, default=8, help="downloads at once")
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)  # worker: the hub
    parser.add_argument("--case", choices=list(CASES), help=argparse.SUPPRESS)  # worker
    parser.add_argument("--burst-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(measure_case(args.folder, CASES[args.case], args.runs)))
        return
    if args.burst_worker:
        print(json.dumps(measure_burst(args.folder, args.burst)))
        return

    load_at_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as folder:
        build_hub(Path(folder))
        cases = []
        for label in CASES:
            cases.append(in_fresh_process(Path(folder), "--case", label,
                                          "--runs", str(args.runs)))
            print(f"  measured {label}", flush=True)
        burst = in_fresh_process(Path(folder), "--burst-worker", "--burst", str(args.burst))
    results = {"runs": args.runs, "cases": cases, "burst": burst,
               "environment": {"python": platform.python_version(),
                               "machine": platform.machine(),
                               "cpus": len(os.sched_getaffinity(0)),
                               "load_average": [round(load_at_start, 2),
                                                round(os.getloadavg()[0], 2)]}}
    results["verdicts"] = verdicts(results)
    text = table(results)
    print("\n" + text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "booklet.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "booklet.txt").write_text(text + "\n")
    print(f"\n  Written to {(RESULTS / 'booklet.txt').relative_to(ROOT)} and booklet.json")


if __name__ == "__main__":
    main()
