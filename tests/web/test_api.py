"""The JSON API through Flask's test client, on the fixture corpus."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from flask.json.provider import DefaultJSONProvider

from index import build
from web import create_app

from error_shape import error_of


# -- search -----------------------------------------------------------------------------
def test_search_returns_the_library_body(client, mini):
    r = client.get("/api/search?q=summit")
    assert r.status_code == 200 and r.mimetype == "application/json"
    body = r.get_json()
    expected = mini.search("summit")
    for key in ("query", "parsed", "total", "limit", "offset", "expansions", "ignored", "facets", "suggestion"):
        assert body[key] == expected[key], key
    assert [x["id"] for x in body["results"]] == [x["id"] for x in expected["results"]]
    first = body["results"][0]
    assert {"id", "doc_id", "passage", "lang", "kind", "section", "text", "highlight", "score", "coverage",
            "weak", "citation", "url", "permalink", "title", "fingerprint", "anchor"} <= set(first)
    assert "<mark>" in first["highlight"]


def test_search_json_is_utf8_not_escaped(client):
    r = client.get("/api/search?q=Xocalı")
    assert r.status_code == 200
    assert "Xocalı".encode() in r.data and b"\\u0131" not in r.data


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_search_language_filter(client, lang):
    body = client.get(f"/api/search?q=Xocalı OR резолюция OR summit&lang={lang}").get_json()
    assert body["results"] and {x["lang"] for x in body["results"]} == {lang}


def test_search_document_filter(client):
    body = client.get("/api/search?q=summit&doc=test-en").get_json()
    assert body["results"] and {x["doc_id"] for x in body["results"]} == {"test-en"}


MANY = "Xocalı OR резолюция OR summit"      # hits in every document of the fixture corpus


def test_doc_facets_list_the_documents_with_most_hits_and_count_the_rest(client, mini):
    every = mini.search(MANY, facet_docs=100)["facets"]["doc"]
    assert len(every) == 3
    body = client.get(f"/api/search?q={MANY}&facet_docs=2").get_json()
    for facet in ("facets", "filtered_facets"):
        listed = body[facet]["doc"]
        assert list(listed.values()) == sorted(every.values(), reverse=True)[:2]      # most first
        assert all(every[d] == n for d, n in listed.items())                          # exact counts
        assert body["more_docs"][facet] == {"documents": 1, "passages": sum(every.values()) - sum(listed.values())}
    assert body["facets"]["lang"] == mini.search(MANY)["facets"]["lang"]           # languages are never bounded


def test_doc_facets_keep_the_filtered_document(client, mini):
    every = mini.search(MANY, facet_docs=100)["facets"]["doc"]
    fewest = min(every, key=every.__getitem__)
    body = client.get(f"/api/search?q={MANY}&facet_docs=1&doc={fewest}").get_json()
    assert body["filtered_facets"]["doc"] == {fewest: every[fewest]}
    assert body["more_docs"]["filtered_facets"]["documents"] == 2


def test_doc_facets_within_a_language_filter_are_bounded_too(client, mini):
    every = mini.search(MANY, lang="ru", facet_docs=100)["filtered_facets"]["doc"]
    assert len(every) == 2
    body = client.get(f"/api/search?q={MANY}&lang=ru&facet_docs=1").get_json()
    best = max(every, key=every.__getitem__)
    assert body["filtered_facets"]["doc"] == {best: every[best]}
    assert body["more_docs"]["filtered_facets"] == {"documents": len(every) - 1,
                                                    "passages": sum(every.values()) - every[best]}


def test_doc_facets_can_list_no_document_or_all(client, mini):
    every = mini.search(MANY, facet_docs=100)["facets"]["doc"]
    none = client.get(f"/api/search?q={MANY}&facet_docs=0").get_json()
    assert none["facets"]["doc"] == {} and none["more_docs"]["facets"] == {"documents": 3,
                                                                         "passages": sum(every.values())}
    default = client.get(f"/api/search?q={MANY}").get_json()
    assert default["facets"]["doc"] == every and default["more_docs"]["facets"] == {"documents": 0, "passages": 0}


@pytest.mark.parametrize("value", ["-1", "x", "100001"])
def test_facet_docs_out_of_range_is_a_400_naming_it(client, value):
    r = client.get(f"/api/search?q=summit&facet_docs={value}")
    assert error_of(r, 400)["param"] == "facet_docs"


def test_search_limit_and_offset(client):
    everything = client.get("/api/search?q=Azerbaijan OR summit&limit=100").get_json()
    assert everything["total"] >= 3
    page = client.get("/api/search?q=Azerbaijan OR summit&limit=1&offset=1").get_json()
    assert page["limit"] == 1 and page["offset"] == 1
    assert [x["id"] for x in page["results"]] == [everything["results"][1]["id"]]


@pytest.mark.parametrize("value, present", [("true", True), ("1", True), ("false", False), ("0", False),
                                            ("TRUE", True), ("", False)])
def test_explain_accepts_true_false_1_0(client, value, present):
    body = client.get(f"/api/search?q=summit&explain={value}").get_json()
    assert ("explain" in body["results"][0]) is present


@pytest.mark.parametrize("value", ["true", "false", "1", "0"])
def test_expand_accepts_true_false_1_0(client, value):
    assert client.get(f"/api/search?q=summit&expand={value}").status_code == 200


@pytest.mark.parametrize("query, param, code", [
    ("", "q", "missing_param"),
    ("q=", "q", "missing_param"),
    ("q=summit&limit=abc", "limit", "bad_param"),
    ("q=summit&limit=1.5", "limit", "bad_param"),
    ("q=summit&limit=0", "limit", "bad_param"),
    ("q=summit&limit=101", "limit", "bad_param"),
    ("q=summit&limit=99999999999999999999999", "limit", "bad_param"),
    ("q=summit&offset=-1", "offset", "bad_param"),
    ("q=summit&offset=10001", "offset", "bad_param"),
    ("q=summit&lang=fr", "lang", "bad_param"),
    ("q=summit&lang=AZ", "lang", "bad_param"),
    ("q=summit&doc=no-such-doc", "doc", "bad_param"),
    ("q=summit&doc=../../etc/passwd", "doc", "bad_param"),
    ("q=summit&expand=maybe", "expand", "bad_param"),
    ("q=summit&explain=yes", "explain", "bad_param"),
    ("q=" + "a" * 501, "q", "bad_param"),
    ("q=-summit", "q", "bad_query"),
    ("q=***", "q", "bad_query"),
    ("q=a*", "q", "bad_query"),
    ("q=%00%01", "q", "bad_query"),
])
def test_bad_search_parameters_are_400_naming_the_parameter(client, query, param, code):
    err = error_of(client.get("/api/search?" + query), 400)
    assert err["param"] == param and err["code"] == code


def test_error_messages_say_what_is_wrong(client):
    assert error_of(client.get("/api/search?q=x&limit=abc"), 400)["message"] == \
        "'limit' must be a whole number, not 'abc'."
    assert error_of(client.get("/api/search?q=x&lang=fr"), 400)["message"] == \
        "Unknown lang 'fr': use one of az, ru, en."
    assert "required" in error_of(client.get("/api/search"), 400)["message"]


# -- documents and passages --------------------------------------------------------------
def test_docs_lists_every_document_with_citation_and_bibtex(client):
    docs = client.get("/api/docs").get_json()["documents"]
    assert [d["id"] for d in docs] == ["test-article", "test-ru", "test-en"]
    for d in docs:
        assert d["citation"] and d["bibtex"].startswith("@") and d["url"] == f"/doc/{d['id']}"


def test_one_document_has_its_passages_in_order(client):
    doc = client.get("/api/docs/test-en").get_json()
    numbers = [p["passage"] for p in doc["passages"]]
    assert numbers == sorted(numbers) and numbers[0] == 1
    assert doc["bibtex"] and doc["citation"]


@pytest.mark.parametrize("path", ["/api/docs/no-such-doc", "/api/docs/BAD%20ID", "/api/passages/test-en:999",
                                  "/api/passages/no-such-doc:1", "/api/passages/garbage",
                                  "/api/passages/test-en@000000000000", "/api/nothing-here"])
def test_unknown_ids_are_404(client, path):
    assert error_of(client.get(path), 404)["code"] == "not_found"


def test_passage_by_id_and_by_fingerprint(client):
    p = client.get("/api/passages/test-en:2").get_json()
    assert p["id"] == "test-en:2" and p["anchor"] == "p2"
    again = client.get(f"/api/passages/test-en@{p['fingerprint']}").get_json()
    assert again["id"] == p["id"] and again["text"] == p["text"]


# -- analyze, health, stats ----------------------------------------------------------------
def test_analyze_detects_the_language_and_gives_terms_per_field(client):
    body = client.get("/api/analyze?text=Azərbaycanın təşkilatlarından").get_json()
    assert body["lang"] == "az" and body["detected"] is True
    assert set(body["fields"]) == {"az_exact", "az_stem", "az_fold"}
    assert body["fields"]["az_exact"][0]["term"] == "azərbaycanın"


def test_analyze_with_a_language(client):
    body = client.get("/api/analyze?lang=ru&text=резолюции").get_json()
    assert body["lang"] == "ru" and body["detected"] is False
    assert set(body["fields"]) == {"ru_exact", "ru_stem"}
    assert "резолюция" in [t["term"] for t in body["fields"]["ru_stem"]]


@pytest.mark.parametrize("query, param", [("", "text"), ("text=x&lang=de", "lang"), ("text=" + "x" * 2001, "text")])
def test_analyze_bad_parameters(client, query, param):
    assert error_of(client.get("/api/analyze?" + query), 400)["param"] == param


def test_health_ok(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    body = r.get_json()
    assert body["status"] == "ok" and body["index"] is True and body["passages"] > 0 and body["built_at"]


def test_stats(client):
    body = client.get("/api/stats").get_json()
    assert body["documents"] == 3 and set(body["by_lang"]) == {"az", "ru", "en"}
    assert body["passages"] == sum(body["by_document"].values())


# -- the index missing, damaged or rebuilt ------------------------------------------------------
def test_health_is_503_with_the_same_shape_when_the_index_is_missing(missing_client):
    r = missing_client.get("/api/health")
    assert r.status_code == 503
    body = r.get_json()
    assert body["status"] == "missing" and body["index"] is False and "sanad index" in body["error"]


@pytest.mark.parametrize("path", ["/api/search?q=summit", "/api/docs", "/api/docs/test-en", "/api/stats",
                                  "/api/passages/test-en:1"])
def test_every_route_is_503_when_the_index_is_missing(missing_client, path):
    err = error_of(missing_client.get(path), 503)
    assert err["code"] == "index_missing" and "sanad index" in err["message"]


def test_a_damaged_index_is_503(tmp_path):
    (tmp_path / "builds" / "broken").mkdir(parents=True)
    (tmp_path / "current").symlink_to("builds/broken")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    assert client.get("/api/health").get_json()["status"] == "damaged"
    assert client.get("/api/health").status_code == 503
    assert error_of(client.get("/api/search?q=summit"), 503)["code"] == "index_damaged"


def test_a_rebuilt_index_is_picked_up_without_a_restart(corpus_copy, tmp_path):
    root = tmp_path / "index"
    build(corpus_copy, root)
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    assert client.get("/api/search?q=Zanzibar").get_json()["total"] == 0
    text = corpus_copy / "texts" / "relations.en.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nA delegation visited Zanzibar in 1994.\n",
                    encoding="utf-8")
    build(corpus_copy, root)
    assert client.get("/api/search?q=Zanzibar").get_json()["total"] == 1


# -- methods ------------------------------------------------------------------------------------
def test_wrong_method_is_405_in_the_error_shape(client):
    r = client.post("/api/search?q=summit")
    assert error_of(r, 405)["code"] == "method_not_allowed"
    assert "GET" in r.headers["Allow"]


def test_head_works(client):
    assert client.head("/api/health").status_code == 200



def test_complete_endpoint(real_client, real):
    body = real_client.get("/api/complete", query_string={"q": "Xoc", "limit": 4}).get_json()
    assert body == {"query": "Xoc", "completions": real.complete("Xoc", limit=4)}
    assert body["completions"][0] == {"text": "Xocalı", "kind": "name", "lang": "az"}


@pytest.mark.parametrize("query, param", [({}, "q"), ({"q": "Xoc", "limit": "11"}, "limit"),
                                          ({"q": "x" * 501}, "q")])
def test_complete_endpoint_refuses_bad_parameters(real_client, query, param):
    err = error_of(real_client.get("/api/complete", query_string=query), 400)
    assert err["param"] == param


# -- JSON encoding ------------------------------------------------------------------------
@pytest.mark.parametrize("path", [
    "/api/search?q=Xocalı OR summit&explain=1&limit=100", "/api/docs", "/api/docs/test-ru", "/api/passages/test-ru:1",
    "/api/docs/test-en/cite", "/api/stats", "/api/health", "/api/openapi.json", "/api/analyze?text=Azərbaycanın",
    "/api/complete?q=Xoc", "/api/search?limit=x"])
def test_json_bodies_are_the_bytes_the_json_module_writes(client, path):
    r = client.get(path)
    assert r.mimetype == "application/json"
    assert r.data == (json.dumps(r.get_json(), ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def test_json_values_orjson_leaves_alone_are_encoded_as_flask_does(app):
    @dataclass
    class Point:
        x: int

    odd = {"when": datetime(2026, 12, 2, 3, 4, 5, tzinfo=UTC), "at": Point(1), 7: "seven", "ə": 0.1}
    with app.test_request_context():
        for value in (odd, {**odd, "big": 2**70}):          # the second is too big for orjson
            expected = json.dumps(value, default=DefaultJSONProvider.default, ensure_ascii=False,
                                  separators=(",", ":")) + "\n"
            assert app.json.response(value).get_data(as_text=True) == expected
        assert json.loads(app.json.response(odd).get_data())["when"] == "Wed, 02 Dec 2026 03:04:05 GMT"
