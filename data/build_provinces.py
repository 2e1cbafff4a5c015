"""Build data/provinces.csv from the researched reference files.

Run from the repository root, with the shared reference folder beside it:

    python data/build_provinces.py ../shared/reference

Units are keyed on code plus validity dates, because codes were reused in 2025
(15 was Yên Bái and is now Lào Cai). A unit that came through 1 July 2025
unchanged (not merged) is one continuous unit with no end date, except a unit
renamed earlier: Tỉnh Thừa Thiên Huế was Thành phố Huế from 1 January 2025
(HUE_RENAME_DAY, the reference's `name_from_2025_01_01`), so code 46 is two
units, Thừa Thiên Huế until 31/12/2024 and Huế from 1/1/2025, and a 2019 figure
for "Thừa Thiên Huế" belongs to the province of that name.

Names are written with the tone mark where NQ 60-NQ/TW's appendix and the other
names of the file put it ("Hòa Bình", as "Khánh Hòa", "Thanh Hóa"); see SPELLING.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REFORM_DAY = "2025-07-01"
LAST_OLD_DAY = "2025-06-30"
HUE_RENAME_DAY = "2025-01-01"
LAST_DAY_BEFORE_RENAME = "2024-12-31"
SPELLING = {"Hoà Bình": "Hòa Bình"}  # old-style tone mark in the reference -> the form used elsewhere
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


def _spelled(text: str) -> str:
    for old, new in SPELLING.items():
        text = text.replace(old, new)
    return text


def build(reference: Path) -> list[dict[str, str]]:
    with open(reference / "provinces_63.csv", encoding="utf-8") as handle:
        old = [{key: _spelled(value) for key, value in row.items()} for row in csv.DictReader(handle)]
    with open(reference / "provinces_34.csv", encoding="utf-8") as handle:
        new = [{key: _spelled(value) for key, value in row.items()} for row in csv.DictReader(handle)]
    unchanged = {row["new_code"] for row in new if row["merged"] == "no"}
    renamed = {row["code"] for row in old if row["name_from_2025_01_01"] != row["name"]}
    rows: list[dict[str, str]] = []
    for row in old:
        if row["code"] in unchanged and row["code"] not in renamed:
            continue
        if row["code"] in renamed:  # the unit under its old name, until the day before the rename
            # matched by its later name too: a 2019 figure for "Huế" is the province's, by the date rule
            ending = (LAST_DAY_BEFORE_RENAME, row["code"], row["name_from_2025_01_01"])
        else:
            ending = (LAST_OLD_DAY, row["merged_into_code_2025_07"], "")
        valid_to, successor, also_named = ending
        rows.append(
            {
                "code": row["code"],
                "name": row["name"],
                "full_name": row["full_name"],
                "name_ascii": row["name_ascii"],
                "unit_type": row["unit_type"],
                "valid_from": "",
                "valid_to": valid_to,
                "successor_code": successor,
                "predecessor_codes": "",
                "former_names": also_named,
            }
        )
    old_by_code = {row["code"]: row for row in old}
    for row in new:
        merged = row["merged"] == "yes"
        former = old_by_code[row["new_code"]]["name"] if not merged else ""
        renamed_here = not merged and row["new_code"] in renamed  # Huế: from the rename day, not from 2025-07-01
        rows.append(
            {
                "code": row["new_code"],
                "name": row["new_name"],
                "full_name": row["new_full_name"],
                "name_ascii": row["new_name_ascii"],
                "unit_type": row["unit_type"],
                "valid_from": REFORM_DAY if merged else HUE_RENAME_DAY if renamed_here else "",
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
