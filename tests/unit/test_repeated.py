"""The repeated flag: the same point raised again after the school answered it.

The hard cases are the follow-ups that look like repeats and are not: a new incident on an
old matter ("again at lunch today"), the document the school asked for, a question about the
answer, a confirmation that echoes it, an escalation to a formal complaint, and a re-raise
after the school only passed the email on or sent a holding reply. And the re-asks that
look new and are not: one line restating a long first email, a third ask that mixes the first
two, "it's wet again today" (the weather, not an incident), a refusal of the school's
condition that quotes it, a stray word of opinion.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from classifiers.base import PastMessage
from classifiers.repeated import Settings, detect

LONDON = ZoneInfo("Europe/London")


class Cal:
    tz = LONDON

    def working_days_back(self, moment: datetime, n: int) -> datetime:  # pragma: no cover
        raise AssertionError("repeated does not count working days")


CAL = Cal()


def at(stamp: str) -> datetime:
    return datetime.strptime(f"2026-{stamp}", "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)


def parent(mid: str, stamp: str, text: str, thread: int = 1, matter: str = "uniform",
           attachments: tuple[str, ...] = ()) -> PastMessage:  # fmt: skip
    return PastMessage(mid, at(stamp), "inbound", "parent", text, thread_id=thread,
                       matter=matter, attachments=attachments)  # fmt: skip


def staff(mid: str, stamp: str, text: str, thread: int = 1, matter: str = "uniform",
          holding: bool = False) -> PastMessage:  # fmt: skip
    return PastMessage(mid, at(stamp), "outbound", "staff", text, thread_id=thread,
                       matter=matter, is_holding_reply=holding)  # fmt: skip


SHOES = (
    "Dear Mr Hughes, Oliver was told by his form tutor today that his black trainers are not "
    "acceptable and he must wear black leather shoes from Monday. They are plain black with no "
    "logos, and he has flat feet so the trainers are the only shoes that don't hurt him. Could you "
    "please allow him to keep wearing them? Thanks, Claire"
)
ANSWER = (
    "Dear Mrs Bennett, our uniform policy asks for black leather school shoes, and trainers are "
    "not permitted even when plain black. If Oliver has a medical need, please send a letter "
    "from his GP or podiatrist and we will consider an exemption. Mr Hughes"
)
AGAIN = (
    "Dear Mr Hughes, I still don't understand why Oliver can't wear his black trainers. They are "
    "plain black with no logos and they are the only shoes that don't hurt his feet. Please allow "
    "him to keep wearing them. Claire"
)
BULLY = (
    "Hi, Dylan says some Year 8 boys on the bus keep calling him names and bullying him, taking "
    "his bag. Could someone speak to them please? Sian"
)
BULLY_ANSWER = (
    "Dear Mrs Hughes, I have spoken to the boys involved and their parents, and a member of staff "
    "will be at the bus stop this week. Mr Price"
)


CLUB = (
    "Dear Mrs Patel, could Isaac move to the Tuesday football club instead of the Thursday one? "
    "Thursdays clash with his swimming lessons at the leisure centre, and all his friends from "
    "class go on Tuesdays. He has been looking forward to it since September. Thanks, Priya Shah"
)
CLUB_ANSWER = (
    "Dear Mrs Shah, the Tuesday club is full and there is a waiting list. Isaac's name is on it "
    "and we'll let you know if a space comes up. Mrs Patel"
)


def club(*extra: PastMessage) -> list[PastMessage]:
    return [parent("c1", "11-02 18:00", CLUB, matter="clubs"),
            staff("c2", "11-03 10:00", CLUB_ANSWER, matter="clubs"), *extra]  # fmt: skip


def club_ask(stamp: str, text: str) -> PastMessage:
    return parent("new", stamp, text, matter="clubs")


def answered(*extra: PastMessage) -> list[PastMessage]:
    return [parent("p1", "11-02 19:30", SHOES), staff("s1", "11-03 11:20", ANSWER), *extra]


# name: (history, new message, fires?)
CASES: dict[str, tuple[list[PastMessage], PastMessage, bool]] = {
    "the same point after the answer": (answered(), parent("new", "11-10 08:15", AGAIN), True),
    "'I am asking you again' is repetition": (
        answered(),
        parent("new", "11-10 08:15", "Mr Hughes, Oliver's trainers are plain black and the only shoes that don't hurt his feet. I am asking you again to allow him to wear them."),
        True,
    ),
    "no answer yet: not repetition": (
        [parent("p1", "11-02 19:30", SHOES)], parent("new", "11-10 08:15", AGAIN), False,
    ),
    "a holding reply is not an answer": (
        [parent("p1", "11-02 19:30", SHOES), staff("h", "11-02 19:31", "We aim to respond within 3 working days.", holding=True)],
        parent("new", "11-10 08:15", AGAIN),
        False,
    ),
    "passing the email on is not an answer": (
        [parent("p1", "11-02 19:30", SHOES), staff("s1", "11-03 09:00", "Thank you for your email, I've passed this on to Mr Hughes who will get back to you.")],
        parent("new", "11-10 08:15", AGAIN),
        False,
    ),
    "the letter the school asked for is new information": (
        answered(),
        parent("new", "11-12 09:00", AGAIN + " The podiatrist letter is attached.", attachments=("letter.pdf",)),
        False,
    ),
    "'again at lunch today' is a new incident": (
        [parent("p1", "11-03 16:20", BULLY, matter="behaviour"), staff("s1", "11-04 12:10", BULLY_ANSWER, matter="behaviour")],
        parent("new", "11-12 16:05", "Hi, the boys on the bus were calling Dylan names again today and took his bag. Could someone speak to them please? Sian", matter="behaviour"),
        False,
    ),
    "'another incident' is new": (
        [parent("p1", "11-03 16:20", BULLY, matter="behaviour"), staff("s1", "11-04 12:10", BULLY_ANSWER, matter="behaviour")],
        parent("new", "11-12 16:05", "There has been another incident with the Year 8 boys on the bus calling Dylan names and taking his bag. Could someone speak to them please?", matter="behaviour"),
        False,
    ),
    "'bullied' and 'bullying' are one word": (
        [parent("p1", "11-03 16:20", BULLY, matter="behaviour"), staff("s1", "11-04 12:10", BULLY_ANSWER, matter="behaviour")],
        parent("new", "11-12 16:05", "Dylan says the Year 8 boys on the bus still keep calling him names and he is being bullied, they keep taking his bag. Could someone speak to them? Sian", matter="behaviour"),
        True,
    ),
    "a new date is new information": (
        answered(),
        parent("new", "11-10 08:15", AGAIN + " He has a hospital appointment about his feet on 24th."),
        False,
    ),
    "a formal complaint is the next step, not a repeat": (
        answered(),
        parent("new", "11-10 08:15", AGAIN + " If not, I will make a formal complaint to the governors."),
        False,
    ),
    "a confirmation echoes the answer": (
        answered(),
        parent("new", "11-03 12:00", "Thanks. Just to check, so Oliver needs black leather shoes, and if I send a letter from his GP or podiatrist you will consider an exemption?"),
        False,
    ),
    "a different question on the same matter": (
        answered(),
        parent("new", "11-12 08:10", "Now it's getting cold, is Oliver allowed to wear a plain black hoodie or fleece over his PE top for outdoor PE, or must it be the school one?"),
        False,
    ),
    "the same point in a new thread on the same matter": (
        answered(), parent("new", "11-10 08:15", AGAIN, thread=2), True,
    ),
    "an answer on another matter does not count": (
        [parent("p1", "11-02 19:30", SHOES), staff("s1", "11-03 11:20", ANSWER, thread=5, matter="trips")],
        parent("new", "11-10 08:15", AGAIN),
        False,
    ),
    "repeats only an email the school has not answered yet": (
        answered(parent("p2", "11-04 08:00", BULLY, thread=1)),
        parent("new", "11-10 08:15", BULLY.replace("Hi,", "Hello again,")),
        False,
    ),
    "too short to judge": (answered(), parent("new", "11-10 08:15", "Still no to trainers?"), False),
}  # fmt: skip

# The re-asks that do not look like the first email, each next to the follow-up it must not
# be confused with. name: (history, new message, fires?)
REASKS: dict[str, tuple[list[PastMessage], PastMessage, bool]] = {
    # One line restating a long first email shares few of its words but is all old words.
    "one line restating the first email": (
        club(), club_ask("11-05 19:00", "Sorry but I really think Isaac should be moved to the Tuesday club, Thursday clashes with swimming."), True,
    ),
    "one line asking something else on the matter": (
        club(), club_ask("11-05 19:00", "Sorry, one more thing: does Isaac need his own shin pads and boots for the Thursday club?"), False,
    ),
    # The third ask is compared with everything the parent said that the school answered.
    "a third ask mixing the first two": (
        club(parent("c3", "11-04 18:00", "He's now refusing to go to football on Thursdays and cries before training. Please move him to Tuesday.", matter="clubs"),
             staff("c4", "11-05 09:00", "As I said, the Tuesday club is full; Isaac is on the waiting list.", matter="clubs")),
        club_ask("11-09 19:00", "Once more: he is refusing football on Thursdays and cries before training, so please move him to Tuesdays."),
        True,
    ),
    # "move" is a stop word to the vectoriser and "moved" is not: both were said.
    "a word said before in another form": (
        club(parent("c3", "11-04 18:00", "Please could Isaac move to the Tuesday club and keep his place in swimming on Thursdays?", matter="clubs"),
             staff("c4", "11-05 09:00", "As I said, the Tuesday club is full; Isaac is on the waiting list.", matter="clubs")),
        club_ask("11-09 19:00", "I'm asking again for Isaac to be moved to Tuesdays so he keeps his place in swimming."),
        True,
    ),
    "words only from an email the school has not answered yet": (
        club(parent("c3", "11-04 18:00", "Also, his bike was left out in the rain by the cycle shed gate, could it go inside?", matter="clubs")),
        club_ask("11-09 19:00", "Isaac's bike is still left out in the rain by the cycle shed gate, could it go inside please?"),
        False,
    ),
    # A stray word of opinion is not news; two new words in a short email are.
    "one stray new word in a short re-ask": (
        club(), club_ask("11-05 19:00", "I still think he belongs in the Tuesday club, honestly."), True,
    ),
    "two new words in a short email": (
        club(), club_ask("11-05 19:00", "I still think he belongs in the Tuesday club with his cousin."), False,
    ),
    "judgement words are not information": (
        club(), club_ask("11-09 19:00", "Still waiting for a proper explanation of why Isaac can't have Tuesday. It would be far better for his swimming."), True,
    ),
    # "Again today" about the weather is not an incident; about the child it is.
    "the weather again today is not an incident": (
        answered(), parent("new", "11-10 08:15", "It's wet again today so Oliver has gone in his black trainers, they are plain and the only shoes that don't hurt."), True,
    ),
    "pushed again today is an incident": (
        [parent("p1", "11-03 16:20", BULLY, matter="behaviour"), staff("s1", "11-04 12:10", BULLY_ANSWER, matter="behaviour")],
        parent("new", "11-12 16:05", "It's wet again today, and on the bus the Year 8 boys were calling Dylan names and taking his bag again.", matter="behaviour"),
        False,
    ),
    # Refusing the school's condition quotes it and is still the same point; leaning on the
    # answer's words more than on one's own is working with the answer.
    "refusing the answer's condition": (
        answered(), parent("new", "11-10 08:15", "As I said, Oliver needs to wear his black trainers. I don't have time to get a letter from his GP."), True,
    ),
    "building on the answer's terms": (
        answered(), parent("new", "11-10 08:15", "So Oliver can keep his black trainers if I send a GP or podiatrist letter and you agree an exemption?"), False,
    ),
    # Taking the answer on board, even in the first email's words, is not repeating it.
    "accepting the answer in the first email's words": (
        answered(), parent("new", "11-03 18:00", "Thanks for explaining. Oliver will wear black leather shoes from Monday then."), False,
    ),
    "fair enough": (
        answered(), parent("new", "11-03 18:00", "Fair enough, Oliver will wear the black leather shoes from Monday."), False,
    ),
    "fair enough, but the same point": (
        answered(), parent("new", "11-03 18:00", "Fair enough. But the plain black trainers are still the only shoes that don't hurt Oliver's feet, please allow them."), True,
    ),
    "thanks for acting on it": (
        [parent("p1", "11-03 16:20", BULLY, matter="behaviour"), staff("s1", "11-04 12:10", BULLY_ANSWER, matter="behaviour")],
        parent("new", "11-05 16:05", "Thank you for speaking to the Year 8 boys on the bus about Dylan and his bag.", matter="behaviour"),
        False,
    ),
    "thanks, but the same point": (
        answered(), parent("new", "11-03 18:00", "Thanks for explaining, but I still think Oliver should wear his black trainers, they are the only shoes that don't hurt his feet."), True,
    ),
    # Asking to meet is the next step of the complaints procedure, not a repeat.
    "asking to meet about it": (
        answered(), parent("new", "11-10 08:15", AGAIN + " Could we arrange a meeting about it?"), False,
    ),
    # A new time, amount or count is a new proposal; a year group is only a label.
    "a new time is new information": (
        club(), club_ask("11-05 19:00", "Isaac can't do Thursday because of swimming, could he go to the Tuesday club at 4.30 instead?"), False,
    ),
    "a year group is not new information": (
        club(), club_ask("11-05 19:00", "Isaac can't do Thursday because of swimming, could he go to the Year 5 Tuesday club instead?"), True,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", REASKS)
def test_reasks_that_look_new(name: str) -> None:
    history, message, fires = REASKS[name]
    found = detect(message, history, calendar=CAL)
    assert (found is not None) is fires, found


def test_evidence_names_the_words_said_before_and_the_new_ones() -> None:
    message = club_ask("11-05 19:00", "I still think he belongs in the Tuesday club, honestly.")
    found = detect(message, club(), calendar=CAL)
    assert found is not None
    assert found.evidence["same_words"] == ["tuesday", "club"]
    assert found.evidence["new_words"] == ["belong"]
    assert "(2 of 3 key words said before)" in found.explanation
    assert "(33% new words)" in found.explanation


@pytest.mark.parametrize("name", CASES)
def test_repeated_cases(name: str) -> None:
    history, message, fires = CASES[name]
    found = detect(message, history, calendar=CAL)
    assert (found is not None) is fires, found


def test_evidence_and_explanation() -> None:
    """Evidence: the earlier email, the school's answer it ignores, the share of new words."""
    found = detect(parent("new", "11-10 08:15", AGAIN), answered(), calendar=CAL)
    assert found is not None and found.kind == "repeated"
    ev = found.evidence
    assert ev["repeats"]["id"] == "p1" and ev["repeats"]["at"].startswith("2026-11-02T19:30")
    assert ev["answer"]["id"] == "s1" and ev["answer"]["text"] == ANSWER[:200]
    assert 0 <= ev["new_word_share"] <= 0.25
    assert re.fullmatch(
        r"Raises the same point as Mon 2 Nov \(\d+ of \d+ key words said before\) after the school answered "
        r"on Tue 3 Nov; little new information \(\d+% new words\)",
        found.explanation,
    ), found.explanation
    assert 0 < found.score <= 1


