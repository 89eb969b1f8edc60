"""/tech: the technician app (ژیرا - تکنسین), an installable web app for the agencies' technicians.

The page is the app's shell: no desk, no website chrome, a few ES modules and a stylesheet from
zhira_after_sales/public/tech/ (served at /assets/zhira_after_sales/tech/). Everything else comes
from the technician API (zhira_after_sales.api.v1.tech) with the token `login` returns, and is kept
on the phone, so the page is the same for everyone and the service worker (/tech/sw.js, sw.py)
keeps a copy that opens without a connection.

The app lives under /tech/ (the service worker's scope is the folder its script is served from);
/tech redirects there.

The JavaScript's strings are English; Persian comes from the app's catalogue through `messages`
below (each string is an `_()` call, so the catalogue tools find them) and is rendered into the
page as a dictionary.
"""

import hashlib
import os
from functools import lru_cache

import frappe
from frappe.utils import cint

no_cache = 1
sitemap = 0

SCOPE = "/tech/"
SERVICE_WORKER = "/tech/sw.js"
MANIFEST = "/tech/manifest.json"
ASSETS = "/assets/zhira_after_sales/tech/"
# ES modules (app.js imports the others) and the rest of the shell, under public/tech/
MODULES = ("app.js", "api.js", "dates.js", "jalaali.js", "photos.js", "queue.js", "store.js")
STATIC = ("app.css", "icon-192.png", "icon-512.png", "icon-maskable-512.png", "apple-touch-icon.png")
# Frappe's own socket.io client (the desk bundles the same package), loaded only while online
SOCKETIO_CLIENT = "/assets/frappe/node_modules/socket.io-client/dist/socket.io.esm.min.js"
# published to the technician's user when a job is referred to them (service_desk/referral.py)
TECHNICIAN_JOB_EVENT = "zhira_tech_job"
# the shell's own templates, under www/tech/
TEMPLATES = ("index.html", "sw.js", "manifest.json")


def get_context(context):
	request = getattr(frappe.local, "request", None)
	if request is not None and request.path == "/tech":
		query = request.query_string.decode() if request.query_string else ""
		frappe.local.flags.redirect_location = SCOPE + (f"?{query}" if query else "")
		raise frappe.Redirect(302)
	version = shell_version()
	context.no_cache = 1
	context.version = version
	context.direction = "rtl" if frappe.local.lang == "fa" else "ltr"
	context.lang = "fa" if frappe.local.lang == "fa" else "en"
	context.manifest = MANIFEST
	context.assets = ASSETS
	context.stylesheet = versioned("app.css", version)
	context.entry = versioned("app.js", version)
	# every module URL with the version: an updated app never mixes old and new modules
	context.import_map = {"imports": {ASSETS + name: versioned(name, version) for name in MODULES}}
	context.config = {
		"version": version,
		"scope": SCOPE,
		"service_worker": SERVICE_WORKER,
		"assets": ASSETS,
		"messages": persian_messages(),
		# a signed-in desk or portal user's language; the app asks `me` once logged in
		"user_language": frappe.local.lang if frappe.session.user != "Guest" else None,
		"realtime": realtime(),
	}
	return context


def realtime() -> dict | None:
	"""Where the app hears of new jobs at once (the event `zhira_tech_job`): Frappe's socket.io, the
	site's namespace. Behind a web server it shares the site's origin; a development bench serves it
	on its own port, as the desk's client assumes (frappe/public/js/frappe/socketio_client.js)."""
	if frappe.conf.disable_async:
		return None
	direct = frappe.local.dev_server or frappe.conf.developer_mode
	return {
		"client": SOCKETIO_CLIENT,
		"namespace": frappe.local.site,
		"port": cint(frappe.conf.socketio_port or 9000) if direct else None,
		"event": TECHNICIAN_JOB_EVENT,
	}


def versioned(name: str, version: str) -> str:
	return f"{ASSETS}{name}?v={version}"


def shell_urls(version: str) -> list[str]:
	"""What the service worker keeps so the app opens offline: the page, its manifest, every module,
	the stylesheet and the icons, at the URLs the page asks for them."""
	return [
		SCOPE,
		MANIFEST,
		*(versioned(name, version) for name in MODULES),
		versioned("app.css", version),
		*(ASSETS + name for name in STATIC if name.endswith(".png")),
	]


def shell_files() -> list[str]:
	public = frappe.get_app_path("zhira_after_sales", "public", "tech")
	here = os.path.dirname(os.path.abspath(__file__))
	return [os.path.join(public, name) for name in (*MODULES, *STATIC)] + [
		os.path.join(here, name) for name in (*TEMPLATES, "index.py", "sw.py")
	]


def shell_version() -> str:
	"""A hash of the shell's files: when one changes, the page asks for new module URLs and the
	service worker's script changes, so phones install the new version."""
	stamps = []
	for path in shell_files():
		try:
			stat = os.stat(path)
			stamps.append((path, stat.st_mtime_ns, stat.st_size))
		except OSError:
			stamps.append((path, 0, 0))
	return _hash_files(tuple(stamps))


@lru_cache(maxsize=8)
def _hash_files(stamps: tuple) -> str:
	digest = hashlib.sha1()
	for path, _mtime, size in stamps:
		if size and os.path.exists(path):
			with open(path, "rb") as f:
				digest.update(f.read())
	return digest.hexdigest()[:12]


