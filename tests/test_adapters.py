"""The framework adapters against the real libraries: langchain-core's retriever and chat
history contracts, llama-index-core's memory block inside its real ``Memory``, and the
OpenAI tool schemas and dispatcher. One real ``Memory`` (embedded Redis, packaged
MiniLM) serves the module, in-process and over HTTP; tests keep apart by user id."""

from __future__ import annotations

import asyncio
import json
import runpy
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.documents import Document
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.runnables import RunnableLambda
from langchain_core.runnables.history import RunnableWithMessageHistory
from llama_index.core.base.llms.types import ChatMessage as LlamaMessage
from llama_index.core.base.llms.types import MessageRole
from llama_index.core.memory import Memory as LlamaMemory
from pydantic import BaseModel, ValidationError
from service_util import serve

from tiermem import AsyncMemory, Client, InvalidInputError, Memory
from tiermem.adapters import tools
from tiermem.adapters.langchain import TiermemChatMessageHistory, TiermemRetriever
from tiermem.adapters.llamaindex import TiermemMemoryBlock
from tiermem.service import KeyStore


@pytest.fixture(scope="module")
def mem(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    data = tmp_path_factory.mktemp("adapters") / "data"
    with Memory({"data_dir": str(data), "llm": "none"}) as memory:
        yield memory


@pytest.fixture(scope="module")
def client(mem: Memory) -> Iterator[Client]:
    """The same Memory behind a real ``tiermem serve`` app on loopback, admin key."""
    _, admin = KeyStore(mem.client).create(admin=True)
    with serve(mem) as url, Client(url, api_key=admin) as http:
        yield http


def _texts(memory: Memory, *, user_id: str) -> list[str]:
    return [m["memory"] for m in memory.get_all(user_id=user_id)["results"]]


# LangChain: retriever ------------------------------------------------------------------
def test_retriever_returns_documents_with_tiermem_fields(mem: Memory) -> None:
    mem.add("I am allergic to peanuts", user_id="r-ann", metadata={"topic": "health"})
    mem.add("My sister lives in Oslo", user_id="r-ann")
    mem.add("I play the cello on Sundays", user_id="r-ann")
    retriever = TiermemRetriever(memory=mem, user_id="r-ann", k=2)

    docs = retriever.invoke("what food allergies do I have?")

    assert len(docs) == 2 and all(isinstance(d, Document) for d in docs)
    top = docs[0]
    assert top.page_content == "I am allergic to peanuts"
    assert top.metadata["topic"] == "health"  # the memory's own metadata
    assert top.metadata["tier"] == "short" and "role" not in top.metadata  # a note, no role
    for field in ("id", "tier", "score", "similarity", "created_at", "updated_at"):
        assert field in top.metadata, field
    assert top.id is not None and top.id == top.metadata["id"] and mem.get(top.id) is not None
    assert top.metadata["score"] >= docs[1].metadata["score"]


def test_retriever_threshold_leaves_out_weak_matches(mem: Memory) -> None:
    mem.add("My favourite colour is teal", user_id="r-ben")
    strict = TiermemRetriever(memory=mem, user_id="r-ben", threshold=0.99)
    loose = TiermemRetriever(memory=mem, user_id="r-ben", threshold=-1.0)
    assert strict.invoke("quantum chromodynamics lecture notes") == []
    assert [d.page_content for d in loose.invoke("colour")] == ["My favourite colour is teal"]


def test_retriever_is_async_too(mem: Memory) -> None:
    mem.add("I drive a green bicycle to work", user_id="r-cy")
    retriever = TiermemRetriever(memory=mem, user_id="r-cy")
    docs = asyncio.run(retriever.ainvoke("how do I commute?"))
    assert [d.page_content for d in docs] == ["I drive a green bicycle to work"]


def test_retriever_refuses_bad_construction_and_queries(mem: Memory) -> None:
    with pytest.raises(ValidationError, match="one of user_id, agent_id or run_id"):
        TiermemRetriever(memory=mem)
    with pytest.raises(ValidationError, match="not allowed"):
        TiermemRetriever(memory=mem, user_id="alice:*")
    with pytest.raises(ValidationError):
        TiermemRetriever(memory=mem, user_id="r-dee", k=0)
    retriever = TiermemRetriever(memory=mem, user_id="r-dee")
    with pytest.raises(InvalidInputError, match="query is empty"):
        retriever.invoke("   ")
    with pytest.raises(InvalidInputError, match="NUL"):
        retriever.invoke("peanuts\x00")


# LangChain: chat message history ----------------------------------------------------------
def test_history_stores_human_and_ai_messages_in_order(mem: Memory) -> None:
    history = TiermemChatMessageHistory(mem, user_id="h-ann", run_id="s1")
    said: list[BaseMessage] = [
        HumanMessage("Hi, I just moved to Porto"),
        AIMessage("Welcome to Porto! How do you like it?"),
        HumanMessage("I love it"),
        AIMessage("Glad to hear it."),
        HumanMessage("Remind me to buy a tram pass"),
    ]
    history.add_messages(said)

    back = history.messages
    assert [(type(m), m.content) for m in back] == [(type(m), m.content) for m in said]
    stored = {m["id"]: m for m in mem.get_all(user_id="h-ann", run_id="s1")["results"]}
    assert {m.id for m in back} == set(stored)
    assert {stored[str(m.id)]["role"] for m in back} == {"user", "assistant"}
    assert all(stored[str(m.id)]["run_id"] == "s1" for m in back)


def test_history_skips_what_tiermem_does_not_store(mem: Memory) -> None:
    """Memory.add refuses a list of only system messages; the history skips them (and
    tool results, and text-less tool calls) instead of breaking the chain."""
    with pytest.raises(InvalidInputError, match="system messages are not stored"):
        mem.add([{"role": "system", "content": "You are terse."}], user_id="h-ben")
    history = TiermemChatMessageHistory(mem, user_id="h-ben")
    history.add_messages(
        [
            SystemMessage("You are terse."),
            HumanMessage("What is the weather?"),
            AIMessage("", tool_calls=[{"name": "weather", "args": {}, "id": "c1"}]),
            ToolMessage("sunny, 21C", tool_call_id="c1"),
            AIMessage("Sunny and 21C."),
            ChatMessage(role="user", content="Thanks!"),
            HumanMessage("   "),
        ]
    )
    assert [m.content for m in history.messages] == [
        "What is the weather?",
        "Sunny and 21C.",
        "Thanks!",
    ]
    assert sorted(_texts(mem, user_id="h-ben")) == [
        "Sunny and 21C.",
        "Thanks!",
        "What is the weather?",
    ]


def test_history_lists_raw_messages_only(mem: Memory) -> None:
    """Notes added without a role and consolidated facts are memories, not messages."""
    history = TiermemChatMessageHistory(mem, user_id="h-cy")
    history.add_user_message("I collect vintage stamps")
    mem.add("Cy prefers email over phone calls", user_id="h-cy")  # a note: no role
    assert [m.content for m in history.messages] == ["I collect vintage stamps"]

    mem.consolidate(user_id="h-cy", now=mem.clock() + 30 * 86400.0, passes=("short_to_mid",))
    assert history.messages == []  # consolidation took them out of the short tier
    docs = TiermemRetriever(memory=mem, user_id="h-cy").invoke("stamps")
    assert any("stamps" in d.page_content and d.metadata["tier"] == "mid" for d in docs)


def test_history_keeps_tenants_and_sessions_apart(mem: Memory) -> None:
    alice_s1 = TiermemChatMessageHistory(mem, user_id="h-alice", run_id="s1")
    alice_s2 = TiermemChatMessageHistory(mem, user_id="h-alice", run_id="s2")
    bob = TiermemChatMessageHistory(mem, user_id="h-bob", run_id="s1")
    alice_s1.add_messages([HumanMessage("My PIN hint is the blue door")])
    alice_s2.add_messages([HumanMessage("Book a table for two")])
    bob.add_messages([HumanMessage("My PIN hint is the red door")])

    assert [m.content for m in alice_s1.messages] == ["My PIN hint is the blue door"]
    assert [m.content for m in bob.messages] == ["My PIN hint is the red door"]
    alice_all = TiermemChatMessageHistory(mem, user_id="h-alice")
    assert {m.content for m in alice_all.messages} == {
        "My PIN hint is the blue door",
        "Book a table for two",
    }
    alice_docs = TiermemRetriever(memory=mem, user_id="h-alice", k=50).invoke("red door PIN")
    assert alice_docs and all("red" not in d.page_content for d in alice_docs)

    alice_s1.clear()
    assert alice_s1.messages == []
    assert [m.content for m in alice_s2.messages] == ["Book a table for two"]
    assert [m.content for m in bob.messages] == ["My PIN hint is the red door"]


def test_history_refuses_bad_input(mem: Memory) -> None:
    with pytest.raises(InvalidInputError, match="one of user_id, agent_id or run_id"):
        TiermemChatMessageHistory(mem)
    with pytest.raises(InvalidInputError, match="must be a string"):
        TiermemChatMessageHistory(mem, user_id=123)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="not allowed"):
        TiermemChatMessageHistory(mem, user_id="../etc")
    with pytest.raises(InvalidInputError, match="max_messages"):
        TiermemChatMessageHistory(mem, user_id="h-dee", max_messages=0)
    history = TiermemChatMessageHistory(mem, user_id="h-dee")
    with pytest.raises(InvalidInputError, match="message 1 contains a NUL byte"):
        history.add_messages([HumanMessage("fine"), HumanMessage("hello\x00world")])
    with pytest.raises(InvalidInputError, match="limit is"):
        history.add_messages([AIMessage("ok"), HumanMessage("x" * (mem.config.max_text_chars + 1))])
    assert history.messages == [] and _texts(mem, user_id="h-dee") == []


