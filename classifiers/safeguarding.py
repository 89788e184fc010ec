"""Safeguarding: words suggesting a child may be at risk of harm, for the DSL at once.

Policy: "a message suggesting a child is at risk of harm is escalated to the Designated
Safeguarding Lead (DSL) at once, at any hour". A missed disclosure costs far more than a
needless alert, so this classifier is built for recall: it reads British parents' own
phrasing, direct and indirect, and fires on any of these (the category in the evidence):

- ``disclosure``: harm by a parent, carer or other adult at home ("he told me his dad hits
  him", "her step-dad grabbed her by the neck", "she's being abused");
- ``sexual_abuse``: "touched her", "private parts", "sexually assaulted", "made him watch";
- ``staff_allegation``: an adult in school hurting a child ("the TA dragged him by the arm");
- ``self_harm``: self-harm and suicidal talk ("cutting herself", "wants to die", "kill
  himself", "overdose", "doesn't want to be here any more") and its signs ("cuts on Amy's
  forearms", "burn marks on his arm", "hurting herself", long sleeves to hide her arms);
- ``domestic_abuse``: not safe at home ("scared of her dad", "doesn't want to go home",
  "domestic violence", "the police were called", "a non-molestation order");
- ``neglect``: "not being fed", "left on her own", "comes in hungry", "no heating", also of
  another child ("hadn't eaten for days", "nobody home at night", "puts himself to bed",
  holes in his shoes, clothes too small);
- ``missing``: "hasn't come home", "has gone missing", "ran away", "don't know where he is";
- ``exploitation``: county lines, drugs, weapons, gangs, unexplained money and gifts, older
  boyfriends (a boyfriend "who is 19", "he's 23"), staying at a boyfriend's; ``online``:
  strangers and adults online, nudes, sextortion;
- ``fgm``, ``forced_marriage``, ``radicalisation``;
- ``threat``: threats to a child, strangers at the gate or an adult talking to children in
  the park, giving them vapes or asking them back to his flat, "not allowed to collect";
- ``injury``: bruises and marks, strongest with an odd explanation ("says he walked into a
  door");
- ``child_on_child``: a child hurt by another child ("he was punched at lunch"), weaker;
- ``concern``: vaguer worry ("worried about what's going on at home for her friend",
  "safeguarding", "social worker", "she confided in me").

Signs without the obvious words count too: an adult's "game" with a child at night, kept
quiet; a child admitting "doing it" in a follow-up; a marriage arranged for a child, her
passport kept (in any English); a second phone, cash in a drawer, "jobs" for older mates, a
car he runs out to; extremist vocabulary, a group called "invaders", praise of an attack,
Prevent by name; an adult nobody recognises asking children's names at the fence; a topless
image passed round; giving possessions away, "won't need them", a goodbye note; an adult in
school messaging a pupil on social media, or "an allegation" about staff (head / LADO).

Indirect wordings are read by what they say, not by set phrases (``_INDIRECT``): what a
child lacks, as another parent sees it (always hungry, the same dirty clothes for days, the
electric off again, a parent not back till late while the child is alone; each weak sign
weighs 0.25 so it takes two); what a child says about living in any register ("wats the point
of waking up", how many tablets "is 2 many", nobody would miss her, the parent hiding the
tablets); what a group says about another (being "replaced", taking the country back, a war
coming, a group preparing for it); and the other categories relayed second-hand. Four
checks keep ordinary mail quiet: a parent's own "I could kill him" near a lost jumper or a
lapse; a question about safeguarding arrangements (DBS, training, who the DSL is) with no
worry in it; a missing-child phrase whose subject is a thing ("the spelling sheet didn't
come home") or an adult; a sign beside its ordinary reason (medicines locked away from a
toddler, a surprise kept "between us").

Cue families (``_FAMILIES``) read the facts rather than sentences: a blow or implement,
an adult or home, fear or an escape plan, a secret, signs of neglect, of exploitation, of
contact online, gifts, endings. One cue never alerts; two that belong together within a
sentence and the next do (harm + adult, harm + marks, fear + home, secrecy + adult or
online, online + gifts, two different signs of neglect or of exploitation, endings for a
child or for a parent caring for children, ``parent_crisis``); ``evidence["cues"]`` quotes
the words and names the KCSIE category.

Each phrase has a weight (explicit disclosure 0.9-1.0, vague worry 0.4-0.5, a bare bruise or
playground fight about 0.35); the score combines them (1 − Π(1 − w)) and a finding is raised
at ``min_score``. Negation does not stop it ("no safeguarding concern" is still a mention:
the DSL decides). A match inside one of a few idioms does not count ("killing time", "dying
to see the show", "the homework is killing him", "dad hit the roof", "a knife and fork",
"missing school", "she'll kill me for telling you", "I'll kill him if he loses another
coat", "the safeguarding training", "there is no court order", "the ball hit him", "shoes
that don't hurt him", "pushed him away", a plastic knife for a costume; ``mask_idioms``,
which also drops rough play: "pushed over at lunch, muddy knees"). A parent's own
"I'll be waiting for him" is not a stranger waiting (threats to staff are the abuse
classifier's).

A second opinion catches what no rule names: when the rules find nothing, the matter model
(:mod:`classifiers.matter`, trained on the bundled examples and staff corrections) is asked how
likely "safeguarding" is for the email; at ``model_threshold`` or above the alert is raised,
quoting the words that pushed the model that way. Measured on the labelled sets in
``tests/data`` (``bench/flags.py``): on ``flags_blind4.jsonl``, written blind after the rules
were last changed, the rules alone found 17 of 27 concerns and with the model all 27 (13
false alarms instead of 5); on 2,301 ordinary generated parent emails (``bench/mailgen.py``)
the model adds an alert to 8 (0.35 %). It is asked only about emails of
``model_min_words`` or more: on a line or two its guess is noise ("hit the roof",
"safeguarding training"), and short disclosures are what the rules read best. The threshold
and the length were chosen on those figures, so blind4 is no longer blind for them.

Config::

    [flags.safeguarding]
    min_score = 0.3          # 0..1: raise the alert at this combined weight
    child_on_child = true    # also alert on a child hurt by another child (0.35)
    mask_idioms = true       # ignore "killing time", "dying to see", "hit the roof", ...
    extra_terms = ["concern:sleeping in the car", "exploitation:trap house"]
    model_threshold = 0.07   # 0..1: the matter model's second opinion (0 switches it off)
    model_min_words = 30     # only for emails at least this long (the parent's own words)

Must catch: "Sorry to email so late. Maisie said she doesn't want to go home tonight
because her dad hits her when he's been drinking." → disclosure, score ≥ 0.9.
Must not: "We were killing time before the show - Ava is dying to see it. The homework is
killing him this week!"
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from classifiers.base import Finding, PastMessage
from classifiers.wordlists import (
    Hit,
    Prepared,
    Rule,
    RuleIndex,
    find_hits,
    need,
    parse_terms,
    phrase_regex,
    prepare,
    rule,
    snippet,
    trim,
)

CATEGORY_LABELS: dict[str, str] = {
    "disclosure": "Possible disclosure of harm at home",
    "sexual_abuse": "Possible sexual abuse",
    "staff_allegation": "Possible allegation against an adult in school",
    "self_harm": "Possible self-harm or suicidal thoughts",
    "domestic_abuse": "Possible domestic abuse or a child not safe at home",
    "neglect": "Possible neglect",
    "missing": "Possible missing or runaway child",
    "exploitation": "Possible exploitation (sexual or criminal)",
    "online": "Possible online grooming or unsafe contact",
    "fgm": "Possible risk of FGM",
    "forced_marriage": "Possible forced marriage",
    "radicalisation": "Possible radicalisation",
    "threat": "Possible threat to a child",
    "injury": "Injury that may need explaining",
    "child_on_child": "Possible harm by another child",
    "concern": "A safeguarding worry",
    "parent_crisis": "A parent in crisis with children in their care",
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)
_EXTRA_WEIGHT = 0.8
_MAX_MATCHES = 20


@dataclass(frozen=True)
class Settings:
    min_score: float = 0.3
    child_on_child: bool = True
    mask_idioms: bool = True
    extra_terms: tuple[str, ...] = ()
    model_threshold: float = 0.07
    model_min_words: int = 30

    def __post_init__(self) -> None:
        if isinstance(self.min_score, bool) or not isinstance(self.min_score, int | float):
            raise ValueError("min_score: expected a number between 0 and 1")
        if not 0 < self.min_score <= 1:
            raise ValueError("min_score: expected a number between 0 and 1")
        threshold = self.model_threshold
        if isinstance(threshold, bool) or not isinstance(threshold, int | float):
            raise ValueError("model_threshold: expected a number between 0 and 1 (0: off)")
        if not 0 <= threshold <= 1:
            raise ValueError("model_threshold: expected a number between 0 and 1 (0: off)")
        words = self.model_min_words
        if isinstance(words, bool) or not isinstance(words, int) or words < 0:
            raise ValueError("model_min_words: expected a whole number, 0 or more")
        for name in ("child_on_child", "mask_idioms"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name}: expected true or false")
        if not isinstance(self.extra_terms, tuple) or not all(
            isinstance(t, str) for t in self.extra_terms
        ):
            raise ValueError("extra_terms: expected a list of strings")


# ---------------------------------------------------------------------------------------
# Idioms: a hit inside one of these does not count.


def _idiom(regex: str, anchors: str, before: str | None = None) -> Rule:
    return rule("idiom", "idiom", 0.0, regex, anchors=anchors, before=before)


_IDIOMS: tuple[Rule, ...] = (
    _idiom(r"kill(?:ing|s|ed)?\s+(?:some\s+)?time\b", "kill killing kills killed"),
    _idiom(r"(?:dying|dies|died|die)\s+(?:to|for)\b|(?:dying|died|die)\s+(?:of|from|with)\s+"
           r"(?:laughter|laughing|embarrassment|boredom|shame|thirst|hunger|the\s+heat|"
           r"curiosity|shock)\b|died\s+laughing\b", "dying dies died die"),
    _idiom(r"killing\s+(?:me|him|her|them|us)\b", "killing",
           before=r"(?:homework|work|feet|back|legs?|head|teeth|tooth|exams?|revision|"
           r"coursework|this|it|that|the\s+wait|the\s+heat|the\s+commute|traffic|maths|"
           r"spellings?|the\s+tests?|sats|gcses?|mocks?|school|job|cold|hay\s*fever|stress|"
           r"tiredness|cough)\s+(?:is|are|was|were|has\s+been|have\s+been|'s|'re)\s+"
           r"(?:literally\s+|absolutely\s+|really\s+|just\s+)?"),
    _idiom(r"hit\s+(?:the\s+)?(?:roof|ceiling|target|targets|jackpot|road|hay|books|shops|"
           r"ground\s+running|a\s+(?:brick\s+)?wall|the\s+nail|send|reply|it\s+off|"
           r"a\s+milestone|his\s+targets?|her\s+targets?|their\s+targets?|the\s+spot|a\s+six|"
           r"the\s+ball)\b", "hit"),
    _idiom(r"hurt(?:s|ing)?\s+(?:(?:him|her|them|me)\s+)?(?:\w+\s+)?(?:feelings|pride|"
           r"confidence|self[\s-]esteem)\b|hurt\s+a\s+fly\b", "hurt hurts hurting"),
    _idiom(r"kni(?:fe|ves),?\s+(?:and\s+)?forks?\b", "knife knives"),
    _idiom(r"beat(?:s|en|ing)?\s+(?:him|her|them|me|us)\s+(?:at|in)\s+(?:chess|cards|fifa|"
           r"monopoly|scrabble|football|tennis|a\s+race|the\s+race|a\s+game|the\s+game|"
           r"games?|running|a\s+match)\b", "beat beats beaten beating"),
    _idiom(r"guns?\b", "gun guns",
           before=r"(?:nerf|water|glue|toy|cap|bb|spud|bubble|laser)\s+"),
    _idiom(r"push(?:es|ed|ing)?\s+(?:him|her|them)\s+(?:too\s+hard|harder|to\s+(?:do|try|"
           r"work|read|achieve|be|join|go)|academically|out\s+of\s+(?:his|her|their)\s+"
           r"comfort)\b", "push pushes pushed pushing"),
    _idiom(r"missing\s+(?:school|lessons?|classes|out|work|homework|pe|the\s+(?:bus|trip|start|"
           r"first|last|deadline|point|lesson|class)|a\s+(?:lesson|day|few|lot|week|button|"
           r"tooth)|days|time|him|her|you|them|his\s+\w+|her\s+\w+|their\s+\w+|my\s+\w+|break|"
           r"lunch|play|registration|assembly|piece|pieces|letters?|sounds?|words?|marks?)\b",
           "missing"),
    _idiom(r"cut(?:s|ting)?\s+(?:his|her|their|my)\s+(?:hair|fringe|nails|food|sandwich)\b",
           "cut cuts cutting"),
    _idiom(r"cuts?\b", "cut cuts", before=r"(?:hair|finger|paper)\s*"),
    _idiom(r"dead\s+gorgeous\b", "dead", before=r"drop\s+"),
    _idiom(r"(?:sex|relationships?)\s+(?:and\s+relationships?\s+)?education\b",
           "sex relationships relationship"),
    _idiom(r"sex\b", "sex", before=r"same[\s-]"),
    _idiom(r"sexual\s+health\b", "sexual"),
    _idiom(r"nazi\b", "nazi", before=r"grammar\s+"),
    _idiom(r"groom\w*", "groom grooming groomed grooms",
           before=r"(?:dog|pet|personal|hair)\s+"),
    _idiom(r"groom(?:ing|ed|s)?\s+(?:the\s+|his\s+|her\s+)?(?:dog|cat|pony|horse|hair)\b",
           "groom grooming groomed grooms"),
    _idiom(r"(?:drugs?|pills)\b", "drug drugs pills",
           before=r"(?:adhd|epilepsy|asthma|prescription|prescribed|hay\s*fever)\s+"),
    _idiom(r"dbs\s+(?:\w+\s+)?(?:disclosure|check)\b", "dbs"),
    # "she'll kill me for telling you": the parent's own figure of speech
    _idiom(r"kill\s+(?:me|us)\s+for\s+(?:telling|saying|mentioning|asking|emailing|sharing|"
           r"letting|forgetting|bringing|showing)\b", "kill"),
    # a parent's own exasperation at an ordinary mishap: "I'll kill him if he loses another
    # one", "we'll murder her if she forgets her kit again"
    _idiom(r"(?:kill|murder|strangle|throttle)\s+(?:him|her|them)\s+(?:(?:if|when|for|next\s+"
           r"time)\s+(?:\w+\s+){0,3}?(?:los\w+|lost|forg[eo]t\w*|leav\w+|left|break\w*|broke|"
           r"ruin\w*|spill\w*|rip\w*|tear\w*|tore|miss\w*|comes?\s+home|came\s+home|does|"
           r"do|did|brings?|brought)\b|(?:myself|ourselves)\b)", "kill murder strangle throttle",
           before=r"(?:i|we)(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|'m\s+gonna|'re"
           r"\s+going\s+to|'d|\s+could(?:\s+have)?|\s+would|\s+might)\s+(?:\w+\s+)?"),
    # the word, not a worry: "volunteers need to do the safeguarding training"
    _idiom(r"(?:safeguarding|child\s+protection)\s+(?:training|course|courses|certificates?|"
           r"qualifications?|modules?|refresher|induction|level\s+\d|e-?learning|"
           r"awareness\s+(?:training|course|session))\b", "safeguarding child"),
    # arrangements between separated parents: "there is no court order and no concerns"
    _idiom(r"(?:court|contact)\s+orders?\b", "court contact",
           before=r"(?:no|not\s+(?:a|any)|isn't\s+(?:a|any)|aren't\s+any|without\s+(?:a|any)|"
           r"never\s+(?:been\s+)?(?:a|any))\s+"),
    # a ball in a game, not a blow: "the ball hit him", "hit by a football"
    _idiom(r"(?:ball|balls|football|netball|basketball|rugby\s+ball|cricket\s+ball|"
           r"tennis\s+ball|hockey\s+(?:ball|stick)|rounders\s+(?:ball|bat)|frisbee|"
           r"shuttlecock)\s+(?:hit|hits|struck|smacked|whacked|caught|bounced\s+into)\b",
           "ball balls football netball basketball rugby cricket tennis hockey rounders "
           "frisbee shuttlecock"),
    _idiom(r"hit\s+(?:in\s+the\s+\w+\s+)?(?:by|with)\s+(?:a|the)\s+(?:stray\s+)?(?:foot|net|"
           r"basket|cricket|tennis|rugby|rounders|hockey)?\s*ball\b", "hit"),
    # shoes, feet and sore teeth hurt: "the only shoes that don't hurt him"
    _idiom(r"hurt(?:s|ing)?\b", "hurt hurts hurting",
           before=r"(?:shoes|trainers|boots|sandals|plimsolls|feet|foot|knees?|ankles?|back|"
           r"tooth|teeth|ears?|eyes?|head|tummy|stomach|brace|braces|glasses|blisters?|jab|"
           r"injection|vaccine|verruca|splint|cast|plaster)\s+(?:that\s+|which\s+)?(?:(?:don't|"
           r"doesn't|do\s+not|does\s+not|didn't|won't|still|really|always|can|may|might|will|"
           r"started\s+to|have\s+started\s+to|has\s+started\s+to)\s+)?"),
    # belongings go missing and fail to come home, children are the worry: "the consent slip
    # has gone missing", "his PE bag still hasn't come home"
    _idiom(r"(?:bag|bags|kit|book|books|slip|slips|form|forms|letter|letters|jumper|jumpers|"
           r"cardigan|coat|coats|lunchbox|lunch\s+box|bottle|uniform|shoes?|trainers|hat|"
           r"gloves?|scarf|homework|folder|reading\s+record|permission|consent|reply|card|"
           r"money|parcel|glasses|inhaler|tie|blazer|hoodie|fleece|costume|certificate|"
           r"medal|trophy|library\s+book|planner|diary|calculator|pencil\s+case|"
           r"ipad|tablet|laptop|phone|keys?|watch|ticket)\b[^.!?]{0,60}?"
           r"(?:missing|(?:come|came|made\s+it|got|get)\s+(?:back\s+)?home)\b",
           "bag bags kit book books slip slips form forms letter letters jumper jumpers "
           "cardigan coat coats lunchbox lunch bottle uniform shoe shoes trainers hat glove "
           "gloves scarf homework folder reading permission consent reply card money parcel "
           "glasses inhaler tie blazer hoodie fleece costume certificate medal trophy library "
           "planner diary calculator pencil ipad tablet laptop phone key keys watch ticket"),
    # "a jumped-up little prick of a teacher": an insult to an adult, not a child beaten up
    _idiom(r"jumped[\s-]up\s+(?!(?:the|by|on|at|in|outside|after|near|behind|and|yesterday|today|"
           r"again|last|from|over|round|around|for|him|her|them|me|us|while|when|because)\b)[a-z]",
           "jumped"),
    # put out of a room or a team, not hurt: "she kicked her dad out of the bedroom"
    _idiom(r"(?:kick|chuck|throw|threw|thrown)\w*\s+(?:\w+\s+){1,2}?out\s+of\s+(?:the|her|his|"
           r"my|their)\s+(?:bedroom|room|kitchen|bathroom|lounge|living\s+room|way|game|team|"
           r"group|chat|club|car|band|squad)\b", "kick kicked kicking kicks chuck chucked "
           "chucking throw threw thrown throwing"),
    # pushing another child away is defending, not harm
    _idiom(r"push(?:ed|es|ing)?\s+(?:him|her|them)\s+away\b", "push pushed pushes pushing"),
    # a prop for a play or dressing up: "a plastic knife for her costume"
    _idiom(r"(?:knife|knives|sword|swords|dagger|daggers|gun|guns|weapon|weapons)\b",
           "knife knives sword swords dagger daggers gun guns weapon weapons",
           before=r"(?:plastic|toy|prop|pretend|cardboard|rubber|fake|foam|wooden|replica)\s+"),
    rule("idiom", "idiom", 0.0,
         r"(?:knife|knives|sword|swords|dagger|daggers|gun|guns|weapon|weapons)\b",
         anchors="knife knives sword swords dagger daggers gun guns weapon weapons",
         same_sentence=r"\b(?:costumes?|props?|fancy\s+dress|dress(?:ing)?[\s-]up|world\s+book"
         r"\s+day|pantomime|panto|nativity|school\s+play|the\s+play|rehearsals?|musical)\b"),
)  # fmt: skip


# Rough play: a child pushed over or tripped in a game, muddy knees or a graze, is a
# behaviour matter for the class teacher, not a risk of harm (a blow still counts).
_ROUGH_PLAY: tuple[Rule, ...] = (
    rule(
        "rough play",
        "idiom",
        0.0,
        r"(?:push|shov|knock|trip)\w*\s+(?:(?:him|her|them|me|"
        r"\w+)\s+)?(?:over|down|off)\b|(?:push|shov|knock|trip|fell|fall)\w*\s+(?:\w+\s+)?"
        r"(?:in(?:to)?|on)\s+(?:the\s+)?(?:mud|puddle|grass|floor|ground)\b",
        anchors="push pushed pushes pushing shove shoved shoves shoving knock knocked knocks "
        "knocking trip tripped trips tripping fell fall falls falling",
        same_sentence=r"\b(?:mud|muddy|grass\s+stains?|graze[ds]?|grazing|scuff\w*|scrap\w*|"
        r"dirty|wet|soaked|knees?|playground|field|lunch\w*|break\w*|playtime|football|tag|"
        r"game|games|playing|play|rough|messing)\b",
    ),
)


def _not_rough_play(prep: Prepared, hits: list[Hit]) -> list[Hit]:
    """Child-on-child hits that are not rough play in a game ("pushed over at lunchtime,
    muddy knees"); looked for only when there is such a hit."""
    if not any(h.rule.category == "child_on_child" for h in hits):
        return hits
    rough = find_hits(prep, _ROUGH_PLAY)
    if not rough:
        return hits
    return [
        h
        for h in hits
        if h.rule.category != "child_on_child"
        or not any(h.start < r.end and r.start < h.end for r in rough)
    ]


def _not_idioms(prep: Prepared, hits: list[Hit]) -> list[Hit]:
    """The hits that are not part of an idiom ("missing school", "killing time"). Looked
    for only once something has hit, so most emails never pay for it."""
    idioms = find_hits(prep, _IDIOMS)
    return [h for h in hits if not any(h.start < i.end and i.start < h.end for i in idioms)]


# ---------------------------------------------------------------------------------------
# Vocabulary.

_FAMILY_WORDS = (
    r"dad|daddy|father|step[\s-]?dad|stepfather|mum|mummy|mom|mother|step[\s-]?mum|"
    r"stepmother|parents?|partner|boyfriend|girlfriend|husband|wife|ex|ex[\s-]?(?:husband|"
    r"wife|partner)|uncle|aunt|auntie|aunty|grandad|grandpa|granddad|grandfather|nan|nana|"
    r"nanny|gran|grandma|grandmother|brother|sister|step[\s-]?(?:brother|sister)|cousin|"
    r"carers?|foster\s+\w+|babysitter|childminder|lodger|neighbour|family\s+friend|man|men|"
    r"adults?"
)
# Harm "at home" counts as harm by the family, whoever did it.
_AT_HOME = (
    r"\b(?:at\s+home|in\s+the\s+house|at\s+(?:his|her|their)\s+\w+'s|(?:people|someone|"
    r"somebody)\s+at\s+home)\b"
)
# The same as words ("mum's" is "mums"), for the cheaper same-sentence test.
_FAMILY_SET = (
    "dad dads daddy father fathers stepdad stepdads stepfather mum mums mummy mom moms mother "
    "mothers stepmum stepmums stepmother parent parents partner partners boyfriend boyfriends "
    "girlfriend girlfriends husband husbands wife ex exs uncle uncles aunt aunts auntie "
    "aunty grandad grandads grandpa granddad grandfather nan nans nana nanny gran grans "
    "grandma grandmother brother brothers sister sisters stepbrother stepsister cousin "
    "cousins carer carers foster babysitter childminder lodger neighbour neighbours man men"
)
_STAFF_SET = (
    "teacher teachers teachers ta tas teaching assistant assistants staff coach tutor head "
    "headteacher deputy supervisor dinner lady caretaker senco mr mrs miss ms sir lsa"
)
_SOMEONE_SET = (
    "man men stranger strangers someone somebody woman person people guy lad lads adult "
    "adults older"
)
_HARM_VERBS = (
    "hit hits hitting beat beats beating beaten punch punches punched punching kick kicks "
    "kicked kicking slap slaps slapped slapping smack smacks smacked smacking hurt hurts "
    "hurting choke chokes choked choking strangle strangles strangled strangling throttle "
    "throttled throttling shake shakes shook shaking shaken burn burns burnt burned burning "
    "grab grabs grabbed grabbing push pushes pushed pushing shove shoves shoved shoving drag "
    "drags dragged dragging throw throws threw throwing thrown whack whacks whacked whacking "
    "belt belts belted belting batter batters battered battering attack attacks attacked "
    "attacking assault assaults assaulted assaulting bite bites bit biting bitten pinch "
    "pinches pinched pinching scratch scratches scratched scratching spank spanks spanked "
    "spanking thump thumps thumped thumping whip whips whipped whipping restrain restrains "
    "restrained restraining manhandle manhandled manhandling pinned pinning injure injured "
    "injuring stamp stamped stamping headbutt headbutted elbowed tripped strike strikes "
    "struck hurled slammed"
)
# Past participles: "was punched", "got kicked", "has been hit".
# A child "got hurt" or "was injured" is usually an accident: a playground fight needs a
# blow ("was punched", "got kicked").
_PEER_PARTICIPLES = (
    "hit beaten punched kicked slapped smacked strangled throttled grabbed pushed shoved "
    "dragged whacked battered attacked assaulted bitten pinched scratched thumped whipped "
    "headbutted elbowed stamped choked"
)
_HARMED_PARTICIPLES = (
    "hit beaten punched kicked slapped smacked hurt choked strangled throttled shaken burnt "
    "burned grabbed pushed shoved dragged thrown whacked belted battered attacked assaulted "
    "bitten pinched scratched spanked thumped whipped restrained manhandled pinned injured "
    "stamped headbutted elbowed tripped struck slammed"
)
_LOST_PROPERTY = (
    r"coat|jumper|cardigan|blazer|shoe|trainer|bag|book|bottle|lunchbox|kit|glasses|phone|"
    r"money|tie|hat|scarf|glove|homework|letter|form|record|jacket|fleece|hoodie|uniform|"
    r"item|property|thing|stuff|sock|watch|key|ipad|tablet|laptop|charger|bracelet|earring|"
    r"necklace|card|pass|wallet|purse|file|folder|work|piece|page|sheet|payment|cheque|box|"
    r"toy|teddy|medication|inhaler|epipen|pen|pencil|case|tooth|teeth|hearing|aid|name|mark|"
    r"part|lid|label|sticker|button|parcel|delivery|email|reply|information|detail|lunch|"
    r"dinner|pe|equipment|calculator|ruler|ball|it|this|that|something|one|some|nothing"
)
# "threw her bag in the bin": "her" before a belonging is not the child being hurt
_HER = r"her(?!\s+(?:(?:new|old|own|school|pe|lunch|water|pencil|favourite)\s+)?(?:" + (
    _LOST_PROPERTY + r")s?\b)"
)
_OBJECT = (
    r"(?:him|"
    + _HER
    + r"|them|me|us|my\s+(?:son|daughter|child|boy|girl|kids|children|little\s+\w+)|"
    r"(?:his|her|their)\s+(?:son|daughter|child|kids|children|brother|sister|little\s+\w+)|"
    r"[a-z]+\s+(?:in|on|across|around|round|over)\s+the\s+(?:face|head|arm|back|legs?|"
    r"stomach|tummy|ribs|neck|ears?|chest|mouth|eye|nose|hand|bottom)|[a-z]+\s+by\s+the\s+"
    r"(?:arm|wrist|neck|throat|hair|collar|shoulders?|hand|jumper|coat|ear|hood)|"
    r"[a-z]+'s\s+(?:arm|wrist|neck|throat|hair|face|collar|shoulders?|hand|ear|head))\b"
)
_HARMED = r"[a-z]+\s+" + _OBJECT + r"|[a-z]+\s+(?:up\s+)?(?:\w+\s+){0,3}?by\b"
_PASSIVE = r"(?:was|were|got|get|gets|been|being|is|are|'s)\s+(?:\w+\s+)?"
# the children a stranger speaks to: "them", "the Year 3 boys", "some of the girls"
_THEM = (
    r"(?:(?:them|her|him|(?:the|some|two|three|a\s+few|some\s+of\s+the)\s+(?:\w+\s+){0,2}?"
    r"(?:kids|children|girls|boys|pupils))\s+)?"
)
_SOCIAL_APPS = (
    "snapchat snap tiktok instagram insta discord roblox fortnite whatsapp internet xbox "
    "playstation ps4 ps5 minecraft facebook messenger telegram kik omegle yubo wizz online "
    "app apps game games gaming chatroom youtube twitch steam"
)
_CHILD_SUBJECT = r"(?:he|she|they|(?!(?:" + _LOST_PROPERTY + r")s?\b)[a-z]+)"
_NOT_WORDS = "not isnt hasnt havent hadnt never hardly barely wasnt werent didnt doesnt dont longer"
_NOT = (
    r"(?:not|isn't|is\s+not|hasn't|has\s+not|haven't|have\s+not|never|hardly|barely|isnt|"
    r"hasnt|havent|wasn't|weren't|didn't|did\s+not|doesn't|does\s+not|don't|do\s+not|"
    r"dont|doesnt|didnt|hadn't|had\s+not|hadnt|no\s+longer)"
)


def _r(category: str, weight: float, regex: str, name: str = "", **kw: Any) -> Rule:
    return rule(name or category, category, weight, regex, **kw)


_RULES: tuple[Rule, ...] = (
    # --- harm by an adult at home, or in school; by another child -----------------------
    _r("disclosure", 0.9, _HARMED, "adult hurting a child", anchors=_HARM_VERBS,
       same_words=_FAMILY_SET),
    _r("disclosure", 0.9, r"[a-z]+\b", "adult hurting a child", anchors=_HARMED_PARTICIPLES,
       before=_PASSIVE, same_words=_FAMILY_SET),
    _r("disclosure", 0.9, _HARMED, "hurt at home", anchors=_HARM_VERBS, same_sentence=_AT_HOME),
    _r("disclosure", 0.9, r"[a-z]+\b", "hurt at home", anchors=_HARMED_PARTICIPLES,
       before=_PASSIVE, same_sentence=_AT_HOME),
    _r("staff_allegation", 0.8, _HARMED, "adult in school hurting a child",
       anchors=_HARM_VERBS, same_words=_STAFF_SET),
    _r("staff_allegation", 0.8, r"[a-z]+\b", "adult in school hurting a child",
       anchors=_HARMED_PARTICIPLES, before=_PASSIVE, same_words=_STAFF_SET),
    _r("child_on_child", 0.35, _HARMED, "child hurt", anchors=_HARM_VERBS),
    _r("child_on_child", 0.35, r"[a-z]+\b", "child hurt", anchors=_PEER_PARTICIPLES,
       before=_PASSIVE),
    _r("child_on_child", 0.6, r"(?:strangl|chok|throttl|stabb|suffocat)\w*\b|burnt\b|burned\b",
       "child seriously hurt", anchors="strangled choked throttled stabbed suffocated burnt "
       "burned", before=_PASSIVE, same_sentence=r"\b(?:by|boys?|girls?|kids?|pupils?|child\w*|"
       r"lads?|someone|somebody|friends?|older)\b"),
    _r("child_on_child", 0.5, r"(?:beaten|beat|beating|jumped)\s+(?:him|her|them)?\s*up\b"
       r"|jumped\s+(?:him|her|them|on\s+(?:him|her))\b", "beaten up",
       anchors="beaten beat beating jumped"),
    _r("child_on_child", 0.25, r"bull(?:y|ied|ies|ying)\b", "bullying",
       anchors="bully bullied bullies bullying"),
    _r("disclosure", 0.8, r"(?:physical|emotional|child|verbal|mental|psychological|"
       r"financial)\s+abuse\b|abus(?:ed|ing)\s+(?:him|her|them|me|us|the\s+kids)\b"
       r"|abuser\b|abusive\s+(?:relationship|partner|father|mother|dad|mum|home|ex)\b",
       "abuse", anchors="physical emotional child verbal mental psychological financial "
       "abused abusing abuser abusive"),
    _r("disclosure", 0.8, r"abuse[ds]?\b", "abuse", anchors="abused abuse",
       before=r"(?:being|been|was|were|is|are|suffering|suffered|experiencing|"
       r"experienced)\s+(?:\w+\s+)?"),
    _r("disclosure", 0.35, r"abus(?:e|ed|es|ing|ive)\b", "abuse",
       anchors="abuse abused abuses abusing abusive"),
    _r("disclosure", 0.7, r"lock(?:s|ed|ing)?\s+(?:him|her|them)\s+(?:in|out)\b",
       "locked in or out", anchors="lock locks locked locking"),
    _r("disclosure", 0.6, r"(?:allowed|let)\s+(?:to\s+)?(?:eat|out\s+of\s+(?:his|her|their)"
       r"\s+room|leave\s+(?:his|her|their)\s+room)", "not allowed to eat",
       anchors="allowed let", before=r"(?:not|never|isn't|wasn't|isnt)\s+"),
    _r("disclosure", 0.7, r"tell\s+(?:anyone|anybody|mum|dad|me|you|us|his|her|their|the\s+"
       r"teacher|teachers)\b", "told not to tell", anchors="tell", prev="to",
       before=r"not\s+to\s+"),
    _r("sexual_abuse", 0.8, r"(?:secret|special)\s+(?:game|games|cuddles?|touch\w*|hugs?|"
       r"tickl\w*|sleepovers?)\b", "secret game", anchors="secret special"),
    _r("disclosure", 0.6, r"secret\b", "a secret", anchors="secret", prev="little our their",
       before=r"(?:our|their)\s+(?:little\s+)?"),
    # --- sexual abuse -----------------------------------------------------------------
    _r("sexual_abuse", 0.7, r"touch(?:ed|es|ing)?\s+(?:her|him|them|me|my\s+\w+)\b", "touched",
       anchors="touch touched touches touching"),
    _r("sexual_abuse", 0.9, r"(?:inappropriate(?:ly)?|sexual(?:ly)?|indecent(?:ly)?)\s+"
       r"(?:\w+\s+)?(?:touch\w*|contact|assault\w*|abus\w*|comments?|messages?|photos?|"
       r"pictures?|pics|images?|videos?|behaviour|relationship|content|exposure|harass\w*|"
       r"exploit\w*|activity|acts?)\b", "inappropriate or sexual contact",
       anchors="inappropriate inappropriately sexual sexually indecent indecently"),
    _r("sexual_abuse", 0.9, r"private\s+parts|privates\b|between\s+(?:her|his|their)\s+legs"
       r"|touch(?:ed|es|ing)?\s+(?:her|him|them)\s+down\s+there"
       r"|(?:took|take|taking|made\s+(?:him|her|them)\s+take)\s+(?:off\s+)?(?:her|his|their)"
       r"\s+(?:clothes|pants|knickers|underwear)(?:\s+off)?",
       "intimate body parts", anchors="private privates between touch touched touches "
       "touching took take taking made", need=need("private privates legs there clothes pants "
       "knickers underwear")),
    _r("sexual_abuse", 1.0, r"rap(?:e|ed|es|ing|ist)\b|molest\w*|paedo\w*|pedo\w*|nonce\b"
       r"|sexual(?:ly)?\s+assault\w*|grope[ds]?\b|groping\b|fondl\w+|upskirt\w*"
       r"|flash(?:ed|ing)\s+(?:at\s+)?(?:her|him|them)|expos(?:ed|ing)\s+(?:him|her)self",
       "sexual assault", anchors="rape raped rapes raping rapist molest molested molesting "
       "molester paedo paedophile paedophiles pedo pedophile nonce sexual sexually grope "
       "groped gropes groping fondled fondling fondle upskirt upskirting flashed flashing "
       "exposed exposing"),
    _r("sexual_abuse", 0.7, r"(?:porn\w*|naked|nude|nudes|sexting|sex)\b",
       "sexual content", anchors="porn porno pornography pornographic naked nude nudes sexting "
       "sex"),
    _r("sexual_abuse", 0.8, r"clothes\s+on\b", "no clothes on", anchors="clothes",
       prev="no any", before=r"(?:no|without(?:\s+any)?|not\s+any)\s+"),
    _r("sexual_abuse", 0.5, r"sexual(?:ly|ised|ized)?\b", "sexual",
       anchors="sexual sexually sexualised sexualized"),
    _r("sexual_abuse", 0.9, r"made\s+(?:him|her|them)\s+(?:touch|watch|undress|kiss|"
       r"take\s+(?:off|his|her))", "made to touch or watch", anchors="made"),
    # --- self-harm and suicide ----------------------------------------------------------
    _r("self_harm", 1.0, r"self[\s-]?(?:harm\w*|injur\w*|destruct\w*|hat\w+)\b"
       r"|selfharm\w*|suicid\w*|overdos\w*|ligature\w*|noose\b", "self-harm or suicide",
       anchors="self selfharm selfharming suicide suicidal suicidality overdose overdosed "
       "overdosing overdoses ligature ligatures noose"),
    _r("self_harm", 1.0, r"(?:him|her|them|my|your|one)sel(?:f|ves)\b", "harming themselves",
       anchors="himself herself themselves themself myself yourself",
       before=r"(?:kill(?:s|ed|ing)?|harm(?:s|ed|ing)?|cutting|hang(?:s|ed|ing)?|strangl\w+|"
       r"starv\w+|drown\w*|poison\w*|stab\w*|suffocat\w+|throw(?:s|ing)?|threw|choke\w*|"
       r"chok\w+)\s+(?:[a-z']+\s+)?"),
    _r("self_harm", 0.5, r"(?:him|her|them|my|your|one)sel(?:f|ves)\b", "hurting themselves",
       anchors="himself herself themselves themself myself yourself",
       before=r"(?:hurt(?:s|ing)?|cut(?:s)?|scratch\w*|burn\w*|punch\w*|hit(?:s|ting)?|"
       r"bit(?:e|es|ing)|injur\w+|bang\w*|slap\w*)\s+(?:[a-z']+\s+)?"),
    _r("self_harm", 1.0, r"(?:want|wants|wanted|wanting|wish|wishes|wished)\s+(?:to\s+)?"
       r"(?:die|be\s+dead|not\s+be\s+(?:here|alive|around|born)|to\s+not\s+be\s+(?:here|alive)"
       r"|(?:she|he|they|i)\s+(?:was|were)\s+(?:dead|never\s+born|not\s+(?:here|alive|born))"
       r"|(?:she|he|they|i)\s+(?:wasn't|weren't)\s+(?:here|alive|born)"
       r"|(?:she|he|they|i)\s+(?:had|'d)\s+never\s+been\s+born|to\s+disappear|(?:it\s+)?all\s+"
       r"to\s+(?:end|stop)|to\s+kill\s+(?:him|her|them|my)sel(?:f|ves))",
       "wants to die", anchors="want wants wanted wanting wish wishes wished"),
    _r("self_harm", 1.0, r"want\s+to\s+(?:live|be\s+alive|exist|wake\s+up|go\s+on|be\s+here"
       r"\s+any\s*more|be\s+around\s+any\s*more)\b", "doesn't want to live", anchors="want",
       before=_NOT + r"\s+(?:\w+\s+)?"),
    _r("self_harm", 0.6, r"want\s+to\s+be\s+(?:here|around)\b", "doesn't want to be here",
       anchors="want", before=_NOT + r"\s+(?:\w+\s+)?"),
    _r("self_harm", 1.0, r"better\s+off\s+(?:dead|without\s+(?:me|her|him|them))"
       r"|end\s+(?:it\s+all|(?:his|her|their|my)\s+(?:own\s+)?life)"
       r"|take\s+(?:his|her|their|my)\s+own\s+life"
       r"|kill\s+(?:him|her|them|my)sel(?:f|ves)", "wants to die",
       anchors="better end take kill"),
    _r("self_harm", 1.0, r"worth\s+living", "wants to die", anchors="worth", prev="not"),
    _r("self_harm", 1.0, r"rather\s+(?:die|be\s+dead|kill\s+(?:him|her|them|my)sel(?:f|ves))",
       "rather die", anchors="rather"),
    _r("self_harm", 0.9, r"cutting\s+(?:again|herself|himself|themselves)\b|started\s+cutting\b"
       r"|cutting\s+(?:her|his)\s+(?:arms?|legs?|wrists?)", "cutting again",
       anchors="cutting started"),
    _r("injury", 0.5, r"blood\s+on\s+(?:her|his|their)\s+(?:sheets|arms?|sleeves?|clothes|"
       r"pillow|bed|tissues?)|flinch\w*", "blood or flinching", anchors="blood flinch flinches "
       "flinched flinching"),
    _r("self_harm", 0.8, r"point\s+(?:in\s+)?(?:anything|life|trying|it\s+all)\b", "no point",
       anchors="point", prev="no"),
    _r("self_harm", 1.0, r"wake\s+up\b", "not wake up", anchors="wake",
       before=r"(?:sleep\s+and|want\w*\s+to|wish\w*\s+(?:she|he|i)\s+(?:could|would|did)|"
       r"hop\w+\s+(?:she|he|i)\s+(?:don't|doesn't|won't))\s+(?:not|never)\s+"),
    _r("self_harm", 0.9, r"end\s+it(?:\s+all)?\b|end\s+(?:his|her|their|my)\s+life\b",
       "wants to end it", anchors="end",
       before=r"(?:want\w*|going|wish\w*|try\w*|tried|plan\w*|thinking\s+(?:of|about)|"
       r"think\w*\s+about)\s+(?:to\s+)?"),
    _r("self_harm", 0.8, r"goodbye\s+to\s+(?:everyone|everybody|us|all|her\s+friends|"
       r"his\s+friends|me|the\s+family)\b", "saying goodbye", anchors="goodbye",
       prev="saying said says say"),
    _r("concern", 0.5, r"(?:messages?|texts?|posts?|notes?|letters?|searches|search|"
       r"drawings?|comments?|behaviour|things)\b", "worrying message", anchors="message messages "
       "text texts post posts note notes letter letters searches search drawing drawings "
       "comments comment behaviour things", prev="worrying concerning disturbing alarming",
       before=r"(?:worrying|concerning|disturbing|alarming)\s+"),
    _r("self_harm", 1.0, r"(?:point|reason)\s+(?:in\s+)?(?:living|being\s+alive|going\s+on|"
       r"to\s+live)", "wants to die", anchors="point reason", prev="no"),
    _r("self_harm", 0.9, r"(?:took|taken|take|swallowed|swallow)\s+(?:an?\s+)?(?:load|lot|"
       r"bunch|handful|packet|box|loads|whole\s+(?:packet|box|bottle)|too\s+many|(?:all|some)\s+"
       r"(?:of\s+)?(?:his|her|their|the|my|our))\s+(?:of\s+)?(?:\w+\s+)?(?:tablets|pills|paracetamol|"
       r"painkillers|medication)\b|swallow(?:ed)?\s+bleach", "took tablets",
       anchors="took taken take swallowed swallow", need=need("tablets pills paracetamol "
       "painkillers medication bleach")),
    _r("self_harm", 0.9, r"(?:cuts|scars|scratches|burns|cut\s+marks|burn\s+marks|"
       r"scratch\s+marks)\s+(?:all\s+)?(?:on|up|along|across|over|down)\s+(?:both\s+)?"
       r"(?:her|his|their|[a-z]+'s)\s+(?:(?:upper|lower|inner|left|right)\s+)?"
       r"(?:fore)?(?:arms?|legs?|wrists?|thighs?|stomach|tummy|hips?)\b",
       "cuts on arms", anchors="cuts scars scratches burns cut burn scratch"),
    _r("self_harm", 0.4, r"(?:long\s+sleeves|(?:her|his|their)\s+sleeves\s+down|"
       r"cover(?:s|ing)?\s+(?:up\s+)?(?:her|his|their)\s+(?:arms|wrists|legs))\b",
       "hiding arms", anchors="long her his their cover covers covering",
       same_sentence=r"\b(?:always|even|won't|wont|refuses?|hid(?:e|es|ing)|cover\w*|"
       r"insists?|never)\b"),
    _r("self_harm", 0.9, r"(?:cut|cutting|cuts)\s+(?:her|his|their)\s+(?:arms?|legs?|wrists?|"
       r"thighs?|skin|stomach)\b", "cutting", anchors="cut cutting cuts"),
    _r("self_harm", 1.0, r"jump\w*\s+(?:off|from|in\s+front\s+of)\s+(?:a|the)\s+(?:bridge|"
       r"train|car|bus|building|roof|cliff|window|balcony)", "jump off",
       anchors="jump jumping jumped jumps"),
    _r("self_harm", 0.8, r"(?:dying|death|wanting\s+to\s+die|killing\s+(?:him|her|them)"
       r"sel(?:f|ves)|ways\s+to\s+die|how\s+to\s+die)", "talks about dying",
       anchors="dying death wanting killing ways how",
       before=r"(?:talk\w*|said|says|saying|keeps\s+saying|mentioned|writ\w+|wrote|drawing|"
       r"drew|search\w*|googl\w*)\s+(?:about\s+)?"),
    _r("self_harm", 0.6, r"hat(?:es|ed|ing)\s+(?:him|her|them)sel(?:f|ves)|hat(?:es|ed|ing)\s+"
       r"(?:his|her|their)\s+(?:life|body)|hat(?:es|ed|ing)\s+(?:being\s+alive|living)",
       "hates herself", anchors="hates hated hating"),
    _r("self_harm", 0.4, r"eating\s+disorder|anorexi\w*|bulimi\w*|arfid\b|making\s+(?:him|her|"
       r"them)sel(?:f|ves)\s+sick|starving\s+(?:him|her)self|not\s+eating\b",
       "eating disorder", anchors="eating anorexia anorexic bulimia bulimic arfid making "
       "starving not"),
    # --- domestic abuse, not safe at home -----------------------------------------------
    _r("domestic_abuse", 1.0, r"domestic\s+(?:abuse|violence|incidents?|assault)|coercive\b"
       r"|women'?s\s+aid\b|refuge\b|marac\b|idva\b|(?:non[\s-]?molestation|restraining|"
       r"protection|prohibited\s+steps|occupation|emergency\s+protection)\s+order",
       "domestic abuse", anchors="domestic coercive women womens refuge marac idva non "
       "nonmolestation restraining protection prohibited occupation emergency"),
    _r("domestic_abuse", 0.8, r"home\b", "doesn't want to go home", anchors="home",
       need=need(_NOT_WORDS + " won't wont will refuses refused refusing begged scared afraid "
                 "frightened terrified petrified dreads dread dreading hates hate hated wanting"),
       prev="go going come coming be being back at",
       # "won't go home" is a refusal; "mum won't be home till late" is a timetable
       before=r"(?:(?:(?:" + _NOT + r")\s+(?:want(?:s|ed)?\s+to|like|like\s+to)|refuses\s+to|"
       r"refused\s+to|refusing\s+to|begged\s+(?:me\s+|us\s+)?not\s+to|(?:too\s+)?(?:scared|"
       r"afraid|frightened|terrified|petrified)\s+(?:to|of)|dreads?|dreading|hates?|hated|not\s+"
       r"wanting\s+to)\s+(?:go|going|come|coming|be|being)|(?:won't|wont|will\s+not)\s+(?:be\s+)?"
       r"(?:go|going|come|coming))\s+(?:back\s+)?(?:at\s+)?"),
    _r("domestic_abuse", 0.8, r"(?:scared|afraid|frightened|terrified|petrified|fearful|"
       r"wary)(?:\s+to\s+death)?\s+(?:of|to\s+(?:be|go)\s+(?:home|with|near|around))\s+"
       r"(?:\w+\s+){0,2}?(?:" + _FAMILY_WORDS + r"|home|going\s+home)\b",
       "scared of a parent", anchors="scared afraid frightened terrified petrified fearful "
       "wary"),
    _r("domestic_abuse", 0.9, r"safe\s+(?:at\s+home|with|around|near|going\s+home|to\s+go\s+"
       r"home|in\s+(?:the|his|her|their)\s+(?:house|home|flat))", "not safe at home",
       anchors="safe", before=r"(?:not|isn't|is\s+not|isnt|" + _NOT + r"\s+feel)\s+"),
    _r("domestic_abuse", 0.7, r"feels?\s+(?:safe|unsafe)\b", "doesn't feel safe",
       anchors="feel feels", before=_NOT + r"\s+"),
    _r("domestic_abuse", 0.6, r"unsafe\s+(?:at\s+home|with|around|near)\b|feels?\s+unsafe\b",
       "feels unsafe", anchors="unsafe feel feels"),
    _r("concern", 0.4, r"unsafe\b", "unsafe", anchors="unsafe"),
    _r("domestic_abuse", 0.6, r"(?:worried|concerned|scared|afraid|fear|fears|frightened|"
       r"terrified|fearing)\s+(?:about|for)\s+(?:his|her|their|my|our|my\s+\w+'s|the\s+\w+'s)"
       r"\s+(?:\w+\s+)?(?:safety|life|lives)\b",
       "worried for safety", anchors="worried concerned scared afraid fear fears frightened "
       "terrified fearing", need=need("safety life lives")),
    _r("domestic_abuse", 0.6, r"(?:leave|flee|get\s+out\s+of|escape|move\s+out\s+of)\s+"
       r"(?:the\s+)?(?:house|home|flat)\b|(?:fled|fleeing)\b", "had to leave home",
       anchors="leave flee get escape move fled fleeing",
       before=r"(?:had\s+to|have\s+had\s+to|having\s+to|needed\s+to|tried\s+to|"
       r"managed\s+to|going\s+to\s+have\s+to)\s+|(?:we|i|she|he|they)\s+"),
    _r("domestic_abuse", 0.6, r"scar(?:es|ed|ing)\s+(?:me|her|him|them|the\s+(?:kids|children))\b"
       r"|(?:makes?|made|making)\s+(?:her|him|them|me)\s+(?:feel\s+)?(?:scared|frightened|"
       r"uncomfortable|unsafe|nervous)\b", "someone at home scares her",
       anchors="scares scared scaring make makes made making", same_words=_FAMILY_SET),
    _r("concern", 0.5, r"prison\b|jail\b|probation\b|tagged\b|released\b", "parent from prison",
       anchors="prison jail probation tagged released", same_words=_FAMILY_SET),
    _r("domestic_abuse", 0.5, r"home\b", "trouble at home", anchors="home", window=60, prev="at",
       need=need("fighting fights fight argument row arguing arguments violence incidents "
                 "incident shouting screaming rows trouble problems difficulties issues going "
                 "happening happened drinking drugs"),
       before=r"(?:fighting|fights?|a\s+fight|an?\s+argument|a\s+row|arguing|arguments|violence|"
       r"incidents?|an\s+incident|shouting|screaming|rows|trouble|problems|"
       r"difficulties|issues|things\s+going\s+on|something\s+going\s+on|stuff\s+going\s+on|"
       r"what'?s\s+(?:been\s+)?(?:going\s+on|happening)|going\s+on|happening|happened|"
       r"drinking|drugs)\s+at\s+"),
    _r("domestic_abuse", 0.45, r"home\b", "hard at home", anchors="home", window=80, prev="at",
       need=need("good great easy right ok okay difficult hard tough bad awful horrible scary "
                 "situation circumstances"),
       before=r"(?:(?:things|it|everything|life)\s+(?:is|are|isn't|aren't|has\s+been|"
       r"have\s+been|'s|'re)\s+(?:not\s+)?(?:\w+\s+)?(?:good|great|easy|right|ok|okay|"
       r"difficult|hard|tough|bad|awful|horrible|scary)|situation|circumstances)\s+at\s+"),
    _r("domestic_abuse", 0.45, r"home\s+life\b", "home life", anchors="home"),
    _r("domestic_abuse", 0.6, r"[a-z]+\b", "parent drunk or violent",
       anchors="drunk wasted drinking violent violence aggressive", same_words=_FAMILY_SET),
    _r("domestic_abuse", 0.5, r"controlling\b", "controlling parent", anchors="controlling",
       same_words=_FAMILY_SET),
    _r("domestic_abuse", 0.7, r"(?:scared|afraid|frightened|terrified|petrified)(?:\s+to\s+"
       r"death)?\s+of\s+(?:him|her|them)\b", "scared of him",
       anchors="scared afraid frightened terrified petrified", same_words=_FAMILY_SET),
    _r("domestic_abuse", 0.7, r"(?:physical|violent|nasty)\b", "it got physical",
       anchors="physical violent nasty",
       before=r"(?:got|gets|getting|turned|became|become)\s+(?:a\s+(?:bit|little)\s+|quite\s+"
       r"|very\s+|really\s+)?"),
    _r("domestic_abuse", 0.5, r"alcoholic\b|addict(?:ed|ion)?\b|heroin\b|crack\s+cocaine\b"
       r"|drink\s+problem\b|drinking\s+problem\b", "alcohol or addiction",
       anchors="alcoholic addict addicted addiction heroin crack drink drinking"),
    _r("domestic_abuse", 0.5, r"drugs\b", "on drugs", anchors="drugs", before=r"on\s+"),
    _r("domestic_abuse", 0.6, r"(?:police|officers?|cops)\s+(?:were|was|have\s+been|had\s+"
       r"to\s+be|came|come|called|involved|arrested|attended|took|round)\b"
       r"|(?:called|rang|phoned|contacted|call|ring)\s+(?:the\s+)?(?:police|999)\b"
       r"|police\s+(?:involvement|report|incident|station|officers?)\b|arrested\b",
       "police involved", anchors="police officer officers cops called rang phoned "
       "contacted call ring arrested"),
    _r("concern", 0.25, r"police\b", "police", anchors="police"),
    _r("neglect", 0.45, r"out\b(?!\s+of\s+(?:school|class|the\s+(?:lesson|class|classroom|club|"
       r"team|game|room|hall|assembly)))", "kicked out", anchors="out",
       prev="kicked thrown chucked", before=r"(?:kicked|thrown|chucked)\s+"),
    _r("neglect", 0.6, r"kicked\s+(?:him|her|them)\s+out|thrown\s+out\s+of\s+(?:the\s+)?"
       r"(?:house|home)|homeless\b|sofa[\s-]?surfing|nowhere\s+to\s+(?:live|stay|go|sleep)"
       r"|sleeping\s+(?:rough|in\s+(?:a|the)\s+car)", "nowhere to live",
       anchors="kicked thrown homeless sofa nowhere sleeping"),
    # --- neglect ------------------------------------------------------------------------
    _r("neglect", 0.7, r"neglect\w*", "neglect", anchors="neglect neglected neglecting "
       "neglectful"),
    _r("neglect", 0.6, r"(?:fed|getting\s+(?:fed|food|meals)|given\s+"
       r"(?:any\s+)?(?:food|meals))\b", "not fed", anchors="fed getting given",
       prev=_NOT_WORDS + " been being", before=_NOT + r"\s+(?:been\s+|being\s+)?"),
    _r("neglect", 0.35, r"had\s+(?:any(?:thing)?\s+)?(?:food|to\s+eat|a\s+(?:proper\s+)?meal|"
       r"meals)\b|eaten\s+(?:anything|properly|for\s+days)", "hasn't eaten",
       anchors="had eaten", prev=_NOT_WORDS, before=_NOT + r"\s+"),
    _r("neglect", 0.6, r"(?:food|electricity|heating|heat|gas|hot\s+water|money\s+for\s+food|"
       r"clean\s+clothes|bed)\b", "no food or heating",
       anchors="food electricity heating heat gas hot money clean bed",
       prev="no any enough of", before=r"(?:no|never\s+any|not\s+any|not\s+enough|(?:don't|"
       r"doesn't|didn't|haven't|hasn't|dont|doesnt|didnt|havent|hasnt)\s+(?:have|got)\s+(?:any|"
       r"enough)|(?:ran|run|running)\s+out\s+of)\s+"),
    _r("neglect", 0.5, r"(?:cut|switched|turned)\s+off\b", "electricity cut off",
       anchors="cut switched turned", same_sentence=r"\b(?:electric\w*|gas|heating|power|water)"
       r"\b"),
    _r("neglect", 0.5, r"(?:hungry|starving|dirty|smelly|unwashed|filthy)\b|without\s+(?:a\s+)?"
       r"(?:coat|shoes|food|lunch|breakfast)\b", "comes in hungry or dirty",
       anchors="hungry starving dirty smelly unwashed filthy without",
       before=r"(?:comes?|came|coming|arrives?|arrived|turns?\s+up|turned\s+up|sent)\s+"
       r"(?:in(?:to)?\s+school\s+|to\s+(?:school|ours|our\s+house|my\s+house|us)\s+|in\s+)"
       r"(?:in\s+)?"),
    _r("neglect", 0.6, r"left\s+(?:alone|on\s+(?:his|her|their)\s+own|home\s+alone|"
       r"unsupervised|to\s+fend|in\s+charge\s+of|to\s+look\s+after|outside|in\s+the\s+car)\b",
       "left alone", anchors="left"),
    _r("neglect", 0.6, r"leav(?:e|es|ing)\s+(?:him|her|them|the\s+(?:kids|children))\s+"
       r"(?:alone|on\s+(?:his|her|their)\s+own|home\s+alone|unsupervised|to\s+fend)\b",
       "left alone", anchors="leave leaves leaving"),
    _r("neglect", 0.6, r"alone\b", "left alone", anchors="alone", prev="home house"),
    _r("neglect", 0.5, r"(?:nobody|no\s+one|noone)\s+(?:at\s+home|to\s+(?:look\s+after|"
       r"care\s+for|feed|pick\s+(?:him|her|them)\s+up|collect))|(?:nobody|no\s+one|noone)\s+"
       r"(?:came|has\s+come|turned\s+up)\s+to\s+(?:collect|pick)", "nobody at home",
       anchors="nobody noone one", need=need("nobody noone no")),
    _r("neglect", 0.4, r"young\s+carer|looking\s+after\s+(?:his|her|their)\s+(?:younger\s+)?"
       r"(?:brothers?|sisters?|siblings|mum|dad|mother|father)", "young carer",
       anchors="young looking"),
    _r("neglect", 0.5, r"eaten\s+(?:anything\s+)?(?:for\s+(?:days|ages|a\s+(?:day|week))|"
       r"since\s+(?:yesterday|breakfast|last\s+night|the\s+day\s+before))\b",
       "hasn't eaten for days", anchors="eaten", prev=_NOT_WORDS, before=_NOT + r"\s+"),
    _r("neglect", 0.3, r"holes\s+in\s+(?:them|(?:his|her|their)\s+(?:shoes|trainers|"
       r"clothes|uniform|socks|coat|jumper))|(?:shoes|clothes|uniform|trousers|coat)\s+"
       r"(?:are|were|is|was)\s+(?:far\s+|much\s+|way\s+|always\s+)?too\s+small\b",
       "clothes in holes", anchors="holes shoes clothes uniform trousers coat"),
    _r("neglect", 0.25, r"no\s+(?:winter\s+)?coat\b|no\s+socks\b", "no coat",
       anchors="no"),
    _r("neglect", 0.5, r"(?:nobody|no\s+one|noone)\s+(?:is\s+|was\s+)?(?:often\s+)?home\b"
       r"|(?:puts?|putting)\s+(?:him|her|them)sel(?:f|ves)\s+to\s+bed\b"
       r"|(?:gets?|getting)\s+(?:him|her|them)sel(?:f|ves)\s+(?:up\s+and\s+)?(?:ready\s+for|"
       r"to)\s+school\b|(?:makes?|making|cooks?|cooking)\s+(?:his|her|their)\s+own\s+"
       r"(?:tea|dinner|meals)\b|fend\s+for\s+(?:him|her|them)sel(?:f|ves)\b",
       "left to look after themselves", anchors="nobody noone no puts put putting gets get "
       "getting makes make making cooks cook cooking fend"),
    _r("concern", 0.3, r"(?:worried|concerned|worries|concerns|worry)\s+(?:about|for)\s+"
       r"(?:a|one|another|this)\s+(?:little\s+|young\s+)?(?:boy|girl|child|kid|pupil|lad)\b",
       "worried about another child", anchors="worried concerned worries concerns worry"),
    _r("neglect", 0.4, r"same\s+clothes\s+(?:for|every)\s+(?:days|day|a\s+week)|no\s+bed\b"
       r"|sleeping\s+on\s+the\s+floor|head\s+lice\s+(?:for|all)\s+(?:months|the\s+time)",
       "same clothes for days", anchors="same bed sleeping head"),
    # --- missing and runaway ------------------------------------------------------------
    _r("missing", 0.8, r"missing\b", "gone missing", anchors="missing",
       before=_CHILD_SUBJECT + r"(?:'s|\s+(?:has|is|was|had|has\s+been|had\s+been|'s\s+been|"
       r"has\s+gone|had\s+gone|went|is\s+now|was\s+reported|been\s+reported|been|are|were|"
       r"have\s+been|have\s+gone))\s+(?:gone\s+|reported\s+)?"),
    _r("missing", 0.9, r"missing\s+(?:child|children|person|persons|from\s+(?:home|care|"
       r"school)|overnight|since|all\s+night|for\s+(?:hours|the\s+night|two|three|\d+))\b"
       r"|report(?:ed|ing)?\s+(?:him|her|them)?\s*missing\b", "missing child",
       anchors="missing report reported reporting"),
    _r("missing", 0.6, r"(?:run|ran|running|runs)\s+(?:away|off)\b|runaway\b|absconded\b",
       "ran away", anchors="run ran running runs runaway absconded"),
    _r("missing", 0.7, r"home\b", "hasn't come home", anchors="home",
       need=need(_NOT_WORDS + " still yet"),
       prev="come came been got get arrive arrived return returned it back",
       before=r"(?:" + _NOT + r"|still\s+not|still\s+hasn't|yet\s+to)\s+(?:yet\s+)?(?:come|came|"
       r"been|got|get|arrive|arrived|return|returned|make\s+it|made\s+it)\s+(?:back\s+)?"),
    _r("missing", 0.6, r"back\b(?!\s+(?:to|with|from)\b)", "hasn't come back", anchors="back",
       window=40,
       prev="come came been got", before=r"(?:" + _NOT + r"|still\s+not|yet\s+to)\s+"
       r"(?:yet\s+)?(?:come|came|been|got)\s+"),
    _r("missing", 0.5, r"(?:stay(?:ed|ing|s)?|been|was)\s+out\s+(?:all\s+night|overnight|until|"
       r"till|til)\b|out\s+all\s+night\b", "out all night", anchors="stay stayed staying "
       "stays been was out", need=need("night overnight until till til")),
    _r("missing", 0.5, r"where\s+(?:she|he|they)(?:'s|'ve|\s+has|\s+have|\s+had|\s+was|\s+were)"
       r"\s+(?:been|going|gone)\b", "won't say where she's been", anchors="where",
       prev="say tell explain", before=r"(?:won't|wont|will\s+not|doesn't|doesnt|didn't|didnt|"
       r"refuses\s+to|refused\s+to|never)\s+(?:say|tell\s+(?:me|us)|explain)\s+"),
    _r("exploitation", 0.5, r"(?:smell\w*|stink\w*|reek\w*)\s+of\s+(?:alcohol|drink|booze|"
       r"weed|cannabis|skunk|smoke)\b", "smelling of alcohol",
       anchors="smell smelling smelled smelt smells stinking stank reeking reeked"),
    _r("missing", 0.35, r"out\s+(?:really\s+|very\s+|so\s+)?late\b", "out late", anchors="out",
       prev="staying stayed stays stay been going"),
    _r("missing", 0.7, r"find\s+(?:him|her|them)\b", "can't find them", anchors="find",
       before=r"(?:can't|cannot|couldn't|could\s+not|can\s+not|cant|couldnt)\s+"),
    _r("missing", 0.7, r"where\s+(?:he|she|they)\s+(?:is|are|was|went|has\s+gone|'s)\b",
       "don't know where they are", anchors="where", prev="know",
       before=r"(?:don't|do\s+not|doesn't|didn't|dont|no\s+one|nobody|noone)\s+(?:\w+\s+)?"
       r"know\s+"),
    _r("missing", 0.5, r"(?:arrive|arrived|turn\s+up|turned\s+up|get|got|make\s+it|made\s+it|"
       r"come|got\s+in)\s+(?:at\s+|to\s+|in\s+|into\s+)?(?:school|class)\b",
       "did they arrive at school", anchors="arrive arrived turn turned get got make made come",
       prev="he she they", window=24,
       before=r"(?:has|did|have)\s+(?:he|she|they)\s+"),
    _r("missing", 0.5, r"school\b", "is she in school", anchors="school", prev="in at", window=24,
       before=r"(?:is|was)\s+(?:he|she)\s+(?:in|at)\s+"),
    # --- exploitation, drugs, weapons, gangs --------------------------------------------
    _r("exploitation", 1.0, r"county\s+lines|cuckoo(?:ing|ed)\b|trap\s+house|"
       r"(?:criminal|sexual|child)\s+exploitation|exploit(?:ed|ing|ation)\b|c[sc]e\b",
       "exploitation", anchors="county cuckooing cuckooed trap criminal sexual child "
       "exploited exploiting exploitation cse cce"),
    _r("exploitation", 0.8, r"groom(?:ed|ing|er)\b", "grooming",
       anchors="groomed grooming groomer"),
    _r("exploitation", 0.6, r"(?:drugs?|weed|cannabis|skunk|cocaine|ket|ketamine|spice|mdma|"
       r"ecstasy|heroin|nitrous|laughing\s+gas|thc|edibles|dealer|dealers)\b", "drugs",
       anchors="drug drugs weed cannabis skunk cocaine ket ketamine spice mdma ecstasy heroin "
       "nitrous laughing thc edibles dealer dealers"),
    _r("exploitation", 0.9, r"(?:dealing|deal|sell|selling|sold|carry|carrying|carried|holding|"
       r"deliver\w*|run(?:ning)?|moving|stash\w*)\s+(?:drugs|weed|packages?|parcels?|"
       r"things|stuff)\s+for\b|(?:deliver\w*|carry\w*|carried|moving|stash\w*|hold\w*)\s+"
       r"(?:drugs|weed|packages?|parcels?)\b", "running drugs",
       anchors="dealing deal sell selling sold carry carrying carried holding deliver "
       "delivering delivered run running moving stash stashing stashed",
       need=need("drugs weed package packages parcel parcels things stuff")),
    _r("exploitation", 0.8, r"(?:carry|deliver|sell|hold|hide|stash|move|take|drop)\s+"
       r"(?:things|stuff|packages?|parcels?|bags?|drugs|money|cash)\b", "made to carry things",
       anchors="carry deliver sell hold hide stash move take drop", window=48,
       prev="to him her them kids children boys girls",
       before=r"(?:mak(?:e|es|ing)|made|forc\w+|pay(?:s|ing)?|paid|ask(?:s|ed|ing)?|get(?:s|ting)?"
       r"|got|tell(?:s|ing)?|told|us(?:e|es|ed|ing))\s+(?:him|her|them|the\s+\w+\s+kids|"
       r"younger\s+\w+|kids|children|boys|girls)\s+(?:to\s+)?"),
    _r("exploitation", 0.9, r"(?:dealing|selling|sold|carrying|carried)\s+drugs\b",
       "dealing drugs", anchors="dealing selling sold carrying carried"),
    _r("exploitation", 0.7, r"explain\b", "unexplained money or gifts", anchors="explain",
       prev="explain can't cant won't wont cannot couldn't couldnt wouldn't wouldnt not to",
       before=r"(?:money|cash|gifts?|presents?|phones?|trainers|clothes|jewellery|vapes?)\s+"
       r"(?:that\s+)?(?:he|she|they)\s+(?:can't|won't|cannot|couldn't|wouldn't|can\s+not|"
       r"refuses\s+to|refused\s+to)\s+"),
    _r("exploitation", 0.7, r"(?:unexplained|unexplainable)\s+(?:money|cash|gifts?|presents?|"
       r"phones?|clothes|trainers|absences?|injur\w+|bruis\w+|marks?)|burner\s+phone",
       "unexplained money or gifts", anchors="unexplained unexplainable burner"),
    _r("exploitation", 0.7, r"phone\s+(?:that\s+)?(?:we|i)\s+(?:didn't|did\s+not|don't|never)",
       "second phone", anchors="phone", prev="second another secret new",
       before=r"(?:second|another|secret|new)\s+"),
    _r("exploitation", 0.8, r"(?:gifts?|presents?|money|lifts?|alcohol|cigarettes|vapes?|"
       r"drinks)\s+from\s+(?:an?\s+)?(?:older|adult|man|men|stranger|strangers|someone\s+older|"
       r"\d+\s*(?:year|yr)s?[\s-]old)\b", "gifts from an older person",
       anchors="gift gifts present presents money lift lifts alcohol cigarettes vape vapes "
       "drinks", need=need("from")),
    _r("exploitation", 0.6, r"(?:expensive|designer|new|branded)\s+(?:\w+\s+)?(?:trainers|"
       r"clothes|phones?|jewellery|watch(?:es)?|gifts?|bags?|jackets?|items?|stuff)\b"
       r"|(?:money|cash)\s+and\s+(?:\w+\s+)?(?:trainers|clothes|phones?|gifts?)\b",
       "unexplained gifts", anchors="expensive designer new branded money cash",
       same_sentence=r"\b(?:gave|given|giving|gives|bought|buying|buys|from\s+(?:a|an|some)\w*|"
       r"(?:comes?|came|coming|turns?|turned)\s+(?:back|home|up)\s+(?:with|in)|"
       r"can't\s+explain|won't\s+say|doesn't\s+say|won't\s+tell|friend\s+gave)\b"),
    _r("exploitation", 0.6, r"older\s+(?:boyfriend|girlfriend|man|men)\b|boyfriend\s+(?:who\s+"
       r"is|who's|is)\s+(?:\d+|much\s+older|older|an\s+adult)", "older boyfriend",
       anchors="older boyfriend"),
    _r("exploitation", 0.7, r"(?:her|his)\s+(?:(?:new|latest|secret|older)\s+)?(?:boy|girl)"
       r"friend(?:'s)?\b(?:[^.!?\n]|[.!?]\s){0,80}?\b(?:he|she|who)(?:'s|\s+is)\s+(?:(?:about|nearly|over|like|at\s+least)\s+)?"
       r"(?:1[89]|[2-9]\d)\b(?!\s*(?:minutes|mins|%|miles|days|weeks|months|hours|p\b|pounds|"
       r"quid|cm|kg|times))"
       r"|(?:her|his)\s+(?:(?:new|latest|secret|older)\s+)?(?:boy|girl)friend,?\s+(?:who\s+is|"
       r"who's|is|aged)\s+(?:1[89]|[2-9]\d)\b",
       "boyfriend who is an adult", anchors="her his",
       need=need("boyfriend girlfriend boyfriends girlfriends")),
    _r("exploitation", 0.7, r"(?:1[89]|[2-9]\d)[\s-]*(?:year|yr)s?[\s-]*old\s+(?:boy|girl)friend"
       r"\b", "boyfriend who is an adult", need=need("boyfriend girlfriend", "old")),
    _r("exploitation", 0.35, r"stay(?:s|ing|ed)?\s+(?:over\s+|the\s+night\s+|overnight\s+|"
       r"nights\s+)?at\s+(?:her|his)\s+(?:boy|girl)friend'?s\b", "staying at a boyfriend's",
       anchors="stay stays staying stayed"),
    _r("domestic_abuse", 0.7, r"(?:scared|afraid|frightened|terrified|petrified|panics?|"
       r"panicking|shaking|hides?|hiding)\s+(?:when(?:ever)?|if)\s+(?:his|her|their)\s+(?:"
       + _FAMILY_WORDS + r")\s+(?:comes?\s+home|is\s+(?:home|around|drunk|angry)|gets\s+"
       r"(?:home|angry|drunk)|drinks|has\s+been\s+drinking|shouts|loses\s+(?:his|her)\s+"
       r"temper|visits?)\b", "scared when a parent is home",
       anchors="scared afraid frightened terrified petrified panic panics panicking shaking "
       "hide hides hiding"),
    _r("exploitation", 0.35, r"older\s+(?:guys?|lads?|boys?|girls?|friends?|kids|teenagers)\b",
       "older friends", anchors="older"),
    _r("exploitation", 0.6, r"gangs?\b|gang\s+members?\b", "gangs", anchors="gang gangs"),
    _r("threat", 0.6, r"(?:knife|knives|blade|blades|machete|weapon|weapons|gun|guns|firearm|"
       r"firearms|stabbed|stabbing)\b|shot\s+(?:him|her|them|at)\b", "weapon",
       anchors="knife knives blade blades machete weapon weapons gun guns firearm firearms "
       "stabbed stabbing shot"),
    # --- online -------------------------------------------------------------------------
    _r("online", 0.8, r"[a-z0-9]+\b", "stranger online", anchors=_SOCIAL_APPS,
       need=need("someone somebody man men stranger strangers adult adults older old yr "
                 "address uniform meet know"),
       same_sentence=(
           r"\b(?:talk\w*|chat\w*|speak\w*|messag\w*|text\w*|sen[dt]\w*|ask\w*|meet\w*|met|"
           r"add\w*|follow\w*|friend\s+request|contact\w*|video\s+call\w*|facetim\w*|call\w*|"
           r"play\w*|groom\w*|offer\w*|run\s+by|stream\w*|host\w*|admin\w*|"
           r"moderat\w*)\b",
           r"\b(?:someone|somebody|a\s+man|men|a\s+stranger|strangers|adults?|an?\s+older\s+\w+|"
           r"someone\s+older|people\s+(?:she|he|they)\s+(?:doesn't|does\s+not|don't|didn't|dont|"
           r"doesnt)\s+know|(?:doesn't|does\s+not|don't|didn't|dont|doesnt)\s+know\s+(?:him|her|"
           r"them|who)|\d+\s*(?:year|yr)s?[\s-]?old|address|school\s+uniform|meet\s+up)\b",
       )),
    _r("online", 0.9, r"(?:nudes|(?:naked|nude)\s+(?:photos?|pictures?|pics|images?|selfies?|"
       r"videos?)|"
       r"explicit\s+(?:photos?|pictures?|pics|images?|messages?|videos?|content)|rude\s+"
       r"(?:photos?|pictures?|pics|selfies?|messages?)|sextortion|blackmail\w*|dick\s+pics?)\b",
       "nude images or blackmail", anchors="nudes nude naked explicit rude sextortion blackmail "
       "blackmailed blackmailing blackmailer dick"),
    _r("online", 0.7, r"met\s+(?:him|her|them|someone|somebody|a\s+\w+)\s+(?:online|on\s+\w+)"
       r"|online\s+(?:boyfriend|girlfriend|friend|friends|stranger|strangers|predator\w*|"
       r"grooming|abuse|bullying)\b|(?:sent|send|sending|asked\s+for|asking\s+for)\s+(?:\w+\s+)?"
       r"(?:pictures?|photos?|pics|images?|videos?)\s+of\s+(?:her|him|them)sel(?:f|ves)",
       "met online", anchors="met online sent send sending asked asking"),
    _r("online", 0.7, r"from\s+(?:a\s+(?:grown\s+)?(?:man|stranger)|an?\s+(?:older|adult)"
       r"(?:\s+\w+)?|someone\s+(?:older|she|he)|men|strangers|adults)\b",
       "messages from an adult", anchors="from", window=60,
       before=r"(?:messages?|texts?|photos?|pictures?|pics|calls?|gifts?|videos?|requests?|"
       r"snaps?|dms?)\s+(?:\w+\s+){0,4}?"),
    _r("online", 0.6, r"meet\s+(?:up|him|her|them|in\s+person)\b", "asked to meet up",
       anchors="meet", before=r"(?:ask\w*|want\w*|trying|tried|arrang\w*|plans?|planning|"
       r"pressur\w*|begging|invit\w*)\s+(?:her|him|them)?\s*(?:to\s+)?"),
    _r("online", 0.5, r"(?:bullied|bullying|harassed|trolled)\s+online\b|cyber[\s-]?bull\w*"
       r"|online\s+bully\w*", "bullied online",
       anchors="bullied bullying harassed trolled cyber cyberbullying cyberbullied online"),
    # --- FGM, forced marriage, honour-based abuse, radicalisation -----------------------
    _r("fgm", 1.0, r"fgm\b|female\s+genital\s+mutilation|genital\s+(?:cutting|mutilation)"
       r"|cutting\s+ceremony", "FGM", anchors="fgm female genital cutting"),
    _r("fgm", 0.7, r"special\s+(?:ceremony|procedure)|(?:become|becoming)\s+a\s+woman\b",
       "FGM risk", anchors="special become becoming"),
    _r("fgm", 0.7, r"cut\s+(?:abroad|back\s+home|over\s+the\s+summer|in\s+the\s+holidays)",
       "FGM risk", anchors="cut", before=r"(?:being|be|get|getting)\s+"),
    _r("fgm", 0.6, r"cut\b", "FGM risk", anchors="cut", prev="be being get getting",
       before=r"(?:to\s+be|being|to\s+get|getting|will\s+be|going\s+to\s+be)\s+",
       same_sentence=r"\b(?:abroad|summer|holidays?|ceremony|family|aunt\w*|grand\w+|trip|visit"
       r"\w*|travel\w*|fly\w*|flight|back\s+home|country|village|tradition\w*|culture|"
       r"cultural)\b"),
    _r("fgm", 0.6, r"circumcis\w+", "circumcision",
       anchors="circumcised circumcision circumcise circumcising"),
    _r("forced_marriage", 0.9, r"forced\s+(?:to\s+)?marr\w+|forced\s+marriage|married\s+off"
       r"|marry\s+(?:her|him)\s+off|(?:promised|engaged|betrothed)\s+to\s+(?:a|an|her|his|"
       r"their)\s+(?:\w+\s+)?(?:cousin|man|uncle)|honour[\s-]based|honou?r\s+killing"
       r"|dishonou?r(?:ed|ing)?\s+(?:the\s+)?family|hbv\b",
       "forced marriage", anchors="forced married marry promised engaged betrothed honour "
       "honor dishonour dishonor dishonoured dishonouring hbv"),
    _r("forced_marriage", 0.8, r"married\b", "taken abroad to marry", anchors="married",
       prev="get be", before=r"(?:taken|take|taking|sent|send|sending|going|made|make|forced|"
       r"flown|fly|flying)\s+(?:\w+\s+){0,4}?to\s+(?:get|be)\s+"),
    _r("forced_marriage", 0.4, r"married\b", "child getting married", anchors="married",
       prev="getting", before=r"(?:she|he|they)(?:'s|\s+is|\s+are|\s+will\s+be|'ll\s+be)\s+"
       r"getting\s+"),
    _r("radicalisation", 0.8, r"radicali[sz]\w*|extremis[mt]\w*|terroris[mt]\w*|jihad\w*"
       r"|islamic\s+state|daesh|far[\s-]right|neo[\s-]?nazis?|nazis?\b|white\s+(?:power|"
       r"supremac\w+|pride)|prevent\s+(?:referral|team|officer|duty)|channel\s+panel|incels?\b"
       r"|holy\s+war|martyr\w*|caliphate|swastikas?|bomb[\s-]?making|mak(?:e|ing)\s+(?:a\s+)?"
       r"bombs?|(?:mass|school)\s+shooting|shoot\s+up\s+the\s+school|hate\s+(?:speech|group)",
       "radicalisation", anchors="radicalised radicalized radicalisation radicalization "
       "radicalising extremism extremist extremists terrorism terrorist terrorists jihad "
       "jihadi jihadist islamic daesh far neo neonazi neonazis nazi nazis white prevent "
       "channel incel incels holy martyr martyrdom caliphate swastika swastikas bomb make "
       "making mass school shoot hate"),
    # --- threats to a child, strangers, contact and collection --------------------------
    _r("threat", 0.8, r"(?:threaten\w*|threats?)\s+(?:to\s+)?(?:kill|stab|hurt|harm|beat|"
       r"batter|attack|take|snatch|shoot|rape|burn|hit|punch|jump)\b|death\s+threats?",
       "threatened to hurt", anchors="threaten threatened threatening threatens threat "
       "threats death"),
    _r("threat", 0.6, r"threaten\w*\s+(?:him|her|them|my\s+\w+|me)\b", "threatened",
       anchors="threaten threatened threatening threatens"),
    _r("threat", 0.8, r"(?:kill|stab|hurt|beat|batter|shoot|rape|jump|smash|burn|punch)\s+"
       r"(?:him|her|them|me|us|my\s+\w+|the\s+\w+|those\s+\w+|some\s+\w+|people|everyone|"
       r"everybody|other\s+\w+|boys|girls|kids|children|a\s+\w+)\b", "said they would hurt them",
       anchors="kill stab hurt beat batter shoot rape jump smash burn punch",
       before=r"(?:he|she|they|someone|boys?|girls?|man|men)(?:'d|'ll|'s\s+going\s+to|"
       r"'re\s+going\s+to|\s+would|\s+will|\s+was\s+going\s+to|\s+were\s+going\s+to|\s+is\s+"
       r"going\s+to|\s+are\s+going\s+to|\s+wants?\s+to|\s+wanted\s+to|\s+gonna)\s+"),
    _r("threat", 0.5, r"kill\s+(?:him|her|them|my\s+\w+|me)\b", "kill", anchors="kill"),
    _r("threat", 0.8, r"(?:blow(?:ing)?|blew)\s+up\s+(?:the\s+)?school|bomb(?:ing)?\s+the\s+school"
       r"|shoot(?:ing)?\s+(?:up\s+)?(?:the\s+)?school|kill(?:ing)?\s+everyone\b",
       "talk of attacking the school", anchors="blow blowing blew bomb bombing shoot shooting "
       "kill killing"),
    _r("threat", 0.8, r"see\s+(?:her|him|them|the\s+(?:kids|children)|my\s+\w+)\s+again\b",
       "never see her again", anchors="see", prev="never ever",
       before=r"(?:never|won't\s+ever|will\s+never|not\s+ever)\s+"),
    _r("threat", 0.6, r"threatening\s+(?:messages?|texts?|calls?|letters?|comments?|posts?|"
       r"emails?|notes?|behaviour)\b", "threatening messages", anchors="threatening"),
    _r("threat", 0.9, r"(?:abduct|kidnap)\w*|snatch(?:ed)?\s+(?:him|her|them)\b|tried\s+to\s+"
       r"(?:take|grab|snatch|lure|entice)\s+(?:him|her|them|my\s+(?:son|daughter|child|boy|"
       r"girl))(?=\s*(?:[.,!]|$|away|off|with|from|into|home|in\s+(?:a|his|the)\s+(?:car|van)))",
       "abduction", anchors="abduct abducted abduction abducting kidnap kidnapped kidnapping "
       "kidnapper snatch snatched tried"),
    _r("threat", 0.9, r"(?:car|van)\b", "lured into a car", anchors="car van",
       before=r"(?:get|got|getting|lure\w*|pull\w*|drag\w*|push\w*|bundle\w*|tried\s+to\s+get)"
       r"\s+(?:him|her|them|my\s+\w+)\s+(?:in|into)\s+(?:a|his|her|their|the)\s+",
       same_words=_SOMEONE_SET),
    _r("threat", 0.6, r"(?<!i'll\sbe\s)(?<!i\swill\sbe\s)(?<!i'm\s)(?<!i\sam\s)"
       r"(?<!we'll\sbe\s)(?<!we\swill\sbe\s)(?:hanging\s+around|loitering|lurking|watching|following|followed|"
       r"approach\w*|filming|photograph\w*|taking\s+(?:photos|pictures|videos)|waiting\s+"
       r"(?:outside|by|near|at|for)|parked\s+outside|staring\s+at)\b", "stranger approaching",
       anchors="hanging loitering lurking watching following followed approach approached "
       "approaching filming photographing photographed taking waiting parked staring",
       need=need("man men stranger strangers someone somebody woman person people guy car "
                 "van adult adults"),
       same_words=_SOMEONE_SET + " car van",
       same_sentence=r"\b(?:children|kids|child|pupils|school|gates?|playground|park|him|her|"
       r"them|my\s+(?:son|daughter))\b"),
    _r("threat", 0.7, r"offer(?:ed|ing|s)?\s+(?:him|her|them)\s+(?:sweets|money|cash|a\s+lift|"
       r"lifts|cigarettes|vapes?|alcohol|drinks?|gifts?|presents?|a\s+job|to)\b"
       r"|(?:asked|asking|asks|told|telling|wanted|tried\s+to\s+get)\s+(?:him|her|them)\s+to\s+"
       r"(?:go|come|get)\s+(?:back\s+)?with\s+(?:him|her|them)\b"
       r"|(?:giv(?:e|es|ing)|gave|given|buy(?:s|ing)?|bought)\s+(?:him|her|them)\s+(?:sweets|"
       r"money|cash|vapes?|cigarettes|alcohol|drinks?|gifts?|presents?|weed|drugs|phones?|"
       r"lifts?)\b", "offered sweets", anchors="offered offering offers offer "
       "asked asking asks told telling wanted tried give gives giving gave given buy buys "
       "buying bought", same_words=_SOMEONE_SET,
       need=need("man men stranger strangers someone somebody woman person people guy lad lads "
                 "adult adults older")),
    _r("threat", 0.7, r"approached\s+by\s+(?:an?\s+|some\s+)?(?:\w+\s+)?(?:man|men|stranger|"
       r"strangers|woman|adult|adults|person|people|someone|somebody|guy|lads?)\b",
       "approached by a stranger", anchors="approached"),
    _r("threat", 0.6, r"lifts?\b", "offered a lift", anchors="lift lifts",
       prev="a offered give gave giving", before=r"(?:wanted|want|needed|need|offered|offering|"
       r"give|gave|giving)\s+(?:him\s+|her\s+|them\s+)?(?:a\s+)?", same_words=_SOMEONE_SET),
    _r("threat", 0.6, r"(?:come|go|going|coming)\s+(?:back\s+|round\s+|over\s+)?(?:to|into|in)"
       r"\s+(?:his|her|their)\s+(?:room|office|house|flat|place|car|van|shed|cupboard|garage)\b|alone\s+with\s+(?:him|her|them)\b",
       "asked to his room", anchors="come go going coming alone",
       same_sentence=r"\b(?:ask\w*|told|tells|wants?|wanted|invit\w*|keeps|makes?|made|"
       r"secret|alone)\b"),
    _r("threat", 0.45, r"(?:man|men|stranger|strangers|adult|adults|guy|bloke|older\s+(?:man|"
       r"men|lad|lads|boys?))\s+(?:\w+\s+){0,3}?(?:talking|talked|talks|chatting|chatted|"
       r"speaking|spoke|came\s+up|coming\s+up|comes\s+up|hanging\s+around)\s+(?:to|with)\s+"
       r"(?:her|him|them|the\s+(?:kids|children|girls|boys)|children|kids|girls|boys|"
       r"my\s+\w+)\b", "adult approaching children",
       anchors="man men stranger strangers adult adults guy bloke older",
       same_sentence=r"\b(?:park|playground|street|road|shops?|gates?|outside|bus\s+stop|"
       r"station|field|woods|alley|car|van|online|on\s+the\s+way|walk(?:ing|s)?\s+home|"
       r"after\s+school|rec)\b"),
    _r("threat", 0.7, r"followed\s+(?:her|him|them)\s+(?:home|to\s+school|from\s+school)",
       "followed home", anchors="followed"),
    _r("threat", 0.6, r"(?:allowed|permitted)\s+to\s+(?:collect|pick\s+(?:him|her|them)\s+up|"
       r"see\s+(?:him|her|them)|have\s+contact|contact|come\s+near)|allowed\s+(?:any\s+)?"
       r"contact\b", "not allowed to collect",
       anchors="allowed permitted", before=r"(?:not|isn't|is\s+not|isnt)\s+"),
    _r("threat", 0.6, r"contact\s+with\s+(?:his|her|their)\s+(?:dad|mum|father|mother)",
       "no contact with a parent", anchors="contact",
       before=r"(?:no|not\s+to\s+have\s+any|not\s+allowed)\s+"),
    _r("threat", 0.6, r"order\b", "court order", anchors="order", before=r"(?:court|contact)\s+"),
    _r("threat", 0.6, r"injunction|custody\s+(?:battle|dispute|case)", "court order",
       anchors="injunction custody"),
    _r("threat", 0.6, r"(?:abroad|country|away\s+from\s+me)\b", "taken abroad",
       anchors="abroad away country",
       before=r"(?:take|taking|took)\s+(?:him|her|them|the\s+(?:kids|children))\s+"
       r"(?:out\s+of\s+the\s+)?"),
    # A separated parent asking to be kept informed is routine; with another sign of risk
    # it adds weight, on its own it stays below the alert threshold.
    _r("concern", 0.2, r"parental\s+responsibility", "parental responsibility",
       anchors="parental"),
    _r("concern", 0.4, r"stranger\b", "stranger", anchors="stranger strangers"),
    # --- injuries -----------------------------------------------------------------------
    _r("injury", 0.8, r"(?:bruis\w+|black\s+eye|burns?\s+(?:on|marks?)|welts?|scratches|"
       r"finger\s*marks|hand\s*prints?|bite\s+marks?|marks\s+on\s+(?:his|her|their)|"
       r"injur(?:y|ies|ed)|swelling|lump)\b",
       "injury with an odd explanation", anchors="bruise bruises bruised bruising black burn "
       "burns welt welts scratches finger fingermarks hand handprint handprints bite marks "
       "injury injuries injured swelling lump",
       same_sentence=r"(?:won't|wouldn't|can't|couldn't|didn't|doesn't|refuses?\s+to|refused"
       r"\s+to|not|wont|wouldnt|cant|couldnt|didnt|doesnt)\s+(?:\w+\s+)?(?:say|explain|tell|"
       r"remember)|(?:says?|said|claims?|claimed|told\s+(?:me|us))\s+(?:\w+\s+){0,4}?"
       r"(?:fell|walked\s+into|bumped|door|stairs|slipped|tripped)|(?:don't|do\s+not|didn't)\s+"
       r"believe|not\s+sure\s+(?:how|what)|(?:no|can't\s+think\s+of\s+an?)\s+(?:idea|"
       r"explanation)|(?:unexplained|odd|strange|funny)\s+(?:place|places|pattern|shape)"),
    _r("injury", 0.9, r"cigarette\s+burns?", "cigarette burns", anchors="cigarette"),
    _r("injury", 0.6, r"finger\s*marks|fingermarks|hand\s*prints?\s+on|bite\s+marks?\s+on|"
       r"marks\s+on\s+(?:his|her|their)\s+(?:neck|throat)|welts?\b",
       "grip or bite marks", anchors="finger fingermarks hand handprint handprints bite marks "
       "welt welts"),
    _r("injury", 0.35, r"black\s+eye|fell\s+down\s+the\s+stairs|walked\s+into\s+(?:a|the)\s+door",
       "black eye or classic explanation", anchors="black fell walked"),
    _r("injury", 0.25, r"bruis\w+|marks\s+on\s+(?:his|her|their)\b|burns?\s+(?:on|marks)",
       "bruises or marks", anchors="bruise bruises bruised bruising marks burn burns"),
    # --- vaguer worries -----------------------------------------------------------------
    _r("concern", 0.5, r"safeguard\w*|child\s+protection|cp\s+(?:plan|conference|"
       r"register)|child\s+in\s+need|section\s+(?:17|47)|social\s+(?:worker|workers|services|"
       r"care)|children'?s\s+services|early\s+help|lado\b|mash\b|nspcc|childline|"
       r"designated\s+safeguarding|dsl\b|welfare\s+concern\w*|welfare\s+check",
       "safeguarding", anchors="safeguard safeguarding safeguarded child cp section social "
       "children childrens early lado mash nspcc childline designated dsl welfare"),
    _r("concern", 0.5, r"danger\b(?!\s+of)", "in danger", anchors="danger", before=r"in\s+"),
    _r("concern", 0.8, r"risk\s+of\s+(?:harm|abuse|exploitation|danger|significant\s+harm)",
       "at risk of harm", anchors="risk", prev="at"),
    _r("concern", 0.5, r"(?:worried|concerned|worry|worries|worrying|concern|concerns|scared|"
       r"frightened|anxious)\s+(?:about|for|that|over)\s+(?:[a-z']+\s+){0,4}?(?:home|welfare|"
       r"what'?s\s+(?:been\s+)?(?:going\s+on|happening)|what\s+(?:is|has\s+been)\s+"
       r"(?:going\s+on|happening))\b",
       "worried about home", anchors="worried concerned worry worries worrying concern "
       "concerns scared frightened anxious"),
    _r("concern", 0.4, r"(?:worried|concerned|worry|worries|worrying|concern|concerns|scared|"
       r"frightened|anxious)\s+(?:about|for|that|over)\s+(?:[a-z']+\s+){0,4}?(?:safety|safe)\b",
       "worried about safety", anchors="worried concerned worry worries worrying concern "
       "concerns scared frightened anxious", need=need("safety safe")),
    _r("concern", 0.3, r"(?:worried|concerned|worry|worries|concern|concerns)\s+(?:about|for)\s+"
       r"(?:his|her|their|my\s+\w+'s)\s+(?:wellbeing|well-being|mental\s+health)\b",
       "worried about wellbeing", anchors="worried concerned worry worries concern concerns"),
    _r("concern", 0.5, r"something\s+(?:is|'s|seems\s+to\s+be|might\s+be|may\s+be)\s+(?:wrong|"
       r"not\s+right|going\s+on)\s+(?:at\s+home|with\s+(?:her|him|them))\b"
       r"|(?:going\s+on|happening)\s+(?:with|to)\s+(?:her|him|them)\s+at\s+home",
       "something wrong at home", anchors="something going happening"),
    _r("concern", 0.6, r"confid(?:ed|es|ing)\s+in\b|disclos\w+|made\s+a\s+disclosure",
       "confided", anchors="confided confides confiding disclose disclosed discloses "
       "disclosing disclosure disclosures made"),
    _r("concern", 0.45, r"want\s+to\s+(?:see|visit|stay\s+with|go\s+to|be\s+with)\s+(?:his|her|"
       r"their)\s+(?:dad|mum|father|mother|step\w*|\w+'s)", "doesn't want to see a parent",
       anchors="want", before=r"(?:doesn't|does\s+not|didn't|won't|refuses\s+to|refused\s+to|"
       r"doesnt|didnt|wont|no\s+longer)\s+"),
    _r("concern", 0.25, r"vulnerable\b|wetting\s+the\s+bed|nightmares\b", "vulnerable",
       anchors="vulnerable wetting nightmares"),
    # --- signs a DSL reads without the obvious words ------------------------------------
    # Sexual abuse relayed indirectly: an adult's "game" with a child at night, in her room,
    # kept quiet; a child who doesn't like it when a particular adult stays or babysits.
    _r("sexual_abuse", 0.6, r"(?:tickl\w*|touch\w*|naughty|rude|doctors?|wrestl\w*|cuddl\w*|"
       r"kiss\w*|undress\w*|private|secret|special|grown[\s-]?ups?|sleepy|bath|bed(?:time)?)"
       r"['\"]?\s+games?\b", "an adult's game at night",
       anchors="tickle tickling tickly touch touching touchy naughty rude doctor doctors "
       "wrestling wrestle cuddle cuddling cuddly kiss kissing kissy undress undressing private "
       "secret special grown grownup grownups sleepy bath bed bedtime",
       same_sentence=r"\b(?:night|bed|bedroom|room|quiet|secret|tell|telling|wake|door|"
       r"clothes|pyjamas|bath|shower|alone|lap|stays?\s+over)\b"),
    _r("sexual_abuse", 0.35, r"(?:comes?|came|coming|goes|went|gets?|got|climbs?|climbed|"
       r"creeps?|crept)\s+(?:in|into|in\s+to)\s+(?:her|his|their)\s+(?:bed|bedroom|room)\b",
       "an adult in her room at night", anchors="come comes came coming goes went get gets got "
       "climb climbs climbed creep creeps crept", same_sentence=r"\b(?:night|dark|asleep|"
       r"sleeping|quiet|secret|door\s+(?:shut|closed|locked))\b"),
    _r("sexual_abuse", 0.4, r"(?:has|have|had|told|tells|telling|made|makes)\s+(?:(?:her|him|"
       r"them)\s+)?to\s+(?:be|keep|stay)\s+(?:very\s+|really\s+|so\s+)?(?:quiet|silent)\b",
       "told to keep quiet", anchors="has have had told tells telling made makes",
       same_sentence=r"\b(?:night|room|bed|bedroom|game|secret|wake|anyone|nobody|mum|mummy|"
       r"dad|daddy)\b"),
    _r("concern", 0.4, r"(?:like|likes|liking)\s+it\s+when\s+(?:\w+\s+){1,4}?(?:stays?\s+(?:over|"
       r"the\s+night)|babysits?|looks?\s+after\s+(?:her|him|them)|comes?\s+(?:round|over|to\s+"
       r"stay)|is\s+(?:there|round|over|home)|puts?\s+(?:her|him|them)\s+to\s+bed|baths?\s+"
       r"(?:her|him|them))\b", "doesn't like it when an adult stays",
       anchors="like likes liking", before=_NOT + r"\s+"),
    # Grooming: an adult asking a child to keep their contact secret, flattering her.
    _r("exploitation", 0.8, r"(?:ask\w*|told|tell\w*|want\w*|made|mak\w*|beg\w*|get\w*|got)\s+"
       r"(?:her|him|them|my\s+\w+)\s+(?:to\s+)?(?:keep|keeping)\s+(?:\w+\s+){0,3}?['\"]?"
       r"(?:between\s+(?:us|them|the\s+two\s+of|you\s+and\s+me|ourselves)|(?:a\s+)?secret|"
       r"private|quiet|hidden|to\s+(?:her|him|them)sel(?:f|ves))",
       "asked to keep it secret", anchors="asked asks asking ask told tell tells telling want "
       "wants wanted made make makes making begged begging gets getting got"),
    _r("exploitation", 0.5, r"(?:mature|grown[\s-]?up|sexy|hot|fit)\s+for\s+(?:her|his|their)"
       r"\s+age\b", "flattery: mature for her age", anchors="mature grown grownup sexy hot fit",
       same_sentence=r"\b(?:tell\w*|told|says?|said|saying|calls?|called|calling|keeps|messag\w*|"
       r"texts?|texting|wrote|writes)\b"),
    _r("exploitation", 0.25, r"(?:ask\w*)\s+(?:her|him|them)\s+(?:if|whether|about)\s+(?:she|he|"
       r"they)\s+(?:has|had|have|'s\s+got|got)\s+a\s+(?:boy|girl)friend\b",
       "adult asking about a boyfriend", anchors="ask asks asked asking"),
    # An allegation about an adult in school goes to the head / LADO: the word, or an adult
    # in school in private contact with a pupil on social media.
    _r("staff_allegation", 0.8, r"allegations?\b", "allegation about staff",
       anchors="allegation allegations", same_sentence=r"\b(?:staff|teachers?|ta|tas|teaching"
       r"\s+assistants?|coach|tutor|mr|mrs|miss|ms|sir|volunteers?|employees?|adults?|lsa|"
       r"hlta|caretaker|head(?:teacher)?|deputy)\b"),
    _r("staff_allegation", 0.8, r"(?:messages?|texts?|dms?|snaps?|snapchats?|chats?|calls?|"
       r"(?:friend|follow)\s+requests?|photos?|pictures?|pics)\s+(?:\w+\s+){0,3}?from\s+(?:the\s+|"
       r"a\s+|her\s+|his\s+|their\s+|one\s+of\s+(?:the|her|his|their|your)\s+)?(?:\w+\s+)?"
       r"(?:teachers?|ta|teaching\s+assistant|staff|member\s+of\s+staff|coach|tutor|lsa|hlta|"
       r"caretaker|(?:mr|mrs|miss|ms|sir)\s+\w+)\b"
       r"|(?:teacher|ta|teaching\s+assistant|member\s+of\s+staff|staff\s+member|coach|tutor|lsa|"
       r"hlta|caretaker|(?:mr|mrs|miss|ms)\s+\w+)\s+(?:\w+\s+){0,2}?(?:has\s+been\s+|have\s+"
       r"been\s+|is\s+|was\s+|keeps\s+)?(?:messag\w*|texting|texted|dm\w*|snapchat\w*|add(?:ed|s)|"
       r"follow(?:ed|s|ing)|contact(?:ed|ing|s)|video\s+call\w*|call(?:ed|ing|s))\s+(?:her|him|"
       r"them|my)\b", "adult in school messaging a pupil privately",
       anchors="message messages text texts dm dms snap snaps snapchat snapchats chat chats call "
       "calls friend follow photo photos picture pictures pics teacher ta teaching member staff "
       "coach tutor lsa hlta caretaker mr mrs miss ms",
       same_sentence=r"\b(?:snap\w*|instagram|insta|tiktok|whatsapp|facebook|messenger|discord|"
       r"kik|telegram|personal\s+(?:number|phone|mobile|account)|private(?:ly)?|social\s+media|"
       r"texts?|texting|dms?)\b"),
    _r("staff_allegation", 0.25, r"(?:about|against|concerning|regarding)\s+(?:a|one|the)\s+"
       r"(?:member\s+of\s+staff|staff\s+member|teacher|ta|teaching\s+assistant)\b",
       "concern about a member of staff", anchors="about against concerning regarding"),
    # An unknown adult at the school boundary, talking to children, asking their names.
    _r("threat", 0.6, r"ask(?:ed|ing|s)?\s+" + _THEM + r"(?:for\s+)?(?:their|her|his)\s+"
       r"(?:names?|surnames?|address\w*|ages?|(?:phone\s+)?numbers?|snapchat|insta\w*)\b"
       r"|ask(?:ed|ing|s)?\s+" + _THEM + r"(?:where\s+(?:they|she|he)\s+live[sd]?|"
       r"which\s+(?:one|house|class)|how\s+old\s+(?:they|she|he)\s+(?:are|is|was|were)|what\s+"
       r"(?:their|her|his)\s+names?)", "asking children's names",
       anchors="ask asked asking asks",
       same_sentence=r"\b(?:fences?|railings|gates?|playground|park|outside|street|road|car|van|"
       r"bus\s+stop|walk\w*\s+home|shops?|alley|through\s+the|online)\b"),
    _r("threat", 0.5, r"recogni[sz]\w*|seen\s+(?:him|her|them)\s+before\b|(?:a|one\s+of\s+the)"
       r"\s+parents?\b", "an adult nobody recognises",
       anchors="recognise recognize recognised recognized recognising recognizing seen a one",
       before=r"(?:[a-z]*n'?t|not|never|nobody|no\s+one)\s+(?:\w+\s+){0,3}?",
       same_words="man men stranger strangers woman person guy bloke adult adults someone "
       "somebody",
       same_sentence=r"\b(?:gates?|fence|railings|playground|school|pick[\s-]?up|drop[\s-]?off|"
       r"park|outside|children|kids|girls|boys|pupils)\b"),
    # Intimate images of a child, made or passed round.
    _r("online", 0.9, r"(?:topless|half[\s-]naked|semi[\s-]naked|in\s+(?:her|his|their)\s+"
       r"(?:underwear|bra|pants|knickers|boxers))\b", "intimate image of a child",
       anchors="topless half semi in", same_sentence=r"\b(?:photos?|pictures?|pics?|images?|"
       r"videos?|selfies?|snaps?|sent|send|sending|shared|sharing|posted|going\s+round|"
       r"circulat\w*|screenshot\w*|filmed)\b"),
    _r("sexual_abuse", 0.6, r"topless\b", "topless", anchors="topless"),
    _r("online", 0.8, r"(?:got|get|gets|getting|made|make|makes|pressur\w*|persuad\w*|convinc\w*|"
       r"forc\w*|trick\w*|asked|asking|begged|begging|wanted|wants|told|dared)\s+(?:her|him|them|"
       r"my\s+\w+)\s+(?:to\s+send|into\s+send(?:ing)?)\s+(?:\w+\s+)?(?:it|them|one|photos?|pictures?|pics|images?|"
       r"videos?|selfies?|snaps?)\b", "pressured to send an image",
       anchors="got get gets getting made make makes pressured pressuring pressure persuaded "
       "persuading convinced convincing forced forcing tricked tricking asked asking begged "
       "begging wanted wants told dared"),
    _r("online", 0.4, r"(?:photos?|pictures?|pics|images?|videos?|screenshots?)\s+of\s+(?:a|an|"
       r"her|him|the|my|this|one|another)\s+(?:\w+\s+)?(?:girl|boy|pupil|student|child|kid|"
       r"daughter|son|friend|classmate)\b", "image of a pupil passed round",
       anchors="photo photos picture pictures pics image images video videos screenshot "
       "screenshots", same_sentence=r"\b(?:going\s+(?:round|around)|circulat\w*|shared|sharing|"
       r"spread\w*|posted|sent\s+round|group\s+chat|whole\s+year|everyone\s+has)\b"),
    # Suicidal hints without the word: giving things away, "won't need them", a goodbye note.
    _r("self_harm", 0.6, r"giv(?:e|es|ing|en)\s+away\s+(?:all\s+(?:of\s+)?)?(?:his|her|their|"
       r"things|stuff|belongings|possessions|everything)\b", "giving things away",
       anchors="give gives giving given"),
    _r("self_harm", 0.25, r"(?:giv(?:e|es|ing|en)|gave)\s+(?:all\s+)?(?:his|her|their)\s+"
       r"(?:[\w']+\s+){1,6}?to\s+(?:his|her|their|a|the)\s+(?:\w+\s+)?(?:brother|sister|friends?|"
       r"mates?|cousins?|siblings?)\b", "gave his things to his brother",
       anchors="give gives giving given gave"),
    _r("self_harm", 0.6, r"need\s+(?:it|them|this|that|these|those|any\s+of\s+(?:it|this|them|"
       r"that)|anything)(?:\s+any\s*more|\s+now|\s+again)?(?=\s*[.!?,'\"]|\s*$)",
       "won't need them", anchors="need",
       before=r"(?:won'?t|wont|will\s+not|not\s+going\s+to)\s+",
       same_sentence=r"\b(?:said|says|saying|told|why|because|"
       r"gave|given|giving|keeps)\b"),
    _r("self_harm", 0.5, r"tired\s+of\s+(?:everything|it\s+all|life|living|being\s+alive|being"
       r"\s+here|existing|everyone|trying)\b|sick\s+of\s+(?:life|living|being\s+alive|"
       r"everything|existing)\b", "tired of everything", anchors="tired sick",
       before=r"(?:he|she|they)(?:'s|'re|\s+is|\s+are|\s+was|\s+were|\s+feels?|\s+felt|\s+gets?|"
       r"\s+got|\s+says?|\s+said)\s+(?:(?:he|she|they)(?:'s|'re|\s+is|\s+are)\s+)?(?:so\s+|"
       r"really\s+|just\s+|completely\s+)?"),
    _r("self_harm", 0.9, r"(?:goodbye|farewell|suicide)\s+(?:notes?|letters?|messages?|texts?|"
       r"videos?)\b", "goodbye note", anchors="goodbye farewell suicide"),
    _r("self_harm", 0.5, r"(?:notes?|letters?|messages?|texts?)\s+(?:\w+\s+){0,6}?(?:says?|said|"
       r"saying|reads?|reading)\s+(?:just\s+|only\s+|simply\s+)?['\"]?(?:sorry|goodbye|bye|"
       r"i'?m\s+sorry|i\s+love\s+you|love\s+you|forgive\s+me)\b(?!\s+(?:for|about|that|i\s+"
       r"forgot|to\s+(?:be|have)))", "note saying sorry or goodbye",
       anchors="note notes letter letters message messages text texts"),
    _r("self_harm", 0.6, r"be\s+(?:here|around|alive)\s+(?:for\s+(?:much\s+)?long(?:er)?|much\s+"
       r"longer|(?:by|for|at)\s+(?:christmas|(?:his|her|their)\s+birthday|the\s+end)|any\s*more|"
       r"to\s+see)\b", "won't be around", anchors="be", before=r"(?:won'?t|wont|will\s+not|"
       r"not\s+going\s+to)\s+"),
    _r("concern", 0.25, r"(?:stopped|stopping|stops)\s+(?:eating|talking|going\s+out|seeing\s+"
       r"(?:his|her|their)\s+friends|coming\s+out\s+of\s+(?:his|her|their)\s+room|sleeping|"
       r"washing)\b", "withdrawn", anchors="stopped stopping stops"),
    # Self-harm disclosed in a follow-up: the child admitting to "it", in a confidential thread.
    _r("self_harm", 0.4, r"(?:been|was|is|started|keeps?)\s+(?:doing\s+(?:it|this|that)|at\s+it)"
       r"\s+(?:since|for)\b", "admitted doing it for a while", anchors="been was is started "
       "keep keeps", same_sentence=r"\b(?:told|tells|admitted|admits|confessed|confided|opened"
       r"\s+up|owned\s+up|said|says)\b"),
    _r("concern", 0.2, r"confidential(?:ly)?\b|in\s+confidence\b", "marked confidential",
       anchors="confidential confidentially in"),
    # Forced marriage, however it is written: a marriage arranged for a child, her passport
    # kept, a threat to send her abroad anyway; a relative afraid for her.
    _r("forced_marriage", 0.8, r"arrang\w*\s+(?:for\s+)?(?:(?:a|her|his|the|their)\s+)?"
       r"(?:marriage|wedding|engagement|(?:she|he|her|him|them|they)\s+(?:to\s+)?(?:marr\w*|wed|"
       r"get\s+married|be\s+married|be\s+engaged))\b|marr(?:y|ies|ied|ying|iage)\s+(?:with|to)\s+"
       r"(?:(?:a|an|her|his|their|the)\s+)?(?:\w+\s+)?(?:cousin|relative|older\s+man|man\s+"
       r"(?:in|from|back)|uncle)\b", "marriage arranged for a child",
       anchors="arrange arranged arranging arranges arrangement marry marries married marrying "
       "marriage"),
    _r("forced_marriage", 0.6, r"passports?\s+(?:is\s+|was\s+|are\s+|has\s+been\s+|have\s+been\s+|"
       r"been\s+|being\s+)?(?:keep|kept|taken|took|hidden|hid|confiscated|locked|held|withheld|"
       r"removed)\b|(?:keep\w*|kept|took|taken|tak(?:e|es|ing)|hid\w*|confiscat\w+|lock\w*|"
       r"hold\w*|held|withh\w+)\s+(?:away\s+)?(?:her|his|their)\s+passports?\b",
       "passport taken", anchors="passport passports keep keeps keeping kept took taken take "
       "takes taking hid hide hides hiding hidden confiscated confiscate confiscating lock "
       "locked locks locking hold holds holding held withheld withholding",
       same_words=_FAMILY_SET + " they family relatives"),
    _r("threat", 0.6, r"send\s+(?:her|him|them)\s+(?:away|abroad|anyway|back\s+home|back\s+to|"
       r"to\s+(?:live|stay)\s+(?:with|in))\b", "threatened with being sent away",
       anchors="send", before=r"(?:will|'ll|going\s+to|gonna|threaten\w*\s+to|want\w*\s+to|"
       r"planning\s+to|plan\s+to)\s+"),
    _r("concern", 0.45, r"(?:afraid|scared|frightened|terrified|fearful|fear(?:ing)?)\s+for\s+"
       r"(?:her|him|them|my\s+\w+|the\s+(?:girl|boy|child|kids|children))\b(?!\s+(?:to|in\s+"
       r"(?:his|her|the)\s+(?:exams?|tests?|sats|mocks?|match|show|play)))",
       "afraid for her", anchors="afraid scared frightened terrified fearful fear fearing"),
    # Child criminal exploitation / county lines: a second phone, cash he can't account for,
    # "jobs" for older "mates", lies about where he was, tickets to another town, a car.
    _r("exploitation", 0.6, r"(?:second|another|secret|spare|extra|other|burner|2nd|different)"
       r"\s+(?:mobile\s+)?phones?\b|two\s+phones\b", "second phone",
       anchors="second another secret spare extra other burner different two",
       same_sentence=r"(?:n'?t|not|never)\s+(?:know|knew|give|gave|buy|bought)|secret|hid\w*|"
       r"all\s+hours|goes\s+off|going\s+off|keeps\s+(?:ringing|going\s+off|buzzing)|buzz\w*|"
       r"middle\s+of\s+the\s+night|won'?t\s+(?:say|tell)|who\s+(?:gave|bought)|where\s+(?:it|he|"
       r"she)\s+got"),
    _r("exploitation", 0.5, r"(?:£\s?\d[\d,]*|(?:wads?|rolls?|bundles?|stacks?|loads|lots|"
       r"large\s+amounts?|big\s+amounts?)\s+of)\s*(?:in\s+)?(?:cash|money|notes|twenties|"
       r"fifties)\b|(?:cash|money|notes)\s+(?:hidden|stashed|stuffed)\b", "cash unaccounted for",
       need=need("cash money notes twenties fifties"),
       same_sentence=r"\b(?:drawers?|under\s+(?:his|her|the)\s+(?:bed|mattress)|pockets?|found|"
       r"find|hid\w*|hidden|stash\w*|won'?t\s+(?:say|tell)|can'?t\s+explain|where\s+(?:it|he|"
       r"she)\s+got|came\s+from|doesn'?t\s+(?:say|explain)|job|mates?)\b"),
    _r("exploitation", 0.5, r"(?:did|doing|does|do|done)\s+(?:a\s+|some\s+|little\s+|odd\s+)?"
       r"(?:jobs?|favou?rs?|errands?|runs?|deliveries|drops?|bits)\s+for\s+(?:a\s+|an\s+|some\s+|"
       r"these\s+|his\s+|her\s+)?(?:older\s+)?(?:mates?|friends?|someone|somebody|people|lads?|"
       r"guys?|bloke|man|men|boys)\b|running\s+(?:errands|bags|packages)\s+for\b",
       "doing jobs for older mates", anchors="did doing does do done running"),
    _r("missing", 0.45, r"said\s+(?:he|she|they)\s+(?:was|were|had\s+been|'d\s+been)\s+(?:at|"
       r"staying\s+at|with|round|sleeping\s+at)\s+[^.!?]{1,40}?\b(?:but|and|when)\s+[^.!?]{0,40}?"
       r"(?:wasn'?t|weren'?t|was\s+not|were\s+not|hadn'?t|had\s+not|never)\s+(?:there|been\s+"
       r"there|with\s+(?:them|him|her)|round|at\s+\w+)", "lied about where he was",
       anchors="said"),
    _r("exploitation", 0.45, r"(?:train|bus|coach)\s+tickets?\s+(?:to|from)\s+\w+|(?:went|goes|"
       r"going|been|travel\w*|gone)\s+(?:to\s+)?(?:another|other|different)\s+(?:towns?|cit(?:y|"
       r"ies)|areas?)\b", "travel to another town", anchors="train bus coach went goes going "
       "been travel travelled travelling travels gone",
       same_sentence=r"\b(?:pocket|bag|room|found|drawer|came\s+back|come\s+back|won'?t\s+say|"
       r"n'?t\s+know|without|never\s+told|secret|lied|lying|night)\b"),
    _r("exploitation", 0.55, r"(?:car|cars|van|vans|motorbike|moped)\s+(?:that\s+|which\s+)?"
       r"(?:keeps\s+)?(?:wait\w*|park\w*|pull\w*\s+up|sits|sitting|turns?\s+up|turning\s+up|"
       r"hangs?\s+around|idl\w+|comes?\s+(?:round|by))\b", "a car waiting for him",
       anchors="car cars van vans motorbike moped",
       same_sentence=r"\b(?:he|she|they)\s+(?:\w+\s+)?(?:runs?|ran|goes|went|gets?|got|jumps?|"
       r"jumped|climbs?)\s+(?:out\s+)?(?:to|in|into)\s+(?:it|the\s+(?:car|van)|them)\b"
       r"|(?:n'?t|not|never)\s+know\s+whose|unknown|strange|tinted"),
    _r("exploitation", 0.45, r"mixed\s+up\s+(?:in|with)\s+(?:something|some\s+\w+|the\s+wrong|"
       r"a\s+bad|bad|older|a\s+gang|gangs?|drugs|people)|(?:fallen|fell|falling|got|getting|gone)"
       r"\s+in\s+with\s+(?:the\s+|a\s+|some\s+)?(?:wrong|bad|older)|wrong\s+crowd|in\s+too\s+deep",
       "mixed up in something", anchors="mixed fallen fell falling got getting gone wrong in"),
    # Radicalisation: the ideology's words, dehumanising a group, calls for violence against
    # it, praise of a terrorist attack, the Prevent programme by name.
    _r("radicalisation", 0.8, r"great\s+replacement|replacement\s+theory|white\s+genocide|"
       r"race\s+war|remigration|ethnic\s+cleansing|accelerationis\w*|red[\s-]?pill(?:ed|s)?\b|"
       r"black[\s-]?pill\w*|manosphere|kuffar|kafirs?\b|sieg\s+heil|heil\s+hitler|1488\b|"
       r"zionist\s+occupied|globalist\s+plot", "extremist ideology",
       anchors="great replacement white race remigration ethnic accelerationism accelerationist "
       "red redpill redpilled black blackpill blackpilled manosphere kuffar kafir kafirs sieg "
       "heil zionist globalist"),
    _r("radicalisation", 0.7, r"['\"]?(?:invaders|invasion|vermin|cockroaches|parasites|sub[\s-]?"
       r"humans?|untermensch|savages|infest\w*)\b", "dehumanising a group",
       anchors="invaders invasion vermin cockroaches parasites sub subhuman subhumans "
       "untermensch savages infest infesting infested",
       same_sentence=r"\b(?:groups?|immigrants?|migrants?|refugees?|asylum|muslims?|jews?|jewish|"
       r"foreigners?|black|asians?|gays?|race|races|religions?|communit\w+|certain|those\s+"
       r"people|these\s+people|people\s+like)\b"),
    _r("radicalisation", 0.7, r"(?:should|need\s+to|needs\s+to|ought\s+to|must|deserve\s+to|"
       r"have\s+to|has\s+to|gotta)\s+be\s+['\"]?(?:dealt\s+with|wiped\s+out|got\s+rid\s+of|"
       r"exterminated|eradicated|gassed|killed|shot|hanged|hung|purged|cleansed|sent\s+back|"
       r"deported|eliminated|burned|bombed)\b", "violence against a group",
       anchors="should need needs ought must deserve have has gotta",
       same_sentence=r"\b(?:groups?|immigrants?|migrants?|refugees?|asylum|muslims?|jews?|"
       r"jewish|foreigners?|black|asians?|gays?|races?|religions?|communit\w+|certain|invaders|"
       r"those\s+people|these\s+people|people\s+like)\b"),
    _r("radicalisation", 0.8, r"(?:do|did|doing|does|done|repeat)\s+(?:something|what\s+\w+\s+"
       r"did|another\s+\w+|one)\s+like\s+(?:in\s+|at\s+|the\s+|what\s+happened\s+(?:in|at)\s+)?"
       r"\w+", "imitating a terrorist attack", anchors="do did doing does done repeat",
       same_sentence=(r"\b(?:someone|somebody|needs?\s+to|should|ought\s+to|gonna|going\s+to|"
                      r"wants?\s+to|wish)\b",
                      r"\b(?:christchurch|columbine|utoya|breivik|buffalo|el\s+paso|manchester"
                      r"\s+arena|9/11|7/7|london\s+bridge|southport|charleston|halle|parkland|"
                      r"sandy\s+hook|attacks?|shootings?|bombings?|massacres?|terror\w*)")),
    _r("radicalisation", 0.8, r"(?:hero|heroes|legend|legends|martyrs?|did\s+the\s+right\s+thing|"
       r"deserved\s+it|had\s+the\s+right\s+idea|good\s+thing)\b", "praising a terrorist attack",
       anchors="hero heroes legend legends martyr martyrs did deserved had good",
       same_sentence=r"\b(?:christchurch|columbine|utoya|breivik|buffalo|el\s+paso|manchester"
       r"\s+arena|9/11|7/7|london\s+bridge|terror\w*|attackers?|shooters?|bombers?|bombings?|"
       r"massacres?|mass\s+shootings?)"),
    _r("radicalisation", 0.6, r"prevent\b(?!\s+(?:him|her|them|it|this|that|a|an|any|me|us|"
       r"people|anyone|anything|something|further|future|such|these|those|bullying|harm|"
       r"children|kids|others|injur\w*|accidents?))", "the Prevent programme", anchors="prevent",
       before=r"(?:heard\s+(?:of|about)|refer\w*\s+(?:\w+\s+)?to|referral\s+to|the|through|via|"
       r"contact(?:ed)?|involv\w+|know(?:s|n)?\s+about|read\s+about)\s+"),
)  # fmt: skip


# ---------------------------------------------------------------------------------------
# Round 2: the structural signs a DSL reads in indirect wordings (another parent's account,
# text-speak, a relative's influence). Each is a kind of fact, not a sentence: what the child
# lacks, what the child said about living, what a group says about another group.

_PERSON_WORDS = (
    r"son|daughter|child|kids?|children|boys?|girls?|lads?|lass|twins?|brothers?|sisters?|"
    r"siblings?|friends?|mates?|cousins?|nephew|niece|grandson|granddaughter|teen\w*|baby|"
    r"toddler|pupils?|students?|eldest|youngest|oldest|little\s+one"
)
# what a child says about living: "the point of waking up", "nothing to live for"
_EXISTING = (
    r"(?:anything|everything|living|life|being\s+(?:alive|here|around|born|me)|waking\s+up|"
    r"getting\s+up\s+(?:any\s*more|no\s+more|at\s+all|in\s+the\s+morning|each\s+day|every\s+day)|"
    r"going\s+on|carrying\s+on|existing|trying\s+(?:any\s*more|no\s+more)|it\s+all|any\s+of\s+it|"
    r"(?:his|her|my|their)\s+life|tomorrow|(?:any|no)\s*more)\b"
)
_MEDICINES = (
    r"(?:paracetamol|tablets|pills|painkillers|ibuprofen|medicines?|medication|meds|"
    r"co-?codamol|codeine|sleeping\s+pills|antidepressants|insulin|aspirin)"
)
_GROUP_WORDS = (
    r"\b(?:people|white|british|english|country|race|natives?|population|immigrants?|"
    r"migrants?|muslims?|jews?|jewish|foreigners?|refugees?|asylum|culture|our\s+kind|"
    r"us|them|they|our|nation|blood|christians?|hindus?|sikhs?)\b"
)

# someone told the child so
_TOLD_SO = (
    r"\b(?:told|tells|telling|asked|asks|said|says|wants?|wanted|made|makes|begged|promis\w*)\b"
)
_GROUP_NOUNS = (
    r"\b(?:people|immigrants?|migrants?|muslims?|jews?|jewish|foreigners?|refugees?|asylum|"
    r"white|black|asians?|race|natives?|gays?)\b"
)

_INDIRECT: tuple[Rule, ...] = (
    # --- neglect, as another parent sees it -------------------------------------------
    _r("neglect", 0.25, r"(?:wolf\w*|gobbl\w*|devour\w*|scoff\w*|stuff\w*|hoover\w*|inhal\w*)"
       r"\s+(?:down\s+)?(?:everything|anything|whatever|the\s+lot|all\s+the\s+food|food)\b"
       r"|eats?\s+(?:\w+\s+){0,6}?like\s+(?:he|she|they)\s+(?:\w+\s+)?(?:hasn'?t|has\s+not|"
       r"haven'?t|hadn'?t|had\s+not|'s\s+not|'d\s+not|is\s+not|never|not)\s+(?:\w+\s+)?"
       r"(?:eaten|seen\s+food|had\s+(?:a\s+)?(?:meal|food|anything))"
       r"|seen\s+(?:any\s+)?(?:food|a\s+(?:proper\s+)?meal)\b", "eats as if starving",
       anchors="wolfs wolfed wolfing wolf gobbles gobbled gobbling devours devoured devouring "
       "scoffs scoffed scoffing stuffs stuffed stuffing hoovers hoovered hoovering inhales "
       "inhaled inhaling eats eat seen"),
    _r("neglect", 0.5, r"(?:nothing|never\s+anything|no\s+food)\s+(?:to\s+eat|in\s+(?:the\s+)?"
       r"(?:fridge|cupboards?|house))\b|(?:steals?|stealing|stole|hides?|hiding|hid|hoards?|"
       r"hoarding|begs?|begging|begged)\s+(?:\w+\s+)?food\b|(?:takes?|taking|took|asks?\s+"
       r"(?:\w+\s+)?for|asking\s+(?:\w+\s+)?for|asked\s+(?:\w+\s+)?for)\s+food\s+(?:from|off)\s+"
       r"(?:other|others|the\s+bins?|bins|friends|people|us|neighbours|classmates)\b|"
       r"(?:empty|bare)\s+(?:fridge|cupboards)", "no food at home",
       anchors="nothing never no take takes taking took ask asks asking asked steal steals "
       "stealing stole hide hides hiding hid hoard hoards hoarding beg begs begging begged "
       "empty bare",
       same_sentence=r"\b(?:home|house|ours|lunch\w*|school|hungry|mum|dad|eat|fridge|"
       r"cupboards?|other|bins?|friends?|they|night)\b"),
    _r("neglect", 0.25, r"(?:always|constantly|permanently|starving|ravenous)\s+"
       r"(?:\w+\s+)?hungry\b|hungry\s+all\s+the\s+time|(?:always|constantly)\s+starving\b",
       "always hungry", anchors="always constantly permanently starving ravenous "
       "hungry"),
    _r("neglect", 0.25, r"same\s+(?:\w+\s+){0,2}?(?:clothes|uniform|shirt|polo(?:\s+shirt)?|top|"
       r"t-?shirt|jumper|trousers|outfit|dress|socks|pants|leggings)\b", "same clothes for days",
       anchors="same", same_sentence=r"\b(?:since|all\s+week|for\s+(?:days|a\s+week|weeks)|"
       r"every\s+day|days\s+on\s+end|all\s+weekend|last\s+\w+|filthy|dirty|smell\w*|stink\w*|"
       r"never\s+(?:washed|changed))\b"),
    _r("neglect", 0.2, r"(?:filthy|dirty|smelly|stinks|stinking|smells|unwashed|soiled|grubby|"
       r"reeks)\b", "dirty or smelly", anchors="filthy dirty smelly stinks stinking smells "
       "unwashed soiled grubby reeks",
       same_sentence=r"\b(?:clothes|uniform|shirt|polo|hair|he|she|they|him|her|always|every)\b"),
    _r("neglect", 0.5, r"(?:nobody|no\s+one|noone)\s+(?:\w+\s+)?(?:(?:wash\w*|clean\w*|iron\w*)\s+"
       r"(?:his|her|their)\s+(?:clothes|uniform|hair|shirts?|school\s+\w+)|(?:feed\w*|check\w*\s+"
       r"on|look\w*\s+(?:after|for)|cares?\s+(?:about|for|where|what\s+happens\s+to))\s+(?:him|her|"
       r"them)\b|(?:comes?|came|goes|went)\s+(?:out\s+)?looking\b|knows?\s+where\s+(?:he|she|"
       r"they)\s+(?:is|are|goes|go|was))", "nobody looks after them", anchors="nobody noone no"),
    _r("neglect", 0.25, r"(?:run|ran|running|gone|went|cut|switched|turned)\s+(?:out|off)\b",
       "electricity or heating off", anchors="run ran running gone went cut switched turned",
       before=r"(?:electric(?:ity)?|gas|power|heating|meter|lights|hot\s+water|wi-?fi|"
       r"food)(?:'s|\s+(?:has|had|have|is|was|keeps|kept|has\s+been|had\s+been|always))?\s+"
       r"(?:(?:been|just|all|completely|again|often)\s+)?"),
    _r("neglect", 0.45, r"(?:run|ran|running|gone|went|cut|switched|turned)\s+(?:out|off)\b",
       "electricity or heating off again", anchors="run ran running gone went cut switched turned",
       before=r"(?:electric(?:ity)?|gas|power|heating|meter|lights|hot\s+water|wi-?fi|"
       r"food)(?:'s|\s+(?:has|had|have|is|was|keeps|kept|has\s+been|had\s+been|always))?\s+"
       r"(?:(?:been|just|all|completely|again|often)\s+)?",
       same_sentence=r"\b(?:again|always|often|keeps|all\s+the\s+time|every\s+(?:week|month)|"
       r"for\s+(?:days|weeks)|no\s+money|afford|freezing|candles|torch)\b"),
    _r("neglect", 0.45, r"no\s+(?:electric|money\s+(?:on|in|for)\s+the\s+(?:meter|electric|gas)|"
       r"money\s+for\s+(?:food|electric\w*|gas|heating))\b|sleep\w*\s+in\s+(?:their|his|her)\s+"
       r"coats\b|can'?t\s+afford\s+(?:to\s+eat|food|to\s+feed|the\s+(?:electric|gas|heating))",
       "no money for food or power", anchors="no sleep sleeps sleeping slept can"),
    _r("neglect", 0.25, r"(?:back|home|in)\s+(?:till|until|til|before)\s+(?:late|really\s+late|"
       r"very\s+late|midnight|the\s+(?:early\s+hours|morning|next\s+day)|morning|gone\s+(?:9|10|"
       r"11|12|midnight)|(?:9|10|11|12)(?:[.:]\d\d)?\s*(?:pm|at\s+night|o'?clock\s+at\s+night)|"
       r"[1-5](?:[.:]\d\d)?\s*am)\b", "parent not home till late", anchors="back home in",
       before=r"(?:won'?t|wont|will\s+not|isn'?t|isnt|is\s+not|aren'?t|never|doesn'?t|doesnt|"
       r"don'?t|dont|not|rarely|hardly\s+ever|wasn'?t|weren'?t|didn'?t|didnt|never)\s+(?:\w+\s+)?",
       same_words=_FAMILY_SET + " nobody noone one anyone adult adults"),
    _r("neglect", 0.5, r"(?:back|home|in)\s+(?:till|until|til|before)\s+(?:late|really\s+late|"
       r"very\s+late|midnight|the\s+(?:early\s+hours|morning|next\s+day)|morning|gone\s+(?:9|10|"
       r"11|12|midnight)|(?:9|10|11|12)(?:[.:]\d\d)?\s*(?:pm|at\s+night|o'?clock\s+at\s+night)|"
       r"[1-5](?:[.:]\d\d)?\s*am)\b", "child alone till a parent is back late",
       anchors="back home in",
       before=r"(?:won'?t|wont|will\s+not|isn'?t|isnt|is\s+not|aren'?t|never|doesn'?t|doesnt|"
       r"don'?t|dont|not|rarely|hardly\s+ever|wasn'?t|weren'?t|didn'?t|didnt|never)\s+(?:\w+\s+)?",
       same_words=_FAMILY_SET + " nobody noone one anyone adult adults",
       same_sentence=r"\b(?:alone|on\s+(?:his|her|their)\s+own|by\s+(?:him|her|them)sel|nobody|"
       r"no\s+one|(?:him|her|them)sel(?:f|ves)|lets|no\s+point|left|\d+\s+years?\s+old|(?:he|she)'?s\s+"
       r"(?:only\s+)?\d)\b"),
    _r("neglect", 0.5, r"(?:on\s+(?:his|her|their)\s+own|by\s+(?:him|her|them)sel(?:f|ves)|"
       r"alone|home\s+alone)\s+(?:\w+\s+)?(?:at\s+night|all\s+night|overnight|all\s+weekend|"
       r"all\s+day|for\s+(?:days|hours|the\s+night|the\s+weekend)|every\s+(?:night|evening)|"
       r"most\s+(?:nights|evenings)|till\s+late|until\s+late|in\s+the\s+evenings?|after\s+dark)"
       r"\b|left\s+by\s+(?:him|her|them)sel(?:f|ves)\b|lets?\s+(?:him|her|them)sel(?:f|ves)\s+in"
       r"\b", "alone at night", anchors="on by alone home left let lets",
       before=r"(?:^|\b(?:left|leaves?|leaving|is|was|are|were|'s|'re|being|stays?|stayed|"
       r"staying|been|sits?|sat|alone|kids|children))\s*"),
    _r("neglect", 0.4, r"(?:out|outside|on\s+the\s+streets?|wandering|roaming|in\s+the\s+park)"
       r"\s+(?:\w+\s+){0,3}?(?:till|until|at|after|past)\s+(?:late|dark|midnight|night|"
       r"(?:9|10|11|12)(?:[.:]\d\d)?\s*(?:pm)?)\b", "out late alone",
       anchors="out outside on wandering roaming in",
       same_sentence=r"\b(?:nobody|no\s+one|on\s+(?:his|her|their)\s+own|by\s+(?:him|her|them)"
       r"sel(?:f|ves)|alone|every\s+night|most\s+nights|all\s+hours|no\s+coat)\b"),
    _r("domestic_abuse", 0.6, r"no\s+point\s+(?:in\s+)?(?:going|being|getting)\s+(?:back\s+)?home"
       r"\b", "no point going home", anchors="no",
       same_sentence=r"\b(?:said|says|saying|told|tells|keeps|reckons)\b"),
    # --- self-harm and suicide in any register ------------------------------------------
    _r("self_harm", 0.9, r"point\s+(?:of|in|to|on)\s+" + _EXISTING, "sees no point in living",
       anchors="point", before=r"(?:no|(?:see|sees|saw|seeing|c)\s+(?:the|a|any|da|de)|"
       r"(?:what'?s|whats|wats|wots|wot'?s|wat'?s|what\s+is|wat\s+is)\s+(?:even\s+)?(?:the|da|de))"
       r"\s+"),
    _r("self_harm", 0.9, r"how\s+(?:many|much)\s+(?:\w+\s+){0,2}?" + _MEDICINES + r"\b",
       "looking up how many tablets", anchors="how",
       same_sentence=r"\b(?:googl\w*|search\w*|look\w*\s+up|looked|research\w*|fone|history|"
       r"kill|die|dead|fatal|lethal|too\s+many|2\s+many|overdose|would\s+(?:it\s+)?take|"
       r"does\s+it\s+take|it\s+takes|is\s+(?:too|2)\s+many)\b"),
    _r("self_harm", 0.9, r"(?:lethal|fatal|deadly)\s+(?:dose|amount|overdose)|(?:how|ways?|"
       r"best\s+way)\s+to\s+(?:die|kill\s+(?:your|my|him|her|them|one)sel(?:f|ves)|hang|"
       r"end\s+it|end\s+(?:your|my|his|her)\s+life|not\s+wake\s+up)\b|painless\s+(?:way|death|"
       r"ways)", "searching ways to die", anchors="lethal fatal deadly how ways way best "
       "painless"),
    _r("self_harm", 0.5, r"(?:hid|hide|hidden|hiding|lock(?:ed|ing)?\s+(?:up|away)|removed|"
       r"got\s+rid\s+of|put\s+away|taken\s+away|took\s+away|hidden\s+away)\s+(?:all\s+)?(?:of\s+)?"
       r"(?:the|his|her|their|our|my|any|every)?\s*(?:\w+\s+)?(?:" + _MEDICINES[3:-1] + r"|"
       r"knives|razors?|blades|sharps|belts|ropes?)\b|(?:lock(?:ed|ing)?|hid|hidden)\s+(?:all\s+)?"
       r"(?:the|his|her|our)\s+(?:\w+\s+(?:and\s+)?){0,3}?(?:away|up)\b",
       "hiding tablets or knives",
       anchors="hid hide hidden hiding lock locked locking removed got put taken took",
       need=need("tablets pills painkillers paracetamol medicines medicine medication meds "
                 "codeine knives razor razors blades sharps belts rope ropes ibuprofen"),
       ),
    _r("self_harm", 1.0, r"nothing\s+(?:left\s+)?to\s+live\s+for|no\s+reason\s+to\s+(?:live|"
       r"(?:be|stay)\s+alive|go\s+on)", "nothing to live for", anchors="nothing no"),
    _r("self_harm", 0.9, r"(?:nobody|no\s+one|noone|no1)\s+(?:would|will|'d|wud|wld)\s+(?:even\s+)?"
       r"(?:miss|care|notice|mind)\b(?:\s+(?:me|him|her|them))?\s+(?:if|when)\s+(?:i|he|she|they)"
       r"(?:'?d|\s+was|\s+were|\s+wasn'?t|\s+weren'?t|\s+died|\s+disappeared|\s+left|\s+went)",
       "nobody would miss her", anchors="nobody noone no no1"),
    _r("self_harm", 0.9, r"better\s+off\s+(?:if|when)\s+(?:i|he|she|they)\s+(?:wasn'?t|weren'?t|"
       r"was\s+not|were\s+not|was\s+gone|were\s+gone|died|was\s+dead|were\s+dead|disappeared|"
       r"didn'?t\s+exist|wasn'?t\s+(?:here|around|alive))", "better off without her",
       anchors="better"),
    _r("self_harm", 0.5, r"(?:can'?t|cannot|cant|can\s+not)\s+(?:do|take|cope\s+with|handle|face)"
       r"\s+(?:this|it|life|any\s+of\s+it)\s+(?:any\s*more|no\s+more)\b|(?:can'?t|cannot|cant)"
       r"\s+(?:go|carry)\s+on\b(?!\s+(?:with|to|at|in|the|a|my|his|her|doing))",
       "can't go on", anchors="can't cant cannot can",
       same_sentence=r"\b(?:said|says|saying|told|tells|keeps|wrote|writes|texted|messaged|"
       r"crying|cried|sobbing)\b"),
    _r("self_harm", 0.7, r"(?:disappear|vanish)\w*\s+(?:forever|for\s+good|for\s+ever|and\s+never"
       r"\s+come\s+back)|(?:sleep|sleeping)\s+(?:forever|for\s+ever|and\s+never\s+wake)|"
       r"(?:want|wants|wanted|wish|wishes)\s+(?:it\s+all|everything)\s+to\s+(?:stop|end|go\s+away)",
       "wants to disappear", anchors="disappear disappears disappeared disappearing vanish "
       "vanishes vanished sleep sleeping want wants wanted wish wishes"),
    _r("self_harm", 0.6, r"do\s+(?:somethin[g']?|sumthin\w*|summat)\s+(?:stupid|silly|daft|"
       r"drastic)\b", "might do something stupid", anchors="do",
       same_sentence=r"\b(?:scared|afraid|worried|terrified|frightened|might|going\s+to|gonna|"
       r"will|herself|himself|themselves)\b"),
    # --- harm to a parent in front of the child: "dad keeps hitting mum" ---------------
    _r("domestic_abuse", 0.8, r"(?:hit|hits|hitting|beat|beats|beating|beaten|punch\w*|kick\w*|"
       r"slap\w*|strangl\w*|chok\w*|throttl\w*|attack\w*|assault\w*|batter\w*|headbutt\w*|"
       r"stabb?\w*)"
       r"\s+(?:my|his|her|their|our)?\s*(?:mum|mummy|mom|mother|dad|daddy|father|nan|gran|"
       r"grandma|wife|partner|girlfriend|husband|step[\s-]?(?:mum|dad))\b(?!'s|s\b|\s+out\b)",
       "violence to a parent", anchors=_HARM_VERBS + " beaten stab stabs stabbed stabbing"),
    # --- radicalisation: the narratives, not just the labels ----------------------------
    _r("radicalisation", 0.7, r"(?:being|getting|be|get|been)\s+replaced\b|replac(?:e|es|ing)\s+"
       r"(?:us|our|white|british|english|the\s+(?:white|british|english|natives?))\b",
       "replacement talk", anchors="being getting be get been replace replaces replacing",
       same_sentence=r"\b(?:people|white|british|english|country|race|natives?|population|"
       r"immigrants?|migrants?|muslims?|jews?|foreigners?|refugees?|our\s+(?:kind|culture)|"
       r"nation)\b"),
    _r("radicalisation", 0.7, r"(?:take|taking|took|get|getting|win|winning)\s+(?:back\s+)?"
       r"(?:our|the|this|their)\s+(?:country|nation|land|streets|town|england|britain)\s*back\b"
       r"|(?:take|taking|took|get|getting|win|winning)\s+back\s+(?:our|the|this)\s+(?:country|"
       r"nation|land|streets|england|britain)\b|reclaim\w*\s+(?:our|the|this)\s+(?:country|"
       r"nation|land|streets|england|britain)\b", "take the country back",
       anchors="take taking took get getting win winning reclaim reclaiming reclaimed"),
    _r("radicalisation", 0.7, r"(?:taking|take|took|taken)\s+over\s+(?:our|the|this|my)\s+"
       r"(?:country|nation|town|area|estate|streets|schools?|jobs|city|england|britain)\b",
       "a group 'taking over'", anchors="taking take took taken",
       same_sentence=_GROUP_NOUNS),
    _r("radicalisation", 0.6, r"(?:a|the)\s+(?:\w+\s+)?war\s+(?:is\s+|'s\s+)?coming\b|(?:civil|"
       r"holy|race|religious)\s+war\b|rise\s+up\s+against\b|day\s+of\s+reckoning|"
       r"fight\s+back\s+against\s+(?:them|the|those|these)\b", "talk of a coming war",
       anchors="a the civil holy race religious rise day fight"),
    _r("radicalisation", 0.7, r"(?:getting|get|gets|got|being|be)\s+ready|prepar(?:e|es|ing|ed)"
       r"|train(?:ing)?|arming", "a group preparing to fight",
       anchors="getting get gets got being be prepare prepares preparing prepared training "
       "train arming",
       same_sentence=(r"\b(?:for|when)\s+(?:the|a|what'?s)\s+(?:\w+\s+)?(?:war|uprising|"
                      r"revolution|reckoning|collapse|invasion)\b(?!\s+(?:poem|poetry|poets|"
                      r"memorial|museum|topic|project|unit|exam|test|assembly|history|film))|\bfor"
                      r"\s+the\s+day\s+(?:when|that|they|we)\b|\bfight\s+back\b",
                      r"\b(?:group|chat|lads|men|they|them|we|us|our|movement|members|people)\b")),
    _r("radicalisation", 0.2, r"['\"](?:\w+\s+){0,4}?(?:getting|get|gets|being)\s+ready['\"]"
       r"|(?:getting|being)\s+ready['\"]?\s*(?:[.,!?]|and\b|$)", "a group 'getting ready'",
       anchors="getting get gets being",
       same_sentence=r"\b(?:group|chat|lads|men|meet\w*|members?|join\w*)\b"),
    _r("radicalisation", 0.35, r"(?:the\s+)?(?:enemy|enemies|traitors?)\b", "a group as the enemy",
       anchors="the enemy enemies traitor traitors", same_sentence=_GROUP_NOUNS),
    _r("radicalisation", 0.7, r"(?:immigrants|migrants|muslims|jews|foreigners|refugees|asylum\s+"
       r"seekers|pakis|the\s+gays)\s+(?:are|r)\s+(?:\w+\s+)?(?:taking\s+over|replacing|invading|"
       r"the\s+enemy|the\s+problem|ruining|destroying|evil|a\s+disease|animals|scum)\b",
       "hatred of a group", anchors="immigrants migrants muslims jews foreigners refugees "
       "asylum pakis the"),
    _r("radicalisation", 0.25, r"andrew\s+tate|tate\s+brothers", "misogynist influencer",
       anchors="andrew tate"),
    _r("radicalisation", 0.6, r"(?:women|girls)\s+(?:should|must|need\s+to|deserve\s+to)\s+be\s+"
       r"(?:owned|beaten|hit|slapped|controlled|put\s+in\s+their\s+place|raped)\b",
       "misogynist violence", anchors="women girls"),
    _r("radicalisation", 0.25, r"(?:racist|homophobic|antisemitic|anti-semitic|islamophobic|"
       r"hateful|extreme)\s+(?:names|language|comments|remarks|slurs|abuse|things|views|stuff|"
       r"memes|jokes|videos|content|posts|symbols|chants?)\b|slurs\b|names\s+(?:that\s+)?i\s+"
       r"(?:won'?t|wont|can'?t|cannot|will\s+not|would\s+not|wouldn'?t)\s+(?:repeat|write|say)",
       "hateful language", anchors="racist homophobic antisemitic anti islamophobic hateful "
       "extreme slurs names"),
    _r("radicalisation", 0.25, r"(?:videos?|channels?|podcasts?|posts|streams?|speeches|forums?|"
       r"group\s+chats?|memes|leaflets|stickers)\s+(?:\w+\s+){0,5}?(?:says?|saying|said|"
       r"claims?|claiming|about|telling)\b", "ideological videos",
       anchors="video videos channel channels podcast podcasts posts stream streams speeches "
       "forum forums group memes leaflets stickers",
       same_sentence=_GROUP_WORDS + r"(?:.*\b(?:country|race|replace\w*|invad\w*|enemy|"
       r"traitors?|fight|war|take\s+back|taking\s+over)\b)"),
    # --- sexual abuse and exploitation, relayed -----------------------------------------
    _r("sexual_abuse", 0.8, r"(?:without|with\s+no|no)\s+(?:any\s+)?clothes\b",
       "adults without clothes", anchors="without with no",
       same_sentence=r"\b(?:videos?|photos?|pictures?|pics|films?|shows?|showed|shown|phone|"
       r"grown[\s-]?ups?|adults?|men|man)\b"),
    _r("sexual_abuse", 0.6, r"(?:shows?|showed|shown|showing)\s+(?:him|her|them|my\s+\w+)\s+"
       r"(?:\w+\s+){0,2}?(?:videos?|films?|pictures?|photos?|pics|clips?)\b",
       "shown videos by an adult", anchors="show shows showed shown showing",
       same_sentence=r"\b(?:grown[\s-]?ups?|adults?|naked|rude|kissing|clothes|secret|"
       r"private|sex\w*)\b", same_words=_FAMILY_SET),
    _r("sexual_abuse", 0.5, r"(?:makes?|made|making|wants?|wanted|asks?|asked|tells?|told|gets?|"
       r"got)\s+(?:her|him|them|my\s+\w+)\s+(?:to\s+)?(?:sit|sitting)\s+on\s+(?:his|her|their)\s+"
       r"(?:lap|knee)", "made to sit on his lap", anchors="make makes made making want wants "
       "wanted ask asks asked tell tells told get gets got"),
    _r("exploitation", 0.6, r"(?:man|men|guy|guys|bloke|lad|lads|someone|boyfriend)\s+(?:who\s+"
       r"is\s+|who'?s\s+)?(?:in\s+(?:his|their|her)\s+(?:twenties|20s|thirties|30s|forties|"
       r"40s|fifties|50s)|(?:aged\s+)?(?:1[89]|[2-5]\d)\b(?!\s*(?:minutes|mins|%|p\b|pounds)))",
       "an adult man around her", anchors="man men guy guys bloke lad lads someone boyfriend",
       same_sentence=r"(?:she|he)\s+(?:says|said|calls|claims|thinks)\s+(?:he'?s|he\s+is)\s+(?:her|"
       r"his|just\s+a)\s+(?:\w+\s+)?(?:friend|boyfriend|mate)|\b(?:her|his)\s+(?:new\s+|secret\s+)?"
       r"(?:boyfriend|friend)\b|won'?t\s+say|(?:don'?t|doesn'?t)\s+know\s+(?:him|who)|gifts?\b|"
       r"secret"),
    _r("online", 0.9, r"(?:share|post|send|show|leak|put)\s+(?:it|them|the\s+(?:\w+\s+)?"
       r"(?:pictures?|photos?|pics|videos?|images?|nudes))\s+(?:\w+\s+){0,4}?(?:unless|if\s+"
       r"(?:she|he|they)\s+(?:doesn'?t|don'?t|won'?t|dont|doesnt|wont|does\s+not|refuses))",
       "threat to share an image", anchors="share post send show leak put"),
    _r("online", 0.6, r"film(?:ed|ing)?\s+(?:her|him|them)\s+(?:being|getting)\s+\w+",
       "filmed being hurt", anchors="film filmed filming",
       same_sentence=r"\b(?:posted|shared|sent|online|snap\w*|tiktok|group\s+chat|round)\b"),
    _r("child_on_child", 0.5, r"(?:held|holding|hold|holds|pinned|pinning|pin)\s+(?:her|him|them|"
       r"my\s+\w+)?\s*down\b", "held down", anchors="held holding hold holds pinned pinning "
       "pin", same_sentence=r"\b(?:boys?|girls?|kids|children|group|older|pupils|lads|while|"
       r"whilst|filmed|filming|and\s+(?:hit|kicked|punched|slapped))\b"),
    _r("staff_allegation", 0.6, r"(?:giv\w*|gave|offer\w*)\s+(?:my\s+\w+|her|him|them)\s+"
       r"(?:a\s+)?lifts?\b|(?:texts?|messages?|snaps?|dms?|calls?|rings?|phones?)\s+(?:her|him|"
       r"them|my\s+\w+)\s+(?:late|at\s+night|at\s+(?:9|10|11|12)|in\s+the\s+evenings?|at\s+the\s+"
       r"weekends?|on\s+(?:her|his)\s+(?:own\s+)?(?:phone|mobile))", "adult in school in "
       "private contact with a pupil", anchors="give gives giving given gave offer offers offered "
       "offering text texts message messages snap snaps dm dms call calls ring rings phone phones",
       same_words=_STAFF_SET),
    _r("fgm", 0.5, r"(?:the\s+)?same\s+thing\s+(?:as\s+)?(?:her|his|my|their)\s+(?:\w+\s+)?"
       r"(?:sisters?|cousins?|mum|mother|aunts?)\s+(?:had|got|went\s+through)",
       "the same thing her sisters had", anchors="the same",
       same_sentence=r"\b(?:summer|holidays?|abroad|back\s+home|country|trip|visit\w*|going\s+to"
       r"|aunt\w*|grand\w+|ceremony|special)\b"),
    _r("neglect", 0.45, r"(?:back|home|in)\s+yet\b", "parent not home late at night",
       anchors="back home in", before=r"(?:isn'?t|isnt|is\s+not|aren'?t|wasn'?t|not|hasn'?t\s+"
       r"(?:come|got)|hadn'?t\s+(?:come|got))\s+",
       same_words=_FAMILY_SET + " nobody noone anyone adult adults",
       same_sentence=r"\b(?:(?:9|10|11|12)(?:[.:]\d\d)?\s*pm|midnight|at\s+night|late|dark)\b"),
    # --- more indirect wordings, one class each ---------------------------------------
    _r("disclosure", 0.8, r"(?:put\w*|get\w*|got|laid|lay\w*|had)\s+(?:his|her|their)\s+hands\s+"
       r"(?:on|round|around|up)\s+(?:her|him|them|my\s+(?:son|daughter|child|boy|girl|mum|dad)|"
       r"mum|dad)\b(?!'s|\s+(?:own\s+)?(?:hips|head|knees|face|lap|shoulders?|ears|waist|tummy|"
       r"chest|eyes|mouth|hair|book|work|desk|bag|phone|coat))"
       r"|hands?\s+(?:round|around|on)\s+(?:\w+'s\s+|her\s+|his\s+|their\s+|my\s+)?(?:neck|"
       r"throat)\b", "hands on her", anchors="put puts putting get gets getting got laid lay "
       "lays laying had hand hands"),
    _r("domestic_abuse", 0.7, r"(?:scared|afraid|frightened|terrified|petrified)\s+(?:to\s+)?"
       r"(?:go|going|stay|staying|be)\s+(?:to|at|round|in)\s+(?:his|her|their)\s+(?:\w+\s+)?(?:"
       + _FAMILY_WORDS + r")(?:'?s)?\b", "scared to go to a parent's house",
       anchors="scared afraid frightened terrified petrified"),
    _r("missing", 0.6, r"(?:disappear\w*|vanish\w*|goes\s+off|went\s+off|go(?:es)?\s+awol|"
       r"went\s+awol)\s+(?:for\s+)?(?:whole\s+|entire\s+|all\s+|two\s+|three\s+|\d+\s+)?"
       r"(?:weekends?|nights?|days|hours|the\s+(?:night|weekend|whole\s+day))\b",
       "disappears for days", anchors="disappear disappears disappeared disappearing vanish "
       "vanishes vanished vanishing goes went go"),
    _r("missing", 0.7, r"been\s+seen\s+(?:since|for)\b", "not seen since", anchors="been",
       before=r"(?:hasn'?t|has\s+not|haven'?t|have\s+not|hadn'?t|had\s+not|not|nobody\s+has|"
       r"no\s+one\s+has)\s+"),
    _r("missing", 0.7, r"(?:nobody|no\s+one|noone)\s+(?:has|have|had)\s+seen\s+(?:him|her|them)\s+"
       r"(?:since|for)\b", "not seen since", anchors="nobody noone no"),
    _r("exploitation", 0.7, r"keep\w*\s+(?:it|this|that|things|everything|them|their\s+\w+|"
       r"(?:the|their|our)\s+(?:chats?|messages?|friendship|relationship))\s+(?:just\s+)?between\s+"
       r"(?:them|us|the\s+two\s+of|you\s+and\s+me|ourselves|themselves)|(?:our|their|a)\s+"
       r"little\s+secret\b", "told to keep it between them", anchors="keep keeps keeping kept our "
       "their a", same_sentence=_TOLD_SO),
    _r("exploitation", 0.7, r"tell\s+(?:your|ur|her|his)\s+(?:mum|dad|mam|parents|teachers?|"
       r"family)\b", "told not to tell her parents", anchors="tell",
       before=r"(?:don'?t|do\s+not|not\s+to|never|mustn'?t)\s+", same_sentence=_TOLD_SO),
    _r("forced_marriage", 0.6, r"(?:wedding|marriage|engagement|engaged|nikah|rishta|husband|"
       r"bride)\b", "a marriage for a child", anchors="wedding marriage engagement engaged nikah "
       "rishta husband bride",
       same_sentence=(r"\b(?:for\s+her|for\s+him|her\s+(?:own\s+)?(?:wedding|marriage|"
                      r"engagement)|she'?s\s+(?:getting|being)|to\s+marry)\b",
                      r"\b(?:only|just|she'?s|he'?s|is|aged)\s+1[0-7]\b|\byear\s+(?:[7-9]|1[01])"
                      r"\b")),
    _r("fgm", 0.6, r"(?:a|the|her|their)\s+cutting\b(?!\s+(?:of|from|board|edge|room|tool|out|"
       r"down|back|mat|list))", "a 'cutting' for a girl", anchors="a the her their",
       same_sentence=r"\b(?:abroad|summer|holidays?|ceremony|family|aunt\w*|grand\w+|trip|visit"
       r"\w*|travel\w*|back\s+home|country|village|tradition\w*|culture|cultural)\b"),
    _r("sexual_abuse", 0.7, r"touch(?:es|ed|ing)?\s+(?:the|other|some|younger|little)\s+(?:\w+\s+)?"
       r"(?:boys|girls|kids|children|pupils)\b(?!'|\s+(?:work|things|stuff|books|bags|pictures|"
       r"displays?))", "touching children",
       anchors="touch touches touched touching"),
    _r("threat", 0.8, r"(?:kill\w*|shoot\w*|stab\w*|attack\w*|bomb\w*|hurt\w*)\s+(?:people|"
       r"everyone|kids|students|pupils|children|teachers)\s+(?:at|in)\s+(?:a\s+|the\s+|his\s+|"
       r"her\s+|their\s+)?schools?\b", "talk of attacking a school",
       anchors="kill killing kills killed shoot shooting shoots stab stabbing attack attacking "
       "attacks bomb bombing hurt hurting"),
    _r("radicalisation", 0.7, r"(?:do|copy|repeat)\w*\s+what\s+(?:that|the|this)\s+(?:\w+\s+)?"
       r"(?:lad|boy|man|guy|kid|shooter|person|bloke|attacker)\s+did\b",
       "wants to copy an attacker",
       anchors="do does doing copy copies copying repeat repeating",
       same_sentence=r"\b(?:wants?|wanted|going\s+to|gonna|should|wish\w*|says?|said|"
       r"school|attack\w*|shoot\w*)\b"),
    _r("concern", 0.35, r"since\s+(?:his|her|their|my|the|mum's|dad's)\s+(?:\w+\s+){0,2}?"
       r"(?:moved\s+in|started\s+(?:staying|coming\s+round|babysitting|living)|came\s+to\s+"
       r"(?:live|stay)|has\s+been\s+(?:staying|living|around|babysitting))\b",
       "a change since an adult moved in", anchors="since",
       same_sentence=r"\b(?:wets?|wetting|nightmares|withdrawn|quiet|scared|clingy|won'?t|"
       r"refuses?|cries|crying|soil\w*|changed|stopped)\b"),
    _r("concern", 0.25, r"wets?\s+the\s+bed|soil(?:s|ing|ed)\s+(?:him|her|them)sel(?:f|ves)",
       "bedwetting", anchors="wet wets soils soiling soiled"),
    _r("threat", 0.7, r"(?:giv\w*|gave|offer\w*|buy\w*|bought|sell\w*|sold|"
       r"hand(?:s|ed|ing)?(?:\s+out)?)\s+"
       r"(?:the\s+|some\s+|younger\s+|little\s+)?(?:year\s+\d+\s+|\w+\s+)?(?:kids|children|"
       r"girls|boys|pupils|students|teens)\s+(?:sweets|money|cash|vapes?|cigarettes|alcohol|"
       r"drinks?|gifts?|weed|drugs|lifts?)\b", "an adult giving children vapes or gifts",
       anchors="give gives giving given gave offer offers offered offering buy buys buying "
       "bought sell sells selling sold hand hands handing handed", same_words=_SOMEONE_SET),
    _r("radicalisation", 0.5, r"(?:protect|defend|save|stand\s+up\s+for|fight\s+for)\s+"
       r"(?:our|his|their)\s+(?:own\s+)?(?:people|kind|race|folk|blood|nation)\b",
       "protecting 'our people'", anchors="protect defend save stand fight"),
)  # fmt: skip


# A parent's own exasperation over an ordinary mishap: "that's the third jumper this term, I
# could genuinely kill him", "I swear I'll throttle her, she's lost her bottle again". The
# words are the parent's (I / we + a modal), the "threat" is a figure of speech, and the email
# is about a belonging or a lapse. Without such a mishap ("I'm so angry I could kill him, I
# can't cope") it still alerts.
_EXASPERATION = re.compile(
    r"\b(?:i|we)(?:'ll|'d|\s+will|\s+would|\s+could|\s+might|\s+can|'m\s+(?:going\s+to|gonna|"
    r"about\s+to)|\s+am\s+(?:going\s+to|gonna)|'re\s+(?:going\s+to|gonna)|\s+are\s+going\s+to|"
    r"\s+want\s+to|\s+swear\s+(?:i|we)(?:'ll|\s+will|\s+could))\s+(?:\w+\s+){0,2}?(?:kill|"
    r"murder|strangle|throttle|wring|swing\s+for|brain|string\s+up|wallop|skin)\s+(?:him|her|"
    r"them|the\s+(?:pair|lot|two)\s+of\s+them|both\s+of\s+them|[a-z]+)\b"
)
_MISHAP = re.compile(
    r"\b(?:lost|los(?:es|ing)|forg[oe]t\w*|left\s+(?:his|her|their|it|them)|broke|broken|"
    r"ruin\w*|spill\w*|spilt|again|another|(?:second|third|fourth|fifth|tenth)\s+(?:one|time|"
    r"\w+)|lost\s+property|without\s+(?:his|her|their|a)|name\s+(?:tags?|labels?)|muddy|"
    r"mess|(?:coat|jumper|cardigan|blazer|shoe|trainer|bag|book|bottle|lunchbox|kit|glasses|"
    r"phone|tie|hat|scarf|glove|homework|letter|form|jacket|fleece|hoodie|uniform|sock|watch|"
    r"key|ipad|tablet|laptop|charger|wallet|purse|folder|sheet|calculator|pencil|ruler|"
    r"planner|costume|inhaler|lid|umbrella)s?)\b"
)
_MISHAP_WINDOW = 300
_EXASPERATION_WORDS = frozenset(
    "kill murder strangle throttle wring swing brain string wallop skin".split()
)


def _not_exasperation(prep: Prepared, hits: list[Hit]) -> list[Hit]:
    """Hits inside a parent's "I could kill him" said about a lost jumper or forgotten kit."""
    if prep.words.isdisjoint(_EXASPERATION_WORDS):
        return hits
    low = prep.lower
    spans = [
        (m.start(), m.end())
        for m in _EXASPERATION.finditer(low)
        if _MISHAP.search(low, max(0, m.start() - _MISHAP_WINDOW), m.end() + _MISHAP_WINDOW)
    ]
    return [h for h in hits if not any(h.start < b and a < h.end for a, b in spans)]


# "Didn't come home" and "went missing" are about a child only when a child is the subject:
# "the spelling sheet didn't come home" and "the photo order hasn't come home" are not.
_MISSING_RULES = frozenset(
    {
        "gone missing",
        "hasn't come home",
        "hasn't come back",
        "missing child",
        "not seen since",
        "disappears for days",
    }
)
_PERSON = re.compile(
    r"\b(?:" + _PERSON_WORDS + r"|he|she|they|him|her|them|mum|dad|man|"
    r"woman|someone|somebody|nobody|anyone|everyone)\b"
)
_ADULT = re.compile(r"\b(?:i|we|husband|wife|partner|boyfriend|girlfriend|hubby|other\s+half)$")
_THING = re.compile(
    r"(?:it|this|that|these|those|nothing|something|everything|which|"
    r"(?:" + _LOST_PROPERTY + r")s?|sheets?|worksheets?|orders?|photos?|"
    r"slips?|reports?|results?|newsletters?|invitations?|post|parcels?|"
    r"packages?|certificates?|medals?|prizes?|costumes?|projects?|models?|"
    r"books?|leaflets?|consent|permission|vouchers?|tickets?)$"
)
_DETERMINER = re.compile(r"(?:the|a|an|this|that|these|those|some|any)\b")
_VERB_START = re.compile(
    r"[a-z']+\s+(?=(?:still\s+|also\s+|just\s+|never\s+|yet\s+)?(?:has|had|have|is|was|were|are|"
    r"went|'s|hasn't|hadn't|haven't|didn't|never|did)\b)"
)
_CLAUSE_BREAK = re.compile(
    r".*(?:[,;:()\-]|\b(?:and|but|because|cos|as|so|that|if|when|"
    r"since|which|who|hi|hello|dear)\b)",
    re.DOTALL,
)


# Rules that do not count when their sentence shows the ordinary reason: medicines locked
# away from a toddler, a surprise kept "between us", the wifi that "disappears for hours".
_UNLESS: dict[str, re.Pattern[str]] = {
    "hiding tablets or knives": re.compile(
        r"\b(?:toddler|baby|babies|dog|puppy|cat|little\s+ones?|grandchildren)\b"
    ),
    "told to keep it between them": re.compile(
        r"\b(?:surprise|present|presents|birthday|party|christmas)\b"
    ),
    "told not to tell her parents": re.compile(
        r"\b(?:surprise|present|presents|birthday|party|christmas)\b"
    ),
    "disappears for days": re.compile(r"\b(?:wi-?fi|signal|internet|connection|battery)\b"),
    # older team-mates giving a lift to a match
    "older friends": re.compile(
        r"\b(?:club|team|match|training|practice|scouts|cadets|squad|fixture|tournament)\b"
    ),
    # a crowd the parent threatens to bring against staff is the abuse classifier's
    "stranger approaching": re.compile(
        r"\b(?:\d[\d,]*\s+(?:people|parents|of\s+us|members)|group|facebook|whole\s+village|"
        r"half\s+the\s+(?:village|town|parents)|every\s+parent)\b"
    ),
}


def _not_ordinary(prep: Prepared, hits: list[Hit]) -> list[Hit]:
    out = []
    for h in hits:
        unless = _UNLESS.get(h.rule.name)
        if unless is not None:
            s0, s1 = prep.clause_at(h.start)
            if unless.search(prep.lower, s0, max(s1, h.end)):
                continue
        out.append(h)
    return out


# A school-day reason, anywhere in the email: a packed lunch thrown away is one missed
# meal at school, not a child unfed at home; a craft knife for DT homework is a tool.
_SCHOOL_LUNCH = re.compile(
    r"\b(?:packed\s+lunch|lunch\s*box|dinner\s+lad(?:y|ies)|school\s+dinners?|canteen|"
    r"lunchtime|(?:his|her|their)\s+lunch)\b"
)
_AT_HOME_OR_DAYS = re.compile(r"\b(?:home|house|fridge|cupboards?|days|weekend|weeks?)\b")
_LESSON_TOOL = re.compile(
    r"\b(?:dt|d&t|design\s+(?:and|&)\s+technology|craft|woodwork|foam\s*board|stanley|scalpel|"
    r"cookery|food\s+tech(?:nology)?)\b"
)
_WEAPON_WORRY = re.compile(
    r"\b(?:threat\w*|gangs?|protect\w*|stab\w*|attack\w*|fights?|scared|pulled|brandish\w*|"
    r"hurt\s+(?:someone|somebody|people))\b"
)


def _not_school_reason(prep: Prepared, hits: list[Hit]) -> list[Hit]:
    names = {h.rule.name for h in hits}
    if "no food at home" not in names and "weapon" not in names:
        return hits
    low = prep.lower
    lunch = bool(_SCHOOL_LUNCH.search(low))
    tool = bool(_LESSON_TOOL.search(low)) and not _WEAPON_WORRY.search(low)
    out = []
    for h in hits:
        if h.rule.name == "no food at home" and lunch:
            s0, s1 = prep.clause_at(h.start)
            if not _AT_HOME_OR_DAYS.search(low, s0, max(s1, h.end)):
                continue
        if h.rule.name == "weapon" and tool:
            continue
        out.append(h)
    return out


def _not_belongings(prep: Prepared, hits: list[Hit]) -> list[Hit]:
    """Missing-child hits whose subject is a thing, not a child."""
    if not any(h.rule.name in _MISSING_RULES for h in hits):
        return hits
    return [h for h in hits if h.rule.name not in _MISSING_RULES or not _thing_subject(prep, h)]


def _thing_subject(prep: Prepared, h: Hit) -> bool:
    s0, _ = prep.clause_at(h.start)
    low = prep.lower
    end = h.start
    lead = _VERB_START.match(low, h.start, h.end)  # "jack has gone missing": the hit starts
    if lead:  # at its subject
        end = lead.end()
    before = low[s0:end]
    cut = _CLAUSE_BREAK.match(before)
    phrase = before[cut.end() :] if cut else before
    words = phrase.split()[-5:]
    if not words:
        return False
    if _ADULT.search(" ".join(words)):
        return True  # "my husband disappears for whole weekends fishing"
    if _PERSON.search(" ".join(words)):
        return False
    if _THING.match(words[-1]):
        return True
    start = len(prep.text[:s0]) + (cut.end() if cut else 0)
    original = prep.text[start:end].split()[-5:]
    if any(w[:1].isupper() and not _DETERMINER.match(w.lower()) for w in original):
        return False  # a name: "Jack", "Our Amira"
    return bool(_DETERMINER.match(words[0]))


# A question about safeguarding arrangements, with no worry about a child in it: a would-be
# volunteer asking about DBS checks and who the DSL is, a governor asking for the policy.
_ARRANGEMENTS = frozenset(
    "volunteer volunteers volunteering dbs training induction policy policies procedure "
    "procedures governor governors vacancy job application apply applying applied interview "
    "course certificate checks check helper helpers ofsted audit role website inset "
    "newsletter".split()
)
_WORRY = frozenset(
    "concern concerns concerned worried worry worries worrying incident incidents happened "
    "urgent urgently disclosed disclosure scared afraid frightened upset hurt harm told "
    "noticed saw seen abuse abused".split()
)


def _not_arrangements(prep: Prepared, hits: list[Hit]) -> list[Hit]:
    if not hits or any(h.rule.name != "safeguarding" for h in hits):
        return hits
    if prep.words.isdisjoint(_ARRANGEMENTS) or not prep.words.isdisjoint(_WORRY):
        return hits
    return []


# ---------------------------------------------------------------------------------------
# Cue families. The rules above recognise sentences; this layer recognises facts. Each
# family is a broad set of words (inflections, misspellings, text-speak) for one element of
# a safeguarding concern: a blow or an implement (HARM), an adult or home (ADULT), fear or an
# escape plan (FEAR), a secret (SECRECY), a sign of neglect, of exploitation, of contact
# online, of an ending. One cue is weak and never alerts; two that belong together in the
# same sentence or the next one do ("my husband" + "used the belt"; "famished" + "the gas has
# run out"), and the alert quotes both and names the KCSIE category.


def _alt(*parts: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(parts) + r")")


_OBJ = (
    r"(?:him|her|them|me|us|my\s+(?:son|daughter|boy|girl|kids?|child|children|lad)|"
    r"the\s+(?:kids|children|boys?|girls?|baby|little\s+ones?)|(?:his|her)\s+(?:brother|"
    r"sister|son|daughter))\b"
)
# "beat him at chess", "grabbed her from school", "hurt her knee": not a blow by someone
_NOT_A_BLOW = (
    r"(?!\s+(?:at|in)\s+(?:chess|cards|fifa|monopoly|scrabble|football|tennis|a\s+race|"
    r"the\s+race|a\s+game|the\s+game|games?|running|a\s+match)\b|\s+(?:out|off|up|from|into|"
    r"along|home|a\s+(?:party|lifeline|line|text|message|bone|lift))\b|\s+feelings)"
)
_BODY = r"(?:knee|leg|arm|ankle|wrist|foot|hand|finger|head|toe|elbow|hip|thumb)s?\b"
_IMPLEMENT = (
    r"(?:belt|slipper|wooden\s+spoon|cane|stick|strap|hanger|cable|wire|whip|flip[\s-]?flop|"
    r"chappal|chancla|leather)"
)
_ADULTS = (
    r"husband|hubby|partner|boyfriend|bf|fella|dad|daddy|father|step[\s-]?dad|stepfather|"
    r"step[\s-]?mum|stepmother|mum|mom|mam|mummy|mother|uncle|aunt|auntie|grandad|grandpa|"
    r"granddad|grandma|granny|nan|nanna|ex|ex[\s-]?(?:partner|husband|wife)|lodger|carer|"
    r"wife|girlfriend"
)
_APPS = (
    r"roblox|fortnite|minecraft|discord|snapchat|snap|tiktok|tik\s+tok|instagram|insta|xbox|"
    r"playstation|psn|whatsapp|kik|omegle|telegram|twitch|youtube|the\s+internet|a\s+game|"
    r"the\s+game|an?\s+app|the\s+app|online"
)
_PARENTS = r"(?:mum|mom|mam|mother|mummy|dad|daddy|father|parents?|step[\s-]?dad|step[\s-]?mum)"

# family -> (sub-family, pattern); sub-families count separately ("two signs of neglect")
_FAMILIES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "harm": (
        (
            "blow",
            _alt(
                r"(?:hit|hits|hitting|hitted|smack\w*|slap\w*|beat|beats|beaten|beating|batter\w*|"
                r"punch\w*|kick\w*|shak(?:e|es|en|ing)|shook|grab\w*|threw|throw\w*|chok\w*|"
                r"strangl\w*|throttl\w*|whack\w*|whipp?\w*|wallop\w*|thump\w*|belt(?:s|ed|ing)?|"
                r"strapp?(?:s|ed)?|lock(?:s|ed|ing)?|bash\w*|clout\w*|pinch\w*|shov\w*|scald\w*|"
                r"burn(?:s|t|ed|ing)?|hurt(?:s|ing)?)\s+" + _OBJ + _NOT_A_BLOW,
            ),
        ),
        (
            "implement",
            _alt(
                r"(?:use[sd]?|using|took|takes?|taking|get(?:s|ting)?|got|give[sn]?|gave|giving|"
                r"with)\s+(?:the|a|his|her|my|their|dad'?s|mum'?s)\s+" + _IMPLEMENT + r"\b",
                _IMPLEMENT + r"\s+(?:was\s+used|is\s+used|(?:on|to|across)\s+(?:him|her|them)\b)",
                r"(?:give|gives|gave|given|giving|get|gets|got|getting|take|took)\s+(?:him|her|them|"
                r"me)?\s*(?:a\s+)?(?:good\s+|proper\s+|real\s+)?(?:hiding|beating|thrashing|"
                r"leathering|whooping|hidin)\b",
            ),
        ),
    ),
    "marks": (
        (
            "marks",
            _alt(
                r"bruis\w*|brusi\w*|welts?|weals?|marks|cuts|burns|black\s+eyes?|swollen|swelling|"
                r"red\s+(?:lines|marks|patches|stripes)|finger\s*marks?|scratches|bleeding|"
                r"can'?t\s+sit|cannot\s+sit|can\s+not\s+sit|cant\s+sit|not\s+sit\s+on|sore\s+"
                r"(?:back|legs?|bottom|bum|arms?)|injur\w*",
            ),
        ),
    ),
    "adult": (
        (
            "adult",
            _alt(
                r"(?:" + _ADULTS + r")s?\b",
                r"(?:at|back)\s+home\b|home\s+life\b|moved\s+(?:back\s+)?in\b|at\s+(?:his|her|their)"
                r"\s+(?:dad|mum|father|mother)'?s\b",
            ),
        ),
    ),
    "fear": (
        (
            "escape",
            _alt(
                r"sleep\w*\s+in\s+(?:his|her|their)\s+(?:coat|clothes|shoes|trainers|uniform|jacket)",
                r"in\s+case\s+(?:we|they|i|he|she|mum)\s+(?:have|has|need|needs|must|got)\s+to\s+"
                r"(?:go|leave|run|get\s+out|escape)\b(?!\s+(?:early|at|for|to\s+the|on|by)\b)",
                r"bags?\s+packed",
                r"(?:hide|hides|hiding|hid)\s+(?:\w+\s+){0,2}?(?:from|when|under|upstairs|in\s+"
                r"(?:the|his|her|their)\s+(?:room|bedroom|wardrobe|cupboard))\b",
                r"refuge\b",
                r"police\s+(?:came|come|were\s+called|was\s+called|turned\s+up|came\s+round|"
                r"attended)|called\s+the\s+police",
                r"(?:shouting|screaming|yelling)\s+(?:and|n|&)\s+(?:banging|smashing|screaming|"
                r"shouting|throwing)",
                r"smash\w*\s+(?:the|a|things|plates|doors?|windows?|up)\b",
                r"(?:loud|bad|tense|scary|rough|volatile|heated|horrible|awful|frightening)\s+(?:at|"
                r"in\s+the)\s+(?:home|house)\b",
                r"walk\w*\s+on\s+eggshells",
                r"(?:he|she|dad|stepdad|partner|ex|they|husband)\s+(?:\w+\s+)?(?:kicks|kicking|"
                r"kicked|kick)\s+off\b",
                r"(?:scared|frightened|afraid|terrified|petrified|frit|scare)\s+(?:of|to\s+go\s+home"
                r"|what|when)\b",
            ),
        ),
    ),
    "secrecy": (
        (
            "secret",
            _alt(
                r"(?:do\s*n[o']?t|dont|do\s+not|never|not\s+to|mustn'?t|must\s+not|shouldn'?t|"
                r"please\s+don'?t)\s+(?:\w+\s+)?(?:tell|say\s+anything|mention|let\s+\w+\s+know)\b",
                r"keep\w*\s+(?:it|this|things|them|stuff)\s+(?:a\s+)?(?:secret|quiet|between)",
                r"(?:our|a|their|the)\s+(?:little\s+)?secret\b",
                r"(?:just|stays?|staying|kept|it'?s|is|secret|private)\s+between\s+(?:us|them|you\s+"
                r"and\s+me|me\s+and\s+you|ourselves|themselves)\b",
                r"delet\w*\s+(?:\w+\s+)?(?:chats?|messages?|msgs?|texts?|dms?|pics|photos|history|"
                r"conversations?)\b",
                r"(?:would|will|'d|could)\s*(?:n'?t|not)\s+(?:understand|get\s+it)\b",
                r"wouldn'?t\s+(?:understand|get\s+it)\b",
                r"not\s+supposed\s+to\s+(?:tell|say)\b",
            ),
        ),
    ),
    "neglect": (
        (
            "hunger",
            _alt(
                r"famished|starving|starved|ravenous|(?:always|constantly|really|so|very)\s+hungry",
                r"hungry\s+(?:when|in\s+the\s+morning|every|all\s+the\s+time|again)",
                r"(?:no|not\s+had|hasn'?t\s+had|hadn'?t\s+had|without)\s+(?:any\s+)?(?:breakfast|"
                r"tea|dinner|supper|food)\b",
                r"nothing\s+to\s+eat|not\s+(?:been\s+)?fed\b",
                r"(?:ate|eats|wolf\w*)\s+(?:\w+\s+)?(?:two|three|four|five|six|\d)\s+(?:rounds|bowls|"
                r"plates|helpings|slices|sandwiches)",
            ),
        ),
        (
            "clothes",
            _alt(
                r"same\s+(?:\w+\s+)?(?:clothes|shirt|uniform|top|jumper|socks|trousers|outfit|pants|"
                r"underwear|polo|dress)\s+(?:as|for|since|all|every|day|again)\b",
                r"(?:dirty|smelly|unwashed|filthy|stained|soiled)\s+(?:clothes|uniform|shirt|hair)",
                r"(?:smells?|stinks?)\s+(?:of\s+(?:wee|urine|smoke)|bad)\b",
                r"not\s+(?:been\s+)?(?:washed|bathed)\b",
            ),
        ),
        (
            "home",
            _alt(
                r"(?:gas|electric|electricity|heating|power|meter|hot\s+water|lights?)\s+(?:card\s+|"
                r"key\s+)?(?:(?:has|have|had|is|was|been)\s+)*(?:run\s+out|ran\s+out|off|cut\s+off|"
                r"gone|turned\s+off)\b",
                r"no\s+(?:gas|electric|electricity|heating|hot\s+water|power|lights?|food\s+in)\b",
                r"(?:sat|sit|sitting|sits)\s+in\s+the\s+(?:dark|cold)\b",
                r"candles?\b",
                r"freezing\s+(?:house|flat|home)",
            ),
        ),
        (
            "alone",
            _alt(
                r"left\s+(?:alone|on\s+(?:his|her|their)\s+own|home\s+alone|to\s+fend)",
                r"home\s+alone|alone\s+(?:till|until|all)\b",
                r"(?:nobody|no\s+one|no-one|noone)\s+(?:is\s+)?(?:home|in|there|about)\b",
                r"(?:gets?|makes?|making|cooks?)\s+(?:his|her|their)\s+own\s+(?:tea|dinner|"
                r"breakfast|food|meals?)",
                r"puts?\s+(?:him|her|them)sel\w+\s+to\s+bed",
            ),
        ),
        (
            "carer",
            _alt(
                _PARENTS
                + r"(?:'s)?\s+(?:(?:is|was|are|were|has\s+been|always|often|usually|mostly|"
                r"just)\s+){0,3}(?:asleep|in\s+bed|drunk|passed\s+out|out\s+of\s+it|off\s+(?:her|his)"
                r"\s+face|wasted|hungover|stoned|comatose)\b",
                r"sleep\s+day",
                r"(?:drinking|drunk)\s+(?:again|every|all|most)\b",
            ),
        ),
    ),
    "exploitation": (
        (
            "older",
            _alt(
                r"older\s+(?:lads|boys|men|guys|kids|mates|friends|teens|people|crowd|lot|blokes|"
                r"youths)\b",
                r"(?:lads|boys|men|guys|blokes)\s+(?:\w+\s+){0,2}?older\b",
                r"(?:men|lads|guys)\s+in\s+(?:their\s+)?(?:20s|twenties|30s)",
            ),
        ),
        (
            "car",
            _alt(
                r"(?:get\w*|got|gettin|jump\w*|hop\w*)\s+in(?:to)?\s+(?:\w+\s+)?cars?\b",
                r"pick\w*\s+(?:him|her|them)\s+up\s+in\s+(?:a\s+)?(?:car|van)",
                r"(?:off\s+)?in\s+cars\b|cars?\s+(?:pull\w*|wait\w*|turn\w*)\s+up",
            ),
        ),
        (
            "cash",
            _alt(
                r"wads?\s+of\s+(?:cash|notes|money)|elastic\s+band|roll(?:ed)?[\s-]up\s+(?:notes|"
                r"cash)|rolls?\s+of\s+(?:notes|cash)",
                r"(?:found|finds|find|comes\s+(?:home|back)\s+with|came\s+(?:home|back)\s+with)\s+"
                r"(?:£\s?\d[\d,]*|\d+\s+quid|loads\s+of\s+(?:cash|money)|cash|money)",
                r"money\s+(?:he|she|they)\s+(?:can'?t|cannot|won'?t)\s+explain",
            ),
        ),
        (
            "goods",
            _alt(
                r"(?:never|not|didn'?t|didnt|nobody|no\s+one|noone)\s+(?:\w+\s+)?(?:bought|paid\s+"
                r"for|gave)\b",
                r"(?:can'?t|cannot)\s+afford\b",
                r"(?:mate|friend|someone|somebody|lads?|older\s+\w+)\s+(?:gave|gives|bought|buys)\s+"
                r"(?:him|her|it|them)\b",
                r"designer\s+(?:stuff|clothes|gear)",
            ),
        ),
        (
            "phone",
            _alt(
                r"(?:2|two|second|extra|burner|secret)\s+(?:mobile\s+)?phones?\b|burner\b",
            ),
        ),
        (
            "late",
            _alt(
                r"(?:at|till|until|til|gone|past)\s+(?:1|2|3|4|5|one|two|three|four|five)\s*(?:am\b|"
                r"a\.m|in\s+the\s+morn\w*)",
                r"[1-5]\s*am\b",
                r"out\s+(?:all\s+night|till\s+all\s+hours|till\s+late|until\s+late)",
            ),
        ),
        (
            "debt",
            _alt(
                r"debt\b|owes?\s+(?:some|them|him|people|lads|money|\w+\s+money)\b|owed\b",
                r"pay\s+(?:it|them)\s+back|work\s+it\s+off",
            ),
        ),
    ),
    "online": (
        (
            "contact",
            _alt(
                r"(?:met|meet|know[sn]?|talk\w*\s+to|chat\w*\s+(?:to|with)|friend\w*'?|gamer|"
                r"someone|somebody|man|boy|girl|guy|lad|person|bloke|people)\s+(?:\S+\s+){0,3}?"
                r"(?:online\b|(?:on|from|off|via|through)\s+(?:" + _APPS + r")\b)",
                r"online\s+(?:friend|mate|boyfriend|girlfriend)",
            ),
        ),
        (
            "ask",
            _alt(
                r"(?:asks?|asking|asked|wants?|wanted)\s+(?:\w+\s+){0,2}?(?:for\s+)?(?:pics|photos|"
                r"pictures|nudes|selfies)\b",
                r"(?:wants?|asks?|asking|asked)\s+(?:\w+\s+){0,2}?(?:to\s+)?meet\b",
                r"(?:go|move|come|get)\s+(?:\w+\s+)?on(?:to)?\s+(?:snapchat|snap|whatsapp|telegram|"
                r"kik|discord|another\s+app|a\s+different\s+app)\b",
                r"wants\s+(?:him|her)\s+on\s+(?:snapchat|snap|whatsapp|telegram|kik|discord)\b",
            ),
        ),
    ),
    "gift": (
        (
            "gift",
            _alt(
                r"(?<!\bi\s)(?<!\bwe\s)(?:topped|tops?)\s+up\s+(?:her|his|their)\b",
                r"(?<!\bi\s)(?<!\bwe\s)(?:buy\w*|bought|sen[dt]\w*|gave|giv\w*)\s+(?:him|her|them)"
                r"\s+(?:\S+\s+){0,2}?(?:gifts?|presents?|v-?bucks|robux|credit|gift\s*cards?|"
                r"vouchers?|money|clothes|hoodie|trainers|things|stuff|£\d+)",
                r"gift\s*cards?",
            ),
        ),
    ),
    "endings": (
        (
            "giving",
            _alt(
                r"(?:giv\w*|gave|hand\w*\s+out)\s+(?:away\s+)?(?:all\s+)?(?:his|her|their|my)\s+"
                r"(?:\S+\s+){0,5}?(?:to|away)\b",
                r"(?:gave|giving|given|give)\s+away\b",
            ),
        ),
        (
            "not_needed",
            _alt(
                r"won'?t\s+(?:be\s+)?need(?:ing)?\s+(?:it|them|this|that|these|those|any|anything)\b",
                r"(?:will\s+not|not\s+(?:going\s+to|gonna))\s+need\s+(?:it|them)\b",
            ),
        ),
        (
            "gone",
            _alt(
                r"(?:won'?t|will\s+not|not|not\s+going\s+to|not\s+gonna)\s+be\s+(?:around|here)\b"
                r"(?!\s+(?:for\s+(?:pick|drop|the|collection|a\s+(?:few|couple|bit|week|day))|on\b|"
                r"next|this|today|tomorrow|tonight|at\b|until|till|after|in\s+the|when|then|that|"
                r"to\s+\w|over|during|between|from|by|either|so|and\s+(?:so|his|her)|to\b))",
            ),
        ),
        (
            "goodbye",
            _alt(
                r"goodbye\s+(?:note|letter|message|text|video)|(?:said|saying|say)\s+(?:goodbye|bye)"
                r"\s+to|final\s+(?:letter|message|goodbye)",
            ),
        ),
        (
            "despair",
            _alt(
                r"can'?t\s+(?:do|take|cope\s+with|handle)\s+(?:this|it)\s*(?:any\s*more|no\s+more)",
                r"can'?t\s+(?:go\s+on|carry\s+on|cope)\b",
                r"no\s+point\s+(?:in\s+)?(?:living|going\s+on|carrying\s+on|any\s*more)",
                r"end\s+it\s+all\b",
            ),
        ),
        (
            "better_off",
            _alt(
                r"(?:everyone|everybody|the\s+kids|the\s+children|they|he|she|we|you)\s+(?:would|"
                r"will|'d|'ll)\s+be\s+better\s+off\b",
                r"better\s+off\s+without\s+(?:me|him|her|us)\b",
            ),
        ),
        (
            "tablets",
            _alt(
                r"(?:my|his|her|the|all\s+the|all\s+my|all\s+his|all\s+her)\s+(?:tablets|pills|meds|"
                r"medication|painkillers|paracetamol)\s+(?:\w+\s+){0,3}?(?:on\s+the\s+(?:table|side|"
                r"bed)|lined\s+up|counted|saved|here|ready|stockpiled|collected)",
                r"(?:saving|saved|collecting|stockpiling|counting|hoarding)\s+(?:up\s+)?(?:his\s+|"
                r"her\s+|my\s+|the\s+)?(?:tablets|pills|meds|painkillers|paracetamol)",
                r"(?:got|have|'ve\s+got)\s+the\s+(?:tablets|pills)\s+(?:here|ready)",
            ),
        ),
    ),
}
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|me|my|myself)\b")
# Organised activities give older lads and cars their ordinary reason.
_ACTIVITY = re.compile(
    r"\b(?:club|team|match|training|practice|scouts|cadets|coach|squad|fixture|tournament|"
    r"rugby|football|cricket|netball|swimming|lesson)\b"
)


