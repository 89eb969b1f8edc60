"""Vazirmatn for PDFs: warranty cards and work reports print in the same Persian font on every
server, not only where a system font with Persian glyphs happens to be installed.

The font comes from npm (`vazirmatn` in package.json; `yarn install` in the app, which
`bench get-app` and `bench setup requirements` run). Frappe runs wkhtmltopdf with local file
access switched off, so the faces are embedded as data URIs. In a print format:

    <style>{{ zhira_pdf_fonts() }} .x { font-family: Vazirmatn, Tahoma, sans-serif; }</style>
"""

import base64
import functools
import os

import frappe
from markupsafe import Markup

FACES = (("Regular", "normal"), ("Bold", "bold"))


def font_dir() -> str:
	return os.path.realpath(
		os.path.join(
			frappe.get_app_path("zhira_after_sales"), "..", "node_modules", "vazirmatn", "fonts", "ttf"
		)
	)


@functools.cache
def _font_faces(directory: str) -> str:
	rules = []
	for face, weight in FACES:
		path = os.path.join(directory, f"Vazirmatn-{face}.ttf")
		if not os.path.exists(path):
			continue
		with open(path, "rb") as f:
			data = base64.b64encode(f.read()).decode()
		# local() first: Frappe's PDF step rewrites any ": url(" that is not http(s) into a URL
		# on the site (frappe.utils.data.expand_relative_urls), which would break the data URI
		rules.append(
			"@font-face { font-family: 'Vazirmatn'; font-style: normal; "
			f"font-weight: {weight}; src: local('Vazirmatn {face}'), "
			f"url(data:font/truetype;base64,{data}) format('truetype'); }}"
		)
	return "\n".join(rules)


def pdf_fonts() -> Markup:
	"""@font-face rules for Vazirmatn (regular and bold); empty where `yarn install` has not
	brought the font, and the print falls back to the next font in its list."""
	css = _font_faces(font_dir())
	if not css:
		frappe.log_error(
			"Vazirmatn not found",
			f"No Vazirmatn font in {font_dir()}: run `yarn install` in the app folder so PDFs use it.",
		)
	return Markup(css)
