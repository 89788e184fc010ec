"""The abuse classifier, from tables of British parent emails.

Each case is a subject, the parent's own new words, and the categories a headteacher would
see in them (empty: not abusive). The hard cases are the near misses: place names and
words that contain a swear word (Scunthorpe, Essex, "assess", "Dickens", "therapist"), a
parent reporting what another child said, a parent stating their right to complain, a
figure of speech, and a name masked with asterisks.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.abusive import Settings, detect

# name: (subject, body, categories expected; empty when not abusive)
CASES: dict[str, tuple[str, str, set[str]]] = {
    # --- abusive ----------------------------------------------------------------------
    "threats and insults together": (
        "Detention",
        "You are a useless bunch of clowns and you will regret this. I know where you live.",
        {"threat", "insult"},
    ),
    "masked swearing": ("", "This is f***ing ridiculous, nobody has called me back.", {"swearing"}),
    "letters swapped for symbols": (
        "",
        "What a load of sh1t. That b@stard of a teacher kept him in again, f0ck1ng joke.",
        {"swearing"},
    ),
    "letters spaced out": ("", "Honestly f u c k this school and its rules.", {"swearing"}),
    "plain strong swearing": ("", "What the fuck is going on with the buses?", {"swearing"}),
    "several mild swear words": (
        "",
        "It's bloody ridiculous, the lunches are crap and it's a damn shame nobody cares. "
        "Bloody hell.",
        {"swearing"},
    ),
    "insult to a named teacher": (
        "",
        "Mr Jones is an absolute idiot and should not be let near children.",
        {"insult"},
    ),
    "insult with you lot": (
        "",
        "You lot are clueless. Not one of you has read his EHCP.",
        {"insult"},
    ),
    "waiting outside": (
        "",
        "Fine. I'll be waiting for you outside at 3 and we can sort this out then.",
        {"threat"},
    ),
    "violence to a teacher named in the sentence": (
        "",
        "If that teacher touches my son again I swear I'll kill her.",
        {"threat"},
    ),
    "coming down to sort her out": (
        "",
        "If she speaks to my daughter like that again I'm going to come down there and sort "
        "her out myself.",
        {"threat"},
    ),
    "all over Facebook": (
        "",
        "I will be putting this all over Facebook and the parents' WhatsApp group so "
        "everyone knows what that woman did.",
        {"intimidation"},
    ),
    "name and shame": (
        "",
        "Every parent deserves to know. I'm going to name and shame the teacher involved.",
        {"intimidation"},
    ),
    "going to the papers": (
        "",
        "If this isn't sorted by Friday I'm going to the papers.",
        {"intimidation"},
    ),
    "get you sacked": ("", "Mark my words, I'll get you sacked over this.", {"intimidation"}),
    "slur": (
        "",
        "That retard of a TA doesn't know what she's doing.",
        {"insult"},
    ),
    "threat in capitals": ("", "YOU WILL REGRET THIS. WATCH YOUR BACK.", {"threat"}),
    "curly apostrophe threat": ("", "You\u2019ll regret this, I promise you.", {"threat"}),
    "abuse in the subject line": (
        "You useless idiots",
        "Where is his PE kit? It was named.",
        {"insult"},
    ),
    "don't know who you're dealing with": (
        "",
        "You clearly don't know who you're dealing with.",
        {"threat"},
    ),
    "insult after a list of adjectives": (
        "",
        "Your receptionist is a rude, useless cow.",
        {"insult"},
    ),
    "masked rude plural": ("", "Utter pr*cks, the lot of you.", {"swearing"}),
    "naming on every local group": (
        "",
        "I'll be posting your name on every local Facebook group so people know what kind of "
        "teacher you are.",
        {"intimidation"},
    ),
    "up your arse": ("", "Shove your detention up your arse.", {"swearing"}),
    "outside the school waiting for you": (
        "",
        "I'll be outside the school at 3 waiting for you.",
        {"threat"},
    ),
    "don't make me come down there": ("", "Don't make me come down there.", {"threat"}),
    # --- insults and threats about staff in the third person --------------------------
    "that idiot with a title": (
        "",
        "Can someone explain why that idiot Mr Carter gave her a detention?",
        {"insult"},
    ),
    "that rude old cow": (
        "",
        "That rude old cow on the front desk hung up on me.",
        {"insult"},
    ),
    "he's a liar": ("", "He's a complete liar and everyone knows it.", {"insult"}),
    "she'd better watch her back": (
        "",
        "Mrs Kaur had better watch her back after how she treated my son.",
        {"threat"},
    ),
    "needs to watch himself": ("", "That PE teacher needs to watch himself.", {"threat"}),
    "I know where she parks": ("", "I know where she parks every morning.", {"threat"}),
    "conditional: he'll regret it": (
        "",
        "If he ever puts my son in isolation again he'll regret it.",
        {"threat"},
    ),
    # --- insults without a swear word: a run of adjectives, contempt, mock praise --------
    "she is a run of adjectives and an insult noun": (
        "",
        "Mrs Doyle is a bitter, sour old witch and the children know it.",
        {"insult"},
    ),
    "a strong adjective makes 'woman' an insult": (
        "",
        "That receptionist is a snide, bitter woman.",
        {"insult"},
    ),
    "contemptuous little man": (
        "",
        "Your head of year is a pompous little man on a power trip.",
        {"insult"},
    ),
    "mock praise": ("", "Thanks a lot, genius, now he has no PE kit for the match.", {"insult"}),
    "qualification from a cracker": (
        "",
        "Did she get her teaching certificate out of a Christmas cracker?",
        {"insult"},
    ),
    "title in scare quotes with a sneer": (
        "",
        'Dear "Miss" Harper, you are a patronising little woman.',
        {"insult"},
    ),
    "another parent insulted": (
        "",
        "Keep Tyler away from my son and tell his deadbeat dad the same.",
        {"insult"},
    ),
    "are you actually stupid": ("", "Are you genuinely stupid or is it an act?", {"insult"}),
    # --- veiled threats and intimidation --------------------------------------------------
    "knows the car and the time she leaves": (
        "",
        "I know what car you drive and I know when you leave on a Friday.",
        {"threat"},
    ),
    "knows the route, think carefully": (
        "",
        "I know which way you walk to the station. I would think very carefully about your "
        "next move.",
        {"threat"},
    ),
    "watching you": ("", "I've been watching you, Mr Dale.", {"threat"}),
    "have me to deal with, said to staff": (
        "",
        "Touch my daughter's phone again and you'll have me to deal with.",
        {"threat"},
    ),
    "have me to deal with, about staff": (
        "",
        "If that supply teacher shouts at my boy again he will have me to deal with.",
        {"threat"},
    ),
    "harm veiled as an outcome": (
        "",
        "If her mum comes near my kids at pick-up she won't be walking away in one piece.",
        {"threat"},
    ),
    "don't say I didn't warn you": ("", "Don't say I didn't warn you.", {"threat"}),
    # --- discriminatory remarks -----------------------------------------------------------
    "go back where you came from": (
        "",
        "People like him should go back to their own country.",
        {"discriminatory"},
    ),
    "send them back": ("", "Send the lot of them back where they belong.", {"discriminatory"}),
    "hostile about foreigners": (
        "",
        "This school is full of foreigners now and my son's standards have dropped.",
        {"discriminatory"},
    ),
    "sexist remark about a head": (
        "",
        "The new head can't make her mind up. Typical woman.",
        {"discriminatory"},
    ),
    "mocking English and ageism together": (
        "",
        "Mr Costa can't even speak proper English and should have retired decades ago.",
        {"discriminatory"},
    ),
    # --- sexual remarks about staff -------------------------------------------------------
    "sexualised description of a teacher": (
        "",
        "Is the fit blonde supply teacher in again tomorrow?",
        {"sexual"},
    ),
    "remark on a teacher's body": (
        "",
        "Miss Shaw has got cracking legs, no wonder the dads all do pick-up.",
        {"sexual"},
    ),
    "innuendo about punishment": (
        "",
        "Mrs Ellis can keep me behind any time she likes.",
        {"sexual"},
    ),
    # --- hard negatives for the classes above ---------------------------------------------
    "a kind old lady": ("", "She is a lovely old lady and he adores her.", set()),
    "that old man at the crossing": ("", "That old man at the crossing is a hero.", set()),
    "own child as a grumpy little man": (
        "",
        "He was a grumpy little man this morning, sorry if he is tired.",
        set(),
    ),
    "sincere praise with genius": (
        "",
        "Well done to whoever planned the trip, a stroke of genius.",
        set(),
    ),
    "so-called as a neutral label": (
        "",
        "What is the so-called 'golden time' he keeps mentioning?",
        set(),
    ),
    "child reports the insult": (
        "",
        "Two girls keep calling her a fat ugly cow and a smug little madam.",
        set(),
    ),
    "child reports a racist taunt": (
        "Racism",
        "A boy in his class told him to go back to where he came from. Please act on this.",
        set(),
    ),
    "film quote": (
        "",
        "He watched a film where the villain says I know where you live and now he cannot sleep.",
        set(),
    ),
    "which car park": ("", "I know which car park to use for the Christmas fair.", set()),
    "helpful about a car, one sign alone": (
        "",
        "I know which car is yours, I think your lights are still on.",
        set(),
    ),
    "knows when staff finish, to drop in": (
        "",
        "I know when you finish so I will pop by at 3:30 with the form.",
        set(),
    ),
    "my back": ("", "I've done my back in so his dad will collect this week.", set()),
    "watching the nativity": ("", "We'll be watching you all in the nativity!", set()),
    "going home for the holidays": (
        "Absence",
        "We are flying back to our own country for a wedding and return on 5 January.",
        set(),
    ),
    "pupil going back to her old school": (
        "",
        "She wants to go back to where she came from, her old school, she misses friends.",
        set(),
    ),
    "refugee pupil needs support": (
        "",
        "We came as refugees and he can't speak English yet, could he have EAL support?",
        set(),
    ),
    "a word with another parent": (
        "",
        "I'll have a word with his mum at pick-up, we are friends and it will be fine.",
        set(),
    ),
    "won't be walking to school": (
        "",
        "She won't be walking to school this week because of her ankle.",
        set(),
    ),
    "keep fit teacher": ("", "The keep fit teacher at the leisure centre says hi.", set()),
    "hot dinner lady": ("", "The hot dinner lady said he didn't eat his lunch.", set()),
    "costume needs a short skirt": (
        "",
        "She needs a short skirt and tight leggings for the dance show.",
        set(),
    ),
    "call me any time": ("", "Miss Green can give me a ring any time, I'm home all day.", set()),
    "a figure of eight": ("", "She got a nice figure of eight on her skating badge!", set()),
    "careful argument": (
        "",
        "I would think very carefully about the trip date, it clashes with Diwali.",
        set(),
    ),
    # --- not abusive ------------------------------------------------------------------
    "Scunthorpe problem": (
        "Class assessment",
        "We have just moved from Scunthorpe to Middlesex via Essex. The therapist's analysis "
        "says he passed the class assessment; he loves Dickens, and we went to a cocktail "
        "party in Penistone and Sussex.",
        set(),
    ),
    "child's report of being sworn at": (
        "Bullying",
        "Jack came home upset because he was called a f****** idiot by another pupil. He "
        "says the boys keep calling him a retard at lunch.",
        set(),
    ),
    "another child's threat reported": (
        "",
        "My son says another boy told him he would kill him after school and kick his head "
        "in. Please can someone look into this.",
        set(),
    ),
    "formal complaint is a right": (
        "Formal complaint",
        "If this is not resolved I will take this to the governors, Ofsted and my solicitor, "
        "and I will make a formal complaint to the local authority.",
        set(),
    ),
    "regret through a legal route": (
        "",
        "You will regret not taking this seriously when Ofsted hear about it.",
        set(),
    ),
    "one mild word": ("", "It's bloody ridiculous that the trip costs £40.", set()),
    "feeling like an idiot": (
        "",
        "I felt like an idiot turning up on the wrong day for parents' evening!",
        set(),
    ),
    "get you the form": ("", "I'll get you the form by Friday, sorry it is late.", set()),
    "masked name": ("", "Could Mrs B**** call me about the reading books please?", set()),
    "praise": ("", "Thank you, you are a star, she loved the class assembly.", set()),
    "waiting outside reception": (
        "",
        "I'll wait outside reception at 2 to collect him for the dentist.",
        set(),
    ),
    "figure of speech about own child": (
        "",
        "I could kill him, that's the third coat he has lost this term!",
        set(),
    ),
    "own child, a figure of speech": (
        "",
        "I'll kill him when he gets home, that's the third coat he has lost this term!",
        set(),
    ),
    "criticism of the school only": ("", "Honestly, the school is a joke sometimes.", set()),
    "asking not to post photos": (
        "",
        "Please don't post photos of my child on Facebook or the website.",
        set(),
    ),
    "emphasis with asterisks": (
        "",
        "*Important*: she must not have dairy at lunch. ***Please*** tell the kitchen.",
        set(),
    ),
    "quoted swearing from an earlier email": (
        "Re: Complaint",
        "I apologise for my last email, I was upset.\n\n> This is f***ing ridiculous.",
        set(),
    ),
    "finger prick test": ("", "He needs a finger prick test before lunch for his diabetes.", set()),
    "could murder a cup of tea": (
        "",
        "I could murder a cup of tea after that parents' evening!",
        set(),
    ),
    "asking the school to stop name calling": (
        "",
        "Please can you stop the boys from calling him names like idiot and moron.",
        set(),
    ),
    "killing it": ("", "We had a blast at sports day, the kids were killing it!", set()),
    "the cow at the farm": (
        "Farm trip",
        "She loved the farm trip, especially that cow that licked her hand!",
        set(),
    ),
    "that joke in the show": ("", "That joke in the Christmas show was brilliant.", set()),
    "witch costume": ("", "She is the witch in the play so needs a black dress.", set()),
    "she'll be sorry to miss it": (
        "",
        "She'll be sorry to miss the disco but we are away that weekend.",
        set(),
    ),
    "I know where she lives, dropping a coat": (
        "",
        "Ava took Isla's coat by mistake - I know where she lives so will drop it round.",
        set(),
    ),
    "watch himself on the ice": (
        "",
        "He needs to watch his step on the ice rink trip, he is not very steady.",
        set(),
    ),
    "told not to use words like": (
        "",
        "We have told him words like shit are not OK and he has said sorry to his teacher.",
        set(),
    ),
}


@pytest.mark.parametrize(("subject", "body", "expected"), CASES.values(), ids=CASES.keys())
def test_abuse_cases(subject: str, body: str, expected: set[str]) -> None:
    """Each email is flagged with exactly the categories of abuse it contains."""
    found = detect(body, subject)
    if not expected:
        assert found is None, found
        return
    assert found is not None
    assert found.kind == "abusive"
    assert set(found.evidence["categories"]) == expected, found.evidence


def test_finding_explains_itself() -> None:
    """The explanation names the threat and counts the swear words; the evidence gives
    each matched term with its category and sentence, and is JSON-serialisable."""
    found = detect("You will regret this. It is fucking shit.")
    assert found is not None
    assert found.explanation == 'Threat: "You will regret this"; swearing: 2 words'
    assert found.score >= 0.9
    matches = found.evidence["matches"]
    assert {m["category"] for m in matches} == {"threat", "swearing"}
    threat = next(m for m in matches if m["category"] == "threat")
    assert threat["sentence"] == "You will regret this."
    assert threat["reported_speech"] is False
    json.dumps(found.evidence)


def test_explanation_names_the_strongest_match() -> None:
    """Of several matches in a category, the explanation quotes the strongest one, not
    merely the first, and gives the new categories their own names."""
    found = detect("Dear 'Mr' Dobson, you sneering little man. Send him back where he came from.")
    assert found is not None
    assert found.explanation == (
        'Insult: "sneering little man" (+1 more); discriminatory: "Send him back where he '
        'came from"'
    )


def test_veiled_signs_add_up() -> None:
    """One veiled sign alone does not flag; two in the same email do."""
    one = "I know which car is yours."
    two = one + " I'd think carefully before you decide anything else about my son."
    assert detect(one) is None
    found = detect(two)
    assert found is not None
    assert [m["term"] for m in found.evidence["matches"]] == [
        "I know your movements",
        "think carefully",
    ]


def test_scores_are_graded() -> None:
    """A threat scores higher than one strong swear word, which scores higher than the
    mild words that only just flag."""
    threat = detect("I know where you live.")
    swear = detect("This is shit.")
    mild = detect(CASES["several mild swear words"][1])
    assert threat is not None and swear is not None and mild is not None
    assert threat.score > swear.score > mild.score


# --- one test per Settings knob: each changes the outcome ------------------------------


def test_min_score() -> None:
    """Lowering min_score lets one mild word flag."""
    body = CASES["one mild word"][1]
    assert detect(body) is None
    assert detect(body, settings=Settings(min_score=0.2)) is not None


def test_count_mild_swearing() -> None:
    """With count_mild_swearing off, "bloody", "crap" and "damn" do not count."""
    body = CASES["several mild swear words"][1]
    assert detect(body) is not None
    assert detect(body, settings=Settings(count_mild_swearing=False)) is None


def test_flag_reported_speech() -> None:
    """flag_reported_speech flags what a child reports, at a lower score, marked as
    reported speech."""
    body = CASES["child's report of being sworn at"][1]
    assert detect(body) is None
    found = detect(body, settings=Settings(flag_reported_speech=True, min_score=0.3))
    assert found is not None
    assert found.evidence["reported_speech"] is True
    assert all(m["reported_speech"] for m in found.evidence["matches"])
    assert found.score < 0.7


def test_extra_terms() -> None:
    """A school's own terms count, in the category named before the colon."""
    body = "You absolute plank. See you in the car park."
    assert detect(body) is None
    settings = Settings(extra_terms=("insult:plank", "threat:see you in the car park"))
    found = detect(body, settings=settings)
    assert found is not None
    assert found.evidence["categories"] == {"threat": 1, "insult": 1}


