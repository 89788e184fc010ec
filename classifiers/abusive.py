"""Abuse: swearing, insults aimed at staff, threats and intimidation in a parent's own words.

Policy: "swearing, or using offensive language including derogatory language about a
protected group", "threatening or offensive comments about a member of staff", "insulting
any member of the school community", and posting or threatening to post about staff on
social media ("the use of social media websites to fuel campaigns ... is unacceptable").

Four categories, each a list of words and phrases (lower-case, whole words only, so
"Scunthorpe", "Essex", "assess", "Dickens", "cocktail", "analysis" and "therapist" never
match), each with a weight:

- **threat**: violence or menace ("you will regret this", "I know where you live",
  "I'll be waiting for you outside", "I'm going to come down there and sort her out"), also
  about staff in the third person ("Mr X had better watch himself", "I know where he parks",
  "if she does it again she'll regret it");
- **intimidation**: campaigns and exposure ("I will put this all over Facebook", "name and
  shame", "I'll get you sacked", "I'm going to the papers");
- **insult** aimed at staff ("you are useless", "that teacher is an idiot", "bunch of
  clowns", "that idiot Miss Ford", "that stupid cow", "she's a nasty piece of work") and
  slurs; criticism of the school as an institution weighs less;
- **discriminatory** remarks about a protected characteristic (Equality Act 2010): "go back
  where you came from", hostility to "foreigners", mocking how staff speak English, "typical
  woman", "should have retired years ago";
- **sexual** remarks about staff: sexualised descriptions ("the fit new TA"), comments on a
  body, innuendo ("she can keep me behind any time"); clothing alone weighs little;
- **swearing**, strong ("f***", "sh1t", "b@stard", "f u c k" are read through) or mild
  ("bloody", "crap": it takes several mild words to flag).

Insults need no swear word: a run of adjectives before an insult noun ("a nasty bitter old
cow"; "woman"/"man" only with a strong adjective, so "a lovely old lady" is not), contempt
("a sneering little man", a title in scare quotes, mock praise: "well done, genius"), and
insults of other parents ("his waste of space dad"). Veiled menace is weighed so that one sign
alone does not flag but two do: knowing a member of staff's car or when they leave, "I'd
think very carefully about your next decision", "I'm watching you", "have me to deal with",
"she won't walk away from it", "don't say you weren't warned".

The general forms behind these, in any register or text-speak ("u", "ur", "stik"):
dismissive obscene imperatives ("you can shove your detention", "you know where you can
stick it", "screw you"); an insult noun after contempt or before "of a teacher" ("some
jumped-up little prat", "that idiot of a teacher"); the intimidation formulas ("I'd watch
yourself", "remember my face", "I'm not someone to cross", "accidents happen to people
who"; weaker, needing a second sign: "you'll see", "this isn't over", "what goes around
comes around"); contempt for a nationality, an accent or a language ("back to whatever
hole she crawled out of", "that ridiculous accent", "can't even speak English" beside
"these people"). Not "watch yourself on the ice", "I'll be waiting at the gate as usual",
"her accent was lovely", nor a child's own English.

A finding is returned when the weights (combined as independent pieces of evidence,
1 − Π(1 − w)) reach ``min_score``. Two readings weigh less and are marked in the evidence:

- **reported speech** (``reported_speech``): the words are someone else's, reported by the
  parent ("he was called a **** by another pupil", "she said he'd kill him"). That may be a
  bullying or safeguarding matter, not the parent abusing staff (a quoted film or book
  line is read the same way); such matches do not count
  unless ``flag_reported_speech`` is on (then at a third of their weight).
- **a legal or complaint route** (``legal_route``): "you will regret this when Ofsted hear
  about it", "I will make sure the governors know" — taking a matter to the governors,
  Ofsted, a solicitor, the police or a formal complaint is a parent's right, so the
  "regret"/"expose"/"get you sacked" phrases in such a sentence weigh a fifth. Violence and
  "I know where you live" never do.

Config::

    [flags.abusive]
    min_score = 0.5               # 0..1; one strong word, one insult or one threat flags
    count_mild_swearing = true    # "bloody", "crap", "damn", "pissed off" (weak, but count)
    flag_reported_speech = false  # also flag words the parent reports others saying
    extra_terms = ["jobsworth", "threat:see you in the car park"]  # "category:" optional
    allowed_terms = ["bloody"]    # words this school does not count

Must catch: "You are a useless bunch of clowns and you will regret this. I know where
you live." → threat and insult.
Must not: "Jack was called a f****** idiot by another boy in Scunthorpe class 4. I would like
to assess my options and will make a formal complaint to the governors."
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from classifiers.base import Finding
from classifiers.wordlists import (
    Prepared,
    Rule,
    RuleIndex,
    need,
    parse_terms,
    phrase_regex,
    prepare,
    rule,
    snippet,
    trim,
)

CATEGORIES: tuple[str, ...] = (
    "threat", "intimidation", "insult", "discriminatory", "sexual", "swearing",
)  # fmt: skip
_DEFAULT_WEIGHT = {
    "threat": 1.0, "intimidation": 0.8, "insult": 0.7, "discriminatory": 0.8, "sexual": 0.7,
    "swearing": 0.7,
}  # fmt: skip
_REPORTED_FACTOR = 1 / 3
_LEGAL_FACTOR = 0.2
_MILD = 0.3  # weights at or below this are "mild swearing"
_MAX_MATCHES = 20


@dataclass(frozen=True)
class Settings:
    min_score: float = 0.5
    count_mild_swearing: bool = True
    flag_reported_speech: bool = False
    extra_terms: tuple[str, ...] = ()
    allowed_terms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.min_score, bool) or not isinstance(self.min_score, int | float):
            raise ValueError("min_score: expected a number between 0 and 1")
        if not 0 < self.min_score <= 1:
            raise ValueError("min_score: expected a number between 0 and 1")
        for name in ("count_mild_swearing", "flag_reported_speech"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name}: expected true or false")
        for name in ("extra_terms", "allowed_terms"):
            value = getattr(self, name)
            if not isinstance(value, tuple) or not all(isinstance(t, str) for t in value):
                raise ValueError(f"{name}: expected a list of strings")


# ---------------------------------------------------------------------------------------
# Swear words: whole words, each form mapped to (term, weight). Forms are letters only, as
# in Prepared.words, so that finding them is a set intersection.

_SWEAR_FORMS: dict[str, tuple[str, float]] = {}


def _swear(term: str, weight: float, *forms: str) -> None:
    for form in forms or (term,):
        _SWEAR_FORMS[form] = (term, weight)


_swear("fuck", 0.7, "fuck", "fucks", "fucked", "fucker", "fuckers", "fucking", "fuckin",
       "fucken", "fuckwit", "fuckwits", "fuckface", "fuckhead", "fuckheads", "fuckingly",
       "motherfucker", "motherfuckers", "motherfucking", "clusterfuck", "fck", "fcking",
       "fkn", "fking", "fuk", "fuking", "phuck")  # fmt: skip
_swear("shit", 0.7, "shit", "shits", "shite", "shitty", "shitting", "shitted", "shithead",
       "shitheads", "shithole", "shitshow", "bullshit", "bullshitting", "bullshitter",
       "apeshit", "shitload")  # fmt: skip
_swear("cunt", 0.9, "cunt", "cunts", "cunting")
_swear("bastard", 0.7, "bastard", "bastards")
_swear("wanker", 0.7, "wanker", "wankers", "wank", "wanking")
_swear("twat", 0.7, "twat", "twats")
_swear("bollocks", 0.6, "bollocks")
_swear("arsehole", 0.7, "arsehole", "arseholes", "asshole", "assholes")
_swear("dickhead", 0.7, "dickhead", "dickheads")
_swear("bellend", 0.7, "bellend", "bellends")
_swear("knobhead", 0.7, "knobhead", "knobheads")
_swear("tosser", 0.7, "tosser", "tossers")
_swear("bitch", 0.7, "bitch", "bitches", "bitching", "bitchy")
_swear("slag", 0.7, "slag", "slags", "slapper", "slappers")
_swear("whore", 0.7, "whore", "whores")
_swear("slut", 0.7, "slut", "sluts")
_swear("piss", 0.4, "piss", "pissing", "pisses", "pisstake")
_swear("wtf", 0.5, "wtf", "ffs", "omfg", "stfu")
# mild: a few of these in one email flag, one alone does not
_swear("pissed", 0.3, "pissed")
_swear("bloody", 0.25, "bloody")
_swear("crap", 0.25, "crap", "crappy", "crapping")
_swear("bugger", 0.25, "bugger", "buggered", "buggering")
_swear("sod", 0.25, "sod", "sodding")
_swear("arse", 0.25, "arse", "arsed")
_swear("feck", 0.25, "feck", "fecking", "effing", "frigging", "friggin")
_swear("damn", 0.15, "damn", "damned", "dammit", "goddamn")
_swear("hell", 0.15, "hell")

# Derogatory language about a protected characteristic: an insult whoever it is aimed at.
_SLURS = (
    "paki", "pakis", "nigger", "niggers", "nigga", "niggas", "chink", "chinks", "spastic",
    "spastics", "spaz", "spazz", "spacker", "retard", "retards", "retarded", "faggot",
    "faggots", "tranny", "trannies", "gyppo", "gyppos", "gypo", "pikey", "pikeys", "wog",
    "wogs", "kike", "kikes", "raghead", "ragheads", "towelhead", "towelheads", "mong",
    "mongs", "mongoloid", "darkie", "darkies", "coloureds", "golliwog",
)  # fmt: skip
for _slur in _SLURS:
    _SWEAR_FORMS[_slur] = ("slur", 0.9)

_WORD_CATEGORY = {"slur": "insult"}
_SWEAR_WORDS = frozenset(_SWEAR_FORMS)
# Masked words ("f***", "b*****d") and spaced ones ("f u c k") are read as these: strong
# words only.
# A rude word a parent masks ("pr*ck") is read as swearing even when the plain word is
# only an insult in context (a "finger prick" test is not).
for _rude in ("prick", "pricks", "dick", "dicks", "knob", "knobs", "cock", "cocks", "arse",
              "ass", "tits", "bugger"):  # fmt: skip
    _SWEAR_FORMS.setdefault(_rude, ("masked rude word", 0.6))
_MASKABLE = tuple(f for f, (_, w) in _SWEAR_FORMS.items() if w >= 0.6)
_SPACED_STEMS = tuple(
    frozenset(stem) for stem in ("fuck", "shit", "cunt", "twat", "wank", "bitch", "bastard")
)
# A word with a symbol or digit inside: "sh1t", "b@stard", "f***", "f*cking", "$hit".
_OBFUSCATED_RE = re.compile(
    r"(?<![\w@$*#])[a-z@$][a-z0-9@$!*#]*[0-9@$!*#][a-z0-9@$!*#]*(?![\w@$*#])"
)
# "sh1t" and "sh!t" leave the words "sh" and "t" behind in Prepared.words: seeing both is
# the cheap sign that a digit or "!" may stand in for a letter. Fragments that are all
# everyday words ("as" from "a$$") would wake the slow check on every email.
_COMMON = frozenset("a i s t as at an in is it on or to of so no be we me my us he".split())
_LEET_HINTS = tuple(
    {
        parts
        for form in _MASKABLE
        for i in range(1, len(form))
        if form[i] in "ieaostbu"
        for parts in (frozenset(p for p in (form[:i], form[i + 1 :]) if p),)
        if parts - _COMMON
    }
)
_LEET = str.maketrans({"1": "i", "!": "i", "3": "e", "4": "a", "@": "a", "0": "o", "$": "s",
                       "5": "s", "7": "t", "8": "b"})  # fmt: skip
_SPACED_RE = re.compile(r"(?<![a-z])(?:[a-z][ .\-_*]){3,}[a-z](?![a-z])")
# Symbols standing in for a word between words: "what the **** is going on".
_GRAWLIX_RE = re.compile(r"(?<=[a-z] )(?=[*#@$%&!]*[*#@$%&])[*#@$%&!]{3,}(?= ?[a-z])")
_TITLE_BEFORE = re.compile(r"\b(?:mr|mrs|ms|miss|mx|dr|sir)\.?\s+$")


# ---------------------------------------------------------------------------------------
# Phrases: threats, intimidation, insults aimed at staff, swearing phrases (see Rule for how
# they stay cheap on the many emails that contain none of them).

_LEGAL_OK = "legal_ok"  # a legal or complaint route in the sentence makes it a right


def _alt(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(w).replace(r"\-", r"[\s-]?").replace(r"\ ", r"\s+")
                            for w in sorted(words, key=len, reverse=True)) + ")"  # fmt: skip


def _firsts(words: tuple[str, ...]) -> str:
    """The first word of each term: where its pattern is tried."""
    return " ".join(sorted({re.split(r"[\s-]", w)[0] for w in words}))


_ADJ_WORDS = (
    "useless", "incompetent", "pathetic", "clueless", "spineless", "gutless", "lazy",
    "stupid", "thick", "dim", "dense", "ignorant", "arrogant", "vile", "evil", "disgusting",
    "nasty", "spiteful", "vindictive", "two-faced", "brainless", "hopeless", "inept",
    "worthless", "cowardly", "gormless", "jumped-up", "power-mad", "petty", "moronic",
    "idiotic", "dumb", "braindead", "brain-dead", "pig-headed", "lying",
)  # fmt: skip
_NOUN_WORDS = (
    "idiot", "idiots", "moron", "morons", "imbecile", "imbeciles", "cretin", "cretins",
    "clown", "clowns", "muppet", "muppets", "joke", "disgrace", "liar", "liars", "numpty",
    "numpties", "pillock", "pillocks", "plonker", "plonkers", "prat", "prats", "prick",
    "pricks", "dick", "dicks", "knob", "knobs", "git", "gits", "cow", "cows", "witch",
    "witches", "pig", "pigs", "snake", "snakes", "dinosaur", "dinosaurs", "jobsworth",
    "jobsworths", "loser", "losers", "scum", "scumbag", "scumbags", "vermin", "halfwit",
    "halfwits", "nitwit", "nitwits", "dimwit", "dimwits", "dumbass", "bimbo", "tart", "hag",
    "hags", "embarrassment", "laughingstock", "laughing stock", "fraud", "frauds",
    "hypocrite", "hypocrites", "coward", "cowards", "dragon", "bitch", "bitches",
    "battleaxe", "battle-axe", "old bag", "waste of space", "waste of oxygen",
    "waste of skin", "waste of a salary", "excuse for a teacher", "excuse for a head",
    "excuse for a human", "excuse for a school",
)  # fmt: skip
# Nouns that only ever name a person, insultingly: "that idiot", "he's a liar".
_PERSON_NOUN_WORDS = (
    "idiot", "moron", "imbecile", "cretin", "muppet", "numpty", "pillock", "plonker", "prat",
    "prick", "knob", "git", "scumbag", "halfwit", "nitwit", "dimwit", "dumbass", "bimbo",
    "hag", "battleaxe", "battle-axe", "jobsworth", "liar", "hypocrite", "bitch", "loser",
    "piece of work", "waste of space", "waste of oxygen", "excuse for a teacher",
)  # fmt: skip
# Nouns that insult a person only with a slur before them ("that stupid cow", not "the cow
# in the field", "the witch in the play", "that joke").
_OTHER_NOUN_WORDS = (
    "cow", "cows", "witch", "pig", "snake", "dragon", "dinosaur", "clown", "tart", "old bag",
    "woman", "man", "bloke", "lady", "jobsworth", "excuse for a human",
)  # fmt: skip
_SLUR_ADJ_WORDS = _ADJ_WORDS + (
    "rude", "horrible", "miserable", "fat", "ugly", "smug", "sour", "stuck-up", "old",
    "bossy", "snotty", "jumped-up", "bitter", "sneering", "pompous", "patronising",
    "condescending", "snide", "twisted", "wrinkly", "washed-up", "dried-up", "frumpy",
    "senile", "gobby", "self-important", "sanctimonious", "vicious", "poisonous", "sly",
)  # fmt: skip
# "man", "woman", "lady", "bloke" are an insult only with a word that is one: "that old
# lady" and "a rude woman" are not, "a nasty bitter old woman" is.
_HUMAN_NOUN_WORDS = ("woman", "man", "bloke", "lady")
_STRONG_ADJ = _alt(tuple(w for w in _SLUR_ADJ_WORDS if w not in ("old", "rude", "sour")))
_PERSON_NOUN = _alt(_PERSON_NOUN_WORDS)
_OTHER_NOUN = _alt(_OTHER_NOUN_WORDS)
_SLUR_ADJ = _alt(_SLUR_ADJ_WORDS)
_SEP = r"(?:,|\s+and)?\s+"
# "a nasty bitter old cow": any run of such adjectives before an animal noun; a human noun
# needs one of the strong ones somewhere in the run.
_ANIMAL_NOUN = _alt(tuple(w for w in _OTHER_NOUN_WORDS if w not in _HUMAN_NOUN_WORDS))
_HUMAN_NOUN = _alt(_HUMAN_NOUN_WORDS)
_ADJ_RUN = "(?:" + _SLUR_ADJ + _SEP + ")*"
_SUBJECT_BE = (
    r"(?:she|he|they|you|(?:mr|mrs|ms|miss|mx|dr)\.?\s+[a-z][a-z'\-]+|(?:the|that|this|your)\s+"
    r"(?:teacher|head\s*teacher|head|headmaster|headmistress|deputy(?:\s+head)?|senco|"
    r"sendco|ta|teaching\s+assistant|receptionist|secretary|woman|man|lady|bloke))"
    r"(?:'s|'re|\s+is|\s+are|\s+was|\s+were)\s+(?:such\s+)?(?:an?\s+)?"
)
_ANIMAL_BEFORE = _ADJ_RUN + _SLUR_ADJ + _SEP
_HUMAN_BEFORE = _ADJ_RUN + _STRONG_ADJ + _SEP + _ADJ_RUN
# Contempt that needs no swear word: "a sneering little man", "some jumped-up little Hitler".
_CONTEMPT_ADJ = _alt((
    "sneering", "smug", "pathetic", "petty", "spiteful", "bitter", "pompous", "jumped-up",
    "self-important", "patronising", "condescending", "snide", "arrogant", "vile", "nasty",
    "weaselly", "creepy", "power-mad", "power-hungry", "odious", "obnoxious", "insufferable",
    "sanctimonious", "spineless", "snivelling", "vindictive", "useless", "incompetent", "sad",
))  # fmt: skip
_PLURAL_INSULTS = ("idiots", "morons", "imbeciles", "cretins", "halfwits", "scumbags",
                   "numpties", "muppets", "pricks", "knobs", "plonkers", "pillocks")  # fmt: skip
_ADJ = _alt(_ADJ_WORDS)
_NOUN = _alt(_NOUN_WORDS)
_TERM = "(?:" + _ADJ + "|" + _NOUN + r")\b"
_ADJ_ANCHORS = _firsts(_ADJ_WORDS)
_TERM_ANCHORS = _firsts(_ADJ_WORDS + _NOUN_WORDS)
_NOUN_ANCHORS = _firsts(_NOUN_WORDS)
# Words that may come between the target and the insult ("an absolute, rude, useless cow").
_INTENS = (
    r"(?:(?:absolute(?:ly)?|complete(?:ly)?|utter(?:ly)?|total(?:ly)?|bloody|f[a-z*]*ing|"
    r"effing|so|really|very|truly|such|just|a|an|the|most|nothing\s+but|all|clearly|"
    r"bunch\s+of|pack\s+of|load\s+of|lot\s+of|shower\s+of|set\s+of|couple\s+of|rude|"
    r"horrible|miserable|nasty|fat|ugly|old|smug|sour|stuck[\s-]up|arrogant|lazy|useless|"
    r"incompetent|stupid|pathetic|vile)(?:,|\s+and)?\s+|(?:actually|genuinely|honestly|even|seriously)\s+)*"
)
_PERSON = (
    r"(?:teachers?|head\s*teachers?|head\s+of\s+year|headmaster|headmistress|head|"
    r"deputy(?:\s+head)?|senco|sendco|staff|tas?|teaching\s+assistants?|receptionists?|"
    r"secretary|woman|man|lady|bloke|(?:mr|mrs|ms|miss|mx|dr)\.?\s+[a-z][a-z'\-]+)"
)
_INSTITUTION = (
    r"(?:school|academy|trust|office(?:\s+staff)?|management|slt|senior\s+leadership"
    r"(?:\s+team)?|leadership(?:\s+team)?|governors?|governing\s+body|place)"
)
_DET = r"(?:(?:the|that|this|your|his|her|their|our|my\s+\w+'s)\s+)?"
_BE = r"(?:'s|'re|\s+is|\s+are|\s+was|\s+were|\s+has\s+been|\s+have\s+been)\s+"
_YOU = (
    r"(?:you|u)(?:\s+(?:lot|people|guys|all|two))?"
    r"(?:'re|\s+are|\s+r|\s+were|\s+have\s+been|'ve\s+been)?\s+"
)
# First person, about to act: "I'll", "I'm going to", "I won't hesitate to", "someone should".
_I_WILL = (
    r"(?:i(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|'m\s+gonna|\s+am\s+gonna|"
    r"'d\s+like\s+to|\s+want\s+to|\s+swear\s+i'll|\s+won'?t\s+hesitate\s+to|"
    r"\s+will\s+not\s+hesitate\s+to|\s+shall|'ll\s+have\s+no\s+choice\s+but\s+to|"
    r"\s+will\s+have\s+no\s+choice\s+but\s+to|\s+have\s+no\s+choice\s+but\s+to)|"
    r"we(?:'ll|\s+will|'re\s+going\s+to|\s+are\s+going\s+to)|"
    r"someone\s+(?:should|needs\s+to|ought\s+to|is\s+going\s+to|will))"
)
_I_WILL_WORDS = "ill will going gonna like want swear hesitate shall choice well should needs ought"
_TARGET = (
    r"(?:you|her|him|them|that\s+(?:teacher|woman|man|head|senco)|the\s+(?:teacher|head|"
    r"headteacher|senco)|(?:mr|mrs|ms|miss|mx)\.?\s+[a-z][a-z'\-]+)"
)
_VIOLENT_VERBS = (
    "hit", "punch", "smack", "slap", "batter", "kill", "hurt", "strangle", "throttle", "deck",
    "thump", "stab", "kick", "attack", "headbutt", "glass", "shoot", "murder", "knife", "lamp",
    "twat", "wallop", "chin", "bottle",
)  # fmt: skip
# Violence aimed at "you", a named member of staff or the school ...
_VIOLENT = (
    "(?:" + _alt(_VIOLENT_VERBS) + r"\s+" + _TARGET.replace("you|her|him|them|", "you|")
    + r"|beat\s+you\s+up|beat\s+the\s+\w+\s+out\s+of|knock\s+you\s+out"
    r"|smash\s+your\s+\w+|punch\s+your\s+lights\s+out|sort\s+you\s+out"
    r"|burn\s+(?:the\s+school|it|this\s+place|you|the\s+place)\s+down"
    r"|come\s+(?:down|in|up|round|over)\s+(?:there\s+|to\s+(?:the\s+)?school\s+)?and\s+"
    r"(?:sort|deal\s+with|have\s+it\s+out\s+with)\s+(?:it|this|you|her|him|them)"
    r"|break\s+your\s+(?:neck|legs?|arms?|nose|face|jaw))"
)  # fmt: skip
# ... or at "him", "her", "them": a member of staff when one is named in the sentence, but
# as often the parent's own child in a figure of speech ("I'll kill him, third coat this
# term!"), which weighs less.
_VIOLENT_3P = (
    "(?:" + _alt(_VIOLENT_VERBS) + r"\s+(?:her|him|them)\b"
    + r"|beat\s+(?:her|him|them)\s+up|knock\s+(?:her|him|them)\s+out"
    r"|smash\s+(?:her|his|their)\s+\w+|punch\s+(?:her|his)\s+lights\s+out"
    r"|sort\s+(?:her|him|them)\s+out|break\s+(?:her|his)\s+(?:neck|legs?|arms?|nose|face|jaw))"
)  # fmt: skip
_STAFF_NAMED = (
    "teacher teachers headteacher head headmaster headmistress deputy senco sendco staff ta "
    "tas assistant receptionist office secretary miss mr mrs ms mx sir dinner caretaker coach "
    "woman man lady bloke"
)
_VIOLENT_ANCHORS = " ".join(_VIOLENT_VERBS) + " beat knock smash sort burn come break"
_SOCIAL_ANCHORS = (
    "facebook fb social socials twitter tiktok instagram insta snapchat mumsnet youtube "
    "nextdoor internet online whatsapp paper papers press newspaper newspapers news media "
    "group groups page pages chat chats"
)
_SOCIAL_WORD = r"[a-z]+(?:\s+(?:media|networking|groups?|pages?|chats?))?\b"
_PUBLISH = (
    r"(?:post|posting|put|putting|share|sharing|plaster|plastering|splash|splashing|publish|"
    r"publishing|write|writing|blast|name|naming|expose|exposing|tell|telling|upload|"
    r"uploading|spread|spreading|broadcast|go|going|air|shame)"
)
_PUBLISH_WORDS = _PUBLISH.strip("(?:)").replace("|", " ")
_PRESS_ANCHORS = (
    "press paper papers newspaper newspapers media journalist journalists reporter "
    "reporters bbc itv echo gazette chronicle herald daily sun mirror sky"
)
_PRESS_WORD = r"[a-z]+(?:\s+(?:mail|news))?\b"
_TO_THE = r"(?:the\s+)?(?:local\s+)?"

# Dismissive obscene imperatives: the verb, then what is to be shoved ("your detention").
_SHOVE_WORDS = "shove shov stick stik stuff ram"
_SHOVE = r"(?:shove|shov|stick|stik|stuff|ram)"
_YOUR_THING = (
    r"(?:it|that|this|them|those|(?:your|ur|yer|youre|you're|the\s+whole)\s+"
    r"(?:[a-z'\-]+\s+){0,2}?[a-z'\-]+)"
)
_THEIR_THING = _YOUR_THING.replace("(?:your|ur|", "(?:his|her|their|your|ur|")
_UP_YOURS = r"up\s+(?:your|ur|yer|his|her|their)\s+[a-z*]+"
# Nouns that insult a person once contempt comes before them ("some jumped up little
# prick") or "of a teacher" after them ("that idiot of a teacher"). Not "bully": parents
# call the child who hurt theirs that, and it is a report, not abuse of staff.
_INSULT_NOUN_WORDS = _PERSON_NOUN_WORDS + (
    "idiots", "morons", "pricks", "twat", "twats", "tosser", "wanker", "dickhead", "bellend",
    "arsehole", "knobhead", "cow", "witch", "snake", "clown", "clowns", "weasel", "toad",
    "worm", "creep", "parasite", "joke", "disgrace", "embarrassment", "excuse", "specimen",
    "oaf", "buffoon", "pleb", "chav", "slag", "nobody", "nonentity", "upstart", "madam",
)  # fmt: skip
_INSULT_NOUN = _alt(_INSULT_NOUN_WORDS)
_STAFF_WORDS = (
    "teacher teachers head headteacher headmaster headmistress deputy senco sendco ta "
    "assistant receptionist secretary woman man lady bloke person human professional "
    "principal manager leader adult governor caretaker coach"
)
_STAFF_WORD = (
    r"(?:(?:supply\s+|class\s+|form\s+|pe\s+|maths\s+|head\s*)?teacher|head(?:\s+of\s+year)?|"
    r"headmaster|headmistress|deputy(?:\s+head)?|senco|sendco|ta|teaching\s+assistant|"
    r"receptionist|secretary|woman|man|lady|bloke|person|human(?:\s+being)?|professional|"
    r"principal|manager|leader|adult|governor|caretaker|coach)"
)
_CONTEMPT_WORD = _alt(
    tuple(w for w in _SLUR_ADJ_WORDS if w not in ("old", "rude", "sour", "fat"))
    + ("sad", "snivelling", "weaselly", "creepy", "power-hungry", "obnoxious", "odious",
       "insufferable", "jumped-up", "big-headed", "puffed-up", "tinpot", "tin-pot", "jumped")
)  # fmt: skip
# At least one word of contempt, "little" either side: "jumped up little", "sad little".
_CONTEMPT_RUN = (
    "(?:little"
    + _SEP
    + ")?(?:"
    + _CONTEMPT_WORD
    + _SEP
    + ")*"
    + _CONTEMPT_WORD
    + _SEP
    + "(?:little"
    + _SEP
    + ")?"
)
# "watch yourself", "watch ur back", "watch herself": not "watch himself on the ice".
_SELF_BACK = (
    r"(?:(?:your|ur|yer|him|her|them|my|our)\s?sel(?:f|ves)|(?:your|ur|yer|his|her|their)\s+"
    r"backs?)\b(?!\s+(?:on|near|crossing|in\s+the|at\s+the|when|while|during|going|climbing|"
    r"walking|riding|cycling|driving\s+(?:in|on)))"
)

_RULES: tuple[Rule, ...] = (
    # threats
    rule("you will regret", "threat", 0.9,
         r"you(?:'ll|\s+will|\s+are\s+going\s+to|'re\s+going\s+to|\s+shall)\s+"
         r"(?:(?:all|really|definitely|seriously|soon|so|truly)\s+)?(?:live\s+to\s+)?"
         r"(?:regret|be\s+sorry|wish\s+you\s+had(?:n'?t)?|get\s+what'?s\s+coming|"
         r"pay(?=\s*(?:[.!,]|$|for\s+(?:this|it|that|what)\b)))"
         r"(?:\s+(?:for\s+)?(?:this|it|that))?\b",
         need=need("you youll youre", "regret sorry coming wish pay"), tag=_LEGAL_OK),
    rule("I'll make you pay", "threat", 0.9,
         r"make\s+(?:sure\s+)?" + _TARGET + r"\s+(?:regret|pay\b|suffer|sorry)",
         need=need("make", "regret pay suffer sorry"), tag=_LEGAL_OK,
         before=r"(?:i'll|i\s+will|i'm\s+going\s+to|i\s+am\s+going\s+to|i'm\s+gonna|"
                r"i\s+shall|we'll|we\s+will)\s+"),
    rule("I know where you live", "threat", 1.0,
         r"i\s+know\s+where\s+" + _TARGET + r"\s+(?:live|lives|park|parks|drinks?|goes|go)\b",
         need=need("know", "where")),
    # about a member of staff: where they park or work is menace; where "she lives" may be a
    # friend's house, so it needs more with it
    rule("I know where you live", "threat", 0.9,
         r"i\s+know\s+where\s+(?:he|she|they)\s+(?:parks?|works?)\b",
         need=need("know", "where", "park parks work works")),
    rule("I know where you live", "threat", 0.45,
         r"i\s+know\s+where\s+(?:he|she|they)\s+lives?\b",
         need=need("know", "where", "live lives")),
    rule("I have your address", "threat", 1.0,
         r"i\s+(?:have|'ve\s+got|know)\s+(?:got\s+)?(?:your|her|his)\s+(?:home\s+)?address\b",
         need=need("address")),
    rule("I know your family", "threat", 0.45,
         r"i\s+know\s+(?:what\s+car\s+(?:you|she|he)\s+drives?|(?:your|her|his)\s+(?:car|"
         r"husband|wife|kids|children|family)\b)",
         need=need("know", "car husband wife kids children family")),
    # knowing a member of staff's car, movements or routine, said to them: menace without
    # a single rude word ("I know which car is yours", "I know when you finish on Fridays")
    rule("I know your movements", "threat", 0.45,
         r"i\s+know\s+(?:exactly\s+)?(?:which|what|wat)\s+(?:car|vehicle|house|one)\s+(?:is\s+"
         r"(?:yours|urs)|(?:you|u)\s+(?:drive|own|live\s+in|get\s+into))\b",
         need=need("know", "which what wat", "yours urs you u")),
    rule("I know your movements", "threat", 0.45,
         r"i\s+know\s+(?:exactly\s+)?(?:which|what)\s+(?:car|vehicle|house)\s+(?:is\s+"
         r"(?:hers|his)|(?:she|he)\s+(?:drives|owns|lives\s+in))\b",
         need=need("know", "which what", "hers his she he")),
    rule("I know your movements", "threat", 0.45,
         r"i\s+know\s+(?:exactly\s+)?(?:(?:what|wat)\s+time|when|wen|which\s+(?:way|route|door|"
         r"exit))\s+(?:you|u|she|he)\s+(?:leave|leaves|finish|finishes|get\s+home|gets\s+home|go\s+home|"
         r"goes\s+home|lock\s+up|locks\s+up|walk|walks|are\s+(?:alone|on\s+your\s+own)|"
         r"is\s+(?:alone|on\s+her\s+own|on\s+his\s+own)|take|takes|use|uses|drive|drives|"
         r"cycle|cycles|arrive|arrives|park|parks)\b",
         need=need("know", "time when wen which")),
    rule("I'm watching you", "threat", 0.6,
         r"i(?:'m|\s+am|'ve\s+been|\s+have\s+been|'ll\s+be|\s+will\s+be)\s+watching\s+"
         r"(?:you|your\s+every\s+move)\b(?!\s+(?:on|in|at|perform|sing|play|dance))",
         need=need("watching")),
    # a veiled warning: weak alone, menace beside any of the above
    rule("think carefully", "threat", 0.45,
         r"(?:i'?d|i\s+would|you'?d\s+(?:better|best)|you\s+should)\s+(?:think|consider)\s+"
         r"(?:very\s+|really\s+|long\s+and\s+hard\s+|extremely\s+)?(?:carefully\s+)?"
         r"(?:about\s+your\s+next|before\s+you\s+(?:do|say|decide|make)|"
         r"(?:very\s+)?carefully\s+(?:about|before))"
         r"|choose\s+your\s+(?:next\s+)?(?:words|move|moves|decision|steps?)\s+(?:very\s+)?"
         r"carefully"
         r"|(?:i'?d|i\s+would)\s+be\s+(?:very\s+)?careful\s+(?:if\s+i\s+were\s+you|what\s+"
         r"you\s+(?:say|do|decide))",
         need=need("think consider choose careful carefully"), tag=_LEGAL_OK),
    # "if she talks to my son like that again she'll have me to deal with"
    rule("you'll have me to deal with", "threat", 0.8,
         r"you(?:'ll|\s+will|'re\s+going\s+to|\s+are\s+going\s+to)\s+have\s+me\s+to\s+"
         r"(?:deal\s+with|answer\s+to)|you(?:'ll|\s+will)\s+answer\s+to\s+me\b",
         need=need("me", "deal answer")),
    rule("you'll have me to deal with", "threat", 0.6,
         r"(?:she|he|they|(?:mr|mrs|ms|miss|mx)\.?\s+[a-z][a-z'\-]+)(?:'ll|\s+will|'s\s+going"
         r"\s+to|\s+is\s+going\s+to)\s+(?:have\s+me\s+to\s+(?:deal\s+with|answer\s+to)|"
         r"answer\s+to\s+me)\b",
         need=need("me", "deal answer", "if"), same_sentence=r"\bif\b",
         same_words="again ever"),
    # harm veiled as an outcome: "she won't be walking away from it"
    rule("won't walk away", "threat", 0.7,
         r"(?:she|he|they|you)\s+(?:won'?t|will\s+not|wont)\s+(?:be\s+)?(?:walk(?:ing)?\s+away"
         r"(?:\s+from\s+(?:it|this|that)|\s+in\s+one\s+piece|(?=\s*[.!,]))|(?:be\s+able\s+to\s+)?"
         r"walk(?:ing)?\s+(?:straight\s+)?(?:afterwards|after\s+(?:that|i've|i'm))|"
         r"(?:leave|leaving|get|getting)\s+(?:out\s+|home\s+)?in\s+one\s+piece)",
         need=need("walk walking leave leaving get getting", "wont will")),
    rule("won't walk away", "threat", 0.6,
         r"(?:she|he|they|you)\s+(?:won'?t|will\s+not|wont)\s+be\s+so\s+(?:brave|cocky|smug|"
         r"mouthy|gobby|clever|full\s+of\s+(?:it|yourself|herself|himself))\s+(?:when|after|"
         r"once|then)\b(?![^.!?\n]{0,40}\b(?:ofsted|governors?|complaint|tribunal|court)\b)",
         need=need("so", "wont will")),
    # confronting another parent: "I'll have it out with his mum at the gate"
    rule("confronting another parent", "threat", 0.45,
         r"(?:have|having)\s+it\s+out\s+with\s+(?:[a-z']+\s+){0,5}?(?:mother|mum|mam|mom|dad|"
         r"father|parents?|family|stepdad|stepmum)\b",
         need=need("out", "mother mum mam mom dad father parent parents family stepdad "
                   "stepmum")),
    rule("confronting another parent", "threat", 0.3,
         r"(?:have|having)\s+(?:a\s+(?:little\s+|quiet\s+|proper\s+)?)?(?:word|words)\s+with"
         r"\s+(?:[a-z']+\s+){0,5}?(?:mother|mum|mam|mom|dad|father|parents?|family|stepdad|"
         r"stepmum)\b",
         need=need("word words", "mother mum mam mom dad father parent parents family stepdad "
                   "stepmum"),
         before=_I_WILL + r"\s+(?:be\s+)?"),
    rule("waiting for you outside", "threat", 0.9,
         r"wait(?:ing)?\s+(?:for\s+you\s+(?:outside|at\s+the\s+gates?|in\s+the\s+car\s*park)"
         r"|outside\s+for\s+you|outside\s+(?:your|her|his)\s+(?:house|home|car|door))",
         need=need("outside gate gates park carpark"), anchors="wait waiting"),
    rule("see you outside", "threat", 0.8, r"outside\b", anchors="outside",
         before=r"(?:see\s+you|meet\s+me|step|come)\s+"),
    rule("waiting for you outside", "threat", 0.9, r"waiting\s+for\s+you(?=\s*(?:[.!]|$))",
         anchors="waiting", same_words="outside gate gates park carpark"),
    rule("don't make me come down there", "threat", 0.7,
         r"make\s+me\s+(?:come\s+(?:down|up|in|round)(?:\s+there)?|do\s+something|"
         r"lose\s+(?:it|my\s+temper))\b", anchors="make",
         before=r"(?:don't|dont|do\s+not)\s+"),
    rule("I'll be waiting", "threat", 0.45,
         r"i(?:'ll|\s+will)\s+be\s+waiting(?=\s*(?:[.!]|$))"
         r"|i(?:'ll|\s+will)\s+(?:be\s+)?wait(?:ing)?\s+outside\b",
         need=need("waiting wait", "ill will")),
    rule("violence", "threat", 1.0, _VIOLENT, anchors=_VIOLENT_ANCHORS,
         need=need(_I_WILL_WORDS + " someone"), before=_I_WILL + r"\s+(?:[a-z']+\s+){0,2}?"),
    rule("violence", "threat", 1.0, _VIOLENT_3P, anchors=_VIOLENT_ANCHORS,
         need=need(_I_WILL_WORDS + " someone"), before=_I_WILL + r"\s+(?:[a-z']+\s+){0,2}?",
         same_words=_STAFF_NAMED),
    rule("violence (maybe a figure of speech)", "threat", 0.45, _VIOLENT_3P,
         anchors=_VIOLENT_ANCHORS, need=need(_I_WILL_WORDS + " someone"),
         before=_I_WILL + r"\s+(?:[a-z']+\s+){0,2}?"),
    rule("violence (maybe a figure of speech)", "threat", 0.45,
         "(?:" + _VIOLENT + "|" + _VIOLENT_3P + ")",
         anchors=_VIOLENT_ANCHORS, need=need("could would id feel"),
         before=r"i(?:\s+could|\s+would|'d|\s+feel\s+like)\s+(?:[a-z']+\s+){0,2}?"),
    rule("watch your back", "threat", 0.8,
         r"watch\s+(?:(?:your|ur|yer)\s+back|(?:your|ur|yer)\s?self)\b"
         + _SELF_BACK[_SELF_BACK.index("(?!"):],
         need=need("watch", "back yourself urself yerself self")),
    rule("watch your back", "threat", 0.8, r"better\s+watch\b", need=need("better", "watch"),
         before=r"you(?:'d|\s+had)\s+"),
    # third-person menace: "Mr Lawson had better watch himself", "she'd better watch her back"
    rule("watch your back", "threat", 0.8,
         r"(?:had|'d)\s+better\s+watch\s+(?:(?:him|her|them)sel(?:f|ves)|(?:his|her|their)\s+"
         r"back|out)\b" + _SELF_BACK[_SELF_BACK.index("(?!"):], need=need("better", "watch")),
    rule("watch your back", "threat", 0.6,
         r"(?:needs?|wants?)\s+to\s+watch\s+(?:(?:him|her|them)sel(?:f|ves)|(?:his|her|their)"
         r"\s+back)\b" + _SELF_BACK[_SELF_BACK.index("(?!"):],
         need=need("watch", "himself herself themselves back")),
    # "if she does it again, she'll regret it": a warning about what staff did to a child
    rule("she will be sorry", "threat", 0.6,
         r"(?:she|he|they|(?:mr|mrs|ms|miss|mx)\.?\s+[a-z][a-z'\-]+)(?:'ll|\s+will|'s\s+"
         r"going\s+to|\s+is\s+going\s+to)\s+(?:really\s+|soon\s+)?(?:regret\s+(?:it|this|"
         r"that)|be\s+sorry|wish\s+(?:she|he|they)\s+hadn'?t|pay\s+for\s+(?:it|this|that))\b",
         need=need("regret sorry wish pay", "if"), same_sentence=r"\bif\b",
         same_words="again ever", tag=_LEGAL_OK),
    rule("you won't know what hit you", "threat", 0.8,
         r"you\s+won'?t\s+know\s+what'?s?\s+hit\s+you", need=need("know", "hit")),
    rule("coming for you", "threat", 0.8, r"coming\s+for\s+you\b", need=need("coming")),
    rule("I'll find you", "threat", 0.8,
         r"i(?:'ll|\s+will)\s+(?:find|get)\s+you(?=\s*(?:[.!,]|$))",
         need=need("find get", "ill will")),
    rule("something bad will happen", "threat", 0.8,
         r"something\s+(?:bad|terrible|nasty|awful)\s+(?:will|is\s+going\s+to)\s+happen\s+"
         r"to\s+(?:you|her|him|them)\b",
         need=need("something", "happen")),
    rule("messed with the wrong person", "threat", 0.8,
         r"mess(?:ed|ing)?\s+with\s+the\s+wrong\b", need=need("mess messed messing", "wrong")),
    rule("you don't know who you're dealing with", "threat", 0.8,
         r"who\s+you(?:'re|\s+are)\s+dealing\s+with", need=need("dealing")),
    rule("not responsible for my actions", "threat", 0.7,
         r"responsible\s+for\s+(?:my\s+actions|what\s+i\s+(?:do|might\s+do))",
         need=need("responsible", "actions i")),
    rule("I don't know what I'll do", "threat", 0.7,
         r"know\s+what\s+i(?:'ll|\s+will|'d|\s+would|'m\s+going\s+to|\s+might)\s+do\b",
         need=need("know", "what", "dont do"), before=r"(?:don'?t|do\s+not)\s+"),
    rule("you have been warned", "threat", 0.6,
         r"you(?:'ve|\s+have)\s+been\s+warned\b", need=need("warned"), tag=_LEGAL_OK),
    rule("you have been warned", "threat", 0.6,
         r"(?:don'?t|do\s+not|never)\s+say\s+(?:you\s+(?:weren'?t|were\s+not)\s+warned|"
         r"i\s+didn'?t\s+warn\s+you|i\s+did\s+not\s+warn\s+you)|consider\s+yourself\s+"
         r"warned|you'?ve\s+had\s+your\s+(?:last\s+|final\s+)?warning",
         need=need("warned warn warning"), tag=_LEGAL_OK),
    rule("you have been warned", "threat", 0.6, r"(?:last|final)\s+warning\b",
         need=need("warning", "last final"), tag=_LEGAL_OK),
    # intimidation
    rule("make your life hell", "intimidation", 0.9,
         r"make\s+(?:your|her|his|their)\s+life\s+(?:a\s+)?(?:living\s+)?(?:hell|misery|"
         r"difficult|hard)",
         need=need("make", "life", "hell misery difficult hard")),
    rule("ruin your career", "intimidation", 0.9,
         r"(?:ruin|destroy|end)\s+(?:your|her|his)\s+(?:career|life|reputation)",
         anchors="ruin destroy end", need=need("career life reputation")),
    rule("social media", "intimidation", 0.8, _SOCIAL_WORD, anchors=_SOCIAL_ANCHORS,
         need=need(_I_WILL_WORDS + " im", _PUBLISH_WORDS), window=160,
         before=_I_WILL + r"\s+(?:[a-z']+\s+){0,3}?" + _PUBLISH + r"\b[^.!?\n]{0,60}?\b"
         r"(?:on|all\s+over|across|to|in|with)\s+(?:(?:the|local|parents?'?|class|school|"
         r"mums?'?|year\s+\d+|community|village|facebook|whatsapp|fb|every|all|any|my|our|a|"
         r"an|their|your)\s+){0,3}"),
    rule("name and shame", "intimidation", 0.8, r"name\s+and\s+shame",
         need=need("name", "shame")),
    rule("name and shame", "intimidation", 0.8, r"viral\b", anchors="viral",
         before=r"go(?:es|ing)?\s+"),
    rule("everyone on social media will know", "intimidation", 0.8,
         r"everyone\s+(?:on|in)\s+(?:the\s+)?" + _SOCIAL_WORD + r"\s+will\s+(?:know|see|hear)",
         need=need("everyone", _SOCIAL_ANCHORS)),
    rule("going to the press", "intimidation", 0.6, _PRESS_WORD, anchors=_PRESS_ANCHORS,
         need=need(_I_WILL_WORDS + " im am"), window=120,
         before=r"(?:" + _I_WILL + r"\s+(?:[a-z']+\s+){0,3}?(?:go|going|speak|speaking|talk|"
         r"talking|contact|contacting|write|writing|tip\s+off|call|calling|ring|ringing)\s+"
         r"(?:to\s+)?|i(?:'m|\s+am|'ll\s+be|\s+will\s+be)\s+going\s+(?:straight\s+)?to\s+|"
         r"i(?:'ll|\s+will)\s+go\s+(?:straight\s+)?to\s+)" + _TO_THE),
    rule("expose you", "intimidation", 0.7,
         r"expose\s+(?:you|her|him|them|the\s+school|this\s+school|the\s+teacher|what|"
         r"everything|the\s+truth)\b",
         need=need("expose"), tag=_LEGAL_OK),
    rule("everyone will know", "intimidation", 0.7,
         r"everyone\s+will\s+know\s+(?:what|who|about|how)\b", need=need("everyone", "know"),
         tag=_LEGAL_OK),
    rule("everyone will know", "intimidation", 0.7,
         r"make\s+sure\s+(?:everyone|every\s+parent|all\s+the\s+(?:other\s+)?parents|"
         r"the\s+whole\s+(?:town|village|school|community))\s+(?:knows|hears|finds\s+out|sees)",
         need=need("make", "sure", "everyone every all whole"), tag=_LEGAL_OK),
    rule("your name everywhere", "intimidation", 0.8,
         r"your\s+name\s+(?:will\s+be|is\s+going\s+to\s+be|'ll\s+be)\s+(?:all\s+over|"
         r"everywhere|out\s+there|on|in\s+the)",
         need=need("your", "name")),
    rule("campaign against", "intimidation", 0.7,
         r"(?:campaign|page|group)\s+(?:against|about)\s+(?:you|her|him|the\s+(?:school|head|"
         r"teacher))\b",
         anchors="campaign page group", need=need("against about")),
    rule("get you sacked", "intimidation", 0.7,
         r"(?:get|have|see)\s+" + _TARGET + r"\s+(?:sacked|fired|struck\s+off|dismissed|"
         r"kicked\s+out|out\s+of\s+(?:a|your|her|his)\s+job)\b",
         anchors="get have see", need=need("sacked fired struck dismissed kicked job"),
         tag=_LEGAL_OK),
    rule("you'll lose your job", "intimidation", 0.7,
         r"you(?:'ll|\s+will)\s+lose\s+your\s+job", need=need("lose", "job"), tag=_LEGAL_OK),
    rule("you'll lose your job", "intimidation", 0.7,
         r"your\s+(?:job|career)\s+(?:is|will\s+be)\s+(?:over|finished|on\s+the\s+line)",
         need=need("job career", "over finished line"), tag=_LEGAL_OK),
    rule("you'll never work again", "intimidation", 0.7,
         r"make\s+sure\s+(?:you|she|he)\s+(?:never\s+(?:work|teach)|lose|loses|gets?\s+sacked|"
         r"(?:are|is)\s+sacked)",
         need=need("make", "sure", "never lose loses sacked"), tag=_LEGAL_OK),
    # insults aimed at staff
    rule("insult to staff", "insult", 0.7, _TERM, anchors=_TERM_ANCHORS,
         before=_YOU + _INTENS),
    rule("insult to staff", "insult", 0.7, _TERM, anchors=_TERM_ANCHORS,
         before=_DET + _PERSON + _BE + _INTENS),
    rule("insult to staff", "insult", 0.7, _ADJ + r"\s+" + _INTENS + _PERSON + r"\b",
         anchors=_ADJ_ANCHORS),
    rule("insult to staff", "insult", 0.6, _NOUN + r"\b", anchors=_NOUN_ANCHORS,
         before=r"(?:bunch|pack|load|shower|lot|set|band)\s+of\s+" + _INTENS),
    rule("insult to staff", "insult", 0.6, _alt(_PLURAL_INSULTS) + r"\b",
         anchors=" ".join(_PLURAL_INSULTS)),
    # insults about someone in the third person: "that idiot Miss Ford", "that stupid cow",
    # "she's a nasty piece of work"
    rule("insult to staff", "insult", 0.7, _PERSON_NOUN + r"\b",
         anchors=_firsts(_PERSON_NOUN_WORDS), before=r"that\s+" + _INTENS),
    rule("insult to staff", "insult", 0.7, _ANIMAL_NOUN + r"\b",
         anchors=_firsts(_OTHER_NOUN_WORDS), before=r"that\s+" + _INTENS + _ANIMAL_BEFORE),
    rule("insult to staff", "insult", 0.7, _HUMAN_NOUN + r"\b", anchors=_HUMAN_NOUN_WORDS,
         before=r"that\s+" + _INTENS + _HUMAN_BEFORE),
    # "she is a nasty bitter old cow", "Mr Hall is a spineless little man"
    rule("insult to staff", "insult", 0.7, _ANIMAL_NOUN + r"\b",
         anchors=_firsts(_OTHER_NOUN_WORDS), before=_SUBJECT_BE + _INTENS + _ANIMAL_BEFORE),
    rule("insult to staff", "insult", 0.7, _HUMAN_NOUN + r"\b", anchors=_HUMAN_NOUN_WORDS,
         before=_SUBJECT_BE + _INTENS + _HUMAN_BEFORE),
    rule("contempt", "insult", 0.7,
         _CONTEMPT_ADJ + r"\s+little\s+(?:(?:wo)?m[ae]n|hitlers?|dictators?|tyrants?|"
         r"jobsworths?|napoleons?|creeps?|people|person)\b",
         anchors=_firsts(("sneering", "sad", "smug", "pathetic", "petty", "spiteful", "bitter",
                          "pompous", "jumped-up", "self-important", "patronising",
                          "condescending", "snide", "arrogant", "vile", "nasty", "weaselly",
                          "creepy", "power-mad", "power-hungry", "odious", "obnoxious",
                          "insufferable", "sanctimonious", "spineless", "snivelling",
                          "vindictive", "useless", "incompetent"))),
    rule("contempt", "insult", 0.6, r"little\s+(?:hitler|napoleon|dictator)s?\b",
         anchors="little"),
    # a title in scare quotes, "so-called": contempt, weak alone
    rule("contempt", "insult", 0.45,
         r"['\"](?:mr|mrs|ms|miss|mx|dr|sir|professor)\.?['\"]\s+[a-z][a-z'\-]*[a-z]",
         need=need("mr mrs ms miss mx dr sir professor")),
    rule("contempt", "insult", 0.45,
         r"so[\s-]called\s+(?:['\"])?(?:teachers?|head\s*teachers?|head|professionals?|"
         r"experts?|educators?|senco|sendco|staff|leadership|safeguarding\s+lead|"
         r"(?:deputy\s+)?head\s+of\s+year|pastoral\s+(?:team|lead))\b",
         need=need("called", "so")),
    # "got your degree out of a Christmas cracker"
    rule("contempt", "insult", 0.6,
         r"(?:got|get|found|bought|won|earned)\s+(?:your|his|her|their)\s+(?:teaching\s+)?"
         r"(?:qualifications?|degree|certificate|diploma|pgce|qts|licence|badge)s?\s+"
         r"(?:free\s+)?(?:in|from|out\s+of|with)\s+a\s+(?:(?:box\s+of\s+)?cereals?(?:\s+box)?|"
         r"(?:christmas\s+)?cracker|lucky\s+bag|crisp\s+packet|kinder\s+egg|raffle|"
         r"packet\s+of\s+\w+)",
         need=need("got get found bought won earned",
                   "qualification qualifications degree certificate diploma pgce qts licence "
                   "badge")),
    # mock praise: "well done, genius", "congratulations ... truly the work of a genius"
    rule("sarcasm", "insult", 0.6,
         r"(?:well\s+done|nice\s+one|good\s+job|great\s+job|bravo|congratulations|congrats|"
         r"thanks(?:\s+a\s+lot)?|cheers)\s*[,.!]*\s*(?:(?:mr|mrs|ms|miss)\s+)?(?:genius|einstein|sherlock|"
         r"mastermind|bright\s+spark|rocket\s+scientist|smart\s*arse)\b",
         need=need("genius einstein sherlock mastermind spark rocket smartarse smart")),
    rule("sarcasm", "insult", 0.45,
         r"(?:work|stroke|mind|act)\s+of\s+(?:a\s+)?genius\b",
         need=need("genius", "congratulations congrats done bravo"),
         same_sentence=r"\b(?:congratulations|congrats|well\s+done|bravo)\b",
         same_words="nobody noone none not never failed again wrong"),
    # other parents: "his waste of space mother", "Connor's scumbag dad"
    rule("insult to another parent", "insult", 0.6,
         r"(?:waste[\s-]+of[\s-]+(?:space|oxygen|skin)|scumbag|scrounging|skanky|skank|chavvy|"
         r"chav|low[\s-]?life|deadbeat|druggie|junkie|trashy|good[\s-]for[\s-]nothing|"
         r"no[\s-]good|useless|pathetic|vile|feckless|thick|gobby|mouthy)\s+"
         r"(?:excuse\s+(?:for|of)\s+an?\s+)?(?:mother|mum|mam|mom|dad|father|parents?|"
         r"family|husband|wife|partner|boyfriend|girlfriend|stepdad|stepmum|nan)\b",
         need=need("mother mum mam mom dad father parent parents family husband wife partner "
                   "boyfriend girlfriend stepdad stepmum nan"),
         before=r"(?:his|her|their|that|[a-z]+'s)\s+"),
    rule("insult to staff", "insult", 0.6, _PERSON_NOUN + r"\b",
         anchors=_firsts(_PERSON_NOUN_WORDS),
         before=r"(?:she|he|they)(?:'s|'re|\s+is|\s+are|\s+was|\s+were)\s+(?:an?\s+)?"
         + _INTENS),
    rule("not fit to teach", "insult", 0.6,
         r"not\s+fit\s+to\s+(?:teach|be\s+a\s+(?:teacher|head)|run\s+a\s+school|work\s+with"
         r"\s+children|be\s+in\s+charge)",
         need=need("fit")),
    rule("shouldn't be teaching", "insult", 0.6,
         r"should(?:n'?t|\s+not)\s+be\s+(?:allowed\s+near\s+children|a\s+teacher|"
         r"teaching(?![^.!?\n]{0,40}\b(?:about|that|how|sex|rse|pshe|relationships)\b)|"
         r"working\s+with\s+(?:children|kids|young\s+people|pupils))",
         need=need("shouldnt should", "allowed teacher teaching working")),
    # --- discriminatory: race, nationality, sex, age, sexuality (Equality Act 2010) ---
    rule("go back where you came from", "discriminatory", 0.9,
         r"(?:send|sent|sending|ship|shipped|deport|deported|deporting|kick|kicked|fly|flown)"
         r"\s+(?:(?:her|him|them|you|'?em|the\s+lot\s+of\s+(?:them|you))\s+)?(?:all\s+)?"
         r"(?:back|home|out)\s+(?:to\s+)?(?:where\s+(?:she|he|they|you)\s+(?:(?:came|come|comes)"
         r"(?:\s+from)?|belongs?)|(?:her|his|their|your)\s+own\s+(?:country|kind))\b",
         need=need("back home out", "where own")),
    rule("go back where you came from", "discriminatory", 0.9,
         r"(?:go|get|fly|swim|clear\s+off|bugger\s+off|piss\s+off)\s+(?:back|bk)\s+(?:to\s+|2\s+)?"
         r"(?:where\s+(?:you|u)\s+(?:came|come)\s+from|(?:your|ur)\s+own\s+country)\b",
         need=need("back bk", "where own", "you your u ur")),
    rule("go back where you came from", "discriminatory", 0.9,
         r"(?:go|get|fly|clear\s+off)\s+back\s+(?:to\s+)?(?:where\s+(?:she|he|they)\s+"
         r"(?:came|come|comes)\s+from|(?:her|his|their)\s+own\s+country)\b",
         need=need("back", "where own"),
         before=r"(?:should(?:n't|\s+not)?|ought\s+to|needs?\s+to|must|why\s+(?:can't|don't|"
         r"doesn't)\s+(?:she|he|they))\s+(?:just\s+|all\s+)?"),
    rule("hostile about foreigners", "discriminatory", 0.7,
         r"(?:employ|employing|employs|hire|hiring|hires|letting\s+in|let\s+in|full\s+of|"
         r"too\s+many|bloody|a\s+bunch\s+of|sick\s+of)\s+"
         r"(?:(?:bloody|damn|effing|foreign)\s+)?(?:foreigners|immigrants|migrants|"
         r"asylum\s+seekers|refugees|eastern\s+europeans|outsiders)\b",
         need=need("foreigners immigrants migrants asylum refugees europeans outsiders")),
    rule("mocks how staff speak English", "discriminatory", 0.45,
         r"(?:can'?t|cannot|can\s+not|doesn'?t|does\s+not|don'?t|do\s+not|couldn'?t|never|"
         r"learn\s+to|learnt\s+to|learned\s+to)\s+(?:even\s+)?(?:speak|talk|write)\s+"
         r"(?:proper|decent|real|the\s+queen'?s|the\s+king'?s|normal|good)\s+english\b",
         need=need("english", "proper decent real queens kings normal good")),
    rule("sexist or ageist remark", "discriminatory", 0.6,
         r"(?:typical\s+(?:woman|women|female)(?=\s*(?:[.!,?]|$|for|isn|always))"
         r"|get\s+back\s+(?:in|into|to)\s+the\s+kitchen"
         r"|women\s+(?:shouldn'?t|should\s+not|can'?t|cannot)\s+(?:be\s+)?(?:in\s+charge|"
         r"teach(?:ing)?|run(?:ning)?|lead(?:ing)?|head)"
         r"|should\s+have\s+retired\s+(?:years|decades|long|ages)"
         r"|(?:too|far\s+too)\s+old\s+to\s+(?:be\s+)?(?:teach|teaching|work|working|be\s+in\s+"
         r"charge)|past\s+(?:her|his|their)\s+sell[\s-]+by\s+date)\b",
         need=need("typical kitchen women retired old sell")),
    # --- sexual remarks about staff ---
    rule("sexual remark", "sexual", 0.6,
         r"(?<!keep\s)(?<!keep-)(?:hot|sexy|fit|fanciable|tasty|dishy|foxy|yummy|milf|totty|"
         r"bangin[g']?|fit\s+as)\s+(?:new\s+|young\s+|blonde\s+|little\s+|looking\s+)?(?:pe\s+|supply\s+|"
         r"student\s+|trainee\s+|class\s+|maths\s+|music\s+|dance\s+)?(?:teachers?|tas?|"
         r"teaching\s+assistants?|receptionists?|miss|deputy|secretary|office\s+lad(?:y|ies)|lady|"
         r"nurse)\b",
         need=need("hot sexy fit fanciable tasty dishy buff foxy yummy milf totty banging "
                   "bangin")),
    rule("sexual remark", "sexual", 0.6,
         r"(?:nice|great|cracking|lovely|fit|peachy|sexy|hot|amazing|fantastic|pert|perky)\s+"
         r"(?:legs|bum|arse|ass|figure|boobs|tits|rack|backside|cleavage|curves)\b"
         r"(?!\s+(?:of|in|for|to)\b)",
         need=need("legs bum arse ass figure boobs tits rack backside cleavage curves")),
    rule("innuendo", "sexual", 0.6,
         r"(?:she|he|miss|sir|(?:mrs|ms|miss|mr)\.?\s+[a-z][a-z'\-]+)\s+(?:can|could|is\s+"
         r"welcome\s+to)\s+(?:give\s+me\s+(?:a\s+)?(?:private|personal|detention|spanking)|"
         r"teach\s+me\s+a\s+(?:lesson|thing\s+or\s+two)|keep\s+me\s+(?:behind|in)|"
         r"put\s+me\s+in\s+detention|(?:punish|spank|discipline)\s+me)\b[^.!?\n]{0,40}?"
         r"\b(?:any\s*time|whenever\s+(?:she|he)\s+(?:likes|wants|fancies)|any\s+day)\b",
         need=need("anytime any whenever", "me")),
    rule("innuendo", "sexual", 0.45,
         r"(?:put|keep|give)\s+me\s+(?:in\s+)?(?:a\s+)?detention\b|(?:spank|punish)\s+me\b",
         need=need("detention spank punish", "me")),
    rule("sexual remark", "sexual", 0.25,
         r"(?:tight|skin[\s-]?tight|short|low[\s-]?cut|see[\s-]?through|skimpy|revealing)\s+"
         r"(?:leggings|lycra|skirts?|dress|top|shorts|jeans|trousers|blouse)\b",
         need=need("leggings lycra skirt skirts dress top shorts jeans trousers blouse"),
         same_words="she her miss mrs ms teacher ta receptionist"),

    rule("who do you think you are", "insult", 0.6,
         r"who\s+the\s+(?:hell|f\S*)\s+do\s+you\s+think\s+you\s+are",
         need=need("think", "who")),
    rule("get a real job", "insult", 0.6, r"get\s+a\s+(?:real\s+|proper\s+)?job\b",
         need=need("get", "job")),
    rule("derogatory about the school", "insult", 0.4, _TERM, anchors=_TERM_ANCHORS,
         before=_DET + _INSTITUTION + _BE + _INTENS),
    rule("derogatory about the school", "insult", 0.4,
         _ADJ + r"\s+" + _INTENS + _INSTITUTION + r"\b", anchors=_ADJ_ANCHORS),
    rule("derogatory about the school", "insult", 0.4, _NOUN + r"\b", anchors=_NOUN_ANCHORS,
         before=r"(?:what|such)\s+an?\s+" + _INTENS),
    # --- round 2: the general forms behind the classes above ------------------------------
    # Dismissive obscene imperatives: "you can shove your detention", "stick it where the
    # sun don't shine", "u can stik ur rules", "you know where you can put it".
    rule("shove it", "swearing", 0.7,
         _SHOVE + r"\s+" + _YOUR_THING + r"(?:\s+(?:up\s+(?:your|ur|yer)\s+[a-z*]+|where\s+the\s+"
         r"sun|somewhere|sideways)\b|(?=\s*(?:[.!,;)\n]|$)))",
         anchors=_SHOVE_WORDS,
         before=r"(?:(?:you|u|ya|they|she|he|school|lot)\s+(?:can|could)\s+(?:just\s+|go\s+"
         r"(?:and\s+)?)?|go\s+(?:and\s+)?|just\s+|and\s+|^|(?<=[.!?\n])\s*)"),
    rule("shove it", "swearing", 0.7,
         _SHOVE + r"\s+" + _THEIR_THING + r"\s+(?:" + _UP_YOURS + r"|where\s+the\s+sun)",
         anchors=_SHOVE_WORDS),
    rule("shove it", "swearing", 0.7,
         r"(?:know|knows)\s+where\s+(?:you|u|they|she|he)\s+can\s+(?:" + _SHOVE.strip("(?:)")
         + r"|put)\b", need=need("know knows", "where", "can")),
    # An abusive verb aimed at a person: "screw you", "sod the lot of you", "to hell with her".
    rule("screw you", "swearing", 0.6,
         r"(?:screw|sod|bugger|stuff|damn|feck|frig)\s+(?:you|u|ya|the\s+lot\s+of\s+(?:you|u|ya)|"
         r"(?:you|u)\s+(?:all|lot|people))(?=\s*(?:[.!,;\n]|$|and\b|lot\b|all\b))",
         anchors="screw sod bugger stuff damn feck frig", need=need("you u ya")),
    rule("screw you", "swearing", 0.6,
         r"(?:to\s+hell\s+with\s+(?:you|u|her|him|them|the\s+lot\s+of)|(?:go|get)\s+(?:and\s+)?"
         r"(?:do\s+one|jog\s+on|take\s+a\s+running\s+jump|get\s+lost|get\s+stuffed|"
         r"swivel|whistle))\b",
         anchors="to go get", need=need("hell one jog jump lost stuffed swivel whistle")),
    # An insult noun after contempt, aimed at someone: "some jumped up little prick",
    # "that pathetic excuse", "a useless lump of a man", "that idiot of a teacher".
    rule("insult to staff", "insult", 0.7,
         _INSULT_NOUN + r"\s+of\s+an?\s+" + _STAFF_WORD + r"\b",
         anchors=_firsts(_INSULT_NOUN_WORDS), need=need(_STAFF_WORDS)),
    rule("insult to staff", "insult", 0.7, _INSULT_NOUN + r"\b",
         anchors=_firsts(_INSULT_NOUN_WORDS),
         before=r"(?:(?:some|that|this|your|ur|what\s+an?|such\s+an?|bunch\s+of|you|u)\s+|"
         r"(?<!\bi\s)(?:is|are|was|were|'s|'re)\s+(?:such\s+)?an?\s+)(?:(?:right|real|proper)\s+)?"
         + _INTENS + _CONTEMPT_RUN),
    # Veiled menace that a member of staff is meant to feel: each general formula; the
    # weaker ones need a second sign to flag.
    rule("watch your back", "threat", 0.8,
         r"(?:i'?d|i\s+would|i\s+will|you'?d|you\s+(?:had\s+)?better|u\s+better|she'?d|he'?d|"
         r"they'?d|(?:she|he|they)\s+(?:had\s+)?better|(?:want|wants|need|needs)\s+to)\s+"
         r"(?:best\s+)?watch\s+" + _SELF_BACK,
         need=need("watch")),
    rule("watch your back", "threat", 0.8,
         r"watch\s+" + _SELF_BACK + r"[^.!?\n]{0,30}\bif\s+i\s+(?:was|were)\s+(?:you|u|her|"
         r"him|them)\b|if\s+i\s+(?:was|were)\s+(?:you|u|her|him|them),?\s+i'?d\s+(?:be\s+"
         r"(?:very\s+)?careful|watch\s+" + _SELF_BACK + r")",
         need=need("watch careful", "if"), anchors="watch if"),
    rule("look over your shoulder", "threat", 0.8,
         r"(?:look(?:ing)?|check(?:ing)?)\s+over\s+(?:your|ur|her|his|their)\s+shoulders?"
         r"(?!\s+(?:at|to|for|when))|sleep\s+with\s+one\s+eye\s+open\b",
         anchors="look looking check checking sleep", need=need("shoulder shoulders eye")),
    rule("not someone to cross", "threat", 0.7,
         r"(?:i'?m|i\s+am|i'?m\s+really)\s+not\s+(?:someone|somebody|the\s+(?:kind|sort|type)\s+"
         r"of\s+(?:person|man|woman|mum|dad|parent)|a\s+(?:person|man|woman|mum|dad|parent))\s+"
         r"(?:you\s+want\s+to\s+|to\s+)?(?:cross|mess\s+(?:with|about|around)|upset|push|"
         r"test|wind\s+up|make\s+an\s+enemy\s+of)\b"
         r"|(?:you|u|she|he|they)\s+(?:really\s+)?(?:don'?t|do\s+not|doesn'?t|does\s+not|won'?t)"
         r"\s+want\s+to\s+(?:cross|mess\s+with|make\s+an\s+enemy\s+of|get\s+on\s+the\s+wrong"
         r"\s+side\s+of)\s+me\b",
         need=need("cross mess upset push test wind enemy wrong", "not dont doesnt wont")),
    rule("remember my face", "threat", 0.6,
         r"(?:remember|don'?t\s+forget)\s+(?:my|this)\s+face\b|i\s+(?:never|don'?t)\s+forget"
         r"\s+a\s+face\b|i\s+know\s+people\s+who\b",
         need=need("face people", "remember forget know")),
    rule("you'll see", "threat", 0.45,
         r"(?:you|u|she|he|they)(?:'ll|\s+will|ll)\s+(?:soon\s+)?(?:see|find\s+out|learn)\s+"
         r"(?:what\s+happens|the\s+hard\s+way|what\s+i'?m\s+capable\s+of|who\s+(?:you'?re|"
         r"she'?s|he'?s)\s+dealing\s+with)"
         r"|(?:you|u|she|he|they)(?:'ll|\s+will|ll)\s+(?:soon\s+)?see(?=\s*(?:[.!\n]|$))"
         r"|wait\s+and\s+see\s+what\s+happens\b|this\s+(?:isn'?t|is\s+not|is\s+far\s+from)\s+"
         r"over\b|you\s+haven'?t\s+heard\s+the\s+last\s+of\s+me\b",
         need=need("see find learn wait over heard"), tag=_LEGAL_OK),
    rule("accidents happen to people who", "threat", 0.7,
         r"(?:accidents|things|bad\s+things)\s+(?:can\s+|do\s+|tend\s+to\s+|have\s+a\s+way\s+of\s+)?"
         r"happen(?:ing)?\s+to\s+(?:people|those|teachers|staff|anyone|someone)\s+(?:who|that)\b",
         need=need("happen happening", "who that")),
    rule("what goes around comes around", "threat", 0.45,
         r"what\s+goes\s+(?:a?round|round)\s+comes\s+(?:a?round|round)|karma(?:'s|\s+is|\s+will)"
         r"\s+(?:a\s+\w+|coming|catch|get|bite)|accidents\s+(?:happen|can\s+happen)\b"
         r"|(?:would|'d)\s+be\s+a\s+(?:real\s+)?shame\s+if\s+(?:something|anything)\s+"
         r"(?:happened|were\s+to\s+happen)",
         need=need("goes karma accidents shame")),
    rule("think carefully", "threat", 0.45,
         r"(?:she|he|they|(?:mr|mrs|ms|miss|mx)\.?\s+[a-z][a-z'\-]+)(?:'d|\s+should|\s+had\s+"
         r"better|\s+wants?\s+to|\s+needs?\s+to)\s+(?:think|consider)\s+(?:very\s+|really\s+|long"
         r"\s+and\s+hard\s+)?(?:carefully\s+)?(?:about\s+(?:what\s+(?:goes|happens|comes)|"
         r"(?:her|his|their)\s+(?:next|future|position|safety))|before\s+(?:she|he|they))",
         need=need("think consider"), tag=_LEGAL_OK),
    # Contempt for a nationality, an accent or a language (Equality Act 2010: race).
    rule("go back where you came from", "discriminatory", 0.9,
         r"back\s+(?:to\s+)?(?:wherever|where(?:ever)?\s+(?:the\s+hell\s+|on\s+earth\s+)?|"
         r"whatever\s+(?:country|hole|rock|dump|place|slum|jungle))\s*(?:(?:she|he|they|you|u|"
         r"it)\s+)?(?:crawled|crawls|crept|slithered|swam|floated|washed\s+up|was\s+dragged)"
         r"|(?:hole|rock|gutter|sewer|swamp|slum|jungle|dump)\s+(?:she|he|they|you|u)\s+"
         r"(?:crawled|slithered|crept)\s+(?:out\s+(?:of|from)|from)"
         r"|back\s+to\s+the\s+(?:jungle|trees|desert|boat|boats)\b",
         need=need("crawled crawls crept slithered swam floated washed dragged jungle trees "
                   "desert boat boats")),
    rule("go back where you came from", "discriminatory", 0.9,
         r"(?:go|get|fly|swim|clear\s+off|bugger\s+off|piss\s+off|send\s+(?:her|him|them))\s+"
         r"back\s+(?:to\s+)?wherever\s+(?:she|he|they|you|u)\s+(?:came|come|comes)\s+from",
         need=need("wherever")),
    rule("mocks how staff speak English", "discriminatory", 0.45,
         r"(?:can'?t|cannot|can\s+not|can\s+(?:barely|hardly|scarcely)|barely|hardly|doesn'?t|"
         r"does\s+not|couldn'?t|could\s+(?:barely|hardly)|never)\s+(?:even\s+)?(?:speak|talk|"
         r"write|string\s+(?:a\s+sentence|two\s+words)\s+(?:together\s+)?in)\s+(?:proper\s+|"
         r"decent\s+|normal\s+|good\s+|basic\s+)?(?:english|the\s+language|our\s+language|"
         r"british)\b(?!\s+(?:yet|at\s+home|very\s+well\s+yet))",
         need=need("speak talk write string", "english language british"),
         same_words="teacher teachers teach teaching staff someone woman man miss sir mr mrs "
         "ms head ta senco receptionist hire hired hiring employ employed paying paid "
         "supply"),
    rule("mocks an accent", "discriminatory", 0.45,
         r"(?:(?:ridiculous|stupid|awful|horrible|terrible|dreadful|silly|weird|funny|foreign|"
         r"thick|laughable|ugly|annoying|put[\s-]on|incomprehensible|unintelligible|"
         r"impenetrable|gibberish)\s+(?:foreign\s+)?accents?"
         r"|accents?\s+(?:is|are|was)\s+(?:so\s+|too\s+|just\s+|absolutely\s+)?(?:ridiculous|"
         r"awful|horrible|terrible|dreadful|laughable|incomprehensible|unintelligible|a\s+joke)"
         r"|(?:can'?t|cannot|(?:nobody|no\s+one|none\s+of\s+(?:us|them))\s+can|could(?:n'?t)?)\s+"
         r"understand\s+(?:a\s+(?:single\s+)?word(?:\s+of)?|anything|half\s+of\s+what)\s+"
         r"(?:she|he|they|that\s+(?:woman|man|teacher)|the\s+(?:new\s+)?(?:teacher|woman|man)|"
         r"(?:mr|mrs|ms|miss)\.?\s+[a-z][a-z'\-]+)\s+(?:says|said|is\s+saying))\b",
         need=need("accent accents understand")),
    rule("these people", "discriminatory", 0.3,
         r"(?:these|those)\s+people\b|people\s+like\s+(?:her|him|them|that)\b|"
         r"(?:her|his|their)\s+(?:kind|sort|lot)\b(?!\s+(?:of|words|letter|help|offer))",
         need=need("people kind sort lot"),
         same_words="english language accent foreign foreigners country countries british "
         "immigrants migrants speak"),
    rule("wants staff of one nationality", "discriminatory", 0.45,
         r"(?:hire|employ|get|paying|pay|recruit|want)\s+(?:an?\s+|some\s+)?(?:proper\s+|real\s+)"
         r"(?:english|british)\s+(?:teachers?|staff|people|person|woman|man)\b"
         r"|(?:hiring|employing|paying|too\s+many|full\s+of)\s+(?:foreign|non[\s-](?:english|"
         r"british))\s+(?:teachers?|staff|people|workers)\b",
         need=need("english british foreign")),
    # swearing phrases
    rule("piss off", "swearing", 0.6, r"off\b", anchors="off",
         need=need("piss bugger sod f eff"), before=r"(?:piss|bugger|sod|f\*+|eff)\s+"),
    rule("piss off", "swearing", 0.6,
         r"(?:kiss\s+my\s+arse|up\s+yours|get\s+stuffed|go\s+to\s+hell)\b",
         anchors="kiss up get go", need=need("arse yours stuffed hell")),
    rule("up your arse", "swearing", 0.7,
         r"(?:shove|stick|ram)\s+(?:it|this|that|them|your\s+\w+)\s+up\s+your\s+(?:arse|ass)\b",
         anchors="shove stick ram", need=need("arse ass")),
    rule("taking the piss", "swearing", 0.4, r"piss\b", anchors="piss",
         before=r"(?:tak(?:e|es|ing)|took)\s+the\s+"),
    rule("what the hell", "swearing", 0.25,
         r"(?:what\s+the\s+(?:hell|heck)|cock[\s-]+up|shut\s+up|can'?t\s+be\s+arsed)\b",
         anchors="what cock shut can cant", need=need("hell heck cock shut arsed")),
)  # fmt: skip

# Someone else's words, reported by the parent.
_THIRD = (
    r"(?:he|she|they|someone|somebody|another\s+\w+|other\s+\w+|an?\s+(?:older\s+)?(?:boy|girl|"
    r"child|pupil|student|kid|lad|man|woman|teacher|parent|classmate)|the\s+(?:other\s+)?"
    r"(?:boy|girl|child|pupil|student|kid|lad|teacher|boys|girls|kids|children)|boys|girls|"
    r"kids|children|pupils|students|lads|my\s+(?:son|daughter|child|boy|girl|kids|children)|"
    r"(?:his|her|their)\s+\w+|[a-z]+'s\s+(?:dad|mum|brother|sister|friend))"
)
_REPORTED = re.compile(
    r"\b" + _THIRD + r"\s+(?:[a-z']+\s+){0,3}?(?:called|calls|calling|said|says|told|tells|"
    r"shouted|shouts|yelled|screamed|swore|swears|wrote|writes|texted|messaged|posted|"
    r"whispered|threatened|sent|mouthed|repeated|(?:kept|keeps)\s+saying|(?:was|were|is|are|"
    r"has\s+been|have\s+been)\s+(?:saying|calling|telling|shouting|sending))\b"
    r"|\b(?:was|were|been|being|got|get|gets|is|are)\s+(?:\w+\s+)?(?:called|sworn\s+at|told|"
    r"threatened|shouted\s+at|labelled|nicknamed)\b"
    r"|\bcall(?:ed|ing|s)?\s+(?:him|her|them|me|us|my\s+\w+)\s+(?:an?\s|names\b|\w*\*)"
    r"|\bby\s+(?:another|a|an|other|some|the|older|one\s+of\s+the)\s+(?:\w+\s+)?(?:pupils?|"
    r"child|children|boys?|girls?|kids?|students?|lads?|classmates?)\b"
    r"|\bname[\s-]*calling\b|\b(?:language|words?|names)\s+like\b"
    # a film, book or game quoted: "the villain says 'I know where you live'"
    r"|\b(?:film|movie|show|programme|series|book|story|song|play|game|cartoon|episode|scene)"
    r"\s+(?:where|in\s+which|when)\b|\b(?:the\s+)?(?:villain|baddie|character|narrator|"
    r"hero|line|lyrics?)\s+(?:says|said|goes|went|is)\b"
)
_LEGAL = re.compile(
    r"\b(?:governors?|governing\s+body|ofsted|solicitors?|lawyers?|legal|court|tribunal|"
    r"sendist|ombudsman|lgsco|local\s+authority|council|trust|ceo|dfe|department\s+for\s+"
    r"education|mp|formal\s+complaint|complaints?|police|tra|teaching\s+regulation|judicial|"
    r"secretary\s+of\s+state|trustees?|appeal|regulator)\b"
)


# ---------------------------------------------------------------------------------------
# Facts composed from families of words within a sentence (or a sentence and the one before
# it): who is to suffer what, on what condition. Each family takes its inflections and the
# common text-speak ("u", "ur", "il", "cum", "agen", "n" for "and").

_F_ME = r"(?:i|il|ill|i'll|im|i'm|i'd|id|ive|i've|we|we'll|we're|me)"
_F_PERSON = (
    r"(?:him|her|them|you|u|ya|yous|(?:mr|mrs|ms|miss|mx|sir)\.?\s+[a-z][a-z'\-]+|"
    r"(?:that|the|this)\s+(?:teacher|woman|man|head|senco|ta|bloke|lady))"
)
# Acts of violence against a person: "sort him out", "deal with her", "batter him".
_F_HARM = (
    r"(?:sort(?:s|ed|ing|in)?\s+" + _F_PERSON + r"\s+out"
    r"|deal(?:s|t|ing)?\s+with\s+" + _F_PERSON + r"(?=\s+(?:my\s*self|myself|personally|"
    r"by\s+my\s*self|meself|then|n|and|$)|\s*[.,!;]|$)"
    r"|have\s+it\s+out\s+with\s+"
    + _F_PERSON
    + r"|(?:batter|leather|lamp|deck|knock|smack|punch|slap|thump|wallop|belt|hit|kick|"
    r"headbutt|strangle|throttle|kill|hurt|smash)(?:s|ed|ing|in|t|ped|ping)?\s+"
    + _F_PERSON
    + r"(?!\s+(?:with|about|on\s+the\s+(?:phone|email)))"
    r"|(?:get|gets|getting|got|have|has)\s+what(?:'s|s|\s+is)\s+coming)"
)
_F_HARM_WORDS = (
    "sort sorts sorted sorting sortin deal deals dealt dealing have batter leather lamp deck "
    "knock smack punch slap thump wallop belt hit kick headbutt strangle throttle kill hurt "
    "smash get gets getting got has battered knocked hitting punched slapped"
)
_F_HARM_RE = re.compile(r"\b" + _F_HARM + r"\b")
# Coming to the school: "come down there", "cum up", "I'm coming in".
_F_COME = re.compile(
    r"\b(?:come|comes|coming|comin|cum|came)\s+(?:down|up|in|into|round|over|to\s+(?:the\s+)?"
    r"school|there)\b"
)
# A condition or a deadline on what the school or a member of staff does next.
_F_CONDITION = re.compile(
    r"\b(?:if|should|next\s+time|or\s+else|otherwise|unless|until|till|til|by\s+(?:monday|"
    r"tuesday|wednesday|thursday|friday|the\s+weekend|tomorrow|the\s+end))\b"
)
_F_AGAIN = re.compile(r"\b(?:again|agen|agin|ever|one\s+more\s+time|once\s+more)\b")
_F_FIRST_PERSON = re.compile(r"\b" + _F_ME + r"\b")
# Someone who works at the school named in the window.
_F_STAFF = re.compile(
    r"\b(?:(?:mr|mrs|ms|miss|mx|sir)\.?\s+[a-z][a-z'\-]+|teachers?|head\s*teacher|head|"
    r"headmaster|headmistress|deputy|senco|sendco|tas?|teaching\s+assistant|receptionist|"
    r"form\s+tutor|tutor|head\s+of\s+year|coach|caretaker|dinner\s+lady)\b"
)
# Exposure: a member of staff's name or picture before the public.
_F_EXPOSE_ITEM = re.compile(
    r"\b(?:names?|photos?|photographs?|pictures?|pics?|face|faces|details|address|number|"
    r"story|what\s+(?:she|he|they)\s+(?:did|has\s+done|is\s+like)|what\s+(?:kind|sort|type)\s+"
    r"of\s+(?:woman|man|person|teacher))\b"
)
_F_VENUE = re.compile(
    r"\b(?:facebook|fb|whatsapp|whats\s+app|instagram|insta|tiktok|twitter|x\.com|snapchat|"
    r"mumsnet|nextdoor|online|internet|social\s+media|socials|(?:parents?|mums?|mums'|dads?|"
    r"class|year|village|estate|community|local|school|town)\s+(?:group|groups|page|pages|"
    r"chat|chats|forum)|group\s+chat|every\s+(?:parent|mum|family|one)|everyone|everybody|"
    r"all\s+the\s+(?:parents|mums|dads|families)|the\s+whole\s+(?:village|estate|town|"
    r"school|year)|the\s+(?:papers|press|local\s+paper|news))\b"
)
_F_EXPOSE_ACT = re.compile(
    r"\b(?:go(?:es|ing)?\s+(?:on|up|out|online|viral)|put(?:ting)?\s+(?:up|on|out|online)|"
    r"post(?:s|ed|ing)?|shar(?:e|es|ed|ing)|plaster(?:ed|ing)?|splash(?:ed|ing)?|"
    r"publish(?:ed|ing)?|upload(?:ed|ing)?|name\s+and\s+shame|know(?:s)?\s+(?:exactly\s+)?"
    r"(?:what|who)|find\s+out|see(?:s)?\s+(?:exactly\s+)?what)\b"
)
# A crowd turning up for someone: "2,000 people waiting outside the gates".
_F_CROWD = re.compile(
    r"\b(?:people|parents|mums|dads|families|of\s+us|everyone|everybody|crowd|mob|group|"
    r"army)\b"
)
_F_GATHER = re.compile(
    r"\b(?:wait(?:s|ed|ing)?|stand(?:s|ing)?|turn(?:s|ing)?\s+up|be\s+there|gather(?:ing)?|"
    r"protest(?:ing)?|picket(?:ing)?|descend(?:ing)?)\b[^.!?]{0,40}?\b(?:outside|at\s+the\s+"
    r"(?:gates?|school|door|office|fence)|on\s+the\s+(?:gates?|doorstep))\b"
)
_F_GATHER_FOR = re.compile(r"\bfor\s+(?:her|him|you|u|them)\b")
# Menace: "he wants to think very carefully", "I know what car she drives", "be a shame if
# anything happened to".
_F_THINK = re.compile(
    r"\b(?:you|u|he|she|they|(?:mr|mrs|ms|miss|mx|sir)\.?\s+[a-z][a-z'\-]+)(?:'d|'ll|\s+would|"
    r"\s+had|\s+will)?\s*(?:better|do\s+well\s+to|wants?\s+to|might\s+want\s+to|needs?\s+to|"
    r"ought\s+to|should)\s+think\s+(?:very\s+|really\s+|long\s+and\s+hard\s+|again\s+)?"
    r"(?:carefully|hard|twice|again)\b"
)
_F_KNOWS = re.compile(
    r"\b(?:i|we|i've|ive)\s+(?:know|knows|found\s+out|seen|clocked|noticed)\s+(?:exactly\s+)?"
    r"(?:(?:which|what)\s+(?:car|cars|house|road|street|route|bus|train|time|times|way|reg)\b|"
    r"where\s+(?:she|he|they|you|u)\s+(?:live|lives|park|parks|go|goes|drink|drinks|shop|"
    r"shops)\b|(?:what|when|which\s+way)\s+(?:time\s+)?(?:she|he|they|you|u)\s+(?:drive|drives|"
    r"leave|leaves|finish|finishes|go|goes|get|gets|walk|walks|park|parks)\b|"
    r"(?:she|he|they|you|u)\s+(?:go|goes|drive|drives|walk|walks|leave|leaves)\s+"
    r"(?:down|along|past|through|home|out)\b|(?:her|his|their|your|ur)\s+(?:car|reg|route|"
    r"address|house|kids|children|routine)\b)"
)
_F_SHAME_IF = re.compile(
    r"\b(?:shame|pity)\s+if\s+(?:anything|something|owt|summat)\s+(?:was\s+to\s+|were\s+to\s+|"
    r"ever\s+|should\s+)?(?:happen|happened|happens)\b"
)
_F_DISCLAIMER = re.compile(
    r"\b(?:not\s+a\s+threat|that'?s\s+not\s+a\s+threat|it'?s\s+a\s+promise|take\s+(?:that|it)"
    r"\s+how\s+you\s+(?:like|want|will)|u\s+wont\s+like\s+it|you\s+won'?t\s+like\s+it|"
    r"u\s+won'?t\s+like\s+it|you\s+will\s+not\s+like\s+it|you'?ll\s+be\s+sorry|u'?ll\s+be\s+"
    r"sorry)\b"
)
# Contempt in text-speak: "ur a joke", "u r useless".
_F_YOU_ARE = re.compile(
    r"\b(?:ur|u\s+r|u\s+are|youre|ure|yer|ya)\s+(?:a\s+|an\s+)?(?:proper\s+|total\s+|"
    r"complete\s+|absolute\s+|utter\s+|f[a-z*]*in[g']?\s+|bloody\s+)?" + _TERM
)
_F_WORDS = frozenset(
    (_F_HARM_WORDS + " come comes coming comin cum came facebook fb whatsapp instagram insta "
     "tiktok twitter snapchat mumsnet nextdoor online internet group groups page chat forum "
     "everyone everybody papers press news outside gates gate think know knows shame pity "
     "threat promise like sorry ur u youre ure yer ya").split()
)  # fmt: skip


def _composed(prep: Prepared, taken: list[_Match]) -> list[_Match]:
    """Threats and intimidation recognised from their parts, sentence by sentence. A sign
    that a phrase rule has already found (``taken``) is not counted twice."""
    if not (_F_WORDS & prep.words):
        return []
    found = _composed_all(prep)
    return [
        m for m in found
        if not any(t.start < m.end and m.start < t.end and t.category != "swearing"
                   and t.weight >= m.weight for t in taken)
    ]  # fmt: skip


def _composed_all(prep: Prepared) -> list[_Match]:
    low = prep.lower
    out: list[_Match] = []
    spans = prep.spans
    for i, (s0, s1) in enumerate(spans):
        sent = low[s0:s1]
        window = low[spans[i - 1][0] : s1] if i else sent
        for m in _F_HARM_RE.finditer(sent):
            before = sent[: m.start()]
            mine = _F_FIRST_PERSON.search(before[-60:]) or re.search(
                r"\s+(?:my\s*self|meself|personally)\b", sent[m.end() : m.end() + 20]
            )
            comeuppance = "coming" in m.group()
            if not (mine or comeuppance):
                continue
            staff = _F_STAFF.search(window) or re.search(r"\b(?:you|u)\b", m.group())
            conditional = _F_CONDITION.search(before) or _F_AGAIN.search(sent)
            coming = _F_COME.search(sent)
            if comeuppance and (staff or _F_CONDITION.search(before)):
                weight = 0.8
            elif mine and staff and (conditional or coming):
                weight = 1.0
            elif mine and (conditional or coming):
                weight = 0.45
            else:
                continue
            out.append(_Match(s0 + m.start(), s0 + m.end(), "violence against staff",
                              "threat", weight, phrase=True))  # fmt: skip
        if _F_EXPOSE_ITEM.search(sent) and _F_VENUE.search(sent):
            act = _F_EXPOSE_ACT.search(sent)
            staff = re.search(r"\b(?:mr|mrs|ms|miss|mx|sir)\.?\s+[a-z][a-z'\-]+", window)
            if act and staff:
                weight = 0.8 if _F_CONDITION.search(window) or "know" in act.group() else 0.6
                out.append(_Match(s0 + act.start(), s0 + act.end(), "exposing staff publicly",
                                  "intimidation", weight, phrase=True))  # fmt: skip
        gather = _F_GATHER.search(sent)
        if gather and _F_CROWD.search(sent[: gather.start()]):
            aimed = _F_GATHER_FOR.search(sent) or _F_STAFF.search(window)
            out.append(_Match(s0 + gather.start(), s0 + gather.end(), "crowd turning up",
                              "intimidation", 0.8 if aimed else 0.3, phrase=True))  # fmt: skip
        for regex, term, weight in (
            (_F_THINK, "think carefully", 0.45),
            (_F_KNOWS, "I know your movements", 0.45),
            (_F_SHAME_IF, "shame if anything happened", 0.6),
            (_F_DISCLAIMER, "not a threat", 0.3),
        ):
            for m in regex.finditer(sent):
                out.append(_Match(s0 + m.start(), s0 + m.end(), term, "threat", weight,
                                  phrase=True))  # fmt: skip
        for m in _F_YOU_ARE.finditer(sent):
            out.append(_Match(s0 + m.start(), s0 + m.end(), "insult to staff", "insult", 0.7,
                              phrase=True))  # fmt: skip
    return out


# ---------------------------------------------------------------------------------------
# Round 4 families, each composed within a sentence (or with the sentence before it).

# A warning to "watch himself" passed on through the school, to anyone named: "tell Davies
# to watch himself", "inform Mr X he would be wise to watch his step", "tell miss 2 watch
# her back". Not "watch her step on the ice", "watch himself in PE", "watch out for".
_G_RELAY = re.compile(
    r"\b(?:tell|tel|telling|told|inform|informing|warn|warning|remind|reminding|let)\s+"
    r"(?:to\s+)?(?:[a-z'.]+\s+){1,4}?(?:that\s+)?(?:(?:to|2)\s+|(?:he|she|they|you|u)"
    r"(?:'d|\s+had|\s+would|\s+will|'ll)?\s+(?:best\s+|better\s+|be\s+wise\s+to\s+|do\s+"
    r"well\s+to\s+|must\s+|should\s+|needs?\s+to\s+|wants?\s+to\s+|ought\s+to\s+)+)"
    r"(?:best\s+|better\s+)?watch\s+(?:(?:him|her|them|your|ur|yer)\s?sel(?:f|ves)|"
    r"(?:his|her|their|your|ur|yer)\s+(?:back|backs|step|steps|mouth)|it|out)\b"
    r"(?!\s*(?:on|in|at|near|around|for|with|when|while|during|crossing|going|as|because|"
    r"cos|since|until|till|after|before|outside|inside)\b)"
)
# Violence against another parent or a relative of a child: "sort his dad out", "batter
# her mum", "punch his father". Not "sort his mum out a lift".
_G_KIN = (
    r"(?:(?:his|her|their|that\s+(?:kid|boy|girl|lad|child)'?s|the\s+(?:kid|boy|girl|lad|"
    r"child)'?s|[a-z]+'s)\s+(?:dad|father|mum|mam|mom|mother|parents?|family|brother|"
    r"stepdad|stepmum|uncle|old\s+(?:man|woman|lady)))"
)
_G_KIN_HARM = re.compile(
    r"\b(?:sort(?:s|ed|ing|in)?\s+" + _G_KIN + r"\s+out(?!\s+(?:a|an|with|some|the|for|"
    r"about)\b)|knock(?:s|ed|ing)?\s+"
    + _G_KIN
    + r"\s+out\b|(?:batter|leather|lamp|deck|smack|punch|slap|thump|wallop|belt|hit|"
    r"kick|headbutt|strangle|throttle|kill|hurt|smash|glass|stab|bash|twat)(?:s|ed|ing|in|"
    r"t|ped|ping)?\s+" + _G_KIN + r"(?:'s\s+(?:face|head|teeth|lights)(?:\s+(?:in|out))?|"
    r"(?!'s\b)))"
    r"(?!\s+(?:with|about|on\s+the\s+(?:phone|email)|up\b))"
)
_G_AGAIN = re.compile(
    r"\b(?:again|agen|agin|ever|(?:one|1)\s+more\s+time|once\s+more|any\s+more|anymore)\b"
)
# Whoever gets in the way: weak alone, a threat together.
_G_IN_MY_WAY = re.compile(
    r"\b(?:any|anyone|anybody|whoever|any\s+of\s+(?:you|u|them))(?:\s+[a-z]+){0,3}\s+"
    r"(?:who|that|wh[oa]t?)\s+(?:gets?|stands?|steps?|tries\s+to\s+stop|try\s+to\s+stop|"
    r"attempts?\s+to\s+stop|stops?|gets?\s+involved|gets?\s+between)\b"
)
_G_HAVE_SOME = re.compile(
    r"\b(?:can|will|'ll|gonna|is\s+going\s+to)\s+(?:have|get)\s+(?:some|sum|the\s+same|"
    r"it|a\s+taste)(?:\s+(?:too|2|as\s+well|an\s+all|and\s+all|of\s+it))?\b"
    r"|\bwill\s+be\s+next\b|\bis\s+next\b"
)
# A protected characteristic (Equality Act 2010): sexual orientation, gender reassignment,
# religion, race or nationality, disability.
_G_GROUP = (
    r"(?:gay|gays|lesbian|lesbians|homosexual|homosexuals|homo|homos|queer|queers|bisexual|"
    r"bi|trans|transgender|tranny|muslim|muslims|moslem|islamic|jew|jews|jewish|hindu|sikh|"
    r"black|blacks|asian|asians|polish|pole|poles|romanian|romanians|pakistani|indian|"
    r"african|nigerian|chinese|lithuanian|albanian|bulgarian|eastern\s+european|foreign|"
    r"foreigner|foreigners|immigrant|immigrants|migrant|migrants|refugee|refugees|gypsy|"
    r"gypsies|traveller|travellers|disabled|cripple|crippled|deaf|blind|autistic)"
)
_G_GROUP_RE = re.compile(r"\b" + _G_GROUP + r"\b")
_G_ADULT = (
    r"(?:bloke|man|woman|guy|fella|fellow|geezer|bird|teacher|lady|person|chap|type|sort|"
    r"lot|one|character)"
)
# "some gay bloke", "sum muslim guy": a person reduced to the characteristic.
_G_SOME = re.compile(
    r"\b(?:some|sum|sm)\s+(?:bloody\s+|random\s+|)?" + _G_GROUP + r"\s+" + _G_ADULT
    + r"\b(?!\s+(?:friends?|colleagues?|training|exchange|visitors?))"
)  # fmt: skip
# Refusing staff for the characteristic: "don't want my son taught by a gay teacher",
# "not having my kids near some Muslim bloke", "I not want teacher who is muslim".
_G_REFUSE = re.compile(
    r"\b(?:don'?t|do\s+not|dont|won'?t|will\s+not|not|no|refuse\s+to|object\s+to|against)\s+"
    r"(?:want(?:ing)?|have|having|let(?:ting)?|allow(?:ing)?|accept(?:ing)?|like)?\b"
)
_G_BY_GROUP = re.compile(
    r"\b(?:taught|teached|teach|taught\s+\w+|near|around|by|with|have|has|having)\s+"
    r"(?:\w+\s+)?(?:by\s+)?(?:an?|some|sum|that|this|the)\s+(?:bloody\s+)?" + _G_GROUP
    + r"\b(?!\s+(?:at|in)\s+(?:home|school))"
    r"|\b(?:teacher|staff|person|man|woman|one)\s+(?:who|that|wat|what)\s*(?:is|'s|are|be)\s+"
    + _G_GROUP + r"\b"
)  # fmt: skip
# "his sort", "their kind", "that lot", "people like him", "what they are like".
_G_SORT = re.compile(
    r"\b(?:(?:his|her|their|thier|there|that|those|these|them)\s+(?:sort|kind|type|lot|"
    r"people)|people\s+like\s+(?:him|her|them|that))\b(?!\s+(?:of|words?|letter|help|offer))"
    r"|\b(?:what|wot|wat|how)\s+(?:they|there|their|them|those\s+people|these\s+people)\s*"
    r"(?:are|r|'re|is)?\s+like\b"
)
_G_ROLE = re.compile(
    r"\b(?:should(?:n'?t|\s+not)?|ought\s+not|must\s+not|mustn'?t|have\s+no\s+(?:place|"
    r"business)|got\s+no\s+(?:place|business)|can'?t|cannot)\s+(?:be\s+)?(?:allowed\s+)?"
    r"(?:near|around|teach|teaching|working|work|in\s+charge|be\s+in\s+charge|in\s+(?:a\s+)?"
    r"schools?|with\s+(?:children|kids))"
)
_G_PUSH = re.compile(
    r"\b(?:push|pushing|pushes|promote|promoting|ram|ramming|force|forcing|shove|shoving|"
    r"preach|preaching)\s+(?:his|her|their|the|that|this)\s+(?:lifestyle|agenda|religion|"
    r"beliefs|ways|ideology|propaganda)\b"
)
# Public shaming done and gloated over: the count of shares, the town that now knows.
_G_COUNT = re.compile(
    r"\b(?:\d[\d,]*\+?|hundreds|thousands|loads)\s+(?:of\s+)?(?:shares|likes|views|comments|"
    r"retweets|reposts|reactions|people)\b[^.!?\n]{0,40}?\b(?:and\s+counting|already|so\s+"
    r"far|overnight|now|see|seen|saw|shared|read)\b"
    r"|\b(?:shared|viewed|liked|seen|reposted|retweeted)\s+(?:more\s+than\s+|over\s+|"
    r"nearly\s+|almost\s+)?\d[\d,]*\+?\s+times\b"
    r"|\b(?:\d[\d,]*\+?)\s+(?:shares|likes|views|comments|retweets|reposts|reactions)\b"
    r"|\b(?:gone|went|going)\s+viral\b"
)
_G_PUBLIC_KNOWS = re.compile(
    r"\b(?:everyone|everybody|every\s+parent|(?:the\s+)?whole\s+(?:town|village|estate|school|"
    r"community|year|area)|(?:the\s+)?entire\s+(?:town|village|estate|school|community)|"
    r"half\s+(?:the|of\s+the)\s+(?:town|village|estate|school|parents|mums|year|area)|"
    r"all\s+(?:the\s+)?(?:parents|mums|dads|families))\s+(?:now\s+|already\s+)?"
    r"(?:knows?|thinks?|think|has\s+seen|have\s+seen|is\s+talking|are\s+talking|is\s+aware|"
    r"are\s+aware|believes?|sees?)\b(?=[^.!?\n]{0,12}?\b(?:what|wot|wat|who|he'?s|she'?s|he\s+is|"
    r"she\s+is|they'?re|about\s+(?:him|her)|(?:of|about)\s+what|the\s+truth|now\b))"
)
# Praise in the same sentence: a post that went round for a good reason.
_G_PRAISE = re.compile(
    r"\b(?:well\s+done|wonderful|brilliant|amazing|fantastic|lovely|proud|thanks?(?!\s+to\b)|"
    r"congratulations|congrats|great|fab|fabulous|superb|kind|support|supporting|raised|"
    r"raising|charity|fundraising|sponsor|sponsored)\b"
)
_G_PREDATOR = re.compile(
    r"\b(?:he|she|they|him|her|(?:mr|mrs|ms|miss|mx|sir)\.?\s+[a-z][a-z'\-]+)(?:'s|\s+is|\s+was|"
    r"'re|\s+are|\s+be|\s+as)?\s+(?:such\s+)?(?:an?\s+)?(?:total\s+|complete\s+|proper\s+|"
    r"real\s+|massive\s+)?(?:creep|creeps|pervert|perv|nonce|paedo|pedo|paedophile|predator|"
    r"weirdo|sicko|groomer|bad\s+teacher)\b"
)
_G_WORDS = frozenset(
    "watch sort batter leather lamp deck knock smack punch slap thump wallop belt hit kick "
    "headbutt strangle throttle kill hurt smash glass stab bash twat way stop stops next "
    "some sum sm sort kind type lot people like taught teached near around allowed teach "
    "teaching push pushing promote promoting ram ramming force forcing preach preaching "
    "shares likes views comments retweets reposts reactions shared viewed liked reposted "
    "viral everyone everybody whole entire half all want wanting teacher staff".split()
)


def _families(prep: Prepared) -> list[_Match]:
    """Relayed warnings, violence to another parent, contempt for a protected
    characteristic and gloating over public shaming, from their parts."""
    if not (_G_WORDS & prep.words):
        return []
    low = prep.lower
    spans = prep.spans
    group_any = bool(_G_GROUP_RE.search(low))
    staff_any = bool(_F_STAFF.search(low))
    out: list[_Match] = []

    def add(m: re.Match[str], s0: int, term: str, category: str, weight: float) -> None:
        out.append(_Match(s0 + m.start(), s0 + m.end(), term, category, weight, phrase=True))

    for i, (s0, s1) in enumerate(spans):
        sent = low[s0:s1]
        window = low[spans[i - 1][0] : s1] if i else sent
        for m in _G_RELAY.finditer(sent):
            add(m, s0, "watch your back", "threat", 0.8 if "out" not in m.group()[-4:] else 0.45)
        for m in _G_KIN_HARM.finditer(sent):
            mine = _F_FIRST_PERSON.search(sent[: m.start()][-80:]) or re.search(
                r"^\s+(?:my\s*self|meself|personally)\b", sent[m.end() :]
            )
            cause = (
                _F_CONDITION.search(sent[: m.start()])
                or _G_AGAIN.search(sent)
                or _F_COME.search(sent)
                or re.search(r"\bat\s+(?:the\s+)?(?:gates?|school|pick[\s-]?up)\b", sent)
            )
            if mine and cause:
                add(m, s0, "violence against a parent", "threat", 0.9)
        way = _G_IN_MY_WAY.search(sent)
        if way:
            add(way, s0, "whoever gets in my way", "threat", 0.45)
        if way or _F_CONDITION.search(sent):
            for m in _G_HAVE_SOME.finditer(sent):
                add(m, s0, "whoever gets in my way", "threat", 0.45)
        if group_any:
            for m in _G_SOME.finditer(sent):
                add(m, s0, "contempt for a protected group", "discriminatory", 0.45)
            refuse = _G_REFUSE.search(sent)
            if refuse:
                for m in _G_BY_GROUP.finditer(sent, refuse.end()):
                    add(m, s0, "refuses staff for who they are", "discriminatory", 0.8)
            near = _G_GROUP_RE.search(window) or (
                i + 1 < len(spans) and _G_GROUP_RE.search(low[s1 : spans[i + 1][1]])
            )
            if near:
                for m in _G_SORT.finditer(sent):
                    rest = sent[m.end() : m.end() + 50]
                    weight = 0.8 if _G_ROLE.search(rest) else 0.45
                    add(m, s0, "stereotype of a protected group", "discriminatory", weight)
                for m in _G_PUSH.finditer(sent):
                    add(m, s0, "stereotype of a protected group", "discriminatory", 0.45)
        around = low[spans[max(0, i - 1)][0] : spans[min(len(spans) - 1, i + 1)][1]]
        if staff_any and not _G_PRAISE.search(around):
            for m in _G_COUNT.finditer(sent):
                add(m, s0, "public shaming", "intimidation", 0.45)
                break
            for m in _G_PUBLIC_KNOWS.finditer(sent):
                add(m, s0, "public shaming", "intimidation", 0.45)
                break
            for m in _G_PREDATOR.finditer(sent):
                if _F_STAFF.search(window) or re.search(r"\b(?:post|posted|shares?|group)\b", low):
                    add(m, s0, "insult to staff", "insult", 0.45)
    return out


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    term: str
    category: str
    weight: float
    legal_ok: bool = False
    phrase: bool = False


def detect(text: str, subject: str = "", settings: Settings = Settings()) -> Finding | None:
    head = subject.strip()
    prep = prepare(f"{head}\n\n{text}" if head else text)
    found = _phrases(prep)
    found += _composed(prep, found) + _families(prep) + _words(prep)
    found += _extra(settings.extra_terms, prep.lower)
    if not found:
        return None
    low = prep.lower
    allowed = _allowed(settings.allowed_terms)
    phrase_spans = [(m.start, m.end) for m in found if m.phrase and m.category == "swearing"]

    seen: set[tuple[int, int, str]] = set()
    shown: list[dict[str, Any]] = []
    counted: list[tuple[_Match, float]] = []
    reported_any = legal_any = False
    for m in sorted(found, key=lambda m: (m.start, -m.end)):
        key = (m.start, m.end, m.category)
        matched = prep.text[m.start : m.end]
        if key in seen or m.term in allowed or _squash(matched) in allowed:
            continue
        if m.category == "swearing" and m.weight <= _MILD and not settings.count_mild_swearing:
            continue
        if not m.phrase and any(a <= m.start and m.end <= b for a, b in phrase_spans):
            continue  # "piss" inside "piss off" is one piece of evidence, not two
        seen.add(key)
        s0, s1 = prep.sentence_at(m.start)
        sentence_low = low[s0:s1]
        reported = _is_reported(sentence_low, m.start - s0, low[m.start : m.end])
        legal = m.legal_ok and bool(_LEGAL.search(sentence_low))
        weight = m.weight * (_LEGAL_FACTOR if legal else 1.0)
        if reported:
            weight *= _REPORTED_FACTOR
        if not reported or settings.flag_reported_speech:
            counted.append((m, weight))
        reported_any = reported_any or reported
        legal_any = legal_any or legal
        if len(shown) < _MAX_MATCHES:
            shown.append(
                {
                    "term": m.term,
                    "text": trim(matched, 80),
                    "category": m.category,
                    "sentence": snippet(prep, m.start, m.end),
                    "weight": round(weight, 3),
                    "reported_speech": reported,
                    "legal_route": legal,
                    "in_subject": bool(head) and m.start < len(head),
                }
            )

    remaining = 1.0
    for _, w in counted:
        remaining *= 1.0 - min(1.0, w)
    score = 1.0 - remaining
    if not counted or score < settings.min_score:
        return None
    by_category: dict[str, int] = {}
    for m, _ in counted:
        by_category[m.category] = by_category.get(m.category, 0) + 1
    evidence: dict[str, Any] = {
        "categories": {c: by_category[c] for c in CATEGORIES if c in by_category},
        "matches": shown,
        "reported_speech": reported_any,
        "legal_route": legal_any,
    }
    return Finding(
        kind="abusive",
        score=round(min(1.0, score), 3),
        explanation=_explain(prep, counted),
        evidence=evidence,
    )


def _explain(prep: Prepared, counted: list[tuple[_Match, float]]) -> str:
    parts = []
    for category in CATEGORIES:
        ms = [m for m, _ in counted if m.category == category]
        if not ms:
            continue
        if category == "swearing":
            parts.append(f"swearing: {len(ms)} word{'s' if len(ms) != 1 else ''}")
            continue
        top = max(ms, key=lambda m: m.weight)  # the strongest, the first of equals
        first = trim(prep.text[top.start : top.end], 80)
        more = f" (+{len(ms) - 1} more)" if len(ms) > 1 else ""
        parts.append(f'{category}: "{first}"{more}')
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _is_reported(sentence_low: str, offset: int, matched_low: str) -> bool:
    """Whether a match is in words the parent reports someone else saying. A match that
    addresses "you" directly is the parent's own, unless it sits inside quotation marks."""
    # the cue must be outside the match: "a word she says" is the parent's own contempt
    end = offset + len(matched_low)
    rest = sentence_low[:offset] + " " * len(matched_low) + sentence_low[end:]
    if _in_reported_quote(sentence_low, offset):
        return True
    if not _REPORTED.search(rest):
        return False
    quoted = sentence_low.count('"', 0, offset) % 2 == 1
    return quoted or not matched_low.startswith("you")


