"""The analyzer registry: one analyzer per (language, variant), built from small pieces.

Variants of a language's text, each indexed in its own field:

- ``exact``: the word form as written (lower-cased); matches rank highest.
- ``stem``: the word's key (Azerbaijani stem, Russian lemma, English Snowball stem).
- ``fold``: Azerbaijani only: a diacritic-free stem, so ``Xocali`` finds ``Xocalı``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache, lru_cache

from whoosh.analysis import Analyzer, LowercaseFilter

from . import azerbaijani, english, russian
from .filters import CompoundFilter, MapFilter, MultiStemFilter, NFCFilter, StopWordFilter, word_tokenizer
from .stopwords import STOPWORDS

LANGS = ("az", "ru", "en")
VARIANTS = ("exact", "stem", "fold")


def az_drop_part(first: str, part: str) -> bool:
    """Drop an inflection written after a hyphen or apostrophe (``iət-lərin`` → ``iət``):
    the Azerbaijani stemmer's own rule (``azerbaijani.is_attached_suffix``)."""
    return azerbaijani.is_attached_suffix(part)


def _base(lang: str) -> Analyzer:
    if lang == "az":
        chain = word_tokenizer() | NFCFilter() | MapFilter(azerbaijani.turkic_lower) | CompoundFilter(az_drop_part) \
            | MapFilter(english.plain_number)
    elif lang == "ru":
        chain = word_tokenizer() | NFCFilter() | LowercaseFilter() | MapFilter(russian.fold_yo) \
            | CompoundFilter(english.drop_part) | MapFilter(english.plain_number)
    else:
        chain = word_tokenizer() | NFCFilter() | LowercaseFilter() | CompoundFilter(english.drop_part) \
            | MapFilter(english.plain_number)
    return chain | StopWordFilter(STOPWORDS[lang])


_KEYS: dict[str, Callable[[str], tuple[str, ...]]] = {"az": azerbaijani.keys, "ru": russian.lemmas, "en": english.stem}


def fields_for(lang: str) -> tuple[str, ...]:
    """The variants indexed for a language."""
    _check(lang)
    return VARIANTS if lang == "az" else ("exact", "stem")


def analyzer(lang: str, variant: str) -> Analyzer:
    """The analyzer for one language and variant; unknown ones fail loudly."""
    _check(lang)
    if variant not in fields_for(lang):
        raise ValueError(f"no '{variant}' analysis for language '{lang}'")
    base = _base(lang)
    if variant == "exact":
        return base
    if variant == "fold":
        return base | MultiStemFilter(azerbaijani.keys_folded, query_all=True)
    # An ambiguous Azerbaijani form is indexed under each reading and a query word
    # searches them all (readings are not ranked); a Russian query word uses its most
    # likely lemma.
    return base | MultiStemFilter(_KEYS[lang], query_all=lang == "az")


@cache
def _shared_base(lang: str) -> Analyzer:
    return _base(lang)


def variant_terms(text: str, lang: str) -> Iterator[tuple[int, int, str, str]]:
    """``(start, end, variant, term)`` for every term each field of *lang* stores for *text*.

    The same terms as running each variant's analyzer in index mode, word by word with the
    variants in ``fields_for`` order, but the shared part of the chain (tokenizer, case,
    compounds, stop words) runs once instead of once per field: highlighting calls this
    for every result.
    """
    keys = [(v, None if v == "exact" else azerbaijani.keys_folded if v == "fold" else _KEYS[lang])
            for v in fields_for(lang)]
    for t in _shared_base(lang)(text, chars=True, mode="index"):
        word, start, end = t.text, t.startchar, t.endchar
        for variant, fn in keys:
            if fn is None:
                yield start, end, variant, word
            else:
                for term in fn(word):
                    yield start, end, variant, term


@lru_cache(maxsize=4096)
def word_positions(text: str, lang: str) -> dict[int, int]:
    """Start offset of each indexed word of *text* to its position (the positions phrases use:
    a dropped stop word leaves a gap). Remembered, as the highlighter's passages recur; do not
    modify the answer."""
    return {t.startchar: t.pos for t in _shared_base(lang)(text, chars=True, positions=True, mode="index")}


def _check(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}': Sanad analyses {', '.join(LANGS)}")


def analyze(text: str, lang: str, variant: str = "stem") -> list[dict]:
    """The terms the index stores for *text*: ``[{"term", "start", "end", "pos"}]``."""
    ana = analyzer(lang, variant)
    return [{"term": t.text, "start": t.startchar, "end": t.endchar, "pos": t.pos}
            for t in ana(text, positions=True, chars=True, mode="index")]
