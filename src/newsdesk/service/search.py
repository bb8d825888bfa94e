"""``newsdesk search``: the stories and articles that hold some words, best first (SQLite FTS5
over titles and texts, porter stemming, bm25; ``store.listing.fts_query`` says how the words
are read)."""

from __future__ import annotations

from typing import Any

from newsdesk.store.db import Store


def search(store: Store, words: str, limit: int = 20) -> dict[str, Any]:
    """``{"query", "stories", "articles"}``: the matching articles (best first, with a snippet
    whose matched words are marked by the characters 2 and 3, at most ``limit``) and the
    stories they belong to, in the order of their best article."""
    articles: list[dict[str, Any]] = []
    stories: dict[int, dict[str, Any]] = {}
    for article_id, story_id, snippet in store.search(words, limit):
        art = store.article(article_id)
        if art is None:
            continue
        story = store.resolve_story(story_id) if story_id is not None else None
        articles.append(
            {"article_id": article_id, "title": art.title, "outlet": art.outlet, "published": art.published,
             "story": story, "snippet": snippet}
        )  # fmt: skip
        if story is not None and story not in stories:
            stories[story] = {"story": story, "headline": store.headline(story), "articles": 0}
        if story is not None:
            stories[story]["articles"] += 1
    return {"query": words, "stories": list(stories.values()), "articles": articles}
