// Periodic Service Plans: each in its status colour; an active plan whose next visit is past due
// stands out, and the next due date is shown (Jalali for the users who use it).
frappe.listview_settings["Periodic Service Plan"] = {
	add_fields: ["status", "next_due_date", "customer_device"],
	get_indicator(doc) {
		if (doc.status === "Active" && is_past(doc.next_due_date)) {
			return [__("Visit Due"), "orange", "status,=,Active"];
		}
		const colors = { Active: "blue", Completed: "green", Cancelled: "red" };
		return [__(doc.status), colors[doc.status] || "gray", `status,=,${doc.status}`];
	},
	formatters: {
		next_due_date(value, df, doc) {
			if (!value) return "";
			const text = frappe.datetime.str_to_user(value);
			return doc.status === "Active" && is_past(value)
				? `<span class="text-danger">${text}</span>`
				: text;
		},
	},
};

function is_past(date) {
	return Boolean(date) && date < frappe.datetime.get_today();
}
