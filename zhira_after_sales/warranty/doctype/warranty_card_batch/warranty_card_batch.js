// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.ui.form.on("Warranty Card Batch", {
	refresh(frm) {
		if (frm.is_new()) return;
		// an interrupted batch (its worker was killed) runs again to issue the rest
		if (["Draft", "Failed"].includes(frm.doc.status) || frm.doc.__onload?.interrupted) {
			frm.add_custom_button(__("Issue Cards"), () => {
				const run = () =>
					frm.call("issue_cards").then((r) => {
						if (r.message === "queued") {
							frappe.show_alert({
								message: __(
									"Issuing cards in the background; this form updates when done.",
								),
								indicator: "blue",
							});
						}
						frm.reload_doc();
					});
				frm.is_dirty() ? frm.save().then(run) : run();
			}).addClass("btn-primary");
		}
		if (frm.doc.cards_created) {
			frm.add_custom_button(__("Issued Cards"), () =>
				frappe.set_route("List", "Warranty Card", { batch: frm.doc.name }),
			);
		}
		const colors = {
			Draft: "gray",
			Queued: "blue",
			Running: "orange",
			Completed: "green",
			"Completed with Errors": "orange",
			Failed: "red",
		};
		frm.page.set_indicator(__(frm.doc.status), colors[frm.doc.status] || "gray");
	},
});
