"""Periodic service (DESIGN §3, Periodic Service Plan): the services.

    guide_for(item)                       the active Service Guide of an item, else of its nearest group
    make_plan(device, contract=None)      a device's plan from its guide (refused, saying why, if none)
    plans_for_contract(contract)          a plan for every device of a contract's customer that has a guide
    on_warranty_started(card)             `zhira_warranty_started`: a started warranty plans its device
    on_warranty_start_reverted(card)      `zhira_warranty_start_reverted`: its untouched plan is cancelled
    run_daily(today=None, commit=True)    the scheduler: remind, open receptions, mark overdue
    on_service_completed(invoice)         `zhira_service_completed`: a Periodic Service invoice approved
    on_reminder_answer(inbound, request, answer)   `zhira_sms_reply_handlers`: 1 books the visit, 2 declines
    skip_visit / open_visit_now           head office by hand (api/periodic.py)

The rules (which visits, moving them, what a day does) are in periodic_rules.py. Each visit's
step is stored before it acts: the reminder SMS is stored with the visit's new status in one
transaction, a reception is inserted with the visit that links it. The daily job commits plan by
plan: one broken plan is logged and the others go on; run twice on one day, it changes nothing the
second time."""

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, now_datetime, nowdate
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.after_sales_setup.territory import default_agency_for
from zhira_after_sales.messaging.guard import Job, guarded
from zhira_after_sales.messaging.outbox import queue_sms, send_event
from zhira_after_sales.service_desk import periodic_rules as rules
from zhira_after_sales.utils.phone import try_parse
from zhira_after_sales.utils.trees import item_group_lineage

PLAN = "Periodic Service Plan"
VISIT = "Periodic Service Visit"
GUIDE = "Service Guide"
REMINDER_EVENT = "Periodic Service Reminder"
AGENCY_REMINDER_EVENT = "Periodic Service Agency Reminder"
PERIODIC_INVOICE = "Periodic Service"
CHANNEL = "Periodic"
BOOK, DECLINE = 1, 2


class PeriodicServiceError(frappe.ValidationError):
	pass


# --- settings and guides ------------------------------------------------------------------------


def settings() -> frappe._dict:
	values = frappe.db.get_value(
		"After Sales Settings",
		None,
		["periodic_reminder_days", "periodic_remind_agency", "periodic_reception_on", "periodic_grace_days"],
		as_dict=True,
	)
	# a Single's values come back as text: "0" is not False
	return frappe._dict(
		remind_days=cint(values.periodic_reminder_days),
		remind_agency=bool(cint(values.periodic_remind_agency)),
		# anything but confirmation opens receptions on the due date (the default)
		reception_on=(
			rules.ON_CONFIRMATION
			if values.periodic_reception_on == rules.ON_CONFIRMATION
			else rules.ON_DUE_DATE
		),
		grace_days=cint(values.periodic_grace_days),
	)


def guide_for(item: str | None) -> str | None:
	"""The item's own active guide, else the active guide of its group or the nearest parent group."""
	if not item:
		return None
	own = frappe.db.get_value(GUIDE, {"applies_to": "Item", "item": item, "is_active": 1}, "name")
	if own:
		return own
	for group in item_group_lineage(frappe.db.get_value("Item", item, "item_group")):
		guide = frappe.db.get_value(GUIDE, {"applies_to": "Item Group", "item_group": group, "is_active": 1})
		if guide:
			return guide
	return None


def tasks_of(guide) -> list[rules.Task]:
	parts = {}
	for row in guide.parts:
		parts.setdefault(rules.task_key(row.task), []).append((row.item_code, row.qty))
	return [
		rules.Task(
			task=row.task.strip(),
			service_type=row.service_type,
			every_months=int(row.every_months or 0),
			occurrences=int(row.occurrences or 0),
			first_after_months=int(row.first_after_months) if row.first_after_months else None,
			schedule_from=row.schedule_from or rules.FROM_START,
			only_under_warranty=bool(row.only_under_warranty),
			only_under_contract=bool(row.only_under_contract),
			parts=tuple(parts.get(rules.task_key(row.task), ())),
		)
		for row in guide.tasks
	]


