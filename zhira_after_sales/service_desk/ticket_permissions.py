"""Service Tickets are head office's DocType: customers and agencies reach their own tickets only
through the portal pages and zhira_after_sales.api.ticket, which take the party from the session.
Their roles have no permission on the DocType; these hooks keep it so for any portal user even if
a role is granted one by mistake (and so narrow the replies' child table to nothing for them)."""

from zhira_after_sales.access import needs_row_check


def ticket_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return "1=0" if needs_row_check(user) else ""


def ticket_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool | None:
	return False if needs_row_check(user) else None
