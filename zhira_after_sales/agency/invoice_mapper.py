"""Create → Service Invoice from a Service Reception: one device of the reception (the one asked
for, else the first registered one), its service type as the first service with its rate card
wage, the reception's agency and technician, today as the service date. The endpoint is
zhira_after_sales.api.invoice.make_service_invoice."""

import frappe
from frappe import _
from frappe.model.mapper import get_mapped_doc
from frappe.utils import today

from zhira_after_sales.agency import invoice_wages
from zhira_after_sales.exceptions import ServiceInvoiceError

# Service Type code (created on install) -> invoice type
INVOICE_TYPE_BY_CODE = {
	"INST": "Installation",
	"WREP": "Warranty Repair",
	"PREP": "Paid Repair",
	"PERI": "Periodic Service",
}


def invoice_type_for(service_type: str | None) -> str:
	values = frappe.db.get_value("Service Type", service_type, ["code", "requires_warranty"], as_dict=True)
	if not values:
		return "Paid Repair"
	return INVOICE_TYPE_BY_CODE.get(values.code) or (
		"Warranty Repair" if values.requires_warranty else "Paid Repair"
	)


def pick_device(reception, customer_device: str | None = None):
	registered = [row for row in reception.devices if row.customer_device]
	if customer_device:
		registered = [row for row in registered if row.customer_device == customer_device]
	if not registered:
		frappe.throw(
			_("{0}: reception {1} has no registered device (model and serial) to invoice.").format(
				_("Customer Device"), frappe.bold(reception.name)
			)
			if not customer_device
			else _("{0}: device {1} is not one of the devices of reception {2}.").format(
				_("Customer Device"), frappe.bold(customer_device), frappe.bold(reception.name)
			),
			exc=ServiceInvoiceError,
		)
	return registered[0]


def make_service_invoice(source_name: str, target_doc=None, customer_device: str | None = None):
	def postprocess(source, target):
		row = pick_device(source, customer_device)
		target.customer_device = row.customer_device
		target.item = row.item
		target.serial_no = row.serial_no
		target.invoice_type = invoice_type_for(row.service_type)
		target.service_date = today()
		target.agency = source.service_agency
		target.technician = source.technician
		if not target.services:
			target.append("services", {"service_type": row.service_type})
		invoice_wages.set_wages(target, source.territory)
		target.total_wage = sum(r.wage or 0 for r in target.services)

	return get_mapped_doc(
		"Service Reception",
		source_name,
		{
			"Service Reception": {
				"doctype": "Service Invoice",
				"field_map": {"name": "service_reception", "tracking_code": "tracking_code"},
				"field_no_map": ["naming_series", "notes", "status"],
			}
		},
		target_doc,
		postprocess,
	)