def test_allowed_terms() -> None:
    """Terms a school allows are not counted."""
    body = "What a load of shit."
    assert detect(body) is not None
    assert detect(body, settings=Settings(allowed_terms=("shit",))) is None


def test_settings_are_checked() -> None:
    """Out-of-range settings are refused with the key named; unknown keys are TypeErrors."""
    with pytest.raises(ValueError, match="min_score"):
        Settings(min_score=0)
    with pytest.raises(ValueError, match="flag_reported_speech"):
        Settings(flag_reported_speech="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="extra_terms"):
        Settings(extra_terms="plank")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Settings(words=("plank",))  # type: ignore[call-arg]


def test_big_texts_run() -> None:
    """50 KB of ordinary and abusive text is read without error."""
    calm = "Thank you for the update about the trip, we will pay on ParentPay tonight. " * 700
    assert len(calm) > 50_000
    assert detect(calm) is None
    angry = calm + "You will regret this, you useless f***ing idiots. " * 5
    found = detect(angry)
    assert found is not None
    assert len(found.evidence["matches"]) <= 20
    json.dumps(found.evidence)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.text(max_size=60))
def test_any_text_is_safe(body: str, subject: str) -> None:
    """Any text at all (emoji, control characters, scripts without case) is read without
    error, and a finding's evidence is JSON-serialisable with a score in 0..1."""
    found = detect(body, subject)
    if found is not None:
        assert 0 <= found.score <= 1
        json.dumps(found.evidence)


