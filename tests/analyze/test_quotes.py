"""Quotations with their speakers, merged across outlets."""

from __future__ import annotations

import warnings

import pytest

from newsdesk.analyze.entities import _spacy, merge, story_entities
from newsdesk.analyze.quotes import story_quotes, wording_variants
from newsdesk.clean.cleaner import clean_text
from newsdesk.io.report_json import to_json
from newsdesk.model import Mention
from newsdesk.pipeline import build_report, read
from newsdesk.settings import Options
from tests.conftest import EXAMPLES

ONODERA = "In light of the threat of North Korea, the four of us confirmed the importance of the unwavering"
needs_spacy = pytest.mark.skipif(_spacy() is None, reason="spaCy's English pipeline is not installed")


@needs_spacy
def test_onodera_quote_is_one_quote_with_two_sources_and_bannon_is_bannon():
    articles = read([str(EXAMPLES)]).articles
    entities, _ = story_entities(articles)
    quotes = story_quotes(articles, entities)
    onodera = [q for q in quotes if q.text.startswith(ONODERA)]
    assert len(onodera) == 1
    assert onodera[0].speaker == "Itsunori Onodera"  # "Onodera told reporters" and "he added"
    assert len({c.article_id for c in onodera[0].citations}) == 2
    bannon = [q for q in quotes if q.text == "no military solution"]
    assert len(bannon) == 1 and "Bannon" in (bannon[0].speaker or "")
    fury = [q for q in quotes if q.text == "fire and fury"]
    assert len(fury) == 1 and len(fury[0].citations) == 2


def article(text: str, source: str = "t"):
    return clean_text(text, source)


def test_attribution_forms_and_pronouns():
    art = article(
        'Minister Jane Roe said the plan was "a step forward for everyone involved".\n\n'
        '"We will keep working with our partners until the job is done," she added.\n\n'
        '"Costs must come down before the summer," said John Smith, a budget official.\n\n'
        '"The plan is sound and will be funded in full this year," the statement said.'
    )
    roe = art.text.index("Jane Roe")
    smith = art.text.index("John Smith")
    entities = merge(
        [
            Mention(art.id, roe, roe + 8, "Jane Roe", "PERSON"),
            Mention(art.id, smith, smith + 10, "John Smith", "PERSON"),
        ],
        [art],
    )
    by_text = {q.text: q.speaker for q in story_quotes([art], entities)}
    assert by_text["a step forward for everyone involved"] == "Jane Roe"  # partial quote, speaker before
    assert by_text["We will keep working with our partners until the job is done"] == "Jane Roe"  # "she added"
    assert by_text["Costs must come down before the summer"] == "John Smith"  # "said John Smith"
    assert by_text["The plan is sound and will be funded in full this year"] == "the statement"


def test_citations_point_at_the_quoted_words():
    art = article('"Costs must come down before the summer," said John Smith, a budget official in the city.')
    quote = story_quotes([art])[0]
    c = quote.citations[0]
    assert art.text[c.start : c.end].strip(" ,") == quote.text