def test_history_with_the_message_itself_and_unsorted() -> None:
    message = parent("new", "11-10 08:15", AGAIN)
    assert detect(message, [message, *reversed(answered())], calendar=CAL) is not None


# --- one test per Settings knob -------------------------------------------------------------


def test_similarity() -> None:
    """The share of the new email's words of substance the parent had already written."""
    text = "Sorry but I really think Isaac should be moved to the Tuesday club, Thursday clashes with swimming and cricket."
    history, message = club(), club_ask("11-05 19:00", text)  # 7 of 8 said before
    assert detect(message, history, Settings(similarity=0.85), calendar=CAL) is not None
    assert detect(message, history, Settings(similarity=0.9), calendar=CAL) is None


def test_max_new_share() -> None:
    extra = AGAIN + " Trainers cushion his arches and soles properly during running."
    history, message = answered(), parent("new", "11-10 08:15", extra)
    assert detect(message, history, Settings(max_new_share=0.6), calendar=CAL) is not None
    assert detect(message, history, Settings(max_new_share=0.05), calendar=CAL) is None


def test_lookback_days() -> None:
    history, message = answered(), parent("new", "11-24 08:15", AGAIN)
    assert detect(message, history, calendar=CAL) is not None
    assert detect(message, history, Settings(lookback_days=14), calendar=CAL) is None


