"""The LLM layer against the real embedded model and a real HTTP Ollama double.

Nothing is mocked: answers come from SmolLM2 through llama.cpp, Ollama traffic goes
through the official ``ollama`` client over a socket. One model load serves the module.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from ollama_double import OllamaDouble
from pydantic import BaseModel, ConfigDict

from tiermem.config import TiermemConfig
from tiermem.errors import InvalidInputError, LLMError
from tiermem.models.llm import LLM, EmbeddedLLM, LLMUsage, OllamaLLM, make_llm
from tiermem.models.llm_base import RETRY_TEMPERATURE

FACTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "facts": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 5}
    },
    "required": ["facts"],
}
PARIS = [{"role": "user", "content": "Extract facts: I live in Paris and I have a dog named Rex."}]
TEA = [{"role": "user", "content": "Extract facts: I drink green tea every morning."}]


class Facts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    facts: list[str]


def config(**overrides: Any) -> TiermemConfig:
    # One llama.cpp thread: on a busy 2-core runner two threads spin-wait on each other
    # and a 1 s call can take 15 s; one thread stays fast under contention.
    base: dict[str, Any] = {"llm_threads": 1, "llm_max_tokens": 64, "llm_max_retries": 2}
    base.update(overrides)
    return TiermemConfig(**base)


def closed_port_url() -> str:
    """A URL where nothing listens: bind an ephemeral port, then release it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def embedded() -> EmbeddedLLM:
    llm = EmbeddedLLM(config())
    llm.load()
    return llm


@pytest.fixture(scope="module")
def paris_answer(embedded: EmbeddedLLM) -> dict[str, Any]:
    """The greedy answer to PARIS, computed once; other tests compare against it."""
    return embedded.complete_json(PARIS, FACTS_SCHEMA)


@pytest.fixture(scope="module")
def double(embedded: EmbeddedLLM) -> Iterator[OllamaDouble]:
    with OllamaDouble(embedded) as running:
        yield running


@pytest.fixture()
def ollama_llm(double: OllamaDouble) -> Iterator[OllamaLLM]:
    llm = OllamaLLM(config(ollama_host=double.url))
    yield llm
    llm.close()


def tiermem_llm_logs(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "tiermem" and r.getMessage().startswith("tiermem LLM:")
    ]


# --------------------------------------------------------------------------- embedded


def test_embedded_answers_a_schema_valid_dict_and_counts_usage(embedded: EmbeddedLLM) -> None:
    before = embedded.usage.snapshot()
    answer = embedded.complete_json(PARIS, FACTS_SCHEMA)
    spent = embedded.usage.since(before)

    facts = Facts.model_validate(answer).facts
    assert 1 <= len(facts) <= 5
    assert any("Paris" in fact or "Rex" in fact for fact in facts), facts
    assert isinstance(embedded, LLM)
    assert embedded.name.startswith("embedded:SmolLM2-135M-Instruct")
    assert (spent.calls, spent.failures) == (1, 0)
    assert spent.prompt_tokens > 10
    assert 0 < spent.completion_tokens <= 64
    assert spent.ms > 0


def test_identical_prompts_get_identical_answers_whatever_ran_before(
    embedded: EmbeddedLLM, paris_answer: dict[str, Any]
) -> None:
    other = embedded.complete_json(TEA, FACTS_SCHEMA)  # a different prompt in between
    again = embedded.complete_json(PARIS, FACTS_SCHEMA)
    assert again == paris_answer
    assert other != paris_answer


def test_concurrent_calls_match_sequential_answers(
    embedded: EmbeddedLLM, paris_answer: dict[str, Any]
) -> None:
    expected = [paris_answer, embedded.complete_json(TEA, FACTS_SCHEMA)]
    got: dict[int, dict[str, Any]] = {}

    def run(i: int, prompt: list[dict[str, str]]) -> None:
        got[i] = embedded.complete_json(prompt, FACTS_SCHEMA)

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate((PARIS, TEA))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [got[0], got[1]] == expected