def test_history_max_messages_keeps_the_newest(mem: Memory) -> None:
    history = TiermemChatMessageHistory(mem, user_id="h-eve", max_messages=2)
    history.add_messages([HumanMessage(f"message number {n}") for n in range(4)])
    assert [m.content for m in history.messages] == ["message number 2", "message number 3"]


@pytest.mark.filterwarnings("ignore:RunnableWithMessageHistory is deprecated")
def test_history_drives_runnable_with_message_history(mem: Memory) -> None:
    """The real LangChain wrapper reads the history before the call and writes the turn
    after it; the 'model' is a plain function that says how many messages it saw."""

    def model(messages: list[BaseMessage]) -> AIMessage:
        return AIMessage(f"I saw {len(messages)} messages")

    chat = RunnableWithMessageHistory(
        RunnableLambda(model),
        lambda session_id: TiermemChatMessageHistory(mem, user_id="h-fay", run_id=session_id),
    )
    config: Any = {"configurable": {"session_id": "chat-1"}}
    first = chat.invoke([HumanMessage("Hello")], config=config)
    second = chat.invoke([HumanMessage("Again")], config=config)
    assert (first.content, second.content) == ("I saw 1 messages", "I saw 3 messages")
    history = TiermemChatMessageHistory(mem, user_id="h-fay", run_id="chat-1")
    assert [m.content for m in history.messages] == [
        "Hello",
        "I saw 1 messages",
        "Again",
        "I saw 3 messages",
    ]
    assert asyncio.run(history.aget_messages()) == history.messages


