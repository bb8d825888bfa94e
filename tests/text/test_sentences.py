"""Both sentence splitters on the hard cases of news text (shared contract)."""

from __future__ import annotations

import pytest

from newsdesk.model import Article, Paragraph
from newsdesk.text.sentences import SPLITTERS, split_article

HARD = [
    # quotation with an inner full stop stays whole
    (
        '"They will not back down. The U.S. stands with Japan," Dunford said. Then he left.',
        ['"They will not back down. The U.S. stands with Japan," Dunford said.', "Then he left."],
    ),
    (
        "On Aug. 18, Adm. Kawano met Gen. Dunford in Tokyo. They talked.",
        ["On Aug. 18, Adm. Kawano met Gen. Dunford in Tokyo.", "They talked."],
    ),
    ("The U.S. and Japan agreed. China did not.", ["The U.S. and Japan agreed.", "China did not."]),
    ("It cost $3.5 million. Was it worth it? Yes!", ["It cost $3.5 million.", "Was it worth it?", "Yes!"]),
    ("Dr. Smith, of St. Louis, spoke.", ["Dr. Smith, of St. Louis, spoke."]),
    ("A sentence with no final stop", ["A sentence with no final stop"]),
]


@pytest.mark.parametrize("name", SPLITTERS.names())
@pytest.mark.parametrize(("text", "expected"), HARD)
def test_hard_cases(name, text, expected):
    spans = SPLITTERS.get(name).split(text)
    assert [text[s:e] for s, e in spans] == expected


@pytest.mark.parametrize("name", SPLITTERS.names())
def test_offsets_point_into_text_and_empty_input(name):
    splitter = SPLITTERS.get(name)
    assert splitter.split("") == []
    assert splitter.split("   \n ") == []
    text = "  First one.   Second one.  "
    assert [text[s:e] for s, e in splitter.split(text)] == ["First one.", "Second one."]


def test_split_article_skips_headings_and_offtopic():
    text = "Heading here\n\nBody one. Body two.\n\nStray story text. More of it."
    paras = [Paragraph(0, 12, "heading"), Paragraph(14, 33), Paragraph(35, 64, "body", "off-topic")]
    art = Article(id="a", source="x", text=text, paragraphs=paras)
    sents = split_article(art, "rules")
    assert [s.text for s in sents] == ["Body one.", "Body two."]
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert [s.index for s in sents] == [0, 1]


@pytest.mark.parametrize("splitter", ["pysbd", "rules"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Friends mourn him after he crashed in Mountain View Friday.The ABC7 I-Team has word of a development.",
            [
                "Friends mourn him after he crashed in Mountain View Friday.",
                "The ABC7 I-Team has word of a development.",
            ],
        ),
        (
            'On Oct. 3, 1995, a jury acquitted Orenthal James "O.J." Simpson of the murders. He was free.',
            ['On Oct. 3, 1995, a jury acquitted Orenthal James "O.J." Simpson of the murders.', "He was free."],
        ),
        (
            "He moved to the U.S. The next day he left.",
            ["He moved to the U.S.", "The next day he left."],
        ),
        (
            'The case went to court."We will appeal," he said.',
            ["The case went to court.", '"We will appeal," he said.'],
        ),
    ],
)
def test_glued_stops_split_and_initials_stay_whole(splitter, text, expected):
    from newsdesk.text.sentences import SPLITTERS, repair

    spans = repair(text, SPLITTERS.get(splitter).split(text))
    assert [text[s:e] for s, e in spans] == expected
