"""Deterministic generator of realistic UK school office mail, for benchmarks.

    from bench.mailgen import generate
    for mail in generate(10_000, seed=1):
        imap.append(mail.folder, mail.raw, flags=mail.flags, msg_time=mail.internaldate)

or from the shell::

    python bench/mailgen.py --count 200 --out /tmp/maildir     # Maildir++ (INBOX + .Sent)
    python bench/mailgen.py --count 200 --mbox /tmp/office.mbox

What comes out is one term of an "Example Academy" office mailbox (``office@school.example``):
conversations between several hundred fictional parents and the school, one matter each
(absence, medical, SEN, homework, uniform, trips, payments, catering, transport, bullying,
meetings, lost property, clubs, contact details), with

* multipart/alternative text + HTML in the markup of the sender's client (Gmail, Outlook, Apple
  Mail on an iPhone, a webmail), quoted-printable encoded;
* about 60 % replies carrying the whole nested quoted history in that client's style (Gmail
  ``On … wrote:``, Outlook ``From: / Sent: / To: / Subject:`` blocks,
  ``-----Original Message-----``, Apple ``> On …, at …``) and proper ``In-Reply-To`` /
  ``References`` pointing at earlier generated messages of the same conversation; some
  parent chasers that keep the subject but carry no reply headers;
* staff replies: most from ``office@school.example`` in the ``Sent`` folder, some from a staff
  member's own address (Cc office) in ``INBOX``;
* some small attachments (random-byte PDF / JPEG, 2–30 KB), inline signature logos;
* a few per cent automated mail: out-of-office replies, bounces (multipart/report), newsletters;
* sizes from 5 KB to 50 KB, most between 8 and 20 KB.

Everything is fictional and uses reserved names only: ``example.com``, ``example.net``,
``example.org``, ``mail.example`` and ``school.example`` addresses, documentation IP ranges,
Ofcom drama telephone numbers. The output depends only on the arguments: the same
``(n, seed, start, parents)`` gives byte-identical messages.

Standard library only.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import html
import os
import random
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.header import Header
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

__all__ = ["GeneratedMail", "generate", "main", "SCHOOL_DOMAIN", "OFFICE_ADDRESS"]

LONDON = ZoneInfo("Europe/London")
SCHOOL_DOMAIN = "school.example"
OFFICE_ADDRESS = "office@school.example"
OFFICE_NAME = "Example Academy Office"
SCHOOL_NAME = "Example Academy"
DEFAULT_START = datetime(2026, 9, 2, tzinfo=LONDON)  # first day of the autumn term
TERM_DAYS = 107  # 2 September – 18 December 2026
HALF_TERM = (date(2026, 10, 26), date(2026, 10, 30))

MIN_SIZE = 5 * 1024
MAX_SIZE = 50_000

KIND_PARENT = "parent"
KIND_STAFF = "staff"
KIND_AUTO_REPLY = "auto-reply"
KIND_BOUNCE = "bounce"
KIND_NEWSLETTER = "newsletter"


@dataclass(frozen=True, slots=True)
class GeneratedMail:
    """One generated message, ready to APPEND or to write to a Maildir / mbox."""

    raw: bytes  # RFC 5322 message, CRLF line endings
    internaldate: datetime  # aware (Europe/London): when it arrived (INBOX) or was sent (Sent)
    folder: str  # "INBOX" or "Sent"
    message_id: str  # without angle brackets, as in the Message-ID header
    # Ground truth, handy for scoring threading/classification in benchmarks:
    kind: str = KIND_PARENT  # parent | staff | auto-reply | bounce | newsletter
    conversation: str = ""  # "c00042" for messages of one parent × matter conversation
    matter: str = ""  # absence, medical, sen, … ("" for automated mail)
    parent: str = ""  # the parent's address for conversation messages and auto-replies
    flags: tuple[str, ...] = ()  # IMAP flags: \Seen, \Answered


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

FEMALE_FIRST = (
    "Sarah Emma Laura Rebecca Claire Nicola Gemma Kelly Lisa Rachel Hannah Jessica Amy Charlotte "
    "Victoria Louise Joanne Helen Stacey Natalie Leanne Jade Danielle Kirsty Katie Lucy Sophie "
    "Hayley Zoe Michelle Samantha Jennifer Kate Amanda Emily Catherine Fiona Alison Ruth Megan "
    "Priya Aisha Fatima Sadia Nadia Yasmin Shabana Anjali Harpreet Simran Jaswinder Amina Khadija "
    "Ngozi Chioma Funmi Abena Grace Precious Agnieszka Kasia Monika Ioana Elena Maria Ana Lucia "
    "Aoife Niamh Siobhan Bethan Cerys Rhiannon Eilidh Morag Kerry Donna Tracey Carly Gail Joanna"
).split()
MALE_FIRST = (
    "James David Daniel Mark Paul Andrew Richard Michael Christopher Matthew Thomas Robert Steven "
    "Craig Lee Gareth Jamie Ryan Adam Ben Chris Dean Wayne Scott Neil Jonathan Simon Stuart Tom "
    "Liam Callum Kieran Martin Peter Ian Carl Darren Rob Nick Alex Mohammed Imran Tariq Asif "
    "Arjun Rajesh Sanjay Gurpreet Manjit Vikram Ravi Chinedu Emeka Kwame Tunde Samuel Tomasz "
    "Piotr Marek Andrei Mihai Luca Marco Diego Pedro Ciaran Sean Dylan Rhys Owen Huw Euan Fraser"
).split()
# A few names that need RFC 2047 encoding in headers.
NON_ASCII_FIRST_F = ("Zoë", "Siân", "Chloë", "Renée", "Begoña", "Małgorzata", "Agnès")
NON_ASCII_FIRST_M = ("Seán", "Ciarán", "José", "Łukasz", "Zoltán", "Ömer", "Rhodri-Siôn")
SURNAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker "
    "White Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell "
    "Rose Davis Rodriguez Cox Alexander Morgan Moore Hughes Turner Edwards Harris Scott Hill "
    "Cooper Ward Morris King Lee Baker Harrison Young Allen Martin Clark Bennett Shaw Lloyd Marsh "
    "Fletcher Grant Dawson Adeyemi Okafor Okonkwo Mensah Begum Hussain Ahmed Ali Akhtar Sharma "
    "Singh Kaur Gill Sandhu Chowdhury Rahman Nowak Kowalski Wisniewski Popescu Ionescu Rossi "
    "Ferreira Silva Murphy Kelly O'Brien Byrne Walsh Campbell Stewart MacDonald Reid Fraser "
    "Sutherland Price Pritchard Powell Jenkins Rees Barnes Palmer Holmes Chapman Webb Ellis "
    "Gibson Knight Hunt Mills Rogers Stevens Marshall Owen Russell Fisher Dixon Holt Barker Nash"
).split()
GIRLS = (
    "Amelia Olivia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Willow Evie Poppy "
    "Ella Daisy Sienna Florence Aria Esme Maya Layla Ruby Matilda Harper Hallie Emily Phoebe "
    "Zara Aisha Amara Maryam Hana Nia Alice Elsie Erin Ayla Eliza"
).split()
BOYS = (
    "Noah Oliver George Leo Arthur Muhammad Oscar Harry Archie Jack Henry Charlie Freddie Theo "
    "Alfie Jacob Thomas Teddy Finley Lucas Isaac Mason Ethan Max Joshua Tommy Reggie Albie Roman "
    "Ezra Toby Rory Louie Arjun Tobi Cian Zain Ibrahim Kai Dexter"
).split()

PARENT_DOMAINS = ("example.com", "example.net", "example.org", "mail.example")
CLIENTS = ("gmail", "outlook", "apple", "webmail", "outlook-classic")
CLIENT_WEIGHTS = (40, 22, 24, 8, 6)

YEARS = ("R", "1", "2", "3", "4", "5", "6")
# Two classes per year; the class name is the year plus the teacher's initial.
TEACHERS = (
    ("Miss", "Booth", "F"),
    ("Mrs", "Wren", "F"),
    ("Mrs", "Mills", "F"),
    ("Mr", "Asante", "M"),
    ("Mrs", "Bell", "F"),
    ("Miss", "Jafri", "F"),
    ("Miss", "Carter", "F"),
    ("Mr", "Doyle", "M"),
    ("Mr", "Okafor", "M"),
    ("Mrs", "Fenwick", "F"),
    ("Mrs", "Hanley", "F"),
    ("Miss", "Kaur", "F"),
    ("Mr", "Adams", "M"),
    ("Ms", "Lindsay", "F"),
)
OFFICE_PEOPLE = (
    ("Karen Holt", "Office Manager"),
    ("Beverley Nash", "Administrative Assistant"),
    ("Sam Iqbal", "Attendance Officer"),
)
ROLE_STAFF = {
    "senco": ("Sue", "Whitfield", "Mrs", "SENCO"),
    "deputy": ("Tom", "Barker", "Mr", "Deputy Headteacher and DSL"),
    "head": ("Angela", "Lawson", "Mrs", "Headteacher"),
    "business": ("Ravi", "Chandra", "Mr", "School Business Manager"),
}


@dataclass(slots=True)
class Child:
    first: str
    surname: str
    year: str
    cls: str
    teacher: str  # "Mr Okafor"
    teacher_first: str
    teacher_surname: str
    girl: bool


@dataclass(slots=True)
class Parent:
    first: str
    surname: str
    title: str
    display: str  # as in the From header
    address: str
    client: str
    mobile: bool  # writes from a phone (short sign-off lines, "Sent from my iPhone")
    children: list[Child]
    phone: str
    role_word: str  # "mum", "dad"


@dataclass(slots=True)
class Staff:
    display: str
    address: str
    signature_name: str
    title: str
    role: str
    folder: str  # "Sent" for the office account, "INBOX" for staff writing from their own address


def _teacher_for(year: str, k: int) -> tuple[str, str, str, str]:
    title, surname, _ = TEACHERS[YEARS.index(year) * 2 + k]
    cls = ("R" if year == "R" else year) + surname[0]
    first = {
        "Booth": "Leanne",
        "Wren": "Julie",
        "Mills": "Karen",
        "Asante": "Kofi",
        "Bell": "Diane",
        "Jafri": "Sana",
        "Carter": "Ellie",
        "Doyle": "Connor",
        "Okafor": "Daniel",
        "Fenwick": "Ruth",
        "Hanley": "Joanne",
        "Kaur": "Priya",
        "Adams": "Peter",
        "Lindsay": "Fiona",
    }[surname]
    return f"{title} {surname}", cls, first, surname


def _make_parents(rng: random.Random, count: int) -> list[Parent]:
    parents: list[Parent] = []
    used: set[str] = set()
    for _i in range(count):
        female = rng.random() < 0.72  # most school-office email comes from mums
        if rng.random() < 0.03:
            first = rng.choice(NON_ASCII_FIRST_F if female else NON_ASCII_FIRST_M)
        else:
            first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
        surname = rng.choice(SURNAMES)
        title = rng.choice(("Mrs", "Mrs", "Ms", "Miss")) if female else "Mr"
        if rng.random() < 0.03:
            title = "Dr"
        ascii_first = (
            first.replace("ë", "e")
            .replace("â", "a")
            .replace("é", "e")
            .replace("ñ", "n")
            .replace("ł", "l")
            .replace("Ł", "L")
            .replace("á", "a")
            .replace("Ö", "O")
            .replace("ô", "o")
            .replace("ó", "o")
            .replace("è", "e")
            .replace("ö", "o")
        )
        local_first = ascii_first.lower().replace("-", "")
        local_last = surname.lower().replace("'", "")
        pattern = rng.randrange(7)
        if pattern == 0:
            local = f"{local_first}.{local_last}"
        elif pattern == 1:
            local = f"{local_first}{local_last}{rng.randrange(1, 99)}"
        elif pattern == 2:
            local = f"{local_first[0]}.{local_last}"
        elif pattern == 3:
            local = f"{local_first}_{local_last}{rng.choice(('', '1', '84', '90', '2010'))}"
        elif pattern == 4:
            local = f"{local_last}{local_first[0]}"
        elif pattern == 5:
            local = f"{local_first}.{local_last}{rng.randrange(1, 20)}"
        else:
            local = f"the{local_last}family"
        domain = rng.choice(PARENT_DOMAINS)
        address = f"{local}@{domain}"
        while address in used:
            address = f"{local}{rng.randrange(100, 999)}@{domain}"
        used.add(address)
        style = rng.randrange(5)
        if style == 0:
            display = f"{title} {first[0]} {surname}"
        elif style == 1:
            display = f"{first} {surname}".upper() if rng.random() < 0.2 else f"{first} {surname}"
        else:
            display = f"{first} {surname}"
        client = rng.choices(CLIENTS, CLIENT_WEIGHTS)[0]
        kids: list[Child] = []
        for _k in range(rng.choices((1, 2, 3), (60, 32, 8))[0]):
            girl = rng.random() < 0.5
            year = rng.choice(YEARS)
            teacher, cls, tfirst, tsurname = _teacher_for(year, rng.randrange(2))
            kid_surname = surname if rng.random() < 0.82 else rng.choice(SURNAMES)
            kids.append(
                Child(
                    rng.choice(GIRLS if girl else BOYS),
                    kid_surname,
                    year,
                    cls,
                    teacher,
                    tfirst,
                    tsurname,
                    girl,
                )
            )
        parents.append(
            Parent(
                first=first,
                surname=surname,
                title=title,
                display=display,
                address=address,
                client=client,
                mobile=client == "apple" or rng.random() < 0.25,
                children=kids,
                phone=f"07700 900{rng.randrange(1000):03d}",
                role_word="mum" if female else "dad",
            )
        )
    return parents


def _office_staff(rng: random.Random) -> Staff:
    name, title = rng.choice(OFFICE_PEOPLE)
    return Staff(OFFICE_NAME, OFFICE_ADDRESS, name, title, "office", "Sent")


def _role_staff(role: str) -> Staff:
    first, surname, title, job = ROLE_STAFF[role]
    return Staff(
        f"{first} {surname}",
        f"{first[0].lower()}.{surname.lower()}@{SCHOOL_DOMAIN}",
        f"{title} {first[0]} {surname}",
        job,
        role,
        "INBOX",
    )


def _teacher_staff(child: Child) -> Staff:
    return Staff(
        f"{child.teacher_first} {child.teacher_surname}",
        f"{child.teacher_first[0].lower()}.{child.teacher_surname.lower()}@{SCHOOL_DOMAIN}",
        f"{child.teacher}",
        f"Class Teacher ({child.cls})",
        "teacher",
        "INBOX",
    )


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
ILLNESS = (
    "a temperature",
    "a sickness bug",
    "a bad cold",
    "an ear infection",
    "tonsillitis",
    "a chest infection",
    "conjunctivitis",
    "a migraine",
    "a tummy bug",
    "a nasty cough",
    "chickenpox",
    "a high temperature and a headache",
    "a sore throat",
    "D&V",
)
LOST = (
    "navy school jumper",
    "PE bag",
    "water bottle",
    "reading folder",
    "black winter coat",
    "lunchbox",
    "school cardigan",
    "black trainers",
    "book bag",
    "glasses case",
    "bottle green fleece",
    "swimming bag",
)
TRIPS = (
    "the Science Museum",
    "the Natural History Museum",
    "Warwick Castle",
    "the fire station",
    "the pantomime",
    "the farm park",
    "the Roman villa",
    "the Sea Life centre",
    "Kew Gardens",
    "the residential at Kingswood",
    "the local library",
    "the Imperial War Museum",
)
CLUBS = (
    "breakfast club",
    "after-school club",
    "football club",
    "choir",
    "gymnastics club",
    "coding club",
    "art club",
    "netball club",
    "drama club",
    "multi-sports club",
)
HOMEWORK = (
    "spellings",
    "Times Tables Rock Stars",
    "reading record",
    "maths homework",
    "topic project",
    "online reading books",
    "science homework",
    "phonics sheet",
    "Spelling Shed login",
    "homework grid",
)
UNIFORM = (
    "school shoes",
    "PE kit",
    "logo jumper",
    "winter coat",
    "hair accessories",
    "earrings",
    "black trainers",
    "summer dress",
    "book bag",
    "tights",
    "school tie",
    "fleece",
)
TRANSPORT = ("the school bus", "the taxi", "the minibus", "council transport", "the walking bus")
MEDICAL = (
    "inhaler",
    "EpiPen",
    "antibiotics",
    "eczema cream",
    "hay fever tablets",
    "Calpol",
    "insulin",
    "eye drops",
)
CONDITION_MEDICINE = {
    "asthma": ("inhaler", "blue inhaler and spacer"),
    "a nut allergy": ("EpiPen", "EpiPens and antihistamine"),
    "eczema": ("eczema cream", "emollient"),
    "type 1 diabetes": ("insulin", "hypo kit"),
    "epilepsy": ("rescue medication", "buccal midazolam"),
    "a dairy allergy": ("antihistamine",),
    "migraines": ("Calpol", "migraine tablets"),
    "hay fever": ("hay fever tablets", "eye drops"),
}
CONDITIONS = (
    "asthma",
    "a nut allergy",
    "eczema",
    "type 1 diabetes",
    "epilepsy",
    "coeliac disease",
    "a dairy allergy",
    "migraines",
    "hay fever",
)
SEN_TERMS = (
    "EHCP",
    "SEN support plan",
    "one-page profile",
    "IEP targets",
    "annual review",
    "speech and language referral",
    "educational psychologist assessment",
    "sensory circuit",
    "ADHD assessment",
    "autism assessment",
    "1:1 support",
    "ELSA sessions",
    "SALT report",
)
CLOSINGS = (
    "Many thanks",
    "Thanks",
    "Thank you",
    "Kind regards",
    "Best wishes",
    "Regards",
    "Thanks very much",
    "Thanks in advance",
    "Cheers",
    "Many thanks in advance",
    "Warm regards",
)
GREETINGS = (
    "Hello",
    "Hi",
    "Good morning",
    "Dear Sir/Madam",
    "Hi there",
    "Dear office",
    "Good afternoon",
    "Hello,",
    "Morning",
    "Dear {teacher}",
    "Hi {teacher}",
)


def _money(rng: random.Random) -> str:
    return f"£{rng.randrange(2, 95)}.{rng.choice(('00', '40', '50', '20', '75', '60', '10'))}"


def _day_date(rng: random.Random, around: datetime, past: bool = False) -> str:
    d = around + timedelta(days=-rng.randrange(2, 12) if past else rng.randrange(1, 15))
    while d.weekday() >= 5:
        d += timedelta(days=-1 if past else 1)
    n = d.day
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{d:%A} {n}{suffix}" if rng.random() < 0.6 else f"{d:%A} {n} {d:%B}"


def _clock(rng: random.Random) -> str:
    h = rng.choice((9, 10, 11, 12, 1, 2, 3))
    m = rng.choice(("00", "15", "30", "45", "10", "20", "40"))
    return f"{h}.{m}{'am' if h >= 9 and h != 12 else 'pm'}"


# Each matter: (subject templates, openings, details, asks, chasers, staff replies, parent replies).
# Placeholders are filled from _fill(); {he}/{his}/{him}/{He}/{His} follow the child.
MATTERS: dict[str, dict[str, tuple[str, ...]]] = {
    "absence": {
        "subject": (
            "{child_full} {cls} - absent today",
            "{child} off sick",
            "Absence - {child_full}",
            "{child_full} absence",
            "{child} won't be in today",
            "Absence {cls} {child_full}",
            "{child} - not in school today",
        ),
        "open": (
            "{child} is off today with {illness}.",
            "Just to let you know {child} won't be in school today, {he} has {illness}.",
            "I'm keeping {child} at home today as {he} was up in the night with {illness}.",
            "{child} ({cls}) is poorly with {illness} so won't be in today.",
            "Sorry for the late notice but {child} has woken up with {illness} and isn't well "
            "enough for school.",
        ),
        "detail": (
            "{He} was {temp} this morning and very lethargic.",
            "We'll keep {him} off for 48 hours as per the sickness policy.",
            "I'll let you know tomorrow morning how {he} is.",
            "{He} should hopefully be back on {date}.",
            "I've booked a GP appointment for this afternoon to get {him} checked over.",
            "{His} brother/sister is fine and will be in as normal.",
            "Could you let {teacher} know please.",
            "{He} has been complaining about it since the weekend so I think it's best {he} rests.",
        ),
        "ask": (
            "Please could you let {teacher} know.",
            "Could any work be sent home for {him}?",
            "Please pass this on to {his} class teacher.",
            "",
            "",
        ),
        "chase": (
            "Just to update you, {child} is still not right so I'm keeping {him} off again today.",
            "{child} is still unwell today, I've spoken to the GP and {he} should be back on "
            "{date}.",
            "Following on from yesterday, {child} is feeling a bit better but still has {illness} "
            "so will be off one more day.",
        ),
        "staff": (
            "Thank you for letting us know. I have recorded {child}'s absence and passed the "
            "message on to {teacher}. We hope {he} feels better soon.",
            "Thanks for letting us know, {child}'s absence has been recorded as illness. Please "
            "ring the office on the morning if {he} is still unwell tomorrow.",
            "Thank you. Get well soon to {child} from everyone in {cls}. Please remember to let us "
            "know each day {he} is off.",
        ),
        "reply": (
            "Thank you. {child} is feeling much better and will be back tomorrow.",
            "Thanks for passing that on, much appreciated.",
            "Thank you, {he}'s on the mend now.",
        ),
    },
    "medical": {
        "subject": (
            "{child_full} - medication",
            "Care plan for {child_full}",
            "Medical form for {child}",
            "{child_full} {cls} - {medicine}",
            "Medicine in school - {child}",
            "{child}'s {medicine}",
        ),
        "open": (
            "{child} has been prescribed {medicine} and needs a dose at lunchtime.",
            "I'm writing to let you know {child} has been diagnosed with {condition}.",
            "{child}'s {medicine} in the office runs out of date at the end of the month.",
            "Following {child}'s appointment at the hospital, the consultant has updated {his} "
            "care plan for {condition}.",
        ),
        "detail": (
            "I'll bring the medicine in at drop off with the signed form.",
            "The pharmacy label has {his} name and the dosage on it.",
            "{He} has had two episodes this half term so we are keeping a closer eye on it.",
            "The letter from the consultant is attached.",
            "{He} is fine to do PE but may need {his} {medicine} beforehand.",
            "Please could {teacher} and the lunchtime staff be made aware?",
            "{He} knows what to do but can get a bit anxious about it.",
            "The school nurse said she would be in touch about updating the plan.",
        ),
        "ask": (
            "Do I need to fill in a new medicine form?",
            "Could someone confirm the office has received it?",
            "Please can you let me know if you need anything else from me.",
            "Is there a first aider on the trip who can give it?",
        ),
        "chase": (
            "Just checking the medicine form reached you? I haven't heard back.",
            "I sent the care plan last week but {child} says nobody has mentioned it to {him}.",
            "Sorry to chase - could you confirm the {medicine} is in the office now?",
        ),
        "staff": (
            "Thank you for letting us know. We have updated {child}'s medical record and {teacher} "
            "and the first aid team are aware. Please bring the {medicine} to the office with the "
            "completed medicine form.",
            "Thank you. The medicine form is on the website under Parents > Forms; once it is "
            "signed we can give {child} {his} {medicine} at lunchtime.",
            "We have received the care plan and a copy is now in the classroom and with the "
            "lunchtime team.",
        ),
        "reply": (
            "Thank you, I'll drop the form in tomorrow morning.",
            "That's great, thank you for sorting it so quickly.",
            "Thanks. Will someone let me know if {he} needs it during the day?",
        ),
    },
    "sen": {
        "subject": (
            "{child_full} - {sen}",
            "SEN support for {child}",
            "{child} {cls} - {sen}",
            "Message for the SENCO re {child_full}",
            "{child}'s {sen}",
            "Support for {child} in class",
        ),
        "open": (
            "Please could this be passed to the SENCO.",
            "I'd like to ask about {child}'s {sen}.",
            "I'm writing about the support {child} is getting in class this year.",
            "{child} has been finding school really hard since half term and I'm worried {his} "
            "needs aren't being met.",
        ),
        "detail": (
            "{His} EHCP says {he} should have 1:1 support at lunchtimes, but {he} tells me {he} is "
            "often on {his} own.",
            "The educational psychologist recommended a quiet space {he} can go to when {he} is "
            "overwhelmed.",
            "We are still waiting for the ADHD assessment and the paediatrician asked for a report "
            "from school.",
            "The speech and language therapist has sent new targets which I've attached.",
            "{He} comes home exhausted and is masking all day, then melts down as soon as {he} "
            "gets in.",
            "The annual review is due this term and I haven't had a date yet.",
            "{His} TA has changed three times this year and {he} finds that really unsettling.",
            "The sensory circuit in the mornings was really helping, is it still happening?",
        ),
        "ask": (
            "Could we arrange a meeting with the SENCO?",
            "Please could I have a copy of {his} current SEN support plan?",
            "Can you tell me what support is in place at the moment?",
            "When will the annual review paperwork be sent out?",
        ),
        "chase": (
            "I emailed about {child}'s {sen} last week and haven't heard anything back yet.",
            "Just following up on my email below - I'd really appreciate an update on {child}'s "
            "support.",
            "I'm still waiting to hear from the SENCO about {child}. The review is getting close "
            "now.",
        ),
        "staff": (
            "Thank you for your email. {child}'s annual review is booked for {date} at {time}, and "
            "I will send the school's contribution a fortnight beforehand.",
            "Thank you for getting in touch. I have spoken to {teacher} and {child}'s 1:1 support "
            "at lunchtimes is in place; there was cover last week while {his} TA was absent.",
            "I would be happy to meet to talk about {child}'s support plan. Would {date} at {time} "
            "suit you?",
        ),
        "reply": (
            "Thank you, that's reassuring. {date} is fine for me.",
            "Thanks for the update. Could the EP report also be added to the review papers?",
            "Thank you for getting back to me. I'll bring the SALT report with me.",
        ),
    },
    "homework": {
        "subject": (
            "Homework - {child_full}",
            "{homework} - {child}",
            "{child} {cls} homework",
            "Question about {homework}",
            "{child}'s {homework}",
            "Homework query",
        ),
        "open": (
            "{child} can't log into {homework} - it says {his} username isn't recognised.",
            "We haven't had any {homework} come home this week.",
            "{child} has been really struggling with the {homework} and was in tears last night.",
            "I'm not sure what {child} is supposed to be doing for the {homework}.",
        ),
        "detail": (
            "{He} says the teacher told them it was due on {date}.",
            "We've looked in {his} book bag and on the website and can't find it.",
            "{He} is worried about getting a dojo taken off for not doing it.",
            "We spent over an hour on it and {he} still didn't understand the method.",
            "{His} older sister had the same login last year and it worked fine.",
            "We don't have a printer at home at the moment so can't print the sheet.",
        ),
        "ask": (
            "Could {teacher} let me know what {he} should be doing?",
            "Please could the login be reset?",
            "Could a paper copy be sent home?",
            "Is there a way we can help at home?",
        ),
        "chase": (
            "Just following up on the {homework} - {child} still can't log in.",
            "Sorry to chase, has anyone had a chance to look at the {homework} problem?",
        ),
        "staff": (
            "Thank you for letting us know. {teacher} has reset {child}'s {homework} login and put "
            "the new details in {his} reading record.",
            "Thanks for your email. {teacher} says the {homework} is due next {day} and {child} "
            "can come to homework club on Wednesday lunchtime for help.",
            "{teacher} will send a paper copy home in {child}'s book bag today.",
        ),
        "reply": (
            "Thank you, that's worked now.",
            "Thanks so much, {he}'s much happier.",
            "Great, thank you for sorting it.",
        ),
    },
    "uniform": {
        "subject": (
            "Uniform question",
            "{uniform} - {child}",
            "Uniform - {child_full} {cls}",
            "Question about {uniform}",
            "Uniform query",
        ),
        "open": (
            "Quick uniform question about {uniform}.",
            "{child} has grown out of {his} {uniform} again.",
            "{child} was told off today for wearing {uniform} and I'm a bit confused about the "
            "rules.",
            "Is it OK for {child} to wear {uniform} until we can get to the uniform shop?",
        ),
        "detail": (
            "The uniform shop has run out of {his} size until after half term.",
            "{He} has a foot injury at the moment so can't get {his} school shoes on.",
            "Money is a bit tight this month so I'd rather not buy the logo version if plain is "
            "allowed.",
            "The uniform list on the website says something different to the letter.",
            "{He} was the only one in {his} class without it.",
        ),
        "ask": (
            "Is there a second-hand uniform sale coming up?",
            "Could you confirm what is allowed?",
            "Please could {teacher} be told so {he} doesn't get into trouble?",
            "Where is the best place to buy it?",
        ),
        "chase": ("I emailed last week about {child}'s {uniform} but haven't heard back.",),
        "staff": (
            "A plain version is fine - the logo is optional. The PTA run a pre-loved uniform sale "
            "on the first Friday of each month after school.",
            "Thank you for letting us know. {child} is fine to wear {uniform} for now and we have "
            "let {teacher} know.",
            "The uniform policy is on the website under Parents > Uniform. {uniform} must be plain "
            "and dark; no logos needed.",
        ),
        "reply": (
            "Thank you, that's really helpful.",
            "Brilliant, thanks. We'll come along to the sale.",
        ),
    },
    "trip": {
        "subject": (
            "Trip to {trip} - {child}",
            "{cls} trip consent",
            "Consent for {trip}",
            "Year {year} trip - {child_full}",
            "Trip payment and consent - {child}",
            "Question about the trip to {trip}",
        ),
        "open": (
            "{child} brought home the letter about the trip to {trip} but the consent slip has "
            "gone missing.",
            "I'd like to give consent for {child} to go on the trip to {trip} on {date}.",
            "I have a couple of questions about the trip to {trip}.",
            "We can't afford the contribution for the trip to {trip} this month.",
        ),
        "detail": (
            "{He} has {condition} so {he}'ll need {his} {medicine} with {him}.",
            "Will the school be providing packed lunches or should I send {him} in with {his} own?",
            "I'm happy to help as a parent volunteer if you need more adults.",
            "What time will the coach be back - {he} has an appointment at 5.",
            "{He} gets quite travel sick on coaches.",
            "Can I pay in instalments on ParentPay?",
        ),
        "ask": (
            "Can I give consent by email?",
            "Could another slip be sent home?",
            "Please let me know what {he} needs to bring.",
            "Is there any help available with the cost?",
        ),
        "chase": (
            "Just checking you received my consent for {child} for the trip to {trip}?",
            "Sorry to chase but the trip is next week and I haven't heard back about the packed "
            "lunch.",
        ),
        "staff": (
            "Consent by email is fine - please reply to confirm you give permission and we will "
            "add it to {child}'s record. The contribution can be paid on ParentPay.",
            "Thank you. {child} is welcome to bring {his} own packed lunch, and {his} medication "
            "will travel with {teacher} who is first aid trained.",
            "Please don't worry about the contribution; we will make sure {child} can go. I have "
            "added a note to {his} record.",
        ),
        "reply": (
            "Thank you. I give permission for {child} to go on the trip to {trip}.",
            "Thanks, I'll pay on ParentPay tonight.",
            "That's kind, thank you so much.",
        ),
    },
    "payment": {
        "subject": (
            "ParentPay - {child_full}",
            "Dinner money",
            "ParentPay balance",
            "Payment query - {child}",
            "ParentPay account",
            "Overpayment on ParentPay",
        ),
        "open": (
            "I've had a reminder from ParentPay saying {child}'s account is {money} in arrears.",
            "I think I've been charged twice for {club} on ParentPay.",
            "I can't see the trip payment for {trip} on ParentPay.",
            "Could you tell me what {child}'s ParentPay balance is?",
        ),
        "detail": (
            "{He} has a packed lunch on Mondays and Fridays so only has school dinners three days "
            "a week.",
            "I paid {money} on {past_date} and it hasn't shown up.",
            "I've attached a screenshot of my bank statement.",
            "{He} should be on free school meals from this term.",
            "My partner may have paid as well, so it might be a double payment.",
        ),
        "ask": (
            "Could someone in the office check the bookings please?",
            "Can the overpayment be refunded or carried over?",
            "Please let me know what I owe.",
            "",
        ),
        "chase": (
            "I emailed about the ParentPay balance last week and I've had another reminder today.",
            "Still waiting to hear about the overpayment please.",
        ),
        "staff": (
            "Thank you for getting in touch. I have checked {child}'s bookings and corrected them; "
            "the balance now shows as {money}.",
            "You were quite right - there was a duplicate booking. I have refunded {money} to your "
            "ParentPay account.",
            "I can confirm {child} is registered for free school meals, so no payment for dinners "
            "is needed.",
        ),
        "reply": (
            "Thank you for sorting that out.",
            "Great, thanks very much.",
            "Thanks. I've paid the balance now.",
        ),
    },
    "catering": {
        "subject": (
            "School dinners - {child}",
            "Lunch menu question",
            "{child} {cls} - dinners",
            "Packed lunch / dinners",
            "Allergy and school meals - {child_full}",
        ),
        "open": (
            "{child} says {he} isn't getting enough to eat at lunchtime.",
            "Could you tell me whether the school dinners are suitable for {condition}?",
            "{child} would like to switch from packed lunches to school dinners after half term.",
            "{child} came home hungry again and said the hot option had run out by the time {his} "
            "class got there.",
        ),
        "detail": (
            "{He} is a fussy eater and only really eats the jacket potato option.",
            "We're vegetarian and {he} said {he} was given a sausage roll.",
            "The menu on the website seems to be last year's.",
            "{His} class is always the last into the hall.",
        ),
        "ask": (
            "Could someone from the kitchen let me know?",
            "Please can you update {his} dinner choice?",
            "Is there a copy of the allergen information?",
            "",
        ),
        "chase": ("Just following up on my email about {child}'s lunches.",),
        "staff": (
            "Thank you for letting us know. I have spoken to the kitchen team and {child}'s "
            "dietary requirements are now on the board in the kitchen.",
            "The current menu is on the website and ParentPay. The catering manager says there is "
            "always a vegetarian and a jacket potato option available to every class.",
            "I've changed {child}'s booking to school dinners from {date}.",
        ),
        "reply": ("Thank you, that's reassuring.", "Thanks for looking into it."),
    },
    "transport": {
        "subject": (
            "School transport - {child}",
            "{transport} this morning",
            "{transport} - {child_full}",
            "Transport problem",
            "Pick up arrangements for {child}",
        ),
        "open": (
            "{transport} didn't turn up again this morning so {child} was late.",
            "{child}'s grandad will be collecting {him} on {date} as I'm working.",
            "I need to change {child}'s pick up arrangements from next week.",
            "{child} said {transport} dropped {him} off at the wrong stop yesterday.",
        ),
        "detail": (
            "This is the third time this month.",
            "{He} was waiting in the rain for 40 minutes.",
            "The password for collection is the same as before.",
            "I've rung the council transport team and they said to contact the school.",
            "{His} childminder will collect on Tuesdays and Thursdays.",
        ),
        "ask": (
            "Could you please make sure {teacher} knows?",
            "Who should I contact about this?",
            "Can the late mark be removed as it wasn't {his} fault?",
            "",
        ),
        "chase": (
            "Following up on {transport} - it was late again today.",
            "I still haven't had an answer about the pick up arrangements and it's {date} "
            "tomorrow.",
        ),
        "staff": (
            "Thank you for letting us know. I have updated {child}'s collection arrangements and "
            "let {teacher} know.",
            "I'm sorry to hear that. We have contacted the transport team and the late mark has "
            "been removed.",
            "Thank you - the office has a note that {child} will be collected by {his} grandad on "
            "{date}.",
        ),
        "reply": ("Thank you.", "Thanks for sorting that.", "Thank you, much appreciated."),
    },
    "bullying": {
        "subject": (
            "{child} being picked on",
            "Bullying - {child_full}",
            "Problem at playtime - {child}",
            "Concern about {child} {cls}",
            "What happened at lunchtime today",
            "{child} upset about other children",
        ),
        "open": (
            "I'm really upset about what has been happening to {child} at lunchtimes.",
            "{child} came home in tears again today because some children in {his} class keep "
            "leaving {him} out and calling {him} names.",
            "I want to raise a concern about how {child} is being treated by a group of older "
            "children.",
            "{child} told me tonight that {he} was pushed over on the playground and nobody saw.",
        ),
        "detail": (
            "This has been going on since the start of term.",
            "{He} has a bruise on {his} arm and {his} coat was ripped.",
            "{He} is now saying {he} has a tummy ache every morning and doesn't want to come in.",
            "I told the lunchtime supervisor a fortnight ago and was told it would be looked into.",
            "It's also happening on the class group chat in the evenings.",
            "{He} has always loved school and this isn't like {him} at all.",
        ),
        "ask": (
            "I would like to know what is being done to keep {him} safe.",
            "Could I have a meeting with {teacher}?",
            "Please can someone call me about this.",
            "Can I have a copy of the anti-bullying policy?",
        ),
        "chase": (
            "I emailed about {child} on {past_date} and nothing seems to have changed.",
            "{child} came home upset again today. I really need to know what is being done.",
            "I haven't had a reply to my last email and {child} is still being picked on.",
        ),
        "staff": (
            "Thank you for your email, and I'm sorry to hear how unsettled {child} has been. I "
            "have spoken to {teacher} and the lunchtime team, and an adult will be stationed where "
            "{child} plays this week.",
            "I have spoken to the children involved and their parents are being contacted. I would "
            "like to meet with you and {teacher} - would {date} at {time} suit you?",
            "Thank you for letting us know. {teacher} will check in with {child} every morning and "
            "{he} can go to our learning mentor at any time.",
        ),
        "reply": (
            "Thank you for getting back to me. {date} is fine.",
            "Thank you, I feel better knowing something is being done.",
            "Thanks. {child} said today was a better day.",
        ),
    },
    "meeting": {
        "subject": (
            "Meeting request - {child_full}",
            "Can I speak to {teacher}?",
            "Meeting with {teacher}",
            "Request for a meeting",
            "{child} {cls} - could we meet?",
            "Parents evening - {child_full}",
        ),
        "open": (
            "Please could I arrange a meeting with {teacher} about {child}'s progress?",
            "I'd like to book a parents' evening appointment with {teacher}.",
            "Would it be possible to have a quick chat with {teacher} about {child}?",
            "I'd like to meet to discuss {child}'s end of term report.",
        ),
        "detail": (
            "{His} reading book hasn't changed for a couple of weeks.",
            "{He} says {he} finds the maths group hard.",
            "I can come in after school on a Tuesday or Thursday, or first thing before 9.",
            "{child}'s dad and I are separated, so please could we have separate appointments?",
            "I work shifts so a phone call might be easier.",
        ),
        "ask": (
            "Please let me know what times are available.",
            "Could someone get back to me with a time?",
            "",
        ),
        "chase": (
            "Just following up on my meeting request below.",
            "Has {teacher} had a chance to look at dates for a meeting?",
        ),
        "staff": (
            "{teacher} can meet you on {date} at {time} in the {cls} classroom. Please let me know "
            "if that doesn't suit.",
            "I have booked you in with {teacher} at {time} on {date}. Separate appointments are no "
            "problem.",
            "{teacher} will give you a ring on {date} after school.",
        ),
        "reply": (
            "Thank you, {date} at {time} is fine.",
            "Perfect, see you then.",
            "Thanks. Could we make it a bit later?",
        ),
    },
    "lost": {
        "subject": (
            "Lost {lost} - {child_full}",
            "Lost property",
            "{child}'s {lost}",
            "Missing {lost}",
            "Has anyone seen a {lost}?",
        ),
        "open": (
            "{child} came home without {his} {lost} on {day}.",
            "{child}'s {lost} has gone missing - it has {his} name on the label.",
            "I'm afraid {child}'s {lost} still hasn't turned up.",
        ),
        "detail": (
            "{He} thinks {he} left it on {his} peg after PE.",
            "It's the third one we've lost this term.",
            "It might have got mixed up with another class's things.",
            "I've written {his} name on everything now in permanent marker!",
        ),
        "ask": (
            "Please could someone check lost property?",
            "Could {teacher} ask the class to check their bags?",
            "",
        ),
        "chase": (
            "Sorry to chase - has {child}'s {lost} turned up yet?",
            "Still no sign of the {lost}, could someone have one more look?",
        ),
        "staff": (
            "Good news - the {lost} has been found and {child} will bring it home today.",
            "I'm afraid we haven't found it yet, but we have asked all classes to check their "
            "pegs.",
            "Lost property is in the hall by the piano; you're welcome to come and look after "
            "school.",
        ),
        "reply": (
            "Thank you so much!",
            "Brilliant, thanks for finding it.",
            "Thanks, I'll pop in after school.",
        ),
    },
    "clubs": {
        "subject": (
            "{club} - {child}",
            "Question about {club}",
            "{club} booking",
            "{child_full} - {club}",
        ),
        "open": (
            "Are there any spaces left in {club} for next half term?",
            "{child} would like to join {club}.",
            "I need to cancel {child}'s place in {club}.",
            "{child} said {club} was cancelled on {day} but we didn't get a message.",
        ),
        "detail": (
            "I'm on early shifts on {date} so would need to drop {him} off at 7.45.",
            "{He} really enjoyed it last year.",
            "Do I book it through ParentPay?",
            "We were waiting outside for 20 minutes before anyone told us.",
        ),
        "ask": (
            "Please let me know.",
            "Could you confirm the place?",
            "Is there a waiting list?",
            "",
        ),
        "chase": ("Just checking whether there's a space for {child} in {club}?",),
        "staff": (
            "There are spaces on both days. {club} can be booked on ParentPay under Clubs up to "
            "the day before.",
            "I'm sorry for the confusion - the coach was ill. Messages went out by text but not by "
            "email; we will send both in future.",
            "{child} has been added to the waiting list for {club}.",
        ),
        "reply": ("Thanks, booked now.", "Thank you.", "Great, {he}'ll be pleased."),
    },
    "contact": {
        "subject": (
            "Change of contact details",
            "New phone number",
            "Change of address - {child_full}",
            "Updated email address",
            "{child} - contact details",
            "Emergency contacts",
        ),
        "open": (
            "Please could you update my phone number on {child}'s record to {phone}.",
            "We have moved house and I'd like to update {child}'s address.",
            "Please could you add {child}'s grandma as an emergency contact.",
            "My old email address no longer works, please use this one from now on.",
        ),
        "detail": (
            "The new address is 14 Example Close.",
            "I'm not getting the texts from school.",
            "Please also update {his} brother's record.",
            "I've also filled in the form on the app.",
        ),
        "ask": ("Could you confirm when it's done?", "", "Do you need proof of address?"),
        "chase": (
            "Just checking my contact details have been updated as I didn't get today's text.",
        ),
        "staff": (
            "Thank you, I have updated {child}'s record.",
            "Done - we now have the new number and address on file.",
            "Thank you. Could you pop in with a utility bill when convenient so we can update the "
            "address?",
        ),
        "reply": ("Thanks.", "Thank you.", "Thanks, will do."),
    },
}
MATTER_WEIGHTS = {
    "absence": 15,
    "medical": 7,
    "sen": 7,
    "homework": 8,
    "uniform": 6,
    "trip": 8,
    "payment": 8,
    "catering": 5,
    "transport": 5,
    "bullying": 6,
    "meeting": 9,
    "lost": 5,
    "clubs": 4,
    "contact": 4,
}
MATTER_RESPONDER = {
    "sen": "senco",
    "bullying": "deputy",
    "homework": "teacher",
    "meeting": "teacher",
    "payment": "business",
}
LENGTHS = (1, 2, 3, 4, 5, 6, 7, 8)
LENGTH_WEIGHTS = (30, 22, 16, 12, 8, 5, 4, 3)
SHOUTING = (
    "I HAVE NOW ASKED {n} TIMES AND STILL NOBODY HAS GOT BACK TO ME. THIS IS NOT GOOD ENOUGH.",
    "I AM NOT GOING TO KEEP BEING FOBBED OFF. I WANT SOMEONE TO RING ME TODAY.",
    "WHY IS NOBODY ANSWERING MY EMAILS? {CHILD} IS STILL HAVING PROBLEMS AND NOTHING HAS CHANGED.",
)
CHASE_OPENERS = (
    "Just following up on my email below.",
    "Sorry to chase,",
    "Hi again,",
    "I'm writing again because I haven't had a reply.",
    "Further to my previous email,",
    "I still haven't heard anything back.",
    "Any update on this please?",
)
DISCLAIMER = (
    "This email and any attachments are confidential and intended solely for the addressee. If you "
    "have received it in error please tell the sender and delete it. {school} is an academy trust "
    "registered in England and Wales. Any views expressed are those of the author and not "
    "necessarily those of the trust. Email is not a secure medium; please do not send sensitive "
    "personal information unless it is encrypted. If you have a safeguarding concern about a "
    "child, please telephone the school on 01632 960123 and ask for the Designated Safeguarding "
    "Lead; outside school hours contact the local authority children's services front door."
)


def _fill(rng: random.Random, parent: Parent, child: Child, at: datetime) -> dict[str, str]:
    girl = child.girl
    condition = rng.choice(CONDITIONS)
    medicine = rng.choice(CONDITION_MEDICINE.get(condition, MEDICAL))
    return {
        "child": child.first,
        "child_full": f"{child.first} {child.surname}",
        "cls": child.cls,
        "year": child.year,
        "teacher": child.teacher,
        "illness": rng.choice(ILLNESS),
        "temp": rng.choice(("38.2", "38.6", "39", "37.9", "very hot", "burning up")),
        "date": _day_date(rng, at),
        "day": rng.choice(DAYS),
        "time": _clock(rng),
        "lost": rng.choice(LOST),
        "trip": rng.choice(TRIPS),
        "club": rng.choice(CLUBS),
        "homework": rng.choice(HOMEWORK),
        "uniform": rng.choice(UNIFORM),
        "transport": rng.choice(TRANSPORT),
        "medicine": medicine,
        "condition": condition,
        "sen": rng.choice(SEN_TERMS),
        "past_date": _day_date(rng, at, past=True),
        "money": _money(rng),
        "phone": parent.phone,
        "he": "she" if girl else "he",
        "his": "her" if girl else "his",
        "him": "her" if girl else "him",
        "He": "She" if girl else "He",
        "His": "Her" if girl else "His",
    }


def _fmt(template: str, fill: dict[str, str]) -> str:
    s = template.format_map(fill)
    return s[0].upper() + s[1:] if s else s


# --------------------------------------------------------------------------------------------
# Planning
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Conv:
    cid: str
    parent: Parent
    child: Child
    matter: str
    fill: dict[str, str]
    subject: str
    staff: Staff | None = None
    records: list[_Record] | None = None


@dataclass(slots=True)
class _Slot:
    when: datetime
    seq: int
    kind: str
    conv: _Conv | None = None
    pos: int = 0
    target: _Slot | None = None  # auto-reply / bounce: the staff slot they answer
    headerless: bool = False  # parent chaser without reply headers
    from_role: bool = (
        False  # staff message from the conversation's staff member rather than the office
    )
    delay: timedelta = timedelta(0)  # auto-reply / bounce: seconds after the target
    is_target: bool = False  # an auto-reply or bounce answers this one: keep its record
    answered: bool = False  # a later staff message replies to this one
    record: _Record | None = None


@dataclass(slots=True)
class _Record:
    """What later replies need of an already rendered message."""

    message_id: str
    references: list[str]
    subject: str
    from_display: str
    from_address: str
    to_line: str
    when: datetime
    own_plain: str
    own_html: str
    client: str
    prev: _Record | None
    full_plain: str = ""
    full_html: str = ""
    recipient: str = ""
    recipient_display: str = ""


def _term_days(start: datetime, days: int) -> list[date]:
    out = []
    for i in range(days):
        d = (start + timedelta(days=i)).date()
        out.append(d)
    return out


def _is_working(d: date) -> bool:
    return d.weekday() < 5 and not (HALF_TERM[0] <= d <= HALF_TERM[1])


PARENT_HOURS = tuple(range(6, 24))
PARENT_HOUR_WEIGHTS = (2, 8, 9, 5, 4, 4, 5, 4, 3, 4, 5, 5, 5, 7, 9, 9, 6, 2)


def _parent_time(rng: random.Random, day: date) -> datetime:
    h = rng.choices(PARENT_HOURS, PARENT_HOUR_WEIGHTS)[0]
    return datetime(
        day.year, day.month, day.day, h, rng.randrange(60), rng.randrange(60), tzinfo=LONDON
    )


def _staff_time(rng: random.Random, after: datetime) -> datetime:
    t = after + timedelta(minutes=rng.randrange(40, 60 * 30))
    for _ in range(30):
        d = t.date()
        if _is_working(d) and 8 <= t.hour < 17:
            return t.replace(second=rng.randrange(60))
        if _is_working(d) and t.hour < 8:
            t = t.replace(hour=8, minute=rng.randrange(0, 59))
        else:
            t = (t + timedelta(days=1)).replace(hour=8, minute=rng.randrange(0, 59))
    return t


def _plan(
    n: int, rng: random.Random, start: datetime, n_parents: int, days: int
) -> tuple[list[_Slot], list[Parent]]:
    parents = _make_parents(rng, n_parents)
    # A minority of parents writes most of the mail.
    weights = [3.0 if i < n_parents // 10 else 1.0 for i in range(n_parents)]
    n_auto = n // 80 if n >= 40 else 0
    n_bounce = n // 160 if n >= 80 else 0
    n_news = max(n // 80, 1 if n >= 10 else 0)
    n_conv_msgs = n - n_auto - n_bounce - n_news
    all_days = _term_days(start, days)
    matters = list(MATTER_WEIGHTS)
    matter_w = list(MATTER_WEIGHTS.values())
    slots: list[_Slot] = []
    seq = 0
    produced = 0
    cnum = 0
    end = start + timedelta(days=days)
    while produced < n_conv_msgs:
        parent = rng.choices(parents, weights)[0]
        child = rng.choice(parent.children)
        matter = rng.choices(matters, matter_w)[0]
        length = min(rng.choices(LENGTHS, LENGTH_WEIGHTS)[0], n_conv_msgs - produced)
        if matter == "absence" and length > 3:
            length = rng.choice((1, 2, 3))
        day0 = rng.choice(all_days)
        if not _is_working(day0) and rng.random() < 0.6:
            day0 = rng.choice(all_days)
        t = _parent_time(rng, day0)
        fill = _fill(rng, parent, child, t)
        conv = _Conv(
            f"c{cnum:05d}",
            parent,
            child,
            matter,
            fill,
            _fmt(rng.choice(MATTERS[matter]["subject"]), fill),
        )
        cnum += 1
        responder = MATTER_RESPONDER.get(matter)
        if responder and rng.random() < 0.45:
            conv.staff = _teacher_staff(child) if responder == "teacher" else _role_staff(responder)
        prev: _Slot | None = None
        for pos in range(length):
            if pos == 0:
                kind = KIND_PARENT
            elif prev is not None and prev.kind == KIND_STAFF:
                kind = KIND_PARENT
            else:
                kind = KIND_STAFF if rng.random() < 0.42 else KIND_PARENT
            if pos > 0:
                assert prev is not None
                if kind == KIND_STAFF:
                    t = _staff_time(rng, prev.when)
                else:
                    gap = timedelta(
                        hours=rng.uniform(2, 40) if prev.kind == KIND_STAFF else rng.uniform(8, 48)
                    )
                    t = prev.when + gap
                    t = _parent_time(rng, t.date())
                    if t <= prev.when + timedelta(minutes=20):
                        t = prev.when + timedelta(
                            minutes=rng.randrange(20, 240), seconds=rng.randrange(60)
                        )
            slot = _Slot(t, seq, kind, conv, pos)
            slot.from_role = kind == KIND_STAFF and conv.staff is not None and rng.random() < 0.8
            slot.headerless = (
                kind == KIND_PARENT
                and pos > 0
                and prev is not None
                and prev.kind == KIND_PARENT
                and rng.random() < 0.15
            )
            if kind == KIND_STAFF and prev is not None:
                prev.answered = True
            seq += 1
            slots.append(slot)
            prev = slot
        produced += length
    # Out-of-office replies and bounces answer mail the office account sent.
    staff_slots = [s for s in slots if s.kind == KIND_STAFF and not s.from_role]
    for kind, count in ((KIND_AUTO_REPLY, n_auto), (KIND_BOUNCE, n_bounce)):
        for _ in range(count):
            if staff_slots:
                target = rng.choice(staff_slots)
                target.is_target = True
                delay = timedelta(seconds=rng.randrange(3, 240))
                slots.append(
                    _Slot(target.when + delay, seq, kind, target.conv, target=target, delay=delay)
                )
            else:
                slots.append(
                    _Slot(
                        _parent_time(rng, rng.choice(all_days)).replace(hour=10),
                        seq,
                        KIND_NEWSLETTER,
                    )
                )
            seq += 1
    for _ in range(n_news):
        d = rng.choice([d for d in all_days if d.weekday() < 5] or all_days)
        slots.append(
            _Slot(
                datetime(
                    d.year,
                    d.month,
                    d.day,
                    rng.choice((7, 9, 10, 12, 16)),
                    rng.randrange(60),
                    0,
                    tzinfo=LONDON,
                ),
                seq,
                KIND_NEWSLETTER,
            )
        )
        seq += 1
    for s in slots:  # keep everything inside the term (and never before start)
        if s.when >= end:
            s.when = end - timedelta(minutes=(s.seq % 600) + 1)
        if s.when < start:
            s.when = start + timedelta(minutes=s.seq % 600)
    slots.sort(key=lambda s: (s.when, s.seq))
    # Replies must come after what they answer: sorting may reorder clamped slots of a conversation.
    last: dict[str, datetime] = {}
    for s in slots:
        if s.conv is not None and s.kind in (KIND_PARENT, KIND_STAFF):
            before = last.get(s.conv.cid)
            if before is not None and s.when <= before:
                s.when = before + timedelta(minutes=5)
            last[s.conv.cid] = s.when
    for s in slots:  # automated answers follow what they answer by seconds
        if s.target is not None:
            s.when = s.target.when + s.delay
    slots.sort(key=lambda s: (s.when, s.seq))
    return slots, parents


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _token(rng: random.Random, k: int, alphabet: str = _B62) -> str:
    return "".join(rng.choices(alphabet, k=k))


def _hex(rng: random.Random, k: int) -> str:
    return rng.randbytes((k + 1) // 2).hex()[:k].upper()


def _b64(rng: random.Random, nbytes: int) -> str:
    return base64.b64encode(rng.randbytes(nbytes)).decode("ascii")


def _addr(display: str, address: str) -> str:
    if not display:
        return address
    if display.isascii():
        if any(c in display for c in ",.()<>@;:\"'"):
            return f'"{display}" <{address}>'
        return f"{display} <{address}>"
    return f"{Header(display, 'utf-8').encode()} <{address}>"


def _subject_header(subject: str) -> str:
    if not subject.isascii():
        return Header(subject, "utf-8", header_name="Subject").encode()
    if len(subject) <= 66:
        return subject
    cut = subject.rfind(" ", 0, 66)
    return subject if cut < 0 else subject[:cut] + "\n " + subject[cut + 1 :]


def _fold_ids(ids: list[str]) -> str:
    return "\n ".join(f"<{i}>" for i in ids)


def _message_id(rng: random.Random, client: str, domain: str, seq: int) -> str:
    if client == "gmail":
        return f"CA{_token(rng, 8)}{seq:x}{_token(rng, 30)}@mail.example"
    if client == "outlook":
        box = f"LO4P{rng.randrange(100, 399)}MB{rng.randrange(1000, 9999)}"
        return f"{box}{_hex(rng, 24)}{seq:X}@{box}.GBRP{rng.randrange(100, 399)}.mail.example"
    if client == "outlook-classic":
        a, b, c = _hex(rng, 4).lower(), _hex(rng, 8).lower(), _hex(rng, 8).lower()
        return f"{a}01dd{seq:04x}${b}${c}$@{domain}"
    if client == "apple":
        h = _hex(rng, 32)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{seq:04X}{h[20:28]}@{domain}"
    if client == "staff":
        box = f"LO2P265MB{rng.randrange(1000, 9999)}"
        return f"{box}{_hex(rng, 24)}{seq:X}@{box}.GBRP265.{SCHOOL_DOMAIN}"
    return f"{rng.randrange(10**9, 10**10)}.{seq}.{rng.randrange(10**12, 10**13)}@webmail.{domain}"


def _received_chain(rng: random.Random, client: str, from_domain: str, when: datetime) -> list[str]:
    hops = []
    t = when
    ip = f"{rng.choice(('192.0.2', '198.51.100', '203.0.113'))}.{rng.randrange(1, 254)}"
    qid = _hex(rng, 11)
    hops.append(
        f"Received: from mail-{_token(rng, 6).lower()}.{from_domain} "
        f"(mail-{_token(rng, 6).lower()}.{from_domain} [{ip}])\n"
        f"\tby mx.{SCHOOL_DOMAIN} (Postfix) with ESMTPS id {qid}\n"
        f"\tfor <{OFFICE_ADDRESS}>; {format_datetime(t + timedelta(seconds=2))}"
    )
    for _ in range(rng.randrange(1, 4)):
        hops.append(
            "Received: by "
            f"2002:a05:{rng.randrange(6000, 7000)}:{_hex(rng, 4).lower()}:b0:"
            f"{_hex(rng, 3).lower()}:"
            f"{_hex(rng, 4).lower()}:{_hex(rng, 4).lower()} with SMTP id "
            f"{_token(rng, 12).lower()}csp{rng.randrange(10**6, 10**7)};\n"
            f"        {format_datetime(t)}"
        )
    return hops


def _dkim(rng: random.Random, domain: str, when: datetime) -> str:
    sig = _b64(rng, 256)
    body = _b64(rng, 32)
    folded = "\n\t ".join(sig[i : i + 70] for i in range(0, len(sig), 70))
    return (
        f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; "
        f"s=s{rng.randrange(2020, 2027)};\n"
        f"\tt={int(when.timestamp())}; x={int(when.timestamp()) + 604800};\n"
        f"\th=to:subject:message-id:date:from:in-reply-to:references:mime-version:from:to:cc:subject:date:message-id:reply-to;\n"
        f"\tbh={body};\n\tb={folded}"
    )


def _inbound_trace(rng: random.Random, client: str, address: str, when: datetime) -> list[str]:
    domain = address.rsplit("@", 1)[1]
    lines = [f"Return-Path: <{address}>", f"Delivered-To: {OFFICE_ADDRESS}"]
    lines += _exchange_inbound(rng, when)
    lines += _received_chain(rng, client, domain, when)
    lines.append(
        f"Authentication-Results: mx.{SCHOOL_DOMAIN};\n\tdkim=pass (2048-bit key) "
        f"header.d={domain} "
        f"header.i=@{domain} header.b={_token(rng, 8)};\n\tspf=pass (mx.{SCHOOL_DOMAIN}: domain of "
        f"{address} "
        f"designates 198.51.100.{rng.randrange(1, 254)} as permitted sender) "
        f"smtp.mailfrom={address};\n"
        f"\tdmarc=pass (p=NONE sp=QUARANTINE dis=NONE) header.from={domain}"
    )
    lines.append(_dkim(rng, domain, when))
    if client in ("gmail", "outlook") or rng.random() < 0.3:
        lines.append(
            f"ARC-Seal: i=1; a=rsa-sha256; t={int(when.timestamp())}; cv=none; d={domain}; "
            "s=arc-2026;\n\tb="
            + "\n\t ".join(_b64(rng, 256)[i : i + 70] for i in range(0, 344, 70))
        )
        lines.append(
            f"ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; "
            "s=arc-2026;\n"
            "\th=to:subject:message-id:date:from:mime-version:dkim-signature;\n"
            f"\tbh={_b64(rng, 32)};\n\tb="
            + "\n\t ".join(_b64(rng, 256)[i : i + 70] for i in range(0, 344, 70))
        )
    if client == "outlook":
        lines += [
            "X-MS-Has-Attach: ",
            "X-MS-TNEF-Correlator: ",
            "x-ms-publictraffictype: Email",
            "x-ms-traffictypediagnostic: "
            f"LO4P{rng.randrange(100, 399)}MB{rng.randrange(1000, 9999)}:EE_|"
            f"CWLP{rng.randrange(100, 399)}MB{rng.randrange(1000, 9999)}:EE_",
            "x-ms-office365-filtering-correlation-id: "
            f"{_hex(rng, 8).lower()}-{_hex(rng, 4).lower()}-{_hex(rng, 4).lower()}-"
            f"{_hex(rng, 4).lower()}-{_hex(rng, 12).lower()}",
            "x-microsoft-antispam: "
            "BCL:0;ARA:13230040|8062599012|19110799012|15080799012|461199028|8060799015|440099028|3412199025|102099032;",
            "x-microsoft-antispam-message-info:\n "
            + "\n ".join(_b64(rng, 57) for _ in range(rng.randrange(6, 14))),
            "x-forefront-antispam-report: "
            "CIP:255.255.255.255;CTRY:;LANG:en;SCL:1;SRV:;IPV:NLI;SFV:NSPM;"
            f"H:LO4P{rng.randrange(100, 399)}MB.GBRP.mail.example;PTR:;CAT:NONE;"
            "SFS:(13230040)(8062599012)(19110799012);DIR:OUT;SFP:1102;",
        ]
    return lines


def _guid(rng: random.Random) -> str:
    h = rng.randbytes(16).hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _folded_b64(rng: random.Random, nbytes: int, width: int = 76) -> str:
    data = _b64(rng, nbytes)
    return "\n ".join(data[i : i + width] for i in range(0, len(data), width))


_TENANT = "5f3c2a71-0e4b-4d6a-9c1e-7b2d8f0a6e13"


def _exchange_inbound(rng: random.Random, when: datetime) -> list[str]:
    """What Exchange Online stamps on mail delivered to the school's (Microsoft 365) mailbox."""
    utc = when.astimezone(UTC)
    stamp = f"{utc:%d %b %Y %H:%M:%S.}{rng.randrange(1000):03d} (UTC)"
    box = f"LO2P265MB{rng.randrange(1000, 9999)}"
    sfs = "".join(f"({rng.randrange(10**7, 10**10)})" for _ in range(rng.randrange(6, 16)))
    eng = "".join(f"({rng.randrange(10**6, 10**10)})" for _ in range(rng.randrange(8, 20)))
    return [
        f"Received: from {box}.GBRP265.{SCHOOL_DOMAIN} "
        f"(2603:10a6:600:{_hex(rng, 3).lower()}::{rng.randrange(10, 99)})\n"
        f" by {box}.GBRP265.{SCHOOL_DOMAIN} with HTTPS; {format_datetime(when)}",
        "Received: from "
        f"AM{rng.randrange(1, 9)}PEPF0000{_hex(rng, 5)}.eurprd04.prod.{SCHOOL_DOMAIN} "
        f"(2603:10a6:20b::{rng.randrange(10, 99)})\n"
        f" by {box}.GBRP265.{SCHOOL_DOMAIN} "
        f"(2603:10a6:600:{_hex(rng, 3).lower()}::{rng.randrange(10, 99)}) with "
        "Microsoft SMTP Server (version=TLS1_2,\n cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) "
        f"id 15.20.{rng.randrange(8000, 9400)}.{rng.randrange(10, 40)};"
        f" {format_datetime(when)}",
        f"X-MS-Exchange-Organization-ExpirationStartTime: {stamp}",
        "X-MS-Exchange-Organization-ExpirationStartTimeReason: OriginalSubmit",
        "X-MS-Exchange-Organization-ExpirationInterval: 1:00:00:00.0000000",
        "X-MS-Exchange-Organization-ExpirationIntervalReason: OriginalSubmit",
        f"X-MS-Exchange-Organization-Network-Message-Id: {_guid(rng)}",
        "X-EOPAttributedMessage: 0",
        "X-EOPTenantAttributedMessage: " + _TENANT + ":0",
        "X-MS-Exchange-Organization-MessageDirectionality: Incoming",
        "X-MS-PublicTrafficType: Email",
        f"X-MS-TrafficTypeDiagnostic: AM{rng.randrange(1, 9)}PEPF0000{_hex(rng, 5)}:EE_|{box}:EE_",
        f"X-MS-Office365-Filtering-Correlation-Id: {_guid(rng)}",
        "X-MS-Exchange-AtpMessageProperties: SA|SL",
        "X-MS-Exchange-Organization-SCL: 1",
        "X-Microsoft-Antispam: BCL:0;ARA:13230040|"
        + "|".join(str(rng.randrange(10**9, 10**10)) for _ in range(rng.randrange(4, 12)))
        + ";",
        "X-Forefront-Antispam-Report: "
        f"CIP:198.51.100.{rng.randrange(1, 254)};CTRY:GB;LANG:en;SCL:1;SRV:;IPV:NLI;SFV:NSPM;\n"
        f" H:mail-out.example;PTR:mail-out.example;CAT:NONE;SFS:{sfs};\n DIR:INB;",
        f"X-MS-Exchange-CrossTenant-OriginalArrivalTime: {stamp.replace(' (UTC)', '')}",
        f"X-MS-Exchange-CrossTenant-Network-Message-Id: {_guid(rng)}",
        f"X-MS-Exchange-CrossTenant-Id: {_TENANT}",
        "X-MS-Exchange-CrossTenant-AuthSource: AM1PEPF000252DF.eurprd04.prod.school.example",
        "X-MS-Exchange-CrossTenant-AuthAs: Anonymous",
        "X-MS-Exchange-CrossTenant-FromEntityHeader: Internet",
        f"X-MS-Exchange-Transport-CrossTenantHeadersStamped: {box}",
        "X-MS-Exchange-Transport-EndToEndLatency: "
        f"00:00:0{rng.randrange(1, 9)}.{rng.randrange(10**6, 10**7)}",
        "X-MS-Exchange-Processed-By-BccFoldering: 15.20.8880.010",
        f"X-Microsoft-Antispam-Mailbox-Delivery:\n ucf:0;jmr:0;auth:0;dest:I;ENG:{eng};",
        "X-Microsoft-Antispam-Message-Info:\n " + _folded_b64(rng, rng.randrange(900, 3600)),
    ]


