"""The Vietnamese of every sentence the program builds with `messages.t`, keyed by its English template
(the msgid), and of the command-line parser's own refusals. `words.translate` reads it."""

from __future__ import annotations

from egovkpi.render.vietnamese_charts import CHARTS_VI
from egovkpi.render.vietnamese_completeness import COMPLETENESS_VI
from egovkpi.render.vietnamese_excel import EXCEL_VI
from egovkpi.render.vietnamese_files import FILES_VI
from egovkpi.render.vietnamese_forecast import FORECAST_VI
from egovkpi.render.vietnamese_maintenance import MAINTENANCE_VI
from egovkpi.render.vietnamese_maps import MAPS_VI
from egovkpi.render.vietnamese_merge import MERGE_VI
from egovkpi.render.vietnamese_ranking import RANKING_VI
from egovkpi.render.vietnamese_received import RECEIVED_VI
from egovkpi.render.vietnamese_remind import REMIND_VI
from egovkpi.render.vietnamese_schedule import SCHEDULE_VI
from egovkpi.render.vietnamese_store import STORE_VI

# The parser's messages (typer's own click), as patterns, and their Vietnamese.
USAGE_VI = [
    (r"No such command '(.+)'\. Did you mean (.+)\?", "Không có lệnh '{0}'. Có phải ý bạn là {1}?"),
    (r"No such command '(.+)'\.", "Không có lệnh '{0}'."),
    (r"No such option: (\S+)\s*(?:\(Possible options: (.+)\)|Did you mean (.+)\?)?", "Không có tùy chọn {0}."),
    (r"Missing option (.+)\.", "Thiếu tùy chọn bắt buộc {0}."),
    (r"Missing argument (.+)\.", "Thiếu tham số bắt buộc {0}."),
    (r"Option '(.+)' requires an argument\.", "Tùy chọn '{0}' cần một giá trị."),
    (r"Got unexpected extra arguments? \((.+)\)", "Thừa tham số: {0}."),
    (r"Invalid value for (.+?): is empty", "Giá trị của {0} đang để trống."),
    (
        r"Invalid value for (.+?): (?:Value error, )?'(.*)' is not one of (.+)\.",
        "Giá trị '{1}' của {0} không hợp lệ; chọn một trong: {2}.",
    ),
    (r"Invalid value for (.+?): (.+)", "Giá trị của {0} không hợp lệ: {1}"),
]

VI: dict[str, str] = {
    "{message} (see '{where} --help')": "{message} (xem '{where} --help')",
    "aborted": "đã dừng",
    "the database failed: {error}": "cơ sở dữ liệu gặp lỗi: {error}",
    "unexpected failure ({kind}: {error}); set EGOVKPI_DEBUG=1 for details": (
        "lỗi không lường trước ({kind}: {error}); đặt EGOVKPI_DEBUG=1 để xem chi tiết"
    ),
}