@dataclass(frozen=True)
class _Cue:
    family: str
    sub: str
    start: int
    end: int


@dataclass(frozen=True)
class _Combo:
    name: str
    category: str
    kcsie: str
    weight: float


_HARM_ADULT = _Combo("harm+adult", "disclosure", "physical abuse", 0.75)
_HARM_MARKS = _Combo("harm+marks", "injury", "physical abuse", 0.75)
_FEAR_HOME = _Combo("fear+home", "domestic_abuse", "domestic abuse", 0.7)
_SECRECY_ADULT = _Combo(
    "secrecy+adult", "concern", "emotional abuse (a secret kept from or for an adult)", 0.5
)
_NEGLECT = _Combo("neglect x2", "neglect", "neglect", 0.7)
_EXPLOIT = _Combo("exploitation x2", "exploitation", "child criminal exploitation", 0.7)
_ONLINE_SECRECY = _Combo(
    "online+secrecy", "online", "online grooming (child sexual exploitation)", 0.75
)
_ONLINE_GIFTS = _Combo(
    "online+gifts", "online", "online grooming (child sexual exploitation)", 0.75
)
_ONLINE_ASK = _Combo("online+ask", "online", "online grooming (child sexual exploitation)", 0.6)
_ENDINGS_CHILD = _Combo("endings", "self_harm", "mental health: risk of suicide or self-harm", 0.8)
_ENDINGS_PARENT = _Combo("endings", "parent_crisis", "a parent in crisis caring for children", 0.8)


