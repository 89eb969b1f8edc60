// ژیرا - تکنسین: the technician app at /tech (zhira_after_sales/www/tech/index.html).
// One page, hash routes (#/, #/job/<name>, #/job/<name>/report, #/outbox), everything it shows
// kept in IndexedDB (store.js) so it opens without a connection; actions go through the outbox
// (queue.js) and reach the server in order, once each.

import * as store from "./store.js";
import * as api from "./api.js";
import * as queue from "./queue.js";
import * as dates from "./dates.js";
import { resize } from "./photos.js";

const CONFIG = JSON.parse(document.getElementById("zt-config").textContent);
const POLL_MS = 60 * 1000; // the job list, while the app is visible and online
const RETRY_MS = 30 * 1000; // the outbox, while something waits
const SMS_AFTER_MS = 10 * 60 * 1000; // offline this long with waiting status changes: offer SMS
const ME_MAX_AGE_MS = 60 * 60 * 1000;
const CLOSED = ["Completed", "Cancelled"];

const S = {
	lang: "fa",
	auth: null,
	me: null,
	meAt: 0,
	jobs: [],
	details: {},
	queue: [],
	transitions: {},
	syncedAt: null,
	seen: null, // names of jobs the phone has shown; null until the first sync
	fresh: [], // new jobs not opened yet
	newNotice: [], // new jobs announced by the last sync, until dismissed
	net: navigator.onLine ? "online" : "offline",
	offlineSince: navigator.onLine ? null : Date.now(),
	busy: false,
	syncing: null,
	authExpired: false,
	notice: null, // {text, kind} shown once on the next screen
	confirm: null, // {job, status} the status button tapped, waiting for "Move"
	notes: {}, // a job's note as typed, kept across renders
	report: null, // the work report form's photos {field: {blob, width, height, url}}
	reportFrom: null, // a refused work report opened again: its queue seq
	logoutAsked: false,
	showLogin: false, // the login form over the cached jobs (the token expired)
	realtime: null, // socket.io: connecting, connected, disconnected, error, unavailable
};

// --- language --------------------------------------------------------------------------------

function pickLang(value) {
	if (!value) return null;
	const text = String(value).toLowerCase();
	if (text.startsWith("fa")) return "fa";
	if (text.startsWith("en")) return "en";
	return null;
}

function browserLang() {
	for (const lang of navigator.languages || [navigator.language]) {
		const picked = pickLang(lang);
		if (picked) return picked;
	}
	return "fa";
}

function setLang(lang) {
	S.lang = lang === "en" ? "en" : "fa";
	document.documentElement.lang = S.lang;
	document.documentElement.dir = S.lang === "fa" ? "rtl" : "ltr";
}

/** A UI string in the user's language; {0}, {1} filled with `args`. */
function t(text, ...args) {
	let out = (S.lang === "fa" && CONFIG.messages[text]) || text;
	args.forEach((arg, index) => {
		out = out.split(`{${index}}`).join(arg);
	});
	return out;
}

const n = (value) => dates.digits(value, S.lang);

// --- small helpers ---------------------------------------------------------------------------

