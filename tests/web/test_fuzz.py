"""Property-based requests against every documented API operation (Schemathesis + Hypothesis):
whatever a client sends, the answer is never a 5xx, always a documented status, and its body
matches the OpenAPI schema (the one error shape included)."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from web import create_app  # noqa: E402

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@pytest.fixture(scope="module")
def api_schema(mini_index):
    # With a token set, the admin operations answer 401 to the fuzzer (never a rebuild).
    app = create_app({"TESTING": True, "INDEX_DIR": str(mini_index), "ADMIN_TOKEN": "fuzz-" + "x" * 40})
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_every_operation_answers_as_documented(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7
    if mode is schemathesis.GenerationMode.NEGATIVE:  # only query parameters can be sent wrong
        operations = [op for op in operations if any(p.location == "query" for p in op.iter_parameters())]
        assert {op.path for op in operations} == {"/api/search", "/api/analyze", "/api/admin/reindex"}
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=40, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.validate_response(case.call(), checks=CHECKS)

        check()