def test_marks_that_cannot_pair_are_skipped_with_a_warning():
    art = article("He said the budget ” was final and “ closed the debate about the year's plans.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert story_quotes([art]) == []
    assert any("unmatched quote marks" in str(w.message) for w in caught)


def test_a_quote_left_open_runs_to_the_paragraph_end_and_goes_on_in_the_next():
    art = article(
        'Mayor Jane Roe told the meeting: "The budget is balanced for the first time in a decade.\n\n'
        '"We will keep the parks open and the libraries staffed all through the winter."'
    )
    roe = art.text.index("Jane Roe")
    entities = merge([Mention(art.id, roe, roe + 8, "Jane Roe", "PERSON")], [art])
    by_text = {q.text: q.speaker for q in story_quotes([art], entities)}
    assert by_text["The budget is balanced for the first time in a decade"] == "Jane Roe"
    assert by_text["We will keep the parks open and the libraries staffed all through the winter"] == "Jane Roe"


def _speakers(text: str, people: list[str]) -> dict[str, str | None]:
    art = article(text)
    mentions = []
    for name in people:
        at = art.text.index(name)
        mentions.append(Mention(art.id, at, at + len(name), name, "PERSON"))
    return {q.text: q.speaker for q in story_quotes([art], merge(mentions, [art]))}


@pytest.mark.parametrize(
    ("text", "people", "quote", "speaker"),
    [
        # a description before the name, after the quote
        (
            '"We have found four big parts of the plane," search agency chief Bambang Soelistyo told reporters.',
            ["Bambang Soelistyo"],
            "We have found four big parts of the plane",
            "Bambang Soelistyo",
        ),
        # a company's name, then its spokesman's role and name, after the quote
        (
            '"We are continuing to work closely with authorities," Rite Aid spokesman Peter Strella said.',
            ["Peter Strella"],
            "We are continuing to work closely with authorities",
            "Peter Strella",
        ),
        # verb first, then a description and the name
        (
            '"Boards are now in the last chance saloon on pay," said director general Simon Walker.',
            ["Simon Walker"],
            "Boards are now in the last chance saloon on pay",
            "Simon Walker",
        ),
        # an apposition with abbreviations
        (
            '"From what I hear it was horrible," Craig Smith, a retired U.S. Postal Service inspector, said.',
            ["Craig Smith"],
            "From what I hear it was horrible",
            "Craig Smith",
        ),
        # the name before an apposition that holds another name
        (
            'Mark Freebairn, partner at recruitment firm Odgers Berndtson, told Today: "Pay is set globally."',
            ["Mark Freebairn", "Odgers Berndtson"],
            "Pay is set globally",
            "Mark Freebairn",
        ),
        # a description that speaks
        (
            '"The weather was a factor in the accident," the weather bureau said.',
            [],
            "The weather was a factor in the accident",
            "the bureau",
        ),
        ('"The victim was found on the patio," police said.', [], "The victim was found on the patio", "police"),
        # a passive verb names nobody
        (
            'Jane Roe spoke during what was dubbed the "shareholder spring" of that year.',
            ["Jane Roe"],
            "shareholder spring",
            None,
        ),
        # "she" is the woman, not the man named last
        (
            "Chiara Tanus lost her family in the crash. Tony Fernandes, the airline chief, flew to the city.\n\n"
            '"I was so excited to show them my school," she added.',
            ["Chiara Tanus", "Tony Fernandes"],
            "I was so excited to show them my school",
            "Chiara Tanus",
        ),
        # a sentence led by the same pronoun passes the question back
        (
            "Larry Kudlow said he expected a deal. He also played down talk of the pact, which Donald Trump quit.\n\n"
            '"We are in the early stages of any discussions," he said.',
            ["Larry Kudlow", "Donald Trump"],
            "We are in the early stages of any discussions",
            "Larry Kudlow",
        ),
        # a name in another clause is not the verb's subject
        (
            'Donald Trump called Kim "Rocket Man" on television, while the dictator described him as "a mentally deranged dotard".',
            ["Donald Trump"],
            "a mentally deranged dotard",
            None,
        ),
        # indirect speech goes on into the next paragraph's quote
        (
            "Jack McCullough said that the phone in his home was ringing when she was taken.\n\n"
            '"And I was on the other end of that phone, in Rockford, three minutes before."',
            ["Jack McCullough"],
            "And I was on the other end of that phone, in Rockford, three minutes before",
            "Jack McCullough",
        ),
        # a full stop after the closing mark ends the sentence: the next one's speaker is not this quote's
        (
            'State TV said the deaths were caused by snipers from "armed gangs". An activist told Al Jazeera "the '
            'city is calm".',
            [],
            "armed gangs",
            "State TV",
        ),
        # an office and a description between the verb and the name
        (
            '"We stand with those Syrians," said State Department spokeswoman Victoria Nuland.',
            ["Victoria Nuland"],
            "We stand with those Syrians",
            "Victoria Nuland",
        ),
        # a name quoted is nobody's words; a name someone gave is theirs
        (
            'Donald Trump said the family set up a Facebook page, called "Save Josh", to ask for the drug.',
            ["Donald Trump"],
            "Save Josh",
            None,
        ),
        (
            'Donald Trump spoke at length. Last year he referred to Kim as "Rocket Man" on television.',
            ["Donald Trump"],
            "Rocket Man",
            "Donald Trump",
        ),
        # a description of one person is the person the article names so
        (
            "Autumn was found alive by rescuers, her father, David Veatch, told friends.\n\n"
            '"I just can\'t believe she went through all that she did," the 49-year-old father said.',
            ["David Veatch"],
            "I just can't believe she went through all that she did",
            "David Veatch",
        ),
        # a phrase quoted before an attribution that goes on to report other words is not that speaker's
        (
            'Detectives placed an ad. But when he heard about the "two-girl special," Stephen Johnson said he was '
            "willing to pay more.",
            ["Stephen Johnson"],
            "two-girl special",
            None,
        ),
        # a pronoun in a clause that opens the sentence does not pass the question to the sentence before
        (
            "Maria Lopez sued the firm in May. Even if she left the office, the app kept running, Ann Carter "
            'said.\n\n"She felt she was treated like a criminal," she added.',
            ["Maria Lopez", "Ann Carter"],
            "She felt she was treated like a criminal",
            "Ann Carter",
        ),
        # a participle's subject is the main verb's, not the name nearest before it
        (
            "Sen. Jane Moore questioned the bank's chief on Tuesday. She said Tom Baker earned millions from the "
            '"fraud," telling him, "You ought to step down right now."',
            ["Jane Moore", "Tom Baker"],
            "You ought to step down right now",
            "Jane Moore",
        ),
        # a verb with no subject of its own after "but" or "and" is the verb's before it
        (
            'Bill Grant said he feared Mark Hill would lose, but then recalled, "Wait, I know this state."',
            ["Bill Grant", "Mark Hill"],
            "Wait, I know this state",
            "Bill Grant",
        ),
        # an office held by a person the story names with its short title
        (
            "Sen. Jane Moore grilled the bank's chief Tom Baker.\n\nThe senator asked Baker, \"Is this all about "
            'your share price?"',
            ["Jane Moore", "Tom Baker"],
            "Is this all about your share price?",
            "Jane Moore",
        ),
        # a paragraph saying who issued a statement, then the statement
        (
            "The boy went to Hill Academy. The school released a statement on Tuesday.\n\n"
            '"Our whole community is praying for the family tonight."',
            [],
            "Our whole community is praying for the family tonight",
            "the school",
        ),
        # a surname ending in s is still the person's ("Giffords", not "Gifford")
        (
            '"Three attacks in a day should spark outrage," former U.S. Rep. Gabrielle Giffords said on Thursday.\n\n'
            "Gabrielle Giffords was shot in the head in 2011.",
            ["Gabrielle Giffords"],
            "Three attacks in a day should spark outrage",
            "Gabrielle Giffords",
        ),
        # where the speaker is from, between the name and the verb
        (
            '"I have no view of him at all," Ray Sims from Helena, Montana, told reporters.',
            ["Ray Sims"],
            "I have no view of him at all",
            "Ray Sims",
        ),
        # an unnamed insider or source, a speaker who "shared"
        (
            '"He wrote an emotional letter to her," an insider told the magazine.',
            [],
            "He wrote an emotional letter to her",
            "the insider",
        ),
        (
            '"I think she was very moved by it," the source shared.',
            [],
            "I think she was very moved by it",
            "the source",
        ),
        # a description, then the name in an apposition: the name
        (
            '"She mixes in very high society now," the Sun\'s royal editor, Duncan Larcombe, said.',
            ["Duncan Larcombe"],
            "She mixes in very high society now",
            "Duncan Larcombe",
        ),
        # the words a person's are called, right after the name: "Gary Szatkowski's "personal plea""
        (
            'Forecasters recalled meteorologist Gary Szatkowski\'s "personal plea" during the storm.',
            ["Gary Szatkowski"],
            "personal plea",
            "Gary Szatkowski",
        ),
        # words that name the one they are credited to in the third person are someone else's
        (
            "Walter Huang died on Friday. His brother says that before the crash, Walter complained "
            '"7-10 times the car would swivel. Walter took it into the dealership."',
            ["Walter Huang"],
            "7-10 times the car would swivel. Walter took it into the dealership",
            None,
        ),
        # "And I said": a man recounting his own words names nobody
        (
            'He was awestruck. And I said, "This is going to be the big one."',
            [],
            "This is going to be the big one",
            None,
        ),
    ],
)
def test_attribution_rules_on_general_news(text, people, quote, speaker):
    assert _speakers(text, people)[quote] == speaker


def test_a_person_reported_dead_is_not_the_antecedent():
    found = _speakers(
        "Walter Huang, 38, died after his car hit a barrier. Will Huang spoke to reporters outside the court.\n\n"
        "The car had been on autopilot. Walter Huang was killed instantly, police said.\n\n"
        '"He loved that car and drove it every day," he said.',
        ["Walter Huang", "Will Huang"],
    )
    assert found["He loved that car and drove it every day"] == "Will Huang"


def test_report_has_quotes_with_offsets():
    report = build_report(read([str(EXAMPLES)]).articles, Options(embedder="tfidf", words=60))
    data = to_json(report)
    assert data["quotes"]
    q = data["quotes"][0]
    art = next(a for a in data["articles"] if a["number"] == q["citations"][0]["article"])
    c = q["citations"][0]
    assert q["text"] in art["text"][c["start"] : c["end"]]


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        (
            "also confirmed their shared commitment",
            "State Department",
        ),  # "..., a press release from the State Department ... reads"
        ("China believes that dialogue", "Fan Changlong"),  # "..., China's Defence Ministry cited Fan as saying"
        (
            "ironclad commitment",
            "Joseph Dunford",
        ),  # "U.S. Joint Chiefs of Staff Chairman Joseph Dunford reaffirmed ..."
    ],
)
@needs_spacy
def test_speakers_named_after_the_release_the_citing_ministry_and_the_title(words, speaker):
    articles = read([str(EXAMPLES)]).articles
    report = build_report(articles, Options(embedder="tfidf", words=60))
    (quote,) = [q for q in report.quotes if words in q.text]
    assert quote.speaker == speaker


