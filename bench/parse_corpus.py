"""Robustness of the parse stage over real, messy mail: nothing may fail.

    python bench/parse_corpus.py                    # corpora at ../shared/corpora
    python bench/parse_corpus.py --corpora PATH -v  # and per-corpus details

Parses, with ``parse_message``:

* every file of ``mail-parser/tests/mails`` (spam, phishing, bounces, broken MIME);
* every message file under ``notmuch/`` (Maildir trees: lkml, broken, duplicate, html, ...);
* every message of the gzipped jwzthreading fedora-devel mbox (gunzipped to a temp file).

Reports per corpus: messages parsed, failures (must be 0) with the exception, time per
message (mean and slowest), and a few counts that show the parse did real work. For the
mail-parser files it also checks the field values that mail-parser's own tests assert
(``expected_parse.derived.json``) and lists any disagreement. Nothing is copied into the repo.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mailbox
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from daemon.pipeline.message import ParsedMessage  # noqa: E402
from daemon.pipeline.parse import parse_message  # noqa: E402

SKIP_NAMES = ("readme", "copying", "manifest", "license")
SKIP_PARTS = ("expected-output",)
SKIP_SUFFIXES = (".json", ".md", ".txt", ".gz", ".html")


@dataclass
class Tally:
    name: str
    parsed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: list[tuple[float, str]] = field(default_factory=list)
    html_only: int = 0
    quoted: int = 0
    with_attachments: int = 0
    with_defects: int = 0
    no_date: int = 0
    disagreements: list[str] = field(default_factory=list)

    def add(self, label: str, raw: bytes) -> ParsedMessage | None:
        started = time.perf_counter()
        try:
            parsed = parse_message(raw)
        except Exception as exc:  # noqa: BLE001 - the point is to count them
            self.failures.append((label, "".join(traceback.format_exception_only(exc)).strip()))
            return None
        finally:
            self.seconds.append((time.perf_counter() - started, label))
        self.parsed += 1
        self.html_only += parsed.text_from_html
        self.quoted += parsed.has_quote
        self.with_attachments += bool(parsed.attachments)
        self.with_defects += bool(parsed.defects)
        self.no_date += parsed.date is None
        check_invariants(label, parsed, self.disagreements)
        return parsed


def check_invariants(label: str, parsed: ParsedMessage, problems: list[str]) -> None:
    """What every later stage relies on, whatever the input."""
    if parsed.date is not None and parsed.date.tzinfo is None:
        problems.append(f"{label}: naive date")
    if parsed.from_address != parsed.from_address.lower():
        problems.append(f"{label}: from_address not lower-cased")
    for text in (parsed.text, parsed.subject, parsed.from_name, parsed.new_text):
        if "\x00" in text or "\r" in text or any("\ud800" <= c <= "\udfff" for c in text):
            problems.append(f"{label}: NUL, CR or surrogate in text fields")
            break
    if any("<" in ref or ">" in ref for ref in parsed.references + (parsed.message_id,)):
        problems.append(f"{label}: angle bracket kept in an id")


# --- corpora -------------------------------------------------------------------------------


def mail_parser_files(root: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted((root / "mail-parser/tests/mails").iterdir()):
        if path.is_file():
            yield path.name, path.read_bytes()


def notmuch_files(root: Path) -> Iterator[tuple[str, bytes]]:
    base = root / "notmuch"
    for path in sorted(base.rglob("*")):
        lower = path.name.lower()
        if not path.is_file() or lower.startswith(SKIP_NAMES) or lower.endswith(SKIP_SUFFIXES):
            continue
        if any(part in SKIP_PARTS or part.endswith(SKIP_PARTS) for part in path.parts):
            continue
        yield str(path.relative_to(base)), path.read_bytes()


def jwz_mbox(root: Path) -> Iterator[tuple[str, bytes]]:
    source = root / "jwzthreading-fedora-devel/jwzthreading/tests/data/fedora-devel-mailman"
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "2010-January.mbox"
        with gzip.open(source / "2010-January.txt.gz", "rb") as zipped, target.open("wb") as out:
            shutil.copyfileobj(zipped, out)
        box = mailbox.mbox(target, create=False)
        try:
            for index, key in enumerate(box.iterkeys()):
                yield f"msg{index:05d}", box.get_bytes(key)
        finally:
            box.close()


# --- mail-parser's own assertions ----------------------------------------------------------


def compare_expected(root: Path, results: dict[str, ParsedMessage], problems: list[str]) -> int:
    """Check the fields mail-parser's tests assert that have a ParsedMessage equivalent."""
    path = root / "mail-parser/expected_parse.derived.json"
    if not path.exists():
        return 0
    checked = 0
    for name, want in json.loads(path.read_text("utf-8"))["expected"].items():
        got = results.get(name)
        if got is None:
            continue
        for key, value in want.items():
            actual = _actual(got, key)
            if actual is _NOT_COMPARABLE:
                continue
            checked += 1
            if actual != _expected(key, value):
                why = INTENDED.get(f"{name}.{key}")
                tag = f" (intended: {why})" if why else ""
                problems.append(f"{name}.{key}: expected {value!r}, got {actual!r}{tag}")
    return checked


