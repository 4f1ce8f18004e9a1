"""The practice tasks for computer classes can be done on the site as it is.

A tutor hands out the printed guide; if a button it names has been renamed, or its
searches find nothing, the class stalls. So every button, link and choice the tasks name
in bold must be on the pages a learner visits, and the searches must find services.
"""

import re

import pytest

from hub.config import ROOT
from tests.conftest import csrf_token

ARTICLES = ROOT / "content" / "articles"
LANGUAGES = sorted(path.parent.name for path in ARTICLES.glob("*/learn-to-use-this-site.md"))


def _named_in_bold(language: str) -> set[str]:
    """What the tasks tell a learner to find or choose: everything in bold except the
    "What you should see:" labels, which end with a colon."""
    guide = (ARTICLES / language / "learn-to-use-this-site.md").read_text(encoding="utf-8")
    body = guide.split("\n---\n", 1)[1]
    return {term for term in re.findall(r"\*\*(.+?)\*\*", body)
            if not term.rstrip().endswith((":", "："))}


def _result_count(shown) -> int:
    return len(shown.elements("button", form="booklet-add"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_thing_the_tasks_name_is_on_the_pages_a_learner_visits(sample_app, page,
                                                                     language):
    learner = sample_app.test_client()  # a visitor of their own, as at a class computer
    learner.get(f"/?lang={language}")  # remembered for every page after
    results = page(learner, "/search?q=lunch+club&near=Acomb")
    tuesday = page(learner, "/search?q=lunch+club&near=Acomb&sorted_near=Acomb&day=TU")
    service = results.elements("a", class_="govuk-link")
    first = next(link.get("href") for link in service if link.get("href", "").startswith(
        "/services/"))
    learner.post("/booklet/add", data={"item": f"service:{first.split('/')[2]}",
                                       "back_to": first,
                                       "csrf_token": csrf_token(learner, first)})
    visited = [
        page(learner, "/"), results, tuesday, page(learner, first), page(learner, "/booklet"),
        page(learner, "/accessibility/settings"), page(learner, "/guides"),
        page(learner, "/guides/getting-help-fast"), page(learner, "/finish"),
    ]
    on_the_pages = " ".join(" ".join(shown.text.split()) for shown in visited)

    missing = {term for term in _named_in_bold(language) if term not in on_the_pages}
    assert not missing, f"the practice tasks name things the site does not show: {missing}"
    # Tasks 1 and 2: the search finds services, and the filter leaves fewer but some.
    assert 0 < _result_count(tuesday) < _result_count(results)

