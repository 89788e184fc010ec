"""The safeguarding classifier, from tables of British parent emails.

Recall matters more than precision: every realistic way a parent might tell the school that
a child could be at risk must raise the alert, including the indirect ones ("I'm worried
about what's going on at home for her friend"). Each case is the parent's words and a
category the DSL should see among the evidence. The negatives are the plainly benign
near misses: idioms ("killing time", "dying to see it"), lost property that has "gone
missing", "missing school" for a dentist appointment, a knife and fork at lunch.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.safeguarding import CATEGORY_LABELS, Settings, detect

# name: (subject, body, a category the evidence must include)
ALERTS: dict[str, tuple[str, str, str]] = {
    "disclosure of a parent hitting": ("", "He told me his dad hits him.", "disclosure"),
    "disclosure with not wanting to go home": (
        "Maisie",
        "Sorry to email so late. Maisie said she doesn't want to go home tonight because her "
        "dad hits her when he's been drinking.",
        "disclosure",
    ),
    "partner's violence to the parent": (
        "",
        "My partner hit me in front of the children last night.",
        "disclosure",
    ),
    "hit by mum's boyfriend": (
        "",
        "He said his mum's new partner smacks him when he's naughty.",
        "disclosure",
    ),
    "touched her": ("", "She said her uncle touched her.", "sexual_abuse"),
    "secret game": ("", "He said grandad plays a 'secret game' with him.", "sexual_abuse"),
    "cutting herself": ("", "I found out she has been cutting herself.", "self_harm"),
    "wants to die": ("", "He keeps saying he wants to die.", "self_harm"),
    "kill himself": ("", "He's been talking about killing himself.", "self_harm"),
    "overdose": ("", "We had to call an ambulance because she took an overdose.", "self_harm"),
    "better off without him": (
        "",
        "He said something really worrying at bedtime, that everyone would be better off "
        "without him.",
        "self_harm",
    ),
    "not wanting to be here any more": (
        "",
        "He doesn't want to be here any more.",
        "self_harm",
    ),
    "indirect worry about a friend's home": (
        "",
        "I'm worried about what's going on at home for her friend.",
        "concern",
    ),
    "doesn't want to go home": (
        "",
        "She said she doesn't want to go home.",
        "domestic_abuse",
    ),
    "scared of mum's boyfriend": ("", "She is scared of her mum's boyfriend.", "domestic_abuse"),
    "police called at home": (
        "",
        "Can someone keep an eye on Tom today? Things have been really difficult at home and "
        "the police were called last night.",
        "domestic_abuse",
    ),
    "not fed and left alone": (
        "",
        "Her friend told her she isn't being fed at home and is left on her own all weekend.",
        "neglect",
    ),
    "no food in the house": (
        "",
        "They don't have any food in the house and the electric has been cut off.",
        "neglect",
    ),
    "didn't come home": (
        "",
        "Lily didn't come home after school and we can't find her.",
        "missing",
    ),
    "ran away": ("", "He ran away last night and the police brought him back.", "missing"),
    "missing child in the subject": ("Max has gone missing", "Please call me.", "missing"),
    "stranger online": (
        "",
        "She has been talking to a man on Snapchat who asked her for photos.",
        "online",
    ),
    "nude images": (
        "",
        "My daughter has been sent nude pictures by a boy in year 10.",
        "online",
    ),
    "county lines": (
        "",
        "We think he is involved in county lines, he has cash he can't explain.",
        "exploitation",
    ),
    "made to carry things": (
        "",
        "My son told me a boy in year 9 is making the younger kids carry stuff for him.",
        "exploitation",
    ),
    "FGM": (
        "",
        "Her family are taking her abroad this summer for a special ceremony to become a woman.",
        "fgm",
    ),
    "forced marriage": ("", "She is being forced to marry her cousin.", "forced_marriage"),
    "radicalisation": (
        "",
        "He has been watching extremist videos and talking about the far right.",
        "radicalisation",
    ),
    "threat to stab a child": ("", "An older boy threatened to stab him after school.", "threat"),
    "stranger at the gates": (
        "",
        "There's a man hanging around the school gates taking photos.",
        "threat",
    ),
    "not allowed contact": (
        "",
        "I'm worried my ex will try to pick her up from school - he is not allowed contact.",
        "threat",
    ),
    "bruises with an odd explanation": (
        "",
        "He has bruises on his arms and says he fell down the stairs but I don't believe him.",
        "injury",
    ),
    "adult in school": (
        "",
        "The TA grabbed him by the arm and dragged him out of the room.",
        "staff_allegation",
    ),
    "hurt by another child": (
        "",
        "He was punched in the face by a boy in year 6 at lunch.",
        "child_on_child",
    ),
    "indirect: doesn't like being at home": (
        "",
        "I'm a bit worried about Chloe, she's been really withdrawn and said she doesn't like "
        "being at home when her mum's boyfriend is there.",
        "domestic_abuse",
    ),
    "kicked out": ("", "Kai turned up at ours at 10pm saying he'd been kicked out.", "neglect"),
    "rather die": ("", "She said she'd rather die than go back to that house.", "self_harm"),
    "cutting again": (
        "",
        "She's been cutting again, I found blood on her sheets.",
        "self_harm",
    ),
    "gifts he can't explain": (
        "",
        "He comes home with expensive trainers and money and says a friend gave them to him.",
        "exploitation",
    ),
    "approached by a man in a car": (
        "",
        "My son has been approached by a man in a car who asked if he wanted a lift.",
        "threat",
    ),
    "had to leave the house": (
        "",
        "Sorry he's not in today, we had to leave the house last night because of my partner.",
        "domestic_abuse",
    ),
    "taken abroad to marry": (
        "",
        "Her uncle keeps saying she'll be taken back to Pakistan to get married.",
        "forced_marriage",
    ),
    "adult asking a child to his room": (
        "",
        "My daughter says the caretaker keeps asking her to come to his room.",
        "threat",
    ),
    "frightened for my life": (
        "",
        "I'm frightened for my life and the children's.",
        "domestic_abuse",
    ),
    "strangled by another child": (
        "",
        "My son said he was strangled by a boy in the toilets.",
        "child_on_child",
    ),
    "talk of blowing up the school": (
        "",
        "I'm worried about my son, he's been talking about blowing up the school.",
        "threat",
    ),
    "fight at home": (
        "",
        "There was a fight at home last night and Lily saw everything.",
        "domestic_abuse",
    ),
    "parent out of prison": (
        "",
        "Please can you keep an eye on Jacob, his dad has just come out of prison.",
        "concern",
    ),
    "child threatening others": (
        "",
        "He has said he wants to stab the boys who bully him.",
        "threat",
    ),
    "goodbye message": (
        "",
        "Can you check on Lucy? She sent a really worrying message last night saying goodbye to "
        "everyone.",
        "self_harm",
    ),
    "people at home who hurt him": (
        "",
        "He says there are people at home who hurt him.",
        "disclosure",
    ),
    "negation is still a mention": (
        "",
        "I have no safeguarding concerns, just letting you know he is staying at his nan's.",
        "concern",
    ),
    "curly apostrophes": ("", "She said she doesn\u2019t want to go home.", "domestic_abuse"),
    "self-harm in capitals": ("", "SHE HAS BEEN SELF HARMING AGAIN.", "self_harm"),
    # --- self-harm signs ----------------------------------------------------------------
    "scratches on a named child's wrists": (
        "",
        "When I was doing Maya's hair I noticed scratches along Maya's wrists, fresh ones.",
        "self_harm",
    ),
    "burn marks on his upper arm": (
        "",
        "There are burn marks on his upper arm and he won't tell me how he got them.",
        "self_harm",
    ),
    "hurting herself": ("", "I think Poppy has been hurting herself in her room.", "self_harm"),
    "hides her arms": (
        "",
        "She insists on long sleeves even in this heat and won't let me see her arms.",
        "self_harm",
    ),
    # --- neglect of another child -------------------------------------------------------
    "friend hadn't eaten": (
        "",
        "Her friend stayed over and said she hadn't eaten since yesterday.",
        "neglect",
    ),
    "friend puts herself to bed": (
        "",
        "A girl in Mia's class told her she gets herself ready for school every day because "
        "nobody is home in the mornings.",
        "neglect",
    ),
    "clothes in holes and too small": (
        "",
        "I'm worried about a girl in Ruby's class - her shoes are far too small and there are "
        "holes in her jumper.",
        "neglect",
    ),
    # --- adults approaching children ----------------------------------------------------
    "man chatting to kids on the way home": (
        "",
        "Two of the Year 5s said a man keeps chatting to them on the walk home from school.",
        "threat",
    ),
    "adult buying children cigarettes": (
        "",
        "There's a guy outside the chip shop who has been buying them cigarettes.",
        "threat",
    ),
    "invited round to his house": (
        "",
        "A man at the rec asked my son and his friend to come round to his house to play "
        "his console.",
        "threat",
    ),
    # --- older boyfriend, staying away --------------------------------------------------
    "boyfriend who is twenty": (
        "",
        "Her new boyfriend, who is 20, picks her up from the bus stop most days. She is in "
        "Year 10.",
        "exploitation",
    ),
    "19-year-old girlfriend": (
        "",
        "He has a 19 year old girlfriend and has been staying out late.",
        "exploitation",
    ),
    "staying at her boyfriend's": (
        "",
        "She keeps staying over at her boyfriend's and won't tell me his address.",
        "exploitation",
    ),
    # --- frightened of a family member --------------------------------------------------
    "frightened when dad comes home": (
        "",
        "My nephew gets frightened whenever his dad comes home from the pub.",
        "domestic_abuse",
    ),
}

# name: (subject, body) that must not raise an alert
QUIET: dict[str, tuple[str, str]] = {
    "idioms": (
        "",
        "We were killing time before the show - Ava is dying to see it. The homework is "
        "killing him this week!",
    ),
    "kit reminder": ("PE", "Please can Oliver bring his PE kit on Thursday? Thanks."),
    "lost coat has gone missing": (
        "Lost property",
        "His coat has gone missing again, it is navy with his name in.",
    ),
    "hit the roof": ("", "Dad hit the roof when he saw the report!"),
    "missing school for the dentist": (
        "",
        "He is missing school on Friday for a dentist appointment.",
    ),
    "knife and fork": ("", "He can now use a knife and fork at lunch, thank you!"),
    "photos on the app": ("", "Could you send the photos from sports day on the app?"),
    "ADHD tablets": ("", "He had his ADHD tablets this morning so should be fine."),
    "hurt feelings": ("", "It hurt his feelings when they didn't pick him for the team."),
    "hurt knee in PE": ("", "Noah hurt his knee in PE today, could you check the accident book?"),
    "dying for a cup of tea": ("", "Thanks for the coffee morning, I was dying for a cuppa!"),
    "DBS for a volunteer": (
        "Volunteering",
        "I'd love to help on the trip, I have an up to date DBS disclosure from work.",
    ),
    "sex education lesson": (
        "",
        "Can I see the materials for the sex and relationships education lessons?",
    ),
    "dog grooming": ("", "Sorry she was late, the dog grooming appointment overran."),
    "nerf gun": ("", "He brought a nerf gun in for show and tell, sorry, please send it home."),
    "dad collecting on Fridays": (
        "",
        "Just to let you know, his dad will be picking him up on Fridays from now on.",
    ),
    "praise": ("", "Thank you for the lovely report, we are so proud of her."),
    "homework help": (
        "",
        "Lily is struggling with her times tables and gets upset doing homework. Any tips?",
    ),
    # --- hard negatives: idioms, games, props, sore feet, defending themselves ----------
    "mum will kill me for mentioning it": (
        "",
        "Mum will kill me for mentioning it, but Jake forgot his swimming bag today.",
    ),
    "hit by a netball": (
        "Netball",
        "Evie was hit in the face by a netball at club and has a little bruise, she's fine.",
    ),
    "rounders bat": ("", "The rounders bat hit her hand in PE, just a bit sore."),
    "new shoes hurt": ("", "His new school shoes really hurt him so he may walk slowly today."),
    "sore teeth": ("", "His teeth hurt after the brace was tightened, so soft food please."),
    "pushed him away": (
        "Detention",
        "He only pushed him away when the other lad grabbed his bag, so why the detention?",
    ),
    "plastic sword for World Book Day": (
        "",
        "Can he bring a plastic sword for his World Book Day costume?",
    ),
    "dagger prop for the show": ("", "Does Finn need to bring a dagger for the props table?"),
    "parent collecting at the gate": (
        "",
        "I'm waiting for him outside the school gates at 3 with his brother in the car.",
    ),
    "stranger at assembly is a visitor": (
        "",
        "The man from the fire service talked to the children about safety in assembly.",
    ),
    "no coat, left at school": ("", "She came home with no coat today, is it in lost property?"),
    "quoted history is not the parent's words": (
        "Re: Trip",
        "Thanks, that's fine.\n\n> He said he wants to die of boredom on the coach lol",
    ),
}


@pytest.mark.parametrize(("subject", "body", "category"), ALERTS.values(), ids=ALERTS.keys())
def test_alerts(subject: str, body: str, category: str) -> None:
    """Each message suggesting a child may be at risk raises an alert with its category."""
    found = detect(body, subject)
    assert found is not None
    assert found.kind == "safeguarding"
    assert category in found.evidence["categories"], found.evidence


@pytest.mark.parametrize(("subject", "body"), QUIET.values(), ids=QUIET.keys())
def test_plainly_benign_emails_are_quiet(subject: str, body: str) -> None:
    """Idioms, lost property and ordinary news do not raise an alert."""
    assert detect(body, subject) is None


def test_explanation_is_for_the_dsl() -> None:
    """The explanation names the kind of concern, quotes the sentence and says what to do;
    the evidence lists each phrase with its category and sentence, JSON-serialisable."""
    found = detect("Hi. He said his dad hits him. Thanks.")
    assert found is not None
    assert found.explanation == (
        'Possible disclosure of harm at home: "He said his dad hits him." — please pass to the DSL'
    )
    assert found.evidence["strongest"] == "disclosure"
    match = found.evidence["matches"][0]
    assert match["category"] == "disclosure"
    assert match["sentence"] == "He said his dad hits him."
    assert match["in_subject"] is False
    json.dumps(found.evidence)


def test_subject_is_read() -> None:
    """A concern in the subject line alone raises the alert, marked as in the subject."""
    found = detect("", "Lily didn't come home last night")
    assert found is not None
    assert found.evidence["matches"][0]["in_subject"] is True


def test_score_reflects_strength() -> None:
    """An explicit disclosure scores higher than a vague worry, which scores higher than a
    playground fight."""
    explicit = detect(ALERTS["disclosure of a parent hitting"][1])
    vague = detect(ALERTS["indirect worry about a friend's home"][1])
    fight = detect(ALERTS["hurt by another child"][1])
    assert explicit is not None and vague is not None and fight is not None
    assert explicit.score >= 0.9
    assert explicit.score > vague.score > fight.score


def test_every_category_has_a_label() -> None:
    """Every category an alert can carry has a plain-English label."""
    for _, _body, category in ALERTS.values():
        assert category in CATEGORY_LABELS
    assert all(label and label[0].isupper() for label in CATEGORY_LABELS.values())


# --- one test per Settings knob: each changes the outcome ------------------------------


def test_min_score() -> None:
    """Raising min_score drops weaker signals such as a playground fight."""
    body = ALERTS["hurt by another child"][1]
    assert detect(body) is not None
    assert detect(body, settings=Settings(min_score=0.4)) is None


def test_child_on_child() -> None:
    """child_on_child = false leaves harm by another child to the pastoral team."""
    body = ALERTS["hurt by another child"][1]
    assert detect(body, settings=Settings(child_on_child=False)) is None
    assert detect(
        ALERTS["disclosure of a parent hitting"][1], settings=Settings(child_on_child=False)
    )


def test_mask_idioms() -> None:
    """With mask_idioms off, "missing school" reads like a missing child."""
    body = QUIET["missing school for the dentist"][1]
    assert detect(body) is None
    found = detect(body, settings=Settings(mask_idioms=False))
    assert found is not None
    assert "missing" in found.evidence["categories"]


def test_extra_terms() -> None:
    """A school's own phrases raise the alert, in the category named before the colon."""
    body = "We have been using the food bank since Christmas."
    assert detect(body) is None
    found = detect(body, settings=Settings(extra_terms=("neglect:food bank",)))
    assert found is not None
    assert found.evidence["categories"] == {"neglect": 1}
    plain = detect(body, settings=Settings(extra_terms=("food bank",)))
    assert plain is not None and "concern" in plain.evidence["categories"]