_NOT_COMPARABLE = object()

# Where ParsedMessage differs from mail-parser on purpose (reported, not counted as wrong).
INTENDED = {
    # An inline text/plain part with a filename is body text the parent wrote, not a file.
    "mail_test_3.attachments": "inline text part with a filename is body, not attachment",
    # Images with a Content-ID and no filename are HTML decoration (logos), not attachments.
    "mail_test_10.attachments": "nameless Content-ID images are HTML decoration",
}


def _actual(parsed: ParsedMessage, key: str) -> object:
    """The ParsedMessage value for one of mail-parser's asserted keys."""
    if key == "subject":
        return parsed.subject
    if key == "message_id":
        return parsed.message_id
    if key == "from_addr":
        return parsed.from_address
    if key == "to_count":
        return len(parsed.to)
    if key == "to_first_addr":
        return parsed.to[0][1] if parsed.to else ""
    if key == "date_utc":
        return parsed.date.astimezone(UTC).isoformat() if parsed.date else None
    if key == "attachments":
        return len(parsed.attachments)
    if key == "defects":
        return sorted(parsed.defects)
    if key in ("from", "to", "cc"):
        pairs = [(parsed.from_name, parsed.from_address)] if key == "from" else getattr(parsed, key)
        return [list(pair) for pair in pairs]
    return _NOT_COMPARABLE


def _expected(key: str, value: object) -> object:
    """mail-parser's expectation in ParsedMessage terms (ids without brackets, lower case)."""
    if key == "message_id" and isinstance(value, str):
        return value.strip("<>")
    if key == "defects" and isinstance(value, list):
        return sorted(value)
    if key in ("from", "to", "cc") and isinstance(value, list):
        return [[name, address.lower()] for name, address in value]
    if key in ("from_addr", "to_first_addr") and isinstance(value, str):
        return value.lower()
    return value


# --- report --------------------------------------------------------------------------------


def report(tally: Tally, verbose: bool) -> None:
    times = sorted(tally.seconds, reverse=True)
    total = sum(seconds for seconds, _ in times)
    count = max(1, len(times))
    print(
        f"{tally.name:12s} parsed {tally.parsed:4d}  failed {len(tally.failures)}  "
        f"mean {1000 * total / count:6.2f} ms  slowest {1000 * times[0][0] if times else 0:7.1f} ms"
        f" ({times[0][1] if times else '-'})"
    )
    if verbose:
        print(
            f"{'':12s} html-only {tally.html_only}  quoted {tally.quoted}  "
            f"with attachments {tally.with_attachments}  with defects {tally.with_defects}  "
            f"no usable Date {tally.no_date}"
        )
    for label, error in tally.failures:
        print(f"  FAILED {label}: {error}")
    for problem in tally.disagreements:
        print(f"  disagreement {problem}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    failed = 0
    for name, source in (
        ("mail-parser", mail_parser_files),
        ("notmuch", notmuch_files),
        ("jwz-mbox", jwz_mbox),
    ):
        tally = Tally(name)
        results = {}
        for label, raw in source(args.corpora):
            parsed = tally.add(label, raw)
            if parsed is not None:
                results[label] = parsed
        if name == "mail-parser":
            checked = compare_expected(args.corpora, results, tally.disagreements)
            if args.verbose:
                print(f"{'':12s} checked {checked} field values asserted by mail-parser's tests")
        report(tally, args.verbose)
        failed += len(tally.failures)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
