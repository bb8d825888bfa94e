"""Row codecs and the store's named errors."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from newsdesk.clean.cleaner import Hints, clean_text
from newsdesk.errors import StoreError
from newsdesk.model import Article
from newsdesk.store.db import Store
from newsdesk.store.rows import ARTICLE_COLUMNS, article_from_row, article_row, blob, vector
from newsdesk.text.sentences import split_article

TEXT = """Storm hits coast
By Ann Lee

A storm hit the coast on Monday. Two people were hurt.

Officials said roads were closed. Power was out for hours.
"""


def article() -> Article:
    art = clean_text(TEXT, "storm.txt", Hints(outlet="Daily Ledger", published="2024-03-04"))
    assert isinstance(art, Article)
    split_article(art, "rules")
    return art


def test_an_article_is_the_same_after_its_dict_and_its_row():
    art = article()
    assert len(art.sentences) >= 3 and len(art.paragraphs) >= 2
    again = Article.from_dict(art.to_dict(), [(s.start, s.end) for s in art.sentences])
    assert again == art
    row = dict(zip(ARTICLE_COLUMNS, article_row(art), strict=True))
    stored = article_from_row(row, [(s.index, s.start, s.end, s.paragraph) for s in art.sentences])
    assert stored == art


def test_a_vector_is_stored_and_read_back_by_one_codec():
    v = np.arange(4, dtype=np.float32) / 3
    assert np.array_equal(vector(blob(v)), v)
    signature = np.array([1, 2**63], dtype=np.uint64)
    assert np.array_equal(vector(blob(signature, np.uint64), np.uint64), signature)
    assert vector(None) is None and blob(None) is None


def test_an_sqlite_file_of_another_program_is_not_a_store(tmp_path):
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(StoreError) as caught:
        Store(other)
    assert caught.value.code == "E404" and "is not a newsdesk database" in str(caught.value)


def test_a_file_that_is_not_sqlite_is_not_a_store(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"plain text, not a database" * 100)
    with pytest.raises(StoreError) as caught:
        Store(junk)
    assert caught.value.code == "E404"
