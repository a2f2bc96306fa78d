"""tiermem behind LangChain, LlamaIndex and OpenAI-style tools, on one local Memory.

Run it with ``python examples/adapters_demo.py`` after ``pip install 'tiermem[langchain,
llamaindex]'``. Everything stays on this machine: an embedded Redis in a temp folder, the
packaged embedder, ``llm: "none"``, and no model is called (the "model" turns below are
written by hand).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from llama_index.core.base.llms.types import ChatMessage, MessageRole
from llama_index.core.memory import Memory as LlamaMemory

from tiermem import Memory
from tiermem.adapters.langchain import TiermemChatMessageHistory, TiermemRetriever
from tiermem.adapters.llamaindex import TiermemMemoryBlock
from tiermem.adapters.tools import call_tool, tool_schemas


def main(data_dir: Path) -> None:
    with Memory({"data_dir": str(data_dir), "llm": "none"}) as memory:
        # LangChain: a chat history (system messages are skipped) and a retriever.
        history = TiermemChatMessageHistory(memory, user_id="alice", run_id="chat-1")
        history.add_messages(
            [
                SystemMessage("You are a helpful travel assistant."),
                HumanMessage("I'm vegetarian and I hate long layovers."),
                AIMessage("Got it: vegetarian meals, short connections."),
            ]
        )
        print("history:", [f"{m.type}: {m.content}" for m in history.messages])
        retriever = TiermemRetriever(memory=memory, user_id="alice", k=2)
        for doc in retriever.invoke("What does Alice eat?"):
            print("retriever:", doc.page_content, f"(score={doc.metadata['score']:.3f})")

        # LlamaIndex: the block gets what LlamaIndex's Memory flushes and feeds the prompt.
        block = TiermemMemoryBlock(memory=memory, user_id="alice", limit=2)
        chat = LlamaMemory.from_defaults(
            session_id="alice-llama",
            token_limit=30,
            token_flush_size=10,
            memory_blocks=[block],
            tokenizer_fn=str.split,  # count words: no tokenizer download, no model
        )

        async def llama_turns() -> str:
            for role, text in [
                (MessageRole.USER, "My passport expires in June next year"),
                (MessageRole.ASSISTANT, "Thanks, I'll check entry rules against that date."),
                (MessageRole.USER, "Find me a weekend in Rome"),
                (MessageRole.ASSISTANT, "Rome it is: Friday to Sunday."),
            ]:
                await chat.aput(ChatMessage(role=role, content=text))
            prompt = await chat.aget(input="Is my passport still valid for the trip?")
            return prompt[0].content or ""

        print("llamaindex system message:\n" + asyncio.run(llama_turns()))

        # Tools: hand tool_schemas() to a model; run its calls for the signed-in user.
        print("tools:", [t["function"]["name"] for t in tool_schemas()])
        call_tool(memory, "add_memory", '{"text": "Alice prefers aisle seats"}', user_id="alice")
        found = call_tool(
            memory, "search_memories", {"query": "seat preference", "limit": 1}, user_id="alice"
        )
        print("search_memories ->", json.dumps([r["memory"] for r in found["results"]]))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        main(Path(folder) / "data")
