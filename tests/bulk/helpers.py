"""Files as a moderator's spreadsheet would make them, and what the tables hold."""

import csv
import io

from sqlalchemy import func, select

from hub.bulk.models import PendingImport
from hub.directory.models import Location, Organisation, Phone, Schedule, Service
from hub.extensions import db
from hub.listings.models import ChangeRequest, ServiceVersion
from tests.conftest import csrf_token

BULK = "/moderation/bulk"


def download(client, kind: str = "csv") -> bytes:
    response = client.get(f"{BULK}/directory.{kind}")
    assert response.status_code == 200, response.status_code
    assert "attachment" in response.headers["Content-Disposition"]
    return response.get_data()


def rows_of(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""),
                           delimiter=delimiter))


def as_csv(rows: list[list[str]], delimiter: str = ",", bom: bool = True,
           line_end: str = "\r\n") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def upload(client, data: bytes, name: str = "directory.csv"):
    return client.post(f"{BULK}/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, BULK), "file": (io.BytesIO(data), name)})


def cell(rows: list[list[str]], row: int, column: str) -> str:
    """The cell as the spreadsheet numbers rows (the header is row 1)."""
    return rows[row - 1][rows[0].index(column)]


def set_cell(rows: list[list[str]], row: int, column: str, text: str) -> None:
    rows[row - 1][rows[0].index(column)] = text


def row_with(rows: list[list[str]], column: str, test) -> int:
    """The spreadsheet number of the last row whose cell passes `test` (late rows sit
    after cells with several lines, so their numbers are not their line numbers)."""
    index = rows[0].index(column)
    return max(number for number, row in enumerate(rows, start=1)
               if number > 1 and test(row[index]))


def table_counts() -> dict[str, int]:
    db.session.expire_all()
    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Service, Organisation, Location, Phone, Schedule, ChangeRequest,
                          ServiceVersion, PendingImport)}
