"""What a booklet says, resolved from the directory and the guides at the moment it is
printed: one shape read by both the PDF and the HTML version."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from babel.dates import format_time
from flask import current_app, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hub.articles.content import Article, article
from hub.booklets.draft import Booklet, Item
from hub.core.i18n import text_direction
from hub.core.templating import day_names, money
from hub.directory.models import Location, Schedule, Service, ServiceStatus
from hub.directory.queries import services_by_id, short_path
from hub.directory.taxonomy import term_name
from hub.extensions import db
from hub.talking_points.models import RegularSession, Venue


@dataclass(frozen=True)
class Place:
    name: str
    address: str  # one line: street, town and postcode
    features: tuple[str, ...] = ()  # e.g. "Step-free access", already in the booklet's language


@dataclass(frozen=True)
class ServiceEntry:
    title: str
    organisation: str
    description: str  # Markdown written by contributors
    eligibility: str  # Markdown
    ages: str  # e.g. "Aged 65 or over.", or ""
    how_to_access: str  # Markdown
    cost: tuple[str, ...]  # lines, e.g. ("Free.",) or ("£3.50 per session",)
    contacts: tuple[tuple[str, str], ...]  # (label, value): ("Phone", "01632 960123 (bookings)")
    places: tuple[Place, ...]
    opening: tuple[tuple[str, str], ...]  # (days, times): ("Monday, Tuesday", "09:00 – 17:00")
    last_checked: dt.date | None
    temporarily_closed: bool
    url: str  # the live page, absolute: what the QR code holds
    short_url: str  # the same page, short enough to type: "live-well.example/s/3f9a2c1b"
    note: str = ""  # the person's own note on this entry
    in_english: bool = False  # True when the booklet's language is not English but this is
    kind: str = field(default="service", init=False)


@dataclass(frozen=True)
class GuideEntry:
    title: str
    summary: str
    body: str  # Markdown (headings, paragraphs, lists, tables, links)
    last_reviewed: dt.date
    url: str
    short_url: str
    note: str = ""
    in_english: bool = False
    kind: str = field(default="guide", init=False)


Entry = ServiceEntry | GuideEntry


@dataclass(frozen=True)
class Section:
    title: str  # a category's name, or "" when the booklet keeps the person's own order
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class TalkingPoint:
    name: str
    address: str
    when: str  # e.g. "Tuesdays, 10am to 1pm"


@dataclass(frozen=True)
class BookletContent:
    title: str  # for the cover, e.g. "Information for Mrs Ada Smith"
    cover_note: str  # free text from whoever made the booklet, may be ""
    locale: str  # e.g. "en", "pl", "ar", "zh"
    direction: str  # "ltr" or "rtl"
    large_print: bool
    sections: tuple[Section, ...]
    dropped: tuple[str, ...]  # names of entries no longer listed, said on the contents page
    hub_name: str
    place_name: str
    help_phone: str
    help_hours: str  # e.g. "Monday to Friday, 9am to 5pm"
    site_address: str  # the hub's address for people to type: "live-well.example"
    talking_points: tuple[TalkingPoint, ...]
    correct_on: dt.date
    code: str | None = None  # the saved booklet's code, printed so it can be reprinted
    reprint_url: str = ""  # where to type the code, short form

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(entry for section in self.sections for entry in section.entries)


# Resolving a booklet: its items as they stand today, in the booklet's language.

def resolve(booklet: Booklet, today: dt.date, code: str | None = None) -> BookletContent:
    """Everything the booklet will say; entries no longer listed are named in `dropped`."""
    config = current_app.config
    locale = booklet.language if booklet.language in config["LANGUAGES"] else "en"
    site = config["BASE_URL"].rstrip("/")
    with force_locale(locale):
        entries, dropped = _entries(booklet, locale, site)
        sections = (_by_category(entries) if booklet.grouping == "category"
                    else (Section("", tuple(entry for _item, entry in entries)),))
        return BookletContent(
            title=(_("Information for %(name)s", name=booklet.title) if booklet.title
                   else _("Information from %(hub)s", hub=config["HUB_NAME"])),
            cover_note=booklet.cover_note,
            locale=locale,
            direction=text_direction(locale),
            large_print=booklet.large_print,
            sections=tuple(section for section in sections if section.entries),
            dropped=tuple(dropped),
            hub_name=config["HUB_NAME"],
            place_name=config["PLACE_NAME"],
            help_phone=config["HELP_PHONE"],
            help_hours=_("Monday to Friday, 9am to 5pm"),
            site_address=_bare(site),
            talking_points=_talking_points(today),
            correct_on=today,
            code=code,
            reprint_url=_bare(site + url_for("booklets.find")),
        )


def _bare(url: str) -> str:
    """An address as people type it: no https://."""
    return url.split("://", 1)[-1]


