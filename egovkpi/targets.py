"""Load and validate targets.yaml into frozen dataclasses.

A broken file is refused with the file name and the line or KPI at fault, in one
line: hostile YAML too (deep nesting, lists as keys, alias bombs), never a traceback.
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
from egovkpi.numbers import format_exact
from egovkpi.periods import Period, parse_period
from egovkpi.provinces import Registry, Unit
from egovkpi.text import DASHES, clean

UNITS = ("percent", "count", "days")
DIRECTIONS = ("higher", "lower")
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

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def milestones(self, scope: Unit) -> list[Target]:
        """The scope's own milestones if it has any, else the national ones, by deadline."""
        own = [t for t in self.targets if t.scope.key == scope.key]
        chosen = own or [t for t in self.targets if t.scope.is_national]
        return sorted(chosen, key=lambda t: t.deadline.latest_key)


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
        guess = f"; did you mean {' or '.join(repr(name) for name in close)}?" if close else ""
        raise InputError(f"unknown KPI '{clean(code) or '(empty)'}'{guess}", hint=f"accepted: {', '.join(self.kpis)}")


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
            raise InputError(f"line {node.start_mark.line + 1}: {value} is not a valid {kind}") from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE:  # '<<: *defaults': its keys may be overridden
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                raise InputError(f"line {line}: a {kind} cannot be a key; a key is a name such as a KPI code")
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise InputError(f"line {line}: duplicate key {_shown(key)}")
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
            raise InputError(f"line {line}: nested deeper than {MAX_DEPTH} levels")
        if total > MAX_NODES:
            raise InputError(f"line {line}: more than {MAX_NODES:,} values once aliases are expanded")


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such targets file") from None
    except (IsADirectoryError, PermissionError) as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: is not UTF-8 text") from None
    try:
        _check_size(text)
        return yaml.load(text, Loader=_Loader)
    except InputError as exc:
        raise InputError(f"{path}: {exc.problem}", hint=exc.hint) from None
    except yaml.reader.ReaderError as exc:  # a control character such as NUL
        line = text.count("\n", 0, exc.position) + 1
        raise InputError(f"{path}: line {line}: character #x{exc.character:04x} is not allowed in YAML") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise InputError(f"{path}: {where}YAML syntax error: {clean(exc.problem or exc.context or '')}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: YAML error: {clean(str(exc))}") from None
    except (RecursionError, MemoryError):
        raise InputError(f"{path}: too deeply nested or too large to read") from None


def check_value(value: float, unit: str) -> None:
    """Refuse values outside the unit's range; the message says what is accepted."""
    if not math.isfinite(value):
        raise InputError(f"{value} is not a finite number")
    if unit == "percent" and not 0 <= value <= 100:
        raise InputError(f"{format_exact(value, 'en')} is outside 0-100 for a percent KPI")
    if unit in ("count", "days") and value < 0:
        raise InputError(f"{format_exact(value, 'en')} is negative; a {unit} KPI takes values of 0 or more")
    if unit == "count" and value != int(value):
        raise InputError(f"{format_exact(value, 'en')} is not a whole number; a count KPI takes whole numbers")


def _number(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise InputError(f"value {_shown(raw)} is not a number")
    return float(raw)


def _text(entry: dict[str, Any], key: str, required: bool) -> str:
    raw = entry.get(key)
    if raw is None and not required:
        return ""
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(f"'{key}' must be a non-empty text")
    return clean(raw)


def _target(entry: Any, kpi_unit: str, registry: Registry) -> Target:
    if not isinstance(entry, dict):
        raise InputError("a target must be a mapping with scope, value, deadline and basis")
    value = _number(entry.get("value"))
    check_value(value, kpi_unit)
    deadline_raw = entry.get("deadline")
    if isinstance(deadline_raw, bool) or not isinstance(deadline_raw, (int, str)):
        raise InputError(f"deadline {_shown(deadline_raw)} is not a year or a period")
    deadline = parse_period(str(deadline_raw))
    scope = registry.match(_text(entry, "scope", True), on=deadline.end)
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
    raise InputError("'name' must be {vi: ..., en: ...}")


def _kpi(code: Any, body: Any, registry: Registry) -> Kpi:
    if not isinstance(code, str) or not _CODE.match(code):
        raise InputError(f"KPI code {_shown(code)} must be lower-case letters, digits and _")
    if not isinstance(body, dict):
        raise InputError(f"KPI '{code}' must be a mapping with name, unit, direction and targets")
    where = f"KPI '{code}' (line {getattr(body, 'line', '?')})"
    try:
        name_vi, name_en = _names(body.get("name"))
        unit, direction = body.get("unit"), body.get("direction")
        if unit not in UNITS:
            raise InputError(f"unit {_shown(unit)} is not one of {', '.join(UNITS)}")
        if direction not in DIRECTIONS:
            raise InputError(f"direction {_shown(direction)} is not one of {', '.join(DIRECTIONS)}")
        entries = body.get("targets") or []
        if not isinstance(entries, list):
            raise InputError("'targets' must be a list")
    except InputError as exc:
        raise InputError(f"{where}: {exc.problem}", hint=exc.hint) from None
    targets = []
    for number, entry in enumerate(entries, 1):
        try:
            targets.append(_target(entry, unit, registry))
        except InputError as exc:
            line = getattr(entry, "line", "?")
            raise InputError(f"{where}, target {number} (line {line}): {exc.problem}", hint=exc.hint) from None
    return Kpi(code, name_vi, name_en, unit, direction, tuple(targets))


def load_targets(path: Path, registry: Registry) -> TargetsFile:
    data = read_yaml(path)
    kpis = data.get("kpis") if isinstance(data, dict) else None
    if not isinstance(kpis, dict) or not kpis:
        raise InputError(f"{path}: needs a top-level 'kpis:' mapping of KPI codes")
    try:
        return TargetsFile(path, {code: _kpi(code, body, registry) for code, body in kpis.items()})
    except InputError as exc:
        raise InputError(f"{path}: {exc.problem}", hint=exc.hint) from None