# --- round 2: the general forms, several wordings each, hard negatives beside them -------
# name: (body, categories expected; empty when not abusive)
GENERAL: dict[str, tuple[str, set[str]]] = {
    # dismissive obscene imperatives
    "shove: you can shove your rules": (
        "You can shove your homework policy, he isn't doing it.", {"swearing"}),
    "shove: text-speak stik ur": (
        "u can stik ur detention where the sun dont shine", {"swearing"}),
    "shove: about a teacher, up his": (
        "Tell Mr Platt he can stick his report up his backside.", {"swearing"}),
    "shove: you know where you can put it": (
        "You know where you can put your isolation room.", {"swearing"}),
    "shove: sentence-initial stuff your": (
        "Stuff your rules. She's wearing the coat.", {"swearing"}),
    "shove: take it and stick it": ("Take your detention and stick it.", {"swearing"}),
    "screw you": ("Screw you and your uniform rules.", {"swearing"}),
    "sod the lot of you": ("Sod the lot of you, we're moving schools.", {"swearing"}),
    "not shove: into a bag": ("Shove it in his book bag and he will bring it home.", set()),
    "not stick: labels on a lunchbox": (
        "You can stick the labels on the lunchbox, there are spares in his bag.", set()),
    "not stuff: envelopes": ("Could you stuff the envelopes for the PTA on Friday?", set()),
    "not screw: bottles": ("Screw top bottles only please for the picnic.", set()),
    "not shove: a child's words reported": (
        "She wrote 'you can shove your detention' in her planner and has been told off.",
        set()),
    # an insult noun after contempt, or "of a teacher" after it
    "insult: jumped-up little twat of a teacher": (
        "Some jumped-up little twat of a supply teacher sent him out.", {"insult", "swearing"}),
    "insult: that idiot of a teacher": ("That idiot of a teacher lost his book again.",
                                        {"insult"}),
    "insult: smug little prat": ("Your smug little prat of a deputy smirked at me.",
                                 {"insult"}),
    "insult: arrogant little creep": (
        "Tell that arrogant little creep to stay away from my daughter.", {"insult"}),
    "insult: vocative, lower case": ("you stupid cow, read the email", {"insult"}),
    "insult: a right jumped up knob": ("the PE teacher is a right jumped up little knob",
                                       {"insult"}),
    "insult: sad little man": ("Mr Hale, you are a sad little man.", {"insult"}),
    "not insult: injection": ("He felt a little prick when the nurse did the jab.", set()),
    "not insult: calling herself one": ("I was the stupid idiot who forgot the form!", set()),
    "not insult: a child reports it": (
        "My son told me some jumped up little prick in Year 9 pushed him.", set()),
    "not insult: angry but civil": (
        "I am frankly furious about the cancelled trip and expect a refund by Friday.", set()),
    # veiled menace: watch yourself, you'll see, not someone to cross, ...
    "menace: I'd watch yourself": ("I'd watch yourself if I were you.", {"threat"}),
    "menace: if I was her": ("If I was her I'd watch her back.", {"threat"}),
    "menace: she'd best watch herself": ("Tell Mrs Lowe she'd best watch herself.",
                                         {"threat"}),
    "menace: text-speak": ("u better watch ur back", {"threat"}),
    "menace: watch urself": ("Watch urself.", {"threat"}),
    "menace: remember my face": ("Remember my face, Mr Singh.", {"threat"}),
    "menace: not someone to cross": ("I'm not someone you want to cross.", {"threat"}),
    "menace: don't want to mess with me": ("You really don't want to mess with me.",
                                            {"threat"}),
    "menace: over your shoulder": ("Keep looking over your shoulder.", {"threat"}),
    "menace: accidents happen to people who": (
        "Funny how accidents happen to people who upset my family.", {"threat"}),
    "menace: two weak signs, knowing when she leaves and karma": (
        "I know what time she leaves. What goes around comes around.", {"threat"}),
    "menace: two weak signs, you'll see and not over": ("You'll see. This isn't over.",
                                                         {"threat"}),
    "menace: text-speak car and leaving": (
        "i know wat car u drive an when u leave, just saying. u will see", {"threat"}),
    "not menace: ice": ("Please watch out for the ice by the gate this morning.", set()),
    "not menace: waiting at the gate as usual": ("I'll be waiting at the gate at 3 as usual.",
                                                 set()),
    "not menace: climbing frame": (
        "He needs to watch himself on the climbing frame, his arm is still healing.", set()),
    "not menace: stairs": ("Watch yourself on the stairs by the hall, they are slippery.",
                           set()),
    "not menace: you'll see from the letter": (
        "You'll see from the attached letter that the GP agrees.", set()),
    "not menace: one weak sign alone": ("This isn't over yet, the match continues next week!",
                                        set()),
    "not menace: karma as a joke": ("Karma is a funny thing, he won the raffle after losing "
                                    "his coat.", set()),
    "not menace: accidents happen": ("Accidents happen, he is fine, thanks for the plaster.",
                                     set()),
    "not menace: careful with dates": (
        "If I were you I would be careful with the dates on the trip letter.", set()),
    "not menace: a sibling joke reported": (
        "He said to his sister 'watch your back' as a joke and we told him off.", set()),
    # contempt for a nationality, an accent or a language
    "race: whatever hole she crawled out of": (
        "She should go back to whatever hole she crawled out of.", {"discriminatory"}),
    "race: wherever he came from": ("Send him back to wherever he came from.",
                                    {"discriminatory"}),
    "race: text-speak go back 2": ("go back 2 where u came from", {"discriminatory"}),
    "race: can't speak English and these people": (
        "Why does the school hire staff who can't even speak English? These people "
        "shouldn't be teaching.", {"discriminatory", "insult"}),
    "race: accent and a proper English teacher": (
        "Her ridiculous accent means nobody learns anything. Hire a proper English teacher.",
        {"discriminatory"}),
    "race: nobody understands him, stupid accent": (
        "Nobody can understand a word Mr Novak says with that stupid accent of his.",
        {"discriminatory"}),
    "race: paying foreign teachers": (
        "Why are we paying foreign teachers who can barely speak the language?",
        {"discriminatory"}),
    "not race: a lovely accent": (
        "Her accent was lovely and the children loved her French lessons.", set()),
    "not race: a strong accent, neutrally": (
        "He has a strong Scottish accent so the class may need time to get used to him.", set()),
    "not race: own child new to English": (
        "We came from Poland last year and she can't speak English yet; can she have EAL "
        "support?", set()),
    "not race: own English": ("Sorry for my English, I can barely speak the language but I "
                              "try.", set()),
    "not race: these people at the council": (
        "These people from the council have still not fixed the crossing.", set()),
    "not race: the subject English": (
        "We need a proper English teacher for Year 11, they have had supply all term.", set()),
    "not race: a racist taunt reported": (
        "He was told to go back to the jungle by a boy at lunch. Please deal with it.", set()),
}  # fmt: skip