def validate_guide(guide):
	"""Service Guide.validate: tasks that can plan, parts naming a task, one active guide per item
	or item group."""
	if guide.applies_to == "Item":
		guide.item_group = None
	else:
		guide.item = None
	problems = rules.check_tasks(tasks_of(guide), [row.task for row in guide.parts])
	if problems:
		frappe.throw(
			"<br>".join(guide_problem(problem, name) for problem, name in problems),
			exc=PeriodicServiceError,
			title=_("Service Guide"),
		)
	if not guide.is_active:
		return
	target = guide.item if guide.applies_to == "Item" else guide.item_group
	fieldname = "item" if guide.applies_to == "Item" else "item_group"
	other = frappe.db.get_value(
		GUIDE,
		{"applies_to": guide.applies_to, fieldname: target, "is_active": 1, "name": ("!=", guide.name)},
	)
	if other:
		frappe.throw(
			_("{0} already has the active Service Guide {1}. Deactivate that one first.").format(
				frappe.bold(target), frappe.bold(other)
			),
			exc=PeriodicServiceError,
		)


def guide_problem(problem: str, name: str) -> str:
	return {
		rules.TASK_TWICE: _("Task {0} is listed twice: give each task its own name."),
		rules.NO_INTERVAL: _("Task {0}: repeat it every 1 month or more."),
		rules.NO_VISITS: _("Task {0}: plan at least one visit."),
		rules.UNKNOWN_PART_TASK: _("Parts to replace: {0} is not one of the guide's tasks."),
	}[problem].format(name)


# --- plans ----------------------------------------------------------------------------------------


def active_plan(device: str) -> str | None:
	return frappe.db.get_value(PLAN, {"customer_device": device, "status": "Active"})


def basis_of(device, warranty_card: str | None = None) -> frappe._dict:
	"""What the visits count from: the warranty card's start (installation or sale) - the one given,
	else the device's current card -, else the device's installation, else its sale."""
	card = None
	if warranty_card or device.warranty_card:
		card = frappe.db.get_value(
			"Warranty Card",
			warranty_card or device.warranty_card,
			["name", "start_date", "end_date", "status"],
			as_dict=True,
		)
	if card and card.start_date and card.status != "Void":
		return frappe._dict(
			start_date=getdate(card.start_date), warranty_card=card.name, warranty_end=card.end_date
		)
	start = device.installed_on or device.sold_on
	return frappe._dict(start_date=getdate(start) if start else None, warranty_card=None, warranty_end=None)


def fill_plan(plan):
	"""Periodic Service Plan.validate: the device's customer, mobile, agency, guide and basis; the
	visits from the guide when it has none; the next due date and the plan's status; one active
	plan per device."""
	device = frappe.get_doc("Customer Device", plan.customer_device)
	plan.item, plan.item_name, plan.serial_no = device.item, device.item_name, device.serial_no
	plan.customer, plan.customer_name = device.customer, device.customer_name
	# a new document gets Frappe's default territory (the root), which says nothing: the device's
	if not plan.territory or plan.territory == get_root_of("Territory"):
		plan.territory = device.territory or plan.territory
	if not plan.mobile_no and device.customer:
		plan.mobile_no = frappe.db.get_value("Customer", device.customer, "mobile_no")
	if plan.mobile_no:
		phone = try_parse(plan.mobile_no)
		if not phone or not phone.is_mobile:
			frappe.throw(
				_("Mobile No {0} is not a mobile number. Enter the customer's mobile (09...).").format(
					frappe.bold(plan.mobile_no)
				),
				exc=PeriodicServiceError,
			)
		plan.mobile_no = phone.e164
	if not plan.service_agency:
		plan.service_agency = default_agency_for(plan.territory)
	if plan.contract:
		contract = frappe.db.get_value(
			"Contract", plan.contract, ["party_type", "party_name", "end_date", "docstatus"], as_dict=True
		)
		if contract.docstatus == 2 and (plan.is_new() or plan.has_value_changed("contract")):
			frappe.throw(
				_("Contract {0} is cancelled: choose the customer's current contract.").format(
					frappe.bold(plan.contract)
				),
				exc=PeriodicServiceError,
			)
		if contract.party_type != "Customer" or contract.party_name != plan.customer:
			frappe.throw(
				_("Contract {0} is not with this device's customer {1}.").format(
					frappe.bold(plan.contract), frappe.bold(plan.customer_name or plan.customer)
				),
				exc=PeriodicServiceError,
			)
		plan.contract_end = contract.end_date
	else:
		plan.contract_end = None
	if plan.is_new():
		validate_unique(plan)  # before planning, which may ask for what a second plan does not need
	if plan.is_new() and not plan.visits:
		plan_visits(plan, device)
	if plan.is_new() and not plan.visits:
		frappe.throw(
			_(
				"Service Guide {0} plans no visit for this device from {1} (its tasks need a warranty or a contract that it does not have, or that ends first)."
			).format(frappe.bold(plan.service_guide), frappe.format(plan.start_date, "Date")),
			exc=PeriodicServiceError,
		)
	refresh_plan(plan)
	if not plan.is_new():
		validate_unique(plan)  # a plan made active again (an invoice cancelled) may meet a newer one


