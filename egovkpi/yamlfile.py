"""Read a YAML file safely: one-line refusals with the file name and line, never a traceback.

Hostile YAML too (deep nesting, lists as keys, alias bombs). Each mapping remembers its line (`line`), so a
refusal found later can say where. Every refusal is a `t(...)` sentence.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from egovkpi.errors import InputError
from egovkpi.messages import Text, t
from egovkpi.text import clean

MAX_DEPTH = 64  # collections inside collections; the shipped file needs 5
MAX_NODES = 1_000_000  # values once every alias is expanded; the shipped file has about a thousand
_MERGE = "tag:yaml.org,2002:merge"
_UNQUOTED_COMPARATOR = re.compile(r"^\s*-?\s*(?:.*[{,]\s*)?comparator:\s*>")


class LineDict(dict[Any, Any]):
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
            value = shown(node.value) if isinstance(node, yaml.ScalarNode) else "this value"
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
                raise InputError(t("line {line}: duplicate key {key}", line=line, key=shown(key)))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
# YAML 1.1 reads a bare '=' as its 'value' type, which no safe loader builds: here it is the text '=' (comparator: =)
_Loader.add_constructor("tag:yaml.org,2002:value", _construct_text)


def shown(value: Any) -> str:
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
        raise within(path, exc) from None
    except yaml.reader.ReaderError as exc:  # a control character such as NUL
        line, code = text.count("\n", 0, exc.position) + 1, f"{exc.character:04x}"
        message = t("{path}: line {line}: character #x{code} is not allowed in YAML", path=path, line=line, code=code)
        raise InputError(message) from None
    except yaml.MarkedYAMLError as exc:
        mark, problem = exc.problem_mark or exc.context_mark, clean(exc.problem or exc.context or "")
        if mark is None:
            raise InputError(t("{path}: YAML syntax error: {problem}", path=path, problem=problem)) from None
        where = {"path": path, "line": mark.line + 1, "column": mark.column + 1, "problem": problem}
        said = t("{path}: line {line}, column {column}: YAML syntax error: {problem}", **where)
        raise InputError(said, hint=_syntax_hint(text, mark.line)) from None
    except yaml.YAMLError as exc:
        raise InputError(t("{path}: YAML error: {problem}", path=path, problem=clean(str(exc)))) from None
    except (RecursionError, MemoryError):
        raise InputError(t("{path}: too deeply nested or too large to read", path=path)) from None


def within(path: Path, exc: InputError) -> InputError:
    """A refusal found inside the file, said with the file's name first; the hint kept."""
    return InputError(t("{path}: {problem}", path=path, problem=exc.text), hint=exc.hint_text)


def _syntax_hint(text: str, line: int) -> str | Text:
    """What to do about a syntax error YAML's own words do not explain: '>' opens a folded text in YAML."""
    lines = text.splitlines()
    near = lines[max(0, line - 1) : line + 1]
    if any(_UNQUOTED_COMPARATOR.match(one) for one in near):
        from egovkpi.comparators import COMPARATORS  # it reads values with `shown`, from here

        accepted = ", ".join(COMPARATORS)
        return t('use {accepted}, quoted in YAML: comparator: ">"', accepted=accepted)
    return ""
