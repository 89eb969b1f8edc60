"""Database work that fails alone, and the transaction of messaging's background jobs.

`guarded()`: a block that `frappe.database.database.savepoint` rolls back on error; the error is
kept, with its traceback, for the caller to act on after the rollback (an Error Log written inside
the savepoint would be rolled back with it).

`Job`: the jobs (sending, reconciling, delivery reports, inbox polling, bulk storing) commit after
each step, so a stop loses nothing already done, and a failed step is undone by rolling back to
the last commit. They take `commit: bool = True`. With `commit=False` nothing is committed and the
caller owns the transaction: each of the job's commits becomes a savepoint instead, and a failed
step is rolled back to the last of them, so the job behaves as it does on its own (a message
handed to the provider stays Sending if recording the answer fails) without committing.
"""

from contextlib import contextmanager

import frappe
from frappe.database.database import savepoint

from zhira_after_sales.messaging.providers.base import strip_urls


class Outcome:
	error: BaseException | None = None
	traceback: str | None = None

	@property
	def failed(self) -> bool:
		return self.error is not None

	def log(
		self,
		title: str,
		reference_doctype: str | None = None,
		reference_name: str | None = None,
		redact=None,
	):
		frappe.log_error(
			title=title,
			message=redact(self.traceback) if redact else self.traceback,
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


class Job:
	"""The transaction of one background job (see the module's docstring)."""

	def __init__(self, commit: bool = True):
		self.commits = commit
		self.checkpoint = None if commit else self.savepoint()

	def commit(self):
		if self.commits:
			frappe.db.commit()  # nosemgrep: background jobs, not a request
		else:
			self.checkpoint = self.savepoint()

	@contextmanager
	def step(self):
		"""with job.step() as outcome: ...  then  if outcome.failed: ...  An error undoes what was
		done since the job's last commit (or, with commit=False, its last savepoint)."""
		outcome = Outcome()
		try:
			yield outcome
		except Exception as e:
			outcome.error = e
			outcome.traceback = frappe.get_traceback()
			if self.commits:
				frappe.db.rollback()
			else:
				frappe.db.rollback(save_point=self.checkpoint)

	@staticmethod
	def savepoint() -> str:
		name = "zhira_job_" + frappe.generate_hash(length=10)
		frappe.db.savepoint(name)
		return name


def log_error(title: str, reference_doctype: str, reference_name: str | None = None, redact=strip_urls):
	"""frappe.log_error for the exception being handled, with a plain traceback: Frappe's default
	prints every frame's variables, and a URL variable carries Kavenegar's API key. URLs (and, with
	a gateway's `redact`, its secrets) are cut from the text too."""
	frappe.log_error(
		title=title,
		message=redact(frappe.get_traceback()),
		reference_doctype=reference_doctype,
		reference_name=reference_name,
	)
