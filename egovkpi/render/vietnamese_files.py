"""The Vietnamese of the sentences about files: import, export, CSV and JSON (see `vietnamese.py`)."""

from __future__ import annotations

FILES_VI: dict[str, str] = {
    # reading a file
    "line {line}": "dòng {line}",
    "item {number}": "phần tử {number}",
    "{where}: {problem}": "{where}: {problem}",
    "a malformed row": "dòng sai cấu trúc",
    "{path}: no such file": "{path}: không có tệp này",
    "{path}: cannot be read ({error})": "{path}: không đọc được ({error})",
    "{path}: is an old Excel .xls file or a workbook protected by a password": (
        "{path}: là tệp Excel .xls cũ hoặc sổ tính có đặt mật khẩu"
    ),
    "open it in Excel and save it as .xlsx (Excel Workbook) without a password": (
        "mở bằng Excel và lưu dạng .xlsx (Excel Workbook), không đặt mật khẩu"
    ),
    "{path}: --sheet is for Excel (.xlsx) files": "{path}: --sheet chỉ dùng cho tệp Excel (.xlsx)",
    "{path}: --delimiter is for CSV files": "{path}: --delimiter chỉ dùng cho tệp CSV",
    "{path}: cannot tell how the header row's cells are separated": (
        "{path}: không xác định được ký tự phân cách các ô của dòng tiêu đề"
    ),
    "give --delimiter comma, semicolon or tab": "hãy dùng --delimiter comma, semicolon hoặc tab",
    "{cells} cells but the header has {columns} columns": "có {cells} ô nhưng dòng tiêu đề chỉ có {columns} cột",
    "{path}: is not UTF-8 text": "{path}: không phải văn bản UTF-8",
    "in Excel: File > Save As > 'CSV UTF-8 (Comma delimited)'; or import the .xlsx itself": (
        "trong Excel: Tệp > Lưu thành > 'CSV UTF-8 (Comma delimited)'; hoặc nhập thẳng tệp .xlsx"
    ),
    "{path}: not valid CSV ({error})": "{path}: không phải CSV hợp lệ ({error})",
    "{path}: is not valid JSON (line {line}, column {column}: {error})": (
        "{path}: không phải JSON hợp lệ (dòng {line}, cột {column}: {error})"
    ),
    "{path}: is not a list of figures": "{path}: không phải danh sách số liệu",
    "expected: {shape}": "cần có dạng: {shape}",
    "is not an object with province, kpi, period and value": "không phải đối tượng có province, kpi, period và value",
    "unknown key(s) {names}": "khóa không hợp lệ: {names}",
    "{name} holds a list or an object, not a value": "{name} chứa danh sách hoặc đối tượng, không phải một giá trị",
    # the header
    "accepted, in English or Vietnamese: {en}; {vi}": "chấp nhận, tiếng Anh hoặc tiếng Việt: {en}; {vi}",
    "{where}: is empty; expected a header row: {columns}": "{where}: tệp trống; cần dòng tiêu đề: {columns}",
    "{where}: column {number} of the header has no name": "{where}: cột {number} của dòng tiêu đề không có tên",
    "{where}: unknown column(s) {names}": "{where}: cột không hợp lệ: {names}",
    "{where}: the header names one column twice ({names}); keep one": (
        "{where}: dòng tiêu đề có một cột hai lần ({names}); chỉ giữ một"
    ),
    "{where}: missing column(s) {names}": "{where}: thiếu cột: {names}",
    "{where}: a history file needs all of {all}; missing {names}": (
        "{where}: tệp lịch sử cần đủ các cột {all}; đang thiếu {names}"
    ),
    # a row's cells
    "{what} holds {cell}, not a number": "{what} chứa {cell}, không phải số",
    "the period cell holds the date {day}; a period is a year, half, quarter or month (2019, "
    "2019-H1, 2019-Q4, 2019-12); format the column as text": (
        "ô kỳ chứa ngày {day}; kỳ là năm, nửa năm, quý hoặc tháng (2019, 2019-H1, 2019-Q4, 2019-12); "
        "hãy định dạng cột là văn bản (Text)"
    ),
    "revision '{raw}' is not a whole number of 1 or more": "lần sửa '{raw}' không phải số nguyên từ 1 trở lên",
    "recorded_at '{text}' is not a moment with its offset, such as 2025-01-31T08:00:00+00:00": (
        "thời điểm ghi '{text}' không đúng dạng có múi giờ, ví dụ 2025-01-31T08:00:00+00:00"
    ),
    "recorded_by is empty: a history says who recorded each revision": (
        "người ghi đang để trống: lịch sử phải ghi rõ ai ghi từng lần sửa"
    ),
    "withdrawn '{text}' is not one of yes, no, có, không": "đã rút '{text}' không phải yes, no, có hoặc không",
    "province '{name}' is {named} but code {code} is {unit}; correct one of them": (
        "tỉnh '{name}' là {named} nhưng mã {code} là {unit}; hãy sửa một trong hai"
    ),
    "{kpi} for {period} is also at {first} with another figure; keep one": (
        "{kpi} kỳ {period} cũng có ở {first} với số liệu khác; chỉ giữ một"
    ),
    "{kpi} for {period} is stored as {value} (revision {revision}); this row differs": (
        "{kpi} kỳ {period} đã lưu là {value} (lần sửa {revision}); dòng này khác"
    ),
    "give --on-duplicate revise to record the rows as revisions, or keep to leave the stored ones": (
        "dùng --on-duplicate revise để ghi thành lần sửa mới, hoặc keep để giữ số liệu đã lưu"
    ),
    "revision {revision} of {kpi} for {period} is already stored with another figure": (
        "lần sửa {revision} của {kpi} kỳ {period} đã được lưu với số liệu khác"
    ),
    "revision {revision} of {kpi} for {period} cannot follow revision {last}; a history gives every "
    "revision in order": (
        "lần sửa {revision} của {kpi} kỳ {period} không thể nối tiếp lần sửa {last}; "
        "tệp lịch sử phải có đủ các lần sửa theo thứ tự"
    ),
    # the import's outcome
    "{file}: --on-duplicate is for figures; a history's revisions are added as they are": (
        "{file}: --on-duplicate chỉ dùng cho tệp số liệu; các lần sửa của tệp lịch sử được thêm nguyên trạng"
    ),
    "… and {more} more bad row(s)": "… và {more} dòng lỗi khác",
    "{file}: {count} bad row(s); nothing was imported": "{file}: {count} dòng lỗi; không nhập dòng nào",
    "{file}: holds no figures; nothing was imported": "{file}: không có số liệu nào; không nhập gì",
    "{new} new, {revised} revised, {unchanged} unchanged": "{new} mới, {revised} sửa đổi, {unchanged} không đổi",
    "{withdrawn} withdrawn": "{withdrawn} đã rút",
    "{kept} differing from the store and kept as stored": "{kept} khác số liệu đã lưu và được giữ nguyên",
    "Imported {file}: {counts}": "Đã nhập {file}: {counts}",
    "Dry run of {file}: {counts}; nothing was written": "Chạy thử {file}: {counts}; chưa ghi gì",
    # export
    "an Excel file cannot go to the terminal; give --output FILE.xlsx": (
        "không thể in tệp Excel ra màn hình; hãy dùng --output TỆP.xlsx"
    ),
    "--from {start} is after --to {end}": "--from {start} sau --to {end}",
    "{path} is a folder; give a file name with --output": "{path} là thư mục; hãy cho tên tệp với --output",
    "{path} exists; give --force to replace it": "{path} đã có; dùng --force để ghi đè",
    "create it first": "hãy tạo thư mục trước",
}
FILES_VI.update(
    {
        "{left} withdrawn before and left withdrawn (record one with add to restore it)": (
            "{left} đã rút trước đó và vẫn giữ trạng thái đã rút (dùng add để khôi phục)"
        ),
        "no figure matched; the file has only its header": "không có số liệu nào khớp; tệp chỉ có dòng tiêu đề",
        "--format {fmt} does not match the file name {path}": "--format {fmt} không khớp với tên tệp {path}",
        "name the file .{fmt}, or leave --format out": "hãy đặt tên tệp đuôi .{fmt}, hoặc bỏ --format",
    }
)
FILES_VI.update(
    {
        # limits on what a file may hold, and hostile cells
        "{path}: has more than {limit} rows, the most one import reads": (
            "{path}: có hơn {limit} dòng, số dòng tối đa của một lần nhập"
        ),
        "split it into several files": "hãy tách thành nhiều tệp",
        "{path}: has {size} bytes, more than the {limit} a JSON file may hold": (
            "{path}: có {size} byte, vượt quá {limit} byte tối đa của tệp JSON"
        ),
        "export as CSV, which is read a row at a time, or split the file": (
            "hãy xuất dạng CSV (được đọc từng dòng) hoặc tách tệp"
        ),
        "{path}: nested deeper than {limit} levels": "{path}: lồng sâu quá {limit} cấp",
        "{path}: is not valid JSON ({error})": "{path}: không phải JSON hợp lệ ({error})",
        "{path}: holds {count} parts, more than the {limit} an Excel workbook may have": (
            "{path}: chứa {count} phần, vượt quá {limit} phần tối đa của sổ tính Excel"
        ),
        "{path}: unpacks to {size} bytes, more than the {limit} an Excel workbook may have": (
            "{path}: giải nén ra {size} byte, vượt quá {limit} byte tối đa của sổ tính Excel"
        ),
        "split it into several files, or export it as CSV": "hãy tách thành nhiều tệp, hoặc lưu dạng CSV",
        "{what} holds a number too large for a figure": "{what} chứa số quá lớn cho một số liệu",
        "{province}, {kpi}, {period}: the text in column '{column}' holds the character {char}, which an "
        "Excel file cannot hold; export as CSV or JSON": (
            "{province}, {kpi}, {period}: văn bản ở cột '{column}' chứa ký tự {char}, tệp Excel không chứa được; "
            "hãy xuất dạng CSV hoặc JSON"
        ),
        "revision {raw} is more than the {limit} revisions a figure may have": (
            "lần sửa {raw} vượt quá {limit} lần sửa tối đa của một số liệu"
        ),
    }
)