def test_settings_are_checked() -> None:
    """Out-of-range settings are refused with the key named; unknown keys are TypeErrors."""
    with pytest.raises(ValueError, match="min_score"):
        Settings(min_score=2)
    with pytest.raises(ValueError, match="child_on_child"):
        Settings(child_on_child="no")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="extra_terms"):
        Settings(extra_terms="food bank")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Settings(threshold=0.5)  # type: ignore[call-arg]


def test_big_texts_run() -> None:
    """50 KB of ordinary text, with or without a concern buried in it, is read without
    error, and a buried concern is still found."""
    calm = "Thank you for the update about the trip, we will pay on ParentPay tonight. " * 700
    assert len(calm) > 50_000
    assert detect(calm) is None
    buried = calm[:25_000] + " She told me her dad hits her. " + calm[25_000:]
    found = detect(buried)
    assert found is not None
    assert found.evidence["strongest"] == "disclosure"
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


@pytest.mark.parametrize(
    "text",
    [
        "I'm afraid Arjun's navy drawstring PE bag still hasn't come home.",
        "The consent slip for Thursday's trip seems to have gone missing, could you send another?",
        "Her reading book has gone missing again, sorry.",
        "His blazer never made it home on Friday.",
        "I have parental responsibility and would like to be kept informed directly.",
    ],
    ids=[
        "PE bag not home",
        "slip missing",
        "book missing",
        "blazer not home",
        "parental responsibility alone",
    ],
)
def test_belongings_and_routine_requests_are_not_safeguarding(text):
    """Lost property is not a missing child; a separated parent asking to be copied in is
    routine on its own."""
    assert detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Josh still hasn't come home from school and it is nearly 7pm, is he with anyone?",
        "My daughter has gone missing, she left the house at 8 and never arrived at school.",
        "He has parental responsibility but has hit her before and I am frightened he will take her.",
    ],
    ids=["child not home", "child missing", "parental responsibility with harm"],
)
def test_a_child_not_coming_home_still_alerts(text):
    assert detect(text) is not None


