"""The search library on the fixture corpus: syntax, ranking rules, filters, highlighting, JSON."""

from __future__ import annotations

import pytest

from search import NotFound, QueryError


def ids(body: dict) -> list[str]:
    return [r["id"] for r in body["results"]]


def texts(body: dict) -> list[str]:
    return [r["text"] for r in body["results"]]


def test_json_shape(mini):
    body = mini.search("summit")
    assert set(body) >= {"query", "total", "took_ms", "results", "expansions", "facets", "suggestion"}
    assert body["query"] == "summit" and body["total"] == len(body["results"]) > 0
    r = body["results"][0]
    for key, kind in [("id", str), ("doc_id", str), ("passage", int), ("lang", str), ("kind", str),
                      ("section", str), ("text", str), ("highlight", str), ("score", float),
                      ("citation", str), ("url", str), ("weak", bool)]:
        assert isinstance(r[key], kind), key
    assert r["id"] == f"{r['doc_id']}:{r['passage']}"
    assert r["url"] == f"/doc/{r['doc_id']}#p{r['passage']}"


def test_one_query_searches_all_three_languages(mini):
    assert {r["lang"] for r in mini.search("Dakar OR Джидде OR Xocalı")["results"]} == {"az", "ru", "en"}


def test_all_words_rank_before_some_words(mini):
    body = mini.search("Dakar summit membership")
    first = body["results"][0]["text"]
    assert "membership" in first and "Dakar" in first
    assert body["total"] >= 2
    assert all("membership" not in t for t in texts(body)[1:])


def test_exact_form_ranks_above_stem_only(mini):
    body = mini.search("resolutions")
    assert "resolutions" in body["results"][0]["text"]
    assert any("resolution." in t for t in texts(body))


def test_phrase(mini):
    assert texts(mini.search('"Islamic Development Bank"')) == [
        "The Islamic Development Bank provided grants to refugees."]
    assert mini.search('"Bank Development Islamic"')["total"] == 0


def test_exclusion(mini):
    with_dakar = mini.search("summit")
    without = mini.search("summit -Dakar")
    assert with_dakar["total"] > without["total"]
    assert all("Dakar" not in t for t in texts(without))


def test_or(mini):
    assert mini.search("Jeddah OR refugees")["total"] == 1
    assert mini.search("Dakar OR refugees")["total"] == 3


def test_prefix(mini):
    got = texts(mini.search("Organi*"))
    assert any("Organisation" in t for t in got) and any("organization" in t for t in got)


def test_filters_and_facets(mini):
    body = mini.search("резолюция OR resolution OR qətnamə")
    assert set(body["facets"]["lang"]) >= {"ru", "en", "az"}
    only_ru = mini.search("резолюция OR resolution OR qətnamə", lang="ru")
    assert {r["lang"] for r in only_ru["results"]} == {"ru"}
    assert only_ru["total"] == body["facets"]["lang"]["ru"]
    only_doc = mini.search("резолюция OR resolution OR qətnamə", doc="test-ru")
    assert {r["doc_id"] for r in only_doc["results"]} == {"test-ru"}


def test_pagination(mini):
    full = ids(mini.search("Azerbaijan OR Azərbaycan OR summit OR организации", limit=50))
    pages = [ids(mini.search("Azerbaijan OR Azərbaycan OR summit OR организации", limit=2, offset=o))
             for o in range(0, len(full), 2)]
    assert [i for p in pages for i in p] == full


def test_highlight_marks_stem_and_folding_matches_and_escapes(mini):
    body = mini.search("Azerbaycan")
    assert "<mark>Azərbaycanın</mark>" in body["results"][0]["highlight"]
    body = mini.search("summits")
    assert "<mark>summit</mark>" in body["results"][0]["highlight"]


def test_turkic_case_variants_match_same_passages(mini):
    assert ids(mini.search("İƏT")) == ids(mini.search("iət")) == ids(mini.search("IET"))
    assert mini.search("İƏT")["total"] >= 1


def test_exact_native_spelling_ranks_first(mini):
    native = mini.search("Xocalı")["results"][0]["score"]
    folded = mini.search("Xocali")["results"][0]["score"]
    assert native > folded


@pytest.mark.parametrize("query, message", [
    ("", "empty"), ("   ", "empty"), ("-Dakar", "only excludes"), ("OR", "Nothing searchable"),
    ("the of and", "very common words"), ("x", "single letters"), ("𝕏", "symbols"), ("a*", "too short"),
    ("summit -a*", "too short"),
    ("x" * 501, "limit is 500"),
])
def test_unsearchable_queries_say_so(mini, query, message):
    with pytest.raises(QueryError, match=message):
        mini.search(query)


@pytest.mark.parametrize("kwargs, message", [
    ({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"offset": -1}, "offset"),
    ({"lang": "tr"}, "Unknown language"), ({"doc": "nope"}, "Unknown document"), ({"limit": "x"}, "whole numbers"),
])
def test_bad_parameters(mini, kwargs, message):
    with pytest.raises(QueryError, match=message):
        mini.search("Dakar", **kwargs)


