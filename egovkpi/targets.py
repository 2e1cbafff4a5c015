"""Load and validate targets.yaml into frozen dataclasses.

A broken file is refused with the file name and the line or KPI at fault, in one
line: hostile YAML too (deep nesting, lists as keys, alias bombs), never a traceback.
Every refusal is a `t(...)` sentence, written in the reader's language where it is shown.

Which milestones a unit is judged against (`Kpi.milestones`):
- a KPI marked `applies_to: national` (Viet Nam's UN rank) is judged for the nation only, never for a province;
- a milestone applies to a unit only if the unit exists on the milestone's deadline day (`applies`).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from egovkpi.errors import InputError
from egovkpi.messages import either, t
from egovkpi.numbers import format_exact
from egovkpi.periods import Period, parse_period
from egovkpi.provinces import Registry, Unit
from egovkpi.text import DASHES, clean

UNITS = ("percent", "count", "days")
DIRECTIONS = ("higher", "lower")
NATIONAL_ONLY = "national"
APPLIES_TO = (NATIONAL_ONLY, "all")  # `applies_to` on a KPI; absent means all
_CODE = re.compile(r"^[a-z0-9_]+$")
_CODE_BREAKS = re.compile(f"[\\s{re.escape(DASHES)}]+")
MAX_DEPTH = 64  # collections inside collections; the shipped file needs 5
MAX_NODES = 1_000_000  # values once every alias is expanded; the shipped file has about a thousand
_MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Target:
    scope: Unit
    value: float
    deadline: Period
    basis: str
    verification: str = ""
    note: str = ""

    @property
    def unverified(self) -> bool:
        return self.verification == "unverified"


@dataclass(frozen=True)
class Kpi:
    code: str
    name_vi: str
    name_en: str
    unit: str
    direction: str
    targets: tuple[Target, ...] = ()
    national_only: bool = False  # `applies_to: national`: judged for the nation, never for a province

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def counts_for(self, scope: Unit) -> bool:
        """Whether `scope` is judged on this KPI at all: a national-only KPI counts for the nation alone."""
        return scope.is_national or not self.national_only

    def candidates(self, scope: Unit) -> list[Target]:
        """The scope's own milestones if it has any, else the national ones, whether or not they apply to it."""
        own = [m for m in self.targets if m.scope.key == scope.key]
        return own or [m for m in self.targets if m.scope.is_national]

    def milestones(self, scope: Unit) -> list[Target]:
        """The milestones `scope` is judged against, by deadline: its candidates that apply to it (see `applies`);
        none for a province on a national-only KPI."""
        if not self.counts_for(scope):
            return []
        chosen = [m for m in self.candidates(scope) if applies(m, scope)]
        return sorted(chosen, key=lambda m: m.deadline.latest_key)

    def excluded(self, scope: Unit) -> bool:
        """Whether `scope` has no target here although the KPI has some: national-only for a province, or
        every candidate milestone falls outside the unit's lifetime. Such a KPI is shown, never counted."""
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


