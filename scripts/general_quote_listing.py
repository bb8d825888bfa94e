"""List the quotations of the general-news annotation set for labelling (see
``data/annotations/README.md``, "General news"): each article's lines as the data holds them,
every span between matching quote marks of two words or more numbered ``[Qn]``. The listing is
derived from the data and not committed; this script remakes it. ``--json`` prints the
numbered quotations (doc, n, quote) that the labels refer to."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsdesk.eval.general import load_general  # noqa: E402

_PAIRS = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")


def numbered(text: str) -> list[tuple[str, list[str]]]:
    """Each non-empty line with its quotations of two words or more."""
    out = []
    for line in (p.strip() for p in text.split("\n")):
        if line:
            quotes = [m.group(1) or m.group(2) for m in _PAIRS.finditer(line)]
            out.append((line, [q.strip(" ,.") for q in quotes if len(q.split()) >= 2]))
    return out


def main() -> None:
    as_json = "--json" in sys.argv
    for doc, text in load_general().items():
        n = 0
        if not as_json:
            print(f"\n=== {doc}")
        for line, quotes in numbered(text):
            tags = []
            for quote in quotes:
                n += 1
                tags.append(f"[Q{n}]")
                if as_json:
                    print(json.dumps({"doc": doc, "n": n, "quote": quote}, ensure_ascii=False))
            if not as_json:
                print(("  " + " ".join(tags) + " " if tags else "  ") + line)


if __name__ == "__main__":
    main()
