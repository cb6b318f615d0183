"""The HTML pages through Flask's test client: search, reader, permalinks, OpenSearch."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from web import create_app, views
from web.views import doc_facet, excerpt, marked

XSS = "<script>alert(1)</script>"


class Page(HTMLParser):
    """Just enough of a parsed page to ask about its elements."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: (v if v is not None else "") for k, v in attrs}))

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.elements if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def with_class(self, name: str) -> list[tuple[str, dict]]:
        return [(t, a) for t, a in self.elements if name in a.get("class", "").split()]


def page(response) -> Page:
    assert response.mimetype == "text/html"
    return Page(response.get_data(as_text=True))


# -- the search page -------------------------------------------------------------------------
def test_home_has_one_search_box_with_autofocus_and_the_documents(client):
    r = client.get("/")
    assert r.status_code == 200
    p = page(r)
    boxes = p.find("input", name="q")
    assert len(boxes) == 1 and "autofocus" in boxes[0] and boxes[0]["type"] == "search"
    assert p.find("label", for_=boxes[0]["id"])
    assert p.find("form", role="search")
    assert p.find("link", rel="search", type="application/opensearchdescription+xml")
    text = r.get_data(as_text=True)
    for title in ("Test məqaləsinin başlığı", "Обзор организации", "Relations overview"):
        assert title in text
    assert "-ООН" in text and "qətnamə*" in text  # the syntax help


def test_results_show_highlight_title_badge_citation_and_a_link_into_the_document(client):
    r = client.get("/?q=Xocalı")
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    p = page(r)
    assert p.find("input", name="q", value="Xocalı")
    assert "<mark>Xocalı</mark>" in text
    # The default style (GOST): the in-text citation with the paragraph, then the reference.
    assert "Test məqaləsinin başlığı" in text and re.search(r"\[Quliyev, 2022, para\. \d+\]", text)
    assert "Quliyev A. Test məqaləsinin başlığı // Tarix jurnalı. 2022. № 1. P. 10–12." in text
    assert p.with_class("lang-az")
    opens = [a["href"] for a in p.find("a", class_="open")]
    assert opens and all(re.fullmatch(r"/doc/test-article\?q=Xocal%C4%B1#p\d+", h) for h in opens)


def test_results_show_totals_and_time(client):
    text = client.get("/?q=summit").get_data(as_text=True)
    assert re.search(r"1–\d+ of \d+ passages?", text)
    assert re.search(r"\d+\.\d ms", text)


def test_language_facet_counts_and_filter(client, mini):
    counts = mini.search("Xocalı OR резолюция OR summit")["facets"]["lang"]
    r = client.get("/?q=Xocalı OR резолюция OR summit")
    p = page(r)
    links = {a["data-facet-lang"]: a["href"] for a in p.find("a") if "data-facet-lang" in a}
    assert set(links) == {lang for lang, n in counts.items() if n}
    filtered = client.get(links["ru"])
    assert filtered.status_code == 200
    body = filtered.get_data(as_text=True)
    assert 'aria-current="true" data-facet-lang="ru"' in body or 'data-facet-lang="ru" aria-current="true"' in body
    assert page(filtered).find("input", type="hidden", name="lang", value="ru")
    assert not page(filtered).with_class("lang-en") or "lang-en" in body  # badges in the facet only
    langs_of_results = re.findall(r'<p class="passage" lang="(\w+)"', body)
    assert langs_of_results and set(langs_of_results) == {"ru"}


def test_facet_counts_follow_the_other_filter(client, mini):
    q = "Xocalı OR резолюция OR summit"
    text = client.get("/", query_string={"q": q, "lang": "ru"}).get_data(as_text=True)
    for doc_id in ("test-article", "test-ru", "test-en"):
        n = mini.search(q, lang="ru", doc=doc_id)["total"]
        shown = re.search(rf'data-facet-doc="{doc_id}"[^>]*>.*?<span class="count">(\d+)</span>', text, re.S)
        assert (int(shown.group(1)) if shown else 0) == n, doc_id
    text = client.get("/", query_string={"q": q, "doc": "test-article"}).get_data(as_text=True)
    for lang in ("az", "ru", "en"):
        n = mini.search(q, lang=lang, doc="test-article")["total"]
        shown = re.search(rf'data-facet-lang="{lang}"[^>]*>.*?<span class="count">(\d+)</span>', text, re.S)
        assert (int(shown.group(1)) if shown else 0) == n, lang


