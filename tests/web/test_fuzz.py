"""Property-based requests against every documented API operation (Schemathesis + Hypothesis):
whatever a client sends, the answer is never a 5xx, always a documented status, and its body
matches the OpenAPI schema (the one error shape included). The admin operation is fuzzed
twice: without the token (always refused) and with it (real rebuilds, on a copy)."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    allow_header_conformance,
    content_type_conformance,
    missing_required_header,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from index import build  # noqa: E402
from web import create_app  # noqa: E402

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, unsupported_method, allow_header_conformance, missing_required_header]
EXAMPLES = 40
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@pytest.fixture(scope="module")
def api_schema(mini_index):
    # With a token set, the admin operations answer 401 to the fuzzer (never a rebuild).
    app = create_app({"TESTING": True, "INDEX_DIR": str(mini_index), "ADMIN_TOKEN": "fuzz-" + "x" * 40})
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


# Schemathesis's WSGI transport asks for gzip but does not unpack it (a real HTTP client does).
PLAIN = {"Accept-Encoding": "identity"}


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_every_operation_answers_as_documented(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7
    if mode is schemathesis.GenerationMode.NEGATIVE:  # only query parameters can be sent wrong
        operations = [op for op in operations if any(p.location == "query" for p in op.iter_parameters())]
        assert {op.path for op in operations} == {"/api/search", "/api/analyze", "/api/complete", "/api/admin/reindex",
                                                  "/api/docs/{doc_id}/cite", "/api/export",
                                                  "/api/passages/{passage_id}"}
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.validate_response(case.call(headers=PLAIN), checks=CHECKS)

        check()


# The rebuilds run in a background thread, where Whoosh names segments with the global
# ``random``; Hypothesis sees that state move under its feet and warns.
@pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")
@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_the_admin_operation_with_its_token_answers_as_documented(corpus_copy, tmp_path, mode):
    token = "fuzz-" + "y" * 40
    build(corpus_copy, tmp_path / "idx")
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "idx"), "CORPUS_DIR": str(corpus_copy),
                      "ADMIN_TOKEN": token})
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    statuses = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith("/api/admin/"):
            continue

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            response = case.call(headers=PLAIN)
            statuses.add((case.operation.method.upper(), response.status_code))
            case.validate_response(response, checks=CHECKS)

        check()
    assert app.extensions["sanad_admin"].wait(timeout=60)
    assert ("GET", 200) in statuses
    assert {s for m, s in statuses if m == "POST"} & {202, 409, 400}
    assert app.test_client().get("/api/search?q=summit").get_json()["total"] >= 1
