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


def test_a_terminal_gets_no_markdown_escapes_or_html_entities(monkeypatch, capsys):
    import io

    from newsdesk.cli.commands import _print_md
    from newsdesk.io.text import for_terminal

    text = md_escape("Connection refused [Errno 111] <unknown>")
    assert text != "Connection refused [Errno 111] <unknown>"  # escaped for a Markdown renderer
    assert for_terminal(text) == "Connection refused [Errno 111] <unknown>"

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    monkeypatch.setattr("sys.stdout", tty)
    _print_md(text + "\n")
    assert tty.getvalue() == "Connection refused [Errno 111] <unknown>\n"
