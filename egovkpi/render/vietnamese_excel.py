"""The Vietnamese of the sentences about Excel files (see `vietnamese.py`)."""

from __future__ import annotations

EXCEL_VI: dict[str, str] = {
    # reading/xlsxfile.py: where a row or a header stands
    "{path}, sheet {sheet}": "{path}, trang tính {sheet}",
    "sheet {sheet}, row {row}": "trang tính {sheet}, hàng {row}",
    # the workbook and its sheets
    "{path}: is not an Excel workbook that can be read ({error})": (
        "{path}: không phải là sổ làm việc Excel đọc được ({error})"
    ),
    "open it in Excel and save it as .xlsx (Excel Workbook)": (
        "hãy mở tệp bằng Excel rồi lưu lại dưới dạng .xlsx (Excel Workbook)"
    ),
    "{path}: holds no worksheet": "{path}: không có trang tính nào",
    "{path}: has no sheet '{sheet}'": "{path}: không có trang tính '{sheet}'",
    "its sheets: {sheets}": "các trang tính trong tệp: {sheets}",
    # a row's cells
    "cell {cell} is right of the header's last column; give its column a heading or clear it": (
        "ô {cell} nằm bên phải cột cuối cùng của hàng tiêu đề; hãy đặt tên cho cột đó hoặc xóa nội dung ô"
    ),
    "cell {cell} holds the Excel error {error}": "ô {cell} chứa lỗi Excel {error}",
    "cell {cell} holds a formula with no saved value; open the file in Excel and save it": (
        "ô {cell} chứa công thức chưa có giá trị được lưu; hãy mở tệp bằng Excel rồi lưu lại"
    ),
    # exporting/xlsxfile.py
    "{province}, {kpi}, {period}: the text in column '{column}' has {length} characters, more than an "
    "Excel cell holds ({limit}); export as CSV or JSON": (
        "{province}, {kpi}, {period}: nội dung cột '{column}' dài {length} ký tự, vượt quá sức chứa của một ô "
        "Excel ({limit}); hãy xuất ra CSV hoặc JSON"
    ),
}
