"""Every option is a CLI flag and is documented in the README."""

from __future__ import annotations

from newsdesk.cli import build_parser
from newsdesk.settings import option_table
from tests.conftest import ROOT


def test_every_option_is_a_flag_and_documented():
    readme = (ROOT / "README.md").read_text()
    help_text = build_parser()._subparsers._group_actions[0].choices["summarize"].format_help()  # type: ignore[union-attr]
    for name, _default, _help in option_table():
        flag = "--" + name.replace("_", "-")
        assert flag in help_text, flag
        assert f"`{flag}" in readme, f"{flag} missing from README"


def test_every_command_is_documented():
    readme = (ROOT / "README.md").read_text()
    for command in build_parser()._subparsers._group_actions[0].choices:  # type: ignore[union-attr]
        assert f"newsdesk {command}" in readme, command
