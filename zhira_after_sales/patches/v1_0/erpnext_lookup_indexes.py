"""Customer.mobile_no, Contact.mobile_no and Contact Phone.phone indexed (search_index Property
Setters) on sites made before (setup.erpnext_indexes)."""

from zhira_after_sales.setup.erpnext_indexes import add_indexes


def execute():
	add_indexes()
