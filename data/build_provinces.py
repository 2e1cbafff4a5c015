"""Build data/provinces.csv from the researched reference files.

Run from the repository root, with the shared reference folder beside it:

    python data/build_provinces.py ../shared/reference

Units are keyed on code plus validity dates, because codes were reused in 2025
(15 was Yên Bái and is now Lào Cai). A unit that came through 1 July 2025
unchanged (not merged) is one continuous unit with no end date.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REFORM_DAY = "2025-07-01"
LAST_OLD_DAY = "2025-06-30"
HUE_RENAME_DAY = "2025-01-01"
COLUMNS = [
    "code",
    "name",
    "full_name",
    "name_ascii",
    "unit_type",
    "valid_from",
    "valid_to",
    "successor_code",
    "predecessor_codes",
    "former_names",
]


def build(reference: Path) -> list[dict[str, str]]:
    with open(reference / "provinces_63.csv", encoding="utf-8") as handle:
        old = list(csv.DictReader(handle))
    with open(reference / "provinces_34.csv", encoding="utf-8") as handle:
        new = list(csv.DictReader(handle))
    unchanged = {row["new_code"] for row in new if row["merged"] == "no"}
    rows: list[dict[str, str]] = []
    for row in old:
        if row["code"] in unchanged:
            continue
        rows.append(
            {
                "code": row["code"],
                "name": row["name"],
                "full_name": row["full_name"],
                "name_ascii": row["name_ascii"],
                "unit_type": row["unit_type"],
                "valid_from": "",
                "valid_to": LAST_OLD_DAY,
                "successor_code": row["merged_into_code_2025_07"],
                "predecessor_codes": "",
                "former_names": "",
            }
        )
    old_by_code = {row["code"]: row for row in old}
    for row in new:
        merged = row["merged"] == "yes"
        former = old_by_code[row["new_code"]]["name"] if not merged else ""
        rows.append(
            {
                "code": row["new_code"],
                "name": row["new_name"],
                "full_name": row["new_full_name"],
                "name_ascii": row["new_name_ascii"],
                "unit_type": row["unit_type"],
                "valid_from": REFORM_DAY if merged else "",
                "valid_to": "",
                "successor_code": "",
                "predecessor_codes": row["old_codes"] if merged else "",
                "former_names": former if former != row["new_name"] else "",
            }
        )
    rows.sort(key=lambda r: (r["code"], r["valid_from"]))
    return rows


def main() -> None:
    reference = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference")
    target = Path(__file__).with_name("provinces.csv")
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(build(reference))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
