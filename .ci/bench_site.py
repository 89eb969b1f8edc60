"""What the .ci scripts share: connecting to one site of a bench from the bench's own Python.

<bench>/env/bin/python .ci/<script>.py <bench> <site> ...
"""

import os
import sys


def connect(bench: str, site: str):
	"""Initialise Frappe on `site` of `bench` and connect to its database; returns frappe."""
	os.chdir(os.path.join(bench, "sites"))
	sys.path.insert(0, os.path.join(bench, "apps", "frappe"))
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	return frappe
