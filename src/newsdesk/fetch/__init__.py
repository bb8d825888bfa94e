"""Fetching from the web: feeds and pages over HTTP, politely (``http``), canonical URLs
(``urls``), OPML subscription lists (``opml``), and pages and feed entries read as articles
(``pages``). The services that follow feeds (``service.feeds``) and ingest URLs
(``service.ingest``) call these; fetching itself stores nothing."""

from __future__ import annotations

from newsdesk.fetch.http import Fetcher, FetchError, Page
from newsdesk.fetch.pages import fetch_items, looks_like_feed
from newsdesk.fetch.urls import canonical_url, is_web_url

__all__ = ["FetchError", "Fetcher", "Page", "canonical_url", "fetch_items", "is_web_url", "looks_like_feed"]