def _find_cues(prep: Prepared) -> list[_Cue]:
    low = prep.lower
    found: list[_Cue] = []
    for family, subs in _FAMILIES.items():
        for sub, pattern in subs:
            found.extend(_Cue(family, sub, m.start(), m.end()) for m in pattern.finditer(low))
    if not _could_combine(found):
        return []
    # the same filters as the rules: idioms ("hit the roof"), a parent's "I could kill
    # him" about a lost jumper, rough play in a game
    as_hits = [Hit(c.start, c.end, _CUE_RULE) for c in found]
    kept = {(h.start, h.end) for h in _not_exasperation(prep, _not_idioms(prep, as_hits))}
    return [
        c
        for c in found
        if (c.start, c.end) in kept and not _own_accident(low, c) and not _a_surprise(prep, c)
    ]


_SURPRISE = _UNLESS["told to keep it between them"]


def _a_surprise(prep: Prepared, c: _Cue) -> bool:
    """A secret kept for a birthday or a present."""
    if c.family != "secrecy":
        return False
    s0, s1 = prep.clause_at(c.start)
    return bool(_SURPRISE.search(prep.lower, s0, max(s1, c.end)))


# "she hurt her knee", "he burnt his hand on the oven": an accident, not a blow
_ACCIDENT = re.compile(r"(?:hurt|burn|hit|bang|bump|twist|cut)\w*\s+(?:her|his)\s+" + _BODY)