WORDED = "We will not accept any deal that leaves our farmers without protection this year"


def quoted(words: str, source: str):
    return article(
        f'Trade talks stalled on Monday.\n\nThe minister said: "{words}," before leaving the hall.\n', source
    )


def test_outlets_wording_a_quote_differently_are_listed_as_a_possible_misquote():
    changed = WORDED.replace("any deal", "a deal")
    arts = [quoted(WORDED, "a"), quoted(changed, "b"), quoted(WORDED.upper(), "c")]
    (quote,) = [q for q in story_quotes(arts) if "farmers" in q.text]
    assert len({c.article_id for c in quote.citations}) == 3  # one quotation, three outlets
    variants = wording_variants(quote)
    assert sorted(len(ids) for _, ids in variants) == [1, 2]  # case alone is no variant: a and c agree
    assert {text for text, _ in variants} >= {changed}


def test_a_shorter_cut_or_other_punctuation_is_not_a_variant():
    short = " ".join(WORDED.split()[:9])
    arts = [quoted(WORDED, "a"), quoted(short, "b"), quoted(WORDED.replace("deal", "deal,"), "c")]
    (quote,) = [q for q in story_quotes(arts) if "farmers" in q.text or "accept" in q.text]
    assert len(quote.citations) == 3 and len(wording_variants(quote)) == 1


