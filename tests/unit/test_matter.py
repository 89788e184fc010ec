"""The matter model: what a parent's email is about, and which of its words say so.

Each table case is an email written for these tests, not taken from the bundled training
examples (a test checks that), and filed under the matter a school office would choose. The
hard cases are the near misses: a word that belongs to another matter ("complaining of a
sore throat"), an acronym that is also an ordinary word ("please SEND the sheet"), and a
subject that shares letters with an automated one ("Out of school club").
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from classifiers.matter import (
    BUNDLED_EXAMPLES,
    CORRECTION_WEIGHT,
    MATTER_LABELS,
    MATTERS,
    Example,
    MatterGuess,
    MatterModel,
    default_model,
    guess_by_keywords,
    guess_matter,
    load_bundled_examples,
    set_default_model,
    train,
)

ROOT = Path(__file__).resolve().parents[2]

# name: (subject, body, expected matter)
CASES: dict[str, tuple[str, str, str]] = {
    "off sick with a temperature": (
        "Oliver off sick",
        "He has a temperature so he will be off today.",
        "attendance",
    ),
    "up all night being sick": (
        "Amelia 4B",
        "Just to let you know Amelia won't be in school today, she's been up all night being sick.",
        "attendance",
    ),
    "dentist then in afterwards": (
        "Dentist",
        "Zara has a dentist appointment at 10.30 so I'll bring her in afterwards.",
        "attendance",
    ),
    "complaining of a symptom is not a complaint": (
        "Zain won't be in today",
        "He has been complaining about a sore throat since the weekend and is really poorly.",
        "attendance",
    ),
    "leave of absence for a wedding": (
        "Leave of absence request",
        "We would like to request a leave of absence for a family wedding in Pakistan.",
        "attendance",
    ),
    "curly apostrophe from a phone": (
        "Isla",
        "Isla won’t be in today, she’s unwell.",
        "attendance",
    ),
    "inhaler runs out": (
        "Oliver's inhaler",
        "His inhaler in the office runs out of date this month.",
        "medical",
    ),
    "EpiPen form": (
        "Epi-pen",
        "Please find attached the new EpiPen form for Maya's nut allergy.",
        "medical",
    ),
    "antibiotics at lunchtime": (
        "Medicine in school",
        "Jacob has been prescribed antibiotics and needs a dose at lunchtime.",
        "medical",
    ),
    "updated diabetes care plan": (
        "Care plan for Ruby",
        "The consultant has updated Ruby's care plan for her diabetes.",
        "medical",
    ),
    "EHCP hours not delivered": (
        "Annual review",
        "Leo's EHCP says he should have 1:1 support at lunchtimes but he's often on his own.",
        "sen",
    ),
    "message for the SENCO": (
        "Message for the SENCO",
        "Could this please be passed to the SENCO.",
        "sen",
    ),
    "dyslexia screening": (
        "Assessment",
        "We think Freya may be dyslexic, is there a screening the school can do?",
        "sen",
    ),
    "ASD and ADHD": (
        "Support in class",
        "Noah was diagnosed with ASD last month and we're waiting for the ADHD assessment.",
        "sen",
    ),
    "a meeting with the SENCO is SEN": (
        "Could we meet?",
        "I'd like to arrange a meeting with the SENCO about Leo's ADHD assessment.",
        "sen",
    ),
    "detention for a planner": (
        "Detention",
        "Why has Kai been given a detention for forgetting his planner?",
        "behaviour",
    ),
    "bullied on the bus home": (
        "Bullying",
        "Jack is being bullied on the bus home and keeps getting picked on at break.",
        "behaviour",
    ),
    "isolation without a call": (
        "Isolation",
        "Ella was put in isolation today and nobody rang me.",
        "behaviour",
    ),
    "suspension appeal": (
        "Fixed term exclusion",
        "I received the letter about Tyler's suspension and would like to appeal.",
        "behaviour",
    ),
    "name calling at playtime": (
        "Playtime",
        "Some children keep leaving him out and calling him names at playtime.",
        "behaviour",
    ),
    "maths homework unknown": (
        "Homework",
        "Mia has no idea what the maths homework is.",
        "learning",
    ),
    "Google Classroom password": (
        "Login",
        "Harry can't get onto Google Classroom, it says his password is wrong.",
        "learning",
    ),
    "reading book not changed": (
        "Reading book",
        "Her reading book hasn't been changed for two weeks.",
        "learning",
    ),
    "anxious about coming in": (
        "Worried about Sophie",
        "Sophie has been very anxious about coming in and isn't sleeping.",
        "wellbeing",
    ),
    "waiting for CAMHS": ("CAMHS referral", "We're still waiting to hear from CAMHS.", "wellbeing"),
    "grandma died": (
        "Sad news",
        "Ellie's grandma died last night and she is heartbroken. Please could her teacher be gentle with her.",
        "wellbeing",
    ),
    "self-harming": (
        "Worried",
        "I found out last night that Chloe has been self-harming.",
        "safeguarding",
    ),
    "court order on collection": (
        "Collection",
        "Please note there is now a court order and her father is not allowed to collect her.",
        "safeguarding",
    ),
    "disclosure about an adult": (
        "Please ask the DSL to call me",
        "Mia told us an adult neighbour has been touching her. We have called the police.",
        "safeguarding",
    ),
    "charged twice on ParentPay": (
        "ParentPay",
        "I think I've been charged twice for breakfast club.",
        "payments",
    ),
    "balance with dinners": (
        "Dinner money",
        "Could you tell me Louie's ParentPay balance? He has school dinners three days a week.",
        "payments",
    ),
    "free school meals application": (
        "FSM",
        "My hours at work have been cut and I think we now qualify for free school meals. What do I need to do?",
        "payments",
    ),
    "packed lunch to school dinners": (
        "Lunches",
        "Ben would like to switch from packed lunch to school dinners after half term.",
        "catering",
    ),
    "vegetarian given a sausage roll": (
        "School dinners",
        "We're vegetarian and she was given a sausage roll.",
        "catering",
    ),
    "halal menu": ("Menu", "Is the chicken on this term's lunch menu halal?", "catering"),
    "blazers sold out": (
        "Blazer",
        "The uniform shop has run out of blazers in his size.",
        "uniform",
    ),
    "joggers for PE": ("PE kit", "Is it OK for Ava to wear plain black joggers for PE?", "uniform"),
    "lost cardigan": (
        "Lost cardigan",
        "Isla has lost her grey cardigan, it has her name on the label. Could her class have a look?",
        "uniform",
    ),
    "trip permission": (
        "Trip to Warwick Castle",
        "I give permission for Theo to go on the trip on Friday.",
        "trips",
    ),
    "residential instalments": ("Year 6 residential", "Can I pay in instalments?", "trips"),
    "museum consent form missing": (
        "Consent form",
        "The consent form for the museum visit has gone missing.",
        "trips",
    ),
    "Out of school club is an event, not an absence": (
        "Re: Out of school club",
        "Is there space on Thursdays?",
        "trips",
    ),
    "bus did not turn up": (
        "School bus",
        "The bus didn't turn up again this morning.",
        "transport",
    ),
    "taxi at the wrong gate": (
        "Taxi",
        "The council taxi dropped Sam at the wrong gate.",
        "transport",
    ),
    "grandad collecting": (
        "Pick up",
        "Her grandad will be collecting her on Friday as I'm working.",
        "transport",
    ),
    "formal complaint": (
        "Formal complaint",
        "I wish to make a formal complaint about the way this was handled.",
        "complaint",
    ),
    "to the chair of governors": (
        "Not good enough",
        "I have raised this three times and nothing has changed. I will be writing to the chair of governors.",
        "complaint",
    ),
    "meeting with Mrs Bell": (
        "Meeting request",
        "Please could I arrange a meeting with Mrs Bell?",
        "meeting",
    ),
    "appointment to see Mr Jones": (
        "Progress",
        "Could I make an appointment to see Mr Jones?",
        "meeting",
    ),
    "phone call after school": (
        "Call please",
        "Could Miss Ahmed give me a ring after school today? Nothing urgent.",
        "meeting",
    ),
    "in-year transfer to Year 4": (
        "In-year transfer",
        "We are moving to the area and are looking for a place for our son in Year 4.",
        "admissions",
    ),
    "Reception place in September": (
        "Reception place",
        "Is there a place for Ivy in September?",
        "admissions",
    ),
    "open evening for Year 7": (
        "Open evening",
        "When is the open evening for children starting Year 7 next September?",
        "admissions",
    ),
    "new mobile number": (
        "New number",
        "Please update my mobile number to 07700 900555 on the school system.",
        "general",
    ),
    "thanks for the year": ("Hello", "Thank you for all your help this year.", "general"),
    "term dates for next year": (
        "Term dates",
        "Could you tell me when next year's term dates will be published?",
        "general",
    ),
    "shouting does not make words into acronyms": (
        "PLEASE SEND THE HOMEWORK",
        "I HAVE ASKED THREE TIMES NOW",
        "learning",
    ),
    "send as a verb is not SEND": (
        "Worksheet",
        "Please could you send the homework sheet home with Ali.",
        "learning",
    ),
}


@pytest.fixture(scope="module")
def bundled() -> list[Example]:
    return load_bundled_examples()


@pytest.fixture(scope="module")
def model(bundled: list[Example]) -> MatterModel:
    return train(bundled)


# -- the bundled examples ---------------------------------------------------------------------


def test_bundled_examples_load_with_every_matter_well_covered(bundled: list[Example]) -> None:
    """The bundled file loads, every matter has at least 25 examples, none is repeated."""
    counts = Counter(e.matter for e in bundled)
    assert set(counts) == set(MATTERS)
    assert min(counts.values()) >= 25, counts
    assert len({(e.subject, e.text) for e in bundled}) == len(bundled)
    assert all(e.text.strip() and e.weight == 1.0 for e in bundled)


def test_table_emails_are_not_training_examples(bundled: list[Example]) -> None:
    """The table below tests emails the model has not seen."""
    bodies = {" ".join(e.text.lower().split()) for e in bundled}
    seen = [
        name for name, (_, body, _) in CASES.items() if " ".join(body.lower().split()) in bodies
    ]
    assert not seen


def test_a_bad_line_is_named(tmp_path: Path) -> None:
    """A broken examples file says which line is wrong."""
    path = tmp_path / "examples.jsonl"
    path.write_text(
        '{"subject": "a", "text": "b", "matter": "trips"}\n{"subject": "a", "text": "b", '
        '"matter": "holidays"}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="line 2"):
        load_bundled_examples(path)


def test_example_checks_its_matter_and_weight() -> None:
    """An example's matter is one of MATTERS and its weight is positive."""
    with pytest.raises(ValueError, match="matter"):
        Example("s", "t", "holidays")
    with pytest.raises(ValueError, match="weight"):
        Example("s", "t", "trips", 0.0)