# --- classes the first word lists missed: signs a DSL reads without the obvious words ------
# name: (subject, body, a category the evidence must include)
SIGNS: dict[str, tuple[str, str, str]] = {
    "an adult's game at night, relayed by a relative": (
        "Worried about Lily",
        "When I had Lily at the weekend she said her mum's boyfriend plays the cuddling game "
        "with her at bedtime and she must stay very quiet.",
        "sexual_abuse",
    ),
    "a child who doesn't like it when an adult babysits": (
        "",
        "Tom told his nan he doesn't like it when his uncle babysits him.",
        "concern",
    ),
    "admitting it in a follow-up": (
        "Re: private - Amira",
        "Further to our call, she admitted last night she has been doing it for months.",
        "self_harm",
    ),
    "marriage arranged abroad, in non-native English": (
        "my cousin daughter",
        "Her family has arrange for her marriage in Bangladesh this summer, she is only 15.",
        "forced_marriage",
    ),
    "passport taken by the family": (
        "",
        "Her uncle has taken her passport and she is not allow out of the house.",
        "forced_marriage",
    ),
    "threatened with being sent away": (
        "",
        "Her dad says if she keeps refusing he will send her away to live with relatives.",
        "threat",
    ),
    "afraid for her": ("", "Please help, I am so scared for her.", "concern"),
    "a second phone that buzzes at night": (
        "",
        "He has a second phone hidden under his mattress that buzzes in the night.",
        "exploitation",
    ),
    "cash and errands for older lads": (
        "",
        "I found £350 in cash in his coat pocket. He says he has been doing deliveries for some "
        "older lads.",
        "exploitation",
    ),
    "a car he runs out to": (
        "",
        "A silver car keeps pulling up outside our flat at 11pm and she gets into it.",
        "exploitation",
    ),
    "lied about where he stayed": (
        "",
        "He said he was at his friend Sam's on Saturday but Sam's dad told me he was never there.",
        "missing",
    ),
    "extremist ideology": (
        "",
        "He keeps talking about a coming race war and says he's been red-pilled.",
        "radicalisation",
    ),
    "violence against a group": (
        "",
        "She now says immigrants should be wiped out, which is not how we raised her.",
        "radicalisation",
    ),
    "praising an attack": (
        "",
        "He told his cousin the Manchester Arena bomber was a hero.",
        "radicalisation",
    ),
    "asking about the Prevent programme": (
        "",
        "Should we be thinking about a referral to Prevent for him?",
        "radicalisation",
    ),
    "an unknown adult asking children where they live": (
        "",
        "A woman was standing by the railings after school asking the Year 3 boys where they "
        "lived.",
        "threat",
    ),
    "an adult nobody recognised at the playground": (
        "",
        "A man nobody recognised was watching from the playground fence for an hour.",
        "threat",
    ),
    "an intimate image passed round": (
        "Group chat",
        "There is a picture of a Year 8 girl in her underwear being shared around the year group.",
        "online",
    ),
    "pressured into sending an image": (
        "",
        "An older boy pressured him into sending photos and now says he'll post them.",
        "online",
    ),
    "giving things away": (
        "",
        "She has been giving away her books and her jewellery to friends.",
        "self_harm",
    ),
    "won't need them": (
        "",
        "I asked why he was throwing out his football cards and he said he won't need them.",
        "self_harm",
    ),
    "a goodbye letter": ("", "We found a goodbye letter in her drawer.", "self_harm"),
    "tired of everything": ("", "She says she is just tired of life.", "self_harm"),
    "won't be around": (
        "",
        "He told his sister he won't be around for his birthday.",
        "self_harm",
    ),
    "a member of staff messaging a pupil": (
        "",
        "Mr Khan has been messaging her on Instagram late at night.",
        "staff_allegation",
    ),
    "an allegation about a teacher": (
        "For the Head",
        "I would like to make an allegation about a teacher and need to know who to speak to.",
        "staff_allegation",
    ),
    "asked to keep it secret": (
        "",
        "The coach told him to keep their messages secret from his parents.",
        "exploitation",
    ),
}

