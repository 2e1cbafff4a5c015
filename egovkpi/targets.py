"""Load and validate targets.yaml into frozen dataclasses.

A broken file is refused with the file name and the line or KPI at fault, in one
line: hostile YAML too (deep nesting, lists as keys, alias bombs), never a traceback.
Every refusal is a `t(...)` sentence, written in the reader's language where it is shown.

Which milestones a unit is judged against (`Kpi.milestones`):
- a KPI marked `applies_to: national` (Viet Nam's UN rank) is judged for the nation only, never for a province;
- a province's own milestones if it has any, else the national ones;
- a milestone's `tier` says which level of government it is about: none, the unit's own figure; `province`, the
  provinces (a national milestone with it is not the nation's own target); `ministry`, `district`, `commune`:
  documentation only, never judged (`Target.judged_for`);
- a milestone applies to a unit only if the unit exists on the milestone's deadline day (`applies`);
- of two milestones due on the same day, the stricter applies (`Kpi.strictness`).

A milestone's `comparator` says how a figure meets it (`COMPARATORS`); the KPI's direction gives the default.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from egovkpi.comparators import DEFAULT_COMPARATOR, read_comparator, strictness
from egovkpi.errors import InputError
from egovkpi.messages import either, t
from egovkpi.numbers import format_exact
from egovkpi.periods import Period, parse_period
from egovkpi.provinces import Registry, Unit
from egovkpi.schedule import Schedule, read_schedule
from egovkpi.text import DASHES, clean
from egovkpi.yamlfile import read_yaml, shown, within

UNITS = ("percent", "count", "days")
DIRECTIONS = ("higher", "lower")
NATIONAL_ONLY = "national"
APPLIES_TO = (NATIONAL_ONLY, "all")  # `applies_to` on a KPI; absent means all
_CODE = re.compile(r"^[a-z0-9_]+$")
_CODE_BREAKS = re.compile(f"[\\s{re.escape(DASHES)}]+")
TIERS = ("ministry", "province", "district", "commune")  # levels of government a milestone may be about
PROVINCE_TIER = "province"


@dataclass(frozen=True)
class Target:
    scope: Unit
    value: float
    deadline: Period
    basis: str
    verification: str = ""
    note: str = ""
    comparator: str = ""  # one of COMPARATORS; "" (never so once loaded): the default of the KPI's direction
    tier: str = ""  # one of TIERS, or "" for the scope's own figure
    source: str = ""  # a URL or a seeds/ reference

    @property
    def unverified(self) -> bool:
        return self.verification == "unverified"

    @property
    def documentation_only(self) -> bool:
        """A milestone about ministries, districts or communes: listed, never judged."""
        return self.tier not in ("", PROVINCE_TIER)

    def judged_for(self, unit: Unit) -> bool:
        """Whether the milestone's tier is about `unit`'s own figure: no tier, or `province` for a province."""
        if self.tier == PROVINCE_TIER:
            return not unit.is_national
        return not self.documentation_only


@dataclass(frozen=True)
class Era:
    """The period of law a KPI's definition belongs to: level 3/4 services under NĐ 43/2011 until NĐ 42/2022."""

    start: dt.date | None
    end: dt.date | None
    basis: str = ""


