"""`flask hub ...` commands, run as an administrator would run them."""

import json

from sqlalchemy import func, select

from hub.cli import hub
from hub.directory.models import Service
from hub.extensions import db
from tests.factories import oruk_service


def run(app, *args):
    return app.test_cli_runner().invoke(hub, list(args), catch_exceptions=False)


def test_import_reports_success_and_reimport_updates(app, tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"contents": [oruk_service("One"), oruk_service("Two")]}))
    result = run(app, "import", str(feed))
    assert result.exit_code == 0
    assert "Imported 2 services (2 new, 0 updated)." in result.output
    assert "(0 new, 2 updated)" in run(app, "import", str(feed)).output


def test_a_failed_import_changes_nothing_and_lists_problems(app, tmp_path):
    bad = oruk_service("Bad one", minimum_age="old")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([oruk_service("Fine"), bad]))
    result = run(app, "import", str(feed))
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output
    assert "Record 2 (Bad one): minimum_age" in result.output
    assert db.session.scalar(select(func.count()).select_from(Service)) == 0


def test_import_of_broken_json_says_so(app, tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text("{not json")
    result = run(app, "import", str(feed))
    assert result.exit_code == 1 and "is not valid JSON" in result.output


def test_reindex_and_synthetic(app, tmp_path):
    out = tmp_path / "synthetic.json"
    assert run(app, "synthetic", "30", "--out", str(out)).exit_code == 0
    services = json.loads(out.read_text())
    assert len(services) == 30 and len({s["id"] for s in services}) == 30
    assert run(app, "import", str(out)).exit_code == 0
    listed = sum(s["status"] not in ("inactive", "defunct") for s in services)
    assert f"Indexed {listed} services." in run(app, "reindex").output


def test_taxonomy_reload_is_idempotent(app):
    first = run(app, "load-taxonomy").output
    second = run(app, "load-taxonomy").output
    assert first == second and first.startswith("Loaded ")
