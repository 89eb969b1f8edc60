"""The agency cartable's indexes on Service Reception, (service_agency, modified) and
(service_agency, customer_name), on sites made before them: `bench migrate` runs
on_doctype_update() only when the DocType's file changes."""

from zhira_after_sales.service_desk.doctype.service_reception.service_reception import on_doctype_update


def execute():
	on_doctype_update()  # add_index skips an index that exists
