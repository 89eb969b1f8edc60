"""The technician app as a store app (a Trusted Web Activity wrapping /tech): After Sales Settings
keep the Android package name and its signing certificates' SHA-256 fingerprints, and
/.well-known/assetlinks.json (zhira_after_sales/www/assetlinks.py) states that the app may open
this site full screen. See docs/technician-app.md.

    asset_links()              the Digital Asset Links statement list ([] until both are set)
    validate_settings(doc)     After Sales Settings validate hook: names a bad package or line
"""

import re

import frappe
from frappe import _

SETTINGS = "After Sales Settings"
# Android application id: two or more dot-separated parts, each starting with a letter
PACKAGE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$")
FINGERPRINT = re.compile(r"^([0-9A-F]{2}:){31}[0-9A-F]{2}$")
RELATION = "delegate_permission/common.handle_all_urls"


def normalize_fingerprint(line: str) -> str:
	"""AB:CD:...:EF in capitals, whether typed with colons, spaces or none."""
	digits = re.sub(r"[\s:]", "", line or "").upper()
	if len(digits) == 64 and re.fullmatch(r"[0-9A-F]+", digits):
		return ":".join(digits[i : i + 2] for i in range(0, 64, 2))
	return (line or "").strip().upper()


def fingerprint_lines(text: str | None) -> list[str]:
	return [line.strip() for line in (text or "").splitlines() if line.strip()]


def validate_settings(doc, method=None):
	"""Hook (hooks.py doc_events): store the package name trimmed and each fingerprint as
	AB:CD:..., and refuse what a store would not accept, naming it."""
	package = (doc.get("twa_package_name") or "").strip()
	if package and not PACKAGE_NAME.match(package):
		frappe.throw(
			_(
				"{0}: {1} is not an Android package name. Type the app's application id, for example ir.example.tech."
			).format(_("Android Package Name"), frappe.bold(package)),
			title=_("Technician App"),
		)
	fingerprints = []
	for line in fingerprint_lines(doc.get("twa_sha256_fingerprints")):
		fingerprint = normalize_fingerprint(line)
		if not FINGERPRINT.match(fingerprint):
			frappe.throw(
				_(
					"{0}: {1} is not a SHA-256 certificate fingerprint. Copy it from keytool or the store's app signing page: 32 pairs of hexadecimal digits separated by colons."
				).format(_("Signing Certificate SHA-256 Fingerprints"), frappe.bold(line)),
				title=_("Technician App"),
			)
		if fingerprint not in fingerprints:
			fingerprints.append(fingerprint)
	doc.twa_package_name = package or None
	doc.twa_sha256_fingerprints = "\n".join(fingerprints) or None


def asset_links() -> list[dict]:
	"""The Digital Asset Links statements for the store app: empty until the package name and at
	least one valid fingerprint are set."""
	package, text = frappe.db.get_value(SETTINGS, None, ["twa_package_name", "twa_sha256_fingerprints"]) or (
		None,
		None,
	)
	package = (package or "").strip()
	fingerprints = [
		f for f in (normalize_fingerprint(line) for line in fingerprint_lines(text)) if FINGERPRINT.match(f)
	]
	if not package or not PACKAGE_NAME.match(package) or not fingerprints:
		return []
	return [
		{
			"relation": [RELATION],
			"target": {
				"namespace": "android_app",
				"package_name": package,
				"sha256_cert_fingerprints": fingerprints,
			},
		}
	]
