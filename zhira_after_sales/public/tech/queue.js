// The outbox: every action a technician takes (a status change, a work report) is first written
// to IndexedDB with its own client_id (a UUID made here), the phone's time of the tap and the
// status the phone showed, then sent one at a time, in the order taken. The server is idempotent
// by client_id, so an action sent twice (an answer lost on the way back) is applied once.
//
// An action's state:
//   pending   waiting to be sent (again)
//   sending   on its way; if the app stops here it is sent again with the same client_id
//   applied   the server applied it (or had already: "duplicate")
//   sms       the technician sent it by SMS meanwhile; the server's answer was duplicate/conflict
//   conflict  the server did not apply it (the job moved on or went to someone else): a problem
//   error     the server refused it (4xx): a problem
// Problems stay until the technician marks them as read; nothing is dropped silently.

import * as store from "./store.js";
import * as api from "./api.js";

export const OPEN = ["pending", "sending"];
export const PROBLEMS = ["conflict", "error"];
const KEEP_DONE_MS = 3 * 24 * 3600 * 1000;
const KEEP_READ_PROBLEMS_MS = 14 * 24 * 3600 * 1000;

function uuid() {
	if (crypto.randomUUID) return crypto.randomUUID();
	// crypto.randomUUID needs a secure context; a phone on http://<lan ip> has none
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	bytes[6] = (bytes[6] & 0x0f) | 0x40;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function items() {
	return store.all("queue").then((list) => list.sort((a, b) => a.seq - b.seq));
}

async function add(item) {
	const full = {
		client_id: uuid(),
		client_time: new Date().toISOString(),
		state: "pending",
		attempts: 0,
		...item,
	};
	full.seq = await store.put("queue", full);
	return full;
}

/** Queue a status change of `job` (as shown on the phone: `expected` is the status it showed). */
export function addStatus({ job, tracking_code, user, status, label, sms_code, note, expected }) {
	return add({
		kind: "status",
		job,
		tracking_code,
		user,
		status,
		label,
		sms_code: sms_code || "",
		note: note || "",
		expected_status: expected,
	});
}

/** Queue a work report; `photos` maps an invoice field (serial_plate_photo, work_photo) to a Blob. */
export function addInvoice({ job, tracking_code, user, fields, photos }) {
	return add({ kind: "invoice", job, tracking_code, user, fields, photos: photos || {} });
}

export async function update(seq, changes) {
	const item = await store.get("queue", seq);
	if (!item) return null;
	Object.assign(item, changes);
	await store.put("queue", item);
	return item;
}

function request(item) {
	if (item.kind === "status") {
		return api.call("status", {
			json: {
				job: item.job,
				status: item.status,
				note: item.note,
				client_id: item.client_id,
				client_time: item.client_time,
				expected_status: item.expected_status,
			},
		});
	}
	const form = new FormData();
	const fields = item.fields || {};
	form.append("job", item.job);
	form.append("client_id", item.client_id);
	form.append("client_time", item.client_time);
	form.append("customer_device", fields.customer_device || "");
	form.append("services", JSON.stringify(fields.services || []));
	form.append("parts", JSON.stringify(fields.parts || []));
	form.append("notes", fields.notes || "");
	form.append("customer_acknowledgement", fields.customer_acknowledgement ? "1" : "0");
	form.append("acknowledged_by_name", fields.acknowledged_by_name || "");
	form.append("customer_paid_amount", String(fields.customer_paid_amount || 0));
	for (const [field, blob] of Object.entries(item.photos || {})) {
		if (blob) form.append(field, blob, `${field}.jpg`);
	}
	return api.call("invoice", { form, timeout: 120000 });
}

/** What an answer makes of an item: its final state and what to keep of the answer. */
function settle(item, answer) {
	const result = (answer && answer.result) || "applied";
	const changes = { result, message: (answer && answer.message) || "", answered_at: Date.now() };
	if (item.kind === "status") changes.server_job = answer && answer.job;
	else {
		changes.invoice = answer && answer.invoice;
		changes.approval_status = answer && answer.approval_status;
		changes.photos = {}; // sent: the blobs are not needed any more
	}
	if (item.sms_sent_at && (result === "duplicate" || result === "conflict"))
		changes.state = "sms";
	else if (result === "conflict") changes.state = "conflict";
	else changes.state = "applied";
	return changes;
}

let running = null;
let again = false;

/**
 * Send what waits, one at a time, in order. Stops at the first item that could not reach the
 * server (it stays first). Resolves with {sent, stopped: null | "network" | "auth"}.
 * `onChange(item)` is called after each item changes.
 */
export function flush(onChange) {
	if (running) {
		// asked while sending: go through the list once more afterwards (an action just added)
		again = true;
		return running;
	}
	const work = async () => {
		const outcome = { sent: 0, stopped: null };
		for (;;) {
			const next = (await items()).find((item) => OPEN.includes(item.state));
			if (!next) return outcome;
			await update(next.seq, { state: "sending", attempts: (next.attempts || 0) + 1 });
			let changes;
			try {
				changes = settle(next, await request(next));
				outcome.sent += 1;
			} catch (error) {
				if (api.retryable(error) || error instanceof api.AuthError) {
					const item = await update(next.seq, {
						state: "pending",
						last_error: error.message,
						last_try: Date.now(),
					});
					onChange && onChange(item, error);
					outcome.stopped = error instanceof api.AuthError ? "auth" : "network";
					return outcome;
				}
				changes = {
					state: "error",
					result: "error",
					message: error.message,
					status_code: error.status,
					answered_at: Date.now(),
				};
			}
			const item = await update(next.seq, changes);
			onChange && onChange(item);
		}
	};
	// one sender for all the app's tabs: the lock is held while sending
	const locked = navigator.locks ? navigator.locks.request("zhira-tech-outbox", work) : work();
	running = locked.finally(() => {
		running = null;
		if (again) {
			again = false;
			flush(onChange);
		}
	});
	return running;
}

/** The technician has read a problem: it leaves the lists (kept a while for the record). */
export function acknowledge(seq) {
	return update(seq, { acknowledged_at: Date.now() });
}

/** Forget sent actions after a few days and read problems after two weeks. */
export async function prune() {
	const now = Date.now();
	for (const item of await items()) {
		const old =
			(["applied", "sms"].includes(item.state) &&
				now - (item.answered_at || 0) > KEEP_DONE_MS) ||
			(item.acknowledged_at && now - item.acknowledged_at > KEEP_READ_PROBLEMS_MS);
		if (old) await store.remove("queue", item.seq);
	}
}