def _own_accident(low: str, c: _Cue) -> bool:
    return c.sub == "blow" and bool(_ACCIDENT.match(low, c.start))


_CUE_RULE = rule("cue", "cue", 0.0, r"(?!)")
# families that combine only with another family ("mum" alone, "bruises" alone)
_PARTNERS_ONLY = frozenset({"adult", "marks", "gift"})


def _could_combine(found: list[_Cue]) -> bool:
    """Whether any combination is possible at all (most emails: no), before the dearer
    filters and the sentence split."""
    families = {c.family for c in found}
    if "endings" in families or (len(families - _PARTNERS_ONLY) > 0 and len(families) > 1):
        return True
    subs: dict[str, set[str]] = {}
    for c in found:
        subs.setdefault(c.family, set()).add(c.sub)
    return any(len(v) > 1 for v in subs.values())


def _combine(prep: Prepared, cues: list[_Cue]) -> list[tuple[_Combo, list[_Cue]]]:
    """The combinations in any sentence and the one after it, each named once."""
    starts = [s for s, _ in prep.spans]
    by_sentence: dict[int, list[_Cue]] = {}
    for c in cues:
        by_sentence.setdefault(max(0, bisect_right(starts, c.start) - 1), []).append(c)
    out: dict[str, tuple[_Combo, list[_Cue]]] = {}
    for i in sorted(by_sentence):
        window = by_sentence[i] + by_sentence.get(i + 1, [])
        lo = prep.spans[i][0]
        hi = prep.spans[min(i + 1, len(prep.spans) - 1)][1]
        for combo, used in _combos_in(prep, window, lo, hi):
            key = f"{combo.name}/{combo.category}"
            if key not in out:
                out[key] = (combo, used)
    return list(out.values())


