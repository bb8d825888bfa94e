"""Quality gate: ROUGE of the default summarizer on a fixed Multi-News dev sample.

The minimums are pinned in ``quality_pins.json``. Lowering a pin is a deliberate edit whose
commit message must say why; a change that scores below them fails the build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.eval.datasets import load_examples
from newsdesk.eval.summarization import evaluate
from newsdesk.settings import Options
from tests.conftest import SHARED

PINS = json.loads((Path(__file__).with_name("quality_pins.json")).read_text())
DATA = SHARED / "data" / "multinews" / "dev.jsonl"

needs_data = pytest.mark.skipif(not DATA.exists(), reason=f"{DATA} not present (shared data is not beside the repo)")


def run_gate(embedder: str) -> dict[str, float]:
    pins = PINS[embedder]
    examples = load_examples(DATA, PINS["examples"])
    (result,) = evaluate(examples, [Options().method], words=PINS["words"], embedder=embedder)
    return {m: result.interval(m).mean for m in pins}


@needs_data
def test_gate_tfidf_fallback():
    scores = run_gate("tfidf")
    for metric, minimum in PINS["tfidf"].items():
        assert scores[metric] >= minimum, f"{metric} {scores[metric]:.2f} fell below the pinned {minimum}"


@needs_data
@pytest.mark.slow
def test_gate_default_minilm():
    scores = run_gate("minilm")
    for metric, minimum in PINS["minilm"].items():
        assert scores[metric] >= minimum, f"{metric} {scores[metric]:.2f} fell below the pinned {minimum}"
