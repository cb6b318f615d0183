"""A corpus whose texts and catalogue are full of markup (tests/data/hostile_corpus): every page,
highlight, citation, BibTeX entry and error shows it as text; no element or attribute it
spells out ever reaches a page. (The same pages in a real browser: tests/browser.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from index import build
from web import create_app

HOSTILE_CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile_corpus"
OUR_SCRIPTS = ("/static/sanad.js", "/static/cite.js")
FORBIDDEN_TAGS = {"script", "img", "svg", "iframe", "object", "embed", "b"}

PAGES = [
    "/", "/?q=summit", "/?q=%D1%80%D0%B5%D0%B7%D0%BE%D0%BB%D1%8E%D1%86%D0%B8%D1%8F", "/?q=Xocal%C4%B1",
    "/?q=alert", "/?q=script", "/?q=javascript", "/?q=onerror", "/?q=svg+onload", "/?q=mark",
    "/?q=" + quote("<script>alert('q')</script> summit"), "/?q=" + quote("\"><img src=x onerror=alert('q')>"),
    "/?q=" + quote("' onfocus='alert(1)' autofocus='"), "/?q=summit&doc=hostile-en", "/?q=summit&lang=en",
    "/?q=summit&lang=ru", "/?q=" + quote("<svg onload=alert(1)>") + "&lang=xx",
    "/doc/hostile-en", "/doc/hostile-en?q=summit", "/doc/hostile-en?q=script", "/doc/hostile-en?q=mark",
    "/doc/hostile-en?q=" + quote("<script>"), "/doc/hostile-en?q=OR", "/doc/hostile-ru?q=" + quote("резолюция"),
    "/doc/hostile-az?q=q%C9%99tnam%C9%99", "/doc/" + quote("<svg onload=alert(1)>"),
    "/nothing/" + quote("<img src=x>"),
    "/p/" + quote("<script>:1"),
]


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside <mark>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.marks: list[str] = []
        self._in_mark = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_mark += tag == "mark"

    def handle_endtag(self, tag):
        self._in_mark -= tag == "mark" and self._in_mark > 0

    def handle_data(self, data):
        if self._in_mark:
            self.marks.append(data)


def injected(text: str) -> list[str]:
    """Elements and attributes on the page that only the corpus or the query could have put there."""
    bad = []
    for tag, attrs in Elements(text).tags:
        if tag in FORBIDDEN_TAGS and not (tag == "script" and attrs.get("src") in OUR_SCRIPTS):
            bad.append(tag)
        for name, value in attrs.items():
            if name.startswith("on") or (name == "autofocus" and tag != "input"):
                bad.append(f"{tag}@{name}")
            if re.match(r"\s*javascript:", value, re.I):
                bad.append(f"{tag}@{name}=javascript:")
    return bad


def test_the_checker_notices_injection():
    assert injected('<p>ok</p><script src="/static/sanad.js"></script><input autofocus>') == []
    assert injected("<script>alert(1)</script>") == ["script"]
    assert injected('<p title="x" onmouseover="alert(1)">') == ["p@onmouseover"]
    assert injected('<a href=" JavaScript:alert(1)">') == ["a@href=javascript:"]
    assert injected('<svg/onload=alert(1)>') == ["svg", "svg@onload"]
    assert injected('<p autofocus>') == ["p@autofocus"]


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "idx"
    report = build(HOSTILE_CORPUS, root)
    assert report.documents == 3 and not report.skipped
    return root


@pytest.fixture(scope="module")
def hclient(hostile_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(hostile_index)}).test_client()


def get(client, path: str):
    r = client.get(path, follow_redirects=True)
    assert r.status_code in (200, 400, 404), path
    return r


@pytest.mark.parametrize("path", PAGES)
def test_nothing_from_the_corpus_or_the_query_becomes_markup(hclient, path):
    r = get(hclient, path)
    text = r.get_data(as_text=True)
    assert injected(text) == [], path
    assert "fake mark" not in Elements(text).marks


def test_the_markup_is_shown_as_text(hclient):
    text = get(hclient, "/doc/hostile-en?q=summit").get_data(as_text=True)
    for shown in ("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Summit",
                  "Eve &lt;img src=x onerror=alert(&#39;author&#39;)&gt; Mallory",
                  "&lt;/textarea&gt;&lt;script&gt;alert(&#39;container&#39;)&lt;/script&gt;",
                  "javascript:alert(&#39;source&#39;)", "&lt;mark&gt;fake mark&lt;/mark&gt;",
                  "&amp;lt;b&amp;gt;entities"):
        assert shown in text, shown
    results = get(hclient, "/?q=summit").get_data(as_text=True)
    assert "<mark>summit</mark>" in results.lower() and "&lt;script&gt;alert(&#39;body&#39;)" in results


def test_the_reader_keeps_citations_and_bibtex_inside_their_boxes(hclient):
    text = get(hclient, "/doc/hostile-en?cite=2").get_data(as_text=True)
    tags = [t for t, _ in Elements(text).tags]
    assert tags.count("textarea") == 1 and tags.count("pre") == 1
    # an early </textarea> or </pre> in the data would end the box and leave the rest as markup
    assert text.count("</textarea>") == 1 and text.count("</pre>") == 1


def test_bibtex_fields_cannot_be_injected(hclient):
    doc = hclient.get("/api/docs/hostile-en").get_json()
    lines = doc["bibtex"].splitlines()
    assert lines[0] == "@article{mallory2021," and lines[-1] == "}"
    fields = []
    for line in lines[1:-1]:
        m = re.fullmatch(r"  (\w+) = \{(.*)\},?", line)
        assert m, line
        value = re.sub(r"\\[{}]", "", m.group(2))
        assert "{" not in value and "}" not in value, line         # every brace in the data is escaped
        fields.append(m.group(1))
    assert fields == ["author", "title", "journal", "year", "number", "pages", "note", "langid"]


def test_api_highlights_keep_only_mark(hclient):
    for q in ("summit", "script", "alert", "mark", "%D1%80%D0%B5%D0%B7%D0%BE%D0%BB%D1%8E%D1%86%D0%B8%D1%8F"):
        r = hclient.get(f"/api/search?q={q}&limit=100")
        assert r.mimetype == "application/json" and r.headers["X-Content-Type-Options"] == "nosniff"
        body = r.get_json()
        assert body["total"] > 0, q
        for result in body["results"]:
            assert "<" not in re.sub(r"</?mark>", "", result["highlight"]), result["id"]


def test_api_errors_carry_the_markup_as_text(hclient):
    r = hclient.get("/api/docs/" + quote("<script>alert(1)</script>"))
    assert r.status_code == 404 and r.mimetype == "application/json"
    r = hclient.get("/api/search?q=summit&lang=" + quote("<svg onload=alert(1)>"))
    assert r.status_code == 400 and r.mimetype == "application/json"


def test_the_site_name_is_text_too(hostile_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(hostile_index),
                         "SITE_NAME": "<script>alert('site')</script>"}).test_client()
    for path in ("/", "/doc/hostile-en", "/nope"):
        assert injected(client.get(path).get_data(as_text=True)) == [], path
    xml = client.get("/opensearch.xml").get_data(as_text=True)
    assert "<script>" not in xml and "&lt;script&gt;" in xml
