"""The shouting classifier, from tables of British parent emails.

Each case is a subject, the parent's own new words, and whether the office would call it
shouting. The hard cases are the near misses: emails full of SEN acronyms, names and sign-offs
in capitals, a capitalised subject over a calm body, one angry sentence in a long calm email,
scripts without letter case, and happy emails with a few "!!!".
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.shouting import Settings, detect

LONG_CALM = (
    "Dear Mrs Hughes,\n\n"
    "Thank you for sending the letter home about the Year 4 residential. Alfie is really "
    "looking forward to it, although he is a bit nervous about sleeping away from home for "
    "the first time. We have talked about it a lot at home and he seems happier now.\n\n"
    "Could you let me know whether he needs to bring his own sleeping bag, or whether the "
    "centre provides bedding? The kit list mentions a torch and wellies but not bedding.\n\n"
    "He also takes an antihistamine every morning for his hay fever, so I will fill in the "
    "medication form and hand it to the office with the tablets in the original box.\n\n"
    "Many thanks for organising this, I know it is a lot of work for the staff.\n\n"
    "Kind regards\nClaire Bennett"
)

# name: (subject, body, shouting?)
CASES: dict[str, tuple[str, str, bool]] = {
    # --- shouting ---------------------------------------------------------------------
    "all capitals with exclamation runs": (
        "Bus",
        "I HAVE ASKED THREE TIMES NOW FOR SOMEONE TO CALL ME ABOUT THE BUS. NOBODY HAS "
        "BOTHERED!!! THIS IS NOT GOOD ENOUGH AND I EXPECT A CALL TODAY.",
        True,
    ),
    "all capitals without punctuation": (
        "",
        "WHY HAS MY DAUGHTER BEEN PUT IN DETENTION AGAIN WHEN SHE DID NOTHING WRONG I WANT "
        "SOMEONE TO EXPLAIN THIS TO ME",
        True,
    ),
    "capitals with SEN acronyms inside": (
        "EHCP",
        "MY SON HAS AN EHCP AND THE SENCO HAS IGNORED EVERY SINGLE EMAIL I HAVE SENT ABOUT "
        "HIS TA SUPPORT. HIS ADHD AND ASD NEEDS ARE NOT BEING MET IN KS2.",
        True,
    ),
    "phone caps lock with sign-off": (
        "",
        "HI\nI AM STILL WAITING FOR SOMEONE TO RING ME BACK ABOUT THE TRIP MONEY\n"
        "IT HAS BEEN A WEEK NOW AND NOBODY HAS CALLED\nTHANKS\nDEBBIE",
        True,
    ),
    "two shouted sentences in a long calm email": (
        "Residential",
        LONG_CALM.replace(
            "Many thanks",
            "I HAVE ASKED ABOUT THIS TWICE ALREADY AND HEARD NOTHING BACK. "
            "PLEASE CAN SOMEBODY ACTUALLY ANSWER THIS TIME. Many thanks",
        ),
        True,
    ),
    "mostly capitals with a few ordinary words": (
        "",
        "I AM SO ANGRY about what happened today. THE TEACHER SHOUTED AT HIM IN FRONT OF "
        "EVERYONE and NOBODY HAS EXPLAINED WHY. I WANT A MEETING WITH THE HEAD.",
        True,
    ),
    "curly apostrophes from a phone": (
        "",
        "I DON\u2019T ACCEPT THIS. SHE WASN\u2019T EVEN THERE WHEN IT HAPPENED AND YOU\u2019VE "
        "GIVEN HER A DETENTION ANYWAY.",
        True,
    ),
    "shouting in Cyrillic": (
        "",
        "ПОЧЕМУ НИКТО НЕ ОТВЕЧАЕТ НА МОИ ПИСЬМА? Я ЖДУ ОТВЕТА УЖЕ ТРИ НЕДЕЛИ!!!",
        True,
    ),
    "extreme exclamation runs without capitals": (
        "",
        "Why!!! has nobody!!! replied!!! to me!!! about the coat!!! again!!!",
        True,
    ),
    "shouting under quoted calm history": (
        "Re: Lunch",
        "THIS IS THE THIRD TIME I HAVE ASKED. HE IS NOT ALLOWED NUTS. WHY WAS HE GIVEN A "
        "FLAPJACK?\n\n> Dear Mrs Khan, thank you for your email.\n> We will look into it.",
        True,
    ),
    "sustained emphasis with !!! and ??": (
        "Swimming",
        "Why was Jack NOT allowed in the pool AGAIN?? He had his kit, his towel and his "
        "goggles!!! I am SICK of this. Nobody EVER tells me anything and I am TIRED of "
        "chasing the office. I WANT an answer TODAY!!!",
        True,
    ),
    "sustained emphasis without marks": (
        "",
        "I am FURIOUS. NOBODY rang me and NOBODY emailed me. Her teacher NEVER replied and "
        "NOW I hear she MISSED her LUNCH. This is COMPLETELY UNACCEPTABLE.",
        True,
    ),
    # --- not shouting -----------------------------------------------------------------
    "SEN acronym heavy calm email": (
        "EHCP review",
        "Could the SENCO update Leo's EHCP targets before the CAMHS review? His ADHD meds "
        "changed at the GP and the TA and HLTA noticed a difference in PE and in KS2 SATs "
        "practice. The EP and SALT reports are attached, and the OT will send hers to the "
        "SENDCo. We also have an IEP meeting with the LA and SENDIASS next month.",
        False,
    ),
    "OK THANKS is too short": ("", "OK THANKS", False),
    "calm body under a capitalised subject": (
        "URGENT - TRIP MONEY NOT PAID",
        "Hello, I think I forgot to pay for the farm trip on ParentPay. Could you let me "
        "know how much is owed and I will pay it tonight. Thank you.",
        False,
    ),
    "capitalised sign-off name": (
        "",
        "Hello, just to let you know Poppy has a dentist appointment at 10.30 tomorrow so "
        "she will be in after lunch. Thank you.\n\nKind regards\nJOHN AND SARAH SMITH-JONES",
        False,
    ),
    "name in capitals after Dear": (
        "",
        "Dear MRS PATEL, thank you for the reading books, Isla has really enjoyed them and "
        "has asked for more of the same series.",
        False,
    ),
    "one shouted sentence in a long calm email": (
        "Residential",
        LONG_CALM.replace(
            "Many thanks", "I REALLY DO NEED AN ANSWER BY FRIDAY PLEASE. Many thanks"
        ),
        False,
    ),
    "emphasis on single words": (
        "",
        "I am NOT happy that he was kept in at lunch AGAIN, and I would like to know WHY "
        "nobody told me before pick up.",
        False,
    ),
    "Chinese has no letter case": (
        "",
        "老师您好，我的孩子今天身体不舒服，所以不能来上学。请您批准请假，谢谢！！！",
        False,
    ),
    "Arabic has no letter case": (
        "",
        "مرحبا، ابني مريض اليوم ولن يحضر إلى المدرسة. شكرا لكم على تفهمكم.",
        False,
    ),
    "quoted capitals are not the parent's words": (
        "Re: CLOSURE",
        "Thanks for letting us know, we will keep him at home on Monday.\n\n"
        "> PLEASE NOTE THE SCHOOL WILL BE CLOSED ON MONDAY DUE TO THE HEATING FAILURE.\n"
        "> ALL PUPILS SHOULD STAY AT HOME AND WORK WILL BE SET ON GOOGLE CLASSROOM.",
        False,
    ),
    "a few happy exclamation runs": (
        "",
        "Thank you so much for the lovely certificate!!! She was so proud!!! We have put it "
        "on the fridge.",
        False,
    ),
    "title case is not shouting": (
        "",
        "Please Can You Ask Her Teacher To Call Me Back About The Trip On Friday As I Have "
        "Not Heard Anything Yet",
        False,
    ),
    "URGENT on its own line": (
        "",
        "URGENT\nHi, Sam has forgotten his inhaler, I will drop it at the office at 11. "
        "Please could someone make sure he gets it. Thanks, Lisa",
        False,
    ),
    "class codes, years and numbers": (
        "Y6 SATs",
        "Hi, Jayden in 6B (Y6) has his KS2 SATs from 12/05 and his FSM form says 2 x GCSE "
        "revision books, PE kit on Tue/Thu, INSET on 3/6. Ta, Mo",
        False,
    ),
    "one pasted notice line in a calm email": (
        "",
        "Hi, I got this text from the council, is it right?\n"
        "PLEASE NOTE THE SCHOOL BUS WILL NOT RUN ON MONDAY\n"
        "If so I will drive him in, but I thought it was only the secondary bus. Thanks.",
        False,
    ),
    "unknown acronyms in an ordinary sentence": (
        "",
        "His PDA profile means the ELKLAN and THRIVE strategies from the EP work better than "
        "the PECS cards, so we use them at home too.",
        False,
    ),
    "a single emphasised word with !!!": (
        "",
        "Thank you SO much for the trip photos!!! She loved every minute of it and has not "
        "stopped talking about the animals since she got home. Brilliant day!!!",
        False,
    ),
    "a few emphasised words in a long email": (
        "",
        "Please can you make sure he does NOT have milk at lunch?? He is allergic and came "
        "home with a rash. I know the kitchen is busy but it is REALLY important. Thanks "
        "for all you do, the staff have been lovely with him this term.",
        False,
    ),
    "form labels in capitals": (
        "Medical form",
        "NAME: Leo Grant\nCLASS: 4B\nCONDITION: asthma, mild\nMEDICATION: blue inhaler "
        "as needed, kept in the classroom\nEMERGENCY CONTACT: his mum on the usual number",
        False,
    ),
    "acronyms and names spread through": (
        "",
        "Could the SENCO copy Mrs PATEL into the EHCP review?? The CAMHS letter says his "
        "ADHD plan changes in KS2, and the TA and OT both need it before SATs. Thanks.",
        False,
    ),
}


@pytest.mark.parametrize(("subject", "body", "expected"), CASES.values(), ids=CASES.keys())
def test_shouting_cases(subject: str, body: str, expected: bool) -> None:
    """Each email is flagged as shouting exactly when the office would call it shouting."""
    found = detect(body, subject)
    assert (found is not None) == expected, found


def test_finding_explains_itself() -> None:
    """A finding names the capitals share, the letters counted and the exclamation runs,
    and its evidence is JSON-serialisable."""
    subject, body, _ = CASES["all capitals with exclamation runs"]
    found = detect(body, subject)
    assert found is not None
    assert found.kind == "shouting"
    assert 0 < found.score <= 1
    assert found.explanation.startswith("Most of the email is in capitals (100% of ")
    assert found.explanation.endswith("with 1 run of exclamation marks")
    assert found.evidence["caps_ratio"] == 1.0
    assert found.evidence["letters"] >= 40
    assert found.evidence["exclamation_runs"] == ["!!!"]
    assert found.evidence["shouted_sentences"][0].startswith("I HAVE ASKED THREE TIMES")
    json.dumps(found.evidence)


def test_mixed_email_names_the_shouted_sentences() -> None:
    """In a long calm email with shouted sentences, the explanation counts them and the
    evidence quotes them."""
    subject, body, _ = CASES["two shouted sentences in a long calm email"]
    found = detect(body, subject)
    assert found is not None
    assert found.explanation.startswith("2 sentences are in capitals")
    assert found.evidence["shouted_sentence_count"] == 2
    assert found.evidence["caps_ratio"] < 0.6


def test_subject_is_evidence_only_when_the_body_shouts() -> None:
    """A subject in capitals is shown as evidence when the body shouts too."""
    found = detect(CASES["all capitals without punctuation"][1], "DETENTION AGAIN!!!")
    assert found is not None
    assert found.evidence["subject_in_capitals"] == "DETENTION AGAIN!!!"
    assert "subject in capitals" in found.explanation


def test_evidence_is_trimmed() -> None:
    """At most five shouted sentences are quoted, each at most about 200 characters."""
    sentence = "THIS IS A VERY LONG SHOUTED SENTENCE " * 10
    body = ". ".join([sentence] * 8) + "."
    found = detect(body)
    assert found is not None
    assert len(found.evidence["shouted_sentences"]) == 5
    assert all(len(s) <= 200 for s in found.evidence["shouted_sentences"])
    assert found.evidence["shouted_sentence_count"] == 8


# --- one test per Settings knob: each changes the outcome ------------------------------

HALF_CAPS = (
    "I have been waiting for the form for weeks now and I NEED IT BEFORE THE TRIP ON FRIDAY "
    "OTHERWISE SHE CANNOT GO, please send it today"
)


def test_caps_ratio() -> None:
    """A lower caps_ratio flags an email that is about half capitals."""
    assert detect(HALF_CAPS) is None
    assert detect(HALF_CAPS, settings=Settings(caps_ratio=0.4)) is not None


def test_min_letters() -> None:
    """A short all-caps email is judged only when min_letters allows it."""
    body = "STOP IGNORING MY EMAILS"
    assert detect(body) is None
    assert detect(body, settings=Settings(min_letters=15)) is not None


def test_min_line_letters() -> None:
    """Short lines are skipped unless min_line_letters is lowered."""
    body = "WHY NOT\nNO REPLY\nAGAIN\nNOTHING\nWAITING\nSTILL\nSHAMEFUL\nDISGRACE"
    assert detect(body) is None
    assert detect(body, settings=Settings(min_line_letters=3)) is not None


def test_shouted_sentences() -> None:
    """Raising shouted_sentences stops two shouted sentences in a calm email from flagging."""
    body = CASES["two shouted sentences in a long calm email"][1]
    assert detect(body) is not None
    assert detect(body, settings=Settings(shouted_sentences=3)) is None


def test_sentence_letters() -> None:
    """Raising sentence_letters stops short shouted sentences from counting."""
    body = CASES["two shouted sentences in a long calm email"][1]
    assert detect(body, settings=Settings(sentence_letters=60)) is None


def test_sentence_caps_ratio() -> None:
    """Lowering sentence_caps_ratio counts sentences that are mostly, not all, capitals."""
    mixed = (
        "I HAVE ASKED YOU ABOUT THIS THREE TIMES NOW and still nothing. "
        "NOBODY FROM THE OFFICE HAS RUNG ME BACK EITHER and it is Friday. "
    )
    body = LONG_CALM.replace("Many thanks", mixed + "Many thanks")
    assert detect(body) is None
    assert detect(body, settings=Settings(sentence_caps_ratio=0.6)) is not None


def test_exclamation_run() -> None:
    """With exclamation_run = 2, "!!" counts as a run (here enough to flag on its own)."""
    body = "Thanks!! See you!! Bye!! Great!! Lovely!! Brilliant!!"
    assert detect(body) is None
    assert detect(body, settings=Settings(exclamation_run=2)) is not None


def test_exclamation_bonus() -> None:
    """Exclamation runs lower the capitals bar only as far as exclamation_bonus allows."""
    body = (
        "I have been waiting for the form for weeks now!!! I NEED IT BEFORE THE TRIP ON "
        "FRIDAY OTHERWISE SHE CANNOT GO!!! please send it today!!!"
    )
    assert detect(body) is not None
    assert detect(body, settings=Settings(exclamation_bonus=0.0)) is None


def test_exclamation_only_runs() -> None:
    """exclamation_only_runs = 0 means exclamation marks alone never flag."""
    body = CASES["extreme exclamation runs without capitals"][1]
    assert detect(body) is not None
    assert detect(body, settings=Settings(exclamation_only_runs=0)) is None


def test_extra_acronyms() -> None:
    """A school's own acronyms in extra_acronyms are not counted as capitals."""
    body = (
        "We use ELKLAN THRIVE PECS TEACCH SCERTS at home. ELKLAN THRIVE PECS TEACCH SCERTS "
        "in class please."
    )
    assert detect(body) is not None
    extra = ("ELKLAN", "THRIVE", "PECS", "TEACCH", "SCERTS")
    assert detect(body, settings=Settings(extra_acronyms=extra)) is None