# numbers.py: figures as officials write them
VI.update(
    {
        "value": "giá trị",
        "numerator": "tử số",
        "denominator": "mẫu số",
        "accepted: digits with '.' or ',' as the decimal mark or thousands separator, "
        "e.g. 192577, 30.86, 30,86, 192.577.000, 1.234,5": (
            "chấp nhận: chữ số, với '.' hoặc ',' làm dấu thập phân hoặc dấu phân cách hàng nghìn, "
            "ví dụ 192577, 30.86, 30,86, 192.577.000, 1.234,5"
        ),
        "decimal convention '{decimal}' is not one of comma, dot": (
            "quy ước thập phân '{decimal}' không hợp lệ: chọn comma (dấu phẩy) hoặc dot (dấu chấm)"
        ),
        "{what} is empty": "{what} đang để trống",
        "{what} '{text}' is not a number": "{what} '{text}' không phải là số",
        "{what} '{text}' starts or ends with a separator (write 0.5, not .5, and 5, not 5.)": (
            "{what} '{text}' bắt đầu hoặc kết thúc bằng dấu phân cách (viết 0,5 chứ không viết ,5; 5 chứ không viết 5,)"
        ),
        "{what} '{text}' has two separators in a row": "{what} '{text}' có hai dấu phân cách liền nhau",
        "with --decimal {decimal}, '{mark}' is the decimal mark and '{group}' separates thousands": (
            "với --decimal {decimal}, '{mark}' là dấu thập phân và '{group}' phân cách hàng nghìn"
        ),
        "groups of three digits, e.g. 192.577.000 or 192,577,000": (
            "các nhóm ba chữ số, ví dụ 192.577.000 hoặc 192,577,000"
        ),
        "{what} '{text}' has more than one decimal mark '{mark}'": (
            "{what} '{text}' có nhiều hơn một dấu thập phân '{mark}'"
        ),
        "{what} '{text}' has a thousands separator '{group}' after the decimal mark": (
            "{what} '{text}' có dấu phân cách hàng nghìn '{group}' sau dấu thập phân"
        ),
        "{what} '{text}' has a thousands separator '{group}' out of place": (
            "{what} '{text}' có dấu phân cách hàng nghìn '{group}' đặt sai chỗ"
        ),
        "{what} '{text}' is ambiguous: write {thousands} (if '{mark}' groups thousands) or {plain} "
        "(if '{mark}' is the decimal mark), or give --decimal comma|dot": (
            "{what} '{text}' có thể hiểu hai cách: viết {thousands} (nếu '{mark}' phân cách hàng nghìn) hoặc {plain} "
            "(nếu '{mark}' là dấu thập phân), hoặc thêm --decimal comma|dot"
        ),
        "{what} '{text}' is ambiguous: {thousands} (if '{mark}' groups thousands) or {whole} and {tail} thousandths "
        "(if it is the decimal mark); write {thousands}, or give --decimal comma|dot": (
            "{what} '{text}' có thể hiểu hai cách: {thousands} (nếu '{mark}' phân cách hàng nghìn) hoặc {whole} "
            "và {tail} phần nghìn (nếu là dấu thập phân); hãy viết {thousands}, hoặc thêm --decimal comma|dot"
        ),
        "{what} '{text}' is too large: a figure holds at most {limit} either way": (
            "{what} '{text}' quá lớn: số liệu chỉ giữ chính xác được tới {limit} (âm hoặc dương)"
        ),
        "{what} '{text}' has more digits than a figure holds exactly (about 15); round it": (
            "{what} '{text}' có nhiều chữ số hơn mức số liệu giữ chính xác được (khoảng 15); hãy làm tròn"
        ),
    }
)

