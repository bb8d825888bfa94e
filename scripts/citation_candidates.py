"""Candidate sentence x article pairs for the labelled citation set (data/annotations/citations.csv).

Usage: python scripts/citation_candidates.py [--out data/annotations/citation_candidates.jsonl]

For each NewsWCL50 event (five outlets) and the bundled example story (three outlets), the
sentences that several methods (learned, centroid, lead, lexrank, textrank) choose at two
budgets (60, 150 and 250 words) are the candidates (real sentences only: no heading, fragment or
line-break token), so the set does not follow today's output or
thresholds. Each candidate is paired with every *other* article of its story. A pair lists, to
help the labeller, the three sentences of that article most similar to the candidate by TF-IDF
and the three by MiniLM (union, in article order); the label is about the whole article. Of
each story's candidates, 16 sentences are drawn at random (seed 0; 12 of the examples), so
each split holds more than 300 pairs.
The split is by event, fixed before any threshold was chosen: even events and the examples
tune, odd events are held out.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from newsdesk.embed import get_embedder
from newsdesk.eval.citations import citation_stories, prepare_story, source_name
from newsdesk.summarize import SUMMARIZERS, StoryText
from newsdesk.summarize.methods import is_candidate

ROOT = Path(__file__).resolve().parents[1]
METHODS = ("learned", "centroid", "lead", "lexrank", "textrank")
BUDGETS = (60, 150, 250)
SHOWN = 3
PER_STORY = {"examples": 12}  # sentences sampled per story (seeded); 16 for each NewsWCL50 event


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "annotations" / "citation_candidates.jsonl")
    args = parser.parse_args()
    tfidf, minilm = get_embedder("tfidf"), get_embedder("minilm")
    rows = []
    for name, split, articles in citation_stories():
        prepared = prepare_story(articles)
        story = StoryText(prepared, minilm)
        chosen: set[int] = set()
        for method in METHODS:
            for budget in BUDGETS:
                chosen.update(SUMMARIZERS.get(method).select(story, budget))
        sims = {e.name: (v := e.encode([s.text for s in story.sentences])) @ v.T for e in (tfidf, minilm)}
        # a statement to check: a real sentence (no heading, fragment or the token file's "\\n" marks)
        chosen = {i for i in chosen if is_candidate(story.sentences[i].text) and "\\n" not in story.sentences[i].text}
        rng = np.random.default_rng(0)
        k = PER_STORY.get(name, 16)
        picked = sorted(rng.choice(sorted(chosen), size=min(k, len(chosen)), replace=False).tolist())
        for i in picked:
            sent = story.sentences[i]
            own = int(story.sentence_article[i])
            for a in range(len(prepared)):
                if a == own:
                    continue
                cols = np.array(
                    [
                        j
                        for j in np.flatnonzero(story.sentence_article == a)
                        if len(story.sentences[j].text.split()) >= 4
                    ]
                )
                shown: set[int] = set()
                for sim in sims.values():
                    shown.update(cols[np.argsort(-sim[i, cols])[:SHOWN]].tolist())
                rows.append(
                    {
                        "story": name,
                        "split": split,
                        "sentence": f"{name}/{source_name(prepared[own])}/{sent.index}",
                        "text": sent.text,
                        "article": source_name(prepared[a]),
                        "shown": [story.sentences[j].text for j in sorted(shown)],
                    }
                )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    per = {s: sum(r["split"] == s for r in rows) for s in ("tuning", "heldout")}
    print(f"{len(rows)} pairs ({per}) from {len({r['sentence'] for r in rows})} sentences -> {args.out}")


if __name__ == "__main__":
    main()
