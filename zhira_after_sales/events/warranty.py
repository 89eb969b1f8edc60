"""Document events that drive warranty cards (wired in hooks.py `doc_events`)."""

from zhira_after_sales.warranty import lifecycle, stock


def on_stock_submit(doc, method=None):
	"""Delivery Note, Sales Invoice (with Update Stock), Stock Entry: start cards."""
	stock.on_submit(doc)


def on_stock_cancel(doc, method=None):
	stock.on_cancel(doc)


def on_customer_device_update(doc, method=None):
	"""A device registered (or corrected) later finds the cards issued for its serial."""
	lifecycle.sync_device(doc.item, doc.serial_no)
