// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Who downloaded the document: one row per agency of the audience (from the controller's onload).
frappe.ui.form.on("Agency Document", {
	refresh(frm) {
		const wrapper = frm.get_field("downloads_html").$wrapper;
		const rows = (frm.doc.__onload || {}).downloads;
		if (frm.is_new() || !rows) {
			wrapper.empty();
			return;
		}
		if (!rows.length) {
			wrapper.html(`<p class="text-muted">${__("No agency is in the audience.")}</p>`);
			return;
		}
		const esc = frappe.utils.escape_html;
		const body = rows
			.map(
				(row) => `<tr>
					<td>${esc(row.agency_name || row.agency)}</td>
					<td class="text-right">${row.downloads}</td>
					<td>${
						row.last_downloaded_on
							? esc(frappe.datetime.str_to_user(row.last_downloaded_on))
							: `<span class="indicator-pill orange">${__("Not downloaded yet")}</span>`
					}</td>
					<td>${esc(row.last_user || "")}</td>
				</tr>`,
			)
			.join("");
		wrapper.html(`<table class="table table-bordered table-sm">
			<thead><tr>
				<th>${__("Agency")}</th>
				<th class="text-right">${__("Downloads")}</th>
				<th>${__("Last Downloaded On")}</th>
				<th>${__("Last Downloaded By")}</th>
			</tr></thead>
			<tbody>${body}</tbody>
		</table>`);
	},
});