# -- classification -------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_guess_matter(case: str) -> None:
    """Each clear email is filed under the matter a school office would choose."""
    subject, body, expected = CASES[case]
    guess = guess_matter(subject, body)
    assert guess.matter == expected, guess
    assert 0.0 < guess.score < 1.0
    assert guess.evidence, "a guess names the words it rests on"


@pytest.mark.parametrize(
    ("subject", "body", "words"),
    [
        ("Oliver off sick", "He has a temperature.", {"off sick", "temperature"}),
        ("Inhaler", "Please could his inhaler be kept in class.", {"inhaler"}),
        ("Balance", "Our ParentPay balance looks wrong this week.", {"parentpay", "balance"}),
        ("Bus", "The school bus was 20 minutes late again.", {"bus"}),
    ],
)
def test_evidence_names_the_telling_words(subject: str, body: str, words: set[str]) -> None:
    """The evidence holds the words a person would point to, as written in the email."""
    guess = guess_matter(subject, body)
    assert words <= {item.lower() for item in guess.evidence}, guess
    text = f"{subject} {body}".lower().replace("'", "")
    for item in guess.evidence:
        assert all(w in text for w in item.lower().replace("'", "").split()), item


def test_evidence_leaves_out_names_and_glue_words() -> None:
    """A child's name or "the" never explains a matter."""
    guess = guess_matter("Isla Y3", "Isla won't be in today, she has a temperature.")
    assert guess.matter == "attendance"
    assert not {"isla", "Isla", "the", "she", "has"} & set(guess.evidence), guess