def _combos_in(
    prep: Prepared, window: list[_Cue], lo: int, hi: int
) -> list[tuple[_Combo, list[_Cue]]]:
    fam: dict[str, list[_Cue]] = {}
    for c in window:
        fam.setdefault(c.family, []).append(c)

    def first(name: str) -> list[_Cue]:
        return fam[name][:1] if name in fam else []

    def distinct(name: str) -> list[_Cue]:
        seen: dict[str, _Cue] = {}
        for c in fam.get(name, []):
            seen.setdefault(c.sub, c)
        return list(seen.values())

    out: list[tuple[_Combo, list[_Cue]]] = []
    harm, adult, fear, secret = first("harm"), first("adult"), first("fear"), first("secrecy")
    online, gift = first("online"), first("gift")
    if harm and adult:
        out.append((_HARM_ADULT, harm + adult))
    if harm and "marks" in fam:
        out.append((_HARM_MARKS, harm + first("marks")))
    if fear and adult:
        out.append((_FEAR_HOME, fear + adult))
    if secret and online:
        out.append((_ONLINE_SECRECY, online + secret))
    elif secret and adult:
        combo = _SECRECY_ADULT
        if fear:
            combo = _Combo(combo.name, "domestic_abuse", "domestic abuse", 0.7)
        out.append((combo, secret + adult))
    if online and gift:
        out.append((_ONLINE_GIFTS, online + gift))
    online_kinds = distinct("online")
    if len(online_kinds) > 1:
        out.append((_ONLINE_ASK, online_kinds))
    neglect = distinct("neglect")
    if len(neglect) > 1:
        out.append((_NEGLECT, neglect))
    exploit = distinct("exploitation")
    if exploit and {c.sub for c in exploit} <= {"older", "car"}:
        if _ACTIVITY.search(prep.lower, lo, hi):
            exploit = []
    if len(exploit) > 1:
        out.append((_EXPLOIT, exploit))
    endings = distinct("endings")
    strong = [c for c in endings if _strong_ending(prep, c)]
    if len(endings) > 1 or strong:
        used = endings if len(endings) > 1 else strong
        mine = any(_first_person(prep, c) for c in used)
        out.append((_ENDINGS_PARENT if mine else _ENDINGS_CHILD, used))
    return out


