"""Curated synonym groups (content/synonyms.txt): one group a line, terms split by commas."""

import re
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4)
def load_groups(path: Path, modified: float) -> tuple[tuple[str, ...], ...]:
    """Groups from the file; `modified` is part of the cache key, so edits take effect."""
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms = tuple(dict.fromkeys(t.strip().lower() for t in line.split(",") if t.strip()))
        if len(terms) > 1:
            groups.append(terms)
    return tuple(groups)


def groups_for(path: Path) -> tuple[tuple[str, ...], ...]:
    try:
        return load_groups(path, path.stat().st_mtime)
    except FileNotFoundError:
        return ()


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[^\w'\- ]+", " ", text).split())


# Everyday filler in how people ask ("someone to help me wash"): dropped after synonym
# phrases have matched, so "someone to talk to" still finds its group.
FILLER_WORDS = frozenset("""
    i me my mine myself we our us you your he him his she her they them their someone
    somebody something anyone anybody need needs needed want wants wanted would could
    like please am is are was were be been being has have had do does did get got getting
    can cant can't cannot who what where how which there here very really just
""".split())


def concepts(text: str, groups: tuple[tuple[str, ...], ...]) -> list[list[str]]:
    """Split a query into concepts: each a list of equivalent terms, what was typed first.

    Synonym phrases match longest first and use up their words, so "odd jobs" does not also
    pull in the group that holds "jobs". Words in no group are concepts of their own.
    """
    remaining = f" {normalise(text)} "
    by_length = sorted(((term, group) for group in groups for term in group),
                       key=lambda pair: -len(pair[0]))
    found: list[list[str]] = []
    for term, group in by_length:
        if f" {term} " in remaining:
            remaining = remaining.replace(f" {term} ", " | ")
            found.append([term, *(other for other in group if other != term)])
    found.extend([word] for word in remaining.split()
                 if word != "|" and word not in FILLER_WORDS)
    return found