@pytest.mark.parametrize(("body", "expected"), GENERAL.values(), ids=GENERAL.keys())
def test_general_forms(body: str, expected: set[str]) -> None:
    """Each general form of abuse is recognised in several wordings and registers, and
    its near misses (a child's report, a neutral accent, the ice) are not."""
    found = detect(body)
    if not expected:
        assert found is None, found
        return
    assert found is not None
    assert set(found.evidence["categories"]) == expected, found.evidence


def test_one_weak_sign_needs_a_second() -> None:
    """A lone veiled sign ("you'll see") does not flag; beside knowing a member of staff's
    car it does, and the explanation quotes the words."""
    assert detect("You'll see.") is None
    found = detect("I know which car is his. You'll see.")
    assert found is not None
    assert [m["term"] for m in found.evidence["matches"]] == ["I know your movements", "you'll see"]


def test_reporting_cue_inside_the_match_is_the_parents_own() -> None:
    """'a word she says' inside a sneer is not someone else's speech; the same sneer after
    'he says' is."""
    own = detect("Nobody can understand a word she says. Her accent is a joke.")
    assert own is not None
    assert own.evidence["reported_speech"] is False
    assert detect("He says a girl told him his accent is a joke.") is None


# Round 3: the facts behind threats and intimidation, in many registers. Each positive has a
# hard negative beside it that shares its words but not the fact.
# name: (body, categories expected; empty when not abusive)
COMPOSED: dict[str, tuple[str, set[str]]] = {
    # violence made conditional on what a member of staff does next
    "conditional violence, formal": (
        "Should Mr Dale lay a finger on my daughter again I will deal with him myself.",
        {"threat"},
    ),
    "conditional violence, chatty": (
        "If that PE teacher shoves my boy one more time I'm coming up there to sort him out.",
        {"threat"},
    ),
    "conditional violence, text-speak": (
        "if miss hart shouts at my girl agen ill cum down n sort her out",
        {"threat"},
    ),
    "conditional violence, non-native": (
        "If teacher touch my son again I will come to school and deal with him by myself.",
        {"threat"},
    ),
    "comeuppance": ("Mrs Bell will get what's coming to her, you mark my words.", {"threat"}),
    "he will get what is coming": (
        "Tell Mr Rowe that if he keeps picking on Sam he'll get whats coming.",
        {"threat"},
    ),
    "not violence: the school should deal with the child": (
        "If the boy who pushed him does it again I expect the school to deal with him.",
        set(),
    ),
    "not violence: sorting out the paperwork": (
        "I'll come down to the office on Monday and sort out the dinner money form.",
        set(),
    ),
    "not violence: asking staff to sort it": (
        "If this happens again could you please sort it out with his form tutor?",
        set(),
    ),
    # exposure: a named member of staff put before the public, with a deadline or a crowd
    "exposure with a deadline": (
        "You have until Monday or Mr Shah's picture goes up on the estate WhatsApp with the "
        "full story.",
        {"intimidation"},
    ),
    "exposure, chatty": (
        "Sort it by the weekend or everyone in the parents group will know what Miss Cole "
        "did, with her photo.",
        {"intimidation"},
    ),
    "crowd at the gates": (
        "Half the parents in the year will be standing at the gates on Monday waiting for her.",
        {"intimidation"},
    ),
    "not exposure: the school's own photos": (
        "Please could you put the photos of the nativity on the class Facebook page?",
        set(),
    ),
    "not exposure: collecting at the gates": (
        "Grandma will be waiting at the gates at 3.15 to collect him on Monday.",
        set(),
    ),
    # menace: two quiet signs together
    "think carefully and knows the car": (
        "Mrs Allen would do well to think very carefully about this. I know what she drives.",
        {"threat"},
    ),
    "had better think and knows the times": (
        "He'd better think hard about his next move. I know what time he leaves every night.",
        {"threat"},
    ),
    "shame if something happened": (
        "It would be a real shame if something happened to her lovely car. Just saying.",
        {"threat"},
    ),
    "not menace: think carefully about options": (
        "We need to think very carefully about which secondary school to choose for him.",
        set(),
    ),
    "not menace: a shame he missed it": (
        "It was a shame he missed the trip; I hope nothing happened to the coach.",
        set(),
    ),
    # contempt for the reader
    "you're a joke, text-speak": ("ur a joke mate, a total joke", {"insult"}),
    "you are a joke, formal": ("Frankly, you are a joke and so is this school.", {"insult"}),
    "not contempt: a joke told": ("He told a joke in assembly and everyone laughed.", set()),
    # words reported, not the parent's own
    "slur in a quote after 'one of them said'": (
        "One of the girls said 'you f***ing sl*g' to her in the lunch queue.",
        set(),
    ),
    "quote after a name and a speech verb": (
        "Then Kyle shouted 'shut up you stupid b*tch' across the class.",
        set(),
    ),
    "quote before 'he said'": ("'You're a f***ing freak,' he said to my son.", set()),
    "quote after 'they were shouting'": (
        "At the bus stop they were shouting 'p**i' at him until he cried.",
        set(),
    ),
    "the parent's own quote to staff is still theirs": (
        "I'll say it plainly: 'you are a f***ing disgrace'.",
        {"swearing"},
    ),
}