# name: body that must stay quiet: the near miss next to each class above
NEAR_MISSES: dict[str, str] = {
    "a board game at bedtime": "We play a board game before bed, she loves it.",
    "hobby since year 3": "He has been doing it since Year 3 and is now grade 5 on violin!",
    "a relative's wedding": "Can she have Friday off? Her auntie's wedding is in Leeds.",
    "passport for the trip": "Her passport is in the drawer, I'll bring it in for the Paris trip.",
    "a new phone for a birthday": "He got a new phone for his birthday, is it OK in his bag?",
    "money for the trip": "I've put £20 cash in an envelope in her bag for the trip.",
    "a train ticket for the trip": "Do they need a train ticket to London for the museum visit?",
    "grandad's car at pick-up": "Grandad's car is usually the one that pulls up first at 3.",
    "history homework on a war": "He is doing a project on the Second World War for history.",
    "to prevent bullying": "What is the school doing to prevent bullying at lunchtime?",
    "names at a party": "The entertainer asked the children their names at the party. Lovely!",
    "a parent not recognised": "The new teacher did not recognise me at parents' evening.",
    "photos of the class assembly": "Could you share the photos of the class assembly?",
    "passing on a coat": "She gave her old coat to her cousin, could we buy a new one?",
    "won't need them for PE": "He won't need them for PE tomorrow as he's off sick.",
    "tired of the homework": "I'm tired of all the homework he gets, it's too much.",
    "a thank-you note": "He wrote a note that says sorry for being late, sorry!",
    "an allegation about a child": "The allegation that my son took her pencil case is untrue.",
    "a teacher's app message": "Mrs Ali sent a message on the school app about the trip.",
    "a parent's exasperation": "I'll kill him if he forgets his PE kit again!",
    "safeguarding training": "Do volunteers need to do the safeguarding training first?",
    "no court order": "There is no court order, his dad and I share collections.",
    "rough play": "He was pushed over playing tag at lunch and came home with muddy knees.",
    "a bag thrown in the bin": "A boy threw her bag in the bin at break, can someone check?",
}


