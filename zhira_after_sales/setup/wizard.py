"""Completing ERPNext's setup wizard from a command, for an Iranian company: IRR, Asia/Tehran,
Iran, the current Iranian fiscal year (1 Farvardin to the end of Esfand). The project's setup
script, the test site and the install-order checks use it:

    bench --site <site> execute zhira_after_sales.setup.wizard.complete_for_iran \\
        --kwargs "{'company_name': 'Zhira Demo', 'language': 'fa'}"
"""

import frappe
from frappe.utils import getdate

from zhira_after_sales.utils.jalali import year_of, year_range

LANGUAGES = {"fa": "فارسی", "en": "English"}


def complete_for_iran(
	company_name: str = "Zhira Demo",
	abbr: str | None = None,
	language: str = "en",
	full_name: str = "Administrator",
	email: str = "admin@zhira.example",
	password: str | None = None,
) -> str:
	"""Run the wizard once; on a site whose wizard is done, return the existing company."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	existing = frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {}, "name")
	if existing and frappe.is_setup_complete():
		return existing
	fy_start, fy_end = year_range(year_of(getdate()))
	frappe.local.lang = language if language in LANGUAGES else frappe.local.lang  # the wizard's names
	result = setup_complete(
		{
			"currency": "IRR",
			"full_name": full_name,
			"company_name": company_name,
			"company_abbr": abbr or "".join(word[0] for word in company_name.split()).upper()[:5],
			"timezone": "Asia/Tehran",
			"country": "Iran",
			"fy_start_date": str(fy_start),
			"fy_end_date": str(fy_end),
			"language": LANGUAGES.get(language, language),
			"email": email,
			"password": password or frappe.generate_hash(length=16),
			"chart_of_accounts": "Standard",
		}
	)
	if (result or {}).get("status") == "fail":
		frappe.throw(frappe._("The setup wizard failed: {0}").format((result or {}).get("fail")))
	frappe.db.commit()  # nosemgrep: a bench command, not a request
	return frappe.defaults.get_global_default("company")
