"""The OpenAPI document describes exactly the /api routes that exist, as they behave."""

from __future__ import annotations

import re

import pytest

from web import openapi


def api_routes(app) -> set[str]:
    return {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/api/")}


def test_every_api_route_is_documented_and_nothing_else(app):
    doc = openapi.document()
    documented = set(doc["paths"])
    routes = api_routes(app)
    assert routes == documented


def test_path_parameters_match_the_routes(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        documented = openapi.document()["paths"][path]
        for op in documented.values():
            in_path = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert in_path == set(rule.arguments), path
        assert rule.methods >= {m.upper() for m in documented}


def test_served_document_is_the_same(client):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    assert r.get_json() == openapi.document()


def test_every_reference_resolves():
    doc = openapi.document()
    refs = set(re.findall(r"#/components/schemas/(\w+)", str(doc)))
    assert refs and refs <= set(doc["components"]["schemas"])


def test_search_parameters_are_the_ones_the_api_reads():
    op = openapi.document()["paths"]["/api/search"]["get"]
    assert [p["name"] for p in op["parameters"]] == ["q", "lang", "doc", "limit", "offset", "expand", "sort", "explain",
                                                        "style", "ui", "facet_docs"]
    limit = next(p for p in op["parameters"] if p["name"] == "limit")
    assert limit["schema"] == {"type": "integer", "default": 10, "minimum": 1, "maximum": 100}


@pytest.mark.parametrize("path, schema", [
    ("/api/search?q=summit&explain=1", "SearchResults"), ("/api/search?q=summit&facet_docs=1", "SearchResults"),
    ("/api/docs", "DocumentList"),
    ("/api/docs/test-en", "Document"), ("/api/passages/test-en:1", "Passage"),
    ("/api/analyze?text=summit", "Analysis"), ("/api/health", "Health"), ("/api/stats", "Stats"),
    ("/api/search?limit=x", "Error"), ("/api/docs/nope", "Error"),
])
def test_responses_match_their_schemas(client, path, schema):
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    doc = openapi.document()
    validator = jsonschema_rs.validator_for({"$ref": f"#/components/schemas/{schema}", **doc},
                                            validate_formats=False)
    validator.validate(client.get(path).get_json())
