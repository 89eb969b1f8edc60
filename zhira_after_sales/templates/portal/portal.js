// The portals' few lines of script (agency and customer): POST to the app's endpoints and show
// what they answer. window.zhiraPortal; window.zhiraAgency is the same object.
window.zhiraPortal = window.zhiraAgency = (function () {
	function csrf() {
		return (window.frappe && frappe.csrf_token) || "";
	}
	function message(data) {
		// Frappe puts a thrown message in _server_messages (JSON list of JSON objects)
		try {
			var list = JSON.parse(data._server_messages || "[]");
			var texts = list.map(function (m) {
				try {
					return JSON.parse(m).message;
				} catch (e) {
					return m;
				}
			});
			if (texts.length) return texts.join("\n");
		} catch (e) {
			/* fall through */
		}
		return data.exception || data.message || "";
	}
	// server messages carry HTML (<strong>...): keep the text only; DOMParser runs no handlers
	function strip(html) {
		return new DOMParser().parseFromString(String(html), "text/html").body.textContent || "";
	}
	function show(text, kind) {
		var box = document.getElementById("za-alert");
		if (!box) return;
		box.textContent = strip(text);
		box.className = "za-alert" + (kind ? " " + kind : "");
		box.hidden = !text;
		if (text) box.scrollIntoView({ block: "nearest" });
	}
	function call(method, args, body) {
		var options = {
			method: "POST",
			headers: { "X-Frappe-CSRF-Token": csrf(), Accept: "application/json" },
		};
		if (body instanceof FormData) {
			options.body = body;
		} else {
			options.headers["Content-Type"] = "application/json";
			options.body = JSON.stringify(args || {});
		}
		return fetch("/api/method/" + method, options).then(function (response) {
			return response
				.json()
				.catch(function () {
					return {};
				})
				.then(function (data) {
					if (!response.ok) {
						var text = message(data) || response.statusText;
						show(text, "error");
						throw new Error(text);
					}
					return data.message;
				});
		});
	}
	// <form data-za-method="..."> posts its fields; data-za-done: "reload" or a URL ("{name}" is the answer's name)
	function bindForms(root) {
		(root || document).querySelectorAll("form[data-za-method]").forEach(function (form) {
			form.addEventListener("submit", function (event) {
				event.preventDefault();
				var buttons = form.querySelectorAll("button");
				buttons.forEach(function (b) {
					b.disabled = true;
				});
				var args = {};
				new FormData(form).forEach(function (value, key) {
					args[key] = value;
				});
				call(form.dataset.zaMethod, args)
					.then(function (answer) {
						var done = form.dataset.zaDone || "reload";
						if (done === "reload") {
							window.location.reload();
						} else {
							window.location.href = done.replace(
								"{name}",
								encodeURIComponent((answer && answer.name) || ""),
							);
						}
					})
					.catch(function () {
						buttons.forEach(function (b) {
							b.disabled = false;
						});
					});
			});
		});
		(root || document).querySelectorAll("[data-za-open]").forEach(function (button) {
			button.addEventListener("click", function () {
				var dialog = document.getElementById(button.dataset.zaOpen);
				if (dialog) dialog.hidden = false;
			});
		});
		(root || document).querySelectorAll("[data-za-close]").forEach(function (button) {
			button.addEventListener("click", function () {
				button.closest(".za-dialog").hidden = true;
			});
		});
	}
	document.addEventListener("DOMContentLoaded", function () {
		bindForms(document);
	});
	return { call: call, show: show, bindForms: bindForms };
})();
