"""The Vietnamese of the sentences about remind (see `vietnamese.py`)."""

from __future__ import annotations

REMIND_VI: dict[str, str] = {
    # contacts.py: contacts.yaml
    "give --contacts FILE, set EGOVKPI_CONTACTS, or put contacts.yaml in the working folder": (
        "chỉ --contacts TỆP, đặt EGOVKPI_CONTACTS, hoặc để contacts.yaml trong thư mục làm việc"
    ),
    "no contacts file: the addresses reminders go to": "chưa có tệp danh bạ: các địa chỉ nhận thư nhắc",
    "{path}: no such contacts file": "{path}: không có tệp danh bạ này",
    "{path}: expected one key, contacts, mapping each province to its addresses": (
        "{path}: cần đúng một khóa contacts, ghi địa chỉ của từng tỉnh"
    ),
    "e.g. a line 'contacts:', then lines such as '  Phú Yên: [a@example.org, b@example.org]'": (
        "ví dụ: một dòng 'contacts:', tiếp theo là các dòng như '  Phú Yên: [a@example.org, b@example.org]'"
    ),
    "{path}: line {line}: {problem}": "{path}: dòng {line}: {problem}",
    "{name} is not a province name": "{name} không phải là tên tỉnh",
    "'{name}' is {unit}, already given as '{first}' on line {first_line}; give each unit once": (
        "'{name}' là {unit}, đã có với tên '{first}' ở dòng {first_line}; mỗi đơn vị chỉ ghi một lần"
    ),
    "{name}: give an address or a list of addresses, not {value}": (
        "{name}: cần một địa chỉ hoặc một danh sách địa chỉ, không phải {value}"
    ),
    "the address of {name}": "địa chỉ của {name}",
    # reminders.py: when to remind again
    "EGOVKPI_REMIND_DAYS='{value}' is not a number of days (0-3650)": (
        "EGOVKPI_REMIND_DAYS='{value}' không phải là số ngày (0-3650)"
    ),
    "reminded on {when}; not again before {again} (every {days} days: --every or EGOVKPI_REMIND_DAYS)": (
        "đã nhắc lúc {when}; không nhắc lại trước {again} (mỗi {days} ngày: --every hoặc EGOVKPI_REMIND_DAYS)"
    ),
    "the same reports were missing when it was reminded on {when} (--if-changed)": (
        "các báo cáo còn thiếu vẫn như lần nhắc lúc {when} (--if-changed)"
    ),
    # reminders.py: the reminder itself
    "Reminder: {province} has {count} e-government reports missing ({day})": (
        "Nhắc việc: {province} còn thiếu {count} báo cáo Chính phủ điện tử ({day})"
    ),
    "To {province},": "Kính gửi {province},",
    "As of {day}, these {count} e-government reports have not reached the national office. Each is listed with "
    "the day it was due:": (
        "Tính đến ngày {day}, {count} báo cáo Chính phủ điện tử sau đây chưa được gửi về cơ quan tổng hợp. Mỗi báo "
        "cáo được ghi kèm hạn nộp:"
    ),
    "Reports of {unit}, which {province} now answers for:": "Báo cáo của {unit}, nay do {province} chịu trách nhiệm:",
    "{period}: due {due}, {days} days overdue": "kỳ {period}: hạn nộp {due}, đã quá hạn {days} ngày",
    "{period}: due {due}": "kỳ {period}: hạn nộp {due}",
    "How to send them: fill in the attached file {file}, one row per report: the value (or the numerator and the "
    "denominator) and its source. Delete the rows you cannot fill yet, and send the file back in reply to this "
    "e-mail. It is recorded with the first command below; one figure at a time, with the second:": (
        "Cách gửi: điền vào tệp đính kèm {file}, mỗi hàng một báo cáo: giá trị (hoặc tử số và mẫu số) và nguồn số "
        "liệu. Xóa các hàng chưa điền được, rồi gửi lại tệp bằng cách trả lời thư này. Tệp được ghi nhận bằng lệnh "
        "thứ nhất dưới đây; ghi từng số liệu một bằng lệnh thứ hai:"
    ),
    "<value>": "<giá trị>",
    "Sent by egovkpi; not repeated within {days} days.": (
        "Gửi tự động bởi egovkpi; không nhắc lại trong vòng {days} ngày."
    ),
    "Sent by egovkpi.": "Gửi tự động bởi egovkpi.",
    # cli/reminders.py: what remind says
    "Nothing to remind: every report due has been received": "Không có gì cần nhắc: đã nhận đủ các báo cáo đến hạn",
    "{province}: not reminded: {reason}": "{province}: không nhắc: {reason}",
    "{province}: --send would not remind it: {reason}": "{province}: với --send sẽ không nhắc: {reason}",
    "{province}: {problem}": "{province}: {problem}",
    "{province}: the SMTP server refused {refused}; the others got the reminder": (
        "{province}: máy chủ SMTP từ chối {refused}; những người nhận khác đã nhận được thư nhắc"
    ),
    "Warning: {province} has {count} reports missing and no address in {path}; not reminded": (
        "Cảnh báo: {province} còn thiếu {count} báo cáo nhưng không có địa chỉ trong {path}; chưa nhắc"
    ),
    "{path} is not a folder; give an existing folder with --output": (
        "{path} không phải là thư mục; hãy chỉ một thư mục đã có bằng --output"
    ),
    # render/summary.py and render/html.py: the national summary's 'not yet reported'
    "Not yet reported (reports due since {day})": "Chưa báo cáo (các báo cáo đến hạn từ {day})",
    "{missing} of {expected} reports due are missing; received: {complete}, on time: {timely}.": (
        "Còn thiếu {missing}/{expected} báo cáo đến hạn; đã nhận: {complete}, đúng hạn: {timely}."
    ),
    "Most missing: {provinces}.": "Thiếu nhiều nhất: {provinces}.",
    "Each province is reminded with: egovkpi remind --send": "Nhắc từng tỉnh bằng lệnh: egovkpi remind --send",
    # secrets and TLS (R4): mailsettings.py, the password's sources and the CA file; mail.py, delivery
    "{path}: no such file (the SMTP password file)": "{path}: không có tệp này (tệp mật khẩu SMTP)",
    "cannot read {path}: {error}": "không đọc được {path}: {error}",
    "{path} holds the SMTP password but other users may read or write it (mode {mode}); refused: run chmod 600 "
    "{path}": (
        "{path} chứa mật khẩu SMTP nhưng người dùng khác có thể đọc hoặc ghi tệp này (quyền {mode}); từ chối dùng: "
        "hãy chạy chmod 600 {path}"
    ),
    "{path}: the first line is empty; it should be the SMTP password": (
        "{path}: dòng đầu tiên trống; dòng này phải là mật khẩu SMTP"
    ),
    "{path} is not a settings file: expected a line [smtp], then a line password = …": (
        "{path} không phải là tệp cấu hình: cần một dòng [smtp], rồi một dòng password = …"
    ),
    "EGOVKPI_SMTP_CA_FILE='{path}': no such file (the CA certificate, PEM)": (
        "EGOVKPI_SMTP_CA_FILE='{path}': không có tệp này (chứng thư của CA, dạng PEM)"
    ),
    "EGOVKPI_SMTP_CA_FILE='{path}' is not a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)": (
        "EGOVKPI_SMTP_CA_FILE='{path}' không phải là tệp PEM chứa chứng thư CA (-----BEGIN CERTIFICATE-----)"
    ),
    "EGOVKPI_SMTP_USER is set but EGOVKPI_SMTP_PASSWORD is not, nor EGOVKPI_SMTP_PASSWORD_FILE, nor password in "
    "{path}": (
        "đã đặt EGOVKPI_SMTP_USER nhưng chưa có mật khẩu: chưa đặt EGOVKPI_SMTP_PASSWORD, "
        "EGOVKPI_SMTP_PASSWORD_FILE, cũng không có password trong {path}"
    ),
    "Unchanged for {recipients} since {sent_at}: not sent to them again": (
        "Không có thay đổi với {recipients} kể từ {sent_at}: không gửi lại cho họ"
    ),
    "the certificate of the SMTP server {where} did not verify ({error}); if the server's certificate is signed by "
    "your office's own CA, set EGOVKPI_SMTP_CA_FILE to that CA's certificate (PEM)": (
        "chứng thư của máy chủ SMTP {where} không xác minh được ({error}); nếu chứng thư của máy chủ do CA riêng của "
        "cơ quan cấp, hãy đặt EGOVKPI_SMTP_CA_FILE là chứng thư của CA đó (PEM)"
    ),
    "Unchanged for {recipients} since {sent_at}: --send would not send it to them": (
        "Không có thay đổi với {recipients} kể từ {sent_at}: --send sẽ không gửi lại cho họ"
    ),
    "cannot use EGOVKPI_SMTP_CA_FILE='{path}': {error}": "không dùng được EGOVKPI_SMTP_CA_FILE='{path}': {error}",
}
