#!/bin/sh
# Remake docs/report-html.png: the national HTML report on the sample data, in Vietnamese, at phone width,
# scrolled to its charts. Needs chromium and an installed egovkpi.
set -eu
work=$(mktemp -d)
egovkpi import data/figures.csv --db "$work/s.db" >/dev/null
egovkpi report -p national --db "$work/s.db" --format html --lang vi --output "$work/national.html" 2>/dev/null
cat > "$work/shot.html" <<'HTML'
<!doctype html><html><body style="margin:0"><iframe id="f" src="national.html" style="border:0;width:400px;height:1500px"></iframe>
<script>document.getElementById('f').onload=function(){var c=this.contentDocument.querySelector('.charts');if(c){this.contentWindow.scrollTo(0,c.getBoundingClientRect().top-60);}}</script></body></html>
HTML
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files --virtual-time-budget=3000 \
  --window-size=400,1500 --screenshot="$PWD/docs/report-html.png" "file://$work/shot.html" 2>/dev/null
rm -rf "$work"
