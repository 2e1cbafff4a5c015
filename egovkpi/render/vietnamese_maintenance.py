"""The Vietnamese of the sentences about backups, checks and failures of the environment (see `vietnamese.py`)."""

from __future__ import annotations

MAINTENANCE_VI: dict[str, str] = {
    # backup.py and `egovkpi backup`
    "{file} is a folder; give the backup a file name": "{file} là một thư mục; hãy đặt tên tệp cho bản sao lưu",
    "create it, or back up elsewhere": "hãy tạo thư mục đó, hoặc sao lưu vào nơi khác",
    "{file} is the store itself; give another file for the backup": (
        "{file} chính là kho số liệu; hãy chọn một tệp khác cho bản sao lưu"
    ),
    "{file} already exists; give --force to overwrite it": "{file} đã có; thêm --force để ghi đè",
    "the copy failed its integrity check ({detail}); nothing was written to {file}": (
        "bản sao không qua được kiểm tra toàn vẹn ({detail}); không ghi gì vào {file}"
    ),
    "run 'egovkpi check' on the store": "hãy chạy 'egovkpi check' trên kho số liệu",
    "cannot back up to {file}: {error}; nothing was written there": (
        "không sao lưu được vào {file}: {error}; không có gì được ghi ở đó"
    ),
    "Backed up {store} to {file}: {figures} figures, {revisions} revisions; integrity check ok": (
        "Đã sao lưu {store} vào {file}: {figures} số liệu, {revisions} lần sửa; kiểm tra toàn vẹn đạt"
    ),
    # checking.py and `egovkpi check`
    "the store cannot be opened: {error}": "không mở được kho số liệu: {error}",
    "the figures cannot all be read: {error}": "không đọc được hết các số liệu: {error}",
    "integrity_check failed: {error}": "integrity_check không chạy được: {error}",
    "integrity_check: {detail}": "integrity_check: {detail}",
    "the ends kept for reports ({kept}) are not the figures' ({found})": (
        "đầu và cuối của chuỗi số liệu lưu sẵn cho báo cáo ({kept}) không khớp với số liệu ({found})"
    ),
    "foreign_key_check: row {row} of {table} refers to no row of {parent}": (
        "foreign_key_check: dòng {row} của bảng {table} trỏ tới một dòng không có trong bảng {parent}"
    ),
    "foreign_key_check failed: {error}": "foreign_key_check không chạy được: {error}",
    "revisions {stored}: revision {missing} is missing": "các lần sửa {stored}: thiếu lần sửa {missing}",
    "revisions {stored}: revision {duplicated} is stored more than once": (
        "các lần sửa {stored}: lần sửa {duplicated} được lưu nhiều hơn một lần"
    ),
    "revisions {stored}: not numbered 1 to {count}": "các lần sửa {stored}: không được đánh số từ 1 đến {count}",
    "recorded_at '{stamp}' is not a time": "recorded_at '{stamp}' không phải là một thời điểm",
    "received '{day}' is not a date": "ngày nhận '{day}' không phải là một ngày",
    "unknown KPI '{code}': it is not in {targets}": "không biết chỉ tiêu '{code}': không có trong {targets}",
    "unknown unit key '{key}'": "không biết mã đơn vị '{key}'",
    "'{period}' is not a period as egovkpi writes one": "'{period}' không phải là một kỳ theo cách egovkpi ghi",
    "period_end {stored} does not match {period}, which ends on {end}": (
        "period_end {stored} không khớp với kỳ {period}, kỳ này kết thúc ngày {end}"
    ),
    "period_months {stored} does not match {period}, which is {months} month(s) long": (
        "period_months {stored} không khớp với kỳ {period}, kỳ này dài {months} tháng"
    ),
    "{kpi} is national only, and this figure is a province's": (
        "{kpi} chỉ tính cho toàn quốc, nhưng số liệu này là của một tỉnh"
    ),
    "{unit} ({key}) existed from {start} to {end}, not at the end of {period}": (
        "{unit} ({key}) tồn tại từ {start} đến {end}, không còn vào cuối kỳ {period}"
    ),
    "the value {value} is not a number": "giá trị {value} không phải là số",
    "only one of numerator and denominator is stored": "chỉ lưu một trong hai: tử số hoặc mẫu số",
    "a numerator and denominator are stored, but {kpi} is a {unit}, not a percent": (
        "có lưu tử số và mẫu số, nhưng {kpi} là chỉ tiêu loại {unit}, không phải tỷ lệ phần trăm"
    ),
    "the numerator {n} or the denominator {d} is not a number": "tử số {n} hoặc mẫu số {d} không phải là số",
    "the value {value} is not the numerator over the denominator ({share})": (
        "giá trị {value} không bằng tử số chia mẫu số ({share})"
    ),
    "revision {revision}": "lần sửa {revision}",
    "… and {more} more problems (--format json lists them all)": "… và {more} lỗi nữa (--format json liệt kê tất cả)",
    "{figures} figures, {revisions} revisions checked: ok": "Đã kiểm tra {figures} số liệu, {revisions} lần sửa: đạt",
    "{figures} figures, {revisions} revisions checked: {problems} problems": (
        "Đã kiểm tra {figures} số liệu, {revisions} lần sửa: {problems} lỗi"
    ),
}

# stress (R2): a store locked past the busy timeout, a full disk, a file size limit, a folder or file not writable
MAINTENANCE_VI.update(
    {
        "the store {path}": "kho {path}",
        "the store": "kho số liệu",
        "EGOVKPI_BUSY_TIMEOUT='{raw}' is not a number of seconds": (
            "EGOVKPI_BUSY_TIMEOUT='{raw}' không phải là một số giây"
        ),
        "give seconds from 0 to 86400, such as 30": "hãy cho số giây từ 0 đến 86400, ví dụ 30",
        "{store} is locked by another program (waited {seconds} s); try again when it is done": (
            "{store} đang bị một chương trình khác khóa (đã chờ {seconds} giây); hãy thử lại khi chương trình đó xong"
        ),
        "EGOVKPI_BUSY_TIMEOUT sets the seconds to wait": "EGOVKPI_BUSY_TIMEOUT đặt số giây chờ",
        "cannot write {store}: the disk is full; nothing was written": (
            "không ghi được {store}: đĩa đã đầy; chưa ghi gì cả"
        ),
        "cannot write {store}: {cause}; nothing was written": "không ghi được {store}: {cause}; chưa ghi gì cả",
        "files may not grow beyond {size} bytes here (ulimit -f)": (
            "ở đây tệp không được lớn quá {size} byte (ulimit -f)"
        ),
        "the disk is full": "đĩa đã đầy",
        "a disk input/output error": "lỗi đọc/ghi đĩa",
        "cannot write {store}: the folder {folder} cannot be written": (
            "không ghi được {store}: không được ghi vào thư mục {folder}"
        ),
        "cannot write {store}: the file is read-only": "không ghi được {store}: tệp chỉ được đọc",
        "{store} failed: {error}": "{store} gặp lỗi: {error}",
    }
)