def test_instances_with_the_same_settings_share_one_loaded_model(
    embedded: EmbeddedLLM, paris_answer: dict[str, Any]
) -> None:
    from tiermem.models import llm_embedded

    twin = EmbeddedLLM(config())
    twin.load()
    key = (str(embedded.model_path), embedded.n_ctx, embedded.threads)
    assert sum(1 for k in llm_embedded._MODELS if k == key) == 1
    assert twin.complete_json(PARIS, FACTS_SCHEMA) == paris_answer
    assert twin.usage.calls == 1  # usage is per object even though the model is shared


@pytest.mark.parametrize(
    ("messages", "schema"),
    [
        ([], FACTS_SCHEMA),
        ([{"role": "robot", "content": "hi"}], FACTS_SCHEMA),
        ([{"role": "user", "content": 3}], FACTS_SCHEMA),
        ("hello", FACTS_SCHEMA),
        (PARIS, {}),
        (PARIS, "json"),
    ],
)
def test_bad_requests_are_refused_before_any_call(
    embedded: EmbeddedLLM, messages: Any, schema: Any
) -> None:
    before = embedded.usage.snapshot()
    with pytest.raises(InvalidInputError):
        embedded.complete_json(messages, schema)
    assert embedded.usage.since(before) == LLMUsage()


def test_usage_difference_is_per_run() -> None:
    usage = LLMUsage(calls=3, failures=1, prompt_tokens=30, completion_tokens=9, ms=12.5)
    before = usage.snapshot()
    usage.calls += 2
    usage.prompt_tokens += 7
    usage.ms += 1.5
    assert before.calls == 3  # the snapshot did not move with the live counter
    assert usage.since(before) == LLMUsage(calls=2, prompt_tokens=7, ms=1.5)


# --------------------------------------------------------------------------- ollama


def test_ollama_through_the_double_returns_the_models_answer_and_its_token_counts(
    double: OllamaDouble, ollama_llm: OllamaLLM, paris_answer: dict[str, Any]
) -> None:
    answer = ollama_llm.complete_json(PARIS, FACTS_SCHEMA)

    Facts.model_validate(answer)
    assert answer == paris_answer  # the same model, greedy, behind real HTTP
    sent, reply = double.requests[-1], double.replies[-1]
    assert sent["format"] == FACTS_SCHEMA
    assert sent["stream"] is False
    assert sent["options"]["temperature"] == 0
    assert sent["options"]["num_predict"] == 64
    assert ollama_llm.usage.calls == 1
    assert ollama_llm.usage.failures == 0
    assert ollama_llm.usage.prompt_tokens == reply["prompt_eval_count"] > 10
    assert ollama_llm.usage.completion_tokens == reply["eval_count"] > 0
    assert ollama_llm.name == f"ollama:smollm2:135m@{double.url}"


def test_invalid_json_is_retried_and_the_valid_retry_wins(
    double: OllamaDouble, ollama_llm: OllamaLLM
) -> None:
    sent_before = len(double.requests)
    double.script(["not json", '{"x": 1}'])
    assert ollama_llm.complete_json(PARIS, {"type": "object"}) == {"x": 1}
    assert (ollama_llm.usage.calls, ollama_llm.usage.failures) == (2, 1)
    first, retry = double.requests[sent_before:]
    # A greedy retry would repeat the bad answer, so the retry samples with its own seed.
    assert first["options"]["temperature"] == 0
    assert retry["options"]["temperature"] == RETRY_TEMPERATURE
    assert retry["options"]["seed"] != first["options"]["seed"]


def test_non_object_json_and_server_errors_are_retried_too(double: OllamaDouble) -> None:
    double.script(["[1, 2]", 500, '"just a string"', '{"ok": true}'])
    llm = OllamaLLM(config(ollama_host=double.url, llm_max_retries=3))
    try:
        assert llm.complete_json(PARIS, {"type": "object"}) == {"ok": True}
        assert (llm.usage.calls, llm.usage.failures) == (4, 3)
    finally:
        llm.close()


