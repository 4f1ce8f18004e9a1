"""Listen: pages read aloud by the real espeak-ng and lame, measured from the MP3 itself.

Durations come from the MP3's own frames (each MPEG-2 Layer III frame holds 576 samples),
checked once against lame's decoder. Nothing is mocked: a missing program is a PATH
without it.
"""

import re
import shutil
import subprocess
import threading
import wave
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from hub.access import audio
from hub.access.audio import Part
from hub.access.listen import guide_parts, service_parts, spoken_days, spoken_time
from hub.config import ROOT
from hub.extensions import db, limiter
from tests.conftest import build_app, load_reference_data, shown_in
from tests.factories import make_service

pytestmark = pytest.mark.skipif(not audio.available(), reason="needs espeak-ng and lame "
                                "(scripts/system-packages.sh installs them)")

SLUG = "help-after-a-fall"
LONG_GUIDE = "paying-for-a-care-home"
FRONT = """---
title: {title}
summary: {summary}
topics: [falls]
audience: [older-people]
last_reviewed: 2026-11-01
review_due: 2027-11-01
sources:
  - name: NHS
    url: https://www.nhs.uk/conditions/falls/
---

"""
# One short guide, written in each hub language, so each voice reads its own language.
GUIDES = {
    "en": ("Help at home after a fall",
           "Who to call after a fall, and how to make your home safer.",
           "## Who to call\n\nIf you are hurt, call 999. If you are not hurt but cannot get "
           "up, call 111.\n\n## Make your home safer\n\n- Keep the floor clear of rugs and "
           "wires.\n- Put a light by your bed.\n- Ask the council for a free [home safety "
           "check](https://www.example.org/safety).\n"),
    "pl": ("Pomoc w domu po upadku",
           "Do kogo zadzwonić po upadku i jak sprawić, by dom był bezpieczniejszy.",
           "## Do kogo zadzwonić\n\nJeśli jesteś ranny, zadzwoń pod numer 999. Jeśli nie "
           "jesteś ranny, ale nie możesz wstać, zadzwoń pod numer 111.\n\n## Bezpieczniejszy "
           "dom\n\n- Usuń z podłogi dywaniki i kable.\n- Postaw lampkę przy łóżku.\n- Poproś "
           "urząd o bezpłatną [kontrolę bezpieczeństwa](https://www.example.org/safety) w "
           "domu.\n"),
    "zh": ("跌倒后的居家帮助",
           "跌倒后应该打电话给谁，以及如何让您的家更安全。",
           "## 打电话给谁\n\n如果您受伤了，请拨打999。如果您没有受伤，但是站不起来，请拨打111。"
           "\n\n## 让您的家更安全\n\n- 清除地板上的地毯和电线。\n- 在床边放一盏灯。\n"
           "- 请市政府为您免费[检查家里的安全](https://www.example.org/safety)。\n"),
    "ar": ("المساعدة في المنزل بعد السقوط",
           "بمن تتصل بعد السقوط، وكيف تجعل منزلك أكثر أمانًا.",
           "## بمن تتصل\n\nإذا أصبت، اتصل بالرقم 999. إذا لم تصب ولكنك لا تستطيع النهوض، "
           "اتصل بالرقم 111.\n\n## اجعل منزلك أكثر أمانًا\n\n- أزل السجاد والأسلاك من الأرض.\n"
           "- ضع مصباحًا بجانب سريرك.\n- اطلب من المجلس [فحصًا مجانيًا للسلامة]"
           "(https://www.example.org/safety) في منزلك.\n"),
    "ro": ("Ajutor acasă după o cădere",
           "Pe cine să suni după o cădere și cum să îți faci casa mai sigură.",
           "## Pe cine să suni\n\nDacă ești rănit, sună la 999. Dacă nu ești rănit, dar nu te "
           "poți ridica, sună la 111.\n\n## O casă mai sigură\n\n- Ia de pe podea covorașele "
           "și cablurile.\n- Pune o lampă lângă pat.\n- Cere consiliului o [verificare "
           "gratuită](https://www.example.org/safety) a siguranței locuinței.\n"),
    "pt": ("Ajuda em casa depois de uma queda",
           "A quem telefonar depois de uma queda e como tornar a sua casa mais segura.",
           "## A quem telefonar\n\nSe estiver ferido, ligue para o 999. Se não estiver ferido "
           "mas não se conseguir levantar, ligue para o 111.\n\n## Uma casa mais segura\n\n"
           "- Retire do chão os tapetes e os fios.\n- Ponha um candeeiro junto à cama.\n"
           "- Peça à câmara municipal uma [verificação gratuita](https://www.example.org/safety) "
           "da segurança da sua casa.\n"),
}
# Seconds per word the recording may last. espeak-ng reads at 150 words a minute here
# (0.4 s a word) and pauses at each full stop: measured 0.42 s (English), 0.47
# (Portuguese), 0.50 (Romanian), 0.60 (Polish: longer words) and 0.72 (Arabic, where "and",
# "the" and "your" are part of the word). Below 0.2 s a word is too fast to follow, or
# words were lost; above 1.2 s the voice is spelling words out letter by letter.
PER_WORD = (0.2, 1.2)
# Chinese has no spaces: a character is a syllable. Measured 0.41 s a character (numbers
# such as 999 are read as five syllables); 0.15 to 0.8 allows for that either way.
PER_CHINESE_CHARACTER = (0.15, 0.8)