def test_alternatives_are_the_runners_up() -> None:
    """Alternatives are other matters, most likely first, each less likely than the winner."""
    guess = guess_matter("Could we meet?", "I'd like a meeting with the SENCO about Leo's ADHD.")
    names = [m for m, _ in guess.alternatives]
    scores = [p for _, p in guess.alternatives]
    assert guess.matter not in names and len(names) == len(set(names)) == 3
    assert scores == sorted(scores, reverse=True)
    assert all(p <= guess.score for p in scores)
    assert guess.score + sum(scores) <= 1.0 + 1e-9


def test_subject_outweighs_a_passing_body_word() -> None:
    """A subject is the parent's own summary: it beats one word in passing in the body."""
    assert guess_matter("PE kit", "Also, is the bus running tomorrow?").matter == "uniform"


def test_confidence_is_higher_when_subject_and_body_agree() -> None:
    """Subject and body agreeing give more confidence than a lone, vague body."""
    lone = guess_matter("Hello", "Do I need to fill in a form?")
    agreed = guess_matter("Trip consent form", "Do I need a consent form for the zoo trip?")
    assert agreed.matter == "trips"
    assert agreed.score > lone.score


def test_an_email_without_words_is_general() -> None:
    """Nothing to read gives the neutral guess, without training a model."""
    assert guess_matter("", "") == MatterGuess("general", 0.0, ())
    assert guess_matter("  ", "12.30 !!") == MatterGuess("general", 0.0, ())


