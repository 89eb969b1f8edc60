"""Domain errors. Each carries a translated message that says what to fix."""

import frappe


class InvalidPhoneNumberError(frappe.ValidationError):
	pass


class InvalidJalaliDateError(frappe.ValidationError):
	pass


class ServiceRateConflictError(frappe.ValidationError):
	pass


class DefectCodeScopeError(frappe.ValidationError):
	pass


class ServiceStatusError(frappe.ValidationError):
	pass


class AgencyUserConflictError(frappe.ValidationError):
	pass


class AgencySetupError(frappe.ValidationError):
	pass