# Measuring an MP3 by its frames

MPEG2_KBPS = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
MPEG1_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def mp3_frames(data: bytes) -> tuple[int, int, int, set[int]]:
    """(audio frames, samples per frame, sample rate, channel modes), walking every frame
    header; fails if the file is not MP3 from start to end (e.g. cut short)."""
    position, frames, rate, per_frame, modes = 0, 0, 0, 0, set()
    if data[:3] == b"ID3":
        size = data[6:10]
        position = 10 + (size[0] << 21 | size[1] << 14 | size[2] << 7 | size[3])
    while position + 4 <= len(data):
        if data[position:position + 3] == b"TAG":  # an ID3v1 tag ends the file
            break
        header = int.from_bytes(data[position:position + 4], "big")
        assert header >> 21 == 0x7FF, f"no MP3 frame at byte {position}"
        version, layer = header >> 19 & 3, header >> 17 & 3
        assert layer == 1, "not Layer III"
        mpeg1 = version == 3
        kbps = (MPEG1_KBPS if mpeg1 else MPEG2_KBPS)[header >> 12 & 15]
        rate = SAMPLE_RATES[version][header >> 10 & 3]
        per_frame = 1152 if mpeg1 else 576
        length = (144 if mpeg1 else 72) * kbps * 1000 // rate + (header >> 9 & 1)
        modes.add(header >> 6 & 3)
        body = data[position + 4:position + 40]
        if not (frames == 0 and (b"Info" in body or b"Xing" in body)):  # lame's tag frame
            frames += 1
        position += length
    assert position == len(data) or data[position:position + 3] == b"TAG", "cut short"
    return frames, per_frame, rate, modes


def duration(data: bytes) -> float:
    frames, per_frame, rate, _modes = mp3_frames(data)
    return frames * per_frame / rate


def words_in(language: str) -> int:
    title, summary, body = GUIDES[language]
    text = re.sub(r"\]\([^)]*\)", " ", f"{title} {summary} {body}")  # link addresses
    if language == "zh":
        return len(re.findall(r"[\u4e00-\u9fff]", text))
    return len(re.findall(r"\w+", text))


# The hub, with the guides above and one long real guide

