"""Jinja2 templates for everything the daemon writes to people: holding replies, digests.

A school replaces any template by putting a file with the same name in ``[templates] dir``;
the bundled ones in ``templates/`` are the fallback. HTML templates are autoescaped (a parent's
subject line cannot inject markup into a digest) and an undefined variable is an error, so a
typo in a school's template fails in ``steward doctor`` instead of sending a blank.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from daemon import workdays

if TYPE_CHECKING:
    from jinja2 import Environment

# Installed side by side with the daemon package (see pyproject: package-data "templates").
BUNDLED = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Rendered:
    text: str
    html: str
    template: str  # the name of the text template used, e.g. "holding_reply/en"


class Templates:
    def __init__(self, custom_dir: str = "") -> None:
        self.custom_dir = custom_dir

    @cached_property
    def env(self) -> Environment:
        """Built (and Jinja2 imported) on first use: a quiet cycle renders nothing."""
        from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

        loaders = []
        if self.custom_dir:
            loaders.append(FileSystemLoader(self.custom_dir))
        loaders.append(FileSystemLoader(str(BUNDLED)))
        env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=lambda name: bool(name and name.endswith(".html.j2")),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters["clock"] = clock_words
        env.filters["day"] = day_words
        return env

    def render(self, kind: str, language: str, context: Mapping[str, Any]) -> Rendered:
        """``kind/<language>.txt.j2`` and ``.html.j2``, falling back to English."""
        from jinja2 import TemplateNotFound

        for lang in dict.fromkeys((language, "en")):
            try:
                text_t = self.env.get_template(f"{kind}/{lang}.txt.j2")
                html_t = self.env.get_template(f"{kind}/{lang}.html.j2")
            except TemplateNotFound:
                continue
            return Rendered(
                text=_tidy(text_t.render(**context)),
                html=html_t.render(**context),
                template=f"{kind}/{lang}",
            )
        raise TemplateNotFound(f"{kind}/en.txt.j2")


def clock_words(moment: datetime) -> str:
    """4pm, 10:30am, noon, midnight (the local time of ``moment``)."""
    return workdays.clock_words(moment.time())


def day_words(moment: datetime) -> str:
    """Wednesday 25 November."""
    return workdays.day_words(moment.date())


def _tidy(text: str) -> str:
    """No runs of blank lines left by optional template sections."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