# entry.py, periods.py, provinces.py: from what a user typed to a checked figure
VI.update(
    {
        "{period} has not started yet; today is {day}": "kỳ {period} chưa bắt đầu; hôm nay là {day}",
        "{unit} existed until {end}": "{unit} chỉ tồn tại đến {end}",
        "{unit} existed until {end} (merged into {heir}); a figure for {period} belongs to {heir}": (
            "{unit} chỉ tồn tại đến {end} (đã hợp nhất vào {heir}); số liệu kỳ {period} thuộc về {heir}"
        ),
        "value for {kpi}: {problem}": "giá trị của {kpi}: {problem}",
        "the value {value} is not the numerator over the denominator ({share}); give one or the other": (
            "giá trị {value} không bằng tử số chia mẫu số ({share}); chỉ nhập một trong hai"
        ),
        "{what} {number} is not a figure a store can hold exactly": "{what} {number} không lưu chính xác được",
        "give a value, or a numerator and a denominator": "hãy nhập giá trị, hoặc tử số và mẫu số",
        "give both a numerator and a denominator": "hãy nhập cả tử số và mẫu số",
        "a numerator and denominator make a percent; this KPI is a {unit}: give a value": (
            "tử số và mẫu số dùng cho chỉ tiêu tỷ lệ phần trăm; chỉ tiêu này có đơn vị {unit}: hãy nhập giá trị"
        ),
        "numerator and denominator must be 0 or more": "tử số và mẫu số phải từ 0 trở lên",
        "the denominator is 0: a share of nothing has no value": "mẫu số bằng 0: không tính được tỷ lệ",
        "the numerator ({n}) is larger than the denominator ({d})": "tử số ({n}) lớn hơn mẫu số ({d})",
        "use a year (2019), a half (2019-H1), a quarter (2019-Q4) or a month (2019-12), years 2000-2100; "
        "also as reports write them: Quý 3/2020, Tháng 12/2019, 12/2019, 6 tháng đầu năm 2020, Năm 2019": (
            "dùng năm (2019), nửa năm (2019-H1), quý (2019-Q4) hoặc tháng (2019-12), từ năm 2000 đến 2100; "
            "hoặc như báo cáo vẫn viết: Quý 3/2020, Tháng 12/2019, 12/2019, 6 tháng đầu năm 2020, Năm 2019"
        ),
        "'{text}' is not a period": "'{text}' không phải là kỳ báo cáo",
        "'{text}': the year must be between {first} and {last}": "'{text}': năm phải từ {first} đến {last}",
        "a half is H1 or H2": "nửa năm là H1 hoặc H2",
        "a quarter is Q1 to Q4": "quý là Q1 đến Q4",
        "a month is 01 to 12": "tháng là 01 đến 12",
        "'{text}' does not exist: {rule}": "'{text}' không tồn tại: {rule}",
        "{what} '{text}' is not a date": "{what} '{text}' không phải là ngày",
        "accepted: YYYY-MM-DD, e.g. 2025-07-01": "chấp nhận: YYYY-MM-DD, ví dụ 2025-07-01",
        "accepted: a province name with or without diacritics, a short form such as TP.HCM or BR-VT, "
        "its code such as 54, or 'national'; see 'egovkpi provinces'": (
            "chấp nhận: tên tỉnh có hoặc không dấu, tên viết tắt như TP.HCM hay BR-VT, mã như 54, "
            "hoặc 'national' (toàn quốc); xem 'egovkpi provinces'"
        ),
        "unknown province '{text}'; did you mean {guess}?": "không có tỉnh '{text}'; có phải ý bạn là {guess}?",
        "unknown province '{text}'": "không có tỉnh '{text}'",
        "{a} or {b}": "{a} hoặc {b}",
        "{name} (code {code})": "{name} (mã {code})",
        "'{text}' could mean {meanings}; write the full name or the code": (
            "'{text}' có thể là {meanings}; hãy ghi đầy đủ tên hoặc mã"
        ),
        "'{text}' could mean {meanings} on {day}; write the full name or the code": (
            "'{text}' có thể là {meanings} vào ngày {day}; hãy ghi đầy đủ tên hoặc mã"
        ),
    }
)