@pytest.fixture(scope="module")
def listen_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("listen")
    articles = tmp / "content" / "articles"
    for language, (title, summary, body) in GUIDES.items():
        (articles / language).mkdir(parents=True)
        (articles / language / f"{SLUG}.md").write_text(
            FRONT.format(title=title, summary=summary) + body, encoding="utf-8")
    shutil.copy(ROOT / "content" / "articles" / "en" / f"{LONG_GUIDE}.md", articles / "en")
    app = build_app(tmp)
    app.config.update(CONTENT_DIR=tmp / "content", AUDIO_CACHE_DIR=str(tmp / "audio"),
                      AUDIO_RECORDINGS_PER_ADDRESS="1000 per minute")
    with app.app_context():
        load_reference_data()
        yield app
        db.session.remove()


@pytest.fixture
def client(listen_app):
    limiter.reset()
    return listen_app.test_client()


@pytest.fixture
def cache(listen_app) -> Path:
    return Path(listen_app.config["AUDIO_CACHE_DIR"])


def recordings(cache: Path) -> dict[str, tuple[int, int]]:
    """Each file in the cache, by name, with its inode and modification time."""
    if not cache.exists():
        return {}
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.iterdir()}


@contextmanager
def reading_in(app, language: str):
    """A request from a reader of `language`, in an app context of its own, as each real
    request has: Flask-Babel keeps the chosen locale in `g`, so a request context that
    shared this module's app context would keep the first test's language."""
    with app.app_context(), app.test_request_context(f"/?lang={language}"):
        yield


def player_src(html: str) -> str:
    match = re.search(r'<audio class="hub-listen__player" controls preload="none" '
                      r'src="([^"]+)">', html)
    assert match, "no audio player on the page"
    return match.group(1).replace("&amp;", "&")


# Recordings

@pytest.mark.parametrize("language", list(GUIDES))
def test_each_language_gets_a_recording_as_long_as_its_text(client, cache, page, language):
    shown = page(client, f"/guides/{SLUG}?lang={language}")
    src = player_src(shown.html)
    assert src == f"/listen/guides/{SLUG}.mp3?lang={language}"
    before = recordings(cache)

    response = client.get(src)

    assert response.status_code == 200
    assert response.mimetype == "audio/mpeg"
    made = set(recordings(cache)) - set(before)
    assert len(made) == 1, "one new file for this language"
    assert response.headers["ETag"].strip('"') + ".mp3" in made
    _frames, per_frame, rate, modes = mp3_frames(response.data)
    assert rate == 22050 and per_frame == 576 and modes == {3}  # espeak-ng's rate, mono
    seconds = duration(response.data)
    low, high = PER_CHINESE_CHARACTER if language == "zh" else PER_WORD
    words = words_in(language)
    assert low * words <= seconds <= high * words, (language, words, seconds)
    # 32 kbps: the size follows from the length, so nothing but audio is in the file.
    assert abs(len(response.data) - seconds * 32000 / 8) < 2000


def test_the_frame_count_agrees_with_lames_own_decoder(client, tmp_path):
    data = client.get(f"/listen/guides/{SLUG}.mp3?lang=en").data
    (tmp_path / "guide.mp3").write_bytes(data)
    subprocess.run(["lame", "--quiet", "--decode", str(tmp_path / "guide.mp3"),
                    str(tmp_path / "guide.wav")], check=True, timeout=30)
    with wave.open(str(tmp_path / "guide.wav")) as decoded:
        decoded_seconds = decoded.getnframes() / decoded.getframerate()
    assert abs(decoded_seconds - duration(data)) < 0.1


def test_a_second_request_is_served_from_the_cache(client, cache):
    url = f"/listen/guides/{SLUG}.mp3?lang=pl"
    first = client.get(url)
    made = recordings(cache)

    again = client.get(url)

    assert again.status_code == 200 and again.data == first.data
    assert recordings(cache) == made, "no file was made or rewritten"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "public, max-age=3600"
    # Made recordings are never rate limited.
    assert "X-RateLimit-Remaining" not in again.headers


