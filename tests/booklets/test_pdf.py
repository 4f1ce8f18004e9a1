"""The printed booklet, read back with poppler and zbar as a person or a reader app would."""

import datetime as dt
import re
from dataclasses import replace

import pytest
from babel import Locale

from hub.booklets.contents import (
    BookletContent,
    GuideEntry,
    Place,
    Section,
    ServiceEntry,
    TalkingPoint,
)
from tests.booklets.pdf_tools import Booklet, plain, render
from tests.conftest import build_app, shown_in

AREAS = ("Acomb", "Haxby", "Tang Hall", "Clifton", "Heworth", "Bishopthorpe", "Fulford")
KINDS = ("Lunch Club", "Memory Café", "Chair Yoga", "Walking Group", "Carers' Drop-in",
         "Befriending Calls", "Digital Help Sessions", "Men's Shed")
A4_WIDTH, MARGIN = 595.28, 56.69

GUIDE_BODY = """## What you may pay

Most people pay something towards care at home. The council works out how much.

1. Ask the council for a care needs assessment.
2. They look at your income and savings.

| Savings | What happens |
| --- | --- |
| Under £14,250 | The council pays most of it |
| Over £23,250 | You pay the full cost |

> Ask for help early: advice is free.

Call [the advice line](tel:01632960500) or read [more about paying](https://live-well.example/guides/paying).

![A carer visiting](https://live-well.example/static/carer-visit.jpg)
"""


def service(number: int, **changes) -> ServiceEntry:
    kind, area = KINDS[number % len(KINDS)], AREAS[number % len(AREAS)]
    title = f"{area} {kind}" + (f" {number // 56 + 2}" if number >= 56 else "")
    entry = ServiceEntry(
        title=title,
        organisation=f"{area} Friendship Group",
        description=(f"Our {kind.lower()} meets every week in {area}. A friendly welcome, "
                     "a hot drink and **transport** if you need it.\n\n"
                     "- Step-free hall\n- Tea and cake afterwards\n\n"
                     "See [our page](https://friends.example/club) for dates."),
        eligibility="People who live alone or would like company.",
        ages="Aged 60 or over.",
        how_to_access="Call to book a place. Places fill up by Friday.",
        cost=("£4.50 per session", "Transport £2 each way"),
        contacts=(("Phone", f"01632 960{number:03d} (bookings)"),
                  ("Email", "hello@friends.example")),
        places=(Place(f"{area} Community Hall", "12 Example Street, York YO24 3AB",
                      ("Step-free access", "Hearing loop")),),
        opening=(("Tuesday", "10:00 – 12:00"), ("Thursday", "14:00 – 16:00")),
        last_checked=dt.date(2025, 2, 14),
        temporarily_closed=False,
        url=f"https://live-well.example/services/{1000 + number}",
        short_url=f"live-well.example/s/{number:08x}",
    )
    return replace(entry, **changes)


def guide(number: int, **changes) -> GuideEntry:
    entry = GuideEntry(
        title=f"Paying for care at home, part {number}",
        summary="How the council works out what you pay, and where to get advice.",
        body=GUIDE_BODY,
        last_reviewed=dt.date(2025, 1, 10),
        url=f"https://live-well.example/guides/paying-for-care-{number}",
        short_url=f"live-well.example/g/paying-{number}",
    )
    return replace(entry, **changes)


def booklet(*sections: Section, **changes) -> BookletContent:
    content = BookletContent(
        title="Information for Mrs Ada Smith",
        cover_note="Made with you at the Acomb Talking Point.",
        locale="en",
        direction="ltr",
        large_print=False,
        sections=sections,
        dropped=("Knit and Natter",),
        hub_name="Live Well York",
        place_name="York",
        help_phone="01632 960000",
        help_hours="Monday to Friday, 9am to 5pm",
        site_address="live-well.example",
        talking_points=(TalkingPoint("Acomb Library Talking Point",
                                     "1 Example Road, York YO24 4AA", "Tuesdays, 10am to 1pm"),),
        correct_on=dt.date(2025, 3, 3),
        code="K7QM 4X2P",
        reprint_url="live-well.example/booklet/find",
    )
    return replace(content, **changes)


