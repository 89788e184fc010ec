"""Scores the seven flag classifiers against the labelled evaluation set.

Every inbound parent email in ``tests/data/flags_eval.jsonl`` is run through every
classifier, with the history the pipeline would give it (all earlier messages of the same
parent in the scenario, the school's replies included), and compared with the kinds a
person said should fire (``expect``). Prints, per kind, TP / FP / FN, precision and recall,
then every miss and every false alarm with the classifier's explanation.

    python bench/flags.py [--data PATH] [--kinds volume,repeated] [--quiet]

A classifier module that is missing or fails to import is reported as "not available"
rather than stopping the run. The calendar is ``daemon.workdays.SchoolCalendar`` for
Europe/London when that module is there, else :class:`FakeCalendar` (Monday–Friday,
08:00–16:00 Europe/London, no holidays); in November 2026 the two agree.

Exit status: 0, or 1 when a target is missed (safeguarding recall 1.0; shouting, repeated
and volume precision and recall ≥ 0.9).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time as clock
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from classifiers.base import FLAG_KINDS, Finding, PastMessage  # noqa: E402
from daemon.analysis import classify  # noqa: E402

DATA = ROOT / "tests" / "data" / "flags_eval.jsonl"
HISTORY_KINDS = ("volume", "repeated", "duplicate", "chasing")
LONDON = ZoneInfo("Europe/London")
# kind: (minimum precision, minimum recall)
TARGETS: dict[str, tuple[float, float]] = {
    "safeguarding": (0.0, 1.0),
    "shouting": (0.9, 0.9),
    "repeated": (0.9, 0.9),
    "volume": (0.9, 0.9),
}


class FakeCalendar:
    """Monday–Friday working days, core hours 08:00–16:00 in ``tz``; no holidays."""

    def __init__(self, tz: ZoneInfo = LONDON, start: time = time(8), end: time = time(16)):
        self.tz = tz
        self.start = start
        self.end = end

    def working_days_back(self, moment: datetime, n: int) -> datetime:
        # As SchoolCalendar: the day of ``moment`` counts once its core hours have started.
        local = moment.astimezone(self.tz)
        day = local.date()
        if local.time() < self.start:
            day -= timedelta(days=1)
        counted = 0
        while True:
            if day.weekday() < 5:
                counted += 1
                if counted >= max(1, n):
                    break
            day -= timedelta(days=1)
        return datetime.combine(day, self.start, tzinfo=self.tz)


def school_calendar() -> Any:
    """The real school calendar when it exists and accepts a zone alone, else the fake."""
    try:
        workdays = importlib.import_module("daemon.workdays")
        return workdays.SchoolCalendar(tz=LONDON)
    except Exception:  # noqa: BLE001 - any failure means "use the fake"
        return FakeCalendar()


@dataclass(frozen=True)
class Case:
    scenario: str
    message: PastMessage
    history: tuple[PastMessage, ...]
    expect: frozenset[str]


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _past(row: dict[str, Any]) -> PastMessage:
    thread = str(row.get("thread") or "")
    digits = "".join(c for c in thread if c.isdigit())
    at = _when(row["at"])
    assert at is not None
    return PastMessage(
        message_id=row["id"],
        received_at=at,
        direction=row["direction"],
        sender_kind=row["sender_kind"],
        text=row["text"],
        subject=row.get("subject", ""),
        thread_id=int(digits) if digits else None,
        matter=row.get("matter") or "general",
        attachments=tuple(row.get("attachments") or ()),
        is_holding_reply=bool(row.get("holding_reply")),
        ack_due=_when(row.get("ack_due")),
        acknowledged_at=_when(row.get("acknowledged_at")),
    )


def load(path: Path = DATA) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def cases(scenarios: Iterable[dict[str, Any]]) -> list[Case]:
    """One case per inbound parent email, with every earlier message of its scenario."""
    out = []
    for scenario in scenarios:
        messages = [(row, _past(row)) for row in scenario["messages"]]
        for row, message in messages:
            if row["direction"] != "inbound" or row["sender_kind"] != "parent":
                continue
            history = tuple(m for _, m in messages if m.received_at < message.received_at)
            out.append(Case(scenario["scenario"], message, history, frozenset(row["expect"])))
    return out


def load_classifiers(kinds: Sequence[str] = FLAG_KINDS) -> dict[str, Any]:
    """kind → module, or kind → "not available (reason)"."""
    out: dict[str, Any] = {}
    for kind in kinds:
        try:
            module = importlib.import_module(f"classifiers.{kind}")
            module.detect  # noqa: B018 - the API must be there
            out[kind] = module
        except Exception as exc:  # noqa: BLE001 - report, do not crash
            out[kind] = f"not available ({type(exc).__name__}: {exc})"
    return out


def run_one(kind: str, module: Any, case: Case, calendar: Any) -> Finding | None:
    """As the pipeline runs it (``daemon.analysis.classify``), with default settings."""
    return classify(kind, module, case.message, case.history, module.Settings(), calendar)


@dataclass
class Score:
    kind: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[tuple[Case, str]] = field(default_factory=list)
    false_alarms: list[tuple[Case, str]] = field(default_factory=list)
    errors: list[tuple[Case, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def evaluate(
    all_cases: Sequence[Case], classifiers: dict[str, Any], calendar: Any
) -> dict[str, Score | str]:
    results: dict[str, Score | str] = {}
    for kind, module in classifiers.items():
        if isinstance(module, str):
            results[kind] = module
            continue
        score = Score(kind)
        started = clock.perf_counter()
        for case in all_cases:
            try:
                found = run_one(kind, module, case, calendar)
            except Exception as exc:  # noqa: BLE001 - a crash is a miss, and is listed
                score.errors.append((case, f"{type(exc).__name__}: {exc}"))
                found = None
            expected = kind in case.expect
            if found is not None and expected:
                score.tp += 1
            elif found is not None:
                score.fp += 1
                score.false_alarms.append((case, found.explanation))
            elif expected:
                score.fn += 1
                score.misses.append((case, _snippet(case.message)))
            else:
                score.tn += 1
        score.seconds = clock.perf_counter() - started
        results[kind] = score
    return results


def _snippet(message: PastMessage, n: int = 90) -> str:
    text = " ".join(message.text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def missed_targets(results: dict[str, Score | str]) -> list[str]:
    out = []
    for kind, (min_p, min_r) in TARGETS.items():
        score = results.get(kind)
        if not isinstance(score, Score):
            continue
        if score.precision < min_p or score.recall < min_r:
            out.append(
                f"{kind}: precision {score.precision:.2f} (target {min_p:.2f}), "
                f"recall {score.recall:.2f} (target {min_r:.2f})"
            )
    return out


def report(results: dict[str, Score | str], n_cases: int, quiet: bool = False) -> str:
    lines = [
        f"{n_cases} inbound parent emails",
        "",
        f"{'kind':<13} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>7}  ms/email",
    ]
    for kind, score in results.items():
        if isinstance(score, str):
            lines.append(f"{kind:<13} {score}")
            continue
        lines.append(
            f"{kind:<13} {score.tp:>4} {score.fp:>4} {score.fn:>4} "
            f"{score.precision:>10.2f} {score.recall:>7.2f}  {1000 * score.seconds / n_cases:8.2f}"
        )
    if quiet:
        return "\n".join(lines)
    for title, attr in (
        ("Misses", "misses"),
        ("False alarms", "false_alarms"),
        ("Errors", "errors"),
    ):
        rows = [
            (kind, case, note)
            for kind, score in results.items()
            if isinstance(score, Score)
            for case, note in getattr(score, attr)
        ]
        lines += ["", f"{title} ({len(rows)}):"]
        lines += [f"  {case.message.message_id:<34} {kind:<12} {note}" for kind, case, note in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--kinds", default=",".join(FLAG_KINDS))
    parser.add_argument("--quiet", action="store_true", help="the table only")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    all_cases = cases(load(args.data))
    calendar = school_calendar()
    results = evaluate(all_cases, load_classifiers(kinds), calendar)
    print(f"calendar: {type(calendar).__module__}.{type(calendar).__name__}")
    print(report(results, len(all_cases), args.quiet))
    missed = missed_targets(results)
    if missed:
        print("\nTargets missed:\n  " + "\n  ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
