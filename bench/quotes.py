"""Quote and signature stripping scored against real, independently labelled corpora.

    python bench/quotes.py                      # corpora at ../shared/corpora from the repo
    python bench/quotes.py --corpora PATH -v    # and the worst cases of each corpus

The corpora are read in place and never copied into the repository:

* talon ``plain_text_cases``: 52 inline cases from Mailgun's test-suite (input → visible text);
* talon ``standard_replies``: 12 ``.eml`` replies from real clients, through ``parse_message``;
* talon ``html_replies``: 9 HTML reply bodies (converted to text, then split);
* quagga ``annotated_all``: 436 Enron and Apache-list bodies with zone annotations
  (visible text = everything before the first embedded header), minus 5 marked suspect;
* quagga ``annotated_lines``: 169 full Enron RFC 822 messages with per-line labels
  (``B>`` body, ``S>`` signature, ``H>`` embedded header), through ``parse_message``.

The reference "visible text" of these corpora keeps the sender's signature, so the score
compares it with ``new_text`` plus ``signature`` (what is not history). Exact match is after
collapsing all whitespace; similarity is token-level F1 (bag of words), 1.0 when equal.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from daemon.pipeline.parse import html_to_text, parse_message  # noqa: E402
from daemon.pipeline.quotes import ReplyParts, split_reply  # noqa: E402

# Talon cases whose expectation contradicts this project's design, on purpose:
# forwarded messages are history here (DESIGN.md: text analysis runs on the parent's own new
# words, "forwarded blocks ... are stripped first"), and test_too_many_lines relies on talon
# patching its line limit to 1.
DESIGN_CONFLICTS = {
    "test_dont_parse_quotations_for_forwarded_messages",
    "test_too_many_lines",
}


@dataclass
class Case:
    corpus: str
    name: str
    expected: str
    got: str
    note: str = ""

    @property
    def exact(self) -> bool:
        return normalise(self.expected) == normalise(self.got)

    @property
    def f1(self) -> float:
        return token_f1(self.expected, self.got)


def normalise(text: str) -> str:
    """Collapse all whitespace: line wrapping and blank lines are not what is scored."""
    return " ".join(text.split())


def token_f1(expected: str, got: str) -> float:
    """Bag-of-words F1 between two texts (linear time, unlike difflib on long bodies)."""
    want, have = Counter(expected.split()), Counter(got.split())
    if not want and not have:
        return 1.0
    common = sum((want & have).values())
    if not common:
        return 0.0
    precision = common / sum(have.values())
    recall = common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def visible(parts: ReplyParts) -> str:
    """What is not history: the new words and the signature."""
    return f"{parts.new_text}\n{parts.signature}"


# --- corpora -------------------------------------------------------------------------------


def talon_plain(root: Path) -> Iterator[Case]:
    data = json.loads((root / "talon/expected_reply_text.derived.json").read_text("utf-8"))
    cases = data["plain_text_cases"]
    by_input: dict[str, set[str]] = {}
    for case in cases:
        by_input.setdefault(case["input"], set()).add(normalise(case["expected_visible_text"]))
    for case in cases:
        note = ""
        if case["test"] in DESIGN_CONFLICTS:
            note = "design conflict"
        elif len(by_input[case["input"]]) > 1:
            note = "contradictory expectations for one input (derivation artefact)"
        got = visible(split_reply(case["input"]))
        yield Case("talon-plain", case["test"], case["expected_visible_text"], got, note)


def talon_standard(root: Path) -> Iterator[Case]:
    data = json.loads((root / "talon/expected_reply_text.derived.json").read_text("utf-8"))
    for path, spec in sorted(data["fixture_expectations"].items()):
        if "standard_replies" not in path:
            continue
        parsed = parse_message((root / "talon" / path).read_bytes())
        got = f"{parsed.new_text}\n{parsed.signature}"
        expected = spec["expected_visible_text_of_first_text/plain_part"]
        yield Case("talon-standard", Path(path).name, expected, got)


def talon_html(root: Path) -> Iterator[Case]:
    data = json.loads((root / "talon/expected_reply_text.derived.json").read_text("utf-8"))
    for path, spec in sorted(data["fixture_expectations"].items()):
        if "html_replies" not in path:
            continue
        markup = (root / "talon" / path).read_text("utf-8", errors="replace")
        got = visible(split_reply(html_to_text(markup)))
        yield Case("talon-html", Path(path).name, spec["expected_visible_text"], got)


def quagga_zones(root: Path) -> Iterator[Case]:
    base = root / "quagga"
    data = json.loads((base / "expected_visible_text.derived.json").read_text("utf-8"))
    for name, spec in sorted(data["emails"].items()):
        if spec.get("suspect_label"):
            continue
        text = json.loads((base / "Datasets" / name).read_text("utf-8"))["text"]
        got = visible(split_reply(text))
        yield Case("quagga-zones", name, spec["visible_text"], got)


def quagga_lines(root: Path) -> Iterator[Case]:
    """Full messages with labelled body lines: visible = B>/S> lines before the first H>."""
    for path in sorted((root / "quagga/Datasets/Enron/annotated_lines").iterdir()):
        raw = path.read_bytes().replace(b"\r\n", b"\n")
        head, sep, body = raw.partition(b"\n\n")
        labels, lines = [], []
        for line in body.split(b"\n"):
            labels.append(line[:2])
            lines.append(line[2:])
        expected_lines = []
        for label, line in zip(labels, lines, strict=True):
            if label == b"H>":
                break
            expected_lines.append(line)
        parsed = parse_message(head + sep + b"\n".join(lines))
        got = f"{parsed.new_text}\n{parsed.signature}"
        # Decode the expected lines exactly as the message body is decoded (quoted-printable).
        expected = parse_message(head + sep + b"\n".join(expected_lines)).text
        yield Case("quagga-lines", path.name, expected, got)


CORPORA: dict[str, Callable[[Path], Iterator[Case]]] = {
    "talon-plain": talon_plain,
    "talon-standard": talon_standard,
    "talon-html": talon_html,
    "quagga-zones": quagga_zones,
    "quagga-lines": quagga_lines,
}


# --- report --------------------------------------------------------------------------------


def report(name: str, cases: list[Case], seconds: float, verbose: int) -> None:
    """One summary line per corpus; with -v the worst cases, with -vv every miss."""
    if not cases:
        print(f"{name:15s} no cases found")
        return
    exact = sum(case.exact for case in cases)
    mean_f1 = sum(case.f1 for case in cases) / len(cases)
    clean = [case for case in cases if not case.note]
    clean_exact = sum(case.exact for case in clean)
    line = (
        f"{name:15s} n={len(cases):3d}  exact {exact:3d} ({exact / len(cases):6.1%})  "
        f"token-F1 {mean_f1:.3f}  {1000 * seconds / len(cases):6.2f} ms/case"
    )
    if len(clean) != len(cases):
        line += f"  | excl. {len(cases) - len(clean)} noted: {clean_exact}/{len(clean)}"
        line += f" ({clean_exact / len(clean):.1%})"
    print(line)
    if not verbose:
        return
    misses = sorted((case for case in cases if not case.exact), key=lambda case: case.f1)
    for case in misses if verbose > 1 else misses[:8]:
        print(f"\n  --- {case.name}  F1={case.f1:.3f} {case.note}")
        print("  expected: " + repr(normalise(case.expected)[:400]))
        print("  got:      " + repr(normalise(case.got)[:400]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--only", choices=sorted(CORPORA), action="append")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    for name, load in CORPORA.items():
        if args.only and name not in args.only:
            continue
        started = time.perf_counter()
        cases = list(load(args.corpora))
        report(name, cases, time.perf_counter() - started, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
