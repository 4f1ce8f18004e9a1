"""Speech: text read aloud by espeak-ng, compressed to MP3 by lame and kept on disk.

A recording is named by a hash of everything that decides how it sounds (each part's text
and language, the voices, the speed and the bitrate), so a changed page gets a new
recording and an unchanged one is made once. Files appear whole or not at all: lame
writes a temporary file that is renamed into place.
"""

import contextlib
import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from markdown_it import MarkdownIt

from hub.core.markdown import GUIDE

log = logging.getLogger(__name__)

ESPEAK = "espeak-ng"
LAME = "lame"
# espeak-ng's default is 175 words a minute; a little slower is easier to follow.
SPEED_WPM = 150
# espeak-ng speaks mono at 22.05 kHz; 32 kbps holds that speech well (about 240 kB a
# minute). A constant bitrate lets every player seek by byte range.
BITRATE_KBPS = 32
# lame's "-q 7" encodes twice as fast as its default; synthetic speech sounds the same.
LAME_QUALITY = 7
EXTENSION = ".mp3"
MIMETYPE = "audio/mpeg"
TEMP_SUFFIX = ".part"

SENTENCE_END = tuple(".!?:;…。！？؟")
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Chinese, Japanese and Korean characters: each is a syllable, so they weigh more. Read
# aloud, one takes about as long as five letters of English (0.41 s against 0.08 s).
WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
WIDE_WEIGHT = 5


@dataclass(frozen=True)
class Part:
    """A paragraph or sentence, and the hub language whose voice reads it."""

    language: str
    text: str


class SpeechFailed(RuntimeError):
    """espeak-ng or lame is missing, failed or took too long; the message says which."""


def available() -> bool:
    return bool(shutil.which(ESPEAK) and shutil.which(LAME))


# Text from the page

def _inline_text(children) -> str:
    words = []
    for child in children:
        if child.type in ("text", "code_inline"):
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            # A line break in a listing ("Mondays\nWednesdays") is a pause, not a run-on.
            words.append(" " if words and words[-1].rstrip().endswith(SENTENCE_END) else ", ")
    return " ".join(URL.sub(" ", "".join(words)).split()).strip(" ,")


def as_sentence(text: str) -> str:
    """`text` without web addresses, ending like a sentence so the voice pauses after it."""
    text = " ".join(URL.sub(" ", text).split()).strip(" ,")
    if text and not text.endswith(SENTENCE_END):
        text += "."
    return text


def markdown_sentences(text: str | None, parser: MarkdownIt = GUIDE) -> list[str]:
    """Markdown as sentences to read: headings and list items each a sentence, a table a
    sentence per row, links by their words only (never their addresses), code skipped."""
    sentences: list[str] = []
    row: list[str] | None = None
    for token in parser.parse(text or ""):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            sentences.append(", ".join(cell for cell in row if cell))
            row = None
        elif token.type == "inline":
            words = _inline_text(token.children or [])
            if row is not None:
                row.append(words.rstrip("."))
            else:
                sentences.append(words)
    return [sentence for sentence in map(as_sentence, sentences) if sentence]


def spoken_phone(number: str) -> str:
    """A phone number as a voice should read it: digit by digit, a pause between groups
    ("01632 960000" -> "0 1 6 3 2, 9 6 0, 0 0 0"), never "nine hundred and sixty thousand"."""
    groups = re.split(r"(?<=\d)[\s\-.()/]+(?=\d)", number.strip())

    def digits(match: re.Match) -> str:
        run = match.group()
        chunks = [run] if len(run) <= 5 else [run[i:i + 3] for i in range(0, len(run), 3)]
        if len(chunks) > 1 and len(chunks[-1]) == 1:  # "456 7890", not "456 789 0"
            chunks[-2:] = [chunks[-2] + chunks[-1]]
        return ", ".join(" ".join(chunk) for chunk in chunks)

    return ", ".join(re.sub(r"\d+", digits, group) for group in groups)


def weight(text: str) -> int:
    return len(text) + (WIDE_WEIGHT - 1) * len(WIDE.findall(text))


def bounded(parts: Iterable[Part], limit: int, notice: Part) -> list[Part]:
    """The parts up to `limit` characters; when some are left out, `notice` comes first
    so the listener knows the recording stops before the page does."""
    parts = list(parts)
    if sum(weight(part.text) for part in parts) <= limit:
        return parts
    kept: list[Part] = []
    room = limit - weight(notice.text)
    for part in parts:
        room -= weight(part.text)
        if room < 0:
            break
        kept.append(part)
    if not kept:  # one enormous paragraph: read its start
        kept = [Part(parts[0].language, _cut(parts[0].text, limit - weight(notice.text)))]
    return [notice, *kept]


