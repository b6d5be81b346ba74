"""Rating rounds: each member rates the self-assessment on their own before a meeting, and the
round is revealed together: per characteristic, how many rated, the median, the range, how many
gave each score, the "why" lines, and the view by sector, widest disagreement first.

Pure dataclasses and rules; nothing here prompts, prints or touches a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from .meeting import Spread, spread
from .model import Framework, Prompt

#: How a round's submissions carry their author: not at all, by name, or by the alias the
#: member chose once (the same in every round).
MODES = ("anonymous", "named", "alias")
#: In an anonymous round, a sector with fewer submissions than this is merged into OTHER.
SMALLEST_SECTOR = 3
OTHER = "Other"
#: Between the medians of two sectors, a gap this wide (or wider) is one to discuss first, as a
#: range of ratings that counts as wide disagreement is (meeting.disagreement_threshold).
SECTOR_GAP = 2.0


@dataclass(frozen=True)
class Submission:
    """One member's ratings in a round. `who` is their name (named round), their alias (alias
    round) or "" (anonymous); `source` names the file it came from (for messages)."""

    ratings: dict[str, int]
    why: dict[str, str] = field(default_factory=dict)
    sector: str = ""
    who: str = ""
    organisation: str = ""
    day: dt.date | None = None
    source: str = ""
    #: How the file says its round carries names, and the round's name ("": not known).
    mode: str = ""
    round_name: str = ""


@dataclass(frozen=True)
class Round:
    """A round as the facilitator opened it (and closed it, when `closed` is a day)."""

    name: str
    mode: str
    opened: dt.date
    closed: dt.date | None = None
    #: The meeting (session id) the round was brought into, if any.
    imported: str = ""

    @property
    def is_open(self) -> bool:
        return self.closed is None


@dataclass(frozen=True)
class SectorView:
    sector: str
    count: int
    median: float


@dataclass(frozen=True)
class Reveal:
    """One characteristic of a revealed round."""

    prompt: Prompt
    spread: Spread
    #: score -> how many gave it, for every score of the scale (0 where nobody did)
    counts: tuple[tuple[int, int], ...]
    #: (who, why) for each rating that came with a why line ("" as who: anonymous)
    whys: tuple[tuple[str, str], ...]
    sectors: tuple[SectorView, ...]
    #: the gap between the highest and lowest sector medians (None: fewer than two sectors)
    sector_gap: float | None
    discuss_first: bool

    @property
    def width(self) -> int:
        return self.spread.high - self.spread.low


def median_text(value: float) -> str:
    """4.0 -> '4', 4.5 -> '4.5' (a median of an even count stays what it is)."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def sector_groups(sectors: Sequence[str], merge_small: bool,
                  smallest: int = SMALLEST_SECTOR) -> list[str]:
    """The sector each submission is shown under: as given (blank: OTHER), or, with
    `merge_small` (an anonymous round), OTHER for any sector with fewer than `smallest`
    submissions, so that nobody's rating can be told from their sector."""
    named = [" ".join(s.split()) or OTHER for s in sectors]
    if not merge_small:
        return named
    keys = [s.casefold() for s in named]
    sizes: dict[str, int] = {}
    for key in keys:
        sizes[key] = sizes.get(key, 0) + 1
    return [name if sizes[key] >= smallest else OTHER
            for name, key in zip(named, keys, strict=True)]


def _sector_views(values: Sequence[int], groups: Sequence[str], low: int, high: int,
                  merge_small: bool) -> tuple[SectorView, ...]:
    by: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for value, group in zip(values, groups, strict=True):
        key = group.casefold()
        names.setdefault(key, group)
        by.setdefault(key, []).append(value)
    views = []
    for key, numbers in by.items():
        if merge_small and len(numbers) < SMALLEST_SECTOR:
            continue  # even "Other" is too small to show on its own: counted in the whole only
        found = spread(numbers, low, high)
        assert found is not None
        views.append(SectorView(names[key], len(numbers), found.median))
    return tuple(sorted(views, key=lambda v: (v.sector.casefold() == OTHER.casefold(),
                                              v.sector.casefold())))


def reveal(framework: Framework, submissions: Sequence[Submission],
           anonymous: bool) -> list[Reveal]:
    """Each rated characteristic of the framework's self-assessment, the widest disagreement
    first (the range of ratings, then the gap between sectors), in the framework's order
    otherwise. A characteristic nobody rated is left out."""
    assessment = framework.assessment
    if assessment is None:
        return []
    found: list[tuple[int, Reveal]] = []
    for position, prompt in enumerate(p for p in assessment.prompts if p.type == "rating"):
        if prompt.scale is None:
            continue
        low, high = prompt.scale.low, prompt.scale.high
        rated = [s for s in submissions if prompt.id in s.ratings]
        values = [s.ratings[prompt.id] for s in rated]
        whole = spread(values, low, high)
        if whole is None:
            continue
        groups = sector_groups([s.sector for s in rated], merge_small=anonymous)
        sectors = _sector_views(values, groups, low, high, merge_small=anonymous)
        gap = (max(v.median for v in sectors) - min(v.median for v in sectors)
               if len(sectors) > 1 else None)
        counts = tuple((score, values.count(score)) for score, _ in prompt.scale.labels)
        # (a why line given without a rating is heard too)
        whys = tuple(("" if anonymous else s.who, s.why[prompt.id]) for s in submissions
                     if s.why.get(prompt.id, "").strip())
        discuss = whole.disagree or (gap is not None and gap >= SECTOR_GAP)
        found.append((position, Reveal(prompt, whole, counts, whys, sectors, gap, discuss)))
    found.sort(key=lambda item: (-item[1].width, -(item[1].sector_gap or 0.0), item[0]))
    return [item for _, item in found]