function esc(value) {
	return String(value == null ? "" : value)
		.replace(/&/g, "&amp;")
		.replace(/</g, "&lt;")
		.replace(/>/g, "&gt;")
		.replace(/"/g, "&quot;")
		.replace(/'/g, "&#39;");
}

const attr = esc;
const $ = (selector, root = document) => root.querySelector(selector);

function nationalPhone(number) {
	const text = String(number || "").replace(/\s+/g, "");
	return text.startsWith("+98") ? "0" + text.slice(3) : text;
}

function safeColor(color) {
	return /^#[0-9a-f]{3,8}$/i.test(color || "") ? color : "#6c757d";
}

function isAndroid() {
	return /Android/i.test(navigator.userAgent);
}

function mapUrl(job) {
	const place = [job.address, job.city].filter(Boolean).join("، ");
	if (!place) return "";
	return isAndroid()
		? `geo:0,0?q=${encodeURIComponent(place)}`
		: `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(place)}`;
}

function kb(bytes) {
	return n(Math.max(1, Math.round(bytes / 1024)));
}

function when(value) {
	return value ? dates.jalaliDateTime(value, S.lang) : "";
}

function isClosed(job) {
	return CLOSED.includes(job.category);
}

// --- data: what the phone knows ----------------------------------------------------------------

function statusInfo(name) {
	const list = (S.me && S.me.statuses) || [];
	return list.find((s) => s.name === name) || null;
}

// A status by its name, as the desk and the agency portal show it (the API's `label` is the
// customer's wording: "نمایندگی درخواست را پذیرفت" for پذیرفته شده).
function statusLabel(name) {
	return name || "";
}

const openItems = () => S.queue.filter((item) => queue.OPEN.includes(item.state));
const problems = () =>
	S.queue.filter((item) => queue.PROBLEMS.includes(item.state) && !item.acknowledged_at);

function jobItems(name) {
	return S.queue.filter((item) => item.job === name);
}

/** A job as the phone shows it: the server's data with the phone's waiting status changes on top. */
function jobView(name) {
	const listed = S.jobs.find((job) => job.name === name);
	const detail = S.details[name];
	if (!listed && !detail) return null;
	const base =
		listed && detail && listed.modified !== detail.modified
			? { ...detail, ...listed }
			: { ...(detail || {}), ...(listed || {}) };
	const waiting = jobItems(name).filter(
		(item) => item.kind === "status" && queue.OPEN.includes(item.state),
	);
	const view = { ...base, serverStatus: base.status, pending: waiting.length, listed: !!listed };
	if (waiting.length) {
		const last = waiting[waiting.length - 1];
		const info = statusInfo(last.status);
		view.status = last.status;
		view.status_color = (info && info.color) || base.status_color;
		view.category = (info && info.category) || base.category;
	}
	return view;
}

/** The statuses a job may move to from `status`, or null when the phone does not know them. */
function allowedNext(view) {
	const detail = S.details[view.name];
	if (!view.pending && detail && detail.status === view.status && detail.allowed_next) {
		return detail.allowed_next;
	}
	if (S.transitions[view.status]) return S.transitions[view.status];
	const info = statusInfo(view.status);
	if (info && Array.isArray(info.allowed_next)) {
		return info.allowed_next.map((name) => statusInfo(name) || { name, label: name });
	}
	return null;
}

async function learnTransitions(status, allowed) {
	if (!status || !Array.isArray(allowed)) return;
	S.transitions[status] = allowed;
	await store.kv.set("transitions", S.transitions);
}

async function loadLocal() {
	S.auth = (await store.kv.get("auth")) || null;
	api.setToken(S.auth);
	S.me = (await store.kv.get("me")) || null;
	S.meAt = (await store.kv.get("me_at")) || 0;
	S.syncedAt = (await store.kv.get("synced_at")) || null;
	S.transitions = (await store.kv.get("transitions")) || {};
	S.seen = (await store.kv.get("seen")) || null;
	S.fresh = (await store.kv.get("fresh")) || [];
	S.jobs = await store.all("jobs");
	S.details = Object.fromEntries((await store.all("details")).map((d) => [d.name, d]));
	S.queue = await queue.items();
	if (!navigator.onLine) {
		S.offlineSince = (await store.kv.get("offline_since")) || Date.now();
		await store.kv.set("offline_since", S.offlineSince);
	}
	setLang(
		(await store.kv.get("lang")) ||
			pickLang(S.me && S.me.language) ||
			pickLang(CONFIG.user_language) ||
			browserLang(),
	);
}

async function reloadQueue() {
	S.queue = await queue.items();
}

// --- talking to the server ---------------------------------------------------------------------

function wentOffline() {
	if (S.net !== "offline") {
		S.net = "offline";
		S.offlineSince = S.offlineSince || Date.now();
		// kept: the app closed and opened again while offline is still offline since then
		store.kv.set("offline_since", S.offlineSince);
	}
}

function cameOnline() {
	// an answer that left before the connection dropped is no proof of being online now
	if (!navigator.onLine) return;
	S.net = "online";
	if (S.offlineSince) store.kv.delete("offline_since");
	S.offlineSince = null;
}

function authExpired() {
	S.authExpired = true;
	disconnectRealtime();
	render();
}

async function loadMe() {
	const me = await api.call("me");
	S.me = me;
	S.meAt = Date.now();
	await store.kv.set("me", me);
	await store.kv.set("me_at", S.meAt);
	const lang = pickLang(me.language);
	if (lang && lang !== S.lang) {
		setLang(lang);
		await store.kv.set("lang", lang);
	}
}

async function loadJobs() {
	const answer = await api.call("jobs");
	const jobs = (answer && answer.jobs) || [];
	const names = jobs.map((job) => job.name);
	if (S.seen) {
		const known = new Set(S.seen);
		const added = jobs.filter((job) => !known.has(job.name) && !isClosed(job));
		if (added.length) {
			S.newNotice = [...S.newNotice, ...added.map((job) => job.name)];
			S.fresh = [...new Set([...S.fresh, ...added.map((job) => job.name)])];
			if (navigator.vibrate) navigator.vibrate(200);
		}
	}
	S.seen = [...new Set([...(S.seen || []), ...names])];
	S.fresh = S.fresh.filter((name) => names.includes(name));
	S.jobs = jobs;
	S.syncedAt = new Date().toISOString();
	await store.replaceJobs(jobs);
	await store.kv.set("seen", S.seen);
	await store.kv.set("fresh", S.fresh);
	await store.kv.set("synced_at", S.syncedAt);
	cameOnline();
}

async function loadDetail(name) {
	const detail = await api.call("job", { params: { name } });
	if (!detail || !detail.name) return null;
	S.details[detail.name] = detail;
	await store.put("details", detail);
	await learnTransitions(detail.status, detail.allowed_next);
	return detail;
}

/** Details of the open jobs the phone has not got as they are now (for offline use). */
async function loadDetails() {
	for (const job of S.jobs) {
		const detail = S.details[job.name];
		const waiting = jobItems(job.name).some((item) => queue.OPEN.includes(item.state));
		if (detail && detail.modified === job.modified) continue;
		if (isClosed(job) && !waiting) continue;
		try {
			await loadDetail(job.name);
		} catch (error) {
			// gone from the technician meanwhile (404): the next list will not have it
			if (!(error instanceof api.RequestError)) throw error;
		}
	}
}

function handleError(error) {
	if (api.retryable(error)) wentOffline();
	else if (error instanceof api.AuthError) authExpired();
	else if (error instanceof api.RequestError) {
		const current = route();
		S.notice = {
			text: error.message,
			kind: "error",
			at: `${current.name}:${current.job || ""}`,
		};
	} else console.error(error); // eslint-disable-line no-console
}

async function onItemChange(item, error) {
	if (!item) return;
	if (error && api.retryable(error)) wentOffline();
	const index = S.queue.findIndex((q) => q.seq === item.seq);
	if (index >= 0) S.queue[index] = item;
	// "being sent" / "saved on the phone" said of this action: its outcome now shows instead
	if (S.notice && S.notice.seq === item.seq && !queue.OPEN.includes(item.state)) S.notice = null;
	// a work report reached the server: the job's invoices as the server has them now
	if (item.kind === "invoice" && item.state === "applied") refreshJob(item.job);
	if (item.kind === "status" && item.server_job && item.server_job.status) {
		cameOnline();
		const server = item.server_job;
		await learnTransitions(server.status, server.allowed_next);
		const job = S.jobs.find((j) => j.name === item.job);
		if (job && job.status !== server.status) {
			job.status = server.status;
			const info = statusInfo(server.status);
			if (info) {
				job.status_color = info.color;
				job.category = info.category;
			}
			await store.put("jobs", job);
		}
	}
	render();
}

/** Send the outbox now (one sender at a time). */
async function flushNow() {
	if (!S.auth || S.authExpired) return { sent: 0, stopped: null };
	const outcome = await queue.flush(onItemChange);
	if (outcome.stopped === "network") wentOffline();
	if (outcome.stopped === "auth") authExpired();
	if (outcome.sent) cameOnline();
	await reloadQueue();
	render();
	return outcome;
}

/** Outbox first (so the list shows what was done), then me, the jobs and their details. */
function sync() {
	if (!S.auth || S.authExpired) return Promise.resolve();
	if (S.syncing) return S.syncing;
	S.busy = true;
	renderChrome();
	S.syncing = (async () => {
		try {
			const outcome = await flushNow();
			if (outcome.stopped) return;
			if (!S.me || Date.now() - S.meAt > ME_MAX_AGE_MS) await loadMe();
			await loadJobs();
			await loadDetails();
			await queue.prune();
			await reloadQueue();
		} catch (error) {
			handleError(error);
		} finally {
			S.busy = false;
			S.syncing = null;
			render();
		}
	})();
	return S.syncing;
}

// --- actions -----------------------------------------------------------------------------------

async function logIn(form) {
	const usr = form.usr.value.trim();
	const pwd = form.pwd.value;
	const button = form.querySelector("button[type=submit]");
	button.disabled = true;
	showFormError(form, "");
	try {
		const answer = await api.call("login", { json: { usr, pwd }, auth: false });
		const previous = await store.kv.get("auth");
		if (previous && previous.user !== answer.user) {
			// another technician on this phone: nothing of the last one is kept
			await store.clearAll();
			await loadLocal();
		}
		S.auth = {
			api_key: answer.api_key,
			api_secret: answer.api_secret,
			user: answer.user,
			technician: answer.technician,
			full_name: answer.full_name,
		};
		await store.kv.set("auth", S.auth);
		api.setToken(S.auth);
		S.authExpired = false;
		S.showLogin = false;
		S.meAt = 0;
		cameOnline();
		if (location.hash && location.hash !== "#/") location.hash = "#/";
		render();
		disconnectRealtime(); // a new token: a new handshake
		connectRealtime();
		await sync();
	} catch (error) {
		if (api.retryable(error)) {
			showFormError(form, t("No connection to the server. Log in once you are online."));
		} else {
			showFormError(form, error.message || t("Login failed."));
		}
	} finally {
		button.disabled = false;
	}
}

function showFormError(form, text) {
	const box = $(".zt-form-error", form);
	if (!box) return;
	box.textContent = text;
	box.hidden = !text;
}

async function logOut() {
	disconnectRealtime();
	await store.clearAll();
	api.setToken(null);
	S.auth = null;
	S.me = null;
	S.jobs = [];
	S.details = {};
	S.queue = [];
	S.transitions = {};
	S.syncedAt = null;
	S.seen = null;
	S.fresh = [];
	S.newNotice = [];
	S.logoutAsked = false;
	S.authExpired = false;
	location.hash = "#/";
	render();
}

async function changeStatus(name, status) {
	const view = jobView(name);
	if (!view) return;
	const entry = (allowedNext(view) || []).find((s) => s.name === status) || statusInfo(status);
	const info = statusInfo(status);
	await queue.addStatus({
		job: name,
		tracking_code: view.tracking_code,
		user: S.auth.user,
		status,
		label: statusLabel(status),
		sms_code: (entry && entry.sms_code) || (info && info.sms_code) || "",
		note: (S.notes[name] || "").trim(),
		expected: view.status,
	});
	S.notes[name] = "";
	S.confirm = null;
	await reloadQueue();
	render();
	if (navigator.onLine) flushNow().then(() => refreshJob(name));
}

async function refreshJob(name) {
	if (!S.auth || S.authExpired) return;
	try {
		await loadDetail(name);
		cameOnline();
	} catch (error) {
		// a job no longer theirs is "not found": the page already says it left their list
		if (!(error instanceof api.RequestError && error.status === 404)) handleError(error);
	}
	render();
}

async function acknowledge(seq) {
	await queue.acknowledge(Number(seq));
	await reloadQueue();
	render();
}

async function markSmsSent(seq) {
	await queue.update(Number(seq), { sms_sent_at: Date.now() });
	await reloadQueue();
	// the SMS app opens from the link itself; the list shows it as sent by SMS
	setTimeout(render, 300);
}

// --- work report -------------------------------------------------------------------------------

function serviceTypes(view) {
	const names = new Set(((S.me && S.me.service_types) || []).map((s) => s.name || s));
	for (const job of [...S.jobs, view]) {
		for (const device of (job && job.devices) || []) {
			if (device.service_type) names.add(device.service_type);
		}
	}
	return [...names];
}

function stockParts(view) {
	const detail = S.details[view.name] || {};
	return (
		detail.parts ||
		detail.consignment_stock ||
		(S.me && (S.me.parts || S.me.consignment_stock)) ||
		[]
	);
}

function serviceRow(types, value = {}) {
	const options = types
		.map(
			(type) =>
				`<option value="${attr(type)}"${type === value.service_type ? " selected" : ""}>${esc(type)}</option>`,
		)
		.join("");
	return `<div class="zt-row-item zt-service">
		<select class="zt-service-type" aria-label="${attr(t("Service type"))}">${options}</select>
		<input class="zt-service-description" type="text" value="${attr(value.description || "")}"
			placeholder="${attr(t("What was done"))}" aria-label="${attr(t("What was done"))}">
		<button type="button" class="zt-icon-btn" data-action="remove-row" aria-label="${attr(t("Remove"))}">×</button>
	</div>`;
}

function partRow(value = {}, coverage = "Paid") {
	const chosen = value.coverage || coverage;
	return `<div class="zt-row-item zt-part">
		<input class="zt-part-item" type="text" list="zt-stock" value="${attr(value.item || "")}"
			placeholder="${attr(t("Part code"))}" aria-label="${attr(t("Part code"))}" autocomplete="off">
		<input class="zt-part-qty" type="number" inputmode="decimal" min="0" step="any"
			value="${attr(value.qty || 1)}" aria-label="${attr(t("Quantity"))}">
		<select class="zt-part-coverage" aria-label="${attr(t("Coverage"))}">
			<option value="Warranty"${chosen === "Warranty" ? " selected" : ""}>${esc(t("Warranty"))}</option>
			<option value="Paid"${chosen === "Paid" ? " selected" : ""}>${esc(t("Paid"))}</option>
		</select>
		<button type="button" class="zt-icon-btn" data-action="remove-row" aria-label="${attr(t("Remove"))}">×</button>
	</div>`;
}

function readReport(form) {
	const services = [...form.querySelectorAll(".zt-service")]
		.map((row) => ({
			service_type: $(".zt-service-type", row).value,
			description: $(".zt-service-description", row).value.trim(),
		}))
		.filter((row) => row.service_type);
	const parts = [...form.querySelectorAll(".zt-part")]
		.map((row) => ({
			item: $(".zt-part-item", row).value.trim(),
			qty: parseFloat(toLatin($(".zt-part-qty", row).value)) || 0,
			coverage: $(".zt-part-coverage", row).value,
		}))
		.filter((row) => row.item);
	return {
		customer_device: form.customer_device.value,
		services,
		parts,
		notes: form.notes.value.trim(),
		customer_acknowledgement: form.customer_acknowledgement.checked ? 1 : 0,
		acknowledged_by_name: form.acknowledged_by_name.value.trim(),
		customer_paid_amount: parseFloat(toLatin(form.customer_paid_amount.value)) || 0,
	};
}

function toLatin(text) {
	return String(text || "")
		.replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d)))
		.replace(/[٠-٩]/g, (d) => String("٠١٢٣٤٥٦٧٨٩".indexOf(d)))
		.replace(/[,،٬]/g, "");
}