@dataclass(frozen=True)
class Kpi:
    code: str
    name_vi: str
    name_en: str
    unit: str
    direction: str
    targets: tuple[Target, ...] = ()
    national_only: bool = False  # `applies_to: national`: judged for the nation, never for a province
    definition_vi: str = ""
    definition_en: str = ""
    era: Era | None = None
    figures_from: str = ""  # where figures come from
    note: str = ""
    national_reason: str = ""  # `applies_to_reason`: why a province has no figure
    schedule: Schedule = field(default_factory=Schedule)  # how often it is reported, when due, by whom (schedule.py)
    _milestones: dict[Unit, list[Target]] = field(default_factory=dict, init=False, compare=False, repr=False)

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def definition(self, lang: str) -> str:
        return self.definition_vi if lang == "vi" else self.definition_en

    def comparator(self, target: Target) -> str:
        """The milestone's comparator, or its direction's default."""
        return target.comparator or DEFAULT_COMPARATOR[self.direction]

    def strictness(self, target: Target) -> tuple[float, int]:
        """Orders the milestones due on one day, the stricter last (see `comparators.strictness`)."""
        return strictness(target.value, self.comparator(target), self.direction)

    def counts_for(self, scope: Unit) -> bool:
        """Whether `scope` is judged on this KPI at all: a national-only KPI counts for the nation alone."""
        return scope.is_national or not self.national_only

    def candidates(self, scope: Unit) -> list[Target]:
        """The scope's own milestones about its own figure if it has any, else the national ones, whether or not
        they apply to it."""
        own = [m for m in self.targets if m.scope.key == scope.key and m.judged_for(scope)]
        return own or [m for m in self.targets if m.scope.is_national]

    def milestones(self, scope: Unit) -> list[Target]:
        """The milestones `scope` is judged against, by deadline: its candidates whose tier is about it and that
        apply to it (see `applies`), the stricter of any two due on one day; none for a province on a
        national-only KPI. Worked out once per unit: a report asks it of every series."""
        found = self._milestones.get(scope)
        if found is None:
            found = self._milestones[scope] = self._judged_against(scope)
        return list(found)

    def _judged_against(self, scope: Unit) -> list[Target]:
        if not self.counts_for(scope):
            return []
        by_day: dict[dt.date, Target] = {}
        for milestone in self.candidates(scope):
            if milestone.judged_for(scope) and applies(milestone, scope):
                held = by_day.get(milestone.deadline.end)
                if held is None or self.strictness(milestone) > self.strictness(held):
                    by_day[milestone.deadline.end] = milestone
        return sorted(by_day.values(), key=lambda m: m.deadline.latest_key)

    def excluded(self, scope: Unit) -> bool:
        """Whether `scope` has no target here although the KPI has some: national-only for a province, every
        candidate milestone is about another level of government, or falls outside the unit's lifetime. Such a
        KPI is shown, never counted."""
        return not self.counts_for(scope) or (bool(self.candidates(scope)) and not self.milestones(scope))


def applies(target: Target, unit: Unit) -> bool:
    """Whether a milestone applies to a unit: the unit exists on the milestone's deadline day, the last day of
    its deadline period (31/12/2025 for a deadline of 2025).

    A target is judged on its deadline day, so a unit that is gone by then cannot meet or miss it. Phú Yên
    ended on 30/06/2025: a 2025 target is not Phú Yên's, even though Phú Yên lived half of 2025, since judging its
    last figure against it would call 'missed' a deadline the province never reached (its territory meets or
    misses that target as part of Đắk Lắk). Likewise a unit formed on 01/07/2025 did not exist to meet a 2020
    target: that target was its predecessors'. A unit without an end (the nation, Thanh Hóa) meets every deadline.
    """
    return unit.valid_on(target.deadline.end)


@dataclass(frozen=True)
class TargetsFile:
    path: Path
    kpis: dict[str, Kpi]

    def kpi(self, code: str) -> Kpi:
        """The KPI a user means: any case, spaces around, '-' or a space for '_' ('Online-Dossiers ')."""
        wanted = _CODE_BREAKS.sub("_", clean(code).casefold())
        if wanted in self.kpis:
            return self.kpis[wanted]
        close = difflib.get_close_matches(wanted, list(self.kpis), n=3, cutoff=0.6)
        shown = clean(code) or "—"
        hint = t("accepted: {codes}", codes=", ".join(self.kpis))
        if close:
            guess = either([repr(name) for name in close])
            raise InputError(t("unknown KPI '{code}'; did you mean {guess}?", code=shown, guess=guess), hint=hint)
        raise InputError(t("unknown KPI '{code}'", code=shown), hint=hint)


def check_value(value: float, unit: str) -> None:
    """Refuse values outside the unit's range; the message says what is accepted."""
    if not math.isfinite(value):
        raise InputError(t("{value} is not a finite number", value=value))
    in_range = (unit != "percent" or 0 <= value <= 100) and (unit not in ("count", "days") or value >= 0)
    if in_range and (unit != "count" or value == int(value)):
        return  # the common case: nothing to say, nothing to format
    shown = format_exact(value, "en")
    if unit == "percent" and not 0 <= value <= 100:
        raise InputError(t("{value} is outside 0-100 for a percent KPI", value=shown))
    if unit in ("count", "days") and value < 0:
        raise InputError(t("{value} is negative; a {unit} KPI takes values of 0 or more", value=shown, unit=unit))
    if unit == "count" and value != int(value):
        raise InputError(t("{value} is not a whole number; a count KPI takes whole numbers", value=shown))


