"""Moving memories in and out of a store in bulk: a scope exported as JSON lines
(``format``, ``export``) and written back under its own ids (``restore``), and
conversations in other shapes read (``sources``) and stored once (``ingest``)."""
