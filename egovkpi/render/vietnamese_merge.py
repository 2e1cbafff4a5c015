"""The Vietnamese of the sentences about merging stores (see `vietnamese.py`)."""

from __future__ import annotations

MERGE_VI: dict[str, str] = {
    "Merged {file}: {new} new figure(s), {revisions} revision(s) added, {conflicts} conflict(s)": (
        "Đã hợp nhất {file}: {new} số liệu mới, thêm {revisions} lần sửa, {conflicts} xung đột"
    ),
    "Dry run of merging {file}: {new} new figure(s), {revisions} revision(s) to add, {conflicts} conflict(s); "
    "nothing was written": (
        "Chạy thử hợp nhất {file}: {new} số liệu mới, sẽ thêm {revisions} lần sửa, {conflicts} xung đột; chưa ghi gì"
    ),
    "Conflicts with {file}": "Xung đột với {file}",
    "ours": "kho này",
    "theirs": "kho kia",
    "ours: by": "kho này: người ghi",
    "ours: at": "kho này: lúc ghi",
    "theirs: by": "kho kia: người ghi",
    "theirs: at": "kho kia: lúc ghi",
    "current": "hiện hành",
    "{figure} (withdrawn)": "{figure} (đã rút)",
    "{path} is a folder, not an egovkpi store": "{path} là một thư mục, không phải kho số liệu egovkpi",
    "{path} is this store itself; give another store to merge": (
        "{path} chính là kho số liệu này; hãy chỉ một kho khác để hợp nhất"
    ),
    "{path} was written by a newer egovkpi: its schema changes {migrations} are unknown to this version "
    "({version}); nothing was merged": (
        "{path} do phiên bản egovkpi mới hơn ghi: phiên bản này ({version}) không biết các thay đổi lược đồ "
        "{migrations} của kho; chưa hợp nhất gì"
    ),
    "upgrade egovkpi to a version that has them, then merge again": (
        "hãy nâng cấp egovkpi lên phiên bản có các thay đổi đó rồi hợp nhất lại"
    ),
    "{path} is not an egovkpi store (it is empty); it was left unchanged": (
        "{path} không phải kho số liệu egovkpi (tệp trống); tệp được giữ nguyên"
    ),
    "cannot read the store {path}: {error}": "không đọc được kho {path}: {error}",
    "{path} holds figures for the unit key '{key}', which this version of egovkpi does not know; nothing was merged": (
        "{path} chứa số liệu của đơn vị có khóa '{key}' mà phiên bản egovkpi này không biết; chưa hợp nhất gì"
    ),
}
