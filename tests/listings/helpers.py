"""Fill in and send forms the way a browser without JavaScript would."""

import html
import re

import html5lib
from html5lib.constants import namespaces
from sqlalchemy import MetaData, select

from hub.extensions import db

NS = f"{{{namespaces['html']}}}"


def form_values(html: str, action: str) -> list[tuple[str, str]]:
    """What a browser sends for the form posting to `action`: fields, ticked boxes."""
    document = html5lib.parse(html)
    form = next(f for f in document.iter(f"{NS}form") if f.get("action") == action)
    values = []
    for field in form.iter():
        name = field.get("name")
        if not name or field.tag == f"{NS}button":
            continue
        if field.tag == f"{NS}textarea":
            values.append((name, field.text or ""))
        elif field.tag == f"{NS}input":
            if field.get("type") in ("checkbox", "radio") and field.get("checked") is None:
                continue
            values.append((name, field.get("value") or ""))
    return values


def changed(values: list[tuple[str, str]], **fields) -> list[tuple[str, str]]:
    """Replace fields (name with - written as __): a list value sets every ticked box."""
    fields = {name.replace("__", "-"): value for name, value in fields.items()}
    kept = [(name, value) for name, value in values if name not in fields]
    for name, value in fields.items():
        kept += [(name, v) for v in (value if isinstance(value, list) else [value])]
    return kept


def input_value(page: str, field_id: str) -> str:
    match = re.search(rf'id="{re.escape(field_id)}"[^>]*value="([^"]*)"', page) or re.search(
        rf'id="{re.escape(field_id)}"[^>]*>([^<]*)</textarea>', page)
    assert match, f"no field {field_id}"
    return html.unescape(match.group(1))


def fingerprint() -> str:
    """Every row of every table (but sign-in sessions): to show a request changed nothing."""
    db.session.expire_all()
    metadata = MetaData()
    metadata.reflect(db.engine)
    return repr([(name, sorted(map(repr, db.session.execute(select(table)).all())))
                 for name, table in sorted(metadata.tables.items()) if name != "user_session"])