def persian_messages() -> dict[str, str]:
	"""{English: Persian} for every string the app shows, from the app's Persian catalogue."""
	english = messages(lambda text: text)
	persian = messages(lambda text: frappe._(text, lang="fa"))
	return {en: fa for en, fa in zip(english, persian, strict=True) if fa and fa != en}


def messages(_) -> tuple[str, ...]:
	"""The app's strings, in the order public/tech/app.js uses them (plus the values it shows
	through a variable: warranty states, invoice approval states). `_` translates or not."""
	return (
		_("No connection to the server. Log in once you are online."),
		_("Login failed."),
		_("Service type"),
		_("What was done"),
		_("Remove"),
		_("Part code"),
		_("Quantity"),
		_("Coverage"),
		_("Warranty"),
		_("Paid"),
		_("Choose the device."),
		_("Add at least one service."),
		_("A part's quantity must be more than zero."),
		_("Write the name of the customer who confirms the work."),
		_("The work report is being sent."),
		_("The work report is saved on the phone and will be sent when you are online."),
		_("Preparing the photo..."),
		_("The photo could not be read."),
		_("{0} KB"),
		_("My jobs"),
		_("Job"),
		_("Work report"),
		_("Outbox"),
		_("Back"),
		_("Online"),
		_("Offline"),
		_("{0} pending"),
		_("Refresh"),
		_("Your login has expired. Log in again to send what waits on this phone."),
		_("Log in"),
		_("No connection. What you do is kept on the phone and sent when the connection returns."),
		_("Still offline? You can send the status changes by SMS."),
		_("Send by SMS"),
		_("Message {0} to {1}"),
		_("No internet? The change can go by SMS."),
		_("New job: {0}"),
		_("New jobs: {0}"),
		_("OK"),
		_("Actions not applied: {0}"),
		_("See why"),
		_("Zhira - Technician"),
		_("Log in with the user name and password your agency gave you."),
		_("User name, email or mobile"),
		_("Password"),
		_("Back to my jobs"),
		_("Not sent yet"),
		_("pending"),
		_("Call"),
		_("New"),
		_("Problem"),
		_("Referred {0}"),
		_("Last synced at {0}"),
		_("Not synced yet."),
		_("Today"),
		_("No open jobs. New referrals appear here."),
		_("Connect to the internet to get your jobs."),
		_("Upcoming"),
		_("Closed in the last 7 days"),
		_("Log out"),
		_("Actions not sent yet: {0}. If you log out, they are deleted from this phone."),
		_("Log out of the technician app on this phone?"),
		_("Cancel"),
		_("Head office"),
		_("Agency portal"),
		_("Technician app"),
		_("SMS"),
		_("System"),
		_("Waiting to be sent"),
		_("Sending..."),
		_("Sent"),
		_("Already sent by SMS"),
		_("Not applied"),
		_("Refused"),
		_("Status: {0}"),
		_("The job changed before this action reached the server, so it was not applied."),
		_("The server refused this action."),
		_("Edit and send again"),
		_("Open the job"),
		_("Tapped at {0}"),
		_("Understood"),
		_("This job is not on the phone. Refresh the list when you are online."),
		_("Call mobile"),
		_("Call landline"),
		_("This job is no longer in your list: it was closed or handed to someone else."),
		_("Tracking code"),
		_("Open in maps"),
		_("Received {0}"),
		_("Devices"),
		_("No devices."),
		_("Work reports"),
		_("New work report"),
		_("History"),
		_("Move this job to {0}?"),
		_("Yes, move it"),
		_("Change status"),
		_("Now"),
		_("(on the phone, not sent yet)"),
		_("Note (optional)"),
		_("The phone does not know which statuses may follow this one; the server checks when it is sent."),
		_("No status can follow this one."),
		_("Serial"),
		_("Declared defects"),
		_("No work report yet."),
		_("on the phone {0}"),
		_("No history yet."),
		_("The history is shown once the phone has synced this job."),
		_("SMS app opened; the app will still send this when online."),
		_("tries: {0}"),
		_(
			"No internet? Send a status change as an SMS: your SMS app opens with the message ready, you press send. The app still sends the change when it is online again, and the server ignores the repeat."
		),
		_("Your company has no SMS number for status changes."),
		_("The server already had this change from your SMS."),
		_("Send now"),
		_("Nothing waits: everything was sent."),
		_("Problems"),
		_("No problems."),
		_("Device"),
		_("Services"),
		_("Add service"),
		_("Parts"),
		_("Add part"),
		_("Photos"),
		_("Photo of the serial plate"),
		_("Photo of the work"),
		_("Notes"),
		_("Amount the customer paid"),
		_("Customer's acknowledgement"),
		_("The customer confirms the work was done"),
		_("Customer's name"),
		_("Send work report"),
		_("Without a connection the report and its photos wait on the phone and are sent later."),
		_("Under Warranty"),
		_("Not Covered"),
		_("Unknown"),
		_("Draft"),
		_("Pending"),
		_("Approved"),
		_("Rejected"),
		_("Cancelled"),
		_("Submitted"),
	)