function reportProblem(fields) {
	if (!fields.customer_device) return t("Choose the device.");
	if (!fields.services.length) return t("Add at least one service.");
	if (fields.parts.some((part) => !(part.qty > 0)))
		return t("A part's quantity must be more than zero.");
	if (fields.customer_acknowledgement && fields.acknowledged_by_name.length < 2) {
		return t("Write the name of the customer who confirms the work.");
	}
	return "";
}

async function submitReport(form, name) {
	const fields = readReport(form);
	const problem = reportProblem(fields);
	showFormError(form, problem);
	if (problem) return;
	const view = jobView(name);
	const photos = {};
	for (const [field, photo] of Object.entries(S.report || {})) photos[field] = photo.blob;
	const queued = await queue.addInvoice({
		job: name,
		tracking_code: view && view.tracking_code,
		user: S.auth.user,
		fields,
		photos,
	});
	if (S.reportFrom) await queue.acknowledge(S.reportFrom);
	S.reportFrom = null;
	S.report = null;
	await reloadQueue();
	S.notice = {
		text: navigator.onLine
			? t("The work report is being sent.")
			: t("The work report is saved on the phone and will be sent when you are online."),
		kind: "ok",
		at: `job:${name}`,
		seq: queued.seq,
	};
	location.hash = `#/job/${encodeURIComponent(name)}`;
	if (navigator.onLine) flushNow().then(() => refreshJob(name));
}

async function takePhoto(input) {
	const file = input.files && input.files[0];
	const field = input.dataset.field;
	const box = $(`[data-photo="${field}"]`);
	if (!file || !box) return;
	box.textContent = t("Preparing the photo...");
	try {
		const photo = await resize(file);
		photo.url = URL.createObjectURL(photo.blob);
		S.report = S.report || {};
		if (S.report[field]) URL.revokeObjectURL(S.report[field].url);
		S.report[field] = photo;
		box.innerHTML = photoPreview(photo);
	} catch (error) {
		box.textContent = t("The photo could not be read.");
	}
}

function photoPreview(photo) {
	const size = photo.width ? `${n(photo.width)}×${n(photo.height)} · ` : "";
	return `<img src="${attr(photo.url)}" alt=""><span class="zt-muted">${size}${esc(t("{0} KB", kb(photo.blob.size)))}</span>`;
}

// --- rendering ---------------------------------------------------------------------------------

function route() {
	const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
	const parts = hash.split("/");
	if (parts[0] === "job" && parts[1]) {
		return { name: parts[2] === "report" ? "report" : "job", job: parts[1] };
	}
	if (parts[0] === "outbox") return { name: "outbox" };
	return { name: "jobs" };
}

let renderedKey = null;

function render() {
	const app = $("#zt-app");
	if (!app) return;
	if (!S.auth || S.showLogin) {
		renderedKey = "login";
		app.innerHTML = loginView();
		return;
	}
	if (!$("#zt-view", app)) {
		app.innerHTML = `<header id="zt-header" class="zt-bar"></header>
			<div id="zt-banners"></div>
			<main id="zt-view" class="zt-main"></main>`;
		renderedKey = null;
	}
	renderChrome();
	const current = route();
	const key = `${current.name}:${current.job || ""}`;
	// the work report form is drawn once: background syncs must not wipe what is typed
	if (current.name === "report" && renderedKey === key) return;
	const view = $("#zt-view");
	const focused = document.activeElement;
	const focusId = focused && view.contains(focused) && focused.id;
	const caret = focusId && typeof focused.selectionStart === "number" && focused.selectionStart;
	const scroll = renderedKey === key ? window.scrollY : 0;
	view.innerHTML = viewHtml(current);
	if (renderedKey !== key) window.scrollTo(0, 0);
	else window.scrollTo(0, scroll);
	renderedKey = key;
	if (current.name === "report") bindReport(current.job);
	if (focusId) {
		const again = document.getElementById(focusId);
		if (again) {
			again.focus();
			if (typeof caret === "number" && again.setSelectionRange) {
				again.setSelectionRange(caret, caret);
			}
		}
	}
}