def mixed(count: int) -> tuple[ServiceEntry | GuideEntry, ...]:
    """Services with a guide every tenth entry."""
    return tuple(guide(number) if number % 10 == 4 else service(number)
                 for number in range(count))


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return build_app(tmp_path_factory.mktemp("app"))


@pytest.fixture
def make(app, tmp_path):
    def make(content: BookletContent, name: str = "booklet") -> Booklet:
        return render(app, content, tmp_path / f"{name}.pdf")
    return make


def entry_pages(pdf: Booklet, titles: list[str]) -> dict[str, int]:
    """The page where each title stands as a line of its own: its last such page, as the
    contents come before the entries."""
    pages = {}
    for number in range(2, len(pdf.pages) + 1):
        for line in pdf.page_lines(number):
            if line in titles:
                pages[line] = number
    return pages


def contents_numbers(pdf: Booklet) -> dict[str, int]:
    """Title -> page number, as the contents pages print them: "Title      12"."""
    numbers: dict[str, int] = {}
    for number in range(2, len(pdf.pages)):
        found = [re.fullmatch(r"(.+?)\s{2,}(\d+)", line)
                 for line in pdf.page_lines(number, layout=True)]
        if not any(found):
            break
        numbers |= {match.group(1): int(match.group(2)) for match in found if match}
    return numbers


def test_cover_contents_entries_and_back_page(make):
    entries = mixed(12)
    pdf = make(booklet(Section("Social activities", entries[:7]),
                       Section("Money and care", entries[7:])))

    cover = pdf.pages[0]
    assert "Live Well York" in cover and "Information for Mrs Ada Smith" in cover
    assert "Information correct on 3 March 2025" in cover
    assert "go to live-well.example/booklet/find and type this code: K7QM 4X2P" in cover
    assert "Page 1" not in cover  # the cover has no footer
    assert pdf.pages[1].startswith("Contents")
    assert "These are no longer listed, so they are not in this booklet: • Knit and Natter" \
        in pdf.pages[1]

    titles = [entry.title for entry in entries]
    printed = contents_numbers(pdf)
    actual = entry_pages(pdf, [*titles, "Social activities", "Money and care"])
    assert set(titles) <= set(printed)
    assert {title: printed[title] for title in actual} == actual
    assert len(actual) == len(titles) + 2

    back = pdf.pages[-1]
    assert back.startswith("Get help")
    assert "Call 01632 960000" in back and "Monday to Friday, 9am to 5pm" in back
    assert "Acomb Library Talking Point 1 Example Road, York YO24 4AA" in back
    assert "Information correct on 3 March 2025" in back
    assert "live-well.example" in back
    assert not any(title in back for title in titles)  # the back page is a page of its own
    count = len(pdf.pages)
    assert f"Page {count} of {count}" in back
    assert "Page 2 of" in pdf.pages[1]


