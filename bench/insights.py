"""Insights benchmark: what counting costs a page, what a flush costs, and memory.

    .venv/bin/python bench/insights.py [--requests 2000] [--synonym-services 0]

Builds a throwaway hub with the sample services in a temporary folder. Then:

1. **Page latency** of one service page through the test client, collection on and off,
   in alternating blocks of 100 requests (so machine load falls on both alike). "On" is
   the real after_request hook: counters in memory, no database write.
2. **Flush**: the time to write what --requests page views from as many browsers left in
   memory (one transaction: digests, then one upsert-increment per counter).
3. **Memory** that the collector's counters hold between flushes, by tracemalloc, for
   --requests views from distinct browsers of distinct pages.
4. With --synonym-services N: imports N synthetic services and times adding a synonym
   group from the dashboard (find the services using its words, store it, re-index them)
   against a full index rebuild.

Results go to bench/results/insights.json.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script, like the Makefile's `make bench`

from sqlalchemy import select  # noqa: E402

from bench.search import build_hub, import_in_batches  # noqa: E402
from hub.directory.models import Service  # noqa: E402
from hub.directory.operations import import_services  # noqa: E402
from hub.directory.sample import sample_services  # noqa: E402
from hub.directory.synthetic import synthetic_services  # noqa: E402
from hub.extensions import db  # noqa: E402
from hub.insights.collect import Collector, collector_of  # noqa: E402
from hub.insights.operations import add_synonym_group  # noqa: E402
from hub.search import rebuild_index  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BLOCK = 100
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _ms(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {"median_ms": round(statistics.median(ordered) * 1000, 3),
            "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3)}


def page_latency(app, url: str, requests: int) -> dict:
    collector = collector_of(app)
    hooks = app.after_request_funcs[None]
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR="192.0.2.1", HTTP_USER_AGENT=BROWSER)
    for _ in range(20):  # warm-up: templates compiled, the day's salt fetched
        client.get(url)
    times: dict[str, list[float]] = {"on": [], "off": []}
    for block in range(requests // BLOCK):
        state = "on" if block % 2 == 0 else "off"
        if state == "off":
            hooks.remove(collector.record)
        for _ in range(BLOCK):
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            times[state].append(time.perf_counter() - started)
        if state == "off":
            hooks.append(collector.record)
    collector.flush()  # nothing left for the exit
    on, off = _ms(times["on"]), _ms(times["off"])
    return {"on": on, "off": off, "requests_each": len(times["on"]),
            "median_added_ms": round(on["median_ms"] - off["median_ms"], 3)}


def _fill(collector: Collector, app, ids: list[str], requests: int) -> None:
    """`requests` page views from that many browsers, spread over the services."""
    for n in range(requests):
        address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        with app.test_request_context(f"/services/{ids[n % len(ids)]}",
                                      environ_base={"REMOTE_ADDR": address,
                                                    "HTTP_USER_AGENT": BROWSER}):
            collector.add_visitor(collector.today(), "visitors")
            collector.add(collector.today(), "page_views")
            collector.add(collector.today(), "service_views", ids[n % len(ids)])


def flush_and_memory(app, requests: int) -> dict:
    ids = list(db.session.scalars(select(Service.id)))
    collector = Collector(app)
    collector.flush_seconds = None  # no background thread: flushed here
    _fill(collector, app, ids[:1], 1)  # the day's salt, outside the measurement
    collector.flush()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    _fill(collector, app, ids, requests)
    held = sum(stat.size_diff for stat in
               tracemalloc.take_snapshot().compare_to(before, "filename"))
    tracemalloc.stop()
    started = time.perf_counter()
    collector.flush()
    first = time.perf_counter() - started
    _fill(collector, app, ids, requests)  # the same browsers and pages again: all updates
    started = time.perf_counter()
    collector.flush()
    again = time.perf_counter() - started
    return {"events": requests, "distinct_services": len(ids),
            "flush_new_rows_ms": round(first * 1000, 1),
            "flush_existing_rows_ms": round(again * 1000, 1),
            "memory_between_flushes_kb": round(held / 1024, 1)}


def synonym_cost(app, services: int) -> dict:
    import_in_batches(synthetic_services(services, ROOT / "content"))
    started = time.perf_counter()
    rebuild_index()
    rebuild = time.perf_counter() - started
    started = time.perf_counter()
    reindexed = add_synonym_group("podiatry, chiropody, foot care")
    added = time.perf_counter() - started
    return {"services": services, "full_rebuild_s": round(rebuild, 1),
            "add_synonym_s": round(added, 2), "services_reindexed": reindexed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--synonym-services", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = build_hub(Path(folder))
        with app.app_context():
            report = import_services(sample_services(ROOT / "content" / "sample"), sample=True)
            assert report.ok, report.problems
            rebuild_index()
            url = f"/services/{db.session.scalars(select(Service.id)).first()}"
            results = {"page": page_latency(app, url, args.requests),
                       "flush": flush_and_memory(app, args.requests)}
            if args.synonym_services:
                results["synonym"] = synonym_cost(app, args.synonym_services)
    print(json.dumps(results, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "insights.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
