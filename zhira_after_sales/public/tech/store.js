// The technician app's storage on the phone (IndexedDB "zhira-tech"): what it needs to open and
// work without a connection.
//   kv       small values by key: auth (the API token), me, synced_at, transitions, seen, lang
//   jobs     the last synced job list (keyPath name)
//   details  a job's detail as `job` answered it: allowed_next, history, invoices (keyPath name)
//   queue    actions taken on the phone, in the order they were taken (keyPath seq), sent one at a
//            time by queue.js; photos are kept as Blobs until their work report is sent

const DB_NAME = "zhira-tech";
const DB_VERSION = 1;
let opening = null;

function promised(request) {
	return new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

function done(tx) {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error || new Error("IndexedDB transaction aborted"));
	});
}

export function open() {
	if (!opening) {
		opening = new Promise((resolve, reject) => {
			const request = indexedDB.open(DB_NAME, DB_VERSION);
			request.onupgradeneeded = () => {
				const db = request.result;
				if (!db.objectStoreNames.contains("kv")) db.createObjectStore("kv");
				if (!db.objectStoreNames.contains("jobs"))
					db.createObjectStore("jobs", { keyPath: "name" });
				if (!db.objectStoreNames.contains("details"))
					db.createObjectStore("details", { keyPath: "name" });
				if (!db.objectStoreNames.contains("queue")) {
					const queue = db.createObjectStore("queue", {
						keyPath: "seq",
						autoIncrement: true,
					});
					queue.createIndex("client_id", "client_id", { unique: true });
				}
			};
			request.onsuccess = () => {
				const db = request.result;
				// another tab upgrading the database: let it, this one reloads
				db.onversionchange = () => {
					db.close();
					location.reload();
				};
				resolve(db);
			};
			request.onerror = () => reject(request.error);
			request.onblocked = () => reject(new Error("IndexedDB is blocked by another tab"));
		});
	}
	return opening;
}

async function run(storeName, mode, work) {
	const db = await open();
	const tx = db.transaction(storeName, mode);
	const result = work(tx.objectStore(storeName));
	const value = result instanceof IDBRequest ? promised(result) : Promise.resolve(result);
	await done(tx);
	return value;
}

export const kv = {
	get: (key) => run("kv", "readonly", (store) => store.get(key)),
	set: (key, value) => run("kv", "readwrite", (store) => store.put(value, key)),
	delete: (key) => run("kv", "readwrite", (store) => store.delete(key)),
};

export function get(storeName, key) {
	return run(storeName, "readonly", (store) => store.get(key));
}

export function all(storeName) {
	return run(storeName, "readonly", (store) => store.getAll());
}

export function put(storeName, value) {
	return run(storeName, "readwrite", (store) => store.put(value));
}

export function remove(storeName, key) {
	return run(storeName, "readwrite", (store) => store.delete(key));
}

/** Replace the whole job list in one transaction (a job no longer assigned disappears). */
export async function replaceJobs(jobs) {
	const db = await open();
	const tx = db.transaction("jobs", "readwrite");
	const store = tx.objectStore("jobs");
	store.clear();
	for (const job of jobs) store.put(job);
	await done(tx);
}

/** Everything of the signed-in technician, on logging out or when another one logs in. */
export async function clearAll() {
	const db = await open();
	const names = ["kv", "jobs", "details", "queue"];
	const tx = db.transaction(names, "readwrite");
	for (const name of names) tx.objectStore(name).clear();
	await done(tx);
}