def plan_visits(plan, device):
	plan.service_guide = plan.service_guide or guide_for(device.item)
	if not plan.service_guide:
		frappe.throw(
			_(
				"No active Service Guide for {0} or its item groups: add one (Service Guide) to plan its periodic service."
			).format(frappe.bold(device.item)),
			exc=PeriodicServiceError,
		)
	basis = basis_of(device, plan.warranty_card)
	plan.warranty_card = basis.warranty_card
	plan.warranty_end = basis.warranty_end
	plan.start_date = plan.start_date or basis.start_date
	if not plan.start_date:
		frappe.throw(
			_(
				"Device {0} has no started warranty, installation date or sale date: enter the plan's Start Date."
			).format(frappe.bold(device.name)),
			exc=PeriodicServiceError,
		)
	guide = frappe.get_doc(GUIDE, plan.service_guide)
	for visit in rules.schedule(
		tasks_of(guide),
		getdate(plan.start_date),
		warranty_end=getdate(plan.warranty_end) if plan.warranty_end else None,
		has_contract=bool(plan.contract),
		contract_end=getdate(plan.contract_end) if plan.contract_end else None,
	):
		plan.append(
			"visits",
			{
				"task": visit.task,
				"due_date": visit.due_date,
				"service_type": visit.service_type,
				"parts": visit.parts,
				"status": rules.PLANNED,
			},
		)


def refresh_plan(plan):
	waiting = [row for row in plan.visits if row.status in rules.OPEN]
	plan.next_due_date = min((getdate(row.due_date) for row in waiting), default=None)
	if plan.status != "Cancelled":
		plan.status = "Active" if waiting else "Completed"


def validate_unique(plan):
	if plan.status != "Active":
		return
	other = frappe.db.get_value(
		PLAN, {"customer_device": plan.customer_device, "status": "Active", "name": ("!=", plan.name)}
	)
	if other:
		frappe.throw(
			_("Device {0} already has the active plan {1}.").format(
				frappe.bold(plan.customer_device), frappe.bold(other)
			),
			exc=PeriodicServiceError,
		)


def make_plan(device: str, contract: str | None = None, start_date=None, warranty_card=None) -> str:
	plan = frappe.get_doc(
		{
			"doctype": PLAN,
			"customer_device": device,
			"contract": contract,
			"start_date": start_date,
			"warranty_card": warranty_card,
		}
	)
	plan.insert(ignore_permissions=True)
	return plan.name