# mail.py: the summary e-mail's settings, sending and confirmations
VI.update(
    {
        "recipient": "người nhận",
        "no recipients: give --to ADDRESS or set EGOVKPI_MAIL_TO (comma-separated)": (
            "chưa có người nhận: thêm --to ĐỊA_CHỈ hoặc đặt EGOVKPI_MAIL_TO (các địa chỉ cách nhau bởi dấu phẩy)"
        ),
        "{what} '{address}' is not an e-mail address (accepted: name@example.org)": (
            "{what} '{address}' không phải là địa chỉ e-mail (chấp nhận: ten@example.org)"
        ),
        "EGOVKPI_SMTP_SECURITY='{value}' is not one of {choices}": (
            "EGOVKPI_SMTP_SECURITY='{value}' không hợp lệ; chọn một trong: {choices}"
        ),
        "EGOVKPI_SMTP_PORT='{value}' is not a port number (1-65535)": (
            "EGOVKPI_SMTP_PORT='{value}' không phải là số cổng (1-65535)"
        ),
        "EGOVKPI_SMTP_TIMEOUT='{value}' is not a number of seconds (0-3600)": (
            "EGOVKPI_SMTP_TIMEOUT='{value}' không phải là số giây (0-3600)"
        ),
        "EGOVKPI_SMTP_HOST is not set: the SMTP server to send through (e.g. smtp.example.org)": (
            "chưa đặt EGOVKPI_SMTP_HOST: máy chủ SMTP dùng để gửi thư (ví dụ smtp.example.org)"
        ),
        "EGOVKPI_SMTP_FROM is not set: the sender address (e.g. egovkpi@example.org)": (
            "chưa đặt EGOVKPI_SMTP_FROM: địa chỉ người gửi (ví dụ egovkpi@example.org)"
        ),
        "EGOVKPI_SMTP_USER is set but EGOVKPI_SMTP_PASSWORD is not": (
            "đã đặt EGOVKPI_SMTP_USER nhưng chưa đặt EGOVKPI_SMTP_PASSWORD"
        ),
        "the SMTP server {where} did not answer within {seconds} s": (
            "máy chủ SMTP {where} không trả lời trong vòng {seconds} giây"
        ),
        "the SMTP server {where} refused the login for user '{user}' ({reply})": (
            "máy chủ SMTP {where} từ chối đăng nhập của người dùng '{user}' ({reply})"
        ),
        "the SMTP server {where} does not support this: {error}": "máy chủ SMTP {where} không hỗ trợ việc này: {error}",
        "the SMTP server {where} does not support this: {error}; set EGOVKPI_SMTP_SECURITY to ssl or none": (
            "máy chủ SMTP {where} không hỗ trợ việc này: {error}; hãy đặt EGOVKPI_SMTP_SECURITY là ssl hoặc none"
        ),
        "the SMTP server {where} refused every recipient: {refused}": (
            "máy chủ SMTP {where} từ chối tất cả người nhận: {refused}"
        ),
        "the SMTP server {where} refused the sender {sender} ({reply})": (
            "máy chủ SMTP {where} từ chối người gửi {sender} ({reply})"
        ),
        "the SMTP server {where} closed the connection: {error}": "máy chủ SMTP {where} đã đóng kết nối: {error}",
        "the SMTP server {where} failed: {error}": "máy chủ SMTP {where} gặp lỗi: {error}",
        "TLS with the SMTP server {where} failed: {error}": "kết nối TLS với máy chủ SMTP {where} thất bại: {error}",
        "cannot reach the SMTP server {where}: {error}": "không kết nối được máy chủ SMTP {where}: {error}",
        "the SMTP server {where} refused some recipients: {refused}; the others got the summary": (
            "máy chủ SMTP {where} từ chối một số người nhận: {refused}; những người còn lại đã nhận được bản tổng hợp"
        ),
        "Sent '{subject}' to {recipients} ({message_id})": "Đã gửi '{subject}' tới {recipients} ({message_id})",
        "Unchanged since the summary sent to {recipients} on {sent_at}; nothing sent": (
            "Không có thay đổi so với bản tổng hợp đã gửi tới {recipients} lúc {sent_at}; không gửi lại"
        ),
        "Unchanged since the summary sent on {sent_at}: --send would not send it": (
            "Không có thay đổi so với bản tổng hợp đã gửi lúc {sent_at}: --send sẽ không gửi lại"
        ),
    }
)

