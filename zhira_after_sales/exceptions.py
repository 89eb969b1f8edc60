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


class ReceptionError(frappe.ValidationError):
	pass


class StatusTransitionError(frappe.ValidationError):
	pass


class SerialOwnershipError(frappe.ValidationError):
	pass


class InvalidTrackingCodeError(frappe.ValidationError):
	pass


class NotAssignedError(frappe.PermissionError):
	pass


class SMSGatewayError(frappe.ValidationError):
	pass


class SMSTemplateError(frappe.ValidationError):
	pass


class SMSWebhookAuthError(frappe.AuthenticationError):
	pass


class WarrantyPlanError(frappe.ValidationError):
	pass


class WarrantyCardError(frappe.ValidationError):
	pass


class DuplicateWarrantyCardError(frappe.ValidationError):
	pass


class WarrantyNotCoveredError(frappe.ValidationError):
	pass


class WarrantyBatchError(frappe.ValidationError):
	pass


class ServiceInvoiceError(frappe.ValidationError):
	pass


class DuplicateServiceInvoiceError(frappe.ValidationError):
	pass


class HeadOfficeOnlyError(frappe.PermissionError):
	pass


class PartsRequestError(frappe.ValidationError):
	pass


class ReferralAnswerError(frappe.ValidationError):
	"""An agency's accept or decline that cannot be taken (not referred, closed, no reason...)."""


class PortalInputError(frappe.ValidationError):
	"""A portal or app request whose input cannot be used (unknown tab, a date that is not one...)."""


class ComplaintError(frappe.ValidationError):
	"""A complaint that cannot be saved as it is (a factor twice, closing without a resolution...)."""


class ScorecardError(frappe.ValidationError):
	"""An Agency Scorecard that cannot be (re)computed (a month not over, snapshotted already...)."""


class SurveyError(frappe.ValidationError):
	"""A Happy Call that cannot be made or saved as it is (the reception is not completed, it has
	one already, a question left unanswered on completion...)."""


class SurveyAnswerError(SurveyError):
	"""An answer that is not one of the question's options."""
