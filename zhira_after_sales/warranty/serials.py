"""Serial numbers for warranty cards, as people give them: a range (prefix + numbers), a pasted
list, or a CSV/XLSX file. Plain Python (openpyxl for XLSX): no Frappe import.

Every input becomes a list of `Row`s; a row that cannot be a serial carries an error code instead
of stopping the whole batch:

    empty           the row has other cells but no serial
    too_long        longer than MAX_SERIAL_LENGTH
    bad_characters  anything but Latin letters, digits and - / . _ after normalisation
    duplicate       the same serial (of the same item) appears earlier in the same input
"""

import csv
import io
import re
from dataclasses import dataclass

from zhira_after_sales.utils.text import normalize_serial, strip_invisibles

MAX_ROWS = 100_000
MAX_SERIAL_LENGTH = 140
SERIAL_CHARS = re.compile(r"^[A-Z0-9][A-Z0-9\-/._]*$")
LIST_SEPARATORS = re.compile(r"[\s,;،]+")

SERIAL_HEADERS = {"serial", "serial no", "serial number", "سریال", "شماره سریال"}
ITEM_HEADERS = {"item", "item code", "model", "کد کالا", "کالا", "مدل"}


class SerialInputError(ValueError):
	"""The input as a whole is unusable. `reason`: range_order, range_size, too_many, file_type,
	file_unreadable."""

	def __init__(self, reason: str, detail: str = ""):
		self.reason = reason
		self.detail = detail
		super().__init__(f"{reason}: {detail}")


@dataclass
class Row:
	row_no: int
	serial: str
	item: str | None = None
	error: str | None = None
	raw: str = ""


def serial_range(prefix: str, first: int, last: int, digits: int = 0) -> list[str]:
	"""WH50- 1..3 with 5 digits -> WH50-00001, WH50-00002, WH50-00003."""
	first, last, digits = int(first), int(last), int(digits or 0)
	if first < 0 or last < first:
		raise SerialInputError("range_order", f"{first}..{last}")
	if last - first + 1 > MAX_ROWS:
		raise SerialInputError("range_size", str(last - first + 1))
	prefix = normalize_serial(prefix)
	return [f"{prefix}{number:0{digits}d}" for number in range(first, last + 1)]


def rows_from_range(prefix: str, first: int, last: int, digits: int = 0) -> list[Row]:
	return check_rows(
		[Row(i, serial, raw=serial) for i, serial in enumerate(serial_range(prefix, first, last, digits), 1)]
	)


def rows_from_text(text: str) -> list[Row]:
	"""A pasted list: serials separated by new lines, spaces, commas or semicolons."""
	parts = [p for p in LIST_SEPARATORS.split(strip_invisibles(text or "")) if p]
	if len(parts) > MAX_ROWS:
		raise SerialInputError("too_many", str(len(parts)))
	return check_rows([Row(i, normalize_serial(p), raw=p) for i, p in enumerate(parts, 1)])


def rows_from_file(filename: str, content: bytes | str) -> list[Row]:
	"""CSV or XLSX; the first column is the serial, an optional second column the item code. A
	first row whose first cell reads "serial" / "سریال" is a header and may name the columns."""
	name = (filename or "").lower()
	if name.endswith(".csv") or name.endswith(".txt"):
		table = _read_csv(content)
	elif name.endswith(".xlsx"):
		table = _read_xlsx(content)
	else:
		raise SerialInputError("file_type", filename)
	return rows_from_table(table)


def rows_from_table(table: list[list]) -> list[Row]:
	serial_col, item_col, start = 0, 1, 0
	header = [_header(c) for c in table[0]] if table else []
	if SERIAL_HEADERS & set(header):
		start = 1
		serial_col = next(i for i, h in enumerate(header) if h in SERIAL_HEADERS)
		item_col = next((i for i, h in enumerate(header) if h in ITEM_HEADERS), None)
	rows = []
	for row_no, cells in enumerate(table[start:], start + 1):
		cells = [_cell(c) for c in cells]
		if not any(cells):
			continue
		raw = cells[serial_col] if serial_col < len(cells) else ""
		item = cells[item_col].strip() if item_col is not None and item_col < len(cells) else ""
		rows.append(Row(row_no, normalize_serial(raw), item or None, raw=raw))
		if len(rows) > MAX_ROWS:
			raise SerialInputError("too_many", str(len(rows)))
	return check_rows(rows)


def check_rows(rows: list[Row]) -> list[Row]:
	"""Mark malformed rows and repeats (the first occurrence stays valid)."""
	seen: set[tuple[str | None, str]] = set()
	for row in rows:
		if row.error:
			continue
		if not row.serial:
			row.error = "empty"
		elif len(row.serial) > MAX_SERIAL_LENGTH:
			row.error = "too_long"
		elif not SERIAL_CHARS.match(row.serial):
			row.error = "bad_characters"
		elif (row.item, row.serial) in seen:
			row.error = "duplicate"
		else:
			seen.add((row.item, row.serial))
	return rows


def _header(value) -> str:
	return " ".join(_cell(value).lower().replace("_", " ").split())


def _cell(value) -> str:
	if value is None:
		return ""
	if isinstance(value, float) and value.is_integer():
		value = int(value)  # Excel keeps numeric serials as floats
	return str(value).strip()


def _read_csv(content: bytes | str) -> list[list]:
	if isinstance(content, str):  # Frappe's File.get_content() decodes text files itself
		content = content.lstrip("\ufeff").encode()
	for encoding in ("utf-8-sig", "cp1256"):
		try:
			text = content.decode(encoding)
			break
		except UnicodeDecodeError:
			continue
	else:
		raise SerialInputError("file_unreadable", "encoding")
	try:
		dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
	except csv.Error:
		dialect = csv.excel
	return [row for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(content: bytes) -> list[list]:
	from openpyxl import load_workbook

	try:
		workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
	except Exception as e:  # openpyxl raises several unrelated types for a damaged file
		raise SerialInputError("file_unreadable", str(e))
	try:
		sheet = workbook.worksheets[0]
		return [list(row) for row in sheet.iter_rows(values_only=True)]
	finally:
		workbook.close()
