"""Dates, outlets and titles that newsdesk reads from the article-extraction benchmark's 181
real pages, checked where the page's own URL states its date (``/2019/05/12/``, the only
date truth the benchmark holds). Prints JSON: how many pages got a date, how many of the
URL-dated pages got the URL's date, and every page's title, outlet and date (so two
versions of newsdesk can be compared page by page)::

    python scripts/metadata_check.py ../shared/data/article-extraction > metadata.json
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

from newsdesk.io.html import extract_html
from newsdesk.model import Article

URL_DATE = re.compile(r"/(20\d\d)[/-]?(0[1-9]|1[0-2])[/-]?([0-2]\d|3[01])(?:/|\b)")


def main(folder: str) -> None:
    root = Path(folder)
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages, dated, url_dated, right = {}, 0, 0, 0
    for page_id, gold in sorted(truth.items()):
        html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace")
        art = extract_html(html, gold["url"])
        found = URL_DATE.search(gold["url"])
        want = "-".join(found.groups()) if found else None
        got = art.published if isinstance(art, Article) else None
        dated += got is not None
        url_dated += want is not None
        right += want is not None and got == want
        pages[page_id] = {
            "url": gold["url"],
            "title": art.title if isinstance(art, Article) else None,
            "outlet": art.outlet if isinstance(art, Article) else None,
            "published": got,
            "date_source": getattr(art, "date_source", None),
            "url_date": want,
        }
    summary = {"pages": len(truth), "dated": dated, "url_dated": url_dated, "url_date_right": right}
    print(json.dumps({"summary": summary, "pages": pages}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/article-extraction")
