"""The query language users type, parsed into a small tree before anything runs.

Supported, and nothing else: words (all words rank first), ``"exact phrase"``,
``a OR b``, ``-exclude`` / ``-"excluded phrase"``, ``prefix*``. Any other character is
just text: no fields, ranges or wildcards in the middle of words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from index.errors import SanadError

MAX_QUERY_CHARS = 500
MAX_ITEMS = 24
MIN_PREFIX_CHARS = 2

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORDCHARS_RE = re.compile(r"\w+(?:[-'’ʼ.]\w+)*\*?")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class QueryError(SanadError):
    """The query cannot be searched as typed; the message says what to change.

    *param* names the request parameter at fault (the query itself unless said otherwise);
    *key* and *details* say the same as the message as data, so an interface can say it in
    its own language (``key`` names the message, *details* fill it in).
    """

    def __init__(self, message: str, param: str = "q", *, key: str = "bad_query", **details: object) -> None:
        super().__init__(message)
        self.param, self.key, self.details = param, key, details


@dataclass(frozen=True)
class Item:
    """One searchable unit: a word, a phrase or a prefix."""

    kind: str            # word | phrase | prefix | unit (a name typed as words) | pool (translations)
    #                      | words (a term translated word by word)
    text: str
    lang: str | None = None   # a glossary name: searched only in that language's word-key field

    def display(self) -> str:
        return {"phrase": f'"{self.text}"', "prefix": f"{self.text}*"}.get(self.kind, self.text)


@dataclass(frozen=True)
class PoolItem(Item):
    """The translations of one query word, searched as one concept (kind ``pool``).

    *pool* holds ``(lang, form, verb_stem)``: a word or phrase, or an Azerbaijani verb stem
    that every word starting with it matches.
    """

    pool: tuple[tuple[str, str, bool], ...] = ()


@dataclass(frozen=True)
class WordsItem(Item):
    """A multi-word term translated word by word (kind ``words``): every part must match,
    each through its word or one of the word's equivalents."""

    parts: tuple[tuple[Item, ...], ...] = ()
    partial: bool = True     # whether a passage with some of the parts is a partial match


@dataclass
class ParsedQuery:
    """Groups that should all match (each group: alternatives joined by OR) and exclusions."""

    groups: list[list[Item]] = field(default_factory=list)
    excluded: list[Item] = field(default_factory=list)

    def items(self) -> list[Item]:
        return [i for g in self.groups for i in g]

    def display(self) -> str:
        parts = [" OR ".join(i.display() for i in g) for g in self.groups]
        parts += [f"-{i.display()}" for i in self.excluded]
        return " ".join(parts)


def clean(text: str) -> str:
    """NFC, no control or direction-override characters, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL_RE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def parse(text: str) -> ParsedQuery:
    """Parse what the user typed; raise QueryError when nothing can be searched."""
    if not isinstance(text, str):
        raise QueryError("The query must be text.", key="not_text")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}. "
                         "Shorten it to the words that matter.", key="too_long", length=len(text),
                         limit=MAX_QUERY_CHARS)
    text = clean(text)
    if not text:
        raise QueryError("The query is empty: type a word, a \"phrase\" or a prefix*.", key="empty")
    parsed = ParsedQuery()
    pending_or = False
    for m in _TOKEN_RE.finditer(text):
        neg, phrase, bare = m.group(1), m.group(2), m.group(3)
        if bare == "OR":
            pending_or = bool(parsed.groups)
            continue
        if phrase is not None:
            words = _WORDCHARS_RE.findall(phrase)
            items = [Item("phrase", " ".join(w.rstrip("*") for w in words))] if len(words) > 1 else \
                [Item("word", w.rstrip("*")) for w in words]
            negated = bool(neg)
        else:
            negated = bare.startswith("-") and len(bare) > 1
            items = [_bare_item(w) for w in _WORDCHARS_RE.findall(bare)]
            if bare.endswith("*") and items and items[-1].kind == "word":
                items[-1] = Item("prefix", items[-1].text)
        items = [i for i in items if i.text]
        if not items:
            continue
        if negated:
            parsed.excluded.extend(items)
            pending_or = False
            continue
        if pending_or and len(items) >= 1:
            parsed.groups[-1].append(items[0])
            items = items[1:]
        parsed.groups.extend([i] for i in items)
        pending_or = False
    if len(parsed.items()) + len(parsed.excluded) > MAX_ITEMS:
        raise QueryError(f"The query has more than {MAX_ITEMS} words; keep the {MAX_ITEMS} that matter most.",
                         key="too_many_words", limit=MAX_ITEMS)
    if not parsed.groups:
        if parsed.excluded:
            raise QueryError("The query only excludes words; add at least one word to search for.",
                             key="only_excluded")
        raise QueryError("Nothing searchable is left in the query: use letters or digits "
                         "(operators such as OR, -, * need a word).", key="no_word_chars")
    for item in parsed.items() + parsed.excluded:
        if item.kind == "prefix" and len(item.text) < MIN_PREFIX_CHARS:
            raise QueryError(f"The prefix '{item.text}*' is too short; give at least "
                             f"{MIN_PREFIX_CHARS} letters before the *.", key="short_prefix", prefix=item.text,
                             minimum=MIN_PREFIX_CHARS)
    return parsed


def _bare_item(word: str) -> Item:
    if word.endswith("*"):
        return Item("prefix", word[:-1])
    return Item("word", word)