def test_a_filtered_results_page_runs_one_search(app, monkeypatch):
    """Facet counts come with the one search (they once cost a search per document and language)."""
    s = app.extensions["sanad"]
    calls = []
    real_search = s.search

    def counted(*a, **k):
        calls.append(k)
        return real_search(*a, **k)
    monkeypatch.setattr(s, "search", counted)
    r = app.test_client().get("/", query_string={"q": "Xocalı OR резолюция OR summit", "lang": "ru",
                                                  "doc": "test-ru"})
    assert r.status_code == 200 and 'data-facet-lang="ru"' in r.get_data(as_text=True)
    assert len(calls) == 1


def test_document_filter(client):
    r = client.get("/?q=summit")
    links = {a["data-facet-doc"]: a["href"] for a in page(r).find("a") if "data-facet-doc" in a}
    assert "test-en" in links
    body = client.get(links["test-en"]).get_data(as_text=True)
    assert set(re.findall(r'href="/doc/([\w-]+)\?q=', body)) == {"test-en"}


def test_empty_state_explains_how_to_widen_the_search(client):
    r = client.get("/?q=zzyzx")
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert 'id="empty-state"' in text and "Nothing found for “zzyzx”" in text
    filtered = client.get("/?q=zzyzx&lang=ru").get_data(as_text=True)
    assert "search all languages and documents" in filtered and 'href="/?q=zzyzx"' in filtered


@pytest.mark.parametrize("query", ["q=-summit", "q=" + "a" * 501, "q=summit&lang=fr",
                                   "q=summit&doc=nope", "q=summit&page=0", "q=summit&page=x"])
def test_query_errors_are_a_friendly_400_page_keeping_the_query(client, query):
    r = client.get("/?" + query)
    assert r.status_code == 400
    text = unescape(r.get_data(as_text=True))
    assert 'role="alert"' in text and "This query can't be searched" in text
    assert "Traceback" not in text
    assert page(r).find("input", name="q")


def test_pagination(mini_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(mini_index), "RESULTS_PER_PAGE": 1}).test_client()
    first = client.get("/?q=summit")
    nxt = page(first).find("a", rel="next")
    assert nxt and parse_qs(urlsplit(nxt[0]["href"]).query)["page"] == ["2"]
    second = client.get(nxt[0]["href"]).get_data(as_text=True)
    assert re.search(r"2–2 of \d+ passages", second) and 'rel="prev"' in second
    beyond = client.get("/?q=summit&page=500")
    assert beyond.status_code == 200 and "There are no results on this page." in beyond.get_data(as_text=True)


# -- markup in queries is escaped everywhere ----------------------------------------------------
@pytest.mark.parametrize("path", ["/?q=" + quote(XSS), "/?q=" + quote("summit " + XSS),
                                  "/?q=" + quote(XSS) + "&lang=fr", "/doc/test-en?q=" + quote(XSS),
                                  "/doc/" + quote(XSS), "/p/" + quote(XSS), "/nothing/" + quote(XSS),
                                  "/?q=" + quote('"><img src=x onerror=alert(1)>')])