def _entries(booklet: Booklet, locale: str, site: str):
    services = services_by_id([item.key for item in booklet.items if item.kind == "service"],
                               everything=True)
    folder = Path(current_app.config["CONTENT_DIR"]) / "articles"
    entries: list[tuple[Service | None, Entry]] = []
    dropped: list[str] = []
    for item in booklet.items:
        if item.kind == "service" and item.key in services:
            service = services[item.key]
            entries.append((service, _service_entry(service, item.note, locale, site)))
            continue
        guide = article(folder, item.key, locale) if item.kind == "article" else None
        if guide is not None:
            entries.append((None, _guide_entry(guide, item.note, locale, site)))
        elif item.name:
            dropped.append(item.name)
    return entries, dropped


def _by_category(entries) -> list[Section]:
    """Services under their top-level category (in the taxonomy's order, named in the
    booklet's language), guides last."""
    groups: dict[str, list[Entry]] = {}
    order: dict[str, tuple[int, str]] = {}
    for service, entry in entries:
        if service is None:
            name, rank = _("Guides"), (10**6, "")
        elif service.taxonomy_terms:
            top = service.taxonomy_terms[0].lineage[0]
            name, rank = term_name(top), (top.position, top.code)
        else:
            name, rank = _("Other services"), (10**6 - 1, "")
        groups.setdefault(name, []).append(entry)
        order[name] = rank
    return [Section(name, tuple(groups[name])) for name in sorted(groups, key=order.get)]


def _service_entry(service: Service, note: str, locale: str, site: str) -> ServiceEntry:
    path = url_for("directory.service", service_id=service.id)
    return ServiceEntry(
        title=service.name,
        organisation=service.organisation.name,
        description=service.description,
        eligibility=service.eligibility,
        ages=_ages(service.minimum_age, service.maximum_age),
        how_to_access=service.how_to_access,
        cost=_cost(service),
        contacts=_contacts(service),
        places=tuple(Place(location.name, _address(location), _features(location))
                     for location in service.locations),
        opening=tuple(_opening(schedule) for schedule in service.schedules),
        last_checked=service.last_checked,
        temporarily_closed=service.status == ServiceStatus.temporarily_closed,
        url=site + path,
        short_url=_bare(site + short_path(service.id)),
        note=note,
        in_english=locale != "en",  # services are not translated yet
    )


def _guide_entry(guide: Article, note: str, locale: str, site: str) -> GuideEntry:
    url = site + url_for("articles.guide", slug=guide.slug)
    return GuideEntry(
        title=guide.title,
        summary=guide.summary,
        # Links inside the hub become full addresses: paper has no "current site".
        body=guide.body.replace("](/", f"]({site}/"),
        last_reviewed=guide.last_reviewed,
        url=url,
        short_url=_bare(url),
        note=note,
        in_english=locale != "en" and not guide.translated,
    )


