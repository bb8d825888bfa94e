"""Every option is a CLI flag and is documented in the README, from one table per stage."""

from __future__ import annotations

import argparse

import pytest

from newsdesk.cli import build_parser
from newsdesk.eval.harness import HARNESSES
from newsdesk.settings import OPTION_TABLES, flag_name, markdown_table, table_fields
from tests.conftest import ROOT

COMMANDS_OF = {  # which commands take each stage's flags
    "summarize": [("summarize",)],
    "ingest": [("ingest",)],
    "clustering": [("ingest",), ("stories",)],
    "spark": [("spark", "run")],
    "serve": [("serve",)],
    "fetch": [("update",), ("watch",)],
}


def subparser(*path: str) -> argparse.ArgumentParser:
    parser = build_parser()
    for name in path:
        parser = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[name]
    return parser


@pytest.mark.parametrize("stage", sorted(OPTION_TABLES))
def test_readme_table_is_the_options_table(stage):
    readme = (ROOT / "README.md").read_text()
    block = f"<!-- options: {stage} -->\n{markdown_table(OPTION_TABLES[stage])}\n<!-- /options -->"
    assert block in readme, f"README table of {stage} is stale: run python scripts/readme_options.py"


@pytest.mark.parametrize("stage", sorted(OPTION_TABLES))
def test_every_option_of_a_stage_is_a_flag_of_its_commands(stage):
    for path in COMMANDS_OF[stage]:
        help_text = subparser(*path).format_help()
        for f in table_fields(OPTION_TABLES[stage]):
            flag = flag_name(f)
            assert flag is None or flag in help_text, f"{flag} missing from newsdesk {' '.join(path)}"


@pytest.mark.parametrize("name", sorted(HARNESSES))
def test_every_evaluation_option_is_a_flag(name):
    help_text = subparser("eval", name).format_help()
    for f in table_fields(HARNESSES[name].options):
        flag = flag_name(f)
        assert flag is not None and flag in help_text


def test_flags_parse_into_the_table_with_its_defaults():
    from newsdesk.settings import ClusterOptions, IngestOptions, from_args

    args = build_parser().parse_args(["ingest", "x.txt", "--batch", "7", "--embed", "--story-cut", "0.3"])
    options = from_args(IngestOptions, args, cluster=from_args(ClusterOptions, args))
    assert options == IngestOptions(batch=7, embed=True, cluster=ClusterOptions(threshold=0.3))
    spark = subparser("spark", "run").parse_args(["in", "out", "--no-reports"])
    assert spark.reports is False


def test_every_command_is_documented():
    readme = (ROOT / "README.md").read_text()
    for command in build_parser()._subparsers._group_actions[0].choices:  # type: ignore[union-attr]
        assert f"newsdesk {command}" in readme, command
