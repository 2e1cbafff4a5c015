"""What recording or restoring a figure does, decided without touching the database: the outcome, and the revision
to insert if any. The store applies it one figure at a time (`Store.record_one`, `restore`), an import a batch at a
time."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace

from egovkpi.errors import InputError
from egovkpi.messages import t
from egovkpi.periods import Period
from egovkpi.records import VIETNAM_TIME, Figure, NewFigure, Outcome, Recorded, Stamp, received_day, vietnam_day


@functools.lru_cache(maxsize=4096)
def period_columns(period: Period) -> tuple[str, str, int]:
    """A period as the figures table holds it: its name, the ISO day it ends, its length in months."""
    return str(period), period.end.isoformat(), period.months


def recording(
    new: NewFigure, previous: Figure | None, moment: dt.datetime, recorded_by: str
) -> tuple[Recorded, Figure | None]:
    """What recording `new` over its current revision `previous` does, at `moment`: the outcome, and the revision
    to insert (None when it repeats `previous`). Raises InputError for a received day the store refuses."""
    today = moment.astimezone(VIETNAM_TIME).date()
    received = received_day(new.received, new.period, today, today)
    if previous is not None and new.same_as(previous):
        return Recorded(new, Outcome.UNCHANGED, previous.revision, previous), None
    revision = previous.revision + 1 if previous else 1
    name, end, months = period_columns(new.period)
    figure = Figure(
        new.scope, new.kpi, name, end, months, revision, new.value, new.numerator, new.denominator, new.source,
        new.note, moment.isoformat(timespec="microseconds"), recorded_by, False, received,
    )  # fmt: skip
    outcome = Outcome.REVISED if previous else Outcome.NEW
    return Recorded(new, outcome, revision, previous), figure


def restoring(
    new: NewFigure, stamp: Stamp, revisions: dict[int, Figure], today: dt.date
) -> tuple[Recorded, Figure | None]:
    """What restoring the revision `stamp` of `new` does, given the figure's stored `revisions` (by number): the
    outcome, and the revision to insert (None when it is stored already). Raises InputError as `restore` says."""
    period = new.period
    received = received_day(new.received, period, vietnam_day(stamp.recorded_at), today)
    figure = Figure(
        new.scope, new.kpi, str(period), period.end.isoformat(), period.months, stamp.revision, new.value,
        new.numerator, new.denominator, new.source, new.note, stamp.recorded_at, stamp.recorded_by,
        stamp.withdrawn, received,
    )  # fmt: skip
    stored = revisions.get(stamp.revision)
    if stored is not None:
        if replace(stored, received=None) != replace(figure, received=None):
            message = t("revision {revision} of {kpi} for {period} is already stored with another figure",
                        revision=stamp.revision, kpi=new.kpi, period=period)  # fmt: skip
            raise InputError(message)
        return Recorded(figure, Outcome.UNCHANGED, stamp.revision, None), None
    last = max(revisions, default=0)
    previous = revisions.get(last)
    if stamp.revision != last + 1:
        message = t(
            "revision {revision} of {kpi} for {period} cannot follow revision {last}; a history gives every "
            "revision in order", revision=stamp.revision, kpi=new.kpi, period=period, last=last,
        )  # fmt: skip
        raise InputError(message)
    outcome = Outcome.WITHDRAWN if stamp.withdrawn else Outcome.REVISED if previous else Outcome.NEW
    return Recorded(figure, outcome, stamp.revision, previous), figure
