"""Text laid out in a width, counted in terminal cells: lines broken at spaces, the widths of a table's columns,
and records as blocks of 'field: value' lines for when a table cannot fit.

Nothing here breaks a word (a KPI code, a user name, a date) unless that word alone is wider than the whole width.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from rich.cells import cell_len, chop_cells

Para = tuple[str, str]  # a paragraph of a cell or a field (one line of text, never a newline) and its rich style
Line = tuple[str, str, str]  # one printed line of a block: the label part, the text, the text's style

_TOKENS = re.compile(r" *[^ ]+")


def wrap(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` cells, broken at spaces (not at no-break spaces); a word is split only
    when it alone is wider than `width`. Spaces inside a line are kept as they were."""
    width = max(width, 1)
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if line and cell_len(line + token) <= width:
            line += token
            continue
        if line:
            lines.append(line)
        word = token.lstrip(" ")
        if cell_len(word) > width:
            *whole, word = chop_cells(word, width)
            lines += whole
        line = word
    return [*lines, line] if line or not lines else lines


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[int, int, str], ...]:
    """Each word of `text` with the width of the spaces before it and its own width."""
    return tuple(
        (len(token) - len(word), cell_len(word), word)
        for token in _TOKENS.findall(text)
        for word in [token.lstrip(" ")]
    )


@functools.lru_cache(maxsize=16384)
def height(text: str, width: int) -> int:
    """How many lines `wrap(text, width)` makes, counted without making them."""
    width = max(width, 1)
    lines, used = 0, -1  # -1: no line started yet
    for spaces, size, word in _tokens(text):
        if used >= 0 and used + spaces + size <= width:
            used += spaces + size
            continue
        if size > width:
            *whole, rest = chop_cells(word, width)
            lines += len(whole)
            size = cell_len(rest)
        lines += 1
        used = size
    return max(lines, 1)


def longest_word(text: str) -> int:
    """The width, in cells, of the widest word of `text` (words are separated by spaces)."""
    return max((cell_len(word) for word in text.split(" ")), default=0)


def fit(
    mins: Sequence[int], maxs: Sequence[int], room: int, lines: Callable[[int, int], list[int]] | None = None
) -> list[int] | None:
    """Widths for columns that need at least `mins` and at most `maxs` cells, adding up to at most `room`; None
    when even the minimums do not fit.

    Every column gets its widest text when all fit. Else, given `lines(column, width)` (how many lines each cell
    of the column takes at that width, the header first), the room goes a few cells at a time where they save the
    most lines: of the table's height, and of the cells' own (a short text on one line rather than four). What no
    line is saved by (or all the room, without `lines`) goes to the columns with the longest texts, equally, a
    short column keeping its whole text.
    """
    lows = list(mins)
    highs = [max(low, high) for low, high in zip(lows, maxs, strict=True)]
    if sum(lows) > room:
        return None
    if sum(highs) <= room:
        return highs
    if lines is not None:
        lows = _fewest_lines(lows, highs, room, lines)
    return _share(lows, highs, room)


def _fewest_lines(lows: list[int], highs: list[int], room: int, lines: Callable[[int, int], list[int]]) -> list[int]:
    widths = list(lows)
    spare = room - sum(widths)
    counts = [lines(column, width) for column, width in enumerate(widths)]
    while spare:
        tallest = [max(row) for row in zip(*counts, strict=True)]
        best, chosen, wider = 0.0, -1, 0
        for column, current in enumerate(counts):
            others = [max(row[:column] + row[column + 1 :], default=0) for row in zip(*counts, strict=True)]
            for step in range(1, min(spare, highs[column] - widths[column]) + 1):
                trial = lines(column, widths[column] + step)
                saved = sum(current) - sum(trial)
                saved += sum(tallest) - sum(max(other, new) for other, new in zip(others, trial, strict=True))
                if saved > 0:
                    if saved / step > best:
                        best, chosen, wider = saved / step, column, step
                    break
        if chosen < 0:
            break
        widths[chosen] += wider
        spare -= wider
        counts[chosen] = lines(chosen, widths[chosen])
    return widths


def _share(lows: list[int], highs: list[int], room: int) -> list[int]:
    """The room beyond `lows` shared by the columns that want more, equally, up to `highs`."""

    def at(level: int) -> list[int]:
        return [min(max(level, low), high) for low, high in zip(lows, highs, strict=True)]

    bottom, top = 0, max(highs)
    while bottom < top:  # the highest level whose widths fit in the room
        middle = (bottom + top + 1) // 2
        if sum(at(middle)) <= room:
            bottom = middle
        else:
            top = middle - 1
    widths = at(bottom)
    spare = room - sum(widths)
    for index, high in enumerate(highs):
        if spare and widths[index] < high:
            widths[index] += 1
            spare -= 1
    return widths


def block(fields: Sequence[tuple[str, Sequence[Para]]], width: int) -> list[Line]:
    """One record as 'label: value' lines, as `git log` or psql's expanded display show one: values start in one
    column and wrap under themselves; a value with a word too wide for that starts on the line after its label."""
    indent = max((cell_len(label) for label, _ in fields), default=0) + 2
    aligned = indent <= width // 2
    lines: list[Line] = []
    for label, paras in fields:
        head = f"{label}:"
        widest = max((longest_word(text) for text, _ in paras), default=0)
        if aligned and widest <= width - indent:
            prefix = head + " " * (indent - cell_len(head))
            for text, style in paras:
                for part in wrap(text, width - indent):
                    lines.append((prefix, part, style))
                    prefix = " " * indent
            continue
        lines.append((head, "", ""))
        hang = "  " if widest <= width - 2 else ""
        for text, style in paras:
            lines += [(hang, part, style) for part in wrap(text, width - len(hang))]
    return lines