def test_settings_are_checked() -> None:
    """Out-of-range settings are refused with the key named; unknown keys are TypeErrors."""
    with pytest.raises(ValueError, match="caps_ratio"):
        Settings(caps_ratio=1.5)
    with pytest.raises(ValueError, match="min_letters"):
        Settings(min_letters=-1)
    with pytest.raises(ValueError, match="extra_acronyms"):
        Settings(extra_acronyms="ELKLAN")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Settings(capitals=0.5)  # type: ignore[call-arg]


def test_big_texts_run() -> None:
    """50 KB of calm, shouted and mixed text is read without error."""
    calm = (LONG_CALM + "\n\n") * 80
    assert len(calm) > 50_000
    assert detect(calm) is None
    assert detect(calm.upper()) is None  # courteous, no "!": typed in capitals, not shouted
    assert detect(calm.upper().replace("MANY THANKS", "WHY IS NOBODY ANSWERING!!!")) is not None
    mixed = "\n".join(
        line.upper() if i % 3 == 0 else line for i, line in enumerate(calm.splitlines())
    )
    found = detect(mixed)
    if found is not None:
        json.dumps(found.evidence)
    assert detect("") is None
    assert detect("!!!") is None


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.text(max_size=60))
def test_any_text_is_safe(body: str, subject: str) -> None:
    """Any text at all (emoji, control characters, scripts without case) is read without
    error, and a finding's evidence is JSON-serialisable with a score in 0..1."""
    found = detect(body, subject)
    if found is not None:
        assert 0 <= found.score <= 1
        json.dumps(found.evidence)