def _finish(rng: random.Random, text: str) -> bytes:
    """CRLF bytes of a message, grown to MIN_SIZE with an (ignored) anti-spam header if short."""
    short = MIN_SIZE + 40 - len(text)
    if short > 0:
        pad = (
            "X-Microsoft-Antispam-Message-Info-Original:\n "
            + _folded_b64(rng, short * 3 // 4 + 60)
            + "\n"
        )
        text = text.replace("MIME-Version: 1.0\n", pad + "MIME-Version: 1.0\n", 1)
    return text.replace("\n", "\r\n").encode("utf-8")


def _p_html(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>\n")


_OUTLOOK_STYLE = """<style><!--
/* Font Definitions */
@font-face
\t{font-family:"Cambria Math";
\tpanose-1:2 4 5 3 5 4 6 3 2 4;}
@font-face
\t{font-family:Calibri;
\tpanose-1:2 15 5 2 2 2 4 3 2 4;}
@font-face
\t{font-family:Aptos;}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{margin:0cm;
\tfont-size:11.0pt;
\tfont-family:"Calibri",sans-serif;
\tmso-ligatures:standardcontextual;
\tmso-fareast-language:EN-US;}
a:link, span.MsoHyperlink
\t{mso-style-priority:99;
\tcolor:#0563C1;
\ttext-decoration:underline;}
span.EmailStyle19
\t{mso-style-type:personal-reply;
\tfont-family:"Calibri",sans-serif;
\tcolor:windowtext;}
.MsoChpDefault
\t{mso-style-type:export-only;
\tfont-size:10.0pt;
\tmso-ligatures:none;}
@page WordSection1
\t{size:612.0pt 792.0pt;
\tmargin:72.0pt 72.0pt 72.0pt 72.0pt;}
div.WordSection1
\t{page:WordSection1;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]-->"""


def _own_html(client: str, paragraphs: list[str], rng: random.Random) -> str:
    """The sender's own words as their client would mark them up (no quote)."""
    if client == "gmail":
        inner = "<div><br></div>".join(f"<div>{_p_html(p)}</div>" for p in paragraphs)
        return f'<div dir="ltr">{inner}</div>'
    if client == "apple":
        inner = '<div dir="ltr"><br></div>'.join(
            f'<div dir="ltr">{_p_html(p)}</div>' for p in paragraphs
        )
        return f'<div dir="ltr">{inner}</div>'
    if client == "webmail":
        cls = f"ydp{_hex(rng, 8).lower()}yahoo-style-wrap"
        inner = '<div dir="ltr" data-setdir="false"><br></div>'.join(
            f'<div dir="ltr" data-setdir="false">{_p_html(p)}</div>' for p in paragraphs
        )
        return (
            f'<div class="{cls}" style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;'
            f'font-size:13px;">{inner}</div>'
        )
    if client == "outlook":
        style = (
            "font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, "
            "sans-serif; "
            "font-size: 12pt; color: rgb(0, 0, 0);"
        )
        return "\n".join(
            f'<div class="elementToProof" style="{style}">{_p_html(p)}<br><br></div>'
            for p in paragraphs
        )
    # staff / outlook-classic: Word HTML
    return "\n".join(
        f'<p class="MsoNormal">{_p_html(p)}<o:p></o:p></p>\n<p '
        'class="MsoNormal"><o:p>&nbsp;</o:p></p>'
        for p in paragraphs
    )


def _staff_signature_html(staff: Staff, logo_cid: str | None) -> str:
    logo = (
        (
            '<p class="MsoNormal"><img width="180" height="60" '
            'style="width:1.875in;height:.625in" '
            f'id="Picture_x0020_1" src="cid:{logo_cid}" alt="{SCHOOL_NAME} logo"></p>'
        )
        if logo_cid
        else ""
    )
    return (
        '<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" '
        'style="border-collapse:collapse">'
        f'<tr><td width="380" valign="top" style="width:285pt;padding:0cm 5.4pt 0cm 5.4pt">'
        '<p class="MsoNormal"><b><span '
        f'style="font-size:10.0pt;color:#1F3864">{html.escape(staff.signature_name)}</span></b></p>'
        '<p class="MsoNormal"><span '
        f'style="font-size:10.0pt;color:#1F3864">{html.escape(staff.title)}</span></p>'
        f'<p class="MsoNormal"><span style="font-size:10.0pt;color:#1F3864">{SCHOOL_NAME} | 01632 '
        "960123 | "
        "<a "
        f'href="https://www.school.example/">www.school.example</a></span></p>{logo}</td></tr></table>'
        '<p class="MsoNormal"><span '
        f'style="font-size:7.5pt;color:gray">{html.escape(DISCLAIMER.format(school=SCHOOL_NAME))}</span></p>'
    )


def _attr_line(style: str, prev: _Record) -> tuple[str, str]:
    """(plain, html) attribution/header block that introduces the quoted previous message."""
    w = prev.when
    who_plain = (
        f"{prev.from_display} <{prev.from_address}>" if prev.from_display else prev.from_address
    )
    who_html = (
        f"{html.escape(prev.from_display)} &lt;<a "
        f'href="mailto:{prev.from_address}">{prev.from_address}</a>&gt;'
        if prev.from_display
        else f'<a href="mailto:{prev.from_address}">{prev.from_address}</a>'
    )
    if style == "gmail":
        s = f"On {w:%a}, {w.day} {w:%b %Y} at {w:%H:%M}, {who_plain} wrote:"
        return s, f"On {w:%a}, {w.day} {w:%b %Y} at {w:%H:%M}, {who_html} wrote:"
    if style == "apple":
        s = f"On {w.day} {w:%b %Y}, at {w:%H:%M}, {who_plain} wrote:"
        return s, f"On {w.day} {w:%b %Y}, at {w:%H:%M}, {who_html} wrote:"
    if style == "webmail":
        s = f"On {w:%A}, {w.day} {w:%B %Y} at {w:%H:%M:%S} {w.tzname()}, {who_plain} wrote:"
        return s, f"On {w:%A}, {w.day} {w:%B %Y} at {w:%H:%M:%S} {w.tzname()}, {who_html} wrote:"
    if style == "outlook-classic":
        h12 = w.hour % 12 or 12
        sent = f"{w:%A}, {w:%B} {w.day}, {w.year} {h12}:{w:%M} {'AM' if w.hour < 12 else 'PM'}"
        s = (
            f"-----Original Message-----\nFrom: {who_plain}\nSent: {sent}\nTo: {prev.to_line}\n"
            f"Subject: {prev.subject}"
        )
        return s, s
    # outlook / staff
    s = (
        f"________________________________\nFrom: {who_plain}\nSent: {w:%d %B %Y %H:%M}\nTo: "
        f"{prev.to_line}\n"
        f"Subject: {prev.subject}"
    )
    h = (
        f"<b>From:</b> {who_html}<br><b>Sent:</b> {w:%d %B %Y %H:%M}<br><b>To:</b> "
        f"{html.escape(prev.to_line)}<br>"
        f"<b>Subject:</b> {html.escape(prev.subject)}"
    )
    return s, h


def _quote(
    style: str, own_plain: str, own_html: str, prev: _Record | None, depth: int
) -> tuple[str, str]:
    """The whole body, own words + quoted history nested ``depth`` deep, as plain and HTML."""
    if prev is None or depth <= 0:
        return own_plain, own_html
    if depth >= 99:  # quote exactly what the previous message carried
        q_plain, q_html = prev.full_plain, prev.full_html
    else:
        q_plain, q_html = _quote(prev.client, prev.own_plain, prev.own_html, prev.prev, depth - 1)
    attr_plain, attr_html = _attr_line(style, prev)
    if style in ("gmail", "webmail"):
        quoted = "\n".join(("> " + line) if line else ">" for line in q_plain.split("\n"))
        plain = f"{own_plain}\n\n{attr_plain}\n\n{quoted}\n"
        if style == "gmail":
            h = (
                f'{own_html}<br><div class="gmail_quote gmail_quote_container"><div dir="ltr" '
                'class="gmail_attr">'
                f'{attr_html}<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px '
                "0.8ex;"
                "border-left:1px solid "
                f'rgb(204,204,204);padding-left:1ex">\n{q_html}\n</blockquote></div>'
            )
        else:
            h = (
                f'{own_html}<div id="yahoo_quoted_{prev.when:%H%M%S}" class="yahoo_quoted"><div '
                'style="font-family:'
                "Helvetica Neue, Helvetica, Arial, "
                f'sans-serif;font-size:13px;color:#26282a;"><div>{attr_html}</div>'
                f"<div><br></div><div><br></div><div>\n{q_html}\n</div></div></div>"
            )
        return plain, h
    if style == "apple":
        quoted = "\n".join(("> " + line) if line else ">" for line in q_plain.split("\n"))
        plain = f"{own_plain}\n\n> {attr_plain}\n>\n{quoted}\n"
        h = (
            f'<div dir="ltr">{own_html}<div dir="ltr"><br><blockquote '
            f'type="cite">{attr_html}<br><br></blockquote></div>'
            f'<blockquote type="cite"><div dir="ltr">\n{q_html}\n</div></blockquote></div>'
        )
        return plain, h
    if style == "outlook-classic":
        plain = f"{own_plain}\n\n{attr_plain}\n\n{q_plain}"
        h = (
            f'{own_html}<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt '
            '0cm 0cm 0cm">'
            f'<p class="MsoNormal"><b>From:</b> {html.escape(prev.from_display)} '
            f"&lt;{prev.from_address}&gt; <br>"
            f"<b>Sent:</b> {prev.when:%d %B %Y %H:%M}<br><b>To:</b> "
            f"{html.escape(prev.to_line)}<br><b>Subject:</b> "
            f"{html.escape(prev.subject)}<o:p></o:p></p></div></div><p "
            f'class="MsoNormal"><o:p>&nbsp;</o:p></p>\n{q_html}'
        )
        return plain, h
    # outlook (web) and staff (desktop Outlook): top-posted, unindented history under a header block
    plain = f"{own_plain}\n\n{attr_plain}\n\n{q_plain}"
    h = (
        f'{own_html}\n<div id="appendonsend"></div><hr style="display:inline-block;width:98%" '
        'tabindex="-1">'
        '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" '
        'style="font-size:11pt" color="#000000">'
        f"{attr_html}</font><div>&nbsp;</div></div>\n{q_html}"
    )
    return plain, h


def _qp(text: str) -> str:
    return binascii.b2a_qp(text.encode("utf-8")).decode("ascii")


def _text_part(subtype: str, body: str) -> str:
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\nContent-Transfer-Encoding: '
        "quoted-printable\n\n"
        f"{_qp(body)}"
    )


def _html_document(client: str, body_html: str) -> str:
    if client in ("staff", "outlook-classic"):
        return (
            '<html xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" '
            'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
            'xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n<meta http-equiv="Content-Type" '
            'content="text/html; '
            'charset=utf-8">\n<meta name="Generator" content="Microsoft Word 15 (filtered '
            'medium)">\n'
            f'{_OUTLOOK_STYLE}\n</head>\n<body lang="EN-GB" link="#0563C1" vlink="#954F72" '
            'style="word-wrap:break-word">\n'
            f'<div class="WordSection1">\n{body_html}\n</div>\n</body>\n</html>\n'
        )
    if client == "outlook":
        return (
            '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} '
            "</style>\n"
            f'</head>\n<body dir="ltr">\n{body_html}\n</body>\n</html>\n'
        )
    if client == "apple":
        return (
            '<html><head><meta http-equiv="content-type" content="text/html; '
            'charset=utf-8"></head>'
            f'<body dir="auto">{body_html}</body></html>\n'
        )
    if client == "webmail":
        return f"<html><head></head><body>{body_html}</body></html>\n"
    return body_html + "\n"


def _attachment(
    rng: random.Random, budget: int, parent_first: str
) -> tuple[str, str, bytes] | None:
    """(filename, content type, bytes) of a random-byte PDF or JPEG fitting in ``budget`` bytes."""
    limit = int((budget - 600) * 0.74)
    if limit < 2048:
        return None
    size = rng.randrange(2048, 30 * 1024)
    if size > limit:
        size = rng.randrange(2048, limit + 1)
    if rng.random() < 0.5:
        name = rng.choice(
            (
                "letter",
                "care_plan",
                "consultant_letter",
                "medicine_form",
                "screenshot_statement",
                "GP_note",
                "consent_form",
                "SALT_report",
            )
        )
        head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
        data = head + rng.randbytes(max(size - len(head) - 6, 0)) + b"%%EOF\n"
        return f"{name}.pdf", "application/pdf", data
    head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    data = head + rng.randbytes(max(size - len(head) - 2, 0)) + b"\xff\xd9"
    name = rng.choice(("IMG_", "image", "Screenshot_2026", "PHOTO-"))
    return f"{name}{rng.randrange(1000, 9999)}.jpeg", "image/jpeg", data


def _b64_part(ctype: str, filename: str, data: bytes, inline_cid: str | None = None) -> str:
    disp = f'inline; filename="{filename}"' if inline_cid else f'attachment; filename="{filename}"'
    cid = f"\nContent-ID: <{inline_cid}>" if inline_cid else ""
    return (
        f'Content-Type: {ctype}; name="{filename}"\nContent-Description: {filename}\n'
        f"Content-Disposition: {disp}; size={len(data)}{cid}\nContent-Transfer-Encoding: base64\n\n"
        f"{base64.encodebytes(data).decode('ascii')}"
    )


def _boundary(rng: random.Random, client: str) -> str:
    if client == "gmail":
        return "000000000000" + _hex(rng, 16).lower()
    if client in ("outlook", "staff", "outlook-classic"):
        return f"_000_{_hex(rng, 36)}_"
    if client == "apple":
        parts = (_hex(rng, 8), _hex(rng, 4), _hex(rng, 4), _hex(rng, 4), _hex(rng, 12))
        return "Apple-Mail-" + "-".join(parts)
    a, b, c = (
        rng.randrange(10**6, 10**7),
        rng.randrange(10**8, 10**9),
        rng.randrange(10**12, 10**13),
    )
    return f"----=_Part_{a}_{b}.{c}"


def _multipart(boundary: str, subtype: str, parts: list[str], extra: str = "") -> str:
    out = [f'Content-Type: multipart/{subtype};\n\tboundary="{boundary}"{extra}\n\n']
    for p in parts:
        out.append(f"--{boundary}\n{p}\n")
    out.append(f"--{boundary}--\n")
    return "".join(out)


class _Renderer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed * 1_000_003 + 17)

    # -- text ---------------------------------------------------------------------------------
    def parent_paragraphs(
        self, conv: _Conv, pos: int, after_staff: bool, chaser_count: int
    ) -> list[str]:
        rng, m, f, p = self.rng, MATTERS[conv.matter], conv.fill, conv.parent
        paras: list[str] = []
        greet = rng.choice(GREETINGS).format(teacher=conv.child.teacher)
        if p.mobile and rng.random() < 0.5:
            greet = ""
        if greet:
            paras.append(greet if greet.endswith(",") else greet + ",")
        if pos == 0:
            paras.append(_fmt(rng.choice(m["open"]), f))
            for d in rng.sample(m["detail"], k=min(len(m["detail"]), rng.randrange(1, 4))):
                paras.append(_fmt(d, f))
            ask = rng.choice(m["ask"])
            if ask:
                paras.append(_fmt(ask, f))
        elif after_staff:
            paras.append(_fmt(rng.choice(m["reply"]), f))
            if rng.random() < 0.5:
                paras.append(_fmt(rng.choice(m["detail"]), f))
        else:
            opener, chase = rng.choice(CHASE_OPENERS), _fmt(rng.choice(m["chase"]), f)
            if opener.endswith(","):
                chase = (
                    chase[0].lower() + chase[1:]
                    if not chase.startswith(("I ", "I'", conv.child.first))
                    else chase
                )
            paras.append(f"{opener} {chase}")
            if rng.random() < 0.6:
                paras.append(_fmt(rng.choice(m["detail"]), f))
            if (
                chaser_count >= 1
                and conv.matter in ("bullying", "sen", "transport", "payment", "trip")
                and rng.random() < 0.18
            ):
                paras.append(
                    rng.choice(SHOUTING).format(
                        n=("TWICE", "THREE", "FOUR")[min(chaser_count, 3) - 1]
                        if chaser_count
                        else "TWICE",
                        CHILD=conv.child.first.upper(),
                    )
                )
            if rng.random() < 0.3:
                paras.append(
                    _fmt(rng.choice(m["ask"]) or "Please could someone get back to me.", f)
                )
        closing = rng.choice(CLOSINGS)
        sign = p.first if rng.random() < 0.5 else f"{p.first} {p.surname}"
        if rng.random() < 0.35:
            sign += f"\n({conv.child.first} {conv.child.surname}, {conv.child.cls})"
        elif rng.random() < 0.2:
            sign += f"\n{p.role_word.capitalize()} of {conv.child.first} ({conv.child.cls})"
        if rng.random() < 0.15:
            sign += f"\n{p.phone}"
        paras.append(f"{closing},\n{sign}")
        return paras

    def staff_paragraphs(self, conv: _Conv, staff: Staff) -> list[str]:
        rng, m, f, p = self.rng, MATTERS[conv.matter], conv.fill, conv.parent
        who = f"{p.title} {p.surname}"
        paras = [f"Dear {who}," if rng.random() < 0.8 else f"Hi {p.first},"]
        if rng.random() < 0.5:
            paras.append(
                rng.choice(
                    (
                        "Thank you for your email.",
                        "Thank you for getting in touch.",
                        "Thanks for your email, which has been passed to me.",
                        "Apologies for the delay in getting back to you.",
                    )
                )
            )
        picks = rng.sample(m["staff"], k=min(len(m["staff"]), rng.randrange(1, 3)))
        paras += [_fmt(s, f) for s in picks]
        if rng.random() < 0.3:
            paras.append(
                "Please don't hesitate to contact the office if you have any further questions."
            )
        paras.append(
            f"{rng.choice(('Kind regards', 'Best wishes', 'Many thanks', 'Regards'))},\n\n"
            f"{staff.signature_name}\n{staff.title}\n{SCHOOL_NAME}\n01632 960123"
        )
        return paras

    # -- messages -----------------------------------------------------------------------------
    def conversation_message(self, slot: _Slot) -> GeneratedMail:
        rng = self.rng
        conv = slot.conv
        assert conv is not None
        if conv.records is None:
            conv.records = []
        prev = conv.records[-1] if conv.records else None
        parent = conv.parent
        is_staff = slot.kind == KIND_STAFF
        if is_staff:
            staff = conv.staff if slot.from_role and conv.staff is not None else _office_staff(rng)
            client = "staff"
            from_display, from_address = staff.display, staff.address
            to_display, to_address = parent.display, parent.address
            folder = staff.folder
            own = self.staff_paragraphs(conv, staff)
        else:
            staff = None
            client = parent.client
            from_display, from_address = parent.display, parent.address
            to_display, to_address = (
                (prev.from_display, prev.from_address)
                if (
                    prev is not None
                    and not slot.headerless
                    and prev.from_address.endswith("@" + SCHOOL_DOMAIN)
                )
                else (OFFICE_NAME if rng.random() < 0.4 else "", OFFICE_ADDRESS)
            )
            folder = "INBOX"
            chasers = (
                sum(1 for r in conv.records if r.from_address == parent.address)
                if conv.records
                else 0
            )
            own = self.parent_paragraphs(
                conv, slot.pos, prev is not None and prev.from_address != parent.address, chasers
            )
        own_plain = "\n\n".join(own)
        own_html = _own_html(client, own, rng)
        if not is_staff and client == "apple":
            own_plain += "\n\nSent from my iPhone"
            own_html += '<div dir="ltr"><br></div><div dir="ltr">Sent from my iPhone</div>'
        elif not is_staff and parent.mobile and client == "gmail" and rng.random() < 0.3:
            own_plain += "\n\nSent from my Galaxy"
            own_html += '<div dir="auto"><br></div><div dir="auto">Sent from my Galaxy</div>'
        logo_cid = None
        if staff is not None:
            if rng.random() < 0.5:
                logo_cid = f"image001.png@01DD{_hex(rng, 4)}.{_hex(rng, 8)}"
            own_html += _staff_signature_html(staff, logo_cid)
            own_plain += "\n\n" + DISCLAIMER.format(school=SCHOOL_NAME)

        replying = prev is not None and not slot.headerless
        base_subject = conv.subject
        if replying:
            prefix = "RE: " if client in ("staff", "outlook", "outlook-classic") else "Re: "
            subject = prefix + base_subject
        else:
            subject = base_subject
        when = slot.when
        domain = from_address.rsplit("@", 1)[1]
        mid = _message_id(rng, client, domain, slot.seq)
        refs = (prev.references + [prev.message_id]) if (replying and prev is not None) else []
        cc_office = staff is not None and staff.address != OFFICE_ADDRESS
        to_line = f"{to_display} <{to_address}>" if to_display else to_address

        # attachments decided before sizing; the body may be trimmed to make room
        attach = (not is_staff and rng.random() < 0.09) or (is_staff and rng.random() < 0.03)

        header_lines = self._headers(
            client,
            from_display,
            from_address,
            to_display,
            to_address,
            subject,
            when,
            mid,
            refs,
            cc_office,
            is_staff,
        )
        header_text = "\n".join(header_lines) + "\n"
        depth = 99
        while True:
            plain, body_html = _quote(
                client, own_plain, own_html, prev if replying else None, depth
            )
            body = self._body(client, plain, body_html, logo_cid)
            size = len(header_text) + len(body)
            if size + (3000 if attach else 0) <= MAX_SIZE - 1500 or depth <= 0:
                break
            depth = (min(depth, len(refs)) if depth >= 99 else depth) - 1
        if attach:
            att = _attachment(rng, MAX_SIZE - 1500 - size, parent.first)
            if att is not None:
                body = self._mixed(client, body, att)
        raw = _finish(rng, header_text + body)

        # A headerless chaser still belongs to the conversation; what follows quotes it and,
        # through it, nothing older (the parent started a fresh email).
        record = _Record(
            mid,
            refs,
            subject,
            from_display,
            from_address,
            to_line,
            when,
            own_plain,
            own_html,
            client,
            prev if replying else None,
            plain,
            body_html,
            to_address,
            to_display,
        )
        conv.records.append(record)
        slot.record = record
        flags: tuple[str, ...]
        if is_staff and folder == "Sent":
            flags = ("\\Seen",)
        elif slot.answered:
            flags = ("\\Seen", "\\Answered")
        else:
            flags = ("\\Seen",) if rng.random() < 0.85 else ()
        internal = when if folder == "Sent" else when + timedelta(seconds=rng.randrange(2, 40))
        return GeneratedMail(
            raw, internal, folder, mid, slot.kind, conv.cid, conv.matter, parent.address, flags
        )

    def _headers(
        self,
        client: str,
        from_display: str,
        from_address: str,
        to_display: str,
        to_address: str,
        subject: str,
        when: datetime,
        mid: str,
        refs: list[str],
        cc_office: bool,
        is_staff: bool,
    ) -> list[str]:
        rng = self.rng
        lines: list[str] = []
        if not is_staff:
            lines += _inbound_trace(rng, client, from_address, when)
        elif cc_office:
            lines += [
                f"Return-Path: <{from_address}>",
                f"Delivered-To: {OFFICE_ADDRESS}",
                f"Received: from LO2P265MB{rng.randrange(1000, 9999)}.GBRP265.{SCHOOL_DOMAIN} "
                "([::1]) by\n"
                f" LO2P265MB{rng.randrange(1000, 9999)}.GBRP265.{SCHOOL_DOMAIN} "
                f"([fe80::{_hex(rng, 4).lower()}]) "
                f"with mapi id 15.20.{rng.randrange(8000, 9000)}.{rng.randrange(10, 99)};\n "
                f"{format_datetime(when)}",
            ]
        frm = _addr(from_display, from_address)
        to = _addr(to_display, to_address)
        lines.append(f"From: {frm}")
        lines.append(f"To: {to}")
        if cc_office:
            lines.append(f"CC: {_addr(OFFICE_NAME, OFFICE_ADDRESS)}")
        lines.append(f"Subject: {_subject_header(subject)}")
        if client in ("staff", "outlook"):
            topic = subject[4:] if subject[:4] in ("RE: ", "Re: ") else subject
            lines.append(f"Thread-Topic: {_subject_header(topic)}")
            lines.append(f"Thread-Index: {_b64(rng, 22 + 5 * len(refs))}")
        lines.append(f"Date: {format_datetime(when)}")
        lines.append(f"Message-ID: <{mid}>")
        if refs:
            lines.append(f"References: {_fold_ids(refs)}")
            lines.append(f"In-Reply-To: <{refs[-1]}>")
        if client in ("staff", "outlook"):
            lines += [
                "Accept-Language: en-GB, en-US",
                "Content-Language: en-GB",
                f"X-MS-Exchange-Organization-AuthAs: {'Internal' if is_staff else 'Anonymous'}",
                f"X-MS-Exchange-Organization-SCL: {'-1' if is_staff else '1'}",
                "msip_labels: ",
                f"x-originating-ip: [192.0.2.{rng.randrange(1, 254)}]",
            ]
        elif client == "apple":
            lines.append("X-Mailer: iPhone Mail (22B91)")
        elif client == "outlook-classic":
            lines += [
                "X-Mailer: Microsoft Outlook 16.0",
                f"Thread-Index: {_b64(rng, 22 + 5 * len(refs))}",
                "Content-Language: en-gb",
            ]
        elif client == "webmail":
            lines.append(f"X-Mailer: WebService/1.1.{rng.randrange(20000, 24000)} YMailNorrin")
        lines.append("MIME-Version: 1.0")
        return lines

    def _body(self, client: str, plain: str, body_html: str, logo_cid: str | None) -> str:
        rng = self.rng
        alt = _multipart(
            _boundary(rng, client),
            "alternative",
            [_text_part("plain", plain), _text_part("html", _html_document(client, body_html))],
        )
        if logo_cid is None:
            return alt
        logo = _b64_part(
            "image/png",
            "image001.png",
            b"\x89PNG\r\n\x1a\n" + rng.randbytes(rng.randrange(2500, 7000)),
            logo_cid,
        )
        # multipart/related(alternative, logo) as Outlook sends signature images
        alt_part = alt  # already starts with its Content-Type header
        return _multipart(
            _boundary(rng, client), "related", [alt_part, logo], '; type="multipart/alternative"'
        )

    def _mixed(self, client: str, body: str, att: tuple[str, str, bytes]) -> str:
        name, ctype, data = att
        return _multipart(
            _boundary(self.rng, client), "mixed", [body, _b64_part(ctype, name, data)]
        )

    # -- automated mail -----------------------------------------------------------------------
    def auto_reply(self, slot: _Slot) -> GeneratedMail:
        rng = self.rng
        target = slot.target
        assert target is not None and target.record is not None and slot.conv is not None
        rec = target.record
        parent = slot.conv.parent
        when = slot.when
        outlook = rng.random() < 0.6
        subject = f"Automatic reply: {rec.subject}" if outlook else f"Out of Office: {rec.subject}"
        back = when + timedelta(days=rng.randrange(2, 12))
        text = rng.choice(
            (
                "Thank you for your email. I am currently out of the office with limited access to "
                "email, returning on {d}. "
                "For anything urgent please contact my colleague on 01632 960{n:03d}.",
                "I'm on annual leave until {d} and won't be checking emails. I'll reply when I'm "
                "back.",
                "Thank you for your message. I am away until {d}. If your email is urgent please "
                "call the main office.",
            )
        ).format(d=f"{back:%A} {back.day} {back:%B}", n=rng.randrange(1000))
        text += f"\n\n{parent.first} {parent.surname}"
        if rng.random() < 0.7:
            jobs = (
                "Site Engineer",
                "Practice Manager",
                "Team Leader",
                "Account Manager",
                "Staff Nurse",
            )
            text += "\n" + rng.choice((*jobs, "Senior Analyst"))
            firms = ("Example Engineering Ltd", "Northshire NHS Trust", "Example Logistics")
            text += "\n" + rng.choice((*firms, "Example Bank plc"))
            text += "\n\n" + (
                "This e-mail and any files transmitted with it are confidential and intended "
                "solely for "
                "the use of the individual or entity to whom they are addressed. If you have "
                "received "
                "this e-mail in error please notify the system manager. "
            ) * rng.randrange(2, 5)
        client = "outlook" if outlook else "gmail"
        mid = _message_id(rng, client, parent.address.rsplit("@", 1)[1], slot.seq)
        lines = _inbound_trace(rng, client, parent.address, when)
        lines += [
            f"From: {_addr(parent.display, parent.address)}",
            f"To: {_addr(rec.from_display, rec.from_address)}",
            f"Subject: {_subject_header(subject)}",
            f"Date: {format_datetime(when)}",
            f"Message-ID: <{mid}>",
            f"In-Reply-To: <{rec.message_id}>",
            f"References: <{rec.message_id}>",
            "Auto-Submitted: auto-replied",
        ]
        if outlook:
            lines += [
                "X-Auto-Response-Suppress: All",
                f"X-MS-Exchange-Inbox-Rules-Loop: {parent.address}",
                "Thread-Topic: " + _subject_header(rec.subject),
            ]
        else:
            lines += ["Precedence: bulk"]
        lines.append("MIME-Version: 1.0")
        paras = text.split("\n\n")
        body = _multipart(
            _boundary(rng, client),
            "alternative",
            [
                _text_part("plain", text),
                _text_part("html", _html_document(client, _own_html(client, paras, rng))),
            ],
        )
        raw = _finish(rng, "\n".join(lines) + "\n" + body)
        return GeneratedMail(
            raw,
            when + timedelta(seconds=rng.randrange(2, 20)),
            "INBOX",
            mid,
            KIND_AUTO_REPLY,
            "",
            "",
            parent.address,
            ("\\Seen",),
        )

    def bounce(self, slot: _Slot) -> GeneratedMail:
        rng = self.rng
        target = slot.target
        assert target is not None and target.record is not None
        rec = target.record
        when = slot.when
        qid = _hex(rng, 11)
        rcpt = rec.recipient or "unknown@example.com"
        local, _, dom = rcpt.partition("@")
        code, text = rng.choice(
            (
                ("550 5.1.1", "Recipient address rejected: User unknown in virtual mailbox table"),
                ("552 5.2.2", "Mailbox full: quota exceeded"),
                ("550 5.7.1", "Message rejected as spam by Content Filtering"),
            )
        )
        boundary = f"{qid}.{int(when.timestamp())}/mx.{SCHOOL_DOMAIN}"
        mid = f"{when:%Y%m%d%H%M%S}.{qid}@mx.{SCHOOL_DOMAIN}"
        notice = (
            f"This is the mail system at host mx.{SCHOOL_DOMAIN}.\n\nI'm sorry to have to inform "
            "you that your "
            "message could not\nbe delivered to one or more recipients. It's attached "
            "below.\n\nFor further "
            "assistance, please send mail to postmaster.\n\nIf you do so, please include this "
            "problem report. "
            "You can\ndelete your own text from the attached returned message.\n\n                 "
            "  The mail "
            f"system\n\n<{rcpt}>: host mx1.{dom}[192.0.2.{rng.randrange(1, 254)}] said: {code}\n   "
            f" <{rcpt}>: "
            f"{text} (in reply to RCPT TO command)\n"
        )
        status = (
            f"Reporting-MTA: dns; mx.{SCHOOL_DOMAIN}\nX-Postfix-Queue-ID: {qid}\nX-Postfix-Sender: "
            "rfc822; "
            f"{OFFICE_ADDRESS}\nArrival-Date: {format_datetime(rec.when)}\n\nFinal-Recipient: "
            f"rfc822; {rcpt}\n"
            f"Original-Recipient: rfc822;{rcpt}\nAction: failed\nStatus: "
            f"{code.split()[1]}\nRemote-MTA: dns; "
            f"mx1.{dom}\nDiagnostic-Code: smtp; {code} <{rcpt}>: {text}\n"
        )
        original = (
            f"Return-Path: <{rec.from_address}>\nReceived: from "
            f"LO2P265MB{rng.randrange(1000, 9999)}.GBRP265."
            f"{SCHOOL_DOMAIN} (unknown [192.0.2.10])\n\tby mx.{SCHOOL_DOMAIN} (Postfix) with "
            f"ESMTPS id {qid}\n"
            f"\tfor <{rcpt}>; {format_datetime(rec.when)}\nFrom: "
            f"{_addr(rec.from_display, rec.from_address)}\n"
            f"To: {rcpt}\nSubject: {_subject_header(rec.subject)}\nDate: "
            f"{format_datetime(rec.when)}\n"
            f"Message-ID: <{rec.message_id}>\nMIME-Version: 1.0\n"
        )
        if rng.random() < 0.6:
            # Most MTAs return the whole message; keep it to the plain text, so it stays small.
            part3 = (
                "Content-Description: Undelivered Message\nContent-Type: message/rfc822\n\n"
                + original
                + 'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: '
                "quoted-printable\n\n" + _qp(rec.full_plain or rec.own_plain)
            )
        else:
            part3 = (
                "Content-Description: Undelivered Message Headers\nContent-Type: "
                "text/rfc822-headers\n\n" + original
            )
        lines = [
            "Return-Path: <>",
            f"Received: by mx.{SCHOOL_DOMAIN} (Postfix)\n\tid {qid}; {format_datetime(when)}",
            f"Date: {format_datetime(when)}",
            f"From: MAILER-DAEMON@mx.{SCHOOL_DOMAIN} (Mail Delivery System)",
            "Subject: Undelivered Mail Returned to Sender",
            f"To: {OFFICE_ADDRESS}",
            "Auto-Submitted: auto-replied",
            "MIME-Version: 1.0",
        ]
        body = (
            "Content-Type: multipart/report; report-type=delivery-status;\n"
            f'\tboundary="{boundary}"\nMessage-Id: <{mid}>\n\nThis is a MIME-encapsulated '
            "message.\n\n"
            f"--{boundary}\nContent-Description: Notification\nContent-Type: text/plain; "
            f"charset=us-ascii\n\n{notice}\n"
            f"--{boundary}\nContent-Description: Delivery report\nContent-Type: "
            f"message/delivery-status\n\n{status}\n"
            f"--{boundary}\n{part3}\n--{boundary}--\n"
        )
        raw_text = "\n".join(lines) + "\n" + body
        return GeneratedMail(
            _finish(rng, raw_text), when, "INBOX", mid, KIND_BOUNCE, "", "", "", ()
        )

    def newsletter(self, slot: _Slot) -> GeneratedMail:
        rng = self.rng
        when = slot.when
        sender_name, sender, list_id = rng.choice(
            (
                (
                    "Northshire Schools Bulletin",
                    "bulletin@lists.example.org",
                    "schools-bulletin.lists.example.org",
                ),
                (
                    "School Catering Services",
                    "news@catering.example.com",
                    "menus.catering.example.com",
                ),
                (
                    "ParentPay Updates",
                    "updates@payments.example.com",
                    "schools.payments.example.com",
                ),
                (
                    "Schools Safeguarding Partnership",
                    "newsletter@safeguarding.example.org",
                    "partnership.safeguarding.example.org",
                ),
            )
        )
        topics = rng.sample(
            (
                (
                    "Admissions",
                    "Late applications for September will be considered after all on-time "
                    "applications.",
                ),
                (
                    "Winter gritting",
                    "School sites on the priority gritting network are listed on the council "
                    "website.",
                ),
                (
                    "Free school meals",
                    "Please remind families who may be eligible to apply for free school meals.",
                ),
                (
                    "Training dates",
                    "Designated Safeguarding Lead refresher training runs monthly; book online.",
                ),
                (
                    "New menu",
                    "The winter menu starts after half term, with a new vegetarian option every "
                    "day.",
                ),
                (
                    "Payments",
                    "Card payments will be unavailable on Sunday between 01:00 and 05:00 for "
                    "maintenance.",
                ),
                (
                    "Attendance",
                    "The new attendance guidance applies from this term; see the summary inside.",
                ),
                (
                    "Online safety",
                    "Resources for parents on online safety are available to share in newsletters.",
                ),
                (
                    "Holiday clubs",
                    "Holiday activities and food programme places are open for booking.",
                ),
            ),
            k=rng.randrange(3, 7),
        )
        text = [f"{sender_name.upper()}\n{when.day} {when:%B %Y}"]
        rows = []
        for title, para in topics:
            body = " ".join(
                [para]
                + rng.sample(
                    (
                        "Further details are available on the website.",
                        "Please share this with your staff.",
                        "Contact the team if you have any questions.",
                        "Thank you for your continued support.",
                        "Deadlines are listed in the calendar section.",
                        "A summary for governors is attached to the web version.",
                        "Schools that have already responded need take no further action.",
                        "Slides from last term's briefing are in the resources area.",
                    ),
                    k=rng.randrange(2, 6),
                )
            )
            text.append(f"{title}\n{body}")
            rows.append(
                f'<tr><td style="padding:10px 20px;"><h2 style="font-size:17px;color:#1d4f91;'
                f'font-family:Arial,Helvetica,sans-serif;">{html.escape(title)}</h2>\n<p '
                'style="font-family:Arial,'
                f'Helvetica,sans-serif;font-size:14px;line-height:20px;color:#222;">{html.escape(body)}</p></td></tr>'
            )
        token = _token(rng, 10).lower()
        text.append(
            "You are receiving this because your school is subscribed.\nUnsubscribe: "
            f"https://{list_id}/u/{token}"
        )
        doc = (
            '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width, initial-scale=1"><title>'
            + html.escape(sender_name)
            + "</title>\n"
            "<style>body{margin:0;padding:0;background:#eef1f4}table{border-collapse:collapse}"
            "@media only screen and (max-width:620px){.container{width:100% "
            "!important}}</style></head>\n"
            '<body><table role="presentation" width="100%" cellpadding="0" cellspacing="0" '
            'style="background:#eef1f4;">'
            '<tr><td align="center">\n<table class="container" role="presentation" width="600" '
            'cellpadding="0" '
            'cellspacing="0" style="background:#ffffff;">\n<tr><td '
            'style="background:#1d4f91;color:#ffffff;padding:20px;'
            f'font-size:22px;font-weight:bold;font-family:Arial,Helvetica,sans-serif;">{html.escape(sender_name)}</td></tr>\n'
            + "\n".join(rows)
            + "\n<tr><td "
            'style="padding:20px;font-size:11px;color:#777;font-family:Arial,Helvetica,sans-serif;">'
            "You are "
            "receiving this because your school is subscribed. <a "
            f'href="https://{list_id}/u/{token}">Unsubscribe</a>'
            f'<img src="https://{list_id}/o/{token}.gif" width="1" height="1" alt=""></td></tr>\n'
            "</table></td></tr></table></body></html>\n"
        )
        mid = f"{when:%Y%m%d%H%M%S}.{slot.seq}.{token}@{sender.split('@')[1]}"
        domain = sender.split("@")[1]
        lines = _inbound_trace(
            rng, "webmail", f"bounce-{slot.seq}-office=school.example@{domain}", when
        )
        lines += [
            f"Date: {format_datetime(when)}",
            f"From: {_addr(sender_name, sender)}",
            f"Reply-To: {_addr(sender_name, 'no-reply@' + domain)}",
            f"To: {OFFICE_ADDRESS}",
            "Subject: "
            + _subject_header(f"{sender_name} - {when.day} {when:%B %Y}: {topics[0][0].lower()}"),
            f"Message-ID: <{mid}>",
            f"List-Id: {sender_name} <{list_id}>",
            f"List-Unsubscribe: <https://{list_id}/u/{token}>,\n "
            f"<mailto:unsubscribe-{token}@{domain}?subject=unsubscribe>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "Precedence: bulk",
            f"Feedback-ID: {slot.seq}:{token}:campaign",
            "MIME-Version: 1.0",
        ]
        body = _multipart(
            _boundary(rng, "webmail"),
            "alternative",
            [_text_part("plain", "\n\n".join(text)), _text_part("html", doc)],
        )
        raw = _finish(rng, "\n".join(lines) + "\n" + body)
        return GeneratedMail(
            raw, when + timedelta(seconds=3), "INBOX", mid, KIND_NEWSLETTER, "", "", "", ()
        )


