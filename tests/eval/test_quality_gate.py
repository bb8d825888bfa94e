"""Quality gate: the default summarizer's ROUGE, extraction F1, story grouping B³, quote
speaker F1 and entity merging and typing on fixed samples of real data, against minimums pinned in ``quality_pins.json``.

The data's checksums are pinned too: a gate measured on other data says nothing, so changed
data fails until it is measured and pinned again. On CI (``CI=true``) missing data fails the
gate instead of skipping it, so the gate cannot go quiet. Lowering a pin is a deliberate edit
whose commit message must say why; a change that scores below a pin fails the build.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from newsdesk.eval.datasets import load_examples
from newsdesk.eval.summarization import evaluate
from newsdesk.settings import Options
from tests.conftest import SHARED

PINS = json.loads((Path(__file__).with_name("quality_pins.json")).read_text())
DATA = SHARED / "data"
FILES = {
    "multinews/dev.jsonl": lambda: [DATA / "multinews" / "dev.jsonl"],
    "multinews-full/dev.jsonl": lambda: [DATA / "multinews-full" / "dev.jsonl"],
    "article-extraction": lambda: [
        DATA / "article-extraction" / "ground-truth.json",
        *(DATA / "article-extraction" / "html").glob("*.html.gz"),
    ],
    "newswcl50": lambda: [DATA / "newswcl50" / "conll.csv"],
}


def checksum(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(DATA).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def require(name: str) -> None:
    """Skip (fail on CI) when the data set is missing; fail when it is not the pinned one."""
    paths = FILES[name]()
    if not paths or not all(p.exists() for p in paths):
        message = f"{DATA / name} is missing: the quality gate cannot run"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: a missing data set fails the gate)")
        pytest.skip(message)
    assert checksum(paths) == PINS["data"][name], f"{name} is not the data the pins were measured on"


def run_gate(embedder: str, data: str = "multinews/dev.jsonl") -> dict[str, float]:
    """The default summarizer's mean ROUGE on the pinned sample of ``data``."""
    full = data.startswith("multinews-full")
    pins = PINS["full"][embedder] if full else PINS[embedder]
    examples = load_examples(DATA / data, PINS["full"]["examples"] if full else PINS["examples"])
    (result,) = evaluate(examples, [Options().method], words=PINS["words"], embedder=embedder)
    return {m: result.interval(m).mean for m in pins}


@pytest.mark.slow
@pytest.mark.parametrize("embedder", ["tfidf", "minilm"])
def test_gate_full_length_articles(embedder):
    require("multinews-full/dev.jsonl")
    scores = run_gate(embedder, "multinews-full/dev.jsonl")
    for metric, minimum in PINS["full"][embedder].items():
        assert scores[metric] >= minimum, f"full-length {metric} {scores[metric]:.2f} fell below the pinned {minimum}"


@pytest.mark.slow
def test_gate_tfidf_fallback():
    require("multinews/dev.jsonl")
    scores = run_gate("tfidf")
    for metric, minimum in PINS["tfidf"].items():
        assert scores[metric] >= minimum, f"{metric} {scores[metric]:.2f} fell below the pinned {minimum}"


@pytest.mark.slow
def test_gate_default_minilm():
    require("multinews/dev.jsonl")
    scores = run_gate("minilm")
    for metric, minimum in PINS["minilm"].items():
        assert scores[metric] >= minimum, f"{metric} {scores[metric]:.2f} fell below the pinned {minimum}"


@pytest.mark.slow
def test_gate_extraction():
    from newsdesk.eval.extraction import evaluate_extraction, load_pages

    require("article-extraction")
    (result,) = evaluate_extraction(load_pages(DATA / "article-extraction"), ["newsdesk"])
    f1 = result.scores("tokens")[2]
    assert f1 >= PINS["extraction"]["f1"], f"extraction F1 {f1:.3f} fell below the pinned {PINS['extraction']['f1']}"


@pytest.mark.slow
def test_gate_clustering():
    from newsdesk.eval.clustering import docs_of, evaluate_clustering, pool_newswcl50, split_pools
    from newsdesk.settings import ClusterOptions

    require("multinews/dev.jsonl")
    require("newswcl50")
    pins = PINS["clustering"]
    (pool,) = split_pools(load_examples(DATA / "multinews" / "dev.jsonl", pins["pool"]), pins["pool"])
    wcl = pool_newswcl50(DATA / "newswcl50")
    scores = {}
    for prefix, p in (("", pool), ("newswcl50_", wcl)):
        for r in evaluate_clustering(p, docs_of(p.articles, None), ClusterOptions()):
            scores[prefix + ("batch" if r.mode.startswith("batch") else "incremental")] = r.f1
    for key, minimum in pins.items():
        if key != "pool":
            assert scores[key] >= minimum, f"clustering {key} B3 F1 {scores[key]:.3f} fell below the pinned {minimum}"


@pytest.mark.slow
def test_gate_quotes():
    from newsdesk.eval.datasets import load_newswcl50
    from newsdesk.eval.quotes import ANNOTATIONS, evaluate_quotes, load_annotations

    require("newswcl50")
    articles, _ = load_newswcl50(DATA / "newswcl50")
    scores, _ = evaluate_quotes(articles, load_annotations(ANNOTATIONS))
    assert scores.f1 >= PINS["quotes"]["f1"], f"quote F1 {scores.f1:.3f} fell below the pinned {PINS['quotes']['f1']}"


@pytest.mark.slow
def test_gate_general_quotes():
    from newsdesk.eval.harness import QuotesEval
    from newsdesk.eval.quotes import run_general

    require("multinews-full/dev.jsonl")
    f1 = run_general(QuotesEval()).scores.f1
    pin = PINS["quotes"]["general_f1"]
    assert f1 >= pin, f"general-news quote F1 {f1:.3f} fell below the pinned {pin}"


@pytest.mark.slow
def test_gate_entities():
    from newsdesk.eval.entities import run
    from newsdesk.eval.harness import EntitiesEval

    require("newswcl50")
    require("multinews-full/dev.jsonl")
    result = run(EntitiesEval())
    pins = PINS["entities"]
    assert result.scores.f1 >= pins["f1"], f"entity B3 F1 {result.scores.f1:.3f} fell below the pinned {pins['f1']}"
    assert result.types is not None and result.types_heldout is not None
    right = result.types.right + result.types_heldout.right
    accuracy = right / (result.types.listed + result.types_heldout.listed)
    assert accuracy >= pins["types"], f"entity type accuracy {accuracy:.3f} fell below the pinned {pins['types']}"


def test_a_missing_data_set_fails_the_gate_on_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setitem(FILES, "multinews/dev.jsonl", lambda: [DATA / "no-such-file.jsonl"])
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require("multinews/dev.jsonl")