def test_emphasis_names_the_words() -> None:
    """Sustained emphasis is explained by the words in capitals and the "!!"/"??" runs."""
    subject, body, _ = CASES["sustained emphasis with !!! and ??"]
    found = detect(body, subject)
    assert found is not None
    assert "words in capitals for emphasis" in found.explanation
    assert "SICK" in found.evidence["emphasised_words"]
    assert found.evidence["mark_run_count"] == 3


def test_emphasis_words() -> None:
    body = CASES["sustained emphasis with !!! and ??"][1]
    assert detect(body) is not None
    # its "AGAIN??" and "TODAY!!!" also shout as marked sentences (round 3): set that aside
    alone = Settings(emphasis_marked_sentences=0)
    assert detect(body, settings=alone) is not None
    assert detect(body, settings=replace(alone, emphasis_words=0)) is None
    assert detect(body, settings=replace(alone, emphasis_words=20)) is None


def test_emphasis_sentences() -> None:
    body = "I am NOT HAPPY AT ALL ABOUT THE TRIP today but that is the end of it, thank you!!"
    assert detect(body, settings=Settings(emphasis_sentences=1)) is not None
    assert detect(body) is None


def test_emphasis_share_and_run_bonus() -> None:
    body = CASES["sustained emphasis with !!! and ??"][1]
    alone = Settings(emphasis_marked_sentences=0)
    assert detect(body, settings=replace(alone, emphasis_run_bonus=0.0)) is None
    assert detect(body, settings=replace(alone, emphasis_share=0.1, emphasis_run_bonus=0.0))


