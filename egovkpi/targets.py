"""Load and validate targets.yaml into frozen dataclasses.

A broken file is refused with the file name and the line or KPI at fault.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from egovkpi.errors import InputError
from egovkpi.periods import Period, parse_period
from egovkpi.provinces import Registry, Unit
from egovkpi.text import clean

UNITS = ("percent", "count", "days")
DIRECTIONS = ("higher", "lower")
_CODE = re.compile(r"^[a-z0-9_]+$")


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
        if code in self.kpis:
            return self.kpis[code]
        raise InputError(f"unknown KPI '{code}' (accepted: {', '.join(self.kpis)})")


class _LineDict(dict[Any, Any]):
    line = 0


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:  # libyaml's parser where PyYAML was built with it: 7x faster
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """A safe loader that refuses duplicate keys and remembers each mapping's line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise InputError(f"line {key_node.start_mark.line + 1}: duplicate key '{key}'")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Any:
    data = _LineDict()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)
    except FileNotFoundError:
        raise InputError(f"{path}: no such targets file") from None
    except (IsADirectoryError, PermissionError) as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: is not UTF-8 text") from None
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise InputError(f"{path}: {where}YAML syntax error: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: YAML error: {exc}") from None


def check_value(value: float, unit: str) -> None:
    """Refuse values outside the unit's range; the message says what is accepted."""
    if not math.isfinite(value):
        raise InputError(f"{value} is not a finite number")
    if unit == "percent" and not 0 <= value <= 100:
        raise InputError(f"{value:g} is outside 0-100 for a percent KPI")
    if unit in ("count", "days") and value < 0:
        raise InputError(f"{value:g} is negative; a {unit} KPI takes values of 0 or more")
    if unit == "count" and value != int(value):
        raise InputError(f"{value:g} is not a whole number; a count KPI takes whole numbers (no thousands separators)")


def _number(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise InputError(f"value {raw!r} is not a number")
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
        raise InputError(f"deadline {deadline_raw!r} is not a year or a period")
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
        raise InputError(f"KPI code {code!r} must be lower-case letters, digits and _")
    if not isinstance(body, dict):
        raise InputError(f"KPI '{code}' must be a mapping with name, unit, direction and targets")
    where = f"KPI '{code}' (line {getattr(body, 'line', '?')})"
    try:
        name_vi, name_en = _names(body.get("name"))
        unit, direction = body.get("unit"), body.get("direction")
        if unit not in UNITS:
            raise InputError(f"unit {unit!r} is not one of {', '.join(UNITS)}")
        if direction not in DIRECTIONS:
            raise InputError(f"direction {direction!r} is not one of {', '.join(DIRECTIONS)}")
        entries = body.get("targets") or []
        if not isinstance(entries, list):
            raise InputError("'targets' must be a list")
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None
    targets = []
    for number, entry in enumerate(entries, 1):
        try:
            targets.append(_target(entry, unit, registry))
        except InputError as exc:
            line = getattr(entry, "line", "?")
            raise InputError(f"{where}, target {number} (line {line}): {exc}") from None
    return Kpi(code, name_vi, name_en, unit, direction, tuple(targets))


def load_targets(path: Path, registry: Registry) -> TargetsFile:
    data = read_yaml(path)
    kpis = data.get("kpis") if isinstance(data, dict) else None
    if not isinstance(kpis, dict) or not kpis:
        raise InputError(f"{path}: needs a top-level 'kpis:' mapping of KPI codes")
    try:
        return TargetsFile(path, {code: _kpi(code, body, registry) for code, body in kpis.items()})
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
