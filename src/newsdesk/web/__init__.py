"""The web page and HTTP API (``newsdesk serve``): needs the ``web`` extra (FastAPI, uvicorn)."""