function renderChrome() {
	const header = $("#zt-header");
	if (!header) return;
	const current = route();
	const title = {
		jobs: t("My jobs"),
		job: t("Job"),
		report: t("Work report"),
		outbox: t("Outbox"),
	}[current.name];
	const waiting = openItems().length;
	const back =
		current.name === "jobs"
			? ""
			: `<a class="zt-back" href="${current.name === "report" ? `#/job/${encodeURIComponent(current.job)}` : "#/"}" aria-label="${attr(t("Back"))}">${S.lang === "fa" ? "→" : "←"}</a>`;
	header.innerHTML = `${back}
		<h1 class="zt-title">${esc(title)}</h1>
		<span class="zt-net ${S.net}" id="zt-net" data-state="${S.net}">${esc(S.net === "online" ? t("Online") : t("Offline"))}</span>
		<a class="zt-outbox-chip${waiting ? " waiting" : ""}" id="zt-outbox-chip" href="#/outbox" data-count="${waiting}"
			aria-label="${attr(t("Outbox"))}">${waiting ? esc(t("{0} pending", n(waiting))) : "✓"}</a>
		<button type="button" class="zt-icon-btn zt-sync${S.busy ? " spinning" : ""}" id="zt-sync" data-action="sync"
			aria-label="${attr(t("Refresh"))}" title="${attr(t("Refresh"))}">↻</button>`;
	$("#zt-banners").innerHTML = bannersHtml(current);
}

function bannersHtml(current) {
	const out = [];
	if (S.authExpired) {
		out.push(`<div class="zt-banner error" id="zt-auth-expired">${esc(t("Your login has expired. Log in again to send what waits on this phone."))}
			<button type="button" class="zt-link-btn" data-action="relogin">${esc(t("Log in"))}</button></div>`);
	}
	if (S.net === "offline") {
		out.push(
			`<div class="zt-banner offline" id="zt-offline">${esc(t("No connection. What you do is kept on the phone and sent when the connection returns."))}</div>`,
		);
	}
	const waitingSms = smsCandidates();
	if (
		S.net === "offline" &&
		waitingSms.length &&
		S.offlineSince &&
		Date.now() - S.offlineSince > SMS_AFTER_MS &&
		current.name !== "outbox"
	) {
		out.push(`<div class="zt-banner warn" id="zt-sms-offer">${esc(t("Still offline? You can send the status changes by SMS."))}
			<a class="zt-link-btn" href="#/outbox">${esc(t("Send by SMS"))}</a></div>`);
	}
	if (S.newNotice.length) {
		const names = S.newNotice
			.map((name) => S.jobs.find((job) => job.name === name))
			.filter(Boolean)
			.map((job) => job.customer_name);
		const text =
			names.length === 1
				? t("New job: {0}", names[0])
				: t("New jobs: {0}", n(S.newNotice.length));
		out.push(`<div class="zt-banner new" id="zt-new-jobs" role="status">${esc(text)}
			<button type="button" class="zt-link-btn" data-action="dismiss-new">${esc(t("OK"))}</button></div>`);
	}
	const list = problems();
	if (list.length && current.name !== "outbox") {
		out.push(`<div class="zt-banner error" id="zt-problems-banner">${esc(t("Actions not applied: {0}", n(list.length)))}
			<a class="zt-link-btn" href="#/outbox">${esc(t("See why"))}</a></div>`);
	}
	if (S.notice) {
		out.push(`<div class="zt-banner ${S.notice.kind === "error" ? "error" : "ok"}" id="zt-notice" role="status">${esc(S.notice.text)}
			<button type="button" class="zt-link-btn" data-action="dismiss-notice">${esc(t("OK"))}</button></div>`);
	}
	return out.join("");
}

function viewHtml(current) {
	if (current.name === "job") return jobHtml(current.job);
	if (current.name === "report") return reportHtml(current.job);
	if (current.name === "outbox") return outboxHtml();
	return jobsHtml();
}

function loginView() {
	const expired = S.authExpired || S.showLogin;
	return `<main class="zt-main zt-login" id="zt-login">
		<img class="zt-logo" src="${attr(CONFIG.assets)}icon-192.png" alt="" width="96" height="96">
		<h1>${esc(t("Zhira - Technician"))}</h1>
		<p class="zt-muted">${esc(t("Log in with the user name and password your agency gave you."))}</p>
		<form id="zt-login-form" class="zt-card" autocomplete="on">
			<div class="zt-form-error zt-banner error" role="alert" hidden></div>
			<label for="zt-usr">${esc(t("User name, email or mobile"))}</label>
			<input id="zt-usr" name="usr" type="text" autocomplete="username" dir="ltr" required
				value="${attr(expired && S.auth ? S.auth.user : "")}">
			<label for="zt-pwd">${esc(t("Password"))}</label>
			<input id="zt-pwd" name="pwd" type="password" autocomplete="current-password" dir="ltr" required>
			<button type="submit" class="zt-btn primary zt-wide" id="zt-login-button">${esc(t("Log in"))}</button>
		</form>
		${S.auth ? `<button type="button" class="zt-link-btn" data-action="login-cancel">${esc(t("Back to my jobs"))}</button>` : ""}
	</main>`;
}

function statusPill(view) {
	const color = safeColor(view.status_color || (statusInfo(view.status) || {}).color);
	const mark = view.pending
		? `<span class="zt-pending-mark" title="${attr(t("Not sent yet"))}">${esc(t("pending"))}</span>`
		: "";
	return `<span class="zt-pill" style="background:${color}" data-status="${attr(view.status)}">${esc(statusLabel(view.status))}</span>${mark}`;
}

function jobCard(job) {
	const view = jobView(job.name);
	const devices = (job.devices || [])
		.map((device) => device.item_name || device.item)
		.filter(Boolean)
		.join("، ");
	const trouble = jobItems(job.name).some(
		(item) => queue.PROBLEMS.includes(item.state) && !item.acknowledged_at,
	);
	const isNew = S.fresh.includes(job.name);
	const call = job.mobile_no
		? `<a class="zt-btn zt-call" href="tel:${attr(job.mobile_no)}">${esc(t("Call"))}</a>`
		: "";
	return `<article class="zt-card zt-job${view.pending ? " is-pending" : ""}" data-job="${attr(job.name)}" data-status="${attr(view.status)}">
		<a class="zt-job-link" href="#/job/${encodeURIComponent(job.name)}">
			<div class="zt-spread">
				<strong class="zt-customer" dir="auto">${esc(job.customer_name)}</strong>
				<span class="zt-status">${statusPill(view)}</span>
			</div>
			<div class="zt-muted">
				${isNew ? `<span class="zt-new-mark">${esc(t("New"))}</span>` : ""}
				${trouble ? `<span class="zt-problem-mark">${esc(t("Problem"))}</span>` : ""}
				<span class="zt-ltr">${n(job.tracking_code)}</span>${job.city ? ` · ${esc(job.city)}` : ""}
			</div>
			${devices ? `<div class="zt-devices-line">${esc(devices)}</div>` : ""}
			<div class="zt-muted">${esc(t("Referred {0}", when(job.referred_on || job.received_on)))}</div>
		</a>
		${call ? `<div class="zt-card-actions">${call}</div>` : ""}
	</article>`;
}

