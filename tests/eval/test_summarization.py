"""The evaluation harness: truncation alike for all methods, data readers, no-reference mode."""

from __future__ import annotations

import gzip
import json

import pytest

from newsdesk.errors import InputError
from newsdesk.eval.datasets import load_examples
from newsdesk.eval.summarization import evaluate, format_table
from tests.conftest import EXAMPLES, write

DOCS = [
    "Floods hit the northern province of Lombardy on Sunday after three days of heavy rain, officials said. "
    "At least 12 people died and 300 were evacuated from villages along the river Adda. "
    "The regional governor declared a state of emergency and asked Rome for army help.",
    "At least 12 people died and 300 were evacuated after floods hit Lombardy, officials said on Sunday. "
    "Farmers in the area said their harvest was lost and asked for compensation from the state.",
]
REF = "– Floods in Lombardy killed 12 people and forced 300 from their homes; the governor declared an emergency."


@pytest.fixture
def data(tmp_path):
    rows = [{"id": "x1", "documents": DOCS, "summary": REF}, {"id": "x2", "documents": DOCS[::-1], "summary": REF}]
    return write(tmp_path / "mds.jsonl", "\n".join(json.dumps(r) for r in rows))


def test_jsonl_and_src_layouts_read_alike(data, tmp_path):
    src = write(tmp_path / "t.src", " ||||| ".join(DOCS) + "\n")
    write(tmp_path / "t.tgt", REF + "\n")
    a, b = load_examples(data)[0], load_examples(src)[0]
    assert a.documents == b.documents and a.reference == b.reference
    assert not a.reference.startswith("–")  # the Multi-News dash is stripped


def test_gzipped_jsonl_reads_as_plain_and_bytes_that_are_not_text_are_one_error(data, tmp_path):
    packed = tmp_path / "mds.jsonl.gz"
    packed.write_bytes(gzip.compress(data.read_bytes()))
    assert [e.documents for e in load_examples(packed)] == [e.documents for e in load_examples(data)]
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\xff\xfe\x00 not text")
    with pytest.raises(InputError, match="not UTF-8 JSON lines"):
        load_examples(bad)


def test_every_method_truncated_to_the_same_budget(data):
    results = evaluate(
        load_examples(data),
        ["learned", "centroid", "lead", "lexrank", "textrank", "oracle"],
        words=20,
        embedder="tfidf",
    )
    for r in results:
        assert all(w <= 20 for w in r.words), r.method
        assert len(r.scores["rouge1"]) == 2
    by = {r.method: r for r in results}
    assert by["lead"].words == [20, 20]  # enough text: truncation fills the budget exactly
    assert by["oracle"].interval("rouge2").mean >= by["lead"].interval("rouge2").mean
    assert "| oracle |" in format_table(results)


def test_without_references_methods_still_run(tmp_path):
    examples = load_examples(None, fallback=EXAMPLES)
    assert len(examples) == 1 and examples[0].reference is None
    results = evaluate(examples, ["lead", "oracle"], words=50, embedder="tfidf")
    table = format_table(results)
    assert "n/a (no reference)" in table and "skipped: needs a reference" in table


def test_bad_data_line_names_it(tmp_path):
    path = write(tmp_path / "bad.jsonl", '{"id": 1, "documents": ["x"], "summary": "y"}\n{oops\n')
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        load_examples(path)


def test_keep_offtopic_gives_every_method_the_documents_the_flags_leave_out(tmp_path, capsys):
    from newsdesk.cli import main
    from tests.clean.test_offtopic import STRAY

    row = {"id": "x", "documents": [*DOCS, STRAY], "summary": REF}
    path = write(tmp_path / "stray.jsonl", json.dumps(row))
    words = {}
    for extra in ([], ["--keep-offtopic"]):
        args = ["eval", "summarize", "--data", str(path), "--methods", "lead", "--words", "400", "--embedder", "tfidf"]
        assert main([*args, *extra, "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["keep_offtopic"] == bool(extra)
        words[bool(extra)] = out["results"][0]["words"]
    assert words[True] - words[False] >= 0.9 * len(STRAY.split())  # the stray report is read only when kept