def test_a_long_body_is_cut_off() -> None:
    """A pasted document costs bounded time; the first paragraphs decide."""
    body = "Oliver is off sick today with a temperature. " + "lorem ipsum " * 500_000 + " blazer"
    started = time.perf_counter()
    assert guess_matter("", body).matter == "attendance"
    assert time.perf_counter() - started < 0.5


def test_guess_matter_is_deterministic(bundled: list[Example]) -> None:
    """The same email gets the same guess, from the cached model and from a fresh one."""
    emails = [(s, b) for s, b, _ in CASES.values()]
    first = [guess_matter(s, b) for s, b in emails]
    assert [guess_matter(s, b) for s, b in emails] == first
    fresh = train(bundled)
    assert [fresh.predict(s, b) for s, b in emails] == first


def test_the_model_beats_the_keyword_rules_on_the_table() -> None:
    """The model is at least as right as the interim keyword rules on unseen emails."""
    model_right = sum(guess_matter(s, b).matter == m for s, b, m in CASES.values())
    rules_right = sum(guess_by_keywords(s, b).matter == m for s, b, m in CASES.values())
    assert model_right >= rules_right


# -- corrections ----------------------------------------------------------------------------

RAINBOW = [
    Example(
        "Rainbow Room",
        "Please could Ava have some time in the Rainbow Room, she is finding things hard.",
        "wellbeing",
    ),
    Example(
        "Rainbow Room sessions", "Is Tom still going to the Rainbow Room on Tuesdays?", "wellbeing"
    ),
    Example(
        "Rainbow Room", "Thank you for letting Isla use the Rainbow Room at lunchtime.", "wellbeing"
    ),
]
UNSEEN_RAINBOW = ("Rainbow Room for Jack", "Jack would like to go to the Rainbow Room at break.")


def test_corrections_teach_a_school_its_own_vocabulary(
    bundled: list[Example], model: MatterModel
) -> None:
    """A few staff corrections move a phrase the bundled examples do not know."""
    before = model.predict(*UNSEEN_RAINBOW)
    assert before.matter != "wellbeing"
    after = train(bundled, RAINBOW).predict(*UNSEEN_RAINBOW)
    assert after.matter == "wellbeing", after
    assert {"rainbow", "room"} & {w for item in after.evidence for w in item.lower().split()}


def test_corrections_weigh_more_than_bundled_examples(bundled: list[Example]) -> None:
    """The same examples count for more as corrections than as ordinary examples."""
    plain = MatterModel.fit([*bundled, *RAINBOW]).predict(*UNSEEN_RAINBOW)
    corrected = train(bundled, RAINBOW).predict(*UNSEEN_RAINBOW)
    assert CORRECTION_WEIGHT > 1.0
    assert corrected.matter == "wellbeing"
    assert plain.matter != "wellbeing" or corrected.score >= plain.score


def test_a_retrained_model_can_be_installed(bundled: list[Example]) -> None:
    """set_default_model puts a retrained model behind guess_matter; None goes back."""
    try:
        set_default_model(train(bundled, RAINBOW))
        assert guess_matter(*UNSEEN_RAINBOW).matter == "wellbeing"
    finally:
        set_default_model(None)
    assert guess_matter(*UNSEEN_RAINBOW).matter != "wellbeing"


# -- cost and correctness of the fast path ---------------------------------------------------


def test_training_is_fast(bundled: list[Example]) -> None:
    """Training on every bundled example takes well under 1.5 s (scikit-learn imported)."""
    MatterModel.fit(bundled[::20])  # imports done
    started = time.perf_counter()
    MatterModel.fit(bundled)
    assert time.perf_counter() - started < 1.5


def test_importing_the_module_does_not_import_scikit_learn() -> None:
    """A cycle with nothing new never pays for scikit-learn."""
    code = "import sys, classifiers.matter; print('sklearn' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_fast_rows_equal_the_fitted_matrix(bundled: list[Example]) -> None:
    """The hand-computed row of an email is the row scikit-learn computes for it."""
    import numpy as np

    from classifiers.matter import _Features, _prepare, _rule_hits

    prepared = [_prepare(e.subject, e.text) for e in bundled[::40]]
    features = _Features()
    matrix = features.fit_transform(prepared).toarray()
    for i, (subject, body) in enumerate(prepared):
        columns, values = features.row(subject, body, _rule_hits(subject, body))
        row = np.zeros(matrix.shape[1])
        row[columns] = values
        assert np.allclose(row, matrix[i])


def test_the_bundled_file_is_where_the_package_expects_it() -> None:
    """classifiers/data/matter_examples.jsonl ships beside the module."""
    assert BUNDLED_EXAMPLES == ROOT / "classifiers" / "data" / "matter_examples.jsonl"
    assert BUNDLED_EXAMPLES.is_file()


def test_default_model_is_trained_once(model: MatterModel) -> None:
    """default_model() returns the same cached model every time."""
    assert default_model() is default_model()
    assert set(default_model().matters) == set(MATTERS)


def test_every_matter_has_a_label() -> None:
    """The digest shows a human label for each matter."""
    assert set(MATTER_LABELS) == set(MATTERS)
    assert MATTER_LABELS["sen"] == "SEN and additional needs"
    assert all(label and label[0].isupper() for label in MATTER_LABELS.values())
