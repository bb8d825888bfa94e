"""Writers: untrusted text is escaped, JSON offsets point at the cited words."""

from __future__ import annotations

import pytest

from newsdesk.io.markdown import md_escape


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"),
        ("<!-- c -->", "&lt;!-- c -->"),
        ("2 < 3 and 5 > 4", "2 < 3 and 5 > 4"),  # plain comparisons stay readable
        ("see [1] and [a](javascript:x)", r"see \[1\] and \[a\](javascript:x)"),
        ("AT&T <b>", "AT&amp;T &lt;b>"),
    ],
)
def test_md_escape(raw, safe):
    assert md_escape(raw) == safe
