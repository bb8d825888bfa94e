"""The update and conflict evaluations' own rules, on hand-made clusters."""

from __future__ import annotations

from newsdesk.clean.cleaner import Hints, clean_text
from newsdesk.eval.conflicts import plant
from newsdesk.eval.updates import silver_update
from newsdesk.text.quantities import quantities
from newsdesk.text.sentences import split_article


def article(text: str, name: str):
    art = clean_text(text, name, Hints(outlet=name))
    split_article(art, "rules")  # as ``pipeline.prepare`` leaves it
    return art


def test_the_silver_update_is_the_reference_the_read_half_lacks():
    read = [
        article("Floods hit Lombardy on Sunday after heavy rain, officials said, and 300 people were evacuated.\n", "a")
    ]
    reference = (
        "Floods hit Lombardy on Sunday after heavy rain. "
        "Engineers later found three bridges damaged in the valleys and closed them to traffic."
    )
    assert (
        silver_update(reference, read)
        == "Engineers later found three bridges damaged in the valleys and closed them to traffic."
    )


def test_a_plant_changes_a_figure_two_articles_state_and_keeps_the_offsets():
    a = article(
        "The jet crashed with 162 people on board, officials said on Sunday morning.\n\nSearch teams found debris.\n",
        "a",
    )
    b = article("Rescuers said the plane that crashed had 162 people on board when it vanished.\n", "b")
    alone = article("Officials said 40 people were injured in a separate crash on the same road.\n", "c")
    planted = plant([a, b, alone])
    assert planted is not None
    articles, changed_id, value = planted
    changed = next(x for x in articles if x.id == changed_id)
    assert value == "246" and "246 people on board" in changed.text and changed.text.count("162") == 0
    for p in changed.paragraphs:  # every paragraph still spans whole text
        assert changed.text[p.start : p.end].strip() == changed.text[p.start : p.end]
    assert [q.value for q in quantities(changed.text)] == [246.0]
    assert plant([alone, article("A storm closed the port on Monday, the harbour master said.\n", "d")]) is None


def test_a_plant_keeps_the_punctuation_around_the_figure_and_skips_approximate_ones():
    a = article("Police named the driver as Snochia Moseley, 26, of Baltimore, and said about 30 people fled.\n", "a")
    b = article("The suspect, Snochia Moseley, 26, died at the scene, where about 30 people were.\n", "b")
    articles, changed_id, value = plant([a, b])
    changed = next(x for x in articles if x.id == changed_id)
    assert value == "42" and "Moseley, 42, of Baltimore" in changed.text and "about 30" in changed.text