def test_a_service_says_everything_a_reader_needs(make):
    closed = service(3, temporarily_closed=True, note="Ask for Joan, she knows Mum.",
                     eligibility="", ages="", last_checked=None)
    pdf = make(booklet(Section("", (service(1), closed))))
    first, second = (pdf.pages[entry_pages(pdf, [title])[title] - 1]
                     for title in (service(1).title, closed.title))

    for expected in ("Haxby Friendship Group", "What it offers",
                     "Our memory café meets every week in Haxby.",
                     "See our page (friends.example/club) for dates.", "Who it is for",
                     "People who live alone or would like company. Aged 60 or over.",
                     "How to get it", "Call to book a place.", "Cost",
                     "£4.50 per session Transport £2 each way", "How to contact",
                     "Phone: 01632 960001 (bookings) Email: hello@friends.example",
                     "How to get there", "Haxby Community Hall 12 Example Street, York YO24 3AB",
                     "Step-free access", "Hearing loop", "Opening times",
                     "Last checked: 14 February 2025", "live-well.example/s/00000001",
                     "Scan the code with a phone camera"):
        assert expected in first, expected
    assert "Your note" not in first and "Temporarily closed" not in first
    for expected in ("Temporarily closed", "Your note Ask for Joan, she knows Mum.",
                     "Who it is for Anyone.", "Not yet checked"):
        assert expected in second, expected
    # Label beside detail, days beside times: one line each as laid out on the page.
    lines = pdf.page_lines(entry_pages(pdf, [service(1).title])[service(1).title], layout=True)
    for label, detail in (("What it offers", "Our memory café"), ("Cost", "£4.50 per session"),
                          ("Tuesday", "10:00 – 12:00"), ("Thursday", "14:00 – 16:00")):
        assert any(re.search(rf"{label}\s+{detail}", line) for line in lines), label


def test_guides_are_chapters_with_their_markdown(make):
    pdf = make(booklet(Section("", (service(1), guide(1), service(2)))))
    pages = entry_pages(pdf, [service(1).title, guide(1).title, service(2).title])
    assert pages[service(1).title] < pages[guide(1).title] < pages[service(2).title]
    chapter = pdf.pages[pages[guide(1).title] - 1]
    assert chapter.startswith(guide(1).title)
    for expected in ("How the council works out what you pay", "What you may pay",
                     "1. Ask the council for a care needs assessment. 2. They look",
                     "Savings What happens Under £14,250 The council pays most of it",
                     "Ask for help early: advice is free.",
                     "Call the advice line (01632960500) or read more about paying "
                     "(live-well.example/guides/paying).",
                     "Last reviewed: 10 January 2025", "live-well.example/g/paying-1"):
        assert expected in chapter, expected
    assert "carer-visit" not in chapter and "A carer visiting" not in chapter


def test_every_font_is_embedded_and_each_script_gets_its_font(make):
    english = make(booklet(Section("", (service(1),))), "english")
    assert set(english.fonts) == {"LiberationSans", "LiberationSans-Bold"}
    assert set(english.fonts.values()) == {"yes"}

    notes = (service(1, note="اتصل بابنتي قبل الذهاب"), service(2, note="请先打电话给我的女儿。"))
    pdf = make(booklet(Section("", notes)), "notes")
    assert {"LiberationSans", "DejaVuSans", "WenQuanYiZenHei-0"} <= set(pdf.fonts)
    assert set(pdf.fonts.values()) == {"yes"}, pdf.fonts
    assert "请先打电话给我的女儿。" in "".join(pdf.pages)
    assert "اتصل بابنتي قبل الذهاب" in "".join(pdf.pages)


def test_every_qr_code_reads_as_its_entry_address(make, tmp_path):
    entries = mixed(7)
    pdf = make(booklet(Section("", entries)))
    codes = pdf.qr_codes(tmp_path)
    found = [url for page in codes.values() for url in page]
    assert sorted(found) == sorted(entry.url for entry in entries)
    pages = entry_pages(pdf, [entry.title for entry in entries])
    for entry in entries:  # each code sits with its entry
        assert entry.url in codes[pages[entry.title]]


ARABIC_SERVICE = "مركز مجتمعي للمسنين"


def arabic_booklet() -> BookletContent:
    centre = service(
        1, title=ARABIC_SERVICE, organisation="جمعية أصدقاء أكومب",
        description="غداء ساخن ودردشة ودية كل يوم ثلاثاء (مع الشاي).",
        eligibility="الأشخاص الذين يعيشون بمفردهم.", ages="", note="اتصل بابنتي قبل الذهاب",
        contacts=(("هاتف", "01632 960123"),))
    return booklet(Section("أنشطة اجتماعية", (centre, service(2, in_english=True))),
                   title="معلومات للسيدة فاطمة", cover_note="", locale="ar", direction="rtl")


