"""Every route, fed raw, percent-encoded bytes (lone surrogates as %ED%A0%80, NUL, broken UTF-8),
repeated parameters and absurd numbers: never a 5xx, never a traceback, never slow; API
errors in the one error shape, page errors as friendly pages."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from error_shape import error_of

# A bound against hangs and runaway queries, not a speed figure (bench/ measures speed): each of
# these requests takes milliseconds on the tiny corpus, but CI shares two cores with the whole suite.
SECONDS = 5.0
TOKEN = "hostile-admin-token-0123456789"

ROUTES = ["/", "/", "/api/search", "/api/search", "/api/search", "/api/analyze", "/api/docs", "/api/health",
          "/api/stats", "/api/openapi.json", "/opensearch.xml", "/doc/test-en", "/doc/{}", "/p/{}", "/ui/{}",
          "/api/docs/{}", "/api/passages/{}",
          "/api/admin/reindex", "/static/{}", "/{}"]
PARAMS = ["q", "lang", "doc", "limit", "offset", "page", "expand", "explain", "text", "next", "full", "skip_bad",
          "q[]", "", "Q"]
RAW = ["%ED%A0%80", "%ED%BF%BF", "%00", "%FF%FE", "%C0%AF", "%E2%80%8F", "%E2%80%AE", "%CC%81", "%22", "%28",
       "%29", "*", "?", "%3F", ":", "title%3A", "OR", "-", "+", "%2B", "%25", "%", "%zz", "&", "=", "==", ";",
       "a*", "ab*", "%2e%2e%2f", "%252e", "..", "summit", "Xocal%C4%B1", "%D1%80%D0%B5%D0%B7", "<script>",
       "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "-1", "0", "99999999999999999999", "1e9", "0x10", "1.5",
       "true", "1", "NaN", "%F0%9F%91%8D", "%D8%A7", "\u00e9".encode().decode("latin-1")]


def encode(data: bytes) -> str:
    return "".join(f"%{b:02X}" for b in data)


WORDS = ["summit", "Xocal%C4%B1", "Xocali", "resolution", quote("резолюция"), "Dakar", "%C4%B0%C6%8FT", "Casablanca",
         "%22Casablanca+summit%22", "OR", "-Dakar", "sum*", "q%C9%99t*"]
value = st.one_of(st.sampled_from(RAW), st.binary(max_size=12).map(encode),
                  st.text(max_size=12).map(lambda t: quote(t, safe="")),
                  st.lists(st.sampled_from(RAW), max_size=6).map("".join))
# Mostly something searchable with odd pieces mixed in, so searches run, not only get refused.
q_value = st.lists(st.sampled_from(WORDS) | st.sampled_from(RAW) | value, min_size=1, max_size=6).map("+".join)
pair = st.tuples(st.sampled_from(PARAMS) | st.sampled_from(RAW), value)
query_strings = st.one_of(
    st.tuples(st.sampled_from(["q", "text"]), q_value, st.lists(pair, max_size=3)).map(
        lambda t: "&".join([f"{t[0]}={t[1]}"] + [f"{k}={v}" for k, v in t[2]])),
    st.lists(pair, max_size=8).map(lambda ps: "&".join(f"{k}={v}" for k, v in ps)),
    st.sampled_from(RAW))
segments = st.one_of(st.sampled_from(["test-en", "test-en:1", "test-en@000000000000", "en", "ru", "sanad.css"]),
                     st.sampled_from(RAW), st.binary(min_size=1, max_size=16).map(encode))


def check(response, path: str, elapsed: float) -> None:
    assert elapsed < SECONDS, path
    assert response.status_code < 500, (path, response.get_data(as_text=True)[:400])
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text
    if path.startswith("/api/"):
        assert response.mimetype == "application/json"
        body = response.get_json()
        if response.status_code >= 400:
            assert set(body) == {"error"}
            assert set(body["error"]) == {"status", "code", "message", "param", "request_id"}
            assert body["error"]["status"] == response.status_code and body["error"]["message"]
    elif response.status_code >= 400 and not path.startswith("/static/"):
        assert (response.mimetype == "text/html" and 'class="error-page"' in text) or 'role="alert"' in text


@pytest.fixture
def hostile_client(mini_index):
    # One per test: the fuzzer visits /ui/<lang>, whose cookie would change the next test's language.
    from web import create_app

    return create_app({"TESTING": True, "INDEX_DIR": str(mini_index), "ADMIN_TOKEN": TOKEN}).test_client()


@settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(route=st.sampled_from(ROUTES), segment=segments, qs=query_strings,
       method=st.sampled_from(["GET", "GET", "GET", "POST", "HEAD"]),
       auth=st.sampled_from([None, "Bearer ", "Bearer x", "Basic Zm9vOmJhcg==", "Bearer %ED%A0%80"]))
def test_no_request_makes_the_server_fail(hostile_client, route, segment, qs, method, auth):
    path = route.format(segment)
    headers = {"Authorization": auth} if auth else {}
    t0 = time.perf_counter()
    response = hostile_client.open(f"{path}?{qs}", method=method, headers=headers)  # the query string as sent
    elapsed = time.perf_counter() - t0
    try:
        if method != "HEAD":
            check(response, path, elapsed)
        else:
            assert response.status_code < 500 and elapsed < SECONDS
    finally:
        response.close()


@pytest.mark.parametrize("qs", [
    "q=" + "a" * 10_000, "q=" + "%ED%A0%80" * 3_000, "q=" + "%22" * 10_000, "q=" + "ab*+" * 2_500,
    "q=summit&q=Xocal%C4%B1&q=" + "x" * 600, "q=summit&limit=5&limit=-1&limit=999999999999",
    "q=summit&offset=-5", "q=summit&offset=99999999999999999999999999", "q=summit&limit=1e3",
    "q=summit&lang=az&lang=xx", "q=summit&doc=test-en&doc=..%2F..", "q=%00summit", "q=summit%00",
    "q=%E2%80%AEsummit", "q=s%CC%81ummit", "q=OR", "q=-", "q=*", "q=a*", "q=title%3Asummit", "q=(((", "q=%22",
    "text=" + "x" * 10_000, "text=%ED%A0%80&lang=az", "q=" + "+".join(["w"] * 30),
])
@pytest.mark.parametrize("route", ["/api/search", "/", "/doc/test-en", "/api/analyze"])
def test_edge_cases_answer_quickly_and_clearly(hostile_client, route, qs):
    t0 = time.perf_counter()
    response = hostile_client.get(f"{route}?{qs}")
    check(response, route, time.perf_counter() - t0)
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("qs, param", [("q=" + "a" * 10_000, "q"), ("q=summit&limit=-1", "limit"),
                                       ("q=summit&offset=99999999999999999999", "offset"),
                                       ("q=a*", "q"), ("q=OR", "q"), ("q=%00%E2%80%AE", "q")])
def test_unsearchable_input_is_400_naming_the_parameter(hostile_client, qs, param):
    err = hostile_client.get(f"/api/search?{qs}").get_json()["error"]
    assert err["status"] == 400 and err["param"] == param


@pytest.mark.parametrize("qs", ["q=" + "a" * 10_000, "q=a*", "page=-1&q=summit"])
def test_unsearchable_input_on_the_page_is_a_friendly_400(hostile_client, qs):
    r = hostile_client.get(f"/?{qs}")
    text = r.get_data(as_text=True)
    assert r.status_code == 400 and 'role="alert"' in text and "This query can" in text


@pytest.mark.parametrize("qs", ["q=OR", "q=%00", "q=the", "q=и OR və", "q=***"])
def test_nothing_searchable_on_the_page_is_a_hint_not_an_error(hostile_client, qs):
    r = hostile_client.get(f"/?{qs}")
    text = r.get_data(as_text=True)
    assert r.status_code == 200 and 'role="alert"' not in text
    assert '<div class="notice gentle" role="status">' in text and "Nothing to search for yet" in text


def test_a_lone_surrogate_escape_stays_text(hostile_client):
    # Werkzeug keeps undecodable escapes as the literal text "%ED%A0%80": searchable, no surrogate inside.
    body = hostile_client.get("/api/search?q=%ED%A0%80summit").get_json()
    assert body["query"] == "%ED%A0%80summit" and "\ud800" not in body["parsed"]


def test_the_first_of_repeated_parameters_is_used(hostile_client):
    body = hostile_client.get("/api/search?q=summit&q=Xocal%C4%B1&limit=2&limit=50").get_json()
    assert body["query"] == "summit" and body["limit"] == 2


def test_the_readme_states_the_limits_the_code_enforces():
    from pathlib import Path

    from search.compiler import PREFIX_EXPANSIONS, PREFIX_SCAN
    from search.request import MAX_LIMIT, MAX_OFFSET
    from search.syntax import MAX_ITEMS, MAX_QUERY_CHARS, MIN_PREFIX_CHARS
    from web import config
    from web.openapi import DOC, MAX_ANALYZE_CHARS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    body = config.BY_NAME["MAX_CONTENT_LENGTH"].default
    for fact in (f"| query length | {MAX_QUERY_CHARS} characters |",
                 f"| words per query (including excluded ones) | {MAX_ITEMS} |",
                 f"at least {MIN_PREFIX_CHARS} letters before `*`",
                 f"the {PREFIX_EXPANSIONS} most frequent of the first {PREFIX_SCAN:,} matching words",
                 f"| results per page (`limit`) | 1–{MAX_LIMIT} |", f"| `offset` | 0–{MAX_OFFSET:,} |",
                 f"| `/api/analyze` text | {MAX_ANALYZE_CHARS:,} characters |",
                 f"| document id | {DOC.max_length} characters", f"`MAX_CONTENT_LENGTH`, {body // 1024} KiB"):
        assert fact in readme, fact


@pytest.mark.parametrize("path", ["/api/docs/%2F%00", "/api/docs//test-en", "/api//search?q=summit"])
def test_a_doubled_slash_in_the_api_is_not_found_in_the_error_shape(hostile_client, path):
    """Found by the fuzzing above: Werkzeug answered these with an HTML 308 redirect."""
    assert error_of(hostile_client.get(path), 404)["code"] == "not_found"


@pytest.mark.parametrize("path", ["//doc/test-en", "/doc//test-en"])
def test_a_doubled_slash_on_a_page_is_the_not_found_page(hostile_client, path):
    response = hostile_client.get(path)
    assert response.status_code == 404 and 'class="error-page"' in response.get_data(as_text=True)
