"""Summaries read in order: what leans on another sentence comes after it."""

from __future__ import annotations

import pytest

from newsdesk.summarize.order import leans_on, read_in_order


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ('The US will honor its treaty with Japan "without reservation", Tillerson added.', "Tillerson"),
        ("The talks went well, he said.", "pronoun"),
        ('"We are ready," said Onodera after the meeting.', "Onodera"),
        ("He said the talks went well.", "pronoun"),
        ("However, the deal was never signed.", "pronoun"),
        ("Japan and the United States agreed on Thursday to increase defence cooperation.", None),
        ("Secretary of State Rex Tillerson said the alliance was strong.", None),
        ("Helena residents said the water was rising.", None),  # a word that starts like a pronoun
    ],
)
def test_what_a_sentence_leans_on(text, subject):
    assert leans_on(text) == subject


def test_the_summary_opens_with_the_news_and_a_bare_surname_follows_the_full_name():
    texts = [
        'The US will honor its treaty with Japan "without reservation", Tillerson added.',
        "Japan and the United States agreed on Thursday to increase defence cooperation.",
        "He said the talks went well.",
        "Secretary of State Rex Tillerson met his Japanese counterpart in Washington.",
    ]
    order = read_in_order(texts)
    assert sorted(order) == [0, 1, 2, 3]  # nothing left out
    assert order[0] == 1 and order.index(0) > order.index(3)


def test_sentences_that_stand_alone_keep_reading_order():
    texts = ["Floods hit Lombardy on Sunday.", "Rescuers reached the valley on Monday.", "Roads reopened on Tuesday."]
    assert read_in_order(texts) == [0, 1, 2]


def test_among_the_articles_leads_the_one_most_articles_state_comes_first():
    from newsdesk.clean.cleaner import clean_text
    from newsdesk.embed import get_embedder
    from newsdesk.summarize import StoryText
    from newsdesk.summarize.base import reading_order
    from newsdesk.text.sentences import split_article

    event = "A woman killed three people at a drugstore warehouse in Harford County on Thursday, police said."
    background = "Perryman lies in an unincorporated area near Aberdeen, where a distribution center employs hundreds."
    texts = [  # the background's outlet comes first, and both sentences open their articles
        f"{background}\n\nRoads were closed for hours.\n\nParents waited at the school.",
        f"{event}\n\nThe motive is not known.",
        "A woman killed three people at a drugstore warehouse in Harford County on Thursday, officials said."
        "\n\nSchools were locked down.",
    ]
    arts = [clean_text(t, f"art{k}") for k, t in enumerate(texts)]
    for art in arts:
        split_article(art, "rules")
    story = StoryText(arts, get_embedder("tfidf"))
    at = {s.text: i for i, s in enumerate(story.sentences)}
    # the event is what two outlets report: it opens the summary
    assert [story.sentences[i].text for i in reading_order(story, [at[background], at[event]])] == [event, background]
