"""The ``newsdesk`` command: a thin layer that parses, calls the library and prints.

Flags come from the options tables (``settings``, ``eval.harness``); each ``cmd_*`` builds the
options, calls one library function and prints what it returns. Every deliberate error
(``NewsdeskError``) becomes one line on stderr, ``newsdesk: error: [E100] …`` with the code
``errors.py`` gives it, and exit status
2; a bad file among good ones is reported and skipped. Tracebacks are for bugs only.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Sequence

from newsdesk.cli.commands import COMMANDS, warn
from newsdesk.cli.parser import build_parser
from newsdesk.errors import NewsdeskError

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    warnings.showwarning = lambda message, *a, **k: warn(str(message))
    try:
        return COMMANDS[args.command](args)
    except NewsdeskError as exc:
        print(f"newsdesk: error: {exc}", file=sys.stderr)  # "[E100] path: problem": the code says which error
        return 2
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader of our output went away (e.g. `| head`): not an error
        return 0