# Words in quotation marks ('...' or "..."; an apostrophe inside a word does not close them).
_QUOTE = re.compile(
    r"""(?:(?<=^)|(?<=[\s(:,;\-]))(['"])((?:[^'"\n]|(?<=[a-z*])'(?=[a-z*]))+?)\1(?![a-z])"""
)
_SPEECH_VERB = (
    r"(?:call(?:s|ed|ing)?|sa(?:y|ys|id|ying)|shout(?:s|ed|ing)?|yell(?:s|ed|ing)?|"
    r"scream(?:s|ed|ing)?|sw(?:ear|ears|ore|earing)|told|tell(?:s|ing)?|wr(?:ote|ites|iting)|"
    r"text(?:s|ed|ing)?|messag(?:es|ed|ing)|post(?:s|ed|ing)|whisper(?:s|ed|ing)|"
    r"chant(?:s|ed|ing)?|mouth(?:s|ed|ing)?|sing(?:s|ing)?|sang|went|goes|going|"
    r"repeat(?:s|ed|ing)?|shriek(?:s|ed|ing)?|laugh(?:s|ed|ing)?)"
)
_SPEECH_BEFORE = re.compile(r"\b(?P<who>[a-z']+)\s+(?:[a-z']+\s+){0,2}?" + _SPEECH_VERB + r"\b")
_SPEECH_AFTER = re.compile(
    r"^[\s,.!?]*(?:(?P<who>[a-z']+)\s+"
    + _SPEECH_VERB
    + r"|"
    + _SPEECH_VERB
    + r"\s+(?P<who2>[a-z']+))\b"
)
_OWN_SPEAKER = frozenset("i we i'd i've i'll we'd we've we'll i'm im ill ive".split())


