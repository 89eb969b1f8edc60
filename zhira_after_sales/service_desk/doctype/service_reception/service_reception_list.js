// Status colours come from Service Status (base data), not from code.
frappe.listview_settings["Service Reception"] = {
	add_fields: ["status", "tracking_code", "service_agency"],
	onload(listview) {
		// a tracking code read out in Persian digits or with spaces: search in the stored form
		// (mobile and landline filters take the national form everywhere: public/js/desk/phone_desk.js).
		// Delegated: the standard filter fields are built after onload.
		listview.page.wrapper.on("change", 'input[data-fieldname="tracking_code"]', (event) => {
			const field = listview.page.fields_dict.tracking_code;
			const typed = event.target.value;
			const normalized = latin_digits(typed);
			if (field && normalized && normalized !== typed) field.set_value(normalized);
		});
		frappe.db
			.get_list("Service Status", { fields: ["name", "color"], limit: 100 })
			.then((rows) => {
				frappe.listview_settings["Service Reception"].colors = Object.fromEntries(
					rows.map((r) => [r.name, r.color]),
				);
			});
	},
	get_indicator(doc) {
		const colors = frappe.listview_settings["Service Reception"].colors || {};
		const color = indicator_color(colors[doc.status]);
		return [__(doc.status), color, `status,=,${doc.status}`];
	},
};

function indicator_color(hex) {
	// Frappe's indicators take a colour name: pick the one nearest the status colour's hue
	const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || "");
	if (!match) return "gray";
	const [r, g, b] = match.slice(1).map((h) => parseInt(h, 16) / 255);
	const max = Math.max(r, g, b);
	const min = Math.min(r, g, b);
	if (max - min < 0.15) return "gray";
	let hue;
	if (max === r) hue = (60 * ((g - b) / (max - min)) + 360) % 360;
	else if (max === g) hue = 60 * ((b - r) / (max - min)) + 120;
	else hue = 60 * ((r - g) / (max - min)) + 240;
	const wheel = [
		[15, "red"],
		[45, "orange"],
		[70, "yellow"],
		[165, "green"],
		[200, "cyan"],
		[250, "blue"],
		[290, "purple"],
		[335, "pink"],
		[360, "red"],
	];
	return wheel.find(([limit]) => hue <= limit)[1];
}

function latin_digits(value) {
	if (!value) return value;
	return String(value)
		.replace(/[۰-۹]/g, (d) => "۰۱۲۳۴۵۶۷۸۹".indexOf(d))
		.replace(/[٠-٩]/g, (d) => "٠١٢٣٤٥٦٧٨٩".indexOf(d))
		.replace(/[\s\-()\u200e\u200f]/g, "");
}
