"""Contributor benchmark: how long publishing a change takes, search index update included,
and what a password costs to hash and check.

    .venv/bin/python bench/publish.py [--services 20000] [--changes 30]

Builds a throwaway hub in a temporary folder, so it never touches instance/.
"""

import argparse
import json
import logging
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script, like the Makefile's `make bench`

from sqlalchemy import select  # noqa: E402

from hub import create_app  # noqa: E402
from hub.accounts.models import Membership, Role, User, UserRole  # noqa: E402
from hub.accounts.passwords import hash_password, verify_password  # noqa: E402
from hub.config import Config  # noqa: E402
from hub.directory.models import Service, ServiceStatus  # noqa: E402
from hub.directory.operations import import_services, load_taxonomy  # noqa: E402
from hub.directory.synthetic import synthetic_services  # noqa: E402
from hub.extensions import db  # noqa: E402
from hub.listings import operations  # noqa: E402
from hub.places.operations import load_places  # noqa: E402
from hub.search import SearchRequest, rebuild_index, search  # noqa: E402

CONTENT = ROOT / "content"
RESULTS = ROOT / "bench" / "results"
BATCH = 1000
TARGET_PUBLISH_P95_MS = 500.0  # approve -> live and searchable, at 20,000 services


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def build(folder: Path, services: int):
    class BenchConfig(Config):
        SECRET_KEY = "bench"  # noqa: S105
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'hub.db'}"
        SEARCH_INDEX_DIR = str(folder / "search-index")

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
        load_taxonomy(CONTENT / "taxonomy.json")
        load_places(CONTENT / "places")
        items = synthetic_services(services, CONTENT, seed=1)
        for start in range(0, len(items), BATCH):
            report = import_services(items[start:start + BATCH])
            assert report.ok, report.problems[:3]
        rebuild_index()
    return app


def people(service: Service) -> tuple[User, User]:
    contributor = User(email=f"c-{service.id}@example.org", name="Contributor",
                       memberships=[Membership(organisation_id=service.organisation_id)])
    moderator = db.session.scalar(select(User).where(User.email == "m@example.org"))
    if moderator is None:
        moderator = User(email="m@example.org", name="Moderator",
                         granted_roles=[UserRole(role=Role.moderator)])
    db.session.add_all([contributor, moderator])
    db.session.commit()
    return contributor, moderator


def measure_publishing(changes: int) -> dict:
    rng = random.Random(7)
    # Listed services: publishing keeps a withdrawn one out of search, as it should.
    ids = list(db.session.scalars(select(Service.id).where(
        Service.status != ServiceStatus.inactive)))
    publish_ms, confirm_ms = [], []
    for number in range(changes):
        service = db.session.get(Service, rng.choice(ids))
        contributor, moderator = people(service)
        change = operations.start_change(service, contributor)
        word = f"benchword{number}x"
        described = f"{change.proposed['description']} Ask about {word}."
        operations.save_draft(change, dict(change.proposed, description=described),
                              contributor, change.revision)
        operations.submit(change, contributor, change.revision)
        publish_ms.append(timed(lambda c=change, m=moderator: operations.publish(
            c, m, c.revision)))
        hits = [hit.service_id for hit in search(SearchRequest(text=word)).hits]
        assert hits == [service.id], f"{word} not searchable straight after publishing"
        confirm_ms.append(timed(lambda s=service: operations.confirm_still_correct(s)))
    return {
        "publish_ms_p50": round(statistics.median(publish_ms), 1),
        "publish_ms_p95": round(percentile(publish_ms, 0.95), 1),
        "still_correct_ms_p50": round(statistics.median(confirm_ms), 1),
        "changes": changes,
    }


def measure_passwords(rounds: int = 10) -> dict:
    hashed = hash_password("a long sample passphrase")
    hash_ms = [timed(lambda: hash_password("a long sample passphrase")) for _ in range(rounds)]
    verify_ms = [timed(lambda: verify_password(hashed, "a long sample passphrase"))
                 for _ in range(rounds)]
    return {"argon2id_hash_ms_p50": round(statistics.median(hash_ms), 1),
            "argon2id_verify_ms_p50": round(statistics.median(verify_ms), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--changes", type=int, default=30)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # no mail server here: "could not send" is expected
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        app = build(Path(folder), args.services)
        print(f"built a hub of {args.services} services in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        with app.app_context():
            result = {"services": args.services, "machine": platform.machine(),
                      "python": platform.python_version(),
                      **measure_publishing(args.changes), **measure_passwords()}
    result["target_publish_p95_ms"] = TARGET_PUBLISH_P95_MS
    result["meets_target"] = result["publish_ms_p95"] <= TARGET_PUBLISH_P95_MS
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"publish-{args.services}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
