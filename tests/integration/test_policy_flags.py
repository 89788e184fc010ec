"""Policy flags, safeguarding alerts and SLT cases end to end: real Dovecot, real SMTP, the CLI.

November 2026 is GMT: London time equals UTC. 21 November 2026 is a Saturday.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from daemon.cli import main
from tests.support.mail import make_mail

pytestmark = pytest.mark.dovecot

SAT_2200 = datetime(2026, 11, 21, 22, 0, tzinfo=UTC)
MON_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DAD = "Mark Jones <mark.jones@example.com>"

SHOUTING_ABUSE = (
    "THIS IS THE THIRD TIME I HAVE WRITTEN ABOUT MY SON BEING LEFT OUT OF THE TEAM AND NOBODY "
    "HAS BOTHERED TO REPLY!!! YOU ARE ALL USELESS AND FRANKLY PATHETIC. I EXPECT AN ANSWER TODAY "
    "OR YOU WILL REGRET IT!!!\n\nMark Jones"
)


@pytest.fixture
def config(tmp_path, mailbox, smtp_sink, monkeypatch):
    monkeypatch.setenv("STEWARD_TEST_IMAP_PASSWORD", mailbox.password)
    path = tmp_path / "steward.toml"
    path.write_text(
        f"""
[school]
name = "Oakfield Primary"
staff_domains = ["school.example"]
safeguarding_phone = "01632 960 123"
[mailbox]
host = "{mailbox.host}"
port = {mailbox.port}
tls = "none"
username = "{mailbox.user}"
password_env = "STEWARD_TEST_IMAP_PASSWORD"
address = "office@school.example"
[database]
url = "sqlite:///{tmp_path / "steward.db"}"
[smtp]
host = "{smtp_sink.host}"
port = {smtp_sink.port}
tls = "none"
[[staff]]
name = "Office team"
email = "office-team@school.example"
role = "office"
[[staff]]
name = "Mrs Okafor (DSL)"
email = "dsl@school.example"
role = "dsl"
digest = false
[[staff]]
name = "Mr Bailey (Head)"
email = "head@school.example"
role = "slt"
[cases]
threshold = 4.0
"""
    )
    return path


def steward(config, *args, capsys=None):
    if capsys:
        capsys.readouterr()  # drop what earlier commands printed
    code = main(["--config", str(config), *args])
    out = capsys.readouterr().out if capsys else ""
    return code, out


def once(config, now):
    assert steward(config, "once", "--now", now.isoformat())[0] == 0


def to(sink, address):
    return [m for m in sink.messages() if address in m.rcpt_tos]


def test_a_safeguarding_concern_at_night_alerts_the_dsl_once(config, mailbox, smtp_sink, capsys):
    """Saturday 22:00: the DSL gets an alert with the parent's words at once; the parent gets
    the holding reply with the safeguarding phone number; nothing is sent twice."""
    once(config, SAT_2200 - timedelta(hours=2))
    mailbox.append(
        "INBOX",
        make_mail(
            sender="Amy Clarke <amy.clarke@example.com>",
            subject="Worried about Lily",
            message_id="sg@example.com",
            body="Hi, Lily came home upset and told me her older cousin hits her when she stays "
            "at her nan's house and she is scared to go back this weekend. I don't know what to "
            "do.\n\nAmy",
        ),
        SAT_2200,
    )
    once(config, SAT_2200 + timedelta(minutes=2))
    once(config, SAT_2200 + timedelta(minutes=4))
    alerts = to(smtp_sink, "dsl@school.example")
    assert len(alerts) == 1
    body = alerts[0].message.get_body(("plain",)).get_content()
    assert "cousin hits her" in body
    assert alerts[0].message["Subject"].startswith("Safeguarding")
    (holding,) = to(smtp_sink, "amy.clarke@example.com")
    assert "01632 960 123" in holding.message.get_body(("plain",)).get_content()
    code, out = steward(config, "flags", "--json", capsys=capsys)
    flags = json.loads(out)
    assert [f["kind"] for f in flags] == ["safeguarding"]
    assert flags[0]["message_id"] == "sg@example.com"
    assert flags[0]["explanation"] and flags[0]["evidence"]


def test_abuse_opens_a_case_and_stage3_routes_later_mail_to_the_supervisor(
    config, mailbox, smtp_sink, capsys
):
    t = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    once(config, t - timedelta(hours=1))
    for n in range(2):
        mailbox.append(
            "INBOX",
            make_mail(sender=DAD, subject="Football team", message_id=f"ab{n}@example.com",
                      body=SHOUTING_ABUSE),
            t + timedelta(days=n),
        )
    once(config, t + timedelta(days=1, hours=1))
    code, out = steward(config, "flags", "--json", capsys=capsys)
    kinds = sorted({f["kind"] for f in json.loads(out)})
    assert "abusive" in kinds and "shouting" in kinds
    code, out = steward(config, "cases", "--json", capsys=capsys)
    (case,) = json.loads(out)
    assert case["parent"] == "mark.jones@example.com" and case["status"] == "open"
    code, out = steward(config, "case", "show", str(case["id"]), capsys=capsys)
    assert "Emails per week" in out and "abusive" in out

    code, out = steward(config, "digest", "--print", "--for", "slt", "--now",
                        (t + timedelta(days=2, hours=-2)).isoformat(), capsys=capsys)
    assert f"Case {case['id']}" in out

    code, _ = steward(
        config, "case", "decide", str(case["id"]), "--outcome", "stage3", "--by", "Mr Bailey",
        "--note", "Repeated abuse of staff", "--supervisor", "deputy@school.example",
        "--review-on", "2027-02-01", "--now", (t + timedelta(days=2)).isoformat(),
    )
    assert code == 0
    evening = datetime(2026, 11, 19, 19, 0, tzinfo=UTC)
    mailbox.append(
        "INBOX",
        make_mail(sender=DAD, subject="Parents evening", message_id="later@example.com",
                  body="Can I book a slot at parents evening please?\n\nMark"),
        evening,
    )
    once(config, evening + timedelta(minutes=5))
    (forward,) = to(smtp_sink, "deputy@school.example")
    assert "Can I book a slot" in forward.message.get_body(("plain",)).get_content()
    (reply,) = to(smtp_sink, "mark.jones@example.com")
    assert "contact plan" in reply.message.get_body(("plain",)).get_content()


def test_a_reasonable_adjustment_switches_shouting_off_for_that_parent(
    config, mailbox, smtp_sink, capsys
):
    t = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    # Written in capitals, and pressing (no explanation of the capitals, a grievance): the
    # text alone reads as shouting, so only the recorded adjustment can switch it off.
    calm_capitals = (
        "DEAR MRS PATEL, WHY HAS NOBODY TOLD US WHAT TIME THE NATIVITY PLAY STARTS ON THURSDAY? "
        "I ASKED AT THE GATE LAST WEEK. COULD YOU LET ME KNOW AND WHETHER GRANDPARENTS CAN COME "
        "TOO. MAUREEN"
    )
    mailbox.append("INBOX", make_mail(sender="Maureen Hill <mo@example.com>", subject="Nativity",
                                      message_id="n1@example.com", body=calm_capitals), t)
    once(config, t + timedelta(minutes=5))
    code, out = steward(config, "flags", "--json", capsys=capsys)
    assert [f["kind"] for f in json.loads(out)] == ["shouting"]
    code, _ = steward(config, "parent", "adjust", "mo@example.com", "--off", "shouting",
                      "--by", "Mrs Patel", "--note", "Visual impairment")
    assert code == 0
    mailbox.append("INBOX", make_mail(sender="Maureen Hill <mo@example.com>", subject="Costume",
                                      message_id="n2@example.com",
                                      body=calm_capitals.replace("NATIVITY PLAY", "COSTUME")),
                   t + timedelta(days=1))
    once(config, t + timedelta(days=1, minutes=5))
    code, out = steward(config, "flags", "--json", capsys=capsys)
    shouting = [f["message_id"] for f in json.loads(out) if f["kind"] == "shouting"]
    assert shouting == ["n1@example.com"]


def test_set_category_corrects_the_thread_and_is_audited(config, mailbox, smtp_sink, capsys):
    t = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    mailbox.append("INBOX", make_mail(sender=DAD, subject="Wombats", message_id="w@example.com",
                                      body="Is wombats club on this Thursday please?"), t)
    once(config, t + timedelta(minutes=5))
    code, out = steward(config, "threads", "--json", capsys=capsys)
    (thread,) = json.loads(out)
    code, out = steward(config, "thread", "set-category", str(thread["id"]), "trips",
                        "--by", "Office", capsys=capsys)
    assert code == 0
    code, out = steward(config, "threads", "--json", capsys=capsys)
    assert json.loads(out)[0]["matter"] == "trips"
    code, _ = steward(config, "thread", "set-category", str(thread["id"]), "holidays", "--by", "x")
    assert code != 0  # not a matter: refused with the list of matters