class _LineDict(dict[Any, Any]):
    line = 0


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:  # libyaml's parser where PyYAML was built with it: 7x faster
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """A safe loader that refuses duplicate keys and remembers each mapping's line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError):
            kind = str(node.tag).rsplit(":", 1)[-1]  # a bad date, !!int abc, !!bool maybe, a 5,000-digit number
            value = _shown(node.value) if isinstance(node, yaml.ScalarNode) else "this value"
            line = node.start_mark.line + 1
            raise InputError(
                t("line {line}: {value} is not a valid {kind}", line=line, value=value, kind=kind)
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE:  # '<<: *defaults': its keys may be overridden
                continue
            if isinstance(key_node, yaml.SequenceNode):
                raise InputError(
                    t("line {line}: a list cannot be a key; a key is a name such as a KPI code", line=line)
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    t("line {line}: a mapping cannot be a key; a key is a name such as a KPI code", line=line)
                )
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise InputError(t("line {line}: duplicate key {key}", line=line, key=_shown(key)))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Any:
    data = _LineDict()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def _shown(value: Any) -> str:
    """A value for a one-line message: short, never a walk through a huge or self-referencing structure."""
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        return "[...]"
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _check_size(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and aliases that expand past MAX_NODES ('billion laughs').

    Reads the parser's events, before any node is built: neither costs memory or recursion.
    """
    sizes: dict[str, int] = {}  # anchor -> values under it, aliases expanded
    open_: list[tuple[str | None, int]] = []  # collections being read: anchor, values counted before it
    total = 0  # values so far, aliases expanded
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            open_.append((event.anchor, total))
            total += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, before = open_.pop()
            if anchor is not None:
                sizes[anchor] = total - before
        elif isinstance(event, yaml.AliasEvent):
            total += sizes.get(event.anchor or "", 1)  # an alias inside its own anchor counts once
        elif isinstance(event, yaml.ScalarEvent):
            total += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        line = event.start_mark.line + 1 if event.start_mark else 0
        if len(open_) > MAX_DEPTH:
            raise InputError(t("line {line}: nested deeper than {limit} levels", line=line, limit=MAX_DEPTH))
        if total > MAX_NODES:
            limit = f"{MAX_NODES:,}"
            raise InputError(
                t("line {line}: more than {limit} values once aliases are expanded", line=line, limit=limit)
            )


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(t("{path}: no such targets file", path=path)) from None
    except (IsADirectoryError, PermissionError) as exc:
        raise InputError(t("{path}: cannot be read ({reason})", path=path, reason=exc.strerror)) from None
    except UnicodeDecodeError:
        raise InputError(t("{path}: is not UTF-8 text", path=path)) from None
    try:
        _check_size(text)
        return yaml.load(text, Loader=_Loader)
    except InputError as exc:
        raise _in(path, exc) from None
    except yaml.reader.ReaderError as exc:  # a control character such as NUL
        line, code = text.count("\n", 0, exc.position) + 1, f"{exc.character:04x}"
        message = t("{path}: line {line}: character #x{code} is not allowed in YAML", path=path, line=line, code=code)
        raise InputError(message) from None
    except yaml.MarkedYAMLError as exc:
        mark, problem = exc.problem_mark or exc.context_mark, clean(exc.problem or exc.context or "")
        if mark is None:
            raise InputError(t("{path}: YAML syntax error: {problem}", path=path, problem=problem)) from None
        where = {"path": path, "line": mark.line + 1, "column": mark.column + 1, "problem": problem}
        raise InputError(t("{path}: line {line}, column {column}: YAML syntax error: {problem}", **where)) from None
    except yaml.YAMLError as exc:
        raise InputError(t("{path}: YAML error: {problem}", path=path, problem=clean(str(exc)))) from None
    except (RecursionError, MemoryError):
        raise InputError(t("{path}: too deeply nested or too large to read", path=path)) from None


def _in(path: Path, exc: InputError) -> InputError:
    """A refusal found inside the file, said with the file's name first; the hint kept."""
    return InputError(t("{path}: {problem}", path=path, problem=exc.text), hint=exc.hint_text)


def check_value(value: float, unit: str) -> None:
    """Refuse values outside the unit's range; the message says what is accepted."""
    if not math.isfinite(value):
        raise InputError(t("{value} is not a finite number", value=value))
    shown = format_exact(value, "en")
    if unit == "percent" and not 0 <= value <= 100:
        raise InputError(t("{value} is outside 0-100 for a percent KPI", value=shown))
    if unit in ("count", "days") and value < 0:
        raise InputError(t("{value} is negative; a {unit} KPI takes values of 0 or more", value=shown, unit=unit))
    if unit == "count" and value != int(value):
        raise InputError(t("{value} is not a whole number; a count KPI takes whole numbers", value=shown))


