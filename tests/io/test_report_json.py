"""A report read back from its JSON is the report: the same JSON and the same Markdown."""

from __future__ import annotations

from newsdesk import pipeline
from newsdesk.io.markdown import to_markdown
from newsdesk.io.report_json import report_from_json, to_json
from newsdesk.settings import Options
from tests.conftest import EXAMPLES


def test_report_json_round_trip():
    articles = pipeline.read([str(EXAMPLES)]).articles
    report = pipeline.build_report(articles, Options(embedder="tfidf", splitter="rules"))
    data = to_json(report)
    back = report_from_json(data)
    assert to_json(back) == data
    assert to_markdown(back) == to_markdown(report)
    assert to_markdown(back, show_removed=True) == to_markdown(report, show_removed=True)
