import pytest

from tests.conftest import sign_in
from tests.moderation.helpers import Listing, make_listing


@pytest.fixture
def listing(app) -> Listing:
    return make_listing()


@pytest.fixture
def moderator_client(client, listing):
    """The test client, signed in as the listing's moderator."""
    sign_in(client, listing.moderator)
    return client
