"""Set-up and form handling shared by the moderation tests."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import html5lib
from html5lib.constants import namespaces

from hub.accounts.models import Role, User
from hub.directory.models import Service
from hub.listings import operations
from hub.listings.models import ChangeRequest
from hub.search.queries import SearchRequest, search
from tests.factories import make_service, make_user

NS = namespaces["html"]


@dataclass
class Listing:
    service: Service
    contributor: User
    moderator: User


def make_listing() -> Listing:
    service = make_service(
        "Acomb lunch club", categories=["meals"], phones=[{"number": "01632 960123"}],
        locations=[{"latitude": 53.955, "longitude": -1.12, "postcode": "YO24 3AB"}])
    return Listing(
        service=service,
        contributor=make_user("ali@example.org", name="Ali Contributor",
                              organisations=[service.organisation]),
        moderator=make_user("mo@example.org", name="Mo Moderator", roles=[Role.moderator]))


def propose(listing: Listing, submit: bool = True, **fields) -> ChangeRequest:
    """The contributor's change to the listing, sent for review unless submit is False."""
    change = operations.start_change(listing.service, listing.contributor)
    operations.save_draft(change, dict(change.proposed, **fields), listing.contributor,
                          change.revision)
    if submit:
        operations.submit(change, listing.contributor, change.revision)
    return change


def found(text: str) -> list[str]:
    return [hit.service_id for hit in search(SearchRequest(text=text)).hits]


def form_fields(html: str, action: str) -> list[tuple[str, str]]:
    """What a browser would send from the form posting to `action` (buttons aside)."""
    document = html5lib.parse(html)
    form = next(f for f in document.iter(f"{{{NS}}}form") if f.get("action") == action)
    fields = []
    for element in form.iter():
        tag, name = element.tag.split("}")[1], element.get("name")
        if not name:
            continue
        if tag == "input" and element.get("type") not in ("submit", "button"):
            if element.get("type") in ("checkbox", "radio") and element.get("checked") is None:
                continue
            fields.append((name, element.get("value", "on")))
        elif tag == "textarea":
            fields.append((name, element.text or ""))
        elif tag == "select":
            options = element.findall(f".//{{{NS}}}option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            fields.extend((name, o.get("value", o.text or "")) for o in chosen)
    return fields


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
    assert match, f"no hidden {name} field"
    return match.group(1)


def path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
