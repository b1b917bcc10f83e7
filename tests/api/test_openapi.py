"""The published OpenAPI document is true to the routes, and fuzzing finds no 500.

Schemathesis generates requests from GET /api/v1/openapi.json (valid and
invalid parameters and bodies) and sends them to the app, on seeded Redis
and the real Kafka, with an API key so the write side is fuzzed past its
door. The live stream is left out: it never ends. How many cases ran is
printed at the end of the module.
"""

import hashlib
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api import create_app

KEY = "fuzz-key"
CASES = {"count": 0}
MAX_EXAMPLES = 100


@pytest.fixture
def fuzz_app(settings, state):
    """Return an app on seeded state that accepts KEY, without rate limits."""
    for n, name in enumerate(["Ash", "Черная смерть", "Kaze ", "76561198046048622"]):
        state.add_player("apex", f"p{n}", name=name, kills=n, deaths=1, score=n * 1.5)
    state.set_game("apex", matches=2, events=10)
    # A fresh engine status, so /healthz answers 200, not its 503 "degraded".
    state.set_engine_status(settings.kafka_group_id, state="ok")
    return create_app(
        {
            "SETTINGS": settings.model_copy(
                update={
                    "api_key_sha256": hashlib.sha256(KEY.encode()).hexdigest(),
                    "rate_limits_enabled": False,
                }
            )
        }
    )


@pytest.fixture
def api_schema(fuzz_app):
    """Return the app's own document, loaded through its route."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)
    return schema.exclude(path_regex=r"/stream$")


@pytest.fixture(scope="module", autouse=True)
def report_cases(request):
    """Print how many generated cases the module sent."""
    yield
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    if reporter and CASES["count"]:
        with plugins.get_plugin("capturemanager").global_and_fixture_disabled():
            line = f"schemathesis: {CASES['count']} generated cases, no 5xx"
            reporter.write_line(line)


def _fuzz(operation, mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        CASES["count"] += 1
        case.call_and_validate(headers={"X-API-Key": KEY}, checks=[not_a_server_error])

    run()


# Schemathesis's own pytest plugin does not run under pytest 9, so each
# operation is fuzzed here with the strategies it builds.
@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
def test_no_generated_request_makes_the_api_fail(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]

    for operation in operations:
        try:
            _fuzz(operation, mode)
        except Unsatisfiable:
            # No parameters and no body: nothing to make invalid.
            assert mode is GenerationMode.NEGATIVE, operation.label

    labels = {operation.label for operation in operations}
    # Every route but the stream and the document itself (not fuzzed).
    assert len(labels) == 11, labels


def _route(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_the_document_names_every_route_and_method_and_nothing_else(client):
    document = client.get("/api/v1/openapi.json").get_json()
    app = client.application

    served = {
        (_route(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {
        (path, method)
        for path, operations in document["paths"].items()
        for method in operations
    }

    assert documented == served
    assert document["openapi"].startswith("3.0")
