"""BibTeX, RIS and CSL-JSON exports parsed back by real parsers: bibtexparser 2 (names split,
LaTeX decoded), rispy, and the official CSL-JSON schema through jsonschema."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser import middlewares

from index.catalog import load_catalog
from search.csl import to_csl
from search.export import FORMATS, bibtex, csl_json, export, latex_escape, ris, with_note

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-schema" / "csl-data.json").read_text(encoding="utf-8"))
ITEMS = [to_csl(d.to_dict()) for d in load_catalog(ROOT / "corpus")]
# A record with every LaTeX special in it and names that are not ASCII.
HOSTILE = {"id": "x-1", "type": "article-journal", "title": "Costs & benefits: 50% of {all} foo_bar #1 $5 ~ \\",
           "author": [{"family": "Məmmədzadə", "given": "Aqşin"}, {"family": "Щербаков", "given": "Пётр"}],
           "container-title": "Tarix & Problems", "issued": {"date-parts": [[2020]]}, "page": "5-9"}


def parse_bibtex(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text, append_middleware=[
        middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def test_bibtex_of_the_seed_documents_parses_back_with_unicode_names_intact():
    library = parse_bibtex(bibtex(ITEMS))
    assert [e.key for e in library.entries] == ["mammadzada2022", "oicazerbaijanru", "azerbaijanoicen"]
    article = library.entries[0]
    assert article.entry_type == "article"
    author = article["author"][0]
    assert (author.first, author.last) == (["Aqşin"], ["Məmmədzadə"])
    assert article["title"] == ITEMS[0]["title"]
    assert (article["journal"], article["number"], article["year"]) == ("Tarix və onun problemləri", "3", "2022")
    assert article["pages"] == "216–221"      # "--" decoded back to an en dash
    untitled = library.entries[1]
    assert untitled.entry_type == "misc" and untitled["title"].startswith("[Организация")
    assert untitled["note"] == "title supplied by the cataloguer"


def test_bibtex_escapes_what_latex_needs_and_decodes_back_to_the_original():
    text = bibtex([HOSTILE])
    assert r"Costs \& benefits: 50\% of \{all\} foo\_bar \#1 \$5" in text
    assert "Məmmədzadə, Aqşin and Щербаков, Пётр" in text    # Unicode kept, not \`{e}-escaped
    entry = parse_bibtex(text).entries[0]
    assert entry["title"] == HOSTILE["title"]
    assert entry["journal"] == "Tarix & Problems"
    assert [(a.first, a.last) for a in entry["author"]] == [(["Aqşin"], ["Məmmədzadə"]), (["Пётр"], ["Щербаков"])]


def test_latex_escape_leaves_nothing_a_field_could_break_out_with():
    # (pylatexenc decodes \textasciicircum to U+02C6, so "^" is checked here, not round-tripped.)
    assert latex_escape("a}b{c\\^") == r"a\}b\{c\textbackslash{}\textasciicircum{}"


def test_ris_round_trips_through_rispy():
    records = rispy.loads(ris(ITEMS))
    assert len(records) == 3
    article = records[0]
    assert article["type_of_reference"] == "JOUR"
    assert article["authors"] == ["Məmmədzadə, Aqşin"]
    assert article["title"] == ITEMS[0]["title"]
    assert (article["secondary_title"], article["year"], article["number"]) == ("Tarix və onun problemləri",
                                                                                "2022", "3")
    assert (article["start_page"], article["end_page"]) == ("216", "221")
    assert records[1] == {"type_of_reference": "GEN", "title": ITEMS[1]["title"], "language": "ru",
                          "id": "oic-azerbaijan-ru"}
    assert [r["authors"] for r in rispy.loads(ris([HOSTILE]))] == [["Məmmədzadə, Aqşin", "Щербаков, Пётр"]]


def test_ris_follows_the_specifications_line_form():
    lines = ris(ITEMS[:1]).split("\r\n")
    assert lines[0] == "TY  - JOUR" and "ER  -" in lines
    assert all(line[:2].isalnum() and line[2:6] in ("  - ", "  -") for line in lines if line)


def test_csl_json_validates_against_the_official_schema():
    data = json.loads(csl_json([*ITEMS, HOSTILE]))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft7Validator)
    assert data[1]["custom"] == {"title-supplied": True}


def test_the_schema_rejects_what_is_not_csl_json():
    # The check can fail: a field CSL does not define is refused by the schema.
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**ITEMS[0], "title_supplied": True}], SCHEMA, cls=jsonschema.Draft7Validator)


def test_a_passage_export_carries_its_pinpoint_in_the_note():
    item = with_note(ITEMS[0], "p. 219")
    assert parse_bibtex(bibtex([item])).entries[0]["note"] == "UDC 32:93/94; p. 219"
    assert rispy.loads(ris([item]))[0]["notes"] == ["UDC 32:93/94; p. 219"]
    jsonschema.validate(json.loads(csl_json([item])), SCHEMA, cls=jsonschema.Draft7Validator)
    supplied = with_note(ITEMS[1], "¶ 14")
    assert parse_bibtex(bibtex([supplied])).entries[0]["note"] == "¶ 14; title supplied by the cataloguer"


def test_an_unknown_format_names_the_choices():
    with pytest.raises(ValueError) as e:
        export(ITEMS, "endnote")
    assert str(e.value) == "Unknown export format 'endnote' in 'format': use one of bibtex, ris, csl-json."
    assert set(FORMATS) == {"bibtex", "ris", "csl-json"}


def test_a_line_break_in_a_value_cannot_start_a_ris_tag_of_its_own():
    item = {**HOSTILE, "title": "First line\r\nER  - \nTY  - BOOK\nTI  - forged"}
    records = rispy.loads(ris([item]))
    assert len(records) == 1 and records[0]["title"] == "First line ER - TY - BOOK TI - forged"
