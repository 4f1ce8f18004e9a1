"""Every page follows the locale: lang and dir on <html>, strings through Babel."""

import re
import subprocess
import sys

from hub.config import ROOT
from tests.conftest import build_app


def test_right_to_left_locale_sets_lang_and_dir(tmp_path, page):
    app = build_app(tmp_path)
    app.config["LANGUAGES"] = ["en", "ar"]
    client = app.test_client()
    arabic = client.get("/categories?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in arabic
    english = client.get("/categories", headers={"Accept-Language": "en-GB"})
    assert '<html lang="en" dir="ltr"' in english.get_data(as_text=True)


def test_templates_have_no_text_outside_babel():
    """Text between tags must come from _() / {% trans %}, never be typed in the template."""
    offenders = []
    for path in (ROOT / "hub" / "templates").rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        source = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", source, flags=re.S)
        source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
        for text in re.findall(r">([^<>]+)<", source):
            words = re.sub(r"&[a-z]+;|[–✕!:().,£-]", " ", text).split()
            if words:
                offenders.append(f"{path.name}: {text.strip()!r}")
    assert not offenders, offenders


def test_the_message_catalogue_extracts_cleanly(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "_l", "-o", str(pot), "."],
                   check=True, capture_output=True, cwd=ROOT)
    messages = pot.read_text()
    assert 'msgid "Find health, care and community support"' in messages
    assert messages.count("msgid ") > 100
