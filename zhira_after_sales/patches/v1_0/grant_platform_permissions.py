"""Sites that had the app before the after-sales stock reports: let the After Sales Manager read
and report on Bin and Stock Ledger Entry."""

from zhira_after_sales.setup.install import grant_platform_permissions


def execute():
	grant_platform_permissions()
