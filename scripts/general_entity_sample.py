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
fifth (seed 4), ``--sixth`` a sixth (seed 5), ``--seventh`` a seventh (seed 6), ``--eighth`` an eighth (seed 7) and ``--ninth`` a ninth (seed 8), four runs from each article of the stories
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
# each later sample: its seed and the stories from each of whose articles it draws four runs
LATER = {
    "--third": (2, (*SECOND, *THIRD)),
    "--fourth": (3, (*FOURTH, *FIFTH)),
    "--fifth": (4, tuple(TYPED_ONLY["fifth"])),
    "--sixth": (5, tuple(TYPED_ONLY["sixth"])),
    "--seventh": (6, tuple(TYPED_ONLY["seventh"])),
    "--eighth": (7, tuple(TYPED_ONLY["eighth"])),
    "--ninth": (8, tuple(TYPED_ONLY["ninth"])),
}


def main() -> None:
    """``--heldout``: the second sample (seed 1), leaving out runs the first one typed."""
    heldout = "--heldout" in sys.argv
    chosen = next((LATER[arg] for arg in sys.argv[1:] if arg in LATER), None)
    # the first two samples: the stories the set held before the later ones joined it
    seed, stories = chosen or (1 if heldout else 0, tuple(n for _, s in LATER.values() for n in s))
    rng = random.Random(seed)
    later = {f"mnfull:{n}" for n in stories}
    third = chosen is not None  # a later sample: four runs from each article of its stories
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
