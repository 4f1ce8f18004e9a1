import pytest

from hub.accounts.models import Role
from hub.directory.operations import import_services
from hub.directory.sample import sample_services
from tests.api.conftest import check, oruk_schemas  # noqa: F401 - the ORUK schema fixtures
from tests.conftest import CONTENT, sign_in
from tests.factories import make_user


@pytest.fixture
def directory(any_db_app):
    """The sample directory (many shapes of listing), on SQLite and PostgreSQL."""
    report = import_services(sample_services(CONTENT / "sample"), sample=True)
    assert report.ok, report.problems
    return any_db_app


@pytest.fixture
def moderator(any_db_app):
    return make_user("mo@example.org", name="Mo Moderator", roles=[Role.moderator])


@pytest.fixture
def moderator_client(directory, moderator):
    client = directory.test_client()
    sign_in(client, moderator)
    return client


@pytest.fixture
def empty_hub_client(any_db_app, moderator):
    """Signed in as a moderator of a hub with no services, for files refused unread."""
    client = any_db_app.test_client()
    sign_in(client, moderator)
    return client