def generate(
    n: int,
    seed: int = 1,
    start: datetime | None = None,
    parents: int = 400,
    *,
    days: int = TERM_DAYS,
) -> Iterator[GeneratedMail]:
    """Yield ``n`` messages of one school term in time order, deterministically for the arguments.

    ``start`` (aware; naive is taken as Europe/London) is the first day of the term, by default
    2 September 2026; messages spread over ``days`` days from it. ``parents`` is the size of the
    parent population conversations are drawn from (a tenth of them write three times as often).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    if parents < 1:
        raise ValueError("parents must be >= 1")
    if days < 1:
        raise ValueError("days must be >= 1")
    if start is None:
        start = DEFAULT_START
    elif start.tzinfo is None:
        start = start.replace(tzinfo=LONDON)
    else:
        start = start.astimezone(LONDON)
    start = start.replace(hour=0, minute=0, second=0, microsecond=0)
    return _generate(n, seed, start, parents, days)


def _generate(
    n: int, seed: int, start: datetime, parents: int, days: int
) -> Iterator[GeneratedMail]:
    rng = random.Random(seed)
    slots, _ = _plan(n, rng, start, parents, days)
    renderer = _Renderer(seed)
    remaining: dict[str, int] = {}
    for slot in slots:
        if slot.conv is not None and slot.kind in (KIND_PARENT, KIND_STAFF):
            remaining[slot.conv.cid] = remaining.get(slot.conv.cid, 0) + 1
    for slot in slots:
        if slot.kind in (KIND_PARENT, KIND_STAFF):
            mail = renderer.conversation_message(slot)
            # Forget what no later message will quote, so memory stays flat for large n.
            assert slot.conv is not None
            remaining[slot.conv.cid] -= 1
            if not remaining[slot.conv.cid]:
                slot.conv.records = None
            if not slot.is_target:
                slot.record = None
        elif slot.kind == KIND_AUTO_REPLY:
            mail = renderer.auto_reply(slot)
        elif slot.kind == KIND_BOUNCE:
            mail = renderer.bounce(slot)
        else:
            mail = renderer.newsletter(slot)
        yield mail


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

_MAILDIR_FLAG = {
    "\\Seen": "S",
    "\\Answered": "R",
    "\\Flagged": "F",
    "\\Draft": "D",
    "\\Deleted": "T",
}


def _maildir_dirs(root: Path, folder: str) -> Path:
    base = root if folder == "INBOX" else root / f".{folder}"
    for sub in ("cur", "new", "tmp"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    if folder != "INBOX":
        (base / "maildirfolder").touch()
    return base


def write_maildir(mails: Iterator[GeneratedMail], root: Path) -> Iterator[GeneratedMail]:
    """Write each mail into a Maildir++ tree (INBOX at ``root``, other folders as ``.Name``)."""
    host = socket.gethostname().replace("/", "\\057").replace(":", "\\072") or "mailgen"
    pid = os.getpid()
    dirs: dict[str, Path] = {}
    for i, mail in enumerate(mails):
        base = dirs.get(mail.folder) or dirs.setdefault(
            mail.folder, _maildir_dirs(root, mail.folder)
        )
        data = mail.raw.replace(b"\r\n", b"\n")
        ts = mail.internaldate.timestamp()
        flags = "".join(sorted(_MAILDIR_FLAG[f] for f in mail.flags if f in _MAILDIR_FLAG))
        name = f"{int(ts)}.M{int((ts % 1) * 1e6)}P{pid}Q{i}.{host},S={len(data)}:2,{flags}"
        path = base / "cur" / name
        path.write_bytes(data)
        os.utime(path, (ts, ts))
        yield mail


def write_mbox(mails: Iterator[GeneratedMail], path: Path) -> Iterator[GeneratedMail]:
    """Write each mail to an mboxrd file (``>From `` quoting), in time order."""
    with open(path, "wb") as fh:
        for mail in mails:
            data = mail.raw.replace(b"\r\n", b"\n")
            sender = OFFICE_ADDRESS if mail.folder == "Sent" else "MAILER-DAEMON"
            for line in data.split(b"\n", 40):
                if line.lower().startswith(b"return-path: <") and line.rstrip().endswith(b">"):
                    sender = (
                        line.split(b"<", 1)[1].rstrip().rstrip(b">").decode("ascii")
                        or "MAILER-DAEMON"
                    )
                    break
                if not line:
                    break
            utc = mail.internaldate.astimezone(UTC)
            fh.write(f"From {sender} {utc:%a %b} {utc.day:2d} {utc:%H:%M:%S %Y}\n".encode("ascii"))
            out = []
            for line in data.split(b"\n"):
                stripped = line.lstrip(b">")
                out.append(b">" + line if stripped.startswith(b"From ") else line)
            body = b"\n".join(out)
            fh.write(body if body.endswith(b"\n") else body + b"\n")
            fh.write(b"\n")
            yield mail


def _histogram(sizes: list[int]) -> list[tuple[str, int]]:
    edges = (5, 8, 12, 16, 20, 30, 40, 50)
    out = []
    lo = 0
    for hi in edges:
        out.append((f"{lo:>2}-{hi:<2} KB", sum(1 for s in sizes if lo * 1024 <= s < hi * 1024)))
        lo = hi
    out.append((f"{lo:>2}+    KB", sum(1 for s in sizes if s >= lo * 1024)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Generate realistic, deterministic school office mail."
    )
    ap.add_argument("--count", type=int, default=200, help="number of messages (default 200)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--parents", type=int, default=400, help="size of the parent population (default 400)"
    )
    ap.add_argument(
        "--start", default=None, help="first day of the term, ISO date (default 2026-09-02)"
    )
    ap.add_argument(
        "--days",
        type=int,
        default=TERM_DAYS,
        help=f"length of the term in days (default {TERM_DAYS})",
    )
    out = ap.add_mutually_exclusive_group()
    out.add_argument("--out", type=Path, help="write a Maildir++ tree here (INBOX + .Sent)")
    out.add_argument("--mbox", type=Path, help="write one mboxrd file")
    args = ap.parse_args(argv)
    start = datetime.fromisoformat(args.start).replace(tzinfo=LONDON) if args.start else None

    t0 = time.perf_counter()
    mails = generate(args.count, seed=args.seed, start=start, parents=args.parents, days=args.days)
    if args.out:
        mails = write_maildir(mails, args.out)
    elif args.mbox:
        args.mbox.parent.mkdir(parents=True, exist_ok=True)
        mails = write_mbox(mails, args.mbox)
    sizes: list[int] = []
    folders: dict[str, int] = {}
    kinds: dict[str, int] = {}
    replies = attachments = 0
    for m in mails:
        sizes.append(len(m.raw))
        folders[m.folder] = folders.get(m.folder, 0) + 1
        kinds[m.kind] = kinds.get(m.kind, 0) + 1
        head = m.raw[: m.raw.find(b"\r\n\r\n")]
        replies += b"\r\nIn-Reply-To:" in head
        attachments += b"Content-Disposition: attachment" in m.raw
    elapsed = time.perf_counter() - t0
    n = len(sizes)
    total = sum(sizes)
    print(f"messages:     {n}")
    print(f"total bytes:  {total:,}")
    if n:
        s = sorted(sizes)
        print(
            f"mean size:    {total / n:,.0f} B   median {s[n // 2]:,}   p10 {s[n // 10]:,}   "
            f"p90 {s[(n * 9) // 10]:,}   min {s[0]:,}   max {s[-1]:,}"
        )
        print("size distribution:")
        for label, count in _histogram(sizes):
            print(f"  {label}  {count:6d}  {100 * count / n:5.1f}%  {'#' * round(50 * count / n)}")
        print("folders:      " + ", ".join(f"{k} {v}" for k, v in sorted(folders.items())))
        print("kinds:        " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
        print(
            f"replies:      {replies} ({100 * replies / n:.0f}% with In-Reply-To), attachments: "
            f"{attachments}"
        )
    print(f"elapsed:      {elapsed:.2f} s ({n / elapsed if elapsed else 0:,.0f} msg/s)")
    if args.out:
        print(f"maildir:      {args.out}")
    elif args.mbox:
        print(f"mbox:         {args.mbox}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
