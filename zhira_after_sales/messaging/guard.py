"""A block of database work that fails alone: `frappe.database.database.savepoint` rolls it back,
and the error is kept, with its traceback, for the caller to act on after the rollback (an Error
Log written inside the savepoint would be rolled back with it)."""

from contextlib import contextmanager

import frappe
from frappe.database.database import savepoint


class Outcome:
	error: BaseException | None = None
	traceback: str | None = None

	@property
	def failed(self) -> bool:
		return self.error is not None

	def log(self, title: str, reference_doctype: str | None = None, reference_name: str | None = None):
		frappe.log_error(
			title=title,
			message=self.traceback,
			reference_doctype=reference_doctype,
			reference_name=reference_name,
		)


@contextmanager
def guarded(catch: type[BaseException] | tuple[type[BaseException], ...] = Exception):
	"""with guarded() as outcome: ...  then  if outcome.failed: ... (what `catch` does not name
	propagates, rolled back by the caller)."""
	outcome = Outcome()
	with savepoint(catch=catch):
		try:
			yield outcome
		except catch as e:
			outcome.error = e
			outcome.traceback = frappe.get_traceback()
			raise