# targets.py: reading and checking targets.yaml
VI.update(
    {
        "{path}: {problem}": "{path}: {problem}",
        "{where}: {problem}": "{where}: {problem}",
        "{where}, target {number} (line {line}): {problem}": "{where}, mục tiêu {number} (dòng {line}): {problem}",
        "KPI '{code}' (line {line})": "chỉ tiêu '{code}' (dòng {line})",
        "accepted: {codes}": "chấp nhận: {codes}",
        "unknown KPI '{code}'": "không có chỉ tiêu '{code}'",
        "unknown KPI '{code}'; did you mean {guess}?": "không có chỉ tiêu '{code}'; có phải ý bạn là {guess}?",
        "{path}: no such targets file": "{path}: không có tệp chỉ tiêu này",
        "{path}: cannot be read ({reason})": "{path}: không đọc được ({reason})",
        "{path}: is not UTF-8 text": "{path}: không phải văn bản UTF-8",
        "{path}: line {line}: character #x{code} is not allowed in YAML": (
            "{path}: dòng {line}: ký tự #x{code} không được phép trong YAML"
        ),
        "{path}: line {line}, column {column}: YAML syntax error: {problem}": (
            "{path}: dòng {line}, cột {column}: lỗi cú pháp YAML: {problem}"
        ),
        "{path}: YAML syntax error: {problem}": "{path}: lỗi cú pháp YAML: {problem}",
        "{path}: YAML error: {problem}": "{path}: lỗi YAML: {problem}",
        "{path}: too deeply nested or too large to read": "{path}: lồng nhau quá sâu hoặc quá lớn để đọc",
        "{path}: needs a top-level 'kpis:' mapping of KPI codes": (
            "{path}: cần mục 'kpis:' ở cấp cao nhất, ánh xạ các mã chỉ tiêu"
        ),
        "line {line}: {value} is not a valid {kind}": "dòng {line}: {value} không phải là giá trị {kind} hợp lệ",
        "line {line}: a list cannot be a key; a key is a name such as a KPI code": (
            "dòng {line}: danh sách không thể làm khóa; khóa là một tên, ví dụ mã chỉ tiêu"
        ),
        "line {line}: a mapping cannot be a key; a key is a name such as a KPI code": (
            "dòng {line}: ánh xạ (mapping) không thể làm khóa; khóa là một tên, ví dụ mã chỉ tiêu"
        ),
        "line {line}: duplicate key {key}": "dòng {line}: khóa {key} bị lặp",
        "line {line}: nested deeper than {limit} levels": "dòng {line}: lồng nhau sâu quá {limit} cấp",
        "line {line}: more than {limit} values once aliases are expanded": (
            "dòng {line}: hơn {limit} giá trị khi khai triển các alias"
        ),
        "{value} is not a finite number": "{value} không phải là một số hữu hạn",
        "{value} is outside 0-100 for a percent KPI": "{value} nằm ngoài khoảng 0-100 của chỉ tiêu tính theo phần trăm",
        "{value} is negative; a {unit} KPI takes values of 0 or more": (
            "{value} là số âm; chỉ tiêu đơn vị {unit} chỉ nhận giá trị từ 0 trở lên"
        ),
        "{value} is not a whole number; a count KPI takes whole numbers": (
            "{value} không phải là số nguyên; chỉ tiêu đếm (count) chỉ nhận số nguyên"
        ),
        "value {value} is not a number": "giá trị {value} không phải là số",
        "'{key}' must be a non-empty text": "'{key}' phải là một đoạn văn bản không rỗng",
        "'name' must be {shape}": "'name' phải có dạng {shape}",
        "KPI code {code} must be lower-case letters, digits and _": (
            "mã chỉ tiêu {code} chỉ được gồm chữ thường, chữ số và dấu _"
        ),
        "KPI '{code}' must be a mapping with name, unit, direction and targets": (
            "chỉ tiêu '{code}' phải là một ánh xạ (mapping) gồm name, unit, direction và targets"
        ),
        "unit {value} is not one of {accepted}": "đơn vị (unit) {value} không hợp lệ; chọn một trong: {accepted}",
        "direction {value} is not one of {accepted}": (
            "chiều (direction) {value} không hợp lệ; chọn một trong: {accepted}"
        ),
        "'applies_to' {value} is not one of {accepted}": (
            "'applies_to' {value} không hợp lệ; chọn một trong: {accepted}"
        ),
        "'targets' must be a list": "'targets' phải là một danh sách",
        "a target must be a mapping with scope, value, deadline and basis": (
            "mỗi mục tiêu phải là một ánh xạ (mapping) gồm scope, value, deadline và basis"
        ),
        "deadline {value} is not a year or a period": "hạn {value} không phải là một năm hay một kỳ",
        "the KPI applies to the nation only (applies_to: national): no target for {scope}": (
            "chỉ tiêu này chỉ áp dụng cho toàn quốc (applies_to: national): không đặt mục tiêu cho {scope}"
        ),
        "{scope} did not exist on {day}, the last day of the deadline {deadline}": (
            "{scope} không tồn tại vào ngày {day}, ngày cuối cùng của hạn {deadline}"
        ),
        "a target applies to a unit that exists on its deadline day; see 'egovkpi provinces'": (
            "mục tiêu chỉ áp dụng cho đơn vị còn tồn tại vào ngày hết hạn; xem 'egovkpi provinces'"
        ),
    }
)