def test_documents_and_passages(mini):
    docs = {d["id"]: d for d in mini.documents()}
    assert list(docs) == ["test-article", "test-ru", "test-en"]
    assert docs["test-ru"]["display_title"] == "[Обзор организации]"
    doc = mini.document("test-en")
    numbers = [p["passage"] for p in doc["passages"]]
    assert numbers == sorted(numbers) == list(range(1, len(numbers) + 1))
    p = mini.passage("test-en:3")
    assert p["text"].startswith("The Islamic Development Bank")
    assert mini.passage(f"test-en@{p['fingerprint']}")["id"] == "test-en:3"
    for bad in ("test-en:99", "nope:1", "../etc/passwd", "test-en@000000000000"):
        with pytest.raises(NotFound):
            mini.passage(bad)
    with pytest.raises(NotFound):
        mini.document("../secret")


def test_citation_marks_supplied_title_and_unknown_date(mini):
    r = mini.search("Jeddah OR Джидде")["results"][0]
    # The default style (GOST author–date): the bracketed supplied title, "n.d.", the paragraph.
    assert r["citation"] == "[[Обзор организации], n.d., para. 2]"
    assert (r["reference"], r["pinpoint"], r["style"]) == ("[Обзор организации].", "¶ 2", "gost")


def test_explain_names_the_route(mini):
    r = mini.search("Xocali", explain=True)["results"][0]
    assert {"query": "Xocali", "word": "Xocalı", "via": "folding"}.items() <= r["explain"][0].items()
    r = mini.search("Xocalı", explain=True)["results"][0]
    assert r["explain"][0]["via"] == "exact"


def test_health_and_stats(mini):
    h = mini.health()
    assert h["status"] == "ok" and h["passages"] == mini.stats()["passages"] > 0


def test_prefix_without_matching_words_finds_nothing(mini):
    body = mini.search("zzqx*")
    assert body["total"] == 0 and body["results"] == []
    assert mini.search("zzqx* Dakar")["total"] >= 1        # the other word still finds partial matches


# -- the library answers in one call what a page needs ---------------------------------------
def test_a_suggestion_is_counted_without_searching_again(real, monkeypatch):
    calls = []
    search = type(real).search

    def counted(self, *a, **kw):
        calls.append(a)
        return search(self, *a, **kw)

    monkeypatch.setattr(type(real), "search", counted)
    body = real.search("Kasablnka qətnamə")
    assert body["suggestion"]["query"] == "Kasablanka qətnamə" and body["suggestion"]["total"] > 0
    assert calls == [("Kasablnka qətnamə",)]


@pytest.mark.parametrize("lang, doc", [(None, None), ("ru", None), (None, "test-article"), ("en", "test-en")])
def test_filtered_facets_count_what_each_facet_link_finds(mini, lang, doc):
    q = "Xocalı OR резолюция OR summit"
    facets = mini.search(q, lang=lang, doc=doc)["filtered_facets"]
    for code in ("az", "ru", "en"):
        assert facets["lang"].get(code, 0) == mini.search(q, lang=code, doc=doc)["total"], code
    for d in ("test-article", "test-ru", "test-en"):
        assert facets["doc"].get(d, 0) == mini.search(q, lang=lang, doc=d)["total"], d


def test_documents_are_worked_out_once_per_build(mini):
    assert mini._current().documents is mini._current().documents
    assert [d["id"] for d in mini.documents()] == ["test-article", "test-ru", "test-en"]


def test_matches_are_the_documents_passages_the_query_finds_in_passage_order(mini):
    body = mini.search("Xocalı OR резолюция OR summit", doc="test-article", limit=100)
    found = mini.matches("test-article", "Xocalı OR резолюция OR summit", limit=500)
    assert list(found) == sorted(r["passage"] for r in body["results"])
    assert {n: r["highlight"] for n, r in found.items()} == {r["passage"]: r["highlight"] for r in body["results"]}
    assert list(mini.matches("test-article", "Xocalı OR резолюция OR summit", limit=1)) == [
        body["results"][0]["passage"]]


def test_an_unknown_document_filter_names_the_doc_parameter(mini):
    with pytest.raises(QueryError, match="Unknown document 'nope'") as e:
        mini.search("summit", doc="nope")
    assert e.value.param == "doc"


def test_sort_by_date_puts_documents_oldest_first_and_undated_last(mini, tmp_path):
    q = "Azerbaijan OR Azərbaycan OR summit OR организации OR qətnamə"
    by_score = mini.search(q, limit=50)
    by_date = mini.search(q, limit=50, sort="date")
    assert by_date["total"] == by_score["total"]
    assert sorted(r["id"] for r in by_date["results"]) == sorted(r["id"] for r in by_score["results"])
    docs = [r["doc_id"] for r in by_date["results"]]
    assert docs[0] == "test-article"                      # the only dated document (2022)
    assert docs == sorted(docs, key=lambda d: (d != "test-article", d))   # then the undated, by id
    for doc_id in set(docs):                               # within a document, best first
        scores = [r["score"] for r in by_date["results"] if r["doc_id"] == doc_id]
        assert scores == sorted(scores, reverse=True)
    pages = [r["id"] for o in range(0, 50, 7) for r in mini.search(q, limit=7, offset=o, sort="date")["results"]]
    assert pages == [r["id"] for r in by_date["results"]]


def test_an_unknown_sort_names_its_parameter(mini):
    with pytest.raises(QueryError) as e:
        mini.search("summit", sort="newest")
    assert str(e.value) == "Unknown sort 'newest': use one of relevance, date."
    assert e.value.param == "sort"
