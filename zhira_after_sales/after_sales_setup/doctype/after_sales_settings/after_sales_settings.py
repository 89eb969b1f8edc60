# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class AfterSalesSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.after_sales_setup.doctype.service_request_item_group.service_request_item_group import (
			ServiceRequestItemGroup,
		)

		accepted_status: DF.Link | None
		agency_customer_group: DF.Link | None
		agency_supplier_group: DF.Link | None
		auto_refer: DF.Check
		company: DF.Link | None
		complaint_penalty_weight: DF.Float
		consignment_parent_warehouse: DF.Link | None
		country_territory: DF.Link | None
		declined_status: DF.Link | None
		default_service_status: DF.Link | None
		default_survey_template: DF.Link | None
		defective_parent_warehouse: DF.Link | None
		hot_part_auto_bill: DF.Check
		hot_part_grace_days: DF.Int
		hot_part_return_days: DF.Int
		parts_warehouse: DF.Link | None
		referral_overdue_days: DF.Int
		referral_status: DF.Link | None
		request_item_groups: DF.TableMultiSelect[ServiceRequestItemGroup]
		sms_enabled: DF.Check
		sms_language: DF.Link | None
		survey_channel: DF.Literal["Phone", "SMS"]
		survey_delay_hours: DF.Int
		survey_operator: DF.Link | None
		twa_package_name: DF.Data | None
		twa_sha256_fingerprints: DF.SmallText | None
		web_request_target: DF.Literal["Service Reception", "Service Ticket"]
	# end: auto-generated types
	pass
