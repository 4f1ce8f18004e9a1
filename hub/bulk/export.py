"""The directory out: every service as a CSV row, every listed service as ORUK JSON.

Both are written a batch of services at a time, so a large directory streams out in
steady memory instead of being built whole.
"""

import csv
import io
import json
from collections.abc import Iterator

from hub.api.serialise import FULL_SERVICE, service_document
from hub.bulk.columns import COLUMN_NAMES, Exported, protected, row_of
from hub.bulk.queries import service_ids, services_in_batches
from hub.directory.models import Service
from hub.listings.snapshot import snapshot_of


def exported(service: Service) -> Exported:
    return Exported(service.id, service.organisation_id, service.organisation.name,
                    service.last_checked, snapshot_of(service))


def csv_chunks() -> Iterator[str]:
    """Every service, withdrawn ones too (so one can be brought back), as CSV text.

    It starts with a byte order mark so Excel reads it as UTF-8, and ends lines with CRLF
    as Excel does.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(COLUMN_NAMES)
    for batch in services_in_batches(service_ids(listed_only=False)):
        writer.writerows([protected(cell) for cell in row_of(exported(service))]
                         for service in batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def json_chunks() -> Iterator[str]:
    """Every listed service as a full ORUK 3.0 service document, in one JSON list (the
    shape `flask hub import` reads)."""
    separator = "\n"
    yield "["
    for batch in services_in_batches(service_ids(listed_only=True), FULL_SERVICE):
        for service in batch:
            yield separator + json.dumps(service_document(service), ensure_ascii=False)
            separator = ",\n"
    yield "\n]\n"