def plans_for_contract(contract: str) -> dict:
	"""A plan under `contract` for each device of its customer that has a guide and no active plan.
	Returns {"created": [plan...], "skipped": [(device, why)...]}."""
	doc = frappe.get_doc("Contract", contract)
	if doc.party_type != "Customer":
		frappe.throw(
			_(
				"Contract {0} is not with a customer: periodic service plans are for customers' devices."
			).format(frappe.bold(contract)),
			exc=PeriodicServiceError,
		)
	if doc.docstatus == 2:
		frappe.throw(
			_("Contract {0} is cancelled: choose the customer's current contract.").format(
				frappe.bold(contract)
			),
			exc=PeriodicServiceError,
		)
	created, skipped = [], []
	for device in frappe.get_all(
		"Customer Device", {"customer": doc.party_name, "status": "In Use"}, pluck="name", order_by="name"
	):
		existing = active_plan(device)
		if existing:
			skipped.append((device, _("has the active plan {0}").format(existing)))
			continue
		messages_before = len(frappe.local.message_log)
		with guarded(PeriodicServiceError) as outcome:
			created.append(make_plan(device, contract=contract))
		if outcome.failed:
			# the reason is in the summary, not in a message box per device
			del frappe.local.message_log[messages_before:]
			skipped.append((device, frappe.utils.strip_html_tags(str(outcome.error))))
	return {"created": created, "skipped": skipped}


def on_warranty_started(card):
	"""`zhira_warranty_started`: a device whose warranty starts and whose item has a guide gets a
	plan counted from that day. The warranty's start never fails because of it: a plan that cannot
	be made is noted on the card."""
	if not guide_for(card.item):
		return
	device = card.customer_device or frappe.db.get_value(
		"Customer Device", {"item": card.item, "serial_no": card.serial_no}
	)
	if device and active_plan(device):
		return
	if not device and not card.customer:
		return  # sold to nobody yet (a transfer to an agency's warehouse): planned when sold
	with guarded() as outcome:
		make_plan(device or register_device(card), start_date=card.start_date, warranty_card=card.name)
	if outcome.failed:
		if not isinstance(outcome.error, frappe.ValidationError):
			outcome.log("Periodic service: plan not made", "Warranty Card", card.name)
		card.add_comment(
			"Comment",
			_("No periodic service plan was made for this device: {0}").format(
				frappe.utils.strip_html_tags(str(outcome.error)) or type(outcome.error).__name__
			),
		)


def register_device(card) -> str:
	"""The customer's Customer Device for the serial a started warranty names (a sale's buyer)."""
	device = frappe.get_doc(
		{
			"doctype": "Customer Device",
			"item": card.item,
			"serial_no": card.serial_no,
			"customer": card.customer,
			"territory": card.territory,
			"warranty_card": card.name,
			"sold_on": card.start_date,
		}
	)
	device.insert(ignore_permissions=True)
	frappe.db.set_value("Warranty Card", card.name, "customer_device", device.name, update_modified=False)
	return device.name


def on_warranty_start_reverted(card):
	"""`zhira_warranty_start_reverted`: the stock document that started the warranty was cancelled;
	a plan counted from that start, with no visit reminded or opened yet, is cancelled."""
	for name in frappe.get_all(PLAN, {"warranty_card": card.name, "status": "Active"}, pluck="name"):
		plan = frappe.get_doc(PLAN, name)
		if any(row.status != rules.PLANNED for row in plan.visits):
			plan.add_comment(
				"Comment",
				_("The warranty's start was cancelled; this plan is kept because its visits have begun."),
			)
			continue
		cancel_plan(plan, _("the warranty's start it counted from was cancelled"))


def cancel_plan(plan, reason: str):
	"""A plan stops: its visits not opened yet are skipped for `reason` (the daily job never looks at
	them again); a visit whose reception is open stays as it is, for the agency to finish."""
	for row in plan.visits:
		if row.status in rules.WAITING and not row.service_reception:
			row.status = rules.SKIPPED
			row.skip_reason = _("Plan cancelled: {0}").format(reason)
	plan.status = "Cancelled"
	plan.flags.ignore_permissions = True
	plan.save()
	plan.add_comment("Comment", _("Plan cancelled: {0}").format(reason))


# --- the daily job ----------------------------------------------------------------------------------


