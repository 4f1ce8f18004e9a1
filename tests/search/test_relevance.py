"""Relevance table: what a York resident or carer types, and what they must see.

Each row is a query typed the way people really type it (everyday words, misspellings,
whole sentences) and the sample services (content/sample/services-*.json, by slug) that
MUST be among the first five results. The expected services were chosen by reading the
sample data: the service the person clearly wants, not whatever the engine returned.

When a row fails, read the query Whoosh builds (hub.search.queries.text_query). A missing
everyday synonym is fixed in content/synonyms.txt; a row that needs a change to the search
code stays in the table, marked xfail(strict=True) with the precise cause.
"""

import json

import pytest

from hub.config import ROOT
from hub.directory.oruk import stable_id
from hub.search.queries import SearchRequest, reset_caches, search

TOP = 5
SAMPLE_DIR = ROOT / "content" / "sample"


def _sample_services() -> list[dict]:
    services = []
    for path in sorted(SAMPLE_DIR.glob("services-*.json")):
        services.extend(json.loads(path.read_text(encoding="utf-8"))["services"])
    return services


SAMPLE = _sample_services()
SLUG_BY_ID = {stable_id("service", s["slug"]): s["slug"] for s in SAMPLE}
INACTIVE = sorted(s["slug"] for s in SAMPLE if s["status"] == "inactive")