def _in_reported_quote(sentence_low: str, offset: int) -> bool:
    """Whether ``offset`` is inside quoted words that someone other than the parent said:
    "one of them said 'f*** off'", "'you freak,' he said". "I said 'you're useless'" and
    "I'll say it plainly: '...'" are the parent's own."""
    for q in _QUOTE.finditer(sentence_low):
        if not q.start(2) <= offset < q.end(2):
            continue
        before = [m for m in _SPEECH_BEFORE.finditer(sentence_low, 0, q.start())]
        if before:
            return before[-1].group("who") not in _OWN_SPEAKER
        after = _SPEECH_AFTER.match(sentence_low[q.end() : q.end() + 40])
        if after:
            return (after.group("who") or after.group("who2")) not in _OWN_SPEAKER
    return False


_INDEX = RuleIndex(_RULES)


def _phrases(prep: Prepared) -> list[_Match]:
    return [
        _Match(h.start, h.end, h.rule.name, h.rule.category, h.rule.weight,
               h.rule.tag == _LEGAL_OK, phrase=True)
        for h in _INDEX.hits(prep)
    ]  # fmt: skip


def _words(prep: Prepared) -> list[_Match]:
    low = prep.lower
    out = [
        _word_match(i, i + len(form), form)
        for form in prep.words & _SWEAR_WORDS
        for i in prep.find_word(form)
    ]
    if any(c in low for c in "*@$#") or any(g <= prep.words for g in _LEET_HINTS):
        for m in _OBFUSCATED_RE.finditer(low):
            word = _unmask(low, m.start(), m.group())
            if word is not None:
                out.append(_word_match(m.start(), m.end(), word))
    if any(stem <= prep.words for stem in _SPACED_STEMS):
        for m in _SPACED_RE.finditer(low):
            word = re.sub(r"[ .\-_*]", "", m.group())
            if word in _MASKABLE:
                out.append(_word_match(m.start(), m.end(), word))
    if "**" in low or "#" in low or "@!" in low:
        for m in _GRAWLIX_RE.finditer(low):
            out.append(_Match(m.start(), m.end(), "masked word", "swearing", 0.5))
    return out