def test_an_arabic_booklet_is_shaped_and_right_to_left(app, make):
    pdf = make(arabic_booklet())
    text = " ".join(pdf.pages)
    for phrase in ("معلومات للسيدة فاطمة", ARABIC_SERVICE, "اتصل بابنتي قبل الذهاب",
                   "غداء ساخن ودردشة ودية كل يوم ثلاثاء"):
        # pdftotext gives logical order; a reversed phrase would mean lines drawn backwards.
        assert phrase in text, phrase
    raw = "".join(pdf.raw_pages)
    assert re.search("[\ufe70-\ufeff]", raw), "Arabic letters are drawn in joined forms"
    assert "01632 960123" in text  # the number's groups keep their order

    in_english = service(2).title
    pages = entry_pages(pdf, [ARABIC_SERVICE, in_english])
    with app.app_context():
        note = shown_in("ar", "This is not yet available in %(language)s, so it is in English.",
                        language=Locale.parse("ar").get_display_name("ar"))
        label_words = shown_in("ar", "What it offers").split()
    # The note stands with the entry that is in English, not with the translated one. On a
    # page of mostly English, pdftotext reads each line left to right, so the note's two
    # clauses may come out either side of its comma: each must be whole and in order.
    clauses = [clause for clause in re.split(r"\s*[،,]\s*", note.rstrip(".")) if clause]
    assert len(clauses) >= 2, note
    for clause in clauses:
        assert clause in pdf.pages[pages[in_english] - 1], clause
        assert clause not in pdf.pages[pages[ARABIC_SERVICE] - 1], clause

    page = pages[ARABIC_SERVICE]
    words = pdf.words(page, page)
    # -bbox lists words as drawn, left to right, so an Arabic word comes out reversed.
    title = [word for word in words if plain(word.text)[::-1] in ARABIC_SERVICE.split()]
    assert len(title) == 3
    # The label's first word is the one on the right.
    label = [word for word in words if plain(word.text)[::-1] == label_words[0]]
    address = [word for word in words if word.text.startswith("live-well.example/s/")]
    right_edge = A4_WIDTH - MARGIN
    assert max(word.x_max for word in title) == pytest.approx(right_edge, abs=1)
    assert label[0].x_max == pytest.approx(right_edge, abs=1)  # labels start on the right
    assert address[0].x_max < right_edge - 60  # the QR code takes the right-hand side
    assert pdf.language == "ar"


def test_a_chinese_booklet_wraps_between_characters(make):
    long_text = "每周二提供热腾腾的两道菜午餐，还可以和大家聊天。" * 6
    centre = service(1, title="社区老人中心", organisation="阿科姆友谊协会", description=long_text)
    pdf = make(booklet(Section("", (centre,)), title="给王女士的资料", locale="zh"))
    text = "".join(pdf.pages).replace(" ", "")
    assert "社区老人中心" in text and "给王女士的资料" in text
    assert plain(long_text) in text
    assert "WenQuanYiZenHei-0" in pdf.fonts
    page = entry_pages(pdf, ["社区老人中心"])["社区老人中心"]
    # With no spaces to break at, the paragraph still fills several lines within the margin.
    lines = [line for line in pdf.page_lines(page) if "两道菜" in line or "聊天" in line]
    assert len(lines) >= 5
    assert all(word.x_max <= A4_WIDTH - MARGIN + 1 for word in pdf.words(page, page))
    assert pdf.language == "zh"


