"""Draw the entity mentions of the general-news set to label with a type (see
``data/annotations/README.md``, "General news"). Candidates are runs of capitalised words
(``analyze.entities.fallback_mentions``, the finder that uses no model, so the sample does not
follow spaCy's choices) in the raw text of each article, cleaned as a user's input would be;
five distinct runs are drawn from each article (seed 0) and printed with 60 characters either
side. The sample is derived from the data and not committed; this script remakes it.
``--heldout`` draws the held-out sample (seed 1) among the runs the first sample left;
``--third`` a third sample (seed 2), four runs from each article of the stories the quotation
set took in later (``SECOND`` and ``THIRD`` of ``newsdesk.eval.general``), which neither
earlier sample drew from; ``--fourth`` a fourth (seed 3), four runs from each article of the
stories of the fourth and fifth quotation samples (``FOURTH`` and ``FIFTH``); ``--fifth`` a
fifth (seed 4), ``--sixth`` a sixth (seed 5) and ``--seventh`` a seventh (seed 6), four runs from each article of the stories
drawn for each alone (``TYPED_ONLY``). The first two
samples were drawn before those stories joined the set, so they come from the first sixteen
stories and the examples alone."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsdesk.analyze.entities import fallback_mentions  # noqa: E402
from newsdesk.clean.cleaner import clean_text  # noqa: E402
from newsdesk.errors import InputError  # noqa: E402
from newsdesk.eval.general import FIFTH, FOURTH, SECOND, THIRD, TYPED_ONLY, load_general, story_of  # noqa: E402

PER_ARTICLE = 5


def main() -> None:
    """``--heldout``: the second sample (seed 1), leaving out runs the first one typed."""
    names = ("heldout", "third", "fourth", "fifth", "sixth", "seventh")
    heldout, third, fourth, fifth, sixth, seventh = (f"--{n}" in sys.argv for n in names)
    seed = 6 if seventh else 5 if sixth else 4 if fifth else 3 if fourth else 2 if third else 1 if heldout else 0
    rng = random.Random(seed)
    alone = TYPED_ONLY["seventh" if seventh else "sixth" if sixth else "fifth"]
    stories = tuple(alone) if fifth or sixth or seventh else (*FOURTH, *FIFTH) if fourth else (*SECOND, *THIRD)
    later = {f"mnfull:{n}" for n in stories}
    third = third or fourth or fifth or sixth or seventh  # four runs from each article of the later stories
    typed: set[tuple[str, str]] = set()
    if heldout:
        first = Path(__file__).resolve().parents[1] / "data" / "annotations" / "general_entities.jsonl"
        typed = {(r["doc"], r["mention"]) for r in map(json.loads, first.read_text(encoding="utf-8").splitlines())}
    for doc, raw in load_general().items():
        if (story_of(doc) in later) != third:
            continue
        try:
            article = clean_text(raw, doc)
        except InputError:
            continue
        seen: dict[str, tuple[int, int]] = {}
        for m in fallback_mentions(article):
            if (doc, m.text) not in typed:
                seen.setdefault(m.text, (m.start, m.end))
        for text in rng.sample(sorted(seen), min(4 if third else PER_ARTICLE, len(seen))):
            start, end = seen[text]
            left, right = article.text[max(0, start - 60) : start], article.text[end : end + 60]
            context = f"{left}[[{text}]]{right}".replace("\n", " ")
            print(json.dumps({"doc": doc, "mention": text, "start": start, "context": context}, ensure_ascii=False))


if __name__ == "__main__":
    main()