def test_a_browser_that_has_the_recording_gets_304_and_can_seek(client, cache):
    url = f"/listen/guides/{SLUG}.mp3?lang=ro"
    first = client.get(url)

    unchanged = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    part = client.get(url, headers={"Range": "bytes=1000-1999"})

    assert unchanged.status_code == 304 and not unchanged.data
    assert part.status_code == 206 and part.data == first.data[1000:2000]
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(first.data)}"


def test_a_changed_guide_gets_a_new_recording(client, cache, listen_app):
    url = f"/listen/guides/{SLUG}.mp3?lang=pt"
    first = client.get(url)
    path = Path(listen_app.config["CONTENT_DIR"]) / "articles" / "pt" / f"{SLUG}.md"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original + "\nLigue também ao seu médico de família.\n",
                        encoding="utf-8")
        changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    finally:
        path.write_text(original, encoding="utf-8")

    assert changed.status_code == 200
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert duration(changed.data) > duration(first.data) + 1


def test_an_untranslated_guide_is_read_by_the_english_voice_after_a_word_in_polish(
        listen_app):
    from hub.articles.content import article

    with reading_in(listen_app, "pl"):
        found = article(Path(listen_app.config["CONTENT_DIR"]) / "articles", LONG_GUIDE, "pl")
        parts = guide_parts(found, "pl")
        not_translated = shown_in(
            "pl", "This guide is not translated into %(language)s yet, so it is read in "
            "English.", language="polski")
    assert parts[0] == Part("pl", not_translated)
    assert {part.language for part in parts[1:]} == {"en"}
    assert parts[1].text == "Paying for a care home."
    # Links are read by their words; no web address is ever read out.
    assert "care needs assessment" in " ".join(part.text for part in parts)
    assert not any("/guides/" in part.text or "http" in part.text for part in parts)


def test_chinese_is_read_as_mandarin_not_spelt_out_in_english(listen_app):
    """Debian's "cmn" voice reads 你 as "ni three" in English; the pinyin one reads Mandarin."""
    voices = listen_app.config["AUDIO_VOICES"]
    markup = audio.ssml([Part("zh", "如果您受伤了，请拨打九九九。"), Part("en", "Call 999.")],
                        voices)
    phonemes = subprocess.run(["espeak-ng", "-q", "-x", "-m", "-v", voices["zh"]],
                              input=markup.encode(), capture_output=True, check=True,
                              timeout=30).stdout.decode()
    *chinese, english = [line for line in phonemes.split("\n") if line.strip()]
    chinese = " ".join(chinese)
    assert "(en)" not in chinese and re.search(r"\d\d", chinese), chinese  # tone numbers
    assert "n'aIn" in english  # "nine", by the English voice


def test_a_long_page_is_cut_and_says_so(client, listen_app, monkeypatch):
    monkeypatch.setitem(listen_app.config, "AUDIO_MAX_CHARACTERS", 600)
    whole_words = 600 / 6  # about six characters a word, with the space

    response = client.get(f"/listen/guides/{LONG_GUIDE}.mp3?lang=en")

    assert response.status_code == 200
    assert duration(response.data) < whole_words * 1.2
    with reading_in(listen_app, "en"):
        from hub.articles.content import article

        parts = audio.bounded(guide_parts(article(
            Path(listen_app.config["CONTENT_DIR"]) / "articles", LONG_GUIDE, "en"), "en"),
            600, Part("en", "This recording reads only the start of this page."))
    assert parts[0].text == "This recording reads only the start of this page."
    assert sum(audio.weight(part.text) for part in parts) <= 600


# Services