def test_variants_show_in_markdown_and_json_and_survive_a_round_trip():
    from newsdesk.io.markdown import to_markdown
    from newsdesk.io.report_json import report_from_json

    arts = [quoted(WORDED, "a"), quoted(WORDED.replace("farmers", "fishermen"), "b")]
    report = build_report(arts, Options(embedder="tfidf", splitter="rules"))
    data = to_json(report)
    (q,) = [q for q in data["quotes"] if "protection" in q["text"]]
    assert q["possible_misquote"] and sorted(q["wording"]) == ["1", "2"]
    text = to_markdown(report)
    assert "possible misquote" in text and "fishermen" in text and "farmers" in text
    again = report_from_json(data)
    (back,) = [q for q in again.quotes if "protection" in q.text]
    assert len(wording_variants(back)) == 2


def test_british_and_american_spellings_are_one_wording():
    us = "We will strengthen our defense and recognize the organization of the program this year"
    uk = "We will strengthen our defence and recognise the organisation of the programme this year"
    arts = [quoted(us, "a"), quoted(uk, "b")]
    (quote,) = [q for q in story_quotes(arts) if "strengthen" in q.text]
    assert len(quote.citations) == 2 and len(wording_variants(quote)) == 1


def test_a_paraphrase_is_not_shown_as_a_quote():
    paraphrase = article(
        "Trade talks stalled on Monday.\n\nThe minister said no deal would be accepted that "
        "left farmers without protection this year, before leaving the hall.\n",
        "p",
    )
    arts = [quoted(WORDED, "a"), paraphrase]
    quotes = story_quotes(arts)
    (quote,) = [q for q in quotes if "farmers" in q.text]
    assert {c.article_id for c in quote.citations} == {arts[0].id}  # only the article with the words in quote marks
    assert set(quote.wording) == {arts[0].id} and quote.text == WORDED
    assert all(
        arts[0].text.find(q.text) >= 0 or arts[1].text.find(q.text) >= 0 for q in quotes
    )  # every quote is verbatim