function jobsHtml() {
	const today = dates.dayKey(new Date());
	const planned = (job) => job.scheduled_on || job.visit_date || null;
	const views = S.jobs.map((job) => ({ job, view: jobView(job.name) }));
	const open = views.filter(({ view }) => !isClosed(view));
	const closed = views.filter(({ view }) => isClosed(view));
	const todays = open.filter(({ job }) => !planned(job) || dates.dayKey(planned(job)) <= today);
	const upcoming = open.filter(({ job }) => planned(job) && dates.dayKey(planned(job)) > today);
	const section = (id, title, list, empty) =>
		`<section class="zt-section" id="${id}">
			<h2>${esc(title)} <span class="zt-count">${n(list.length)}</span></h2>
			${
				list.length
					? list.map(({ job }) => jobCard(job)).join("")
					: `<p class="zt-empty">${esc(empty)}</p>`
			}
		</section>`;
	const synced = S.syncedAt
		? t("Last synced at {0}", when(new Date(S.syncedAt)))
		: t("Not synced yet.");
	return `<p class="zt-synced zt-muted" id="zt-synced">${esc(synced)}</p>
		${section("zt-today", t("Today"), todays, S.syncedAt ? t("No open jobs. New referrals appear here.") : t("Connect to the internet to get your jobs."))}
		${upcoming.length ? section("zt-upcoming", t("Upcoming"), upcoming, "") : ""}
		${closed.length ? section("zt-closed", t("Closed in the last 7 days"), closed, "") : ""}
		<footer class="zt-footer zt-muted">
			<span>${esc(S.auth.full_name || S.auth.user)}${S.me && S.me.agency_name ? ` · ${esc(S.me.agency_name)}` : ""}</span>
			${logoutHtml()}
		</footer>`;
}

function logoutHtml() {
	if (!S.logoutAsked) {
		return `<button type="button" class="zt-link-btn" data-action="logout" id="zt-logout">${esc(t("Log out"))}</button>`;
	}
	const waiting = openItems().length;
	return `<div class="zt-card zt-confirm" id="zt-logout-confirm">
		<p>${esc(waiting ? t("Actions not sent yet: {0}. If you log out, they are deleted from this phone.", n(waiting)) : t("Log out of the technician app on this phone?"))}</p>
		<div class="zt-actions">
			<button type="button" class="zt-btn danger" data-action="logout-confirm">${esc(t("Log out"))}</button>
			<button type="button" class="zt-btn" data-action="logout-cancel">${esc(t("Cancel"))}</button>
		</div>
	</div>`;
}

function warrantyPill(device) {
	const state = device.warranty_status || "Unknown";
	const kind = state === "Under Warranty" ? "green" : state === "Not Covered" ? "red" : "gray";
	return `<span class="zt-pill ${kind}" data-warranty="${attr(state)}">${esc(t(state))}</span>`;
}

function sourceLabel(source) {
	return (
		{
			desk: t("Head office"),
			portal: t("Agency portal"),
			app: t("Technician app"),
			sms: t("SMS"),
			system: t("System"),
		}[source] ||
		source ||
		""
	);
}

function itemStateHtml(item) {
	const labels = {
		pending: t("Waiting to be sent"),
		sending: t("Sending..."),
		applied: t("Sent"),
		sms: t("Already sent by SMS"),
		conflict: t("Not applied"),
		error: t("Refused"),
	};
	return `<span class="zt-state ${item.state}" data-state="${item.state}">${esc(labels[item.state] || item.state)}</span>`;
}

function itemTitle(item) {
	if (item.kind === "status") return t("Status: {0}", statusLabel(item.status));
	return t("Work report");
}

function problemHtml(item) {
	const why =
		item.state === "conflict"
			? t("The job changed before this action reached the server, so it was not applied.")
			: t("The server refused this action.");
	const again =
		item.kind === "invoice"
			? `<button type="button" class="zt-btn" data-action="report-again" data-seq="${item.seq}">${esc(t("Edit and send again"))}</button>`
			: "";
	const onJob = route().job === item.job;
	const open = onJob
		? ""
		: `<a class="zt-btn" href="#/job/${encodeURIComponent(item.job)}">${esc(t("Open the job"))}</a>`;
	return `<div class="zt-card zt-problem" data-seq="${item.seq}" data-client-id="${attr(item.client_id)}" data-state="${item.state}">
		<div class="zt-spread"><strong>${esc(itemTitle(item))}</strong>${itemStateHtml(item)}</div>
		<div class="zt-muted">${esc(t("Tapped at {0}", when(item.client_time)))}${item.tracking_code ? ` · <span class="zt-ltr">${n(item.tracking_code)}</span>` : ""}</div>
		<p>${esc(why)}</p>
		${item.message ? `<p class="zt-server-message" dir="auto">${esc(item.message)}</p>` : ""}
		<div class="zt-actions">
			${open}${again}
			<button type="button" class="zt-btn" data-action="acknowledge" data-seq="${item.seq}">${esc(t("Understood"))}</button>
		</div>
	</div>`;
}

function jobHtml(name) {
	const view = jobView(name);
	if (!view) {
		return `<p class="zt-empty" id="zt-no-job">${esc(t("This job is not on the phone. Refresh the list when you are online."))}</p>`;
	}
	const detail = S.details[name];
	const items = jobItems(name);
	const address = [view.address, view.city].filter(Boolean).join("، ");
	const map = mapUrl(view);
	const calls = [
		view.mobile_no
			? `<a class="zt-btn primary" id="zt-call-mobile" href="tel:${attr(view.mobile_no)}">${esc(t("Call mobile"))} <span class="zt-ltr">${n(nationalPhone(view.mobile_no))}</span></a>`
			: "",
		view.phone_no
			? `<a class="zt-btn" id="zt-call-phone" href="tel:${attr(view.phone_no)}">${esc(t("Call landline"))} <span class="zt-ltr">${n(nationalPhone(view.phone_no))}</span></a>`
			: "",
	].join("");
	const jobProblems = items.filter(
		(item) => queue.PROBLEMS.includes(item.state) && !item.acknowledged_at,
	);
	const notListed = !view.listed
		? `<div class="zt-banner warn" id="zt-not-listed">${esc(t("This job is no longer in your list: it was closed or handed to someone else."))}</div>`
		: "";
	return `${notListed}
	<section class="zt-card" id="zt-customer">
		<div class="zt-spread">
			<h2 class="zt-customer" dir="auto">${esc(view.customer_name)}</h2>
			<span class="zt-status" id="zt-job-status">${statusPill(view)}</span>
		</div>
		<div class="zt-muted">${esc(t("Tracking code"))} <span class="zt-ltr" id="zt-tracking">${n(view.tracking_code)}</span></div>
		${calls ? `<div class="zt-actions">${calls}</div>` : ""}
		${address ? `<p class="zt-address" id="zt-address" dir="auto">${esc(address)}</p>` : ""}
		${map ? `<a class="zt-btn zt-wide" id="zt-map" href="${attr(map)}" target="_blank" rel="noopener">${esc(t("Open in maps"))}</a>` : ""}
		<div class="zt-muted">${esc(t("Received {0}", when(view.received_on)))}${view.referred_on ? ` · ${esc(t("Referred {0}", when(view.referred_on)))}` : ""}</div>
	</section>
	${jobProblems.length ? `<section id="zt-job-problems">${jobProblems.map(problemHtml).join("")}</section>` : ""}
	${statusBoxHtml(view)}
	<section id="zt-devices">
		<h3>${esc(t("Devices"))}</h3>
		${(view.devices || []).map(deviceHtml).join("") || `<p class="zt-empty">${esc(t("No devices."))}</p>`}
	</section>
	<section id="zt-reports">
		<div class="zt-spread"><h3>${esc(t("Work reports"))}</h3>
			<a class="zt-btn primary" id="zt-new-report" href="#/job/${encodeURIComponent(name)}/report">${esc(t("New work report"))}</a></div>
		${reportsHtml(name, detail)}
	</section>
	<section id="zt-history">
		<h3>${esc(t("History"))}</h3>
		${historyHtml(name, detail)}
	</section>`;
}

