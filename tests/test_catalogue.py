"""Every sentence the program writes has its Vietnamese: each t("…") template is a key of the catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from egovkpi.render.vietnamese import VI

PACKAGE = Path(__file__).resolve().parent.parent / "egovkpi"


def templates() -> list[tuple[str, str]]:
    """(where, template) for every call t("…") in the package, with its literal (possibly concatenated) template."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
                first = node.args[0]
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{path.name}:{node.lineno}: t() takes a literal template"
                )
                found.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", first.value))
    return found


@pytest.mark.parametrize(("where", "template"), templates())
def test_every_sentence_has_its_vietnamese(where: str, template: str) -> None:
    missing = template not in VI
    assert not missing, f"{where}: no Vietnamese for {template!r} in render/words.py VI"


@pytest.mark.parametrize(("english", "vietnamese"), sorted(VI.items()))
def test_translations_keep_the_placeholders(english: str, vietnamese: str) -> None:
    import string

    def names(text: str) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    assert names(english) == names(vietnamese)
