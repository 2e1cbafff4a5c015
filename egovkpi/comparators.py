"""How a figure meets a milestone of targets.yaml: the comparators, their defaults, and which milestone is stricter.

`attainment.meets` and `attainment.attainment` judge a figure with them.
"""

from __future__ import annotations

from typing import Any

from egovkpi.errors import InputError
from egovkpi.messages import t
from egovkpi.yamlfile import shown

# How a figure meets a milestone's value: at least, more than ('trên 80%'), at most, less than, exactly, or a
# rank in the top n (the figure is a rank: met when rank <= n).
COMPARATORS = (">=", ">", "<=", "<", "=", "top_n")
DEFAULT_COMPARATOR = {"higher": ">=", "lower": "<="}
FITTING = {"higher": (">=", ">", "="), "lower": ("<=", "<", "=", "top_n")}  # the comparators of each direction
LOWER_IS_STRICTER = ("<=", "<", "top_n")
_STRICTNESS = {">=": 0, "<=": 0, "top_n": 0, "=": 1, ">": 2, "<": 2}  # on equal values: > is stricter than >=


def strictness(value: float, comparator: str, direction: str) -> tuple[float, int]:
    """Orders milestones due on one day, the stricter last: a higher value for >= and >, a lower one for <=, <
    and top_n (and for = when lower is better); on equal values > and < are stricter than >= and <=, and =
    stricter than >= and <=."""
    lower = comparator in LOWER_IS_STRICTER or (comparator == "=" and direction == "lower")
    return (-value if lower else value, _STRICTNESS[comparator])


def read_comparator(raw: Any, direction: str) -> str:
    """A milestone's `comparator`, or its direction's default; one that fits the direction."""
    if raw is None:
        return DEFAULT_COMPARATOR[direction]
    if not isinstance(raw, str) or raw.strip() not in COMPARATORS:
        accepted = ", ".join(COMPARATORS)
        raise InputError(
            t("comparator {value} is not one of {accepted}", value=shown(raw), accepted=accepted),
            hint=t('use {accepted}, quoted in YAML: comparator: ">"', accepted=accepted),
        )
    comparator = raw.strip()
    if comparator not in FITTING[direction]:
        accepted = ", ".join(FITTING[direction])
        said = {"value": shown(comparator), "direction": direction, "accepted": accepted}
        raise InputError(
            t("comparator {value} does not fit direction {direction}", **said),
            hint=t("for direction {direction} use {accepted}", **said),
        )
    return comparator