# importing.py, store.py, text.py, resources.py, settings.py and the commands' confirmations
VI.update(
    {
        "{path}: valid: {count} KPIs, {targets} targets ({unverified} unverified)": (
            "{path}: hợp lệ: {count} chỉ tiêu, {targets} mục tiêu ({unverified} chưa kiểm chứng)"
        ),
        "{count} provinces on {day}": "{count} tỉnh, thành phố vào ngày {day}",
        "there is no figure for {kpi} in {period} to withdraw": "không có số liệu {kpi} kỳ {period} để rút",
        "the figure for {kpi} in {period} was already withdrawn (revision {revision}, {when}, by {who})": (
            "số liệu {kpi} kỳ {period} đã được rút (lần {revision}, {when}, bởi {who})"
        ),
        "the store {path} is a folder": "kho số liệu {path} là một thư mục",
        "give a file path with --db or EGOVKPI_DB": "hãy chỉ đường dẫn tệp bằng --db hoặc EGOVKPI_DB",
        "there is no egovkpi store at {path}": "không có kho số liệu egovkpi tại {path}",
        "record a figure with 'egovkpi add' or 'egovkpi import' to create it, or give --db / EGOVKPI_DB": (
            "ghi số liệu bằng 'egovkpi add' hoặc 'egovkpi import' để tạo kho, hoặc chỉ --db / EGOVKPI_DB"
        ),
        "the folder {folder} does not exist": "thư mục {folder} không tồn tại",
        "create it, or give another --db": "hãy tạo thư mục, hoặc chỉ --db khác",
        "the store {path} must be upgraded to this version, and cannot be written: {error}": (
            "kho {path} cần nâng cấp lên phiên bản này nhưng không ghi được: {error}"
        ),
        "cannot open the store {path}: {error}": "không mở được kho {path}: {error}",
        "cannot create the store {path}: {error}": "không tạo được kho {path}: {error}",
        "the store {path} cannot be read ({error})": "không đọc được kho {path} ({error})",
        "{path} is not an egovkpi store (not a SQLite database); it was left unchanged": (
            "{path} không phải kho số liệu egovkpi (không phải cơ sở dữ liệu SQLite); tệp được giữ nguyên"
        ),
        "{path} is not an egovkpi store ({error}); it was left unchanged": (
            "{path} không phải kho số liệu egovkpi ({error}); tệp được giữ nguyên"
        ),
        "{path} is not an egovkpi store (it holds the tables {tables}); it was left unchanged": (
            "{path} không phải kho số liệu egovkpi (tệp chứa các bảng {tables}); tệp được giữ nguyên"
        ),
        "the store {path} was written by a newer egovkpi (schema {schema})": (
            "kho {path} do phiên bản egovkpi mới hơn ghi (lược đồ {schema})"
        ),
        "upgrade egovkpi to read it": "hãy nâng cấp egovkpi để đọc",
        "{what} holds the control character {char} at position {position}": (
            "{what} chứa ký tự điều khiển {char} ở vị trí {position}"
        ),
        "only tab and newline are allowed": "chỉ cho phép ký tự tab và xuống dòng",
        "cannot write {path}: {error}": "không ghi được {path}: {error}",
        "Wrote {path}": "Đã ghi {path}",
        "EGOVKPI_LANG='{raw}' is not a language egovkpi speaks": (
            "EGOVKPI_LANG='{raw}' không phải ngôn ngữ egovkpi hỗ trợ"
        ),
        "accepted: vi, en, vi_VN": "chấp nhận: vi, en, vi_VN",
        "Unchanged: {what} is already {value} (revision {revision}); nothing stored": (
            "Không đổi: {what} đã là {value} (lần {revision}); không ghi thêm"
        ),
        "Stored {what}: {value} (revision {revision})": "Đã ghi {what}: {value} (lần {revision})",
        "Previous: {value} (withdrawn, revision {revision}, recorded {when} by {who})": (
            "Trước đó: {value} (đã rút, lần {revision}, ghi lúc {when} bởi {who})"
        ),
        "Previous: {value} (revision {revision}, recorded {when} by {who}, source: {source})": (
            "Trước đó: {value} (lần {revision}, ghi lúc {when} bởi {who}, nguồn: {source})"
        ),
        "Previous: {value} (revision {revision}, recorded {when} by {who})": (
            "Trước đó: {value} (lần {revision}, ghi lúc {when} bởi {who})"
        ),
        "Withdrawn {what}: {value} is no longer reported (revision {revision}); 'egovkpi history' keeps it with "
        "the reason": (
            "Đã rút {what}: {value} không còn được tính trong báo cáo (lần {revision}); 'egovkpi history' vẫn lưu "
            "kèm lý do"
        ),
    }
)

