"""Daily: bill agencies for defective parts still not returned after their due date and the
grace days (After Sales Settings), once per part."""

from zhira_after_sales.agency import hot_parts


def bill_overdue_returns():
	hot_parts.bill_overdue()
