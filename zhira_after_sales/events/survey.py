"""doc_events of the Happy Call (wired in hooks.py)."""

from zhira_after_sales.customer_care import survey


def on_reception_update(doc, method=None):
	"""A Service Reception whose status moved into the category Completed gets its Happy Call."""
	survey.on_reception_update(doc)
