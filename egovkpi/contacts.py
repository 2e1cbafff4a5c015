"""contacts.yaml: the addresses each province's reminder goes to, and the national office's.

    contacts:
      national: van.phong@example.org
      Phú Yên: [so.tttt@phuyen.example.org, vp.ubnd@phuyen.example.org]
      Đắk Lắk: stttt@daklak.example.org

A name is matched as everywhere (diacritics optional, short forms, codes, 'national'); a name that could mean two
units is refused, naming both, and so is a unit given twice. A unit that ended in 2025 (Phú Yên) names an office
of the unit that answers for its reports today (Đắk Lắk): its addresses are added to that unit's. Each value is one
address or a list of them. Found at --contacts, else EGOVKPI_CONTACTS, else ./contacts.yaml.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from egovkpi.errors import InputError
from egovkpi.mail import check_address
from egovkpi.messages import Text, t
from egovkpi.provinces import Registry, Unit
from egovkpi.text import clean
from egovkpi.yamlfile import LineDict, read_yaml, shown

FILE_NAME = "contacts.yaml"
ENV = "EGOVKPI_CONTACTS"
HOW = t("give --contacts FILE, set EGOVKPI_CONTACTS, or put contacts.yaml in the working folder")


@dataclass(frozen=True)
class Contacts:
    """Where the file was, and the addresses of each unit that answers for reports today (by unit key)."""

    path: Path
    addresses: Mapping[str, tuple[str, ...]]

    def of(self, unit: Unit) -> tuple[str, ...]:
        return self.addresses.get(unit.key, ())


def contacts_path(option: Path | None, env: Mapping[str, str] = os.environ) -> Path:
    """--contacts, else EGOVKPI_CONTACTS, else ./contacts.yaml; refused (exit 2) when none is there."""
    given = option or (Path(env[ENV].strip()).expanduser() if env.get(ENV, "").strip() else None)
    if given is not None:
        if not given.is_file():
            raise InputError(t("{path}: no such contacts file", path=given), hint=HOW)
        return given
    local = Path(FILE_NAME)
    if not local.is_file():
        raise InputError(t("no contacts file: the addresses reminders go to"), hint=HOW)
    return local


def load_contacts(path: Path, registry: Registry, today: dt.date | None = None) -> Contacts:
    """Read and check the file; the first problem is refused in one line with the file's name and line."""
    data = read_yaml(path)
    day = today or dt.date.today()
    if not isinstance(data, dict) or set(data) != {"contacts"} or not isinstance(data["contacts"], dict):
        raise InputError(
            t("{path}: expected one key, contacts, mapping each province to its addresses", path=path),
            hint=t("e.g. a line 'contacts:', then lines such as '  Phú Yên: [a@example.org, b@example.org]'"),
        )
    entries: dict[Any, Any] = data["contacts"]
    lines = _key_lines(path, entries)
    seen: dict[str, tuple[str, int]] = {}  # unit key -> the name that gave it, and its line
    addresses: dict[str, list[str]] = {}
    for name, value in entries.items():
        raw, line = lines.get(str(name), (str(name), getattr(entries, "line", 0)))
        text = clean(raw) if isinstance(name, (str, int)) and not isinstance(name, bool) else ""
        if not text:
            raise _at(path, line, t("{name} is not a province name", name=shown(name)))
        try:
            unit = registry.match(text, on=day)
        except InputError as exc:
            raise _at(path, line, exc.text, exc.hint_text) from None
        if unit.key in seen:
            first, first_line = seen[unit.key]
            raise _at(
                path,
                line,
                t(
                    "'{name}' is {unit}, already given as '{first}' on line {first_line}; give each unit once",
                    name=text,
                    unit=unit.name if not unit.is_national else unit.full_name,
                    first=first,
                    first_line=first_line,
                ),
            )
        seen[unit.key] = (text, line)
        found = _addresses(value, text, path, line)
        listed = addresses.setdefault(registry.answering(unit, day).key, [])
        listed += [address for address in found if address.lower() not in {a.lower() for a in listed}]
    return Contacts(path, {key: tuple(found) for key, found in addresses.items()})


def _addresses(value: Any, name: str, path: Path, line: int) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        raise _at(
            path,
            line,
            t("{name}: give an address or a list of addresses, not {value}", name=name, value=shown(value)),
        )
    found: list[str] = []
    for item in items:
        try:
            address = check_address(item, t("the address of {name}", name=name))
        except InputError as exc:
            raise _at(path, line, exc.text) from None
        if address.lower() not in {known.lower() for known in found}:
            found.append(address)
    return found


def _at(path: Path, line: int, problem: Text, hint: Text | None = None) -> InputError:
    return InputError(
        t("{path}: line {line}: {problem}", path=path, line=line, problem=problem),
        hint=hint or "",
    )


def _key_lines(path: Path, entries: dict[Any, Any]) -> dict[str, tuple[str, int]]:
    """Each name under `contacts` as written, and its line (the loader keeps only a mapping's own line), by the
    key it was read as: a code written 054 is read by YAML as the number 44, but means 54. The file was read and
    checked once already, so composing its nodes again is safe."""
    found: dict[str, tuple[str, int]] = {}
    if not isinstance(entries, LineDict):
        return found
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return found
    for key, node in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "contacts" and isinstance(node, yaml.MappingNode):
            for name, _ in node.value:
                if isinstance(name, yaml.ScalarNode):
                    read = yaml.safe_load(name.value) if name.tag.endswith(":int") else name.value
                    found.setdefault(str(read), (str(name.value), name.start_mark.line + 1))
    return found