# comparators, tiers, eras, national-only KPIs (targets.py, comparators.py, entry.py) and targets --kpi
VI.update(
    {
        "comparator {value} is not one of {accepted}": "phép so sánh {value} không hợp lệ; chọn: {accepted}",
        'use {accepted}, quoted in YAML: comparator: ">"': 'dùng {accepted}, đặt trong nháy ở YAML: comparator: ">"',
        "comparator {value} does not fit direction {direction}": "phép so sánh {value} không hợp chiều {direction}",
        "for direction {direction} use {accepted}": "với chiều {direction}, dùng {accepted}",
        "top_n {value} is not a rank: a whole number of 1 or more": "top_n {value} không phải thứ hạng (số nguyên ≥ 1)",
        "tier {value} is not one of {accepted}": "cấp (tier) {value} không hợp lệ; chọn: {accepted}",
        "'definition' must be a text or {shape}": "'definition' phải là văn bản hoặc {shape}",
        "'era' must be {shape}": "'era' phải có dạng {shape}",
        "'era' needs 'from' or 'to': a date (YYYY-MM-DD) or a year": "'era' cần 'from' hoặc 'to': ngày hoặc năm",
        "'era' begins on {start}, after it ends on {end}": "'era' bắt đầu ngày {start}, sau khi kết thúc {end}",
        "era '{key}' {value} is not a date (YYYY-MM-DD) or a year": "'{key}' của 'era' {value} không phải ngày hay năm",
        "{kpi} is national only: {reason}": "{kpi} chỉ tính cho toàn quốc: {reason}",
        "it is measured for the country as a whole, not for each province": "đo cho cả nước, không cho từng tỉnh",
        "from {start} to {end}": "từ {start} đến {end}",
        "from {start}": "từ {start}",
        "until {end}": "đến {end}",
        "Milestones of {kpi}": "Các mốc mục tiêu của {kpi}",
        "{kpi} has no milestones in {path}": "{kpi} chưa có mốc mục tiêu nào trong {path}",
        "Milestones for ministries, districts or communes are listed, never judged.": (
            "Mốc cho cấp bộ, cấp huyện, cấp xã chỉ được liệt kê, không dùng để đánh giá."
        ),
        "Of two milestones due on one day, the stricter is judged.": "Hai mốc cùng hạn: mốc chặt hơn được đánh giá.",
    }
)

for catalogue in (FILES_VI, EXCEL_VI, STORE_VI, MERGE_VI, MAPS_VI, FORECAST_VI, RANKING_VI, CHARTS_VI, RECEIVED_VI):
    VI.update(catalogue)
for catalogue in (SCHEDULE_VI, COMPLETENESS_VI, REMIND_VI, MAINTENANCE_VI):
    VI.update(catalogue)
