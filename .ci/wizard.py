"""Complete ERPNext's setup wizard on a site for an Iranian company, whether or not the app is
installed there yet (`bench execute` only reaches an installed app's code).

<bench>/env/bin/python .ci/wizard.py <bench> <site> <company name> <language: en|fa>
"""

import sys

from bench_site import connect

bench, site, company, language = sys.argv[1:5]
frappe = connect(bench, site)
frappe.set_user("Administrator")
try:
	from zhira_after_sales.setup.wizard import complete_for_iran

	print(complete_for_iran(company, language=language))
finally:
	frappe.destroy()
