# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class SurveyResponseAnswer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		max_score: DF.Float
		option: DF.Data | None
		option_no: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		question: DF.Link | None
		question_text: DF.SmallText | None
		score: DF.Float
		sms_message: DF.Link | None
		weight: DF.Float
	# end: auto-generated types
	pass
