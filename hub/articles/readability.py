"""An estimate of the reading age a text needs (Flesch-Kincaid grade + 5).

Syllables are counted by vowel groups, the usual approximation: good enough to see a
guide drifting into long sentences and long words, not a precise score.
"""

import re

LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    count = len(re.findall(r"[aeiouy]+", word))
    if count > 1 and word.endswith("e") and not word.endswith(("le", "ee")):
        count -= 1  # a silent final e: "care", "home"
    if count > 1 and word.endswith("ed") and not re.search(r"[td]ed$", word):
        count -= 1  # "helped", not "needed"
    return max(1, count)


def reading_age(markdown: str) -> float:
    """Years of age a reader needs for this text (a UK reading age)."""
    lines = [line.strip(" #|>-*") for line in LINK.sub(r"\1", markdown).splitlines()
             if line.strip() and not set(line.strip()) <= set("|-: ")]
    sentences = [part for line in lines for part in SENTENCE_END.split(line)
                 if WORD.search(part)]
    words = [word for sentence in sentences for word in WORD.findall(sentence)]
    if not words:
        return 0.0
    grade = (0.39 * len(words) / len(sentences)
             + 11.8 * sum(map(syllables, words)) / len(words) - 15.59)
    return round(grade + 5, 1)
