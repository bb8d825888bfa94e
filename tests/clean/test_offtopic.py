"""Off-topic articles in a story: a stray report is flagged, the story's own reports are not."""

from __future__ import annotations

import json

import pytest

from newsdesk.clean.cleaner import clean_text
from newsdesk.clean.offtopic import article_features, article_model, flag_offtopic_articles
from newsdesk.cli import main
from newsdesk.embed import get_embedder
from newsdesk.io.markdown import to_markdown
from newsdesk.pipeline import build_report
from newsdesk.settings import Options
from tests.conftest import example

STRAY = """Rovers beat United in cup thriller

Rovers came from two goals down to beat United 3-2 in the cup on Saturday, with a late header from their captain settling a tense match in front of a sold-out crowd.

The home side had looked beaten at half-time after two defensive errors, but the manager's changes brought an early goal after the break and the equaliser followed ten minutes later.

United's coach said his players had tired in the final twenty minutes and that the team would need to improve its fitness before the league match against City next week.
"""


def story(with_stray: bool = True):
    arts = [clean_text(example(p).read_text(encoding="utf-8"), p) for p in ("000", "002", "004")]
    if with_stray:
        arts.append(clean_text(STRAY, "stray.txt"))
    return arts


@pytest.fixture(scope="module")
def tfidf():
    return get_embedder("tfidf")


@pytest.mark.parametrize("name", ["tfidf", pytest.param("minilm", marks=pytest.mark.slow)])
def test_stray_article_is_flagged_and_only_it(name):
    arts = story()
    assert flag_offtopic_articles(arts, get_embedder(name)) == 1
    assert [a.source for a in arts if a.offtopic] == ["stray.txt"]
    assert "unlike the other articles" in arts[-1].offtopic


def test_the_story_alone_has_nothing_flagged(tfidf):
    arts = story(with_stray=False)
    assert flag_offtopic_articles(arts, tfidf) == 0


def test_one_article_is_never_flagged(tfidf):
    arts = [clean_text(STRAY, "stray.txt")]
    assert flag_offtopic_articles(arts, tfidf) == 0
    assert article_features(story(), tfidf).shape == (4, 3)


def test_flagged_article_is_left_out_of_the_summary_and_shown(tfidf):
    report = build_report(story(), Options(embedder="tfidf", words=120))
    stray_id = report.articles[-1].id
    cited = {c.article_id for s in report.summary.sentences for c in s.citations}
    assert stray_id not in cited and report.articles[-1].sentences == []
    assert "whole article off-topic" in to_markdown(report)
    kept = build_report(story(), Options(embedder="tfidf", words=120, keep_offtopic=True))
    assert kept.articles[-1].offtopic is None and kept.articles[-1].sentences


def test_eval_offtopic_counts_against_silver_labels(tmp_path, capsys):
    docs = [example(p).read_text(encoding="utf-8") for p in ("000", "002", "004")] + [STRAY, "Like this:\nShare this"]
    line = {"id": "x", "documents": docs, "summary": "s", "silver_irrelevant": [3, 4]}
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(line) + "\n")
    assert main(["eval", "offtopic", "--data", str(path), "--embedder", "tfidf", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["documents"], row["silver_offtopic"], row["flagged"]) == (5, 2, 2)
    assert row["precision"] == 1.0 and row["recall"] == 1.0
    assert row["flagged_by"] == {"unlike the rest of the story": 1, "no article text after cleaning": 1}


def test_an_embedder_with_no_fitted_article_model_is_an_error_not_a_silent_fallback(tfidf):
    from dataclasses import dataclass

    from newsdesk.errors import OptionError

    @dataclass
    class Renamed:  # TF-IDF vectors under a name no article model was fitted for
        name: str = "other"

        def __getattr__(self, attr):
            return getattr(tfidf, attr)

    with pytest.raises(OptionError, match="no off-topic article model for embedder 'other'"):
        flag_offtopic_articles(story(), Renamed())  # type: ignore[arg-type]


def test_build_report_leaves_the_callers_articles_alone_so_other_options_start_afresh():
    articles = story()
    before = [(a.offtopic, list(a.paragraphs), list(a.sentences)) for a in articles]
    pruned = build_report(articles, Options(embedder="tfidf", splitter="rules"))
    assert any(a.offtopic for a in pruned.articles)  # the stray report was flagged on the report's copies
    assert [(a.offtopic, list(a.paragraphs), list(a.sentences)) for a in articles] == before
    kept = build_report(articles, Options(embedder="tfidf", splitter="rules", keep_offtopic=True))
    fresh = build_report(story(), Options(embedder="tfidf", splitter="rules", keep_offtopic=True))
    assert [s.text for s in kept.summary.sentences] == [s.text for s in fresh.summary.sentences]
    assert sum(len(a.sentences) for a in kept.articles) == sum(len(a.sentences) for a in fresh.articles)
    assert sum(len(a.sentences) for a in kept.articles) > sum(len(a.sentences) for a in pruned.articles)
    assert not any(a.offtopic or any(p.offtopic for p in a.paragraphs) for a in kept.articles)


def test_of_two_unlike_reports_neither_is_flagged(tfidf):
    """No majority says which of two is the stray one: fewer than half of a story is flagged."""
    arts = [story(with_stray=False)[0], clean_text(STRAY, "stray.txt")]
    model = article_model(tfidf)
    assert model.probability(article_features(arts, tfidf)).max() > model.threshold  # the model alone would
    assert flag_offtopic_articles(arts, tfidf) == 0
    assert flag_offtopic_articles([*arts, story(with_stray=False)[1]], tfidf) == 1  # with a third, the stray goes
