"""The ML models behind tiermem: the sentence embedder and the local LLM."""