def _cut(text: str, limit: int) -> str:
    while weight(text) > limit:
        text = text[: max(1, len(text) * 9 // 10)]
    return text.rsplit(" ", 1)[0] if " " in text else text


# Recording

def recording_key(parts: Iterable[Part], voices: Mapping[str, str]) -> str:
    """The hash naming a recording: the exact text and everything that changes the sound."""
    settings = f"{ESPEAK} {SPEED_WPM} {LAME} {BITRATE_KBPS}kbps q{LAME_QUALITY}"
    digest = hashlib.sha256(settings.encode())
    for part in parts:
        for field in (part.language, voices[part.language], part.text):
            digest.update(b"\0" + field.encode())
    return digest.hexdigest()[:40]


def ssml(parts: Iterable[Part], voices: Mapping[str, str]) -> str:
    """The parts as SSML for espeak-ng, each run of one language in its own voice element.
    Every part sits inside one: text left outside goes back to a default voice (and
    "cmn-latn-pinyin" falls back to "cmn", which reads Chinese badly)."""
    runs: list[tuple[str, list[str]]] = []
    for part in parts:
        if not runs or runs[-1][0] != part.language:
            runs.append((part.language, []))
        runs[-1][1].append(f"<p>{escape(part.text)}</p>")
    return "<speak>" + "".join(
        f"<voice xml:lang={quoteattr(voices[language])}>{''.join(paragraphs)}</voice>"
        for language, paragraphs in runs) + "</speak>"


def recording_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"{key}{EXTENSION}"


def cached(cache_dir: Path, key: str) -> Path | None:
    """The recording if it is made, marked as used today (so pruning keeps it)."""
    path = recording_path(cache_dir, key)
    try:
        if time.time() - path.stat().st_mtime > 24 * 3600:
            os.utime(path)
    except FileNotFoundError:
        return None
    return path


# Requests making the same recording in this process share a lock: the second waits for
# the first, then finds the file, rather than making it again. [lock, requests using it]
_making: dict[str, list] = {}
_making_guard = threading.Lock()


def record(parts: list[Part], voices: Mapping[str, str], cache_dir: Path,
           timeout: float) -> Path:
    """Make the recording of `parts` (unless another request just did) and return it."""
    key = recording_key(parts, voices)
    with _making_guard:
        entry = _making.setdefault(key, [threading.Lock(), 0])
        entry[1] += 1
    try:
        with entry[0]:
            found = cached(cache_dir, key)
            if found is not None:
                return found
            return _record(parts, voices, recording_path(cache_dir, key), timeout)
    finally:
        with _making_guard:
            entry[1] -= 1
            if not entry[1]:
                _making.pop(key, None)


def _record(parts: list[Part], voices: Mapping[str, str], target: Path,
            timeout: float) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=TEMP_SUFFIX)
    os.close(handle)
    temp = Path(name)
    try:
        _speak(ssml(parts, voices), voices[parts[0].language], temp, timeout)
        if temp.stat().st_size == 0:
            raise SpeechFailed("lame wrote an empty file")
        os.replace(temp, target)  # atomic: a reader sees no file or the whole file
    finally:
        temp.unlink(missing_ok=True)
    return target


def _speak(markup: str, voice: str, output: Path, timeout: float) -> None:
    """espeak-ng's WAV, piped straight into lame: no WAV file is ever written."""
    deadline = time.monotonic() + timeout
    try:
        # A fixed argument list and no shell; the page's text goes in on stdin.
        speaker = subprocess.Popen(  # noqa: S603
            [ESPEAK, "-m", "-v", voice, "-s", str(SPEED_WPM), "--stdout"],  # text on stdin
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError as error:
        raise SpeechFailed(f"cannot start {ESPEAK}: {error}") from None
    try:
        encoder = subprocess.Popen(  # noqa: S603
            [LAME, "--quiet", "-m", "m", "--cbr", "-b", str(BITRATE_KBPS), "-q", str(LAME_QUALITY),
             "-", str(output)],
            stdin=speaker.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except OSError as error:
        speaker.kill()
        speaker.wait()
        raise SpeechFailed(f"cannot start {LAME}: {error}") from None
    speaker.stdout.close()  # lame holds the pipe now; espeak-ng sees it close if lame dies
    # Fed from a thread: a long text could fill the pipe while espeak-ng waits to write.
    feeder = threading.Thread(target=_feed, args=(speaker.stdin, markup.encode()),
                              daemon=True)
    feeder.start()
    try:
        _out, errors = encoder.communicate(timeout=timeout)
        speaker.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        for process in (speaker, encoder):
            process.kill()
        encoder.communicate()  # reaps lame and closes its pipe
        raise SpeechFailed(f"speech took longer than {timeout:g} seconds") from None
    finally:
        if speaker.poll() is None:
            speaker.kill()
        speaker.wait()
        feeder.join(timeout=1)
    if speaker.returncode or encoder.returncode:
        raise SpeechFailed(f"{ESPEAK} exited {speaker.returncode}, {LAME} exited "
                           f"{encoder.returncode}: {errors.decode(errors='replace')[:300]}")


def _feed(pipe, data: bytes) -> None:
    try:
        pipe.write(data)
    except (BrokenPipeError, ValueError):  # espeak-ng stopped early; _speak reports it
        pass
    finally:
        with contextlib.suppress(BrokenPipeError):
            pipe.close()


def prune(cache_dir: Path, keep_days: int) -> int:
    """Delete recordings unplayed for `keep_days` and temporary files left by a crash."""
    now = time.time()
    removed = 0
    for path in cache_dir.glob("*"):
        limit = 3600 if path.name.endswith(TEMP_SUFFIX) else keep_days * 24 * 3600
        try:
            if path.suffix in (EXTENSION, TEMP_SUFFIX) and now - path.stat().st_mtime > limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another process pruned it first
            continue
    return removed
