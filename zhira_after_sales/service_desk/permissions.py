"""Receptions are narrowed like agencies: an agency user sees the receptions currently referred to
their agency, a technician those assigned to them (zhira_after_sales.access says who
is restricted)."""

from zhira_after_sales.access import own_rows_condition, own_rows_read_only


def reception_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return own_rows_condition("Service Reception", "service_agency", "technician", user)


def reception_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool | None:
	"""Portal users read their receptions; they change them only through the status API."""
	return own_rows_read_only(doc, ptype, user, "service_agency", "technician")