def _ages(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return _("Ages %(low)s to %(high)s.", low=low, high=high)
    if low is not None:
        return _("Aged %(low)s or over.", low=low)
    if high is not None:
        return _("Aged %(high)s or under.", high=high)
    return ""


def _cost(service: Service) -> tuple[str, ...]:
    if service.is_free:
        return (_("Free."),)
    lines = [service.fees] if service.fees else []
    for cost in service.cost_options:
        amount = f"{money(cost.amount)} " if cost.amount is not None else ""
        extra = f" ({cost.amount_description})" if cost.amount_description else ""
        lines.append(f"{amount}{cost.option}{extra}".strip())
    return tuple(lines)


def _contacts(service: Service) -> tuple[tuple[str, str], ...]:
    contacts = [(_("Phone"), f"{phone.number} ({phone.description})" if phone.description
                 else phone.number) for phone in service.phones]
    if service.email:
        contacts.append((_("Email"), service.email))
    if service.website:
        contacts.append((_("Website"), _bare(service.website).rstrip("/")))
    return tuple(contacts)


def _address(location: Location) -> str:
    return ", ".join(part for part in (location.address, location.city, location.postcode)
                     if part)


def _features(location: Location) -> tuple[str, ...]:
    labels = {"step_free": _("Step-free access"), "accessible_toilet": _("Accessible toilet"),
              "hearing_loop": _("Hearing loop"), "parking": _("Parking")}
    return tuple(labels[name] for name, present in location.venue_features.items() if present)


def _opening(schedule: Schedule) -> tuple[str, str]:
    names = day_names()
    days = ", ".join(names.get(day, day) for day in schedule.days)
    times = (f"{schedule.opens_at:%H:%M} – {schedule.closes_at:%H:%M}"
             if schedule.opens_at and schedule.closes_at else "")
    return days, "; ".join(part for part in (times, schedule.notes) if part)


def _talking_points(today: dt.date) -> tuple[TalkingPoint, ...]:
    """The open venues with sessions now or to come, for the back page."""
    points = []
    for venue in db.session.scalars(select(Venue).where(Venue.active).order_by(Venue.name)):
        sessions = [session for session in venue.sessions
                    if session.valid_until is None or session.valid_until >= today]
        if sessions:
            points.append(TalkingPoint(venue.name, venue.one_line_address,
                                       "; ".join(_session_when(s) for s in sessions)))
    return tuple(points)


def _session_when(session: RegularSession) -> str:
    """e.g. "Tuesdays, 10am to 1pm"."""
    every = (_("Mondays"), _("Tuesdays"), _("Wednesdays"), _("Thursdays"), _("Fridays"),
             _("Saturdays"), _("Sundays"))[session.weekday]
    return _("%(days)s, %(start)s to %(end)s", days=every, start=_clock(session.starts),
             end=_clock(session.ends))


def _clock(time: dt.time) -> str:
    """10am, 10:30am, midday, 1pm: the GOV.UK style in English; the locale's own otherwise."""
    locale = get_locale()
    if locale is not None and locale.language != "en":
        return format_time(time, "short", locale=locale)
    if time == dt.time(12):
        return _("midday")
    hour = time.hour % 12 or 12
    minutes = f":{time.minute:02d}" if time.minute else ""
    return f"{hour}{minutes}{'am' if time.hour < 12 else 'pm'}"


@dataclass(frozen=True)
class Listed:
    """One item as the booklet page lists it."""

    item: Item
    title: str
    caption: str  # the organisation, or "Guide"
    path: str
    available: bool


def listing(booklet: Booklet, locale: str) -> list[Listed]:
    services = services_by_id([item.key for item in booklet.items if item.kind == "service"])
    folder = Path(current_app.config["CONTENT_DIR"]) / "articles"
    listed = []
    for item in booklet.items:
        service = services.get(item.key) if item.kind == "service" else None
        guide = article(folder, item.key, locale) if item.kind == "article" else None
        if service is not None:
            listed.append(Listed(item, service.name, service.organisation.name,
                                 url_for("directory.service", service_id=service.id), True))
        elif guide is not None:
            listed.append(Listed(item, guide.title, _("Guide"),
                                 url_for("articles.guide", slug=guide.slug), True))
        else:
            listed.append(Listed(item, item.name or _("Something no longer listed"), "", "",
                                 False))
    return listed