def _number(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise InputError(t("value {value} is not a number", value=shown(raw)))
    return float(raw)


def _text(entry: dict[str, Any], key: str, required: bool) -> str:
    raw = entry.get(key)
    if raw is None and not required:
        return ""
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(t("'{key}' must be a non-empty text", key=key))
    return clean(raw)


def _target(entry: Any, kpi: Kpi, registry: Registry) -> Target:
    """One milestone of `kpi` (whose targets are not read yet)."""
    if not isinstance(entry, dict):
        raise InputError(t("a target must be a mapping with scope, value, deadline and basis"))
    value = _number(entry.get("value"))
    check_value(value, kpi.unit)
    deadline_raw = entry.get("deadline")
    if isinstance(deadline_raw, bool) or not isinstance(deadline_raw, (int, str)):
        raise InputError(t("deadline {value} is not a year or a period", value=shown(deadline_raw)))
    deadline = parse_period(str(deadline_raw))
    scope = registry.match(_text(entry, "scope", True), on=deadline.end)
    if kpi.national_only and not scope.is_national:
        raise InputError(
            t("the KPI applies to the nation only (applies_to: national): no target for {scope}", scope=scope.name)
        )
    _check_lifetime(scope, deadline)
    comparator = read_comparator(entry.get("comparator"), kpi.direction)
    if comparator == "top_n" and (value < 1 or value != int(value)):
        raise InputError(t("top_n {value} is not a rank: a whole number of 1 or more", value=format_exact(value, "en")))
    return Target(
        scope=scope,
        value=value,
        deadline=deadline,
        basis=_text(entry, "basis", True),
        verification=_text(entry, "verification", False),
        note=_text(entry, "note", False),
        comparator=comparator,
        tier=_tier(entry.get("tier")),
        source=_text(entry, "source", False),
    )


def _tier(raw: Any) -> str:
    """A milestone's `tier`: the level of government it is about, or "" for its scope's own figure."""
    if raw is None:
        return ""
    if not isinstance(raw, str) or raw not in TIERS:
        raise InputError(t("tier {value} is not one of {accepted}", value=shown(raw), accepted=", ".join(TIERS)))
    return raw


def _names(raw: Any) -> tuple[str, str]:
    if isinstance(raw, str) and raw.strip():
        return clean(raw), clean(raw)
    if isinstance(raw, dict):
        vi, en = raw.get("vi"), raw.get("en")
        if isinstance(vi, str) and isinstance(en, str) and vi.strip() and en.strip():
            return clean(vi), clean(en)
    raise InputError(t("'name' must be {shape}", shape="{vi: ..., en: ...}"))


def _definition(raw: Any) -> tuple[str, str]:
    """A KPI's `definition`: one text, or {vi: ..., en: ...}; none is ("", "")."""
    if raw is None:
        return "", ""
    try:
        return _names(raw)
    except InputError:
        raise InputError(t("'definition' must be a text or {shape}", shape="{vi: ..., en: ...}")) from None


def _era(raw: Any) -> Era | None:
    """A KPI's `era`: {from: ..., to: ..., basis: ...}, each day a date (YYYY-MM-DD) or a year."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InputError(t("'era' must be {shape}", shape="{from: YYYY-MM-DD, to: YYYY-MM-DD, basis: ...}"))
    start, end = _era_day(raw.get("from"), "from", last=False), _era_day(raw.get("to"), "to", last=True)
    if start is None and end is None:
        raise InputError(t("'era' needs 'from' or 'to': a date (YYYY-MM-DD) or a year"))
    if start is not None and end is not None and start > end:
        raise InputError(t("'era' begins on {start}, after it ends on {end}", start=start, end=end))
    return Era(start, end, _text(raw, "basis", False))


def _era_day(raw: Any, key: str, last: bool) -> dt.date | None:
    """A day of an era: a date, or a year (its first day for 'from', its last for 'to')."""
    if raw is None or isinstance(raw, dt.date):
        return raw.date() if isinstance(raw, dt.datetime) else raw
    text = str(raw).strip() if isinstance(raw, (int, str)) and not isinstance(raw, bool) else ""
    if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2100:
        return dt.date(int(text), 12, 31) if last else dt.date(int(text), 1, 1)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise InputError(t("era '{key}' {value} is not a date (YYYY-MM-DD) or a year", key=key, value=shown(raw)))


def _check_lifetime(scope: Unit, deadline: Period) -> None:
    """Refuse a provincial target its unit can never be judged against: the unit is gone by the deadline day."""
    if not scope.valid_on(deadline.end):
        when = {"scope": scope.name, "day": deadline.end, "deadline": deadline}
        raise InputError(
            t("{scope} did not exist on {day}, the last day of the deadline {deadline}", **when),
            hint=t("a target applies to a unit that exists on its deadline day; see 'egovkpi provinces'"),
        )


def _national_only(raw: Any) -> bool:
    """`applies_to: national` (judged for the nation only) or `all` / absent (judged for every unit)."""
    if raw is None:
        return False
    if not isinstance(raw, str) or raw not in APPLIES_TO:
        accepted = ", ".join(APPLIES_TO)
        raise InputError(t("'applies_to' {value} is not one of {accepted}", value=shown(raw), accepted=accepted))
    return raw == NATIONAL_ONLY


def _kpi(code: Any, body: Any, registry: Registry) -> Kpi:
    if not isinstance(code, str) or not _CODE.match(code):
        raise InputError(t("KPI code {code} must be lower-case letters, digits and _", code=shown(code)))
    if not isinstance(body, dict):
        raise InputError(t("KPI '{code}' must be a mapping with name, unit, direction and targets", code=code))
    where = t("KPI '{code}' (line {line})", code=code, line=getattr(body, "line", "?"))
    try:
        name_vi, name_en = _names(body.get("name"))
        unit, direction = body.get("unit"), body.get("direction")
        if unit not in UNITS:
            raise InputError(t("unit {value} is not one of {accepted}", value=shown(unit), accepted=", ".join(UNITS)))
        if direction not in DIRECTIONS:
            accepted = ", ".join(DIRECTIONS)
            raise InputError(t("direction {value} is not one of {accepted}", value=shown(direction), accepted=accepted))
        definition_vi, definition_en = _definition(body.get("definition"))
        kpi = Kpi(
            code,
            name_vi,
            name_en,
            unit,
            direction,
            national_only=_national_only(body.get("applies_to")),
            definition_vi=definition_vi,
            definition_en=definition_en,
            era=_era(body.get("era")),
            figures_from=_text(body, "figures_from", False),
            note=_text(body, "note", False),
            national_reason=_text(body, "applies_to_reason", False),
            schedule=read_schedule(body, registry),
        )
        entries = body.get("targets") or []
        if not isinstance(entries, list):
            raise InputError(t("'targets' must be a list"))
    except InputError as exc:
        raise InputError(t("{where}: {problem}", where=where, problem=exc.text), hint=exc.hint_text) from None
    targets = []
    for number, entry in enumerate(entries, 1):
        try:
            targets.append(_target(entry, kpi, registry))
        except InputError as exc:
            at = {"where": where, "number": number, "line": getattr(entry, "line", "?"), "problem": exc.text}
            message = t("{where}, target {number} (line {line}): {problem}", **at)
            raise InputError(message, hint=exc.hint_text) from None
    return replace(kpi, targets=tuple(targets))


def load_targets(path: Path, registry: Registry) -> TargetsFile:
    data = read_yaml(path)
    kpis = data.get("kpis") if isinstance(data, dict) else None
    if not isinstance(kpis, dict) or not kpis:
        raise InputError(t("{path}: needs a top-level 'kpis:' mapping of KPI codes", path=path))
    try:
        return TargetsFile(path, {code: _kpi(code, body, registry) for code, body in kpis.items()})
    except InputError as exc:
        raise within(path, exc) from None
