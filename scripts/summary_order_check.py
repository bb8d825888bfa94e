"""How often a summary opens with a sentence that leans on another (``summarize.order``: a
pronoun or connective first, or an attribution to a bare surname or pronoun at its end), in
plain reading order and in the order newsdesk shows, over Multi-News examples::

    python scripts/summary_order_check.py ../shared/data/multinews/dev.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

from newsdesk.embed import get_embedder
from newsdesk.eval.datasets import clean_documents, load_examples
from newsdesk.pipeline import prepare
from newsdesk.settings import Options
from newsdesk.summarize import SUMMARIZERS, StoryText
from newsdesk.summarize.base import reading_order, reading_position
from newsdesk.summarize.order import leans_on


def main(data: str, limit: int | None = None) -> None:
    options = Options()
    embedder = get_embedder(options.embedder)
    method = SUMMARIZERS.get(options.method)
    plain = shown = total = 0
    for example in load_examples(Path(data), limit):
        articles = clean_documents(example)[0]
        if not articles:
            continue
        story = StoryText(prepare(articles, options, embedder), embedder)
        chosen = method.select(story, options.words) if story.sentences else []
        if not chosen:
            continue
        total += 1
        plain += leans_on(story.sentences[min(chosen, key=lambda i: reading_position(story, i))].text) is not None
        shown += leans_on(story.sentences[reading_order(story, chosen)[0]].text) is not None
    print(
        f"{total} summaries: first sentence leans in reading order {plain} ({plain / total:.1%}), as shown {shown} ({shown / total:.1%})"
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
