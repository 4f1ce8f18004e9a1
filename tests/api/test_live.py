"""The API over real HTTP: the standard's feed check, and schemathesis against our OpenAPI."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from hub.api.openapi import ORUK_SCHEMAS
from tests.api.conftest import API, ORUK, SCHEMAS
from tests.browser.conftest import serving


@pytest.fixture(scope="module")
def live_api(sample_app):
    with serving(sample_app) as url:
        yield url + API


def test_the_standards_feed_check_passes(live_api):
    validator = ORUK / "validate.py"
    if not validator.exists():
        pytest.skip(f"No feed check at {validator} (set HUB_ORUK_DIR)")
    run = subprocess.run([sys.executable, str(validator), live_api], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "isValid: True" in run.stdout
    assert "NO_IDS_AVAILABLE" not in run.stdout and "EMPTY_FEED" not in run.stdout


def _inline(node, here: Path):
    """The document with each ORUK schema it names written in, from the local copy."""
    if isinstance(node, list):
        return [_inline(item, here) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref", "")
    if ref.startswith(ORUK_SCHEMAS) or ref.endswith(".json"):
        path = SCHEMAS / ref[len(ORUK_SCHEMAS):] if ref.startswith(ORUK_SCHEMAS) else here / ref
        return _inline(json.loads(path.read_text()), path.parent)
    return {key: _inline(value, here) for key, value in node.items()}


@pytest.fixture(scope="module")
def api_schema(live_api):
    if not SCHEMAS.exists():
        pytest.skip(f"The Open Referral UK schemas are not at {SCHEMAS} (set HUB_ORUK_DIR)")
    document = requests.get(f"{live_api}/openapi.json", timeout=10).json()
    loaded = schemathesis.openapi.from_dict(_inline(document, SCHEMAS))
    loaded.config.update(base_url=live_api)
    return loaded


def test_no_request_the_description_allows_breaks_the_api(api_schema):
    """For each operation: no 500s, and every status, content type, header and body is as
    the description says (schemathesis's checks)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 11

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            # An unknown postcode or category is well-formed yet gets a 400 that says so
            # (the description lists it), so "valid data must be accepted" does not apply.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        call()
