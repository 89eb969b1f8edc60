"""/service/devices: the customer's devices with their warranty cards (status and dates), each
card printable at /service/card."""

from frappe import _

from zhira_after_sales.customer_care import my_devices
from zhira_after_sales.customer_care.customer_portal import page_context

no_cache = 1


def get_context(context):
	customer = page_context(context, "devices", _("My Devices"))
	context.devices = my_devices.devices(customer)
	return context
