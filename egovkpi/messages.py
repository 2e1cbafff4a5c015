"""A sentence for a person, kept as its English template and its values, so it can be shown in either language.

The library raises and returns `Text`; `render.words.translate` writes it in Vietnamese or English. The English
template is the key of the Vietnamese catalogue, as a gettext msgid is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    template: str
    values: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        """The English sentence."""
        if not self.values:
            return self.template
        return self.template.format(**{name: str(value) for name, value in self.values.items()})


def t(template: str, **values: object) -> Text:
    """A sentence to translate: `t("unknown KPI '{code}'", code=code)`; a value may itself be a Text."""
    return Text(template, values)


def either(choices: list[str | Text]) -> str | Text:
    """'a or b or c', in the reader's language."""
    joined = choices[0]
    for choice in choices[1:]:
        joined = t("{a} or {b}", a=joined, b=choice)
    return joined
