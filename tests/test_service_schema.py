"""Schemathesis over the service's own OpenAPI schema, against a real uvicorn: generated
requests (valid and invalid) for every route never get a 5xx, and every response matches
the schema and its declared content type.

Driven through schemathesis's Python API (one hypothesis run per operation) rather than
its pytest plugin, which does not load under this pytest."""

from __future__ import annotations

from typing import Any

import hypothesis
import schemathesis
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)
from service_util import Service

EXAMPLES = 25  # per operation: the whole run stays within seconds
# This service runs with llm: none, so a valid /generate-instructions is the documented
# 503 that says so; any other 5xx there still fails.
NO_LLM = ("/generate-instructions", 503, "no LLM is configured")


def test_no_server_errors_and_responses_match_the_schema(service: Service) -> None:
    schema = schemathesis.openapi.from_url(f"{service.url}/openapi.json")
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 14  # every route is in the schema
    failures: list[str] = []
    for operation in operations:
        if operation.path == "/reset":
            continue  # wipes what the other operations are generating against

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            if case.path != NO_LLM[0]:
                case.call_and_validate(base_url=service.url, headers=service.admin, checks=checks)
                return
            response = case.call(base_url=service.url, headers=service.admin)
            if response.status_code >= 500:
                assert response.status_code == NO_LLM[1] and NO_LLM[2] in response.text
            case.validate_response(response, checks=checks[1:])

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # every route's failure, then fail once
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:600])
    assert not failures, "\n".join(failures)
