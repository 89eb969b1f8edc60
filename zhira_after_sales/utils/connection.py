"""A background job whose database connection was lost (MariaDB restarted, the connection killed
or timed out).

MariaDB rolls back the transaction of a connection it loses, so what the job committed stays and
the rest is gone; the job cannot roll back or record anything on the dead connection. A job that
commits as it goes calls `reconnect_if_lost(e)` in its error handler: on a lost connection it
opens a new one (nothing to roll back) so the job can record where it stopped and why, as Frappe's
prepared reports do (frappe.database.utils.dangerously_reconnect_on_connection_abort). Never in a
request: its open transaction would be lost without a word.
"""

import frappe

# pymysql's codes for a connection the server closed or lost
CONNECTION_LOST_CODES = {
	2006,  # MySQL server has gone away
	2013,  # Lost connection to MySQL server during query
	2055,  # Lost connection to MySQL server at '...', system error
	1927,  # Connection was killed
	4031,  # The client was disconnected by the server because of inactivity
}


def is_connection_lost(error: BaseException) -> bool:
	if frappe.db.is_interface_error(error):  # the connection object was already closed
		return True
	return (
		isinstance(error, frappe.db.OperationalError)
		and bool(error.args)
		and error.args[0] in CONNECTION_LOST_CODES
	)


def reconnect_if_lost(error: BaseException) -> bool:
	"""True (and a new connection) when `error` is a lost connection; False otherwise."""
	if not is_connection_lost(error):
		return False
	frappe.db.connect()
	return True