def due_plans(today, config) -> list[str]:
	"""Plans with a visit rules.actions_for acts on today: planned and due by the reminder's lead
	(remind, or open); reminded and due today or before, when receptions open on the due date (open);
	reminded or opened and past the grace days (overdue). A visit reminded and waiting for its day,
	or opened and within its grace days, does not select its plan: there is nothing to do with it
	today (at 100,000 plans, selecting them loaded and locked 3,583 plans a day for nothing beside the
	601 acted on: docs/benchmarks.md). Each branch is a range of the (status, due_date) index."""
	overdue_before = add_days(today, -config.grace_days)  # overdue: due before this day
	opens_reminded = config.reception_on == rules.ON_DUE_DATE
	return frappe.db.sql_list(
		"""
		select distinct visit.parent
		from `tabPeriodic Service Visit` visit
		join `tabPeriodic Service Plan` plan on plan.name = visit.parent
		where visit.parenttype = 'Periodic Service Plan'
			and (
				(visit.status = 'Planned' and visit.due_date <= %(horizon)s)
				or (visit.status = 'Reminded' and visit.due_date <= %(reminded_by)s)
				or (visit.status = 'Reception Created' and visit.due_date < %(overdue_before)s)
			)
			and plan.status = 'Active'
		order by visit.parent
		""",
		{
			"horizon": rules.horizon(today, config.remind_days),
			"reminded_by": today if opens_reminded else add_days(overdue_before, -1),
			"overdue_before": overdue_before,
		},
	)


def run_daily(today=None, commit: bool = True) -> dict:
	"""Remind, open receptions and mark overdue, plan by plan (committed one by one; commit=False
	leaves the transaction to the caller). Returns what it did."""
	today = getdate(today or nowdate())
	config = settings()
	job = Job(commit=commit)
	counts = {rules.REMIND: 0, rules.OPEN_RECEPTION: 0, rules.MARK_OVERDUE: 0, "failed": 0}
	for name in due_plans(today, config):
		with job.step() as outcome:
			done = act_on_plan(name, today, config)
		if outcome.failed:
			counts["failed"] += 1
			outcome.log("Periodic service: plan failed in the daily run", PLAN, name)
		else:
			for action in done:
				counts[action] += 1
		job.commit()
	return counts


def act_on_plan(name: str, today, config) -> list[str]:
	plan = frappe.get_doc(PLAN, name, for_update=True)
	done = []
	for row in plan.visits:
		for action in rules.actions_for(
			row.status,
			getdate(row.due_date),
			today,
			config.remind_days,
			config.grace_days,
			config.reception_on,
			has_reception=bool(row.service_reception),
		):
			if action == rules.REMIND:
				remind(plan, row, config)
			elif action == rules.OPEN_RECEPTION:
				open_reception(plan, row)
			elif action == rules.MARK_OVERDUE:
				row.status = rules.OVERDUE
				row.overdue_on = today
			done.append(action)
	if done:
		plan.flags.ignore_permissions = True
		plan.save()
	return done


def agency_of(plan, row) -> str | None:
	return row.service_agency or plan.service_agency or default_agency_for(plan.territory)


def remind(plan, row, config):
	"""The reminder SMS to the customer (and the agency), stored with the visit's new status."""
	row.status = rules.REMINDED
	row.reminded_on = now_datetime()
	plan.flags.visit = row
	plan.flags.asks_confirmation = config.reception_on == rules.ON_CONFIRMATION
	send_event(REMINDER_EVENT, plan)
	if not config.remind_agency:
		return
	agency = agency_of(plan, row)
	mobile = agency and frappe.db.get_value("Service Agency", agency, "mobile_no")
	if mobile:
		send_event(AGENCY_REMINDER_EVENT, plan, to=mobile)


