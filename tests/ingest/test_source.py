"""The catalogue points at the original; the text extracted from it is derived data cached in
the index root by content hash, made again when the original changes."""

from __future__ import annotations

from pathlib import Path

from index import build
from index.builder import EXTRACTED
from search import Searcher
from tests.docmaker import HEADERS, Layout, article_pages, make_pdf

ENTRY = '\n[[document]]\nid = "paged"\nfile = "originals/paged.pdf"\nlanguage = "en"\ntitle = "Paged"\n'


def add_pdf(corpus: Path, **layout) -> Path:
    path = corpus / "originals" / "paged.pdf"
    path.parent.mkdir(exist_ok=True)
    make_pdf(path, article_pages("en"), Layout(header=HEADERS["en"], **layout))
    return path


def test_extracted_text_is_cached_and_remade_when_the_original_changes(corpus_copy, tmp_path):
    add_pdf(corpus_copy)
    with open(corpus_copy / "catalog.toml", "a", encoding="utf-8") as f:
        f.write(ENTRY)
    root = tmp_path / "idx"
    first = build(corpus_copy, root)
    cached = sorted((root / EXTRACTED).iterdir())
    assert len(cached) == 1 and "paged" in first.reanalysed
    assert build(corpus_copy, root).reused == ["test-article", "test-ru", "test-en", "paged"]
    assert sorted((root / EXTRACTED).iterdir()) == cached

    add_pdf(corpus_copy, first_number=40)                 # a corrected original: new page labels
    report = build(corpus_copy, root)
    assert report.reanalysed == ["paged"]
    assert len(list((root / EXTRACTED).iterdir())) == 1 and sorted((root / EXTRACTED).iterdir()) != cached
    [hit] = Searcher(root).search("reconstruction", doc="paged")["results"]
    assert hit["pages"] == "40–41"


def test_first_page_in_the_catalogue_renumbers_without_extracting_again(corpus_copy, tmp_path):
    add_pdf(corpus_copy, labels=False, print_numbers=False)
    with open(corpus_copy / "catalog.toml", "a", encoding="utf-8") as f:
        f.write(ENTRY)
    root = tmp_path / "idx"
    build(corpus_copy, root)
    [hit] = Searcher(root).search("reconstruction", doc="paged")["results"]
    assert hit["pages"] == "1–2"
    catalog = corpus_copy / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "first_page = 101\n", encoding="utf-8")
    assert build(corpus_copy, root).reanalysed == ["paged"]
    [hit] = Searcher(root).search("reconstruction", doc="paged")["results"]
    assert hit["pages"] == "101–102" and hit["citation"] == "[Paged, n.d., pp. 101–102]"
    assert len(list((root / EXTRACTED).iterdir())) == 1