def test_markup_in_queries_comes_back_escaped(client, path):
    text = client.get(path).get_data(as_text=True)
    assert "<script>alert(1)" not in text and "<img src=x" not in text
    if "script" in path and path.startswith("/?"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_only_mark_survives_from_the_highlight(client):
    text = client.get("/?q=" + quote("Casablanca summit")).get_data(as_text=True)
    passages = re.findall(r'<p class="passage" lang="\w+">(.*?)</p>', text, re.S)
    assert passages
    for html in passages:
        assert set(re.findall(r"</?(\w+)", html)) <= {"mark"}


# -- the reader -------------------------------------------------------------------------------
def test_reader_shows_every_passage_numbered_with_anchors_and_the_citation(client, mini):
    doc = mini.document("test-article")
    r = client.get("/doc/test-article")
    assert r.status_code == 200
    p = page(r)
    ids = [attrs["id"] for _, attrs in p.with_class("passage") if attrs.get("id", "").startswith("p")]
    assert ids == [f"p{x['passage']}" for x in doc["passages"]]
    text = r.get_data(as_text=True)
    assert doc["citation"].replace("“", "&#34;") in text or doc["citation"] in text
    assert "@article{quliyev2022" in text
    # one citation per passage would repeat the document's citation dozens of times: a link asks for one
    assert not p.find("textarea")
    cite_links = [a["href"] for a in p.find("a", class_="cite-open")]
    assert cite_links[1] == f"/doc/test-article?cite={doc['passages'][1]['passage']}#p{doc['passages'][1]['passage']}"
    one = page(client.get(cite_links[1]))
    (area,) = one.find("textarea")
    assert area["id"] == f"c{doc['passages'][1]['passage']}"
    assert doc["passages"][1]["citation"] in client.get(cite_links[1]).get_data(as_text=True)


def test_reader_marks_the_matches_of_the_query(client, mini):
    hits = sorted(x["passage"] for x in mini.search("Xocalı", doc="test-article", limit=100)["results"])
    r = client.get("/doc/test-article?q=Xocalı")
    text = r.get_data(as_text=True)
    p = page(r)
    matched = [a["id"] for t, a in p.with_class("match")]
    assert matched == [f"p{n}" for n in hits]
    assert text.count("<mark>") >= len(hits)
    assert "2 passages match “Xocalı”" in text
    nexts = [a["href"] for a in p.find("a") if "data-next-match" in a]
    prevs = [a["href"] for a in p.find("a") if "data-prev-match" in a]
    assert nexts == [f"#p{n}" for n in hits[1:]] and prevs == [f"#p{n}" for n in hits[:-1]]


def test_reader_with_a_bad_query_still_shows_the_document(client):
    r = client.get("/doc/test-en?q=***")
    assert r.status_code == 200
    assert "Matches could not be marked" in r.get_data(as_text=True)


def test_reader_unknown_document_is_a_404_page(client):
    r = client.get("/doc/no-such-doc")
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert "Not found" in r.get_data(as_text=True)


# -- permalinks --------------------------------------------------------------------------------
def test_permalink_by_number_redirects_to_the_passage(client):
    r = client.get("/p/test-en:2")
    assert r.status_code == 302 and r.headers["Location"] == "/doc/test-en#p2"


def test_permalink_by_fingerprint_keeps_the_query(client, mini):
    fp = mini.passage("test-en:2")["fingerprint"]
    r = client.get(f"/p/test-en@{fp}?q=Dakar")
    assert r.status_code == 302 and r.headers["Location"] == "/doc/test-en?q=Dakar#p2"


@pytest.mark.parametrize("pid", ["test-en:999", "nope:1", "test-en@ffffffffffff", "garbage"])
def test_unknown_permalink_is_404(client, pid):
    assert client.get(f"/p/{pid}").status_code == 404


# -- OpenSearch, static files, headers --------------------------------------------------------
def test_opensearch_description(client):
    r = client.get("/opensearch.xml")
    assert r.status_code == 200 and r.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(r.data)
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    name = root.find("os:ShortName", ns)
    assert name is not None and name.text == "Sanad"
    templates = {u.get("type"): u.get("template") for u in root.findall("os:Url", ns)}
    assert templates["text/html"] == "http://localhost/?q={searchTerms}"
    assert templates["application/json"] == "http://localhost/api/search?q={searchTerms}"


@pytest.mark.parametrize("path", ["/", "/?q=summit", "/doc/test-en", "/api/search?q=summit", "/api/nothing",
                                  "/nothing", "/static/sanad.css", "/static/sanad.js", "/opensearch.xml",
                                  "/p/test-en:1"])
def test_security_headers_on_every_response(client, path):
    with client.get(path) as r:
        h = r.headers
    csp = h["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert h["X-Content-Type-Options"] == "nosniff" and h["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/?q=summit", "/?q=zzyzx", "/?q=***", "/doc/test-article?q=Xocalı",
                                  "/nothing"])
def test_pages_have_no_inline_script_or_style(client, path):
    p = page(client.get(path))
    for tag, attrs in p.elements:
        assert "style" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), tag
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/")
    assert not p.find("style")


def test_static_files(client):
    with client.get("/static/sanad.css") as r:
        assert r.status_code == 200 and r.mimetype == "text/css"
    with client.get("/static/sanad.js") as r:
        assert r.status_code == 200 and r.mimetype in ("text/javascript", "application/javascript")