function statusBoxHtml(view) {
	if (!view.listed && !view.pending) return "";
	const allowed = allowedNext(view);
	const known = Array.isArray(allowed);
	const choices = known
		? allowed
		: ((S.me && S.me.statuses) || []).filter((s) => s.name !== view.status);
	const confirm = S.confirm && S.confirm.job === view.name ? S.confirm.status : null;
	const smsOffer =
		S.net === "offline" && smsCandidates().some((item) => item.job === view.name)
			? `<p class="zt-help" id="zt-job-sms">${esc(t("No internet? The change can go by SMS."))} <a href="#/outbox">${esc(t("Send by SMS"))}</a></p>`
			: "";
	const buttons = choices
		.map(
			(status) =>
				`<button type="button" class="zt-btn zt-status-button${confirm === status.name ? " chosen" : ""}" data-action="pick-status"
					data-status="${attr(status.name)}" style="border-color:${safeColor(status.color)}">
					<span class="zt-dot" style="background:${safeColor(status.color)}"></span>${esc(statusLabel(status.name))}</button>`,
		)
		.join("");
	const confirmBox = confirm
		? `<div class="zt-confirm" id="zt-status-confirm">
			<p>${esc(t("Move this job to {0}?", statusLabel(confirm)))}</p>
			<div class="zt-actions">
				<button type="button" class="zt-btn primary" id="zt-status-go" data-action="confirm-status">${esc(t("Yes, move it"))}</button>
				<button type="button" class="zt-btn" data-action="cancel-status">${esc(t("Cancel"))}</button>
			</div>
		</div>`
		: "";
	return `<section class="zt-card" id="zt-status-box">
		<h3>${esc(t("Change status"))}</h3>
		<div class="zt-muted">${esc(t("Now"))}: ${statusPill(view)}${view.pending ? ` <span class="zt-muted">${esc(t("(on the phone, not sent yet)"))}</span>` : ""}</div>
		<label for="zt-note">${esc(t("Note (optional)"))}</label>
		<textarea id="zt-note" rows="2" data-job="${attr(view.name)}">${esc(S.notes[view.name] || "")}</textarea>
		${known ? "" : `<p class="zt-muted" id="zt-next-unknown">${esc(t("The phone does not know which statuses may follow this one; the server checks when it is sent."))}</p>`}
		${smsOffer}
		<div class="zt-status-buttons">${buttons || `<p class="zt-empty">${esc(t("No status can follow this one."))}</p>`}</div>
		${confirmBox}
	</section>`;
}

function deviceHtml(device) {
	// the defects' names when the server sends them, else their codes
	const defects = [device.declared_defects, device.defect_names].filter(Boolean).join(" - ");
	return `<div class="zt-card zt-device" data-device="${attr(device.customer_device || device.item)}">
		<div class="zt-spread"><strong>${esc(device.item_name || device.item)}</strong>${warrantyPill(device)}</div>
		<div class="zt-muted">${device.serial_no ? `${esc(t("Serial"))} <span class="zt-ltr">${esc(device.serial_no)}</span> · ` : ""}${esc(device.service_type || "")}</div>
		${device.warranty_note ? `<div class="zt-muted zt-warranty-note" dir="auto">${esc(device.warranty_note)}</div>` : ""}
		${defects ? `<div class="zt-defects"><span class="zt-muted">${esc(t("Declared defects"))}:</span> ${esc(defects)}</div>` : ""}
	</div>`;
}

function reportsHtml(name, detail) {
	const rows = [];
	for (const item of jobItems(name).filter(
		(i) => i.kind === "invoice" && i.state !== "applied",
	)) {
		if (item.acknowledged_at) continue;
		rows.push(
			`<li class="zt-report-item" data-seq="${item.seq}">${esc(t("Work report"))} · ${esc(when(item.client_time))} ${itemStateHtml(item)}</li>`,
		);
	}
	// sent from this phone, not yet in the job as last synced
	const known = new Set(((detail && detail.invoices) || []).map((invoice) => invoice.name));
	const sent = jobItems(name)
		.filter((i) => i.kind === "invoice" && i.state === "applied" && i.invoice)
		.filter((i) => !known.has(i.invoice))
		.map((i) => ({ name: i.invoice, approval_status: i.approval_status, invoice_type: "" }));
	for (const invoice of [...sent, ...((detail && detail.invoices) || [])]) {
		rows.push(`<li class="zt-invoice" data-invoice="${attr(invoice.name)}"><span class="zt-ltr">${esc(invoice.name)}</span>${invoice.invoice_type ? ` · ${esc(invoice.invoice_type)}` : ""}
			<span class="zt-pill gray">${esc(t(invoice.approval_status || (invoice.docstatus ? "Submitted" : "Draft")))}</span></li>`);
	}
	return rows.length
		? `<ul class="zt-list">${rows.join("")}</ul>`
		: `<p class="zt-empty">${esc(t("No work report yet."))}</p>`;
}

function historyHtml(name, detail) {
	const rows = [];
	const local = jobItems(name)
		.filter((item) => item.kind === "status" && item.state !== "applied")
		.reverse();
	for (const item of local) {
		rows.push(`<li class="zt-history-local" data-client-id="${attr(item.client_id)}">
			<div class="zt-spread"><span>${esc(statusLabel(item.status))}</span>${itemStateHtml(item)}</div>
			<div class="zt-muted">${esc(t("Tapped at {0}", when(item.client_time)))}</div>
			${item.note ? `<div dir="auto">${esc(item.note)}</div>` : ""}
		</li>`);
	}
	const history = (detail && detail.history) || []; // newest first, as the server sends it
	for (const row of history) {
		const phone = row.client_at ? ` · ${esc(t("on the phone {0}", when(row.client_at)))}` : "";
		rows.push(`<li class="zt-history-row" data-status="${attr(row.status)}">
			<div class="zt-spread"><span>${esc(statusLabel(row.status))}</span><span class="zt-muted">${esc(sourceLabel(row.source))}</span></div>
			<div class="zt-muted">${esc(when(row.at))}${phone}${row.by ? ` · ${esc(row.by)}` : ""}</div>
			${row.note ? `<div dir="auto">${esc(row.note)}</div>` : ""}
		</li>`);
	}
	if (!rows.length) {
		return `<p class="zt-empty">${esc(detail ? t("No history yet.") : t("The history is shown once the phone has synced this job."))}</p>`;
	}
	return `<ol class="zt-list zt-history">${rows.join("")}</ol>`;
}

function smsCandidates() {
	if (!S.me || !S.me.sms_number) return [];
	// per job, the first status change still waiting: SMS commands apply one step at a time
	const firsts = new Map();
	for (const item of openItems()) {
		if (item.kind !== "status" || firsts.has(item.job)) continue;
		firsts.set(item.job, item);
	}
	return [...firsts.values()].filter((item) => {
		const info = statusInfo(item.status);
		return item.tracking_code && (item.sms_code || (info && info.sms_code));
	});
}

/** The SMS command: "<tracking code> <status's SMS code>", Latin digits as the parser reads. */
function smsBody(item) {
	const info = statusInfo(item.status);
	const code = item.sms_code || (info && info.sms_code);
	return `${item.tracking_code} ${code}`;
}

function smsLink(item) {
	return `sms:${S.me.sms_number}?body=${encodeURIComponent(smsBody(item))}`;
}

function jobName(item) {
	const job = jobView(item.job);
	return job ? job.customer_name : item.job;
}