def open_reception(plan, row) -> str:
	"""A Service Reception (channel Periodic) for the visit, referred to the visit's agency."""
	if not plan.mobile_no:
		frappe.throw(
			_(
				"Plan {0} has no mobile number, which a reception needs: enter the customer's mobile on the plan."
			).format(frappe.bold(plan.name)),
			exc=PeriodicServiceError,
		)
	reception = frappe.get_doc(
		{
			"doctype": "Service Reception",
			"channel": CHANNEL,
			"mobile_no": plan.mobile_no,
			"customer": plan.customer,
			"customer_name": plan.customer_name,
			"territory": plan.territory,
			"service_agency": agency_of(plan, row),
			"preferred_date": row.due_date,
			"notes": _("Periodic service {0}: {1}").format(plan.name, row.task)
			+ (("\n" + _("Parts to replace:") + "\n" + row.parts) if row.parts else ""),
			"devices": [{"customer_device": plan.customer_device, "service_type": row.service_type}],
		}
	)
	reception.flags.ignore_permissions = True
	reception.insert()
	row.status = rules.RECEPTION_CREATED
	row.service_reception = reception.name
	row.reception_created_on = now_datetime()
	return reception.name


def template_context(doc) -> dict:
	"""`zhira_sms_template_context`: a plan's reminder speaks of the visit being reminded."""
	if doc.doctype != PLAN:
		return {}
	row = doc.flags.visit or next((r for r in doc.visits if r.status in rules.OPEN), None)
	agency = row and agency_of(doc, row)
	return {
		"due_date": row.due_date if row else doc.next_due_date,
		"service_type": row.service_type if row else "",
		"task": row.task if row else "",
		"asks_confirmation": bool(doc.flags.asks_confirmation),
		"agency_name": agency and frappe.db.get_value("Service Agency", agency, "agency_name"),
		"customer_mobile": doc.mobile_no,
	}


# --- the customer's answer, completion, by hand -------------------------------------------------------


def on_reminder_answer(inbound, request, answer: int) -> str | None:
	"""`zhira_sms_reply_handlers` for "Periodic Service Reminder": 1 opens the reception of the visit
	reminded (when it has none yet), 2 skips it. A ValidationError is sent back to the customer."""
	if request.reference_doctype != PLAN or not frappe.db.exists(PLAN, request.reference_name):
		return None
	plan = frappe.get_doc(PLAN, request.reference_name, for_update=True)
	if plan.status == "Cancelled":
		frappe.throw(
			_("This periodic service plan is no longer active. Call us whenever you need a service."),
			exc=PeriodicServiceError,
		)
	row = next(
		(r for r in plan.visits if r.status in (rules.REMINDED, rules.OVERDUE) and not r.service_reception),
		None,
	)
	if row is None:
		frappe.throw(_("Thank you: this periodic service is already arranged."), exc=PeriodicServiceError)
	if answer not in (BOOK, DECLINE):
		frappe.throw(
			_("Please reply 1 to book the periodic service or 2 if you do not want it."),
			exc=PeriodicServiceError,
		)
	plan.flags.ignore_permissions = True
	if answer == BOOK:
		reception = open_reception(plan, row)
		plan.save()
		code = frappe.db.get_value("Service Reception", reception, "tracking_code")
		queue_sms(
			inbound.from_number,
			_("Your periodic service is booked; tracking code {0}. The agency will call you.").format(code),
			reference_doctype=PLAN,
			reference_name=plan.name,
			gateway=inbound.gateway,
		)
		return _("Periodic service {0}: the customer booked it, reception {1}.").format(plan.name, reception)
	row.status = rules.SKIPPED
	row.skip_reason = _("The customer declined by SMS.")
	plan.save()
	queue_sms(
		inbound.from_number,
		_("Noted: this periodic service is cancelled. Call us whenever you need a service."),
		reference_doctype=PLAN,
		reference_name=plan.name,
		gateway=inbound.gateway,
	)
	return _("Periodic service {0}: the customer declined the visit of {1}.").format(plan.name, row.due_date)


def on_service_completed(invoice):
	"""`zhira_service_completed`: head office approved a Periodic Service invoice for a reception a
	plan opened: the visit is done on the invoice's service date, and the later visits of a task
	counted from the last service move."""
	if invoice.invoice_type != PERIODIC_INVOICE or not invoice.service_reception:
		return
	for name, parent in frappe.get_all(
		VISIT,
		{"parenttype": PLAN, "service_reception": invoice.service_reception},
		["name", "parent"],
		as_list=True,
	):
		plan = frappe.get_doc(PLAN, parent, for_update=True)
		row = visit_of(plan, name)
		if row.status == rules.DONE:
			continue
		complete_visit(plan, row, getdate(invoice.service_date or nowdate()), invoice.name)
		plan.flags.ignore_permissions = True
		plan.save()