@pytest.mark.parametrize(("subject", "body", "category"), SIGNS.values(), ids=SIGNS.keys())
def test_signs_without_the_obvious_words(subject: str, body: str, category: str) -> None:
    """Indirect signs the DSL would recognise raise the alert, with their category."""
    found = detect(body, subject)
    assert found is not None
    assert category in found.evidence["categories"], found.evidence


@pytest.mark.parametrize("body", NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_near_misses_of_those_signs_are_quiet(body: str) -> None:
    """The ordinary email next to each sign (a board game, a hobby, the trip money, a
    parent's figure of speech, the training, rough play) raises nothing."""
    assert detect(body) is None, detect(body)


def test_rough_play_is_quiet_but_a_blow_alongside_it_is_not() -> None:
    """Pushed over in a game is a behaviour matter; punched in the same game is harm."""
    assert detect("He was pushed over on the field at lunchtime, muddy knees again.") is None
    found = detect("He was pushed over on the field at lunchtime, then a boy punched him.")
    assert found is not None
    assert found.evidence["categories"].get("child_on_child")


def test_evidence_quotes_the_sign_exactly() -> None:
    """The evidence quotes the parent's own words for the sign, in their casing."""
    found = detect("Then he said 'I won't need them' and went upstairs.")
    assert found is not None
    assert found.evidence["matches"][0]["text"] == "won't need them"
    assert found.explanation.startswith("Possible self-harm or suicidal thoughts:")


# --- Round 2: the general rule behind each class, in several registers ------------------
# (category, wording): every one must alert with that category in its evidence.
INDIRECT: list[tuple[str, str]] = [
    # neglect seen by another parent: hunger, the same dirty clothes, no power, alone late
    (
        "neglect",
        "Her little friend is always hungry when she comes to play and she's worn "
        "the same leggings since the weekend, they are grubby.",
    ),
    ("neglect", "The lad from no. 12 begs food off the neighbours and nobody checks on him."),
    (
        "neglect",
        "His mate told him the gas has run out again and they have no money for the "
        "meter, so they sleep in their coats.",
    ),
    (
        "neglect",
        "He's only 7 and his mum doesn't get back until midnight, he puts the telly on "
        "and lets himself in.",
    ),
    ("neglect", "Those two children are left by themselves most weekends, no adult comes."),
    (
        "neglect",
        "She hides food in her bag at our house because there's nothing to eat at "
        "home, she told my daughter.",
    ),
    # suicidal thoughts, indirect, text-speak, searching for means
    ("self_harm", "he said wats the point of getting up any more, he just stays in bed"),
    ("self_harm", "Found on her laptop: she googled how much ibuprofen would it take."),
    ("self_harm", "My son has been searching for a painless way out, I am beside myself."),
    ("self_harm", "We have locked away all the medicines and knives after last night."),
    ("self_harm", "She told her sister nobody would even notice if she was gone."),
    ("self_harm", "He wrote that there is nothing left to live for."),
    ("self_harm", "im scared she will do sumthing stupid, she is not herself"),
    ("self_harm", "He keeps saying his family would be better off if he wasn't here."),
    # radicalisation: the narratives of replacement, reclaiming, a coming war, a group
    (
        "radicalisation",
        "Since he started staying with his uncle he says white people are "
        "being replaced on purpose.",
    ),
    ("radicalisation", "He talks about winning back our country and that the war is coming."),
    (
        "radicalisation",
        "My stepson says foreigners are taking over the estate and they are the enemy.",
    ),
    (
        "radicalisation",
        "He is in a chat where the men are preparing for the uprising and he wants to fight back.",
    ),
    ("radicalisation", "My daughter's boyfriend says women should be put in their place."),
    ("radicalisation", "He wants to stand up for his own race, he says, and join them."),
    # other KCSIE categories, relayed indirectly
    ("disclosure", "She whispered that her mum's boyfriend puts his hands on her."),
    ("domestic_abuse", "My little one saw her father kicking mum in the kitchen."),
    ("domestic_abuse", "He is terrified to stay at his dad's house this weekend."),
    ("exploitation", "The man from the game told her to keep the chats between the two of them."),
    (
        "exploitation",
        "A bloke in his thirties collects her from the bus stop; she says he's her new friend.",
    ),
    ("forced_marriage", "Her uncles have been talking about her engagement, she is only 15."),
    ("fgm", "Her gran mentioned a cutting when the family travel back home in the holidays."),
    ("sexual_abuse", "My son says the swimming coach touches the younger boys in the showers."),
    ("sexual_abuse", "Her stepfather makes her sit on his lap when mum is at work."),
    ("online", "An older boy says he will post the photo unless she sends him another."),
    ("threat", "He said on his Discord that someone should shoot people at a school."),
    ("threat", "A man outside the shop is handing the Year 8 boys vapes."),
    ("missing", "Our neighbour's daughter has not been seen since Saturday."),
    ("missing", "He vanishes for entire weekends and comes back with cash."),
    ("staff_allegation", "Miss Kay keeps giving my son lifts home and messages him late at night."),
]


@pytest.mark.parametrize(("category", "body"), INDIRECT, ids=[b[:40] for _, b in INDIRECT])
def test_indirect_wordings_alert_in_their_category(category: str, body: str) -> None:
    found = detect(body)
    assert found is not None, body
    assert category in found.evidence["categories"], found.evidence


# The hard negatives next to those classes: a parent's own figure of speech over a mishap,
# a question about safeguarding arrangements, an insult to an adult, a thing that "didn't
# come home", the ordinary reason behind a sign.
ORDINARY: list[str] = [
    # exasperation about a belonging or a lapse
    "Fourth water bottle gone this term. Honestly I could strangle him.",
    "She left her trainers on the bus again, I swear I'm going to murder her.",
    "We'll kill them both if they forget the cake sale money another time!",
    "I could cheerfully throttle him, his homework is covered in juice.",
    "My purse is dying a slow death with all these non-uniform days.",
    # questions about safeguarding arrangements
    "Hello, I'd like to help with swimming. Do parent helpers need a DBS and safeguarding "
    "training, and who is your designated safeguarding lead?",
    "As a new governor could I have the safeguarding policy and the child protection procedures?",
    "I'm applying for the TA vacancy. Is the DSL on the interview panel?",
    # rudeness to adults
    "That jumped-up head of year can explain herself to me in person.",
    "Some jumped up little Hitler on the gate told me off for parking.",
    # a thing, not a child, that did not come home or went missing
    "The spelling list never came home in his bag.",
    "The photo order still hasn't come home.",
    "Her reading record has gone missing somewhere.",
    "The permission slip went missing so I've printed another.",
    "My husband disappears for whole weekends fishing, ha.",
    # the ordinary reason behind a sign
    "He was starving after swimming and wolfed down everything in sight.",
    "Mum won't be home until late on Friday so nan is collecting.",
    "Our meter ran out last night, sorry the form is late.",
    "There's no point going home between pick-ups so I'll wait in the car.",
    "What's the point of me coming to parents' evening if nobody listens?",
    "Please can you tell me how many tablets he takes at lunch?",
    "We keep all the medicines locked away because of the toddler.",
    "We can't go on like this with the bus times.",
    "Our boiler is being replaced on Tuesday so we may be late.",
    "The new trust is taking over our school and nobody has told us.",
    "We're getting ready for the big day, her first nativity!",
    "She has been preparing for the war poetry test all week.",
    "He thinks his maths teacher is the enemy at the moment.",
    "She had her hands on her hips in the photo, so funny.",
    "Please don't tell his dad about the surprise party.",
    "The boys touch the other children's work on the display.",
    "He had to be held down for his injection at the GP.",
    "She kicked her dad out of the bedroom to finish her homework.",
]


@pytest.mark.parametrize("body", ORDINARY, ids=[b[:40] for b in ORDINARY])
def test_the_ordinary_email_next_to_each_class_is_quiet(body: str) -> None:
    assert detect(body) is None, detect(body)


def test_anger_without_a_mishap_still_alerts() -> None:
    """Only a figure of speech over a belonging is ignored: a parent at the end of their
    tether is a worry."""
    assert detect("I'm so angry I could kill him, I can't cope with him at all.") is not None


def test_a_child_who_did_not_come_home_still_alerts_beside_a_thing_that_did_not() -> None:
    found = detect(
        "His PE bag didn't come home. Nor did Jayden, he hasn't come home since last night."
    )
    assert found is not None
    assert found.evidence["categories"].get("missing")
    assert "Jayden" in found.explanation


def test_a_worry_beside_the_arrangements_question_still_alerts() -> None:
    """Asking about DBS is quiet; the same email with a worry about a child is not."""
    body = (
        "I volunteer on Tuesdays and have my DBS. I'm concerned about a girl in 3B who "
        "told me something upsetting. Who is the designated safeguarding lead?"
    )
    assert detect(body) is not None


def test_thread_follow_up_is_read_on_its_own_words() -> None:
    """The classifier sees one message's own words (no thread history): a short follow-up
    with a sign alerts by itself."""
    assert detect("Update: she's been doing it since the summer, she told me tonight.")


# ---------------------------------------------------------------------------------------
# Round 3: cue families combined by co-occurrence. Each class has wordings in several
# registers (formal, chatty, text-speak, non-native English), none from any labelled set,
# and next to them the ordinary emails that share one of the cue words but not the fact.

# (category the evidence must include, combination it must name, body)
CUE_ALERTS: list[tuple[str, str, str]] = [
    # physical chastisement at home: HARM + ADULT, HARM + marks
    ("disclosure", "harm+adult", "Her father took the slipper to her after parents' evening."),
    ("disclosure", "harm+adult", "my partner give him a good hiding wen he back chats"),
    ("disclosure", "harm+adult", "At home the uncle is beating him with the stick when he is bad."),
    ("disclosure", "harm+adult", "Stepdad whacked her round the head on Saturday, she told me."),
    ("disclosure", "harm+adult", "I must be honest that my husband smacked him hard with a shoe."),
    ("injury", "harm+marks", "The wooden spoon was used and there are welts on her legs now."),
    (
        "injury",
        "harm+marks",
        "he got the strap, you can still see the red lines, he cant sit proper",
    ),
    # domestic abuse implied: FEAR/ESCAPE + ADULT/home
    (
        "domestic_abuse",
        "fear+home",
        "It has been very tense at home since her dad came back. "
        "She keeps a bag packed under her bed in case we need to leave in the night.",
    ),
    (
        "domestic_abuse",
        "fear+home",
        "things r bad at home wiv my ex, the kids hide upstairs when he starts shouting n banging",
    ),
    (
        "domestic_abuse",
        "fear+home",
        "Please be aware the police came to our house on Sunday after my partner smashed the door.",
    ),
    (
        "domestic_abuse",
        "fear+home",
        "He sleeps in his clothes and trainers now, he says in case his stepdad kicks off again.",
    ),
    ("domestic_abuse", "fear+home", "We are staying at a refuge for now because of my husband."),
    (
        "domestic_abuse",
        "secrecy+adult",
        "Please do not tell her father I have written to you. "
        "He gets very angry and I am frightened of what he does at home.",
    ),
    # neglect: two different signs
    (
        "neglect",
        "neglect x2",
        "Our neighbour's lad is always starving when he knocks, and the "
        "electric has been off in their flat for a week.",
    ),
    (
        "neglect",
        "neglect x2",
        "she comes to mine ravenous and in the same uniform all week, her mum is mostly in bed",
    ),
    (
        "neglect",
        "neglect x2",
        "My granddaughter says there's no heating and she gets her own "
        "tea because mum is out of it most nights.",
    ),
    (
        "neglect",
        "neglect x2",
        "The children are left alone till late and have had no hot water for days.",
    ),
    (
        "neglect",
        "neglect x2",
        "He wears the same clothes day after day and he is always "
        "hungry when he arrives in the morning.",
    ),
    ("neglect", "neglect x2", "they sitting with candles as no gas, mother drunk most days"),
    # criminal exploitation: two different signs
    (
        "exploitation",
        "exploitation x2",
        "He has a new phone we never paid for and keeps going off in cars with men older than him.",
    ),
    (
        "exploitation",
        "exploitation x2",
        "my son has wad of cash and says he owes some lads, he is coming back at 3am",
    ),
    (
        "exploitation",
        "exploitation x2",
        "ive found a second phone in his room and designer stuff nobody bought him",
    ),
    (
        "exploitation",
        "exploitation x2",
        "Older boys pick him up in a car after school and he now owes them money.",
    ),
    (
        "exploitation",
        "exploitation x2",
        "She is out till 2am with older men and comes back with money she cannot explain.",
    ),
    ("exploitation", "exploitation x2", "hes got a burner phone n a friend gave him £200"),
    # online grooming: ONLINE + SECRECY or gifts
    (
        "online",
        "online+secrecy",
        "A boy she met on a game keeps telling her to delete their messages and not to tell me.",
    ),
    (
        "online",
        "online+gifts",
        "Someone from Fortnite sent him V-Bucks and now wants him on WhatsApp.",
    ),
    (
        "online",
        "online+secrecy",
        "This 'friend' from the app says it is their secret and that I would not get it.",
    ),
    ("online", "online+gifts", "a man online has been buying her gift cards and asks for pics"),
    (
        "online",
        "online+secrecy",
        "He talks to an older gamer on Discord who told him to keep it between them.",
    ),
    (
        "online",
        "online+gifts",
        "Somebody she knows only from TikTok topped up her credit and wants to meet.",
    ),
    # endings: a child, or a parent caring for children
    (
        "self_harm",
        "endings",
        "She has been handing out her jewellery to her friends and said she won't need it.",
    ),
    (
        "self_harm",
        "endings",
        "he said goodbye to the dog in a weird way and told his sister he won't be here for long",
    ),
    ("self_harm", "endings", "My son wrote a goodbye letter and gave away his PlayStation."),
    ("self_harm", "endings", "Wiktoria tell her friend she will not be here for much longer."),
    (
        "self_harm",
        "endings",
        "She said everyone would be better off without her and she has been saving up her tablets.",
    ),
    (
        "parent_crisis",
        "endings",
        "I can't go on like this. My pills are all lined up and the children are asleep.",
    ),
    (
        "parent_crisis",
        "endings",
        "im sorry, i cant cope anymore, the kids would be better off "
        "without me, ive got the tablets here",
    ),
]

CUE_QUIET: list[str] = [
    # harm words without a person hurt by an adult
    "My husband kicked the ball over the fence so Sam's football is at school.",
    "Dad threw a surprise party for him on Saturday, he might be tired.",
    "Can he bring a wooden spoon for the cookery lesson?",
    "He got good marks in the spelling test, his dad was so pleased.",
    "Her uncle beat him at chess again, he is very cross about it.",
    # fear or hiding without home or an adult
    "She is scared of the dark and the school dog, could the trip leader know?",
    "Please don't tell Ellie I emailed, she'd be mortified about the spelling test.",
    "Her dad and I agreed between us that he collects on Fridays now.",
    "Please don't tell his dad about the party, it's a surprise for him.",
    "We have to leave at 2pm for the dentist, in case we have to go early could she wait in reception?",
    # one sign of neglect only, or a school-day reason
    "He came home starving, he said lunch was cold.",
    "Why was her packed lunch binned? She had nothing to eat all day at school!",
    "Our heating is broken so could he wear his coat in class?",
    # one sign of exploitation only
    "He's saving for new trainers and has got £40 in his bag for the trip.",
    "His dad bought him a second phone for his birthday.",
    "He is getting a lift in a car with older boys from the rugby club to the match.",
    # online without secrecy or gifts
    "He plays Roblox with his cousin, is the computer club free?",
    "I bought her some Robux for her birthday, can she use the app at homework club?",
    # endings about things and plans
    "I won't be around next week, my sister will collect him.",
    "He gave his old coat to his brother, can you check lost property for the new one?",
    "I can't do this anymore - three forms for one trip!",
    "The kids would be better off with a later start, honestly.",
    # round 3 false alarms by class: a DT tool, a crowd threatened at staff
    "Can she bring her own craft knife for the DT project, or are they provided in school?",
    "Half the village will be waiting outside the gates tomorrow to hear your answer.",
]


@pytest.mark.parametrize(
    ("category", "combo", "body"), CUE_ALERTS, ids=[b[:40] for _, _, b in CUE_ALERTS]
)
def test_cue_combinations_alert_and_name_the_combination(
    category: str, combo: str, body: str
) -> None:
    """Two cue families together (who does what, fear at home, two signs of neglect, ...)
    raise the alert; the evidence names the category, the combination and the words."""
    found = detect(body)
    assert found is not None, body
    assert category in found.evidence["categories"], found.evidence
    cues = found.evidence.get("cues", [])
    assert any(c["combination"] == combo and c["category"] == category for c in cues), cues
    for c in cues:
        assert c["kcsie"] and all(w.lower() in body.lower() for w in c["words"]), c


@pytest.mark.parametrize("body", CUE_QUIET, ids=[b[:40] for b in CUE_QUIET])
def test_a_single_cue_or_its_ordinary_reason_is_quiet(body: str) -> None:
    """One weak cue, or a cue beside its ordinary reason, stays below the alert."""
    assert detect(body) is None, detect(body)


def test_cue_explanation_quotes_the_words_and_names_the_category() -> None:
    """The explanation is one line naming the concern, the KCSIE category and the words."""
    found = detect("On Saturday my husband used the belt on him. It left marks.")
    assert found is not None
    assert "\n" not in found.explanation
    assert "physical abuse" in found.explanation
    assert '"used the belt"' in found.explanation and '"husband"' in found.explanation


# --- The matter model's second opinion ----------------------------------------------------

_LONG_WORRY = (
    "I am not sure this is anything and I did not know who else to write to about it. Over the "
    "last few weeks she has changed a great deal at home and with her friends, she keeps to her "
    "room and says very little, and I have a feeling there is something she is not telling any "
    "of us about where she goes after school on Thursdays."
)


class _Model:
    """Stands in for the matter model: a fixed likelihood and telling words."""

    def __init__(self, likelihood: float) -> None:
        self.asked: list[str] = []
        self._likelihood = likelihood

    def likelihood(self, subject: str, text: str, matter: str) -> tuple[float, tuple[str, ...]]:
        self.asked.append(matter)
        return self._likelihood, ("not telling", "after school", "room")


@pytest.fixture
def model_says():
    from classifiers import matter

    def install(likelihood: float) -> _Model:
        stub = _Model(likelihood)
        matter.set_default_model(stub)  # type: ignore[arg-type]
        return stub

    yield install
    matter.set_default_model(None)


def test_the_model_alerts_when_no_rule_does_and_says_so(model_says):
    assert detect(_LONG_WORRY, "Thursdays", Settings(model_threshold=0)) is None  # no rule
    stub = model_says(0.2)
    found = detect(_LONG_WORRY, "Thursdays")
    assert found is not None and stub.asked == ["safeguarding"]
    assert found.evidence["strongest"] == "model"
    assert found.evidence["model"] == {
        "likelihood": 0.2,
        "words": ["not telling", "after school", "room"],
    }
    assert "model 20%" in found.explanation and '"not telling"' in found.explanation
    assert "\n" not in found.explanation
    assert found.score == Settings().min_score  # the weakest alert: a resemblance


@pytest.mark.parametrize(
    "likelihood, settings, text, alerts",
    [
        (0.06, Settings(), _LONG_WORRY, False),  # below the threshold
        (0.07, Settings(), _LONG_WORRY, True),  # at it
        (0.9, Settings(model_threshold=0), _LONG_WORRY, False),  # switched off
        (0.9, Settings(), "She keeps to her room and says very little lately.", False),  # short
        (0.9, Settings(model_min_words=0), "She keeps to her room lately.", True),
    ],
    ids=["below", "at threshold", "off", "too short", "no minimum"],
)
def test_when_the_model_is_asked(model_says, likelihood, settings, text, alerts):
    model_says(likelihood)
    assert (detect(text, "", settings) is not None) is alerts


def test_a_rule_alert_does_not_ask_the_model(model_says):
    stub = model_says(0.9)
    found = detect("My husband hit him with a belt and it left marks on his legs.", "")
    assert found is not None and found.evidence["strongest"] != "model"
    assert stub.asked == []


@pytest.mark.parametrize(
    "field, value",
    [("model_threshold", 1.5), ("model_threshold", -0.1), ("model_threshold", True),
     ("model_min_words", -1), ("model_min_words", 2.5)],
)  # fmt: skip
def test_model_settings_are_checked(field, value):
    with pytest.raises(ValueError, match=field):
        Settings(**{field: value})


# --- Follow-ups in a thread already passed to the DSL ---------------------------------------


def _mail(text: str, minutes: int, *, thread: int = 1, kind: str = "parent", days: int = 0):
    from datetime import UTC, datetime, timedelta

    from classifiers.base import PastMessage

    return PastMessage(
        message_id=f"m{thread}-{days}-{minutes}@example.com",
        received_at=datetime(2026, 11, 10, 9, 0, tzinfo=UTC) + timedelta(days=days, minutes=minutes),
        direction="inbound" if kind == "parent" else "outbound",
        sender_kind=kind,  # type: ignore[arg-type]
        text=text,
        thread_id=thread,
    )


_DISCLOSURE = "My partner hit my son last night and left a mark on his arm. I don't feel safe."
_LOGISTICS = "pls dont ring my mobile, he checks it. email only x"


@pytest.mark.parametrize(
    "history, current, follows",
    [
        ([_mail(_DISCLOSURE, 0)], _mail(_LOGISTICS, 60), True),
        ([_mail(_DISCLOSURE, 0), _mail("We will call you today.", 30, kind="staff")],
         _mail("Thank you, I am in all afternoon on 07700 900123.", 60), True),
        ([_mail(_DISCLOSURE, 0, thread=2)], _mail(_LOGISTICS, 60), False),  # another thread
        ([_mail(_DISCLOSURE, 0, kind="staff")], _mail(_LOGISTICS, 60), False),  # not the parent's
        ([_mail(_DISCLOSURE, 0)], _mail(_LOGISTICS, 0, days=31), False),  # a month later
        ([_mail("Can Ben bring his football boots on Friday?", 0)], _mail(_LOGISTICS, 60), False),
        ([_mail("A boy pushed Ben over in the lunch queue today.", 0)],
         _mail("Thanks for looking into it.", 60), False),  # a weak sign does not carry over
    ],
    ids=["text-speak logistics", "after the DSL's reply", "other thread", "staff wrote it",
         "a month later", "no concern", "playground push"],
)  # fmt: skip
def test_a_follow_up_to_a_concern_goes_to_the_dsl(history, current, follows):
    from classifiers.safeguarding import detect_follow_up

    assert detect(current.text, "") is None  # its own words would not alert
    found = detect_follow_up(current, history)
    assert (found is not None) is follows
    if found is not None:
        assert found.evidence["follows"]["message_id"] == history[0].message_id
        assert "Tue 10 Nov" in found.explanation and "\n" not in found.explanation


def test_the_pipeline_asks_about_follow_ups():
    """daemon.analysis.classify, which the pipeline and bench/flags.py run, reaches the
    follow-up check when the email's own words raise nothing."""
    from classifiers import safeguarding
    from daemon.analysis import classify

    found = classify(
        "safeguarding", safeguarding, _mail(_LOGISTICS, 60), [_mail(_DISCLOSURE, 0)],
        Settings(), None,
    )  # fmt: skip
    assert found is not None and found.evidence["strongest"] == "follow_up"