def test_a_services_recording_says_its_phone_number_and_times(listen_app, client):
    service = make_service(
        "Warm welcome cafe", description="A cafe for a chat. See https://cafe.example.org.",
        eligibility_description="Anyone over 60.", phones=[
            {"id": "11111111-1111-4111-8111-111111111111", "number": "01632 960123"}],
        schedules=[{"id": "22222222-2222-4222-8222-222222222222", "byday": "MO,TU,WE,TH,FR",
                    "opens_at": "09:00", "closes_at": "17:30"}],
        website="https://cafe.example.org")
    with reading_in(listen_app, "en"):
        spoken = [part.text for part in service_parts(service, "en")]
    assert "Phone: 0 1 6 3 2, 9 6 0, 1 2 3." in spoken
    assert "Monday to Friday, from 9 AM to 5:30 PM." in spoken
    assert "Run by." in spoken and "Test Community Trust." in spoken
    assert not any("example.org" in text for text in spoken)
    page = client.get(f"/services/{service.id}?lang=en").get_data(as_text=True)
    with_phone = client.get(player_src(page))

    # The same listing without its phone number is shorter by about 11 digits' reading.
    service.phones.clear()
    db.session.commit()
    without_phone = client.get(f"/listen/services/{service.id}.mp3?lang=en")

    assert with_phone.status_code == without_phone.status_code == 200
    assert with_phone.headers["ETag"] != without_phone.headers["ETag"]
    assert duration(with_phone.data) - duration(without_phone.data) > 11 * 0.25


def test_a_service_page_in_arabic_labels_in_arabic_and_reads_the_listing_in_english(
        listen_app, client, page):
    service = make_service("Lunch club", phones=[
        {"id": "33333333-3333-4333-8333-333333333333", "number": "0800 123 4567"}])
    shown = page(client, f"/services/{service.id}?lang=ar")
    assert '<html lang="ar" dir="rtl"' in shown.html
    assert player_src(shown.html) == f"/listen/services/{service.id}.mp3?lang=ar"
    assert 'lang="ar"' in shown.html.split('class="hub-listen')[1][:200]
    with reading_in(listen_app, "ar"):
        parts = service_parts(service, "ar")
    assert Part("en", "Lunch club.") in parts
    phone = next(part for part in parts if "0, 8, 0, 0" in part.text
                 or "0 8 0 0" in part.text)
    assert phone.language == "ar" and phone.text.endswith("0 8 0 0, 1 2 3, 4 5 6 7.")
    response = client.get(f"/listen/services/{service.id}.mp3?lang=ar")
    assert response.status_code == 200 and duration(response.data) > 5


def test_a_translated_service_is_read_in_its_translation_by_that_languages_voice(
        listen_app, client):
    from hub.directory.models import Service, ServiceTranslation

    def parts_for_a_polish_reader():
        with reading_in(listen_app, "pl"):
            return service_parts(db.session.get(Service, service_id), "pl")

    service_id = make_service("Knit and natter", description="A friendly knitting group.").id
    before = parts_for_a_polish_reader()
    english = client.get(f"/listen/services/{service_id}.mp3?lang=pl")
    db.session.add(ServiceTranslation(service_id=service_id, locale="pl",
                                      name="Dziergamy i rozmawiamy",
                                      description="Przyjazna grupa dziewiarska."))
    db.session.commit()
    after = parts_for_a_polish_reader()
    polish = client.get(f"/listen/services/{service_id}.mp3?lang=pl")

    not_translated = Part("pl", shown_in(
        "pl", "This service has not been translated into %(language)s yet, so it is read in "
        "English.", language="polski"))
    partly = Part("pl", shown_in(
        "pl", "Parts of this service have not been translated into %(language)s yet, so they "
        "are read in English.", language="polski"))
    assert Part("en", "Knit and natter.") in before
    assert not_translated in before
    assert after[0] == Part("pl", "Dziergamy i rozmawiamy.")
    assert Part("pl", "Przyjazna grupa dziewiarska.") in after
    assert not_translated not in after and partly not in after
    assert english.status_code == polish.status_code == 200
    assert english.headers["ETag"] != polish.headers["ETag"]


# The page