@pytest.mark.parametrize(("body", "expected"), COMPOSED.values(), ids=COMPOSED.keys())
def test_composed_signals(body: str, expected: set[str]) -> None:
    found = detect(body)
    if not expected:
        assert found is None, found and found.explanation
        return
    assert found is not None
    assert expected <= set(found.evidence["categories"]), found.explanation


# Round 4: four more families, each in formal, chatty, text-speak and non-native wordings,
# with hard negatives that share their words but not the fact.
# name: (body, categories expected; empty when not abusive)
FAMILIES: dict[str, tuple[str, set[str]]] = {
    # a warning to "watch himself" passed on through the school
    "relayed warning, formal": (
        "Kindly inform Mr Patel that he would be wise to watch himself from now on.",
        {"threat"},
    ),
    "relayed warning, chatty": (
        "Tell that Hughes woman to watch her back, that's all I'm saying.",
        {"threat"},
    ),
    "relayed warning, text-speak": ("tell miss green 2 watch her back", {"threat"}),
    "relayed warning, non-native": (
        "Please you tell to Mr Novak he must watch himself now.",
        {"threat"},
    ),
    "relayed warning, his step": ("Warn Doyle he'd better watch his step.", {"threat"}),
    "relayed warning, surname only": (
        "No need to call me back. Just tell Brennan to watch himself.",
        {"threat"},
    ),
    "not a warning: the icy path": (
        "Please tell Ruby to watch her step on the icy path by the gate.",
        set(),
    ),
    "not a warning: a healing wrist": (
        "Could you tell him to watch himself in PE, his wrist is still healing.",
        set(),
    ),
    "not a warning: his sister": (
        "I've told Sam to watch out for his sister at the bus stop.",
        set(),
    ),
    "not a warning: a video": ("Can you tell Mr Reed to watch the video I sent?", set()),
    # violence against another parent, and against whoever gets in the way
    "violence to a parent, chatty": (
        "If that lad touches Ellie again I'll be at the gates to sort his mum out, simple as.",
        {"threat"},
    ),
    "violence to a parent, text-speak": (
        "if that kid hits my boy 1 more time im gonna batter his dad at pick up",
        {"threat"},
    ),
    "violence to a parent, non-native": (
        "If this boy hit my daughter again I will come to school and punch his father.",
        {"threat"},
    ),
    "violence to a parent, formal": (
        "Should the boy strike my son again, I shall sort his father out myself.",
        {"threat"},
    ),
    "whoever gets in the way": (
        "I'm collecting her at lunch and any teacher who stands in my way can have some too.",
        {"threat"},
    ),
    "whoever gets in the way, formal": (
        "Any member of staff who attempts to stop me will get the same.",
        {"threat"},
    ),
    "not violence: a lift for his mum": (
        "I'll sort his mum out a lift on Friday as she has no car at the moment.",
        set(),
    ),
    "not violence: a word with his dad": (
        "If his dad keeps parking across our drive I'll have a word with his dad at pick-up.",
        set(),
    ),
    "not violence: cakes for teachers": (
        "There are spare cupcakes in the tin and any teacher who wants one can have some too!",
        set(),
    ),
    # contempt for a protected characteristic (sexual orientation, religion, race, disability)
    "refusing a gay teacher, text-speak": (
        "dont want my lad taught by sum gay bloke, u know wot there like",
        {"discriminatory"},
    ),
    "refusing a Muslim teacher, chatty": (
        "Not having my kids taught RE by some Muslim bloke who'll push his religion on them.",
        {"discriminatory"},
    ),
    "refusing a trans teacher, formal": (
        "I must object to my daughter being taught by a transgender teacher; their sort "
        "should not be working with children.",
        {"discriminatory"},
    ),
    "refusing a teacher, non-native": (
        "I not want my daughter have teacher who is muslim, please change her class.",
        {"discriminatory"},
    ),
    "her kind shouldn't be in charge": (
        "Why has the school hired a disabled woman to teach PE? Her kind shouldn't be in "
        "charge of sport.",
        {"discriminatory"},
    ),
    "pushing his lifestyle": (
        "Some lesbian woman is pushing her lifestyle on Year 6. We all know what that lot are "
        "like.",
        {"discriminatory"},
    ),
    "not contempt: a child called gay": (
        "Ollie has two mums and some boys called him gay in PE, please could you speak to them.",
        set(),
    ),
    "not contempt: an RSE question": (
        "Does the RSE curriculum cover gay relationships? I'd like to see the materials first.",
        set(),
    ),
    "not contempt: halal menu": (
        "I don't want my daughter left out because she is Muslim, can the trip menu be halal?",
        set(),
    ),
    "not contempt: boys at that age": (
        "Everyone knows what Year 9 boys are like, so please supervise the changing rooms.",
        set(),
    ),
    "not contempt: a lovely Polish teacher": (
        "The new Polish teacher is lovely and Maja is so happy to be taught by her.",
        set(),
    ),
    # public shaming already done, and gloated about
    "gloating, chatty": (
        "Over 200 shares overnight. The whole estate knows what Miss Price is like now.",
        {"intimidation"},
    ),
    "gloating, text-speak": (
        "post has 500 likes already lol everyone knows wot mr dean is now",
        {"intimidation"},
    ),
    "gloating, formal": (
        "The post has now been shared more than 400 times and the entire community is aware "
        "of what Mrs Ogden has done.",
        {"intimidation"},
    ),
    "gloating, non-native": (
        "Already 1000 people see the video of Mr Lee, now all parents know he is bad teacher.",
        {"intimidation"},
    ),
    "creep, after a post": (
        "Half the parents think she's a creep now, thanks to my post about Mrs Lyle.",
        {"intimidation", "insult"},
    ),
    "not gloating: a charity run": (
        "The post about Mr Obi's charity run has 300 shares and counting, well done him!",
        set(),
    ),
    "not gloating: everyone knows her rules": (
        "Everyone knows what Mrs Hart is like about uniform, so we bought the proper blazer.",
        set(),
    ),
    "not gloating: a stranger at the bus stop": (
        "There's been a creep hanging round the bus stop after school, can staff keep an eye?",
        set(),
    ),
    "not violence: knocking on his dad's door": (
        "If he gets upset again I'll knock his dad's door and ask what is going on.",
        set(),
    ),
    "not contempt: objecting to RSE content": (
        "The school should not be teaching my child about gay families at age 5, I'd like to "
        "withdraw her.",
        set(),
    ),
    "not gloating: views of a school play": (
        "The video of the Year 6 play has 300 views already, Mr Obi did a wonderful job.",
        set(),
    ),
    "not gloating: the whole school knows she works hard": (
        "Everyone thinks Mrs Hart is wonderful, the whole school knows how hard she works.",
        set(),
    ),
    "not gloating: a child's report": (
        "My daughter said Mr Obi is a creep because he kept her in at lunch. Is that fair?",
        set(),
    ),
}


@pytest.mark.parametrize(("body", "expected"), FAMILIES.values(), ids=FAMILIES.keys())
def test_word_families(body: str, expected: set[str]) -> None:
    """Relayed warnings, violence to another parent, contempt for a protected
    characteristic and gloating over public shaming, in several registers; their near
    misses are not flagged."""
    found = detect(body)
    if not expected:
        assert found is None, found and found.explanation
        return
    assert found is not None
    assert expected <= set(found.evidence["categories"]), found.explanation