def _word_match(start: int, end: int, form: str) -> _Match:
    term, weight = _SWEAR_FORMS[form]
    return _Match(start, end, term, _WORD_CATEGORY.get(term, "swearing"), weight)


def _unmask(low: str, start: int, token: str) -> str | None:
    """The swear word behind an obfuscated token ("sh1t" → "shit", "f***ing" → "fucking"),
    or None. Masked names after a title ("Mrs B****") are left alone."""
    token = token.rstrip("!?.")
    if not token or _TITLE_BEFORE.search(low, max(0, start - 6), start):
        return None
    plain = token.translate(_LEET)
    if plain in _SWEAR_FORMS:
        return plain
    if "0" in token and token.replace("0", "u").translate(_LEET) in _SWEAR_FORMS:
        return token.replace("0", "u").translate(_LEET)  # "f0ck": a zero for the vowel
    if "*" not in plain and "#" not in plain:
        return None
    if not re.search(r"[a-z][*#]", plain):
        return None  # "**" emphasis or a grawlix, not a masked word
    pattern = re.compile("".join("[a-z]" if c in "*#" else re.escape(c) for c in plain) + "$")
    for form in _MASKABLE:
        if len(form) == len(plain) and pattern.match(form):
            return form
    return None


@lru_cache(maxsize=16)
def _extra_rules(terms: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[tuple[str, str], ...]]:
    parsed = tuple(parse_terms(terms, CATEGORIES, "swearing"))
    if not parsed:
        return re.compile(r"(?!)"), ()
    regex = "|".join(f"(?P<x{i}>{phrase_regex(p)})" for i, (_, p) in enumerate(parsed))
    return re.compile(regex), parsed


def _extra(terms: tuple[str, ...], low: str) -> list[_Match]:
    if not terms:
        return []
    pattern, parsed = _extra_rules(terms)
    out = []
    for m in pattern.finditer(low):
        category, phrase = parsed[int(m.lastgroup[1:])]  # type: ignore[index]
        weight = _DEFAULT_WEIGHT[category]
        out.append(_Match(m.start(), m.end(), phrase.lower(), category, weight, phrase=True))
    return out


@lru_cache(maxsize=16)
def _allowed(terms: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_squash(t) for t in terms if t.strip())


def _squash(s: str) -> str:
    return " ".join(s.lower().replace("\u2019", "'").split())