def test_the_chinese_page_says_its_voice_is_weak_and_the_english_one_does_not(client, page):
    chinese = page(client, f"/guides/{SLUG}?lang=zh")
    english = page(client, f"/guides/{SLUG}?lang=en")

    notes = chinese.elements("p", class_="govuk-body-s hub-listen__note")
    assert len(notes) == 1 and "中文" in "".join(notes[0].itertext())
    assert not english.elements("p", class_="govuk-body-s hub-listen__note")
    for shown, language in ((chinese, "zh"), (english, "en")):
        assert shown_in(language, "Listen to this page") in shown.texts("h2")
        audio_element = shown.elements("audio")[0]
        assert audio_element.get("controls") is not None
        assert audio_element.get("preload") == "none"
        # Without audio support the element's own content is a link to the file.
        fallback = audio_element.findall(".//{http://www.w3.org/1999/xhtml}a")
        assert fallback and fallback[0].get("href") == audio_element.get("src")
    assert "<script" not in chinese.html.split('class="hub-listen')[1].split("</section>")[0]


def test_a_recording_without_a_language_in_its_address_is_sent_to_one(client):
    response = client.get(f"/listen/guides/{SLUG}.mp3", headers={"Accept-Language": "pl"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/listen/guides/{SLUG}.mp3?lang=pl")


@pytest.mark.parametrize("url", [
    "/listen/guides/no-such-guide.mp3?lang=en",
    "/listen/services/00000000-0000-4000-8000-000000000000.mp3?lang=pl",
])
def test_a_missing_guide_or_service_is_a_plain_404_page(client, page, url, cache):
    before = recordings(cache)
    shown = page(client, url, status=404)
    language = parse_qs(urlsplit(url).query)["lang"][0]
    assert shown_in(language, "Page not found") in shown.texts("h1")
    assert recordings(cache) == before


# Protecting the server

def test_new_recordings_are_limited_per_address_but_made_ones_are_not(
        client, listen_app, monkeypatch, page):
    assert client.get(f"/listen/guides/{SLUG}.mp3?lang=en").status_code == 200
    limiter.reset()
    monkeypatch.setitem(listen_app.config, "AUDIO_RECORDINGS_PER_ADDRESS", "1 per minute")
    made = client.get(f"/listen/guides/{SLUG}.mp3?lang=en")  # made just above
    fresh = client.get(f"/listen/guides/{LONG_GUIDE}.mp3?lang=ro")
    refused = page(client, f"/listen/guides/{LONG_GUIDE}.mp3?lang=pt", status=429)
    again = client.get(f"/listen/guides/{SLUG}.mp3?lang=en")

    assert made.status_code == fresh.status_code == again.status_code == 200
    assert shown_in("pt", "Sorry, too many recordings asked for") in refused.texts("h1")


def test_two_requests_at_once_make_one_whole_file(listen_app, cache):
    url = f"/listen/guides/{LONG_GUIDE}.mp3?lang=ar"
    before = recordings(cache)
    answers = []

    def ask():
        answers.append(listen_app.test_client().get(url))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].data == answers[1].data == answers[2].data
    made = set(recordings(cache)) - set(before)
    assert len(made) == 1 and all(name.endswith(".mp3") for name in recordings(cache))
    mp3_frames(answers[0].data)  # whole: every frame parses to the end


def test_speech_that_takes_too_long_is_stopped_and_leaves_nothing_behind(
        client, listen_app, monkeypatch, cache, page):
    monkeypatch.setitem(listen_app.config, "AUDIO_RECORDING_TIMEOUT_SECONDS", 0.05)
    before = recordings(cache)

    answer = page(client, f"/listen/guides/{LONG_GUIDE}.mp3?lang=zh", status=503)

    assert shown_in("zh", "Sorry, listening is not working at the moment") in answer.texts("h1")
    assert recordings(cache) == before  # no half-made file, no temporary file


def test_without_espeak_there_is_no_player_and_a_plain_answer(
        client, listen_app, monkeypatch, tmp_path, page):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no espeak-ng, no lame

    shown = page(client, f"/guides/{SLUG}?lang=en")
    assert not shown.elements("audio")
    # A made recording still plays; a new one is refused in plain words.
    assert client.get(f"/listen/guides/{SLUG}.mp3?lang=en").status_code == 200
    cached = {p.name for p in Path(listen_app.config["AUDIO_CACHE_DIR"]).iterdir()}
    monkeypatch.setitem(listen_app.config, "AUDIO_VOICES",
                        {**listen_app.config["AUDIO_VOICES"], "en": "en-gb-x-rp"})
    answer = page(client, f"/listen/guides/{SLUG}.mp3?lang=en", status=503)
    assert "Sorry, listening is not working at the moment" in answer.texts("h1")
    assert {p.name for p in Path(listen_app.config["AUDIO_CACHE_DIR"]).iterdir()} == cached


def test_pruning_removes_old_recordings_and_stray_temporary_files(tmp_path):
    import os
    import time

    old, recent, stray = (tmp_path / "old.mp3", tmp_path / "recent.mp3",
                          tmp_path / ".x.part")
    for path in (old, recent, stray):
        path.write_bytes(b"x")
    long_ago = time.time() - 40 * 24 * 3600
    os.utime(old, (long_ago, long_ago))
    os.utime(stray, (time.time() - 7200, time.time() - 7200))

    assert audio.prune(tmp_path, keep_days=30) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["recent.mp3"]


# Reading text aloud

def test_markdown_is_read_as_sentences_without_addresses():
    text = ("## Who to call\n\nCall [the council](https://x.example) or see "
            "www.example.org today\n\n- Rugs\n- Wires!\n\n| Savings | You pay |\n|---|---|\n"
            "| Over £23,250 | All of it |\n\n```\ncode\n```\n")
    assert audio.markdown_sentences(text) == [
        "Who to call.", "Call the council or see today.", "Rugs.", "Wires!",
        "Savings, You pay.", "Over £23,250, All of it."]


@pytest.mark.parametrize(("number", "spoken"), [
    ("01632 960000", "0 1 6 3 2, 9 6 0, 0 0 0"),
    ("0800 123 4567", "0 8 0 0, 1 2 3, 4 5 6 7"),
    ("01904551550", "0 1 9, 0 4 5, 5 1 5, 5 0"),
    ("999", "9 9 9"),
    ("0300-123-1234", "0 3 0 0, 1 2 3, 1 2 3 4"),
])
def test_phone_numbers_are_read_digit_by_digit_in_groups(number, spoken):
    assert audio.spoken_phone(number) == spoken


def test_days_and_times_are_said_in_words(listen_app):
    import datetime as dt

    with reading_in(listen_app, "en"):
        assert spoken_days(["MO", "TU", "WE", "TH", "FR", "SU"]) == "Monday to Friday, Sunday"
        assert spoken_days(["SA", "MO"]) == "Monday, Saturday"
    with reading_in(listen_app, "pl"):
        def day(name: str) -> str:
            return shown_in("pl", name)

        weekdays = shown_in("pl", "%(first)s to %(last)s", first=day("Monday"),
                            last=day("Friday"))
        assert spoken_days(["MO", "TU", "WE", "TH", "FR", "SU"]) == (
            f"{weekdays}, {day('Sunday')}")
        assert spoken_days(["SA", "MO"]) == f"{day('Monday')}, {day('Saturday')}"
    assert spoken_time(dt.time(9, 0), "en") == "9 AM"
    assert spoken_time(dt.time(17, 30), "en") == "5:30 PM"
    assert spoken_time(dt.time(9, 0), "pl") == "9:00"
    assert spoken_time(dt.time(17, 30), "pl") == "17:30"


def test_a_recording_in_another_language_does_not_change_the_sites_language(client):
    client.get("/guides?lang=ro")
    client.get(f"/listen/guides/{SLUG}.mp3?lang=pl")
    assert '<html lang="ro"' in client.get("/guides").get_data(as_text=True)
