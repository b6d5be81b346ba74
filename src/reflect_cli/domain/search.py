"""Finding words in what people wrote: the query, the matching rule and the marked spans.

Pure functions. All the words of a query must appear; a quoted phrase must appear as those words
in that order. Case and accents do not matter ("cafe" finds "Café"), and nothing else is
stemmed. The index narrows the search with SQLite's full-text search; the final word is always
this module's, so the index and a plain read of the logs find exactly the same.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from reflect_cli.errors import BadInputError

#: Scripts written without spaces (Chinese, Japanese, Korean): each character is a word.
_EACH = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
#: A word: letters and digits (not '_'), or one character of the scripts above.
_WORD = re.compile(rf"[{_EACH}]|[^\W_{_EACH}]+")
_PHRASE = re.compile(r'"([^"]*)"?')


#: The combining marks that NFKD splits from letters (accents, cedillas, ...).
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case without accents or other marks (Latin accents, Greek tonos, Arabic and
    Hebrew vowel points), compatibility forms made plain (ﬁ, ＡＢＣ): what matching compares."""
    if text.isascii():
        return text.lower()
    plain = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    if plain.isascii():
        return plain
    return "".join(c for c in plain if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)


def words(text: str) -> list[str]:
    """The words of a text, folded, in order."""
    return _WORD.findall(fold(text))


def index_text(text: str) -> str:
    """What the full-text index holds for a text: its folded words, one space apart (so the
    index splits them exactly as `words` does)."""
    return " ".join(words(text))


@dataclass(frozen=True)
class Query:
    """What to look for: each term is a word or a phrase (a tuple of words in order)."""

    text: str
    terms: tuple[tuple[str, ...], ...]

    @property
    def all_words(self) -> list[str]:
        return list(dict.fromkeys(w for term in self.terms for w in term))


def parse_query(text: str) -> Query:
    """Words and "quoted phrases"; BadInputError when nothing is left to look for. What is
    typed together without a space (A&E, 资金) is kept together, as a phrase."""
    terms = [tuple(words(phrase)) for phrase in _PHRASE.findall(text)]
    rest = _PHRASE.sub(" ", text)
    terms += [tuple(words(chunk)) for chunk in rest.split()]
    terms = [t for t in terms if t]
    if not terms:
        raise BadInputError(f"there are no words to look for in '{text}'",
                            hint='Give one or more words, or a "phrase in quotes": '
                                 'reflect search "waiting lists"')
    return Query(text, tuple(dict.fromkeys(terms)))


def matches(query: Query, text: str) -> bool:
    """Does `text` hold every word and phrase of the query?"""
    found = words(text)
    if not found:
        return False
    joined = f" {' '.join(found)} "
    return all(f" {' '.join(term)} " in joined for term in query.terms)


def spans(query: Query, text: str) -> list[tuple[int, int]]:
    """Where the query's words are in `text` (start, end), to mark them: a word wherever it
    is, the words of a phrase only where they stand together, in order."""
    if text.isascii():
        lowered = text.lower()  # same length: the spans hold in the text itself
        found = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(lowered)]
    else:  # words the marks split are matched by their folded form
        found = [(m.start(), m.end(), _fold_word(m.group())) for m in _WORD.finditer(text)]
    folded = [word for _, _, word in found]
    marked: set[int] = set()
    for term in query.terms:
        size = len(term)
        for at in range(len(folded) - size + 1):
            if tuple(folded[at:at + size]) == term:
                marked.update(range(at, at + size))
    return [(found[i][0], found[i][1]) for i in sorted(marked)]


def fts_query(query: Query) -> str:
    """The query for SQLite FTS5: every word, each quoted (phrases are checked afterwards)."""
    return " AND ".join(f'"{w}"' for w in query.all_words)


@dataclass(frozen=True)
class Hit:
    """One passage that matches: an answer, a note, a check-in line or an action."""

    file: str
    session_id: str
    date: dt.date
    title: str
    kind: str  # answer, note, check-in, action
    prompt_id: str
    label: str  # the prompt's heading, or what the passage is
    who: str  # the person (a note, a check-in line, an action's owner), or ""
    text: str
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SearchResults:
    """What `reflect search` found: the words asked for and the passages, newest first."""

    words: str
    hits: tuple[Hit, ...]
    since: dt.date | None = None
    until: dt.date | None = None
    #: More passages match than are shown (the newest are shown, up to --limit).
    more: bool = False

    @property
    def more_words(self) -> str:
        """What a limited search leaves out, and how to see it."""
        return ("More passages match: add --all to see every one, or narrow the search "
                "with --since, --until or -q.")


def marked(text: str, marks: tuple[tuple[int, int], ...]) -> list[tuple[str, bool]]:
    """The text in pieces, each saying whether it is a matching word."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in marks:
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces
