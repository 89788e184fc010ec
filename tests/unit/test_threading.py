"""Threads per parent and matter, from tables of realistic cases.

Each case is a list of emails in arrival order and the expected grouping of their ids.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from daemon.app import App
from daemon.clock import FixedClock
from daemon.config import parse_settings
from daemon.mailbox.memory import MemoryMailbox
from daemon.pipeline.similarity import Similarity
from daemon.store.db import make_engine, migrate
from daemon.store.models import Message, Thread
from tests.support.mail import make_mail

T0 = datetime(2026, 11, 9, 8, 30, tzinfo=UTC)
MUM = "Sarah Khan <sarah.khan@example.com>"
DAD = "Imran Khan <imran.khan@example.net>"
OFFICE = "Office <office@school.example>"


def mail(mid, sender=MUM, subject="", body="", reply_to_id=None, folder="INBOX", **kw):
    return (
        folder,
        make_mail(
            sender=sender,
            subject=subject,
            body=body,
            message_id=mid,
            in_reply_to=reply_to_id,
            references=[reply_to_id] if reply_to_id else None,
            to=kw.pop("to", "office@school.example"),
            **kw,
        ),
    )


CASES = {
    "reply headers join whatever the subject": (
        [
            mail(
                "a1", subject="Year 5 swimming", body="Does Zara need a swimming cap for Thursday?"
            ),
            mail("a2", subject="different words", body="Also goggles?", reply_to_id="a1"),
        ],
        [["a1", "a2"]],
    ),
    "same subject without reply headers joins": (
        [
            mail("b1", subject="Aisha's lost PE kit", body="Aisha has lost her navy PE bag."),
            mail("b2", subject="RE: Aisha's lost PE kit", body="Any news? It has her name inside."),
        ],
        [["b1", "b2"]],
    ),
    "same generic subject, different matters, stay apart": (
        [
            mail(
                "c1",
                subject="Question",
                body="When is the Year 4 trip to the Science Museum and is the consent form still needed?",
            ),
            mail(
                "c2",
                subject="Question",
                body="Our ParentPay balance for dinner money looks wrong, we were charged twice for lunches.",
            ),
        ],
        [["c1"], ["c2"]],
    ),
    "different subject, same matter by content, joins": (
        [
            mail(
                "d1",
                subject="Bullying on the playground",
                body="Leo came home upset again: two boys in Year 6 pushed him over at lunchtime and called him names. This is the third time this month.",
            ),
            mail(
                "d2",
                subject="Still worried",
                body="Following up about the boys in Year 6 pushing Leo over at lunchtime and calling him names. It happened again today.",
            ),
        ],
        [["d1", "d2"]],
    ),
    "different subject and different matter stay apart": (
        [
            mail(
                "e1",
                subject="Inhaler",
                body="Please make sure Leo's blue inhaler is kept in the classroom, he has asthma.",
            ),
            mail(
                "e2",
                subject="Uniform",
                body="Where can I buy the school jumper with the logo? The uniform shop is closed.",
            ),
        ],
        [["e1"], ["e2"]],
    ),
    "two parents of one child get a thread each": (
        [
            mail(
                "f1",
                sender=MUM,
                subject="Aisha's lost PE kit",
                body="Aisha's navy PE bag is missing.",
            ),
            mail(
                "f2",
                sender=DAD,
                subject="Aisha's lost PE kit",
                body="Aisha's PE kit is missing again.",
            ),
        ],
        [["f1"], ["f2"]],
    ),
    "a second parent replying in the thread joins it": (
        [
            mail(
                "g1",
                sender=MUM,
                subject="Parents evening",
                body="Could we book a slot to discuss Aisha's reading?",
            ),
            mail(
                "g2",
                sender=OFFICE,
                subject="Re: Parents evening",
                body="Of course, 4.30pm on Tuesday?",
                reply_to_id="g1",
                to="sarah.khan@example.com",
                cc="imran.khan@example.net",
            ),
            mail(
                "g3",
                sender=DAD,
                subject="Re: Parents evening",
                body="Tuesday works for both of us.",
                reply_to_id="g2",
            ),
        ],
        [["g1", "g2", "g3"]],
    ),
    "staff reply in Sent read before the parent's email still joins": (
        [
            mail(
                "h2",
                sender=OFFICE,
                subject="Re: Dentist",
                body="Thanks, noted.",
                reply_to_id="h1",
                folder="Sent",
                to="sarah.khan@example.com",
            ),
            mail(
                "h1",
                subject="Dentist",
                body="Aisha has a dentist appointment at 10am on Friday, she will be back by lunch.",
            ),
        ],
        [["h1", "h2"]],
    ),
    "a parent answering the school's first email opens a thread with it": (
        [
            mail(
                "i1",
                sender=OFFICE,
                subject="Reading book",
                body="Aisha has not brought her reading book back.",
                folder="Sent",
                to="sarah.khan@example.com",
            ),
            mail(
                "i2",
                subject="Re: Reading book",
                body="Sorry, it is under her bed. She will bring it tomorrow.",
                reply_to_id="i1",
            ),
        ],
        [["i1", "i2"]],
    ),
    "automated mail is never threaded": (
        [
            mail("j1", subject="Trip money", body="Has the trip money been received?"),
            mail(
                "j2",
                sender="Sarah Khan <sarah.khan@example.com>",
                subject="Automatic reply: Re: Trip money",
                body="I am away until Monday.",
                reply_to_id="j1",
                headers={"Auto-Submitted": "auto-replied"},
            ),
        ],
        [["j1"]],
    ),
}


@pytest.fixture
def app(tmp_path):
    settings = parse_settings(
        {
            "school": {"staff_domains": ["school.example"]},
            "mailbox": {"address": "office@school.example"},
            "database": {"url": f"sqlite:///{tmp_path / 'steward.db'}"},
        }
    )
    engine = make_engine(settings.database.url)
    migrate(engine)
    return App(settings=settings, engine=engine, clock=FixedClock(T0 + timedelta(days=5)))


def groups(app):
    with Session(app.engine) as s:
        out: dict[int, list[str]] = {}
        for m in s.exec(select(Message)).all():
            if m.thread_id is not None:
                out.setdefault(m.thread_id, []).append(m.message_id)
    return sorted(sorted(g) for g in out.values())


@pytest.mark.parametrize("name", list(CASES))
def test_threading(app, name):
    emails, expected = CASES[name]
    mb = MemoryMailbox()
    # One cycle per email, so they are read in the listed order whatever their folder.
    for i, (folder, raw) in enumerate(emails):
        mb.append(folder, raw, T0 + timedelta(hours=i))
        report = app.runner(source_factory=mb.connect, backoff_seconds=0).run_cycle()
        assert report.ok, report.errors
    assert groups(app) == sorted(sorted(g) for g in expected), name


def test_each_message_says_why_it_joined(app):
    """The reason for every threading decision is stored for people to read."""
    mb = MemoryMailbox()
    for i, (folder, raw) in enumerate(CASES["different subject, same matter by content, joins"][0]):
        mb.append(folder, raw, T0 + timedelta(hours=i))
    app.runner(source_factory=mb.connect).run_cycle()
    with Session(app.engine) as s:
        first, second = s.exec(select(Message).order_by(Message.received_at)).all()
        assert first.thread_reason == "first open matter for this parent"
        assert second.thread_reason.startswith("same matter by content (similarity ")


def test_a_follow_up_after_the_window_opens_a_new_thread(app):
    """Beyond threading.window_days a same-subject email is a new matter."""
    mb = MemoryMailbox()
    mb.append("INBOX", mail("w1", subject="Lost coat", body="Lost a red coat.")[1], T0)
    mb.append(
        "INBOX",
        mail("w2", subject="Lost coat", body="Lost a red coat.")[1],
        T0 + timedelta(days=40),
    )
    app.clock = FixedClock(T0 + timedelta(days=41))
    app.runner(source_factory=mb.connect).run_cycle()
    assert groups(app) == [["w1"], ["w2"]]


def test_idle_threads_close(app):
    """A thread with no activity for close_after_days is closed by the cycle."""
    mb = MemoryMailbox()
    mb.append("INBOX", mail("z1", subject="Coat", body="Lost coat")[1], T0)
    app.runner(source_factory=mb.connect).run_cycle()
    app.clock = FixedClock(T0 + timedelta(days=60))
    app.runner(source_factory=mb.connect).run_cycle()
    with Session(app.engine) as s:
        assert s.exec(select(Thread.status)).one() == "closed"


SIMILARITY_CASES = [
    (
        "same incident in other words",
        "Leo was pushed over at lunchtime by two Year 6 boys",
        ["Two Year 6 boys pushed Leo over at lunch again"],
        True,
    ),
    (
        "unrelated matter",
        "Is the swimming lesson on Thursday cancelled?",
        ["Our dinner money balance on ParentPay is wrong"],
        False,
    ),
    (
        "only the child's name in common",
        "Zara has a dentist appointment on Friday",
        ["Zara needs a new reading book", "Zara's jumper is lost"],
        False,
    ),
]


@pytest.mark.parametrize(("name", "query", "texts", "same"), SIMILARITY_CASES)
def test_similarity(name, query, texts, same):
    background = [
        "My son is off sick today with a temperature",
        "Please can you tell me when the trip is",
        "Dinner money has not gone through on ParentPay",
        "He has lost his jumper again",
    ]
    scores = Similarity(background).best_match(query, [[t] for t in texts])
    assert (max(scores) >= 0.3) is same, (name, scores)


def _sparse_best_match(similarity, query, groups, drop=()):
    """The comparison as sparse matrices (how it was first written): the reference that
    Similarity.best_match must match bit for bit."""
    import numpy as np
    from scipy import sparse
    from sklearn.preprocessing import normalize

    flat = [t for g in groups for t in g]
    if not flat:
        return [0.0 for _ in groups]
    matrix = similarity.vectors([query, *flat], drop)
    owners = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    if len(groups) > 1:
        present = (matrix[1:] > 0).astype(np.int8)
        per_group = (
            sparse.csr_matrix(
                (np.ones(len(owners)), (owners, np.arange(len(owners)))),
                shape=(len(groups), len(owners)),
            )
            @ present
        )
        shared = np.asarray((per_group > 0).sum(axis=0)).ravel() >= 2
        if shared.any():
            matrix = normalize(matrix @ sparse.diags((~shared).astype(float)))
    scores = (matrix[1:] @ matrix[0].T).toarray().ravel()
    best = [0.0] * len(groups)
    for owner, score in zip(owners, scores, strict=True):
        best[owner] = max(best[owner], float(score))
    return best


_WORDS = (
    "zara leo inhaler coach trip swimming lunch parentpay dinner money bullied pushed "
    "playground reading book jumper lost coat form consent museum science headache sick "
    "temperature dentist appointment uniform shoes homework maths spelling the a and on "
    "again please thanks khan smith"
).split()
_TEXT = st.lists(st.sampled_from(_WORDS), min_size=0, max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    background=st.lists(_TEXT, max_size=80),
    query=_TEXT,
    groups=st.lists(st.lists(_TEXT, min_size=1, max_size=4), min_size=1, max_size=5),
    drop=st.lists(st.sampled_from(_WORDS + ["Zara", "Khan"]), max_size=3),
)
def test_best_match_is_bit_for_bit_the_sparse_formulation(background, query, groups, drop):
    """The list-based comparison gives exactly the scores the sparse matrices give, so
    thread assignments and the similarity quoted in reasons do not move."""
    similarity = Similarity(background)
    assert similarity.best_match(query, groups, drop) == _sparse_best_match(
        similarity, query, groups, drop
    )


def test_thread_texts_are_the_latest_parent_messages_of_each_candidate(app):
    """Content matching compares with each open thread's newest parent messages (at most
    eight), read for all candidate threads at once."""
    mb = MemoryMailbox()
    for i in range(10):
        mb.append(
            "INBOX",
            mail(f"t{i}", subject="Inhaler", body=f"Inhaler note number {i}.")[1],
            T0 + timedelta(hours=i),
        )
    app.runner(source_factory=mb.connect).run_cycle()
    from daemon.pipeline.threads import Threader

    with Session(app.engine) as s:
        thread = s.exec(select(Thread)).one()
        (texts,) = Threader(s, app.settings.threading)._thread_texts([thread])
    assert len(texts) == 8
    assert texts[0].endswith("Inhaler note number 9.") and texts[-1].endswith("number 2.")


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=12))
def test_remembered_rows_are_exactly_the_hashed_texts(texts):
    """Texts hashed once and remembered give the same matrix as hashing them again."""
    from daemon.pipeline import similarity

    expected = similarity._HASHER.transform(texts)
    for _ in range(2):  # the second time every row comes from the cache
        got = similarity._CACHE.matrix(texts)
        assert (got != expected).nnz == 0 and got.shape == expected.shape
        assert (got.indptr == expected.indptr).all() and (got.indices == expected.indices).all()