def test_garbage_on_every_try_raises_llm_error_after_max_retries_plus_one_calls(
    double: OllamaDouble, ollama_llm: OllamaLLM
) -> None:
    sent_before = len(double.requests)
    double.script(["garbage", "{broken", "still not json", '{"never": "reached"}'])
    with pytest.raises(LLMError, match="3 attempts"):
        ollama_llm.complete_json(PARIS, {"type": "object"})
    assert len(double.requests) - sent_before == 3
    assert (ollama_llm.usage.calls, ollama_llm.usage.failures) == (3, 3)
    # The fourth scripted answer was never asked for; consume it so later tests see none.
    assert ollama_llm.complete_json(PARIS, {"type": "object"}) == {"never": "reached"}


def test_a_missing_ollama_model_fails_at_once_with_a_pull_hint(double: OllamaDouble) -> None:
    llm = OllamaLLM(config(ollama_host=double.url, ollama_model="llama3:70b"))
    try:
        with pytest.raises(LLMError, match="ollama pull llama3:70b"):
            llm.complete_json(PARIS, FACTS_SCHEMA)
        assert (llm.usage.calls, llm.usage.failures) == (1, 1)
    finally:
        llm.close()


def test_unreachable_ollama_ends_in_llm_error() -> None:
    llm = OllamaLLM(config(ollama_host=closed_port_url(), llm_max_retries=1, llm_timeout_s=2))
    try:
        with pytest.raises(LLMError, match="2 attempts"):
            llm.complete_json(PARIS, FACTS_SCHEMA)
        assert (llm.usage.calls, llm.usage.failures) == (2, 2)
    finally:
        llm.close()


# --------------------------------------------------------------------------- make_llm


def test_auto_picks_ollama_when_it_answers(
    double: OllamaDouble, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tiermem")
    llm = make_llm(config(llm="auto", ollama_host=double.url))
    assert isinstance(llm, OllamaLLM)
    assert llm.host == double.url
    assert Facts.model_validate(llm.complete_json(PARIS, FACTS_SCHEMA)).facts
    logs = tiermem_llm_logs(caplog)
    assert len(logs) == 1
    assert "ollama:" in logs[0] and "Ollama answers" in logs[0]
    llm.close()


def test_auto_falls_back_to_embedded_when_nothing_listens(
    paris_answer: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tiermem")
    url = closed_port_url()
    llm = make_llm(config(llm="auto", ollama_host=url))
    assert isinstance(llm, EmbeddedLLM)
    assert llm.complete_json(PARIS, FACTS_SCHEMA) == paris_answer
    logs = tiermem_llm_logs(caplog)
    assert len(logs) == 1
    assert "embedded:" in logs[0] and f"no Ollama at {url}" in logs[0]


def test_auto_falls_back_when_ollama_lacks_the_model(
    double: OllamaDouble, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tiermem")
    llm = make_llm(config(llm="auto", ollama_host=double.url, ollama_model="qwen2.5:7b"))
    assert isinstance(llm, EmbeddedLLM)
    assert "has no model 'qwen2.5:7b'" in tiermem_llm_logs(caplog)[0]


def test_explicit_choices(double: OllamaDouble, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="tiermem")
    assert make_llm(config(llm="none")) is None
    assert isinstance(make_llm(config(llm="embedded", ollama_host=double.url)), EmbeddedLLM)
    explicit = make_llm(config(llm="ollama", ollama_host=closed_port_url()))
    assert isinstance(explicit, OllamaLLM)  # configured explicitly: no probe, fails per call
    explicit.close()
    logs = tiermem_llm_logs(caplog)
    assert len(logs) == 3
    assert "none" in logs[0] and "embedded:" in logs[1] and "ollama:" in logs[2]