function outboxHtml() {
	const waiting = openItems();
	const smsable = new Set(smsCandidates().map((item) => item.seq));
	const offline = S.net === "offline";
	const waitingRows = waiting
		.map((item) => {
			const sms =
				smsable.has(item.seq) && !item.sms_sent_at
					? `<a class="zt-btn zt-sms" data-action="sms" data-seq="${item.seq}" href="${attr(smsLink(item))}">${esc(t("Send by SMS"))}</a>
						<span class="zt-muted zt-sms-text">${esc(t("Message {0} to {1}", `«${smsBody(item)}»`, S.me.sms_number))}</span>`
					: item.sms_sent_at
						? `<span class="zt-muted zt-sms-sent">${esc(t("SMS app opened; the app will still send this when online."))}</span>`
						: "";
			return `<li class="zt-card zt-outbox-item" data-seq="${item.seq}" data-client-id="${attr(item.client_id)}" data-kind="${item.kind}">
				<div class="zt-spread"><strong>${esc(itemTitle(item))}</strong>${itemStateHtml(item)}</div>
				<div class="zt-muted">${esc(jobName(item))} · <span class="zt-ltr">${n(item.tracking_code || "")}</span></div>
				<div class="zt-muted">${esc(t("Tapped at {0}", when(item.client_time)))}${item.attempts ? ` · ${esc(t("tries: {0}", n(item.attempts)))}` : ""}</div>
				${sms ? `<div class="zt-actions">${sms}</div>` : ""}
			</li>`;
		})
		.join("");
	const smsHelp =
		waiting.some((item) => smsable.has(item.seq)) && offline
			? `<p class="zt-help" id="zt-sms-help">${esc(t("No internet? Send a status change as an SMS: your SMS app opens with the message ready, you press send. The app still sends the change when it is online again, and the server ignores the repeat."))}</p>`
			: "";
	const noSms =
		offline && waiting.some((item) => item.kind === "status") && !(S.me && S.me.sms_number)
			? `<p class="zt-muted">${esc(t("Your company has no SMS number for status changes."))}</p>`
			: "";
	const sent = S.queue
		.filter((item) => ["applied", "sms"].includes(item.state))
		.slice(-10)
		.reverse()
		.map(
			(
				item,
			) => `<li class="zt-sent-item" data-seq="${item.seq}" data-client-id="${attr(item.client_id)}" data-state="${item.state}">
				<div class="zt-spread"><span>${esc(itemTitle(item))}</span>${itemStateHtml(item)}</div>
				<div class="zt-muted">${esc(jobName(item))} · <span class="zt-ltr">${n(item.tracking_code || "")}</span></div>
				<div class="zt-muted">${esc(t("Tapped at {0}", when(item.client_time)))}</div>
				${item.state === "sms" ? `<div class="zt-muted">${esc(t("The server already had this change from your SMS."))}</div>` : ""}
			</li>`,
		)
		.join("");
	const list = problems();
	return `<section id="zt-waiting">
			<div class="zt-spread"><h2>${esc(t("Waiting to be sent"))} <span class="zt-count">${n(waiting.length)}</span></h2>
				${waiting.length ? `<button type="button" class="zt-btn" data-action="sync">${esc(t("Send now"))}</button>` : ""}</div>
			${smsHelp}${noSms}
			${waitingRows ? `<ol class="zt-plain">${waitingRows}</ol>` : `<p class="zt-empty">${esc(t("Nothing waits: everything was sent."))}</p>`}
		</section>
		<section id="zt-problems">
			<h2>${esc(t("Problems"))} <span class="zt-count">${n(list.length)}</span></h2>
			${list.length ? list.map(problemHtml).join("") : `<p class="zt-empty">${esc(t("No problems."))}</p>`}
		</section>
		${sent ? `<section id="zt-sent"><h2>${esc(t("Sent"))}</h2><ol class="zt-plain zt-list">${sent}</ol></section>` : ""}`;
}

function reportHtml(name) {
	const view = jobView(name);
	if (!view) return jobHtml(name);
	const again = S.reportFrom ? S.queue.find((item) => item.seq === S.reportFrom) : null;
	const fields = (again && again.fields) || {};
	const devices = view.devices || [];
	const chosenDevice =
		fields.customer_device || (devices[0] && devices[0].customer_device) || "";
	const device = devices.find((d) => d.customer_device === chosenDevice) || devices[0] || {};
	const types = serviceTypes(view);
	const services =
		fields.services && fields.services.length
			? fields.services
			: [{ service_type: device.service_type || types[0] || "" }];
	const coverage = device.warranty_status === "Under Warranty" ? "Warranty" : "Paid";
	const stock = stockParts(view);
	const deviceOptions = devices
		.filter((d) => d.customer_device)
		.map(
			(d) =>
				`<option value="${attr(d.customer_device)}"${d.customer_device === chosenDevice ? " selected" : ""}>${esc(d.item_name || d.item)}${d.serial_no ? ` - ${esc(d.serial_no)}` : ""}</option>`,
		)
		.join("");
	const photo = (field, label) => `<div class="zt-photo">
		<label class="zt-btn zt-camera" for="zt-${field}">${esc(label)}</label>
		<input id="zt-${field}" class="zt-photo-input" type="file" accept="image/*" capture="environment" data-field="${field}">
		<div class="zt-photo-preview" data-photo="${field}">${S.report && S.report[field] ? photoPreview(S.report[field]) : ""}</div>
	</div>`;
	return `<form id="zt-report" class="zt-form" novalidate>
		<p class="zt-muted">${esc(view.customer_name)} · <span class="zt-ltr">${n(view.tracking_code)}</span></p>
		<div class="zt-form-error zt-banner error" role="alert" hidden></div>
		<label for="zt-device">${esc(t("Device"))}</label>
		<select id="zt-device" name="customer_device">${deviceOptions}</select>

		<fieldset class="zt-card">
			<legend>${esc(t("Services"))}</legend>
			<div id="zt-services">${services.map((s) => serviceRow(types, s)).join("")}</div>
			<button type="button" class="zt-btn" data-action="add-service" id="zt-add-service">+ ${esc(t("Add service"))}</button>
		</fieldset>

		<fieldset class="zt-card">
			<legend>${esc(t("Parts"))}</legend>
			<datalist id="zt-stock">${stockOptions(stock)}</datalist>
			<div id="zt-parts" data-coverage="${coverage}">${(fields.parts || []).map((p) => partRow(p, coverage)).join("")}</div>
			<button type="button" class="zt-btn" data-action="add-part" id="zt-add-part">+ ${esc(t("Add part"))}</button>
		</fieldset>

		<fieldset class="zt-card">
			<legend>${esc(t("Photos"))}</legend>
			${photo("serial_plate_photo", t("Photo of the serial plate"))}
			${photo("work_photo", t("Photo of the work"))}
		</fieldset>

		<label for="zt-notes">${esc(t("Notes"))}</label>
		<textarea id="zt-notes" name="notes" rows="3">${esc(fields.notes || "")}</textarea>

		<label for="zt-paid">${esc(t("Amount the customer paid"))}</label>
		<input id="zt-paid" name="customer_paid_amount" type="text" inputmode="numeric" dir="ltr" value="${attr(fields.customer_paid_amount || "")}">

		<fieldset class="zt-card">
			<legend>${esc(t("Customer's acknowledgement"))}</legend>
			<label class="zt-check"><input type="checkbox" id="zt-ack" name="customer_acknowledgement"${fields.customer_acknowledgement ? " checked" : ""}>
				${esc(t("The customer confirms the work was done"))}</label>
			<label for="zt-ack-name">${esc(t("Customer's name"))}</label>
			<input id="zt-ack-name" name="acknowledged_by_name" type="text" value="${attr(fields.acknowledged_by_name || "")}">
		</fieldset>

		<button type="submit" class="zt-btn primary zt-wide" id="zt-send-report">${esc(t("Send work report"))}</button>
		<p class="zt-muted">${esc(t("Without a connection the report and its photos wait on the phone and are sent later."))}</p>
	</form>`;
}

