"""Open, build and update the Whoosh index from the database."""

import json
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from whoosh import index as whoosh_index
from whoosh.index import Index

from hub.directory.models import (
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from hub.extensions import db
from hub.places.models import Place
from hub.search.schema import SCHEMA_VERSION, make_schema, service_document
from hub.search.synonyms import digest_for, thesaurus_for

VERSION_FILE = "hub-schema-version.json"
_lock = threading.Lock()
_open: dict[str, Index] = {}


def _index_dir() -> Path:
    return Path(current_app.config["SEARCH_INDEX_DIR"])


def synonyms_file() -> Path:
    return Path(current_app.config["CONTENT_DIR"]) / "synonyms.txt"


def _stamp() -> dict:
    """What an index was built with: a change to either means it must be rebuilt."""
    return {"version": SCHEMA_VERSION, "synonyms": digest_for(synonyms_file())}


def _stamp_matches(folder: Path) -> bool:
    try:
        return json.loads((folder / VERSION_FILE).read_text()) == _stamp()
    except (OSError, ValueError):
        return False


def open_index() -> Index:
    """The index, rebuilt from the database first if it is missing, from an older schema or
    built with other synonyms."""
    folder = _index_dir()
    key = str(folder)
    with _lock:
        if key in _open and _stamp_matches(folder):
            return _open[key]
        if not (_stamp_matches(folder) and whoosh_index.exists_in(key)):
            _build(folder)
        _open[key] = whoosh_index.open_dir(key)
        return _open[key]


def rebuild_index() -> int:
    """Rebuild from scratch (flask hub reindex); returns the number of services indexed."""
    folder = _index_dir()
    with _lock:
        count = _build(folder)
        _open[str(folder)] = whoosh_index.open_dir(str(folder))
    return count


def _build(folder: Path) -> int:
    # Build beside the live index and swap, so searches never see a half-built one.
    staging = folder.with_name(folder.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    index = whoosh_index.create_in(str(staging), make_schema())
    count = 0
    writer = index.writer(limitmb=256, procs=1)
    with Session(db.engine) as session:  # may run just after a commit: see index_services
        for document in _documents(None, session):
            writer.add_document(**document)
            count += 1
    writer.commit()
    (staging / VERSION_FILE).write_text(json.dumps(_stamp()))
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return count


def _documents(ids: Iterable[str] | None, session: Session | None = None):
    session = session or db.session
    all_wards = list(session.scalars(select(Place.name).where(Place.kind == "ward")))
    whole_area = set(current_app.config.get("WHOLE_AREA_NAMES", ()))
    thesaurus = thesaurus_for(synonyms_file())
    query = (
        select(Service)
        .where(Service.status != ServiceStatus.inactive)
        .options(
            selectinload(Service.organisation),
            selectinload(Service.taxonomy_terms).selectinload(TaxonomyTerm.parent),
            selectinload(Service.locations_at).selectinload(ServiceAtLocation.location),
            selectinload(Service.schedules),
            selectinload(Service.service_areas),
        )
        .execution_options(yield_per=500)
    )
    if ids is not None:
        query = query.where(Service.id.in_(list(ids)))
    for service in session.scalars(query):
        yield service_document(service, all_wards=all_wards, whole_area_names=whole_area,
                               thesaurus=thesaurus)


def index_services(ids: Iterable[str]) -> None:
    """Add, update or (for inactive or deleted services) remove these services."""
    ids = list(ids)
    if not ids:
        return
    index = open_index()
    # A session of its own: this runs just after a commit, when the caller's cannot query.
    with Session(db.engine) as session:
        documents = {doc["id"]: doc for doc in _documents(ids, session)}
    with _lock:
        writer = index.writer(timeout=30)
        for service_id in ids:
            if service_id in documents:
                writer.update_document(**documents[service_id])
            else:
                writer.delete_by_term("id", service_id)
        writer.commit()
