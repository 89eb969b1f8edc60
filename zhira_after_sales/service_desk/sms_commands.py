"""Technicians change a reception's status by SMS: `<tracking code> <status code>` from the mobile
registered to an active technician of an active agency (registered in hooks.py under
`zhira_sms_command_handlers`). The technician gets a confirmation, or the refusal's reason, as a
reply; the same text from any other number changes nothing."""

import frappe
from frappe import _

from zhira_after_sales.messaging.commands import (
	SMS_CODE_DIGITS,
	TRACKING_CODE_DIGITS,
	CommandError,
	looks_like_command,
	parse_technician_command,
)
from zhira_after_sales.messaging.guard import guarded
from zhira_after_sales.messaging.processing import Handled, error_text
from zhira_after_sales.service_desk.status_service import change_status_by_sms
from zhira_after_sales.utils.phone import try_parse

RECEPTION = "Service Reception"


def technician_status_command(inbound) -> Handled | None:
	"""The command handler: takes any message from a technician's mobile, and a command-shaped one
	from anybody (to note why it changed nothing)."""
	technician = find_technician(inbound.from_number)
	if not technician:
		return not_from_a_technician(inbound)
	values = {"technician": technician.name}
	try:
		command = parse_technician_command(inbound.body)
	except CommandError as e:
		if e.reason == CommandError.NOT_A_COMMAND and not looks_like_command(inbound.body):
			return Handled(
				status="Unmatched",
				note=_("Message from technician {0} that is not a status command.").format(
					technician.full_name
				),
				values=values,
			)
		return Handled(
			reply=command_help(e),
			note=_("Not a valid command; the technician was told the format."),
			values=values,
		)

	reception = frappe.db.get_value(RECEPTION, {"tracking_code": command.tracking_code})
	about = (RECEPTION, reception) if reception else None
	with guarded() as outcome:
		new_status = change_status_by_sms(
			tracking_code=command.tracking_code,
			sms_code=command.sms_code,
			technician=technician.name,
			sms_message=inbound.name,
		)
	if isinstance(outcome.error, frappe.ValidationError | frappe.PermissionError):
		# a refusal (wrong code, not assigned, transition not allowed): its message is the reply
		message = error_text(outcome.error)
		return Handled(
			reply=message,
			reply_about=about,
			note=_("Refused and the technician was told: {0}").format(message),
			values=values,
		)
	if outcome.failed:
		outcome.log("SMS: status command failed", "SMS Message", inbound.name)
		return Handled(
			status="Received",
			note=_("The command could not be applied ({0}); it is kept here. Use Process Again.").format(
				type(outcome.error).__name__
			),
			values=values,
		)

	if reception:
		values.update({"reference_doctype": RECEPTION, "reference_name": reception})
	return Handled(
		reply=_("Reception {0}: status is now {1}.").format(command.tracking_code, new_status),
		reply_about=about,
		note=_("Status of reception {0} changed to {1}.").format(command.tracking_code, new_status),
		values=values,
	)


def not_from_a_technician(inbound) -> Handled | None:
	try:
		parse_technician_command(inbound.body)
	except CommandError:
		return None
	return Handled(
		status="Unmatched",
		note=_(
			"Looks like a status command, but {0} is not the mobile of an active technician: nothing was changed."
		).format(inbound.from_number),
	)


def find_technician(number: str):
	"""The active technician of an active agency whose registered mobile this is."""
	phone = try_parse(number)
	if not phone or not phone.is_mobile:
		return None
	technician, agency = frappe.qb.DocType("Service Technician"), frappe.qb.DocType("Service Agency")
	found = (
		frappe.qb.from_(technician)
		.join(agency)
		.on(agency.name == technician.agency)
		.select(technician.name, technician.full_name, technician.agency, technician.user)
		.where((technician.mobile_no == phone.e164) & (technician.is_active == 1) & (agency.is_active == 1))
		.limit(1)
		.run(as_dict=True)
	)  # one statement per inbound message (a technician of an inactive agency is nobody's)
	return found[0] if found else None


def command_help(error: CommandError) -> str:
	example = _("Send the tracking code, a space and the status code, for example: 12345678 2")
	if error.reason == CommandError.BAD_TRACKING_CODE:
		return (
			_("The tracking code must have {0} to {1} digits.").format(*TRACKING_CODE_DIGITS) + " " + example
		)
	if error.reason == CommandError.BAD_STATUS_CODE:
		return _("The status code must have 1 to {0} digits.").format(SMS_CODE_DIGITS) + " " + example
	return example
