"""API benchmark: server time for Open Referral UK reads at the size of a large directory.

    .venv/bin/python bench/api.py [--services 10000] [--requests 200]

Builds a throwaway hub in a temporary folder (as bench/search.py does), then times requests
through the app's own test client: everything but the network. Writes
bench/results/api-<services>.json.
"""

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script

from sqlalchemy import select  # noqa: E402

from bench.search import build_hub, import_in_batches, peak_rss_mb, summary  # noqa: E402
from hub.api.queries import LISTED  # noqa: E402
from hub.directory.models import Service, TaxonomyTerm  # noqa: E402
from hub.directory.synthetic import synthetic_services  # noqa: E402
from hub.extensions import db  # noqa: E402
from hub.search import rebuild_index  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WARM_UP = 10
TARGET_P95_MS = 100.0  # a page of the list, or one full service, at 10,000 services


def timed_gets(client, urls: list[str]) -> dict:
    for url in urls[:WARM_UP]:
        client.get(url)
    times = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.data[:200]}")
    return summary(times)


def run_benchmark(services: int, count: int, folder: Path) -> dict:
    app = build_hub(folder)
    app.config["API_RATE_LIMIT"] = "1000000 per minute"  # the benchmark is one address
    rng = random.Random(3)
    with app.app_context():
        import_in_batches(synthetic_services(services, ROOT / "content", seed=1))
        rebuild_index()
        ids = list(db.session.scalars(select(Service.id).where(LISTED)))
        terms = list(db.session.scalars(select(TaxonomyTerm.id)))
        per_page = app.config["API_PER_PAGE"]
        pages = -(-len(ids) // per_page)
        client = app.test_client()
        api = "/api/v1"
        figures = {
            "services_page": timed_gets(client, [
                f"{api}/services?page={rng.randint(1, pages)}" for _ in range(count)]),
            "services_page_200": timed_gets(client, [
                f"{api}/services?per_page=200&page={rng.randint(1, pages // 4)}"
                for _ in range(count // 4)]),
            "service_by_id": timed_gets(client, [
                f"{api}/services/{rng.choice(ids)}" for _ in range(count)]),
            "services_search": timed_gets(client, [
                f"{api}/services?search={word}&page={rng.randint(1, 3)}"
                for word in rng.choices(["lunch", "dementia", "carers", "walk", "money"],
                                        k=count // 4)]),
            "services_near_postcode": timed_gets(client, [
                f"{api}/services?postcode=YO24%203AB&proximity={rng.choice([800, 1600, 5000])}"
                for _ in range(count // 4)]),
            "services_in_category": timed_gets(client, [
                f"{api}/services?taxonomy_term_id={rng.choice(terms)}"
                for _ in range(count // 4)]),
            "service_at_locations_page": timed_gets(client, [
                f"{api}/service_at_locations?page={rng.randint(1, pages)}"
                for _ in range(count // 4)]),
        }
    return {
        "services": services,
        "per_page": per_page,
        "requests": count,
        "server_ms": figures,
        "peak_rss_mb": peak_rss_mb(),
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": len(os.sched_getaffinity(0)),
            "load_average": round(os.getloadavg()[0], 2),
            "database": "SQLite",
        },
    }


def verdicts(results: dict) -> list[str]:
    lines = []
    for name in ("services_page", "service_by_id"):
        p95 = results["server_ms"][name]["p95_ms"]
        lines.append(f"{'PASS' if p95 < TARGET_P95_MS else 'FAIL'}: {name} p95 {p95} ms "
                     f"(target < {TARGET_P95_MS:.0f} ms at {results['services']:,} services)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hub-bench-api-") as folder:
        results = run_benchmark(args.services, args.requests, Path(folder))
    results["verdicts"] = verdicts(results)
    print(f"\nAPI benchmark: {args.services:,} services, server time in ms")
    print(f"  {'request':<28}{'median':>8}{'p95':>8}{'max':>8}{'runs':>6}")
    for name, figures in results["server_ms"].items():
        print(f"  {name:<28}{figures['median_ms']:>8}{figures['p95_ms']:>8}"
              f"{figures['max_ms']:>8}{figures['runs']:>6}")
    for line in results["verdicts"]:
        print(f"  {line}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"api-{args.services}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n  Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
