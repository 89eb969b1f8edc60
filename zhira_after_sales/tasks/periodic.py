"""Scheduler: periodic service's daily run (service_desk.periodic.run_daily)."""

from zhira_after_sales.service_desk import periodic


def run_periodic_service():
	"""Remind customers and agencies, open the receptions due, mark visits overdue; plan by plan,
	each committed (a broken plan is logged in Error Log and the others go on)."""
	periodic.run_daily()