def on_service_reversed(invoice):
	"""`zhira_service_reversed`: head office cancelled the approved Periodic Service invoice that
	made a visit Done: the visit is open again (its reception waits for a new work report). Later
	visits a "last service" task moved keep their dates; the next approval moves them again."""
	for name, parent in frappe.get_all(
		VISIT,
		{"parenttype": PLAN, "service_invoice": invoice.name, "status": rules.DONE},
		["name", "parent"],
		as_list=True,
	):
		plan = frappe.get_doc(PLAN, parent, for_update=True)
		if plan.status == "Completed" and active_plan(plan.customer_device):
			# the device has a newer plan: this one stays as it ended
			plan.add_comment(
				"Comment",
				_("Service Invoice {0} was cancelled; the device has a newer plan.").format(invoice.name),
			)
			continue
		row = visit_of(plan, name)
		row.status = rules.RECEPTION_CREATED if row.service_reception else rules.PLANNED
		row.done_on = row.service_invoice = None
		plan.flags.ignore_permissions = True
		plan.save()
		plan.add_comment(
			"Comment",
			_("Service Invoice {0} was cancelled: the visit of {1} is open again.").format(
				invoice.name, frappe.format(row.due_date, "Date")
			),
		)


def complete_visit(plan, row, done_on, invoice: str | None = None):
	row.status = rules.DONE
	row.done_on = done_on
	row.service_invoice = invoice
	task = task_of(plan, row.task)
	if task and task.schedule_from == rules.FROM_LAST_SERVICE:
		later = [
			r
			for r in plan.visits
			if r.task == row.task
			and r.status in rules.WAITING
			and getdate(r.due_date) > getdate(row.due_date)
		]
		for visit, due in zip(later, rules.moved_dates(done_on, task.every_months, len(later)), strict=True):
			visit.due_date = due


def task_of(plan, name: str) -> rules.Task | None:
	if not plan.service_guide or not frappe.db.exists(GUIDE, plan.service_guide):
		return None
	guide = frappe.get_cached_doc(GUIDE, plan.service_guide)
	return next((task for task in tasks_of(guide) if task.task == name), None)


def visit_of(plan, visit: str):
	row = next((r for r in plan.visits if r.name == visit), None)
	if row is None:
		frappe.throw(_("Plan {0} has no visit {1}.").format(plan.name, visit), exc=PeriodicServiceError)
	return row


def skip_visit(plan_name: str, visit: str, reason: str) -> None:
	"""Head office skips a visit not done yet, saying why (kept on the visit)."""
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(_("Give the reason for skipping the visit."), exc=PeriodicServiceError)
	plan = frappe.get_doc(PLAN, plan_name, for_update=True)
	row = visit_of(plan, visit)
	if row.status not in rules.WAITING:
		frappe.throw(
			_("The visit of {0} is {1}: only a visit without a reception can be skipped.").format(
				frappe.format(row.due_date, "Date"), _(row.status)
			),
			exc=PeriodicServiceError,
		)
	row.status = rules.SKIPPED
	row.skip_reason = reason
	plan.save()


def open_visit_now(plan_name: str, visit: str) -> str:
	"""Head office opens a visit's reception before its day (the customer called, say)."""
	plan = frappe.get_doc(PLAN, plan_name, for_update=True)
	row = visit_of(plan, visit)
	if row.status not in rules.WAITING or row.service_reception:
		frappe.throw(
			_("The visit of {0} is {1}: it has its reception or is finished.").format(
				frappe.format(row.due_date, "Date"), _(row.status)
			),
			exc=PeriodicServiceError,
		)
	name = open_reception(plan, row)
	plan.save()
	return name


def overdue_cutoff(today=None):
	"""Visits due before this day and not done are overdue (reports)."""
	return add_days(getdate(today or nowdate()), -settings().grace_days)