def _number(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise InputError(t("value {value} is not a number", value=_shown(raw)))
    return float(raw)


def _text(entry: dict[str, Any], key: str, required: bool) -> str:
    raw = entry.get(key)
    if raw is None and not required:
        return ""
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(t("'{key}' must be a non-empty text", key=key))
    return clean(raw)


def _target(entry: Any, kpi_unit: str, national_only: bool, registry: Registry) -> Target:
    if not isinstance(entry, dict):
        raise InputError(t("a target must be a mapping with scope, value, deadline and basis"))
    value = _number(entry.get("value"))
    check_value(value, kpi_unit)
    deadline_raw = entry.get("deadline")
    if isinstance(deadline_raw, bool) or not isinstance(deadline_raw, (int, str)):
        raise InputError(t("deadline {value} is not a year or a period", value=_shown(deadline_raw)))
    deadline = parse_period(str(deadline_raw))
    scope = registry.match(_text(entry, "scope", True), on=deadline.end)
    if national_only and not scope.is_national:
        raise InputError(
            t("the KPI applies to the nation only (applies_to: national): no target for {scope}", scope=scope.name)
        )
    _check_lifetime(scope, deadline)
    return Target(
        scope=scope,
        value=value,
        deadline=deadline,
        basis=_text(entry, "basis", True),
        verification=_text(entry, "verification", False),
        note=_text(entry, "note", False),
    )


def _names(raw: Any) -> tuple[str, str]:
    if isinstance(raw, str) and raw.strip():
        return clean(raw), clean(raw)
    if isinstance(raw, dict):
        vi, en = raw.get("vi"), raw.get("en")
        if isinstance(vi, str) and isinstance(en, str) and vi.strip() and en.strip():
            return clean(vi), clean(en)
    raise InputError(t("'name' must be {shape}", shape="{vi: ..., en: ...}"))


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
        raise InputError(t("'applies_to' {value} is not one of {accepted}", value=_shown(raw), accepted=accepted))
    return raw == NATIONAL_ONLY


def _kpi(code: Any, body: Any, registry: Registry) -> Kpi:
    if not isinstance(code, str) or not _CODE.match(code):
        raise InputError(t("KPI code {code} must be lower-case letters, digits and _", code=_shown(code)))
    if not isinstance(body, dict):
        raise InputError(t("KPI '{code}' must be a mapping with name, unit, direction and targets", code=code))
    where = t("KPI '{code}' (line {line})", code=code, line=getattr(body, "line", "?"))
    try:
        name_vi, name_en = _names(body.get("name"))
        unit, direction = body.get("unit"), body.get("direction")
        if unit not in UNITS:
            raise InputError(t("unit {value} is not one of {accepted}", value=_shown(unit), accepted=", ".join(UNITS)))
        if direction not in DIRECTIONS:
            accepted = ", ".join(DIRECTIONS)
            raise InputError(
                t("direction {value} is not one of {accepted}", value=_shown(direction), accepted=accepted)
            )
        national_only = _national_only(body.get("applies_to"))
        entries = body.get("targets") or []
        if not isinstance(entries, list):
            raise InputError(t("'targets' must be a list"))
    except InputError as exc:
        raise InputError(t("{where}: {problem}", where=where, problem=exc.text), hint=exc.hint_text) from None
    targets = []
    for number, entry in enumerate(entries, 1):
        try:
            targets.append(_target(entry, unit, national_only, registry))
        except InputError as exc:
            at = {"where": where, "number": number, "line": getattr(entry, "line", "?"), "problem": exc.text}
            message = t("{where}, target {number} (line {line}): {problem}", **at)
            raise InputError(message, hint=exc.hint_text) from None
    return Kpi(code, name_vi, name_en, unit, direction, tuple(targets), national_only)


def load_targets(path: Path, registry: Registry) -> TargetsFile:
    data = read_yaml(path)
    kpis = data.get("kpis") if isinstance(data, dict) else None
    if not isinstance(kpis, dict) or not kpis:
        raise InputError(t("{path}: needs a top-level 'kpis:' mapping of KPI codes", path=path))
    try:
        return TargetsFile(path, {code: _kpi(code, body, registry) for code, body in kpis.items()})
    except InputError as exc:
        raise _in(path, exc) from None