def test_large_print_is_large_and_reflows(make):
    content = booklet(Section("", mixed(8)))
    normal, large = make(content, "normal"), make(replace(content, large_print=True), "large")

    def body_heights(pdf: Booklet) -> list[float]:
        return [word.height for word in pdf.words(3) if word.text in ("friendly", "welcome,")]

    assert body_heights(normal) and all(10.5 < height < 13 for height in body_heights(normal))
    assert body_heights(large) and all(height >= 16 for height in body_heights(large))
    assert len(large.pages) > len(normal.pages)
    assert all(word.x_max <= A4_WIDTH - MARGIN + 1 for word in large.words())


def test_a_service_never_leaves_its_heading_at_the_foot_of_a_page(make):
    long_description = "\n\n".join(
        f"Paragraph {number}: volunteers run this group every week and welcome newcomers, "
        "so just come along and say hello." for number in range(60))
    entries = [service(number) for number in range(24)]
    entries[5] = replace(entries[5], description=long_description)  # longer than a page
    entries[11] = replace(entries[11], note="Ring Joan first, she drives me there. " * 4)
    for large_print in (False, True):
        pdf = make(booklet(Section("Social activities", tuple(entries)),
                           large_print=large_print), f"large-{large_print}")
        pages = entry_pages(pdf, [entry.title for entry in entries])
        assert len(pages) == len(entries)
        for entry in entries:
            page = pdf.pages[pages[entry.title] - 1]
            if entry is entries[5]:  # may run over pages, but starts with its heading
                assert "Paragraph 0: volunteers" in page
                continue
            assert entry.description.split(".")[0] in page, (entry.title, large_print)
            if not large_print:  # where it fits on a page, the whole service is together
                assert entry.short_url in page, entry.title


def test_sparse_and_awkward_content_still_prints_clearly(make):
    address = "https://friends.example/a-very-long-address/that-cannot-fit-on-one-line/" * 2
    bare = service(1, title="Haxby Memory Café, a long name " * 4, organisation="",
                   description=f"- One\n  - Inside one\n- Two\n\nDetails at {address}",
                   eligibility="", ages="", how_to_access="", cost=(), contacts=(),
                   places=(), opening=())
    pdf = make(booklet(Section("", (bare,)), cover_note="", code=None, dropped=(),
                       talking_points=()))
    text = " ".join(pdf.pages)
    assert "type this code" not in text and "no longer listed" not in text
    words = pdf.words(3, 3)
    assert address in "".join(word.text for word in words)  # cut across lines, all printed
    where = {word.text: word.x_min for word in words}
    assert where["One"] == where["Two"] < where["Inside"]  # the inner list is set in
    assert "Who it is for Anyone." in text
    assert "Call 01632 960000 to find your nearest Talking Point." in pdf.pages[-1]
    assert all(word.x_max <= A4_WIDTH - MARGIN + 1 for word in pdf.words())


def test_metadata_gives_title_author_and_language(make):
    pdf = make(booklet(Section("", (service(1),))))
    assert pdf.info["Title"] == "Information for Mrs Ada Smith"
    assert pdf.info["Author"] == "Live Well York"
    assert pdf.info["Page size"].endswith("(A4)")
    assert pdf.language == "en"


def test_no_page_is_left_empty_when_a_service_ends_at_the_foot_of_a_page(make):
    """Descriptions of 1 to 12 sentences: at 8 (today) the service ends just where the rule
    after it would not fit. That rule, or the next section's page break, must not leave an
    empty page; the range keeps the case covered if the layout shifts a little."""
    sentence = "Volunteers visit every week, stay for a chat and help with small jobs. "
    footer_words = 9  # "Information for Mrs Ada Smith Page 4 of 6"
    for sentences in range(1, 13):
        pdf = make(booklet(Section("Company", (service(1, description=sentence * sentences),)),
                           Section("Help", (service(2),))), f"fit-{sentences}")
        empty = [n for n, page in enumerate(pdf.pages, start=1)
                 if len(page.split()) <= footer_words]
        assert not empty, f"{sentences} sentences: pages with only the footer: {empty}"