# LlamaIndex: memory block -----------------------------------------------------------------
def _llama(role: str, text: str) -> LlamaMessage:
    return LlamaMessage(role=MessageRole(role), content=text)


class ThreadNotingMemory:
    """The real Memory, noting the thread each call ran on (not a double: it delegates)."""

    def __init__(self, memory: Memory) -> None:
        self.memory = memory
        self.threads: set[int] = set()

    def add(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.threads.add(threading.get_ident())
        return self.memory.add(*args, **kwargs)

    def search(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.threads.add(threading.get_ident())
        return self.memory.search(*args, **kwargs)

    def get_all(self, **kwargs: Any) -> dict[str, Any]:
        return self.memory.get_all(**kwargs)

    def delete_all(self, **kwargs: Any) -> dict[str, Any]:
        return self.memory.delete_all(**kwargs)


def test_block_puts_messages_and_gets_relevant_ones_off_the_loop(mem: Memory) -> None:
    noting = ThreadNotingMemory(mem)
    block = TiermemMemoryBlock(memory=noting, user_id="l-ann", limit=2)

    async def scenario() -> tuple[str, str, int]:
        await block.aput(
            [
                _llama("system", "You are a travel agent."),
                _llama("user", "I am vegetarian"),
                _llama("assistant", "Noted, I will pick vegetarian restaurants."),
                _llama("tool", "search results: 3 hotels"),
                _llama("user", "I am afraid of flying"),
            ]
        )
        got = await block.aget([_llama("user", "plan a trip"), _llama("user", "what do I eat?")])
        nothing = await block.aget([_llama("assistant", "hello")])
        return got, nothing, threading.get_ident()

    got, nothing, loop_thread = asyncio.run(scenario())
    assert got.splitlines()[0] == "- I am vegetarian" and len(got.splitlines()) == 2
    assert nothing == ""
    assert sorted(_texts(mem, user_id="l-ann")) == [
        "I am afraid of flying",
        "I am vegetarian",
        "Noted, I will pick vegetarian restaurants.",
    ]
    assert noting.threads and loop_thread not in noting.threads


def test_block_awaits_an_async_memory(mem: Memory) -> None:
    block = TiermemMemoryBlock(memory=AsyncMemory.wrap(mem), user_id="l-ben", threshold=0.3)

    async def scenario() -> tuple[str, str]:
        await block.aput([_llama("user", "My cat is named Miso")])
        return (
            await block.aget([_llama("user", "what is my cat called?")]),
            await block.aget([_llama("user", "explain the tax code of 1986")]),
        )

    relevant, unrelated = asyncio.run(scenario())
    assert relevant == "- My cat is named Miso"
    assert unrelated == ""  # below the threshold: nothing added to the prompt


def test_block_inside_llama_index_memory(mem: Memory) -> None:
    """LlamaIndex's own Memory flushes old turns into the block and puts what the block
    finds into the system message. A whitespace tokenizer: no tiktoken involved."""
    block = TiermemMemoryBlock(memory=mem, user_id="l-cy")
    memory = LlamaMemory.from_defaults(
        session_id="l-cy-chat",
        token_limit=40,
        chat_history_token_ratio=0.5,
        token_flush_size=10,
        memory_blocks=[block],
        tokenizer_fn=str.split,
    )

    async def scenario() -> list[LlamaMessage]:
        await memory.aput_messages(
            [
                _llama("user", "My daughter Nora turns seven in March"),
                _llama("assistant", "Lovely, a March birthday for Nora"),
                _llama("user", "She wants a dinosaur cake this year"),
                _llama("assistant", "A dinosaur cake it is"),
                _llama("user", "Also I need new running shoes"),
                _llama("assistant", "Trail or road shoes?"),
            ]
        )
        return await memory.aget(input="When is Nora's birthday?")

    prompt = asyncio.run(scenario())
    flushed = _texts(mem, user_id="l-cy")
    assert "My daughter Nora turns seven in March" in flushed
    assert prompt[0].role == MessageRole.SYSTEM
    assert "My daughter Nora turns seven in March" in (prompt[0].content or "")


def test_block_refuses_bad_construction(mem: Memory) -> None:
    with pytest.raises(ValidationError, match="one of user_id, agent_id or run_id"):
        TiermemMemoryBlock(memory=mem)
    with pytest.raises(ValidationError):
        TiermemMemoryBlock(memory=mem, user_id="l-dee", limit=0)
    with pytest.raises(ValidationError):
        TiermemMemoryBlock(memory=mem, user_id="l-dee", threshold=2.0)
    block = TiermemMemoryBlock(memory=mem, user_id="l-dee")
    with pytest.raises(InvalidInputError, match="NUL"):
        asyncio.run(block.aput([_llama("user", "bad\x00byte")]))
    assert _texts(mem, user_id="l-dee") == []


def test_block_keeps_tenants_apart(mem: Memory) -> None:
    alice = TiermemMemoryBlock(memory=mem, user_id="l-alice", limit=50)
    bob = TiermemMemoryBlock(memory=mem, user_id="l-bob", limit=50)

    async def scenario() -> str:
        await alice.aput([_llama("user", "My locker code is 1234")])
        await bob.aput([_llama("user", "My locker code is 9876")])
        return await alice.aget([_llama("user", "what is my locker code?")])

    assert asyncio.run(scenario()) == "- My locker code is 1234"


# tools ------------------------------------------------------------------------------------
def test_tool_schemas_are_openai_function_schemas() -> None:
    schemas = tools.tool_schemas()
    assert [s["function"]["name"] for s in schemas] == ["add_memory", "search_memories"]
    models: dict[str, type[BaseModel]] = {
        "add_memory": tools.AddMemoryArgs,
        "search_memories": tools.SearchMemoriesArgs,
    }
    for schema in schemas:
        assert schema["type"] == "function"
        function = schema["function"]
        assert function["description"]
        params = function["parameters"]
        assert params["type"] == "object" and params["additionalProperties"] is False
        assert set(params["properties"]) == set(models[function["name"]].model_fields)
        assert not {"user_id", "agent_id", "run_id"} & set(params["properties"])
        json.dumps(schema)  # JSON-ready
    assert tools.add_memory_schema()["function"]["parameters"]["required"] == ["text"]
    assert tools.search_memories_schema()["function"]["parameters"]["required"] == ["query"]


def test_call_tool_adds_and_searches_for_the_callers_tenant(mem: Memory) -> None:
    added = tools.call_tool(
        mem,
        "add_memory",
        '{"text": "The user runs a marathon every spring", "metadata": {"topic": "sport"}}',
        user_id="t-ann",
    )
    memory_id = added["results"][0]["id"]
    stored = mem.get(memory_id)
    assert stored is not None and stored["user_id"] == "t-ann"
    assert stored["metadata"] == {"topic": "sport"}

    found = tools.call_tool(
        mem, "search_memories", {"query": "what sport?", "limit": 1}, user_id="t-ann"
    )
    assert found == {
        "results": [
            {
                "id": memory_id,
                "memory": "The user runs a marathon every spring",
                "created_at": stored["created_at"],
                "score": found["results"][0]["score"],
            }
        ]
    }
    json.dumps(found)


def test_call_tool_never_crosses_tenants(mem: Memory) -> None:
    tools.call_tool(mem, "add_memory", {"text": "Bob's bank is Nordbank"}, user_id="t-bob")
    tools.call_tool(mem, "add_memory", {"text": "Alice banks with Sudbank"}, user_id="t-alice")
    found = tools.call_tool(
        mem, "search_memories", {"query": "Bob's bank", "limit": 50}, user_id="t-alice"
    )
    assert [r["memory"] for r in found["results"]] == ["Alice banks with Sudbank"]
    with pytest.raises(InvalidInputError, match="'user_id' is not an argument of search"):
        tools.call_tool(
            mem, "search_memories", {"query": "bank", "user_id": "t-bob"}, user_id="t-alice"
        )
    with pytest.raises(InvalidInputError, match="needs the tenant"):
        tools.call_tool(mem, "search_memories", {"query": "bank"})


@pytest.mark.parametrize(
    ("name", "arguments", "message"),
    [
        ("delete_everything", {}, "unknown tool 'delete_everything'"),
        ("add_memory", {"text": ""}, "'text' is empty"),
        ("add_memory", {"text": "  \n "}, "'text' is empty"),
        ("add_memory", {"text": "a\x00b"}, "'text' contains a NUL byte"),
        ("add_memory", {"text": 42}, "'text' input should be a valid string"),
        ("add_memory", {}, "'text' is required"),
        ("add_memory", {"text": "x", "metadata": "tag"}, "'metadata'"),
        ("add_memory", {"text": "x", "metadata": {"k": "v\x00"}}, "NUL"),
        ("add_memory", '{"text": "unterminated', "not valid JSON"),
        ("add_memory", "[1, 2]", "must be a JSON object, got list"),
        ("add_memory", None, "must be a JSON object, got NoneType"),
        ("search_memories", {"query": "q", "limit": "5"}, "'limit' input should be a valid"),
        ("search_memories", {"query": "q", "limit": True}, "'limit' input should be a valid"),
        ("search_memories", {"query": "q", "limit": 0}, "'limit' input should be greater"),
        ("search_memories", {"query": "q", "limit": 51}, "'limit' input should be less"),
        ("search_memories", {"query": ["q"]}, "'query' input should be a valid string"),
        ("search_memories", {"query": "q", "k": 3}, "'k' is not an argument of search_memories"),
    ],
)
def test_call_tool_refuses_bad_arguments(
    mem: Memory, name: str, arguments: Any, message: str
) -> None:
    before = _texts(mem, user_id="t-bad")
    with pytest.raises(InvalidInputError, match=message.replace("\x00", "")):
        tools.call_tool(mem, name, arguments, user_id="t-bad")
    assert _texts(mem, user_id="t-bad") == before == []


# the same adapters over tiermem.Client --------------------------------------------------------
def test_adapters_take_a_client(mem: Memory, client: Client) -> None:
    history = TiermemChatMessageHistory(client, user_id="c-ann", run_id="s1")
    history.add_messages(
        [HumanMessage("I grow tomatoes on my balcony"), AIMessage("Cherry tomatoes?")]
    )
    assert [m.content for m in history.messages] == [
        "I grow tomatoes on my balcony",
        "Cherry tomatoes?",
    ]
    docs = TiermemRetriever(memory=client, user_id="c-ann", k=1).invoke("what do I grow?")
    assert [d.page_content for d in docs] == ["I grow tomatoes on my balcony"]
    found = tools.call_tool(client, "search_memories", '{"query": "balcony"}', user_id="c-ann")
    assert found["results"][0]["memory"] == "I grow tomatoes on my balcony"
    with pytest.raises(InvalidInputError):
        tools.call_tool(client, "add_memory", {"text": ""}, user_id="c-ann")

    async def via_block() -> str:
        block = TiermemMemoryBlock(memory=client, user_id="c-ann", limit=1)
        return await block.aget([_llama("user", "what do I grow on my balcony?")])

    assert asyncio.run(via_block()) == "- I grow tomatoes on my balcony"
    history.clear()
    assert history.messages == [] and _texts(mem, user_id="c-ann") == []


def test_the_example_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """examples/adapters_demo.py is documentation: it must keep working."""
    example = Path(__file__).resolve().parent.parent / "examples" / "adapters_demo.py"
    runpy.run_path(str(example))["main"](tmp_path / "demo")
    printed = capsys.readouterr().out
    assert "human: I'm vegetarian and I hate long layovers." in printed
    assert "helpful travel assistant" not in printed  # the system message was not stored
    assert "- My passport expires in June next year" in printed
    assert 'search_memories -> ["Alice prefers aisle seats"]' in printed