def test_html_error_pages_have_no_stack_trace(client):
    r = client.post("/")
    assert r.status_code == 405 and r.mimetype == "text/html"
    assert "Traceback" not in r.get_data(as_text=True)


def test_index_missing_is_a_503_page(missing_client):
    r = missing_client.get("/?q=summit")
    assert r.status_code == 503 and r.mimetype == "text/html"
    assert "The search index is not available" in r.get_data(as_text=True)


# -- what the library adds: expansions, weak matches, suggestions ------------------------------
class Doctored:
    """The app's Searcher, with expansions, a suggestion and weak results added to every search."""

    def __init__(self, real):
        self.real = real

    def __getattr__(self, name):
        return getattr(self.real, name)

    def search(self, *args, **kwargs):
        body = self.real.search(*args, **kwargs)
        body["expansions"] = [{"type": "glossary", "term": "Xocalı", "added": ["Khojaly <i>x</i>"],
                               "label": "Xocalı → Khojaly <i>x</i>"}]
        body["suggestion"] = {"query": "summit <b>", "total": 3}
        for r in body["results"]:
            r["weak"] = True
        return body


def test_expansions_weak_matches_and_suggestions_are_shown(app):
    app.extensions["sanad"] = Doctored(app.extensions["sanad"])
    text = app.test_client().get("/?q=summit").get_data(as_text=True)
    assert "Also searched:" in text
    assert re.search(r'"exp-term">Xocalı</span>.*?Khojaly &lt;i&gt;x&lt;/i&gt;', text, re.S)
    shown = text.count('<li class="result weak"') + text.count('<li class="more-passage weak"')
    assert text.count('class="badge weak-badge"') == shown == len(re.findall(r'<p class="passage"', text)) > 0
    assert "Did you mean" in text and 'href="/?q=summit+%3Cb%3E"' in text and "summit &lt;b&gt;" in text


def test_empty_results_offer_the_suggestion(app):
    app.extensions["sanad"] = Doctored(app.extensions["sanad"])
    text = app.test_client().get("/?q=zzyzx").get_data(as_text=True)
    assert 'id="empty-state"' in text and "Did you mean" in text


# -- excerpts of long passages ----------------------------------------------------------------------
def test_marked_is_the_library_html_and_escapes_the_passage(mini):
    r = mini.search("summit")["results"][0]
    assert str(marked(r)) == r["highlight"]
    hostile = {"text": "<b>a</b> & 'b' summit", "marks": [[15, 21]]}
    assert str(excerpt(hostile)) == "&lt;b&gt;a&lt;/b&gt; &amp; &#39;b&#39; <mark>summit</mark>"


def test_excerpt_of_a_long_passage_is_cut_around_the_first_match():
    words = " ".join(f"w{i}" for i in range(400))
    text = words + " target " + words
    at = text.index("target")
    out = str(excerpt({"text": text, "marks": [[at, at + 6]]}, width=200))
    plain = unescape(re.sub(r"</?mark>", "", out))
    assert "<mark>target</mark>" in out
    assert plain.startswith("… ") and plain.endswith(" …") and len(plain) <= 204
    tokens = plain.split()[1:-1]
    assert all(re.fullmatch(r"w\d+|target", tok) for tok in tokens)  # cut between words
    assert {tokens[0], tokens[-1]} <= {f"w{i}" for i in range(400)}


def test_excerpt_keeps_short_passages_whole():
    assert str(excerpt({"text": "short one", "marks": [[6, 9]]}, width=200)) == "short <mark>one</mark>"


# -- nothing a client sends makes a page fail ------------------------------------------------------
@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=80), lang=st.sampled_from(["", "az", "ru", "en", "xx"]) | st.text(max_size=4),
       doc=st.sampled_from(["", "test-en", "nope"]) | st.text(max_size=8), page_=st.text(max_size=6))
def test_search_page_never_fails(client, q, lang, doc, page_):
    r = client.get("/", query_string={"q": q, "lang": lang, "doc": doc, "page": page_})
    assert r.status_code in (200, 400)
    assert "Traceback" not in r.get_data(as_text=True)


@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segment=st.text(min_size=1, max_size=30).filter(lambda s: "/" not in s and s not in (".", "..")),
       q=st.text(max_size=40))