# --- classes generalised after the blind holdout: shouting in bursts inside a lower-case
# email, and capitals the writer explains or writes calmly. Written fresh. ------------------

KEPT_IN = (
    "why was my son kept in at lunch AGAIN for his hair? it is a normal cut and his dad has "
    "the same one, and nobody told him which rule he broke{a} HE HAS DONE NOTHING WRONG{b} "
    "i want it sorted"
)

# name: (subject, body, shouting?) -- each positive sits next to its hard negative
GENERAL_CASES: dict[str, tuple[str, str, bool]] = {
    "a shouted clause closed by !!! in lower-case text": ("lunch", KEPT_IN.format(a="!!!", b="!!!"), True),
    "the same words without the exclamation runs": ("lunch", KEPT_IN.format(a=".", b="."), False),
    "acronym-shaped words inside a shouted clause count": (
        "", "why is she in isolation AGAIN for her nails!!! ITS NOT FAIR ON HER!!! half her year have the same", True,
    ),
    "one happy shouted clause": (
        "", "Thank you so much for the lovely parents evening!!! WE ARE SO PROUD OF HER!!! she has come on so much", False,
    ),
    "capitals explained by the writer": (
        "NATIVITY",
        "HELLO, SORRY FOR THE BLOCK CAPITALS, MY PHONE IS STUCK IN CAPITALS. COULD YOU TELL ME "
        "WHAT TIME THE NATIVITY STARTS ON FRIDAY AND WHETHER GRANDPARENTS CAN COME. THANK YOU.",
        False,
    ),
    "capitals calmly and courteously, no explanation": (
        "FLU SPRAY",
        "GOOD AFTERNOON, COULD YOU PLEASE LET ME KNOW WHICH DAY THE FLU SPRAY IS FOR YEAR 2. MY "
        "WIFE HAS THE FORM AND WILL SIGN IT. KIND REGARDS, BRIAN",
        False,
    ),
    "courteous capitals with a grievance and !!!": (
        "",
        "GOOD MORNING. PLEASE CAN SOMEONE TELL ME WHY MY GRANDSON WAS LEFT OUTSIDE IN THE RAIN "
        "AGAIN!!! THIS IS THE SECOND TIME. THANK YOU",
        True,
    ),
    "courteous capitals complaining without !": (
        "",
        "DEAR SIR, PLEASE EXPLAIN WHY NOBODY HAS RETURNED MY CALLS ABOUT THE BUS PASS. THANK YOU",
        True,
    ),
    "an excuse for capitals does not excuse shouted sentences in lower-case text": (
        "",
        LONG_CALM.replace(
            "Many thanks",
            "Sorry for the caps. I HAVE ASKED ABOUT THIS TWICE ALREADY AND HEARD NOTHING BACK. "
            "PLEASE CAN SOMEBODY ACTUALLY ANSWER THIS TIME. Many thanks",
        ),
        True,
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("subject", "body", "expected"), GENERAL_CASES.values(), ids=GENERAL_CASES.keys()
)
def test_general_shouting_cases(subject: str, body: str, expected: bool) -> None:
    """Bursts of shouting in a lower-case email shout; capitals the writer explains or
    writes calmly do not."""
    found = detect(body, subject)
    assert (found is not None) == expected, found


def test_burst_is_quoted() -> None:
    """The shouted clause is quoted in the evidence and the explanation."""
    found = detect(KEPT_IN.format(a="!!!", b="!!!"))
    assert found is not None
    assert found.evidence["shouted_bursts"] == ["HE HAS DONE NOTHING WRONG!!!"]
    assert 'shouting "HE HAS DONE NOTHING WRONG!!!"' in found.explanation


def test_calm_courtesy() -> None:
    """calm_courtesy = 0 judges calm, courteous capitals like any other capitals."""
    body = GENERAL_CASES["capitals calmly and courteously, no explanation"][1]
    assert detect(body) is None
    assert detect(body, settings=Settings(calm_courtesy=0)) is not None
    assert detect(body, settings=Settings(calm_courtesy=5)) is not None


# --- round 3: emphasis with runs of marks across sentences. One or two words in capitals,
# each closing with "!!!"/"?!?!", in several sentences of a complaint, shout as loudly as
# a whole clause in capitals. One "URGENT", acronyms, or a delighted "!!!" do not. ---------

EMPHASIS_WITH_MARKS = [
    # chatty
    "Why has Maisie been put in DETENTION?!?! She did NOTHING wrong!!! Nobody even rang me!!",
    # formal
    "I was appalled to learn that Sam was left ALONE in the classroom!!! This is completely "
    "UNACCEPTABLE!!! I expect an explanation from the head today!!!",
    # text-speak
    "why wos my son sent HOME?!?! he was NOT ill!!! u lot never listen!!!",
    # non-native English
    "Why you not give my son his medicine?!! He was very SICK all night!!! I tell you this "
    "TWO times already!!!",
    # clipped
    "Who said she could miss PE AGAIN??!! She has a note!!! Read it PROPERLY!!!",
    # narrative
    "My son came home SOAKED!!!! Why was he made to stand outside in the rain?!?! Not one "
    "adult checked on him and his coat was in his bag the WHOLE time!!!",
    # question runs
    "How is this ALLOWED??? Who decided she sits on her own?!? Why was I not TOLD???",
]

NOT_SHOUTING_WITH_MARKS = [
    "URGENT!!! Could someone ring me about the trip money please? Thanks, Dawn",
    "Thank you SO much for the lovely show!!! Ella had a wonderful time.",
    "Is the SENCO free on Monday?? Her EHCP review is soon!! Also the CAMHS letter came!!",
    "We LOVED the nativity!!! The children were AMAZING!!! Thank you all so much!!!",
    "I NEVER thought he'd enjoy choir this much!!! He LOVES it!!! Thank you Mrs Bell!!!",
    "Please could Ben bring his boots on FRIDAY?? The letter said Thursday.",
    "I am NOT happy about the bus. Could someone ring me please?",
    "Can she bring her KS2 SATs revision book in?? And the PE kit list?? Thanks!!",
    # a verb, not a title: "miss" before words in capitals does not hide them (see above)
]


def test_miss_as_a_verb_does_not_hide_shouted_words() -> None:
    found = detect("Who said she could miss PE AGAIN??!! She has a note!!! Read it PROPERLY!!!")
    assert found is not None and "AGAIN" in found.evidence["emphasised_words"]
    # "Miss" as a title still hides the name after it
    assert detect("Ask Miss PATEL!!! Or Mr JONES!!! They both know!!!") is None


@pytest.mark.parametrize("body", EMPHASIS_WITH_MARKS)
def test_emphasis_closed_by_mark_runs_in_several_sentences_shouts(body: str) -> None:
    found = detect(body)
    assert found is not None, body
    assert found.evidence["marked_sentences"], found.evidence
    assert "closed by" in found.explanation


@pytest.mark.parametrize("body", NOT_SHOUTING_WITH_MARKS)
def test_one_emphasis_acronyms_or_delight_with_marks_do_not_shout(body: str) -> None:
    assert detect(body) is None, body


def test_emphasis_with_marks_can_be_switched_off() -> None:
    body = EMPHASIS_WITH_MARKS[0]
    assert detect(body, settings=Settings(emphasis_marked_sentences=0)) is None
