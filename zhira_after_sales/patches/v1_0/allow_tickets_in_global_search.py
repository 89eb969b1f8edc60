"""Existing sites: Service Ticket joins Global Search Settings (new sites get it on install)."""

from zhira_after_sales.setup.install import allow_in_global_search


def execute():
	allow_in_global_search()