function stockOptions(stock) {
	return stock
		.map(
			(p) =>
				`<option value="${attr(p.item || p.item_code || p.name)}">${esc(p.item_name || "")}${p.qty != null ? ` (${n(p.qty)})` : ""}</option>`,
		)
		.join("");
}

/** The agency's consignment stock as it is now, for the parts of a work report being written. */
async function refreshStock(name) {
	try {
		await loadMe();
		const list = $("#zt-stock");
		const view = jobView(name);
		if (list && view) list.innerHTML = stockOptions(stockParts(view));
	} catch (error) {
		// offline or refused: the stock the phone knows stays offered
	}
}

function bindReport(name) {
	const form = $("#zt-report");
	if (!form) return;
	form.addEventListener("submit", (event) => {
		event.preventDefault();
		submitReport(form, name);
	});
	form.addEventListener("change", (event) => {
		if (event.target.classList.contains("zt-photo-input")) takePhoto(event.target);
		if (event.target.id === "zt-device") {
			// a part added from now on is covered as this device's warranty says
			const view = jobView(name) || {};
			const device = (view.devices || []).find(
				(d) => d.customer_device === event.target.value,
			);
			$("#zt-parts").dataset.coverage =
				device && device.warranty_status === "Under Warranty" ? "Warranty" : "Paid";
		}
	});
}

// --- events ------------------------------------------------------------------------------------

document.addEventListener("click", (event) => {
	const target = event.target.closest("[data-action]");
	if (!target) return;
	const action = target.dataset.action;
	const current = route();
	switch (action) {
		case "sync":
			sync();
			break;
		case "pick-status":
			S.confirm = { job: current.job, status: target.dataset.status };
			render();
			break;
		case "cancel-status":
			S.confirm = null;
			render();
			break;
		case "confirm-status":
			if (S.confirm) changeStatus(S.confirm.job, S.confirm.status);
			break;
		case "acknowledge":
			acknowledge(target.dataset.seq);
			break;
		case "sms":
			markSmsSent(target.dataset.seq); // the link still opens the SMS app
			break;
		case "report-again":
			openReportAgain(Number(target.dataset.seq));
			break;
		case "dismiss-new":
			S.newNotice = [];
			render();
			break;
		case "dismiss-notice":
			S.notice = null;
			render();
			break;
		case "logout":
			S.logoutAsked = true;
			render();
			break;
		case "logout-cancel":
			S.logoutAsked = false;
			render();
			break;
		case "logout-confirm":
			logOut();
			break;
		case "relogin":
			S.showLogin = true;
			render();
			break;
		case "login-cancel":
			S.showLogin = false;
			render();
			break;
		case "add-service": {
			const view = jobView(current.job);
			const types = serviceTypes(view || {});
			$("#zt-services").insertAdjacentHTML("beforeend", serviceRow(types, {}));
			break;
		}
		case "add-part": {
			const list = $("#zt-parts");
			list.insertAdjacentHTML("beforeend", partRow({}, list.dataset.coverage));
			const inputs = list.querySelectorAll(".zt-part-item");
			inputs[inputs.length - 1].focus();
			break;
		}
		case "remove-row":
			target.closest(".zt-row-item").remove();
			break;
		default:
			break;
	}
});

function openReportAgain(seq) {
	const item = S.queue.find((q) => q.seq === seq);
	if (!item) return;
	S.reportFrom = seq;
	S.report = {};
	for (const [field, blob] of Object.entries(item.photos || {})) {
		if (blob) S.report[field] = { blob, url: URL.createObjectURL(blob) };
	}
	location.hash = `#/job/${encodeURIComponent(item.job)}/report`;
}

document.addEventListener("submit", (event) => {
	if (event.target.id === "zt-login-form") {
		event.preventDefault();
		logIn(event.target);
	}
});

document.addEventListener("input", (event) => {
	if (event.target.id === "zt-note") S.notes[event.target.dataset.job] = event.target.value;
});

window.addEventListener("hashchange", () => {
	const current = route();
	if (current.name === "job") {
		S.fresh = S.fresh.filter((name) => name !== current.job);
		store.kv.set("fresh", S.fresh);
		S.newNotice = S.newNotice.filter((name) => name !== current.job);
		if (S.net === "online") refreshJob(current.job);
	}
	if (current.name === "report" && S.net === "online" && S.auth && !S.authExpired) {
		refreshStock(current.job);
	}
	if (current.name !== "report") {
		for (const photo of Object.values(S.report || {})) URL.revokeObjectURL(photo.url);
		S.reportFrom = null;
		S.report = null;
	}
	if (S.notice && S.notice.at !== `${current.name}:${current.job || ""}`) S.notice = null;
	S.confirm = null;
	render();
});

window.addEventListener("online", () => {
	cameOnline();
	render();
	sync();
	connectRealtime();
});

window.addEventListener("offline", () => {
	wentOffline();
	disconnectRealtime(); // back with the connection ("online")
	render();
});

document.addEventListener("visibilitychange", () => {
	if (document.visibilityState === "visible") sync();
});

// the job list every minute while the app is in front (new referrals without reloading)
setInterval(() => {
	if (document.visibilityState === "visible" && S.auth && !S.authExpired) sync();
}, POLL_MS);

// the outbox every 30 s while something waits; and the offline banners' clocks
setInterval(() => {
	if (!S.auth) return;
	if (openItems().length && navigator.onLine && !S.authExpired) flushNow();
	else renderChrome();
}, RETRY_MS);

// --- start -------------------------------------------------------------------------------------

async function registerServiceWorker() {
	if (!("serviceWorker" in navigator)) return;
	try {
		await navigator.serviceWorker.register(CONFIG.service_worker, { scope: CONFIG.scope });
	} catch (error) {
		console.warn("service worker not registered", error); // eslint-disable-line no-console
	}
}

// --- new jobs at once: Frappe realtime ----------------------------------------------------------
// While the app is open and online it listens on Frappe's socket.io for `zhira_tech_job`, published
// to the technician's user when a job is referred to them, and syncs. The token goes in the
// handshake's headers (socket.io's long-polling start, which browsers let carry headers); the
// minute's poll above still finds new jobs when socket.io is not there.

let socket = null;

async function connectRealtime() {
	const config = CONFIG.realtime;
	if (socket || !config || !S.auth || S.authExpired || !navigator.onLine) return;
	S.realtime = "connecting";
	let io;
	try {
		({ io } = await import(config.client));
	} catch (error) {
		S.realtime = "unavailable";
		return;
	}
	if (socket || !S.auth) return;
	const origin = config.port
		? `${location.protocol}//${location.hostname}:${config.port}`
		: location.origin;
	socket = io(`${origin}/${config.namespace}`, {
		transports: ["polling", "websocket"],
		withCredentials: true,
		extraHeaders: {
			Authorization: `token ${S.auth.api_key}:${S.auth.api_secret}`,
			"X-Frappe-Site-Name": config.namespace,
		},
		reconnectionDelayMax: 60000,
	});
	socket.on("connect", () => {
		S.realtime = "connected";
	});
	socket.on("disconnect", () => {
		S.realtime = "disconnected";
	});
	socket.on("connect_error", () => {
		S.realtime = "error";
	});
	socket.on(config.event, () => sync());
}

function disconnectRealtime() {
	if (socket) socket.disconnect();
	socket = null;
	S.realtime = null;
}

async function start() {
	await loadLocal();
	render();
	registerServiceWorker();
	window.zhiraTech = { state: S, sync, flushNow }; // for the browser tests and debugging
	document.documentElement.dataset.ready = "1";
	if (S.auth && navigator.onLine) {
		sync();
		connectRealtime();
	}
}

start();
