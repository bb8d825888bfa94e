"""Flagging paragraphs that belong to another story.

Scraped pages often carry a stray paragraph from a neighbouring article (a teaser headline
and its lead pasted into the body: the Hong Kong paragraph in the bundled example). Each
paragraph is compared with the centroid of every *other* paragraph of the story (its own
article included); one far below the embedder's ``offtopic`` threshold is flagged. A
paragraph that opens under a heading of its own inside the body is a stronger suspect and is
held to a somewhat higher bar. Short paragraphs carry too little evidence and are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from newsdesk.embed import Embedder
from newsdesk.model import Article
from newsdesk.text.tokens import content_terms


@dataclass(frozen=True)
class OfftopicOptions:
    """How paragraph flagging decides."""

    min_terms: int = 8  # paragraphs with fewer content words are never flagged
    after_heading_factor: float = 1.25  # threshold multiplier for a paragraph under an inner heading


def paragraph_similarity(articles: list[Article], embedder: Embedder) -> dict[tuple[str, int], float]:
    """Return ``{(article_id, paragraph_index): cosine to the rest of the story}``."""
    keys = [(a.id, i) for a in articles for i, _ in enumerate(a.paragraphs)]
    texts = [a.text[p.start : p.end] for a in articles for p in a.paragraphs]
    if len(texts) < 3:
        return {k: 1.0 for k in keys}
    vectors = embedder.encode(texts)
    total = vectors.sum(axis=0)
    scores = {}
    for row, key in enumerate(keys):
        rest = total - vectors[row]
        norm = float(np.linalg.norm(rest))
        scores[key] = float(vectors[row] @ rest / norm) if norm else 1.0
    return scores


def flag_offtopic_paragraphs(
    articles: list[Article], embedder: Embedder, options: OfftopicOptions | None = None
) -> int:
    """Mark paragraphs that belong to another story, in place; return how many were flagged.

    A flagged body paragraph right after an inner heading takes the heading with it.
    """
    opts = options or OfftopicOptions()
    scores = paragraph_similarity(articles, embedder)
    base = embedder.calibration.offtopic
    flagged = 0
    for art in articles:
        paras = list(art.paragraphs)
        for i, para in enumerate(paras):
            if para.kind != "body" or para.offtopic:
                continue
            after_heading = i > 0 and paras[i - 1].kind == "heading"
            limit = base * (opts.after_heading_factor if after_heading else 1.0)
            score = scores[(art.id, i)]
            if score >= limit or len(content_terms(art.text[para.start : para.end])) < opts.min_terms:
                continue
            paras[i] = replace(para, offtopic=f"unlike the rest of the story (similarity {score:.2f} < {limit:.2f})")
            flagged += 1
            if after_heading:
                paras[i - 1] = replace(paras[i - 1], offtopic="heading of a paragraph from another story")
        art.paragraphs = paras
    return flagged
