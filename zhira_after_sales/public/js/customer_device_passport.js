// Customer Device: the warranty state in the form's headline and the device passport timeline
// (rows come from zhira_after_sales.api.reception.get_passport).

frappe.ui.form.on("Customer Device", {
	refresh(frm) {
		if (frm.is_new()) return;
		zhira_show_warranty_headline(frm);
		zhira_render_passport(frm);
	},
});

function zhira_show_warranty_headline(frm) {
	frappe
		.call({
			method: "zhira_after_sales.api.warranty.check_coverage",
			args: { customer_device: frm.doc.name },
			type: "GET",
		})
		.then((r) => {
			const answer = r.message;
			if (!answer) return;
			const color = answer.covered
				? "green"
				: answer.reason === "not_started"
					? "blue"
					: "orange";
			frm.dashboard.set_headline_alert(
				`<span class="indicator-pill ${color}">${__("Warranty")}</span> ${answer.message}`,
			);
		})
		.catch(() => {});
}

function zhira_render_passport(frm) {
	const field = frm.get_field("passport");
	if (!field) return;
	const $wrapper = field.$wrapper;
	$wrapper.html(`<div class="text-muted small">${__("Loading...")}</div>`);
	frappe
		.call({
			method: "zhira_after_sales.api.reception.get_passport",
			args: { customer_device: frm.doc.name },
			type: "GET",
		})
		.then((r) => {
			const rows = r.message || [];
			if (!rows.length) {
				$wrapper.html(
					`<div class="text-muted">${__("Nothing has happened to this device yet.")}</div>`,
				);
				return;
			}
			const esc = frappe.utils.escape_html;
			const items = rows.map((row) => {
				const link = row.reference_doctype
					? `<a href="/app/${frappe.router.slug(row.reference_doctype)}/${encodeURIComponent(
							row.reference_name,
						)}">${esc(row.reference_name)}</a>`
					: "";
				return `<div style="display:flex;gap:12px;align-items:flex-start;padding-block:8px;border-bottom:1px solid var(--border-color)">
					<span class="indicator-pill ${esc(row.indicator)}" style="flex:none;min-width:7em;justify-content:center" dir="ltr">${esc(
						row.date_display,
					)}</span>
					<div>
						<div class="bold">${esc(row.title)}</div>
						<div class="text-muted small">${esc(row.description || "")} ${link}</div>
					</div>
				</div>`;
			});
			$wrapper.html(`<div class="zhira-passport">${items.join("")}</div>`);
		});
}
