"""The workbook a reminder carries: one row per missing report, the province, its code, the KPI and the period
filled in, the value, numerator, denominator, source, note and received day left for the province to fill; written
by the writer of `egovkpi export -f xlsx`, in the columns import reads, so that the filled file is recorded by
`egovkpi import`. Import refuses a row with no figure, so the province deletes the rows it cannot fill yet.

A second sheet, as in an export, lists the targets that apply to those units and KPIs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from egovkpi.columns import FIGURE
from egovkpi.completeness import Due
from egovkpi.exporting import Export, ExportRow, _applying
from egovkpi.exporting.xlsxfile import write_xlsx
from egovkpi.provinces import Registry
from egovkpi.targets import TargetsFile


def template_rows(owed: Sequence[Due], lang: str) -> list[ExportRow]:
    """A row per report owed, under the unit that owes it (Phú Yên for its 2025-Q2, not Đắk Lắk)."""
    rows: list[ExportRow] = []
    for due in owed:
        unit = due.unit
        row: ExportRow = dict.fromkeys(FIGURE)
        row.update(
            province=unit.full_name if unit.is_national else unit.name,  # 'Toàn quốc', which import reads back
            code=unit.code,
            kpi=due.kpi.code,
            kpi_name=due.kpi.name(lang),
            period=str(due.period),
        )
        rows.append(row)
    return rows


def template_xlsx(owed: Sequence[Due], registry: Registry, targets: TargetsFile, lang: str) -> bytes:
    """The workbook, as bytes to attach; its headers in `lang`."""
    seen = {(due.unit.key, due.kpi.code) for due in owed}
    kinds = {code: kpi.unit for code, kpi in targets.kpis.items()}
    rows = template_rows(owed, lang)
    export = Export(iter(rows), list(FIGURE), lang, kinds, lambda: _applying(seen, registry, targets, lang), seen)
    out = io.BytesIO()
    write_xlsx(export, out)
    return out.getvalue()
