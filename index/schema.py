"""The Whoosh schema: per-language text fields (an analyzer belongs to a field), per-language
heading fields (the passage's section heading, a low-weight extra field of BM25F) plus
stored fields for display, highlighting and citation."""

from __future__ import annotations

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from .analysis import LANGS, analyzer, fields_for

SCHEMA_VERSION = 7   # 2: postings arrays beside the Whoosh segments; 3: arrays per segment;
#                      4: Azerbaijani keys (every reading of a form, verb keys); page_first, page_last, ocr
#                      5: Azerbaijani readings of nouns no word list holds (dropped vowel, s/n/d/k/y stems)
#                      6: English ordinals as their number (33rd → 33), in every language's fields
#                      7: Azerbaijani verb keys of aorist, conditional, -mAlI, -An + case forms, bare stems (yaz-)
#                         section headings of body, abstract and keyword passages in heading fields (az_head_stem)


def field_name(lang: str, variant: str) -> str:
    """Name of the field holding *lang* text analysed as *variant*: ``az_stem``."""
    return f"{lang}_{variant}"


def text_fields() -> list[tuple[str, str, str]]:
    """Every (field, lang, variant) searchable text field."""
    return [(field_name(lang, v), lang, v) for lang in LANGS for v in fields_for(lang)]


# The heading fields' variants: the word's key, and for Azerbaijani typed without its letters
# the folded key. Headings are short and scored low, so the exact form adds nothing.
HEADING_VARIANTS = {"az": ("stem", "fold"), "ru": ("stem",), "en": ("stem",)}
# The passages that get their section heading: body passages (their heading), abstract and
# keyword passages (the document's title); not a heading or title passage, whose section is
# its own text (measured: README, Measuring).
HEADED_KINDS = frozenset({"body", "abstract", "keywords"})


def heading_field(lang: str, variant: str) -> str:
    """Name of the field holding the section headings of *lang* passages analysed as *variant*."""
    return f"{lang}_head_{variant}"


def heading_fields() -> list[tuple[str, str, str]]:
    """Every (field, lang, variant) heading field."""
    return [(heading_field(lang, v), lang, v) for lang in LANGS for v in HEADING_VARIANTS[lang]]


def indexed_fields() -> list[tuple[str, str, str]]:
    """Every (field, lang, variant) field with postings: the text fields, then the heading fields."""
    return text_fields() + heading_fields()


def build_schema() -> Schema:
    """A fresh schema; built per index so analyzers are current."""
    fields = {
        "id": ID(stored=True, unique=True),
        "doc_id": ID(stored=True, sortable=True),
        "number": NUMERIC(stored=True, sortable=True),
        "lang": ID(stored=True, sortable=True),
        "kind": ID(stored=True),
        "fingerprint": ID(stored=True),
        "section": STORED(),
        "text": STORED(),
        "start": STORED(),
        "end": STORED(),
        "page_first": STORED(),
        "page_last": STORED(),
        "ocr": STORED(),
    }
    # Heading fields keep positions too: every field's arrays have one layout (``postings``).
    for name, lang, variant in indexed_fields():
        fields[name] = TEXT(analyzer=analyzer(lang, variant), phrase=True)
    return Schema(**fields)