def xfail(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


# Causes in the search code (hub/search/queries.py), shared by several rows.
MISSPELT_GROUP = (
    "A misspelt word from a synonym group ranks services by the group's mentions and its "
    "main term; five dementia services have 'dementia' in their name, so the memory worries "
    "line, which says it only in its description, comes 6th. Needs ranking that favours "
    "advice services for a first, general search, or a moderator's 'best bet' per group.")
FAMILY_WORDS = (
    "A family word ('mum', 'husband') is in no listing and in no synonym group (they are not "
    "interchangeable), so nothing matches every concept and the any-concept fallback ranks "
    "by the other concept alone. "
)


# (query, slugs that must all be in the top five)
RELEVANCE = [
    # --- Misspellings people really type ---
    ("dimentia", ["a-rosemary-lane-memory-worries-line", "a-bramblewick-dementia-day-centre"],
     xfail(MISSPELT_GROUP)),
    ("alzhiemers", ["a-rosemary-lane-memory-worries-line", "a-bramblewick-dementia-day-centre"],
     xfail(MISSPELT_GROUP)),
    ("councelling", ["a-quiet-harbour-low-cost-counselling"]),
    ("benifits", ["b-benefits-check-service"]),
    ("respit", ["a-lantern-respite-sitting", "a-ouse-valley-sitting-service"]),
    ("wheelchiar", ["b-short-term-wheelchair-hire", "b-city-centre-wheelchair-loan"]),
    ("bereavment", ["c-bereavement-counselling", "c-bereavement-support-group"]),
    ("diabeties", ["a-level-best-diabetes-group"]),
    ("pention credit", ["b-pension-credit-drop-in"]),
    # --- Care and help at home ---
    ("home care", ["a-lantern-home-care-visits", "a-village-care-home-care"]),
    ("help getting dressed", ["a-lantern-home-care-visits", "a-village-care-home-care"]),
    ("someone to help me wash", ["a-lantern-home-care-visits"]),
    ("cleaner", ["a-village-care-home-help"]),
    ("meals on wheels", ["a-warm-plate-meals-on-wheels"]),
    ("lunch club", ["b-acomb-lunch-club", "a-acomb-lunch-club", "b-haxby-lunch-club"]),
    ("panic button", ["a-callwell-personal-alarm"]),
    ("my mum keeps falling", ["a-sure-footing-home-falls-check",
                              "a-sure-footing-strength-balance"]),
    ("help at home after a fall", ["a-lantern-reablement"]),
    ("coming out of hospital", ["b-home-from-hospital-check", "a-lantern-reablement"]),
    # --- Equipment and the home ---
    ("grab rails", ["b-grab-rails-fitting"]),
    ("stairlift", ["b-disabled-facilities-grant-support"]),
    ("walk in shower", ["b-disabled-facilities-grant-support"]),
    ("walking frame", ["b-equipment-loan-store", "b-short-term-wheelchair-hire"]),
    ("mobility scooter", ["b-scooter-skills-sessions", "b-city-centre-wheelchair-loan"]),
    ("handyman", ["b-handyperson-service"]),
    ("key safe", ["c-home-safety-shop", "b-home-from-hospital-check"]),
    ("smoke alarm", ["c-home-fire-safety-checks"]),
    ("hoarding", ["c-clutter-fire-safety"]),
    # --- Carers ---
    ("carers break", ["a-ouse-valley-break-days", "a-ouse-valley-sitting-service",
                      "a-lantern-respite-sitting"]),
    ("carers allowance", ["a-ouse-valley-carers-advice"]),
    ("looking after my mum", ["a-ouse-valley-carers-advice"], xfail(
        FAMILY_WORDS + "'looking after a relative' (a carers synonym) does find the carers' "
        "advice service: one-way rules (mum, dad, husband, wife => relative) would fix it.")),
    ("young carers", ["a-ouse-valley-young-carers-club", "a-kestrel-young-carers-in-school"]),
    # --- Memory and dementia ---
    ("memory cafe", ["a-rosemary-lane-memory-cafe", "a-village-care-strensall-memory-cafe"]),
    ("my husband has dementia", ["a-rosemary-lane-dementia-adviser",
                                 "a-rosemary-lane-carers-course"], xfail(
        FAMILY_WORDS + "The dementia adviser comes first; the course for families who care "
        "comes 6th, as 'husband' says nothing to the engine about caring.")),
    ("dementia day care", ["a-bramblewick-dementia-day-centre"]),
    # --- Money ---
    ("money worries", ["b-debt-advice"]),
    ("can't pay my bills", ["b-debt-advice"]),
    ("cant afford heating", ["b-warm-homes-advice", "b-energy-bills-debt-help"]),
    ("no money for food", ["b-food-bank"]),
    ("food bank", ["b-food-bank"]),
    ("attendance allowance", ["b-attendance-allowance-form-help"]),
    ("care home fees", ["b-paying-for-care-advice", "b-care-fees-helpline"]),
    ("power of attorney", ["c-lasting-power-of-attorney-help"]),
    ("make a will", ["c-wills-clinic"]),
    # --- Housing ---
    ("homeless", ["b-homelessness-advice-line"]),
    ("being evicted", ["b-homelessness-advice-line", "b-renters-rights-clinic"]),
    ("sheltered housing", ["b-sheltered-housing-information"]),
    # --- Getting about ---
    ("lift to hospital", ["b-volunteer-car-scheme"]),
    ("blue badge", ["b-bus-pass-blue-badge-help", "b-travel-help-at-home"]),
    # --- Company and things to do ---
    ("lonely", ["b-telephone-befriending", "b-befriending-home-visits"]),
    ("someone to talk to", ["b-telephone-befriending", "a-quiet-harbour-listening-line"]),
    ("walking group", ["a-two-rivers-woodthorpe-walk", "a-two-rivers-strensall-walk"]),
    ("exercise class for older people", ["a-sure-footing-chair-exercise",
                                         "a-sure-footing-strength-balance"]),
    ("mens shed", ["b-tool-shed-workshop"]),
    # --- Health, senses and conditions ---
    ("deaf", ["a-earshot-lipreading-class", "a-earshot-hearing-aid-drop-in"]),
    ("hearing aid batteries", ["a-earshot-hearing-aid-drop-in"]),
    ("losing my sight", ["a-brightlens-sight-loss-support"]),
    ("toenail cutting", ["a-foss-health-foot-care"]),
    ("my dad has had a stroke", ["a-riverside-weekly-stroke-club"]),
    # --- Feelings and mental health ---
    ("anxiety", ["a-quiet-harbour-low-cost-counselling", "a-lamplight-womens-circle"]),
    ("feeling low", ["a-quiet-harbour-low-cost-counselling"]),
    ("feeling suicidal", ["a-stillwater-24-hour-crisis-line"]),
    ("counselling for teenagers", ["a-kestrel-youth-counselling"]),
    ("my wife died", ["c-bereavement-support-group", "c-bereavement-counselling"]),
    ("end of life care at home", ["c-hospice-at-home"]),
    # --- Keeping safe ---
    ("being hit by my partner", ["c-domestic-abuse-helpline", "c-domestic-abuse-outreach"]),
    ("report abuse of an older person", ["c-safeguarding-adults-line"]),
    ("scam phone calls", ["c-call-blocker-advice"]),
    ("i've been scammed", ["c-scam-victim-support"]),
    # --- Learning, work and getting online ---
    ("learn to use an ipad", ["c-digital-drop-in", "c-tablet-lending"]),
    ("help with my phone", ["c-village-smartphone-clinic", "c-digital-drop-in"]),
    ("english lessons", ["c-esol-courses", "c-english-conversation-club"]),
    ("jobs for disabled people", ["c-supported-employment"]),
    ("autistic child", ["c-autism-family-support", "c-after-diagnosis-course"]),
]

# Where one service is unambiguous: it must come first.
TOP_RESULT = [
    # Exact service names.
    ("Benefits check service", "b-benefits-check-service"),
    ("Knit and natter", "b-knit-and-natter"),
    ("Tablet lending scheme", "c-tablet-lending"),
    ("Fulford memory café", "a-rosemary-lane-memory-cafe"),
    ("Job club", "c-job-club"),
    ("Ouse Valley Food Bank", "b-food-bank"),
    ("Sing and Remember", "a-rosemary-lane-singing-group"),
    ("Independent advocacy", "c-independent-advocacy"),
    ("Lasting power of attorney help", "c-lasting-power-of-attorney-help"),
    # One service that is plainly the answer.
    ("meals on wheels", "a-warm-plate-meals-on-wheels"),
    ("grab rails", "b-grab-rails-fitting"),
    ("power of attorney", "c-lasting-power-of-attorney-help"),
    ("attendance allowance", "b-attendance-allowance-form-help"),
    ("pension credit", "b-pension-credit-drop-in"),
    ("toenail cutting", "a-foss-health-foot-care"),
    ("hoarding", "c-clutter-fire-safety"),
    ("mens shed", "b-tool-shed-workshop"),
    ("stroke", "a-riverside-weekly-stroke-club"),
]

# Queries aimed at the inactive services themselves, on top of every query above.
INACTIVE_PROBES = [
    "shopping buddies", "help with shopping", "stairlift recycling scheme", "stairlift",
    "evening legal rights clinic", "free legal advice", "employment discrimination",
]


def _slugs(text: str, page_size: int = TOP) -> list[str]:
    results = search(SearchRequest(text=text, page_size=page_size))
    return [SLUG_BY_ID[hit.service_id] for hit in results.hits]


@pytest.fixture
def ranked(sample_app):
    with sample_app.app_context():
        reset_caches()
        yield _slugs


def test_table_is_about_real_sample_services():
    slugs = {s["slug"] for s in SAMPLE}
    expected = {slug for _, wanted, *_ in RELEVANCE for slug in wanted}
    expected |= {slug for _, slug in TOP_RESULT}
    assert expected <= slugs, sorted(expected - slugs)
    assert not expected & set(INACTIVE)
    queries = [query for query, *_ in RELEVANCE]
    assert len(queries) == len(set(queries)) >= 45


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param(row[0], row[1], id=row[0], marks=row[2] if len(row) > 2 else ())
    for row in RELEVANCE
])
def test_expected_services_in_top_five(ranked, query, expected):
    top = ranked(query)
    missing = [slug for slug in expected if slug not in top]
    assert not missing, f"{query!r}: {missing} not in top {TOP}: {top}"


@pytest.mark.parametrize(("query", "slug"), TOP_RESULT, ids=[q for q, _ in TOP_RESULT])
def test_unambiguous_top_result(ranked, query, slug):
    top = ranked(query)
    assert top[:1] == [slug], f"{query!r}: {top}"


def test_inactive_services_never_appear(ranked):
    assert len(INACTIVE) >= 3  # the sample keeps some inactive services to test this
    queries = [q for q, *_ in RELEVANCE] + [q for q, _ in TOP_RESULT] + INACTIVE_PROBES
    names = [s["name"] for s in SAMPLE if s["status"] == "inactive"]
    shown = {}
    for query in queries + names:
        found = set(ranked(query, page_size=200)) & set(INACTIVE)
        if found:
            shown[query] = sorted(found)
    assert not shown
