// The technician API (zhira_after_sales.api.v1.tech) over fetch, with the phone's token.
// Errors say what the caller may do next:
//   NetworkError  no answer (offline, timeout, a page that is not the API's JSON): try again later
//   ServerError   5xx, 408 or 429: try again later
//   AuthError     401: the token is no longer valid; log in again (nothing is lost)
//   RequestError  any other 4xx: the server refused this request; final, show its message

const BASE = "/api/method/zhira_after_sales.api.v1.tech.";

export class NetworkError extends Error {}

export class HttpError extends Error {
	constructor(status, message, data) {
		super(message);
		this.status = status;
		this.data = data;
	}
}
export class ServerError extends HttpError {}
export class AuthError extends HttpError {}
export class RequestError extends HttpError {}

export function retryable(error) {
	return error instanceof NetworkError || error instanceof ServerError;
}

let token = null;

export function setToken(auth) {
	token = auth && auth.api_key ? `token ${auth.api_key}:${auth.api_secret}` : null;
}

function textOf(html) {
	// Frappe's messages may carry markup (<b>, <br>): read it as text, run nothing
	const doc = new DOMParser().parseFromString(String(html), "text/html");
	return (doc.body.textContent || "").trim();
}

/** The message a Frappe error answer carries: _server_messages, then exception, then message. */
export function errorMessage(data) {
	if (!data || typeof data !== "object") return "";
	try {
		const list = JSON.parse(data._server_messages || "[]");
		const texts = list
			.map((item) => {
				try {
					return JSON.parse(item).message;
				} catch (e) {
					return item;
				}
			})
			.filter(Boolean)
			.map(textOf);
		if (texts.length) return texts.join("\n");
	} catch (e) {
		// not a list: fall through
	}
	if (data.exception) return textOf(String(data.exception).replace(/^[\w.]+:\s*/, ""));
	if (typeof data.message === "string") return textOf(data.message);
	return "";
}

/**
 * Call `name`. GET with `params`, or POST with `json` (an object) or `form` (a FormData).
 * Resolves with the answer's `message`.
 */
export async function call(name, { params, json, form, timeout = 30000, auth = true } = {}) {
	let url = BASE + name;
	const options = { method: "GET", headers: { Accept: "application/json" }, cache: "no-store" };
	if (auth && token) options.headers.Authorization = token;
	if (params) url += "?" + new URLSearchParams(params).toString();
	if (form) {
		options.method = "POST";
		options.body = form;
	} else if (json) {
		options.method = "POST";
		options.headers["Content-Type"] = "application/json";
		options.body = JSON.stringify(json);
	}
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeout);
	options.signal = controller.signal;
	let response;
	try {
		response = await fetch(url, options);
	} catch (error) {
		throw new NetworkError(error && error.message ? error.message : "network");
	} finally {
		clearTimeout(timer);
	}
	let data = null;
	try {
		data = await response.json();
	} catch (error) {
		data = null;
	}
	if (response.ok) {
		// a captive portal or a proxy's page answers 200 with HTML: not the server yet
		if (!data || typeof data !== "object") throw new NetworkError("not the API's answer");
		return data.message;
	}
	const message = errorMessage(data) || response.statusText || String(response.status);
	if (response.status >= 500 || response.status === 408 || response.status === 429) {
		throw new ServerError(response.status, message, data);
	}
	if (response.status === 401) throw new AuthError(response.status, message, data);
	// Frappe answers an expired or unknown token with 403 AuthenticationError / PermissionError
	// for the key itself; only the token check says so in exc_type
	if (data && /AuthenticationError|SessionExpired/.test(data.exc_type || "")) {
		throw new AuthError(response.status, message, data);
	}
	throw new RequestError(response.status, message, data);
}
