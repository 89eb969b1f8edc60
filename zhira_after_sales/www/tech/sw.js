// The technician app's service worker, served at /tech/sw.js (rendered by sw.py: the lines with
// the version and the shell's URLs come from the server). Its scope is /tech/.
//   the page (/tech/...)               the network first (fresh translations and fixes); its copy
//                                      when offline, when the server fails or is slower than 4 s
//   the shell (/assets/.../tech/...)   kept at install, by exact URL (the page asks for versioned
//                                      URLs, so an update never mixes old and new modules)
//   the font                           kept the first time it is used
//   the API and anything else          untouched: the app keeps its data in IndexedDB

// (Jinja fills the strings: the file stays plain JavaScript for the linters)
const VERSION = "{{ version }}";
const SCOPE = "{{ scope }}";
const SHELL = "{{ shell | join(' ') }}".split(" ");
const SHELL_CACHE = "zhira-tech-shell-" + VERSION;
const RUNTIME_CACHE = "zhira-tech-runtime";
const PAGE_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
	event.waitUntil(
		caches
			.open(SHELL_CACHE)
			.then((cache) =>
				cache.addAll(
					SHELL.map(
						(url) => new Request(url, { cache: "reload", credentials: "same-origin" }),
					),
				),
			)
			.then(() => self.skipWaiting()),
	);
});

self.addEventListener("activate", (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((names) =>
				Promise.all(
					names
						.filter(
							(name) => name.startsWith("zhira-tech-shell-") && name !== SHELL_CACHE,
						)
						.map((name) => caches.delete(name)),
				),
			)
			.then(() => self.clients.claim()),
	);
});

self.addEventListener("fetch", (event) => {
	const request = event.request;
	if (request.method !== "GET") return;
	const url = new URL(request.url);
	if (url.origin !== self.location.origin) return;
	if (request.mode === "navigate" && url.pathname.startsWith(SCOPE)) {
		event.respondWith(page(request));
	} else if (url.pathname === SCOPE + "manifest.json") {
		event.respondWith(fresh(request));
	} else if (url.pathname.startsWith("/assets/zhira_after_sales/tech/")) {
		event.respondWith(kept(request, SHELL_CACHE));
	} else if (url.pathname.startsWith("/assets/zhira_after_sales/node_modules/vazirmatn/")) {
		event.respondWith(kept(request, RUNTIME_CACHE));
	}
});

async function page(request) {
	const cache = await caches.open(SHELL_CACHE);
	const network = fetch(request).then((response) => {
		if (response.ok && !response.redirected) cache.put(SCOPE, response.clone());
		return response;
	});
	const timeout = new Promise((resolve) => setTimeout(resolve, PAGE_TIMEOUT_MS));
	try {
		const response = await Promise.race([network, timeout]);
		if (response && response.ok) return response;
		const cached = await cache.match(SCOPE);
		if (cached) return cached;
		return response || (await network);
	} catch (error) {
		const cached = await cache.match(SCOPE);
		if (cached) return cached;
		throw error;
	}
}

async function fresh(request) {
	try {
		const response = await fetch(request);
		if (response.ok) (await caches.open(SHELL_CACHE)).put(request, response.clone());
		return response;
	} catch (error) {
		const cached = await caches.match(request);
		if (cached) return cached;
		throw error;
	}
}

async function kept(request, cacheName) {
	const cached = await caches.match(request);
	if (cached) return cached;
	const response = await fetch(request);
	if (response.ok) (await caches.open(cacheName)).put(request, response.clone());
	return response;
}