def _first_person(prep: Prepared, c: _Cue) -> bool:
    """The writer's own words about themselves: "I can't go on", "my tablets"."""
    low = prep.lower
    return bool(_FIRST_PERSON.search(low, c.start, c.end)) or _prev_word_is_i(low, c.start)


def _prev_word_is_i(low: str, pos: int) -> bool:
    before = low[max(0, pos - 6) : pos].split()
    return bool(before) and before[-1] in {"i", "im", "i'm", "ive", "i've"}


def _strong_ending(prep: Prepared, c: _Cue) -> bool:
    text = prep.lower[c.start : c.end]
    if c.sub == "gone":
        return not _prev_word_is_i(prep.lower, c.start) and not re.match(r"we\b", text)
    if c.sub == "goodbye":
        return "said" not in text and "say" not in text
    if c.sub == "better_off":
        return "without" in text
    if c.sub == "despair":
        return "point" in text or "end it" in text
    return False


def _cue_hits(prep: Prepared, ruled: list[Hit]) -> tuple[list[Hit], list[dict[str, Any]]]:
    """Hits for the cue combinations, and the evidence of every combination; one over words
    a rule of the same category has already caught ("his dad hits him") adds no hit."""
    cues = _find_cues(prep)
    if not cues:
        return [], []
    hits: list[Hit] = []
    evidence: list[dict[str, Any]] = []
    for combo, used in _combine(prep, cues):
        words = [prep.text[c.start : c.end] for c in used]
        quoted = " + ".join(f'"{trim(w, 40)}"' for w in words)
        r = rule(
            f"{combo.name} ({combo.kcsie}): {quoted}",
            combo.category,
            combo.weight,
            r"(?!)",
            tag="cue",
        )
        start = min(c.start for c in used)
        end = max(c.end for c in used)
        if not any(
            h.rule.category == combo.category
            and h.rule.weight >= combo.weight
            and h.start < end
            and start < h.end
            for h in ruled
        ):
            hits.append(Hit(start, end, r))
        evidence.append(
            {
                "combination": combo.name,
                "category": combo.category,
                "kcsie": combo.kcsie,
                "words": [trim(w, 80) for w in words],
                "families": [c.family for c in used],
                "sentence": snippet(prep, start, end),
            }
        )
    return hits, evidence


