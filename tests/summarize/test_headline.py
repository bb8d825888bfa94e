"""One headline rule for the story list and the story's report."""

from __future__ import annotations

from newsdesk.model import Article
from newsdesk.summarize.headline import choose_headline, shorten


def art(id_: str, title: str | None, text: str = "Body text.") -> Article:
    return Article(id=id_, source=id_, text=text, title=title)


def test_the_most_cited_title_wins_then_the_one_sharing_most_words():
    arts = [art("a", "Floods hit Lombardy"), art("b", "Cup final tonight"), art("c", "Lombardy floods kill 12")]
    assert choose_headline(arts) in ("Floods hit Lombardy", "Lombardy floods kill 12")
    assert choose_headline(arts) == "Floods hit Lombardy"  # tie on shared words: the earliest
    assert choose_headline(arts, {"c": 3, "a": 1}) == "Lombardy floods kill 12"


def test_an_untitled_story_takes_its_lead_cut_at_a_word_boundary():
    lead = "forsyth county sheriff duane piper said on tuesday that " + "the investigation continues " * 8
    headline = choose_headline([art("a", None, "x")], lead=lead)
    assert headline is not None and len(headline) <= 120 and headline.endswith("…")
    assert lead.startswith(headline[:-1]) and lead[len(headline) - 1] == " "  # never in the middle of a word


def test_short_text_is_kept_whole_and_no_text_gives_none():
    assert shorten("A short lead.") == "A short lead."
    assert choose_headline([art("a", None, "")]) is None
