"""One module per benchmark suite: its events, its scoring, its tables and charts."""
