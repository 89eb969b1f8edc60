"""/agency/scores: the agency's own score for the current and the previous Jalali month, with S, N,
P and w beside it, the calculation written out and the complaints that count, its survey responses
by product group and its monthly scorecards (customer_care.score_page). The agency is the user's."""

from frappe import _

from zhira_after_sales.agency.portal import page_context
from zhira_after_sales.customer_care import score_page

no_cache = 1


def get_context(context):
	agency = page_context(context, "scores", _("Scores"))
	context.data = score_page.scores_page(agency)
	context.number = score_page.number
	return context