_INDEX = RuleIndex(_RULES + _INDIRECT)


def detect(text: str, subject: str = "", settings: Settings = Settings()) -> Finding | None:
    head = subject.strip()
    prep = prepare(f"{head}\n\n{text}" if head else text)
    hits = _INDEX.hits(prep) + _extra(settings.extra_terms, prep.lower)
    if not settings.child_on_child:
        hits = [h for h in hits if h.rule.category != "child_on_child"]
    if hits and settings.mask_idioms:
        hits = _not_rough_play(prep, _not_idioms(prep, hits))
        hits = _not_belongings(prep, _not_exasperation(prep, hits))
        hits = _not_arrangements(prep, _not_ordinary(prep, hits))
        hits = _not_school_reason(prep, hits)
    hits = _strongest_per_span(hits) if hits else []
    cue_hits, cue_evidence = _cue_hits(prep, hits)
    hits += cue_hits

    remaining = 1.0
    for h in hits:
        remaining *= 1.0 - min(1.0, h.rule.weight)
    score = 1.0 - remaining
    if not hits or score < settings.min_score:
        return _second_opinion(text, subject, settings)

    hits.sort(key=lambda h: (-h.rule.weight, h.start))
    by_category: dict[str, int] = {}
    for h in hits:
        by_category[h.rule.category] = by_category.get(h.rule.category, 0) + 1
    matches = [
        {
            "term": h.rule.name,
            "category": h.rule.category,
            "text": trim(prep.text[h.start : h.end], 80),
            "sentence": snippet(prep, h.start, h.end),
            "weight": h.rule.weight,
            "in_subject": bool(head) and h.start < len(head),
        }
        for h in hits[:_MAX_MATCHES]
    ]
    top = hits[0]
    evidence: dict[str, Any] = {
        "strongest": top.rule.category,
        "categories": by_category,
        "matches": matches,
    }
    if cue_evidence:
        evidence["cues"] = cue_evidence
    return Finding(
        kind="safeguarding",
        score=round(min(1.0, score), 3),
        explanation=_explain(prep, top, len(hits)),
        evidence=evidence,
    )


