#!/usr/bin/env bash
# Remake docs/overview-80.png: `egovkpi report --lang vi` on the sample data in an 80-column terminal, drawn by
# headless Chromium with a monospace font that has the Vietnamese letters (Debian: chromium, fonts-noto-mono).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/egovkpi import data/figures.csv --db "$work/sample.db" >/dev/null
COLUMNS=80 FORCE_COLOR=1 EGOVKPI_LANG=vi .venv/bin/egovkpi report --db "$work/sample.db" >"$work/overview.ansi"
.venv/bin/python - "$work" <<'PY'
import sys
from rich.console import Console
from rich.text import Text

work = sys.argv[1]
console = Console(record=True, width=80, force_terminal=True, file=open("/dev/null", "w"))
console.print(Text.from_ansi(open(f"{work}/overview.ansi", encoding="utf-8").read()), end="")
page = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{{margin:0;background:#1e1e1e;color:#ddd}}'
    'pre{{margin:12px;font-family:"Noto Sans Mono",monospace;font-size:15px;line-height:1.3}}</style></head>'
    "<body><pre><code>{code}</code></pre></body></html>"
)
open(f"{work}/overview.html", "w", encoding="utf-8").write(console.export_html(inline_styles=True, code_format=page))
PY
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/profile" --hide-scrollbars --window-size=740,720 \
  --screenshot="$PWD/docs/overview-80.png" "file://$work/overview.html" 2>/dev/null
