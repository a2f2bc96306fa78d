"""The web inspector at ``/ui`` in ``tiermem serve``: server-rendered pages (Jinja2, a
little plain JavaScript, plots drawn by matplotlib as SVG) that show what a store holds
and why one fact beat another. Read-only: nothing on these pages changes a memory."""

from tiermem.ui.routes import router

__all__ = ["router"]