def test_reader_and_permalinks_never_fail(client, segment, q):
    for path in (f"/doc/{quote(segment)}", f"/p/{quote(segment)}", f"/ui/{quote(segment)}"):
        r = client.get(path, query_string={"q": q, "next": q})
        assert r.status_code in (200, 302, 303, 404), path


def test_sort_by_date_is_a_link_kept_by_filters_pager_and_the_reader(mini_index, mini):
    client = create_app({"TESTING": True, "INDEX_DIR": str(mini_index), "RESULTS_PER_PAGE": 2}).test_client()
    q = "Azerbaijan OR Azərbaycan OR summit OR организации"
    text = client.get("/", query_string={"q": q}).get_data(as_text=True)
    link = re.search(r'<a class="chip" href="([^"]+)" data-sort="date">', text)
    assert link and parse_qs(urlsplit(unescape(link.group(1))).query) == {"q": [q], "sort": ["date"]}
    dated = client.get(unescape(link.group(1)))
    body = dated.get_data(as_text=True)
    expected = [r["doc_id"] for r in mini.search(q, limit=2, sort="date")["results"]]
    assert re.findall(r'<h2 class="result-title" id="rt-\d+"><a href="/doc/([\w-]+)\?', body)[0] == expected[0]
    assert 'name="sort" value="date"' in body and 'aria-current="true">oldest documents first<' in body
    assert all("sort=date" in unescape(h) for h in re.findall(r'<a rel="next" href="([^"]+)"', body))
    assert all("sort=date" in unescape(h) for h in re.findall(r'class="open" href="([^"]+)"', body))


def test_names_also_searched_carry_their_language(real_client):
    """Screen readers read each equivalent in its own language; the interface's own are unmarked."""
    body = real_client.get("/api/search?q=OIC").get_json()
    glossary = next(e for e in body["expansions"] if e["type"] == "glossary")
    assert len(glossary["langs"]) == len(glossary["added"]) and set(glossary["langs"]) == {"az", "ru", "en"}
    page = real_client.get("/?q=OIC", headers={"Accept-Language": "en"}).get_data(as_text=True)
    block = page[page.index('class="expansions"'):page.index("expand-switch")]
    assert '<span lang="az">İƏT</span>' in block and '<span lang="ru">ОИС</span>' in block
    assert '<span lang="en">' not in block


def test_the_document_filter_offers_the_selected_then_the_listed_documents():
    docs = {f"d{i}": {"id": f"d{i}"} for i in range(20)}
    listed = {"d19": 19, "d18": 18, "d1": 1}                      # as the library lists them, most first
    assert [d["id"] for d in doc_facet(docs, listed, "d1")] == ["d1", "d19", "d18"]
    assert [d["id"] for d in doc_facet(docs, listed, "d0")] == ["d0", "d19", "d18", "d1"]   # selected, no hits
    assert [d["id"] for d in doc_facet(docs, listed, None)] == ["d19", "d18", "d1"]


def test_the_document_filter_counts_the_documents_it_does_not_list(client, mini, monkeypatch):
    monkeypatch.setattr(views, "DOC_FACET_LIMIT", 1)
    q = "Xocalı OR резолюция OR summit"
    every = mini.search(q)["facets"]["doc"]
    text = client.get("/", query_string={"q": q}, headers={"Accept-Language": "en"}).get_data(as_text=True)
    facet = text.split('id="facet-doc"')[1].split("</section>")[0]
    assert re.findall(r'data-facet-doc="([\w-]+)"', facet) == [max(every, key=every.__getitem__)]
    assert f"{len(every) - 1} more documents have hits" in facet
    all_docs = re.search(r'<span class="count">(\d+)</span>', facet)
    assert all_docs and int(all_docs.group(1)) == sum(every.values())


def test_the_document_filter_lists_only_documents_with_hits(client):
    text = client.get("/", query_string={"q": "Dakar"}).get_data(as_text=True)
    offered = re.findall(r'data-facet-doc="([\w-]+)"[^>]*>.*?<span class="count">(\d+)</span>', text, re.S)
    assert offered and all(int(n) > 0 for _, n in offered)
    assert 'class="empty-facet"' not in text.split('id="facet-doc"')[1].split("</section>")[0]
