"""Write the README's option tables from the options tables (``newsdesk.settings``).

Usage: python scripts/readme_options.py [--check]

Each table stands between ``<!-- options: NAME -->`` and ``<!-- /options -->``; ``--check``
exits 1 when one differs (the test suite checks the same).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from newsdesk.settings import OPTION_TABLES, markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(<!-- options: (\w+) -->\n)(.*?)(<!-- /options -->)", re.S)


def rewrite(text: str) -> str:
    """``text`` with every marked block replaced by its table."""
    return BLOCK.sub(lambda m: m.group(1) + markdown_table(OPTION_TABLES[m.group(2)]) + "\n" + m.group(4), text)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = rewrite(text)
    if "--check" in sys.argv:
        return int(new != text)
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