@pytest.mark.parametrize(
    ("name", "speaks"),
    [
        ("Tesla Model X", False),
        ("AirAsia Flight 8501", False),
        ("the Java Sea", False),
        ("Highway 101", False),
        ("Shawn Price", True),
        ("Downing Street", True),  # an institution named by its street
        ("the statement", True),
        ("Tesla", True),
    ],
)
def test_a_speaker_is_someone_who_can_speak(name, speaks):
    from newsdesk.analyze.quotes import can_speak

    assert can_speak(name) is speaks


def test_a_pronoun_credit_gives_way_to_the_named_speaker_of_the_same_words():
    found = _speakers(
        'Steve Bannon said there was "no military solution" to the threat.\n\n'
        '"That is an example of the right tone," said Mintaro Oba, a former diplomat.\n\n'
        '"Until somebody solves that, there\'s no military solution here, they got us," he said.',
        ["Steve Bannon", "Mintaro Oba"],
    )
    assert found["That is an example of the right tone"] == "Mintaro Oba"
    assert found["Until somebody solves that, there's no military solution here, they got us"] == "Steve Bannon"


def _org_speakers(text: str, orgs: list[str]) -> dict[str, str | None]:
    art = article(text)
    mentions = [Mention(art.id, art.text.index(o), art.text.index(o) + len(o), o, "ORG") for o in orgs]
    return {q.text: q.speaker for q in story_quotes([art], merge(mentions, [art]))}


def test_the_police_is_the_one_police_force_the_story_names():
    text = (
        "The Kansas City Police Department was called to the store at noon.\n\n"
        '"The suspect ran east on foot," the police said.'
    )
    assert _org_speakers(text, ["Kansas City Police Department"])["The suspect ran east on foot"] == (
        "Kansas City Police Department"
    )
    # two forces named: which one spoke is not known, and the description stays
    two = "The Kansas City Police Department and the Lenexa Police Department were called.\n\n" + text.split("\n\n")[1]
    got = _org_speakers(two, ["Kansas City Police Department", "Lenexa Police Department"])
    assert got["The suspect ran east on foot"] == "the police"
    # a body named by the bare word ("the Agency's inquiry") is not the one meant
    bare = (
        "EPA inspectors visited the firm's renovation sites many times during the Agency's long inquiry last year.\n\n"
        '"The firm cooperated fully," the agency said.'
    )
    assert _org_speakers(bare, ["EPA", "Agency"])["The firm cooperated fully"] == "the agency"
