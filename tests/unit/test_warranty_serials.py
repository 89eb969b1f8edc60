"""Serial input for card batches: ranges, pasted lists, CSV and XLSX files, bad rows."""

import io

import pytest
from openpyxl import Workbook

from zhira_after_sales.warranty.serials import (
	MAX_ROWS,
	SerialInputError,
	normalize_serial,
	rows_from_file,
	rows_from_range,
	rows_from_text,
	serial_range,
)


def test_normalize_like_customer_device():
	assert normalize_serial(" wh-۱۲۳ ۴ ") == "WH-1234"
	assert normalize_serial("\u200fab-12\u200e") == "AB-12"


def test_range_with_padding():
	assert serial_range("wh50-", 8, 11, 5) == ["WH50-00008", "WH50-00009", "WH50-00010", "WH50-00011"]
	assert serial_range("X", 9, 10) == ["X9", "X10"]


def test_bad_ranges_are_refused():
	with pytest.raises(SerialInputError) as e:
		serial_range("X", 10, 9)
	assert e.value.reason == "range_order"
	with pytest.raises(SerialInputError) as e:
		serial_range("X", 1, MAX_ROWS + 1)
	assert e.value.reason == "range_size"


def test_pasted_list_any_separator_and_persian_digits():
	rows = rows_from_text("WH50-00001\nwh50-00002, WH50-۰۰۰۰۳;WH50-00004\t WH50-00005\u060c WH50-00006")
	assert [r.serial for r in rows] == [f"WH50-0000{i}" for i in range(1, 7)]
	assert [r.row_no for r in rows] == [1, 2, 3, 4, 5, 6]
	assert not any(r.error for r in rows)


def test_malformed_and_repeated_rows_are_marked_not_dropped():
	rows = rows_from_text("WH-1\nسریال\nWH-1\n" + "A" * 141 + "\nWH-2")
	assert [(r.row_no, r.error) for r in rows] == [
		(1, None),
		(2, "bad_characters"),
		(3, "duplicate"),
		(4, "too_long"),
		(5, None),
	]


def test_csv_with_header_and_item_column():
	content = "کد کالا,شماره سریال\nZH-WH50,WH50-00001\nZH-WH80,WH80-00001\n,\nZH-WH50,\n".encode()
	rows = rows_from_file("serials.csv", content)
	assert [(r.row_no, r.item, r.serial, r.error) for r in rows] == [
		(2, "ZH-WH50", "WH50-00001", None),
		(3, "ZH-WH80", "WH80-00001", None),
		(5, "ZH-WH50", "", "empty"),
	]


def test_csv_already_decoded_to_text():
	rows = rows_from_file("serials.csv", "\ufeffSerial No\nWH50-00001\n")
	assert [(r.row_no, r.serial) for r in rows] == [(2, "WH50-00001")]


def test_csv_without_header_semicolons_and_windows_persian_encoding():
	content = "WH50-00001;ZH-WH50\nWH50-00002;ZH-WH50\n".encode("cp1256")
	rows = rows_from_file("list.CSV", content)
	assert [(r.serial, r.item) for r in rows] == [("WH50-00001", "ZH-WH50"), ("WH50-00002", "ZH-WH50")]


def test_xlsx_numeric_serials_lose_their_float():
	book = Workbook()
	sheet = book.active
	sheet.append(["Serial No", "Item Code"])
	sheet.append([100200300, "ZH-CL35"])
	sheet.append(["cl35-00002", None])
	buffer = io.BytesIO()
	book.save(buffer)
	rows = rows_from_file("lot.xlsx", buffer.getvalue())
	assert [(r.row_no, r.serial, r.item) for r in rows] == [
		(2, "100200300", "ZH-CL35"),
		(3, "CL35-00002", None),
	]


def test_unknown_and_damaged_files():
	with pytest.raises(SerialInputError) as e:
		rows_from_file("serials.pdf", b"%PDF")
	assert e.value.reason == "file_type"
	with pytest.raises(SerialInputError) as e:
		rows_from_file("serials.xlsx", b"not a zip")
	assert e.value.reason == "file_unreadable"


def test_range_rows():
	rows = rows_from_range("CL-", 1, 3, 2)
	assert [(r.row_no, r.serial) for r in rows] == [(1, "CL-01"), (2, "CL-02"), (3, "CL-03")]