def test_min_words() -> None:
    short = "Please let Oliver wear his black trainers, they don't hurt his feet."
    history, message = answered(), parent("new", "11-10 08:15", short)
    assert detect(message, history, Settings(min_words=20), calendar=CAL) is None
    assert detect(message, history, Settings(min_words=5), calendar=CAL) is not None


@pytest.mark.parametrize(
    "bad", [{"similarity": 1.2}, {"max_new_share": -0.1}, {"lookback_days": 0}, {"min_words": -1}]
)
def test_settings_reject_nonsense_naming_the_key(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        Settings(**bad)  # type: ignore[arg-type]


# --- the email says it is asking again --------------------------------------------------------
# Fewer words in common than "same words" needs (politeness, sarcasm, other wordings, non-native
# English), but the parent says in so many words that this is the same request again.

REFUND = "Hello, Jack can't go on the outdoor centre residential now, could we have the £60 deposit back? Thanks, Kerry"
REFUND_ANSWER = "Dear Ms Dale, the deposit is non-refundable as it has been paid to the centre, as the trip letter explains. Mrs Okoro"


def refund(*extra: PastMessage) -> list[PastMessage]:
    return [parent("d1", "11-02 18:00", REFUND, matter="trips"),
            staff("d2", "11-03 10:00", REFUND_ANSWER, matter="trips"), *extra]  # fmt: skip


def refund_ask(text: str) -> PastMessage:
    return parent("new", "11-06 20:00", text, matter="trips")


SAYS_AGAIN: dict[str, tuple[str, bool]] = {
    "as I said, politely sarcastic": ("Dear Mrs Okoro, how very kind of you to reply. As I said, we would like the deposit back, surely you can see that Jack isn't going. Kerry", True),
    "non-native 'I ask again'": ("Thank you. I ask again please, the deposit give back to us, Jack not go to residential. Kerry", True),
    "one more time, curt": ("Right. I'll say it one more time: Jack isn't going, so the deposit should come back to us. Kerry", True),
    "formal 'further to my earlier email'": ("Dear Mrs Okoro, further to my earlier email, I would be grateful if the deposit could be returned, as Jack will not now be attending the residential. Yours, Kerry Dale", True),
    "text-speak 'like i said'": ("like i said jack isnt going so can we get the deposit back pls", True),
    "we still feel": ("Hi, we still feel the deposit should come back to us as Jack won't be at the residential at all. Kerry", True),
    "please reconsider": ("Hi Mrs Okoro, please reconsider about the deposit, it seems harsh when Jack won't even be there. Kerry", True),
    # Hard negatives: the same words of asking again, with news, a new incident, a new date,
    # the next step of the procedure, or a question on another part of the matter.
    "as I said, but now with a doctor's letter mentioned": ("As I said, we would like the deposit back: Jack's consultant has now confirmed he needs surgery on his ankle. Kerry", False),
    "again, but a new incident today": ("I ask again that someone looks at this: Jack was upset again at lunch today about the residential and the deposit. Kerry", False),
    "again, but a new date": ("Like I said, could the deposit come back? Jack's surgery is on 18th December. Kerry", False),
    "again, and a formal complaint": ("As I said, we want the deposit back, and if not I will make a formal complaint to the governors. Kerry", False),
    "a different question on the same trip": ("As I said before, Jack won't be going. Could his sleeping bag be returned from the minibus? Kerry", False),
    "asks again, then accepts": ("I asked again about the deposit but fair enough, thanks for explaining. Kerry", False),
}  # fmt: skip


@pytest.mark.parametrize("name", SAYS_AGAIN)
def test_says_it_asks_again(name: str) -> None:
    text, fires = SAYS_AGAIN[name]
    found = detect(refund_ask(text), refund(), calendar=CAL)
    assert (found is not None) is fires, found
    if found is not None and found.evidence["route"] == "says again":
        assert found.evidence["says_again"].lower() in text.lower()
        assert found.evidence["says_again"] in found.explanation


def test_paraphrased_wordings_need_the_words_of_asking_again() -> None:
    """The formal wording shares too few words to be the same words: its words of asking
    again are what catch it, and without them it does not fire."""
    for name, marker in [("formal 'further to my earlier email'", "further to my earlier email")]:
        text = SAYS_AGAIN[name][0]
        found = detect(refund_ask(text), refund(), calendar=CAL)
        assert found is not None and found.evidence["route"] == "says again", found
        assert found.evidence["says_again"] == marker
        plain = text.replace(marker, "about my email")
        assert detect(refund_ask(plain), refund(), calendar=CAL) is None, plain


def test_says_again_without_an_answer_is_not_repetition() -> None:
    only_ack = [parent("d1", "11-02 18:00", REFUND, matter="trips"),
                staff("d2", "11-03 10:00", "Thanks, I've passed this to Mrs Okoro.", matter="trips")]  # fmt: skip
    text = SAYS_AGAIN["as I said, politely sarcastic"][0]
    assert detect(refund_ask(text), only_ack, calendar=CAL) is None


def test_says_again_quotes_the_words_and_the_point() -> None:
    text = SAYS_AGAIN["formal 'further to my earlier email'"][0]
    found = detect(refund_ask(text), refund(), calendar=CAL)
    assert found is not None
    assert found.explanation == (
        'Says it is asking again ("further to my earlier email") about the point of Mon 2 Nov '
        "(deposit) after the school answered on Tue 3 Nov; little new information (33% new words)"
    )
    assert found.evidence["new_words"] == ["return", "attend"]


# --- the third ask ------------------------------------------------------------------------------
# Asked, answered, asked again, answered again: a third ask on the point is a repeat even when
# it is worded as a check or shares a single word of substance.

SCARF = "Hi, can Ruby keep her pink scarf on in lessons? The classrooms are freezing. Thanks, Gemma"
SCARF_ANSWER = "Hi Gemma, scarves have to come off in lessons for safety, but Ruby can wear a thermal top under her shirt."
SCARF_AGAIN = "Ok but can Ruby keep the pink scarf on in lessons? It is only a thin one."
SCARF_ANSWER_2 = "Hi Gemma, no, I'm afraid scarves must come off in lessons, as before."


def scarf_twice() -> list[PastMessage]:
    return [parent("f1", "11-02 08:00", SCARF), staff("f2", "11-02 12:00", SCARF_ANSWER),
            parent("f3", "11-03 18:00", SCARF_AGAIN), staff("f4", "11-04 09:00", SCARF_ANSWER_2)]  # fmt: skip


def scarf_once_then_other() -> list[PastMessage]:
    other = "Thanks. Which shop sells the school PE socks, and does she need shin pads for hockey?"
    return [parent("f1", "11-02 08:00", SCARF), staff("f2", "11-02 12:00", SCARF_ANSWER),
            parent("f3", "11-03 18:00", other), staff("f4", "11-04 09:00", "The uniform shop on Bridge Street; yes, shin pads please.")]  # fmt: skip


THIRD: dict[str, tuple[str, bool]] = {
    "'just to check' a third time": ("So just to check, there's really no chance she can keep the scarf on in class?", True),
    "worded as a plea": ("Honestly, is the scarf really such a big deal? She's freezing.", True),
    "formal": ("With respect, I would ask that the school permits the scarf during lessons.", True),
    "non-native": ("Please, the scarf she can keep in lessons, yes? She very cold.", True),
    "text-speak": ("so can she keep her scarf on or not?? shes freezing", True),
    # Hard negatives: a third message that asks something else, and news in the third ask.
    "a question about something else": ("Thanks, and can she bring a hot water bottle for the bus on trip days?", False),
    "news in the third ask": ("Just to check about the scarf: her GP says she has Raynaud's and must keep warm, is that different?", False),
}  # fmt: skip


@pytest.mark.parametrize("name", THIRD)
def test_third_ask(name: str) -> None:
    text, fires = THIRD[name]
    found = detect(parent("new", "11-05 07:50", text), scarf_twice(), calendar=CAL)
    assert (found is not None) is fires, found
    if found is not None:
        assert found.evidence["route"] in ("third time", "same words")


@pytest.mark.parametrize("name", [n for n, (_, fires) in THIRD.items() if fires])
def test_a_second_ask_worded_as_a_check_is_not_a_third(name: str) -> None:
    """The same wording after one answer and a different question is not a third ask."""
    text = THIRD[name][0]
    found = detect(parent("new", "11-05 07:50", text), scarf_once_then_other(), calendar=CAL)
    assert found is None or found.evidence["route"] != "third time", found


# Round 3: re-asks in every register that say they are re-asks, and the conversation that only
# answers the school. The thread: a request to change a reading group, and the school's answer.
GROUP = (
    "Dear Miss Ortiz, Maya is in the blue reading group but she reads chapter books at home "
    "every night. Could she move up to the green group? Thanks, Lena"
)
GROUP_ANSWER = (
    "Dear Mrs Novak, reading groups are reviewed at the end of each half term using the "
    "assessments. Maya will be looked at then, and she can take green books home meanwhile."
)


def group(*extra: PastMessage) -> list[PastMessage]:
    return [parent("g1", "11-02 18:00", GROUP, matter="learning"),
            staff("g2", "11-03 12:00", GROUP_ANSWER, matter="learning"), *extra]  # fmt: skip


def group_ask(text: str, stamp: str = "11-05 20:00", **kw: Any) -> PastMessage:
    return parent("new", stamp, text, matter="learning", **kw)


# name: (new message, history, fires?)
REASK_FAMILIES: dict[str, tuple[PastMessage, list[PastMessage], bool]] = {
    "still not clear why, chatty": (
        group_ask("Hiya, still not clear why Maya has to stay in blue when she's flying through "
                  "chapter books. Surely green would stretch her more than waiting weeks?"),
        group(), True,
    ),
    "I still fail to see, formal": (
        group_ask("Dear Miss Ortiz, I still fail to see why Maya cannot be moved to the green "
                  "group now, given how confidently she reads at home."),
        group(), True,
    ),
    "text-speak, again": (
        group_ask("sorry but im asking agen can maya go up to green group she reads loads at "
                  "home"),
        group(), True,
    ),
    "non-native, repeat the request": (
        group_ask("Please I ask one more time, Maya must go in green reading group, she read "
                  "big books at home already."),
        group(), True,
    ),
    "sarcastic, words of one syllable": (
        group_ask("Let me try again, slowly this time. Maya. Reads. Chapter. Books. Move her to "
                  "green."),
        group(), True,
    ),
    "sarcastic, third time lucky": (
        group_ask("Third time lucky? Maya is bored stiff in blue and belongs in green."),
        group(), True,
    ),
    "formal, further to your reply": (
        group_ask("Dear Miss Ortiz, further to your reply, I would respectfully ask that you "
                  "review Maya's reading group. She is reading well beyond the blue books."),
        group(), True,
    ),
    "I do not accept, formal": (
        group_ask("I do not accept that Maya must wait until the end of term to join the green "
                  "reading group. She is ready now."),
        group(), True,
    ),
    # hard negatives next to them
    "still, but new information: a report": (
        group_ask("I'm still not clear why Maya is in blue: her tutor's report (attached) puts "
                  "her reading age at 11.", attachments=("report.pdf",)),
        group(), False,
    ),
    "reconsider after a new assessment": (
        group_ask("Could you reconsider the reading group? She was assessed by the SENCO this "
                  "week and has now been moved up a level in phonics."),
        group(), False,
    ),
    "try again about something else": (
        group_ask("The online reading log won't load on my phone, I'll try again later with the "
                  "laptop."),
        group(), False,
    ),
    "accepts the answer, perfect": (
        group_ask("Perfect, thanks for explaining, green books at home it is until half term."),
        group(), False,
    ),
    "no answer yet": (
        group_ask("Hiya, still not clear why Maya has to stay in blue when she reads chapter "
                  "books every night."),
        group()[:1], False,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", REASK_FAMILIES)
def test_reasks_that_say_so(name: str) -> None:
    message, history, fires = REASK_FAMILIES[name]
    found = detect(message, history, calendar=CAL)
    assert (found is not None) is fires, found


def test_answering_the_schools_question_is_a_conversation() -> None:
    """Short replies to the school's own questions repeat the parent's earlier answers (the
    day, the time) but raise nothing again."""
    history = [
        parent("m1", "11-18 09:00", "Could we meet about Leo's spelling please?", matter="meeting"),
        staff("m2", "11-18 09:30", "Of course. Would Monday or Tuesday suit?", matter="meeting"),
        parent("m3", "11-18 09:40", "Monday please, after school.", matter="meeting"),
        staff("m4", "11-18 10:00", "Is 3.15 or 4.00 better?", matter="meeting"),
        parent("m5", "11-18 10:05", "4.00 is better for us on Monday.", matter="meeting"),
        staff("m6", "11-18 11:00", "Lovely. Leo can join at the end if he likes.", matter="meeting"),
    ]  # fmt: skip
    reply = parent("m7", "11-18 11:10", "Great, we'll both come then, Monday at 4.00 after "
                   "school. Thanks!", matter="meeting")  # fmt: skip
    assert detect(reply, history, calendar=CAL) is None