FOLLOW_UP_DAYS = 30
_FOLLOWED_SCORE = 0.5  # how strong the earlier concern must be for its thread to follow
_LONDON = ZoneInfo("Europe/London")


def detect_follow_up(
    current: PastMessage, history: Sequence[PastMessage], settings: Settings = Settings()
) -> Finding | None:
    """A parent's follow-up in a thread where one of their own emails of the last
    ``FOLLOW_UP_DAYS`` raised a clear concern (score 0.5 or more, not only a playground
    matter or the model's resemblance) goes to the DSL too, whatever its own words: "he
    checks my phone, email only", a number to ring, "she's back home now". Call it when
    :func:`detect` found nothing in the follow-up itself."""
    if current.thread_id is None or current.direction != "inbound":
        return None
    if current.sender_kind != "parent":
        return None
    since = current.received_at - timedelta(days=FOLLOW_UP_DAYS)
    # The model's resemblance never makes a clear concern (it alerts at the weakest score).
    rules_only = replace(settings, model_threshold=0)
    for earlier in reversed(history):
        if (
            earlier.thread_id != current.thread_id
            or earlier.direction != "inbound"
            or earlier.sender_kind != "parent"
            or not since <= earlier.received_at < current.received_at
        ):
            continue
        if not _clear_concern(earlier, rules_only):
            continue
        day = earlier.received_at.astimezone(_LONDON).strftime("%a %-d %b")
        return Finding(
            kind="safeguarding",
            score=round(settings.min_score, 3),
            explanation=(
                f"A follow-up in a thread already passed to the DSL (the email of {day}): "
                "please add it to the record"
            ),
            evidence={
                "strongest": "follow_up",
                "categories": {},
                "matches": [],
                "follows": {
                    "message_id": earlier.message_id,
                    "received_at": earlier.received_at.isoformat(),
                },
            },
        )
    return None


_CONCERNS: OrderedDict[tuple[str, datetime, int, Settings], bool] = OrderedDict()
_CONCERNS_KEPT = 8192


def _clear_concern(earlier: PastMessage, settings: Settings) -> bool:
    """Whether the rules find a clear concern in ``earlier``: score 0.5 or more and not only
    a playground matter (a weak sign does not carry over to a whole thread). Remembered by
    Message-ID and a hash of the words (not the text, to stay small): every later email of a
    thread asks again about the same earlier ones."""
    key = (
        earlier.message_id,
        earlier.received_at,
        hash((earlier.text, earlier.subject)),
        settings,
    )
    known = _CONCERNS.get(key)
    if known is None:
        concern = detect(earlier.text, earlier.subject, settings)
        known = (
            concern is not None
            and concern.score >= _FOLLOWED_SCORE
            and concern.evidence.get("strongest") != "child_on_child"
        )
        _CONCERNS[key] = known
        if len(_CONCERNS) > _CONCERNS_KEPT:
            _CONCERNS.popitem(last=False)
    return known


def _second_opinion(text: str, subject: str, settings: Settings) -> Finding | None:
    """The matter model's view when no rule alerted (see the module docstring)."""
    # A few words say too little for a model's guess to mean anything ("hit the roof",
    # "safeguarding training"): the rules speak for short emails.
    if settings.model_threshold <= 0 or len(text.split()) < settings.model_min_words:
        return None
    from classifiers.matter import default_model  # trained or read once per process

    likelihood, words = default_model().likelihood(subject, text, "safeguarding")
    if likelihood < settings.model_threshold:
        return None
    shown = ", ".join(f'"{w}"' for w in words[:4]) or "its wording as a whole"
    return Finding(
        kind="safeguarding",
        score=round(settings.min_score, 3),  # the weakest alert: a resemblance, not a rule
        explanation=(
            f"Reads like the safeguarding examples (model {likelihood:.0%}; telling words: "
            f"{shown}) — no rule matched, please read it and pass it to the DSL if needed"
        ),
        evidence={
            "strongest": "model",
            "categories": {},
            "matches": [],
            "model": {"likelihood": round(likelihood, 3), "words": list(words)},
        },
    )


def _explain(prep: Prepared, top: Hit, n: int) -> str:
    label = CATEGORY_LABELS.get(top.rule.category, "A safeguarding worry")
    quote = snippet(prep, top.start, top.end, limit=120)
    if top.rule.tag == "cue":  # "physical abuse): "used the belt" + "husband"" and its sentence
        more = f" (and {n - 1} more)" if n > 1 else ""
        return f"{label} {top.rule.name.split(' ', 1)[1]}{more} — please pass to the DSL"
    more = f" (and {n - 1} more)" if n > 1 else ""
    return f'{label}: "{quote}"{more} — please pass to the DSL'


def _strongest_per_span(hits: list[Hit]) -> list[Hit]:
    """One hit per stretch of words: where hits overlap, the strongest stays, so that
    "his dad hits him" is a disclosure, not also a playground fight."""
    hits = sorted(hits, key=lambda h: (-h.rule.weight, h.start))
    kept: list[Hit] = []
    for h in hits:
        if any(h.start < k.end and k.start < h.end for k in kept):
            continue
        kept.append(h)
    return kept


@lru_cache(maxsize=16)
def _extra_rules(terms: tuple[str, ...]) -> tuple[Rule, ...]:
    return tuple(
        rule(phrase.lower(), category, _EXTRA_WEIGHT, phrase_regex(phrase))
        for category, phrase in parse_terms(terms, CATEGORIES, "concern")
    )


def _extra(terms: tuple[str, ...], low: str) -> list[Hit]:
    out: list[Hit] = []
    for r in _extra_rules(terms):
        out.extend(Hit(m.start(), m.end(), r) for m in r.pattern.finditer(low))
    return out
