// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt
// Head office invites people to an agency's portal by email or mobile, and removes them.

(() => {
	frappe.ui.form.on("Service Agency", {
		refresh(frm) {
			if (frm.is_new() || !frm.has_perm("write")) return;
			const group = __("Portal Users");
			frm.add_custom_button(__("Invite User"), () => invite_agency_user(frm), group);
			if ((frm.doc.portal_users || []).length) {
				frm.add_custom_button(__("Remove User"), () => remove_agency_user(frm), group);
			}
		},
	});

	function invite_agency_user(frm) {
		const dialog = new frappe.ui.Dialog({
			title: __("Invite a user to {0}", [frm.doc.agency_name]),
			fields: [
				{ fieldname: "full_name", fieldtype: "Data", label: __("Full Name"), reqd: 1 },
				{
					fieldname: "email",
					fieldtype: "Data",
					options: "Email",
					label: __("Email"),
					description: __("The invitation is emailed here."),
				},
				{
					fieldname: "mobile",
					fieldtype: "Data",
					label: __("Mobile"),
					description: __(
						"The invitation is sent by SMS; the user logs in with this number. Give an email, a mobile or both.",
					),
				},
				{ fieldname: "is_manager", fieldtype: "Check", label: __("Agency Manager") },
			],
			primary_action_label: __("Send Invitation"),
			primary_action(values) {
				if (!values.email && !values.mobile) {
					frappe.msgprint(__("Type an email or a mobile number (or both)."));
					return;
				}
				frappe
					.call({
						method: "zhira_after_sales.api.agency_user.invite_agency_user",
						args: { agency: frm.doc.name, ...values },
						freeze: true,
						freeze_message: __("Sending the invitation..."),
					})
					.then((r) => {
						dialog.hide();
						show_invitation_result(r.message);
						frm.reload_doc();
					});
			},
		});
		dialog.show();
	}

	const esc = (text) => frappe.utils.escape_html(text || "");

	function show_invitation_result(result) {
		const lines = [
			result.already_member
				? __("{0} is already a user of this agency; the invitation was sent again.", [
						esc(result.user),
					])
				: __("{0} is now a user of this agency.", [esc(result.user)]),
		];
		let indicator = "green";
		if (result.email_queued) lines.push(__("The invitation email is queued."));
		if (result.email_error) {
			lines.push(
				__("The invitation email could not be queued: {0}", [esc(result.email_error)]),
			);
			indicator = "orange";
		}
		if (result.sms && result.sms_status !== "Failed") {
			lines.push(__("The invitation SMS is queued ({0}).", [esc(result.sms)]));
		}
		if (result.sms_status === "Failed") {
			lines.push(__("The invitation SMS could not be sent: {0}", [esc(result.sms_error)]));
			indicator = "orange";
		}
		if (result.mobile_login_enabled) {
			lines.push(__("Login with a mobile number has been switched on in System Settings."));
		}
		frappe.msgprint({
			title: __("Invitation"),
			message: lines.map((line) => `<p>${line}</p>`).join(""),
			indicator,
		});
	}

	function remove_agency_user(frm) {
		const options = (frm.doc.portal_users || []).map((row) => ({
			value: row.user,
			label: row.full_name ? `${row.full_name} (${row.user})` : row.user,
		}));
		const dialog = new frappe.ui.Dialog({
			title: __("Remove a user from {0}", [frm.doc.agency_name]),
			fields: [
				{
					fieldname: "user",
					fieldtype: "Select",
					label: __("User"),
					options,
					reqd: 1,
					description: __(
						"The user loses access to this agency; their login is disabled unless they are an active technician.",
					),
				},
			],
			primary_action_label: __("Remove"),
			primary_action(values) {
				frappe
					.call({
						method: "zhira_after_sales.api.agency_user.remove_agency_user",
						args: { agency: frm.doc.name, user: values.user },
						freeze: true,
					})
					.then((r) => {
						dialog.hide();
						frappe.show_alert({
							message: r.message.disabled
								? __("{0} was removed and their login disabled.", [
										esc(r.message.user),
									])
								: __("{0} was removed from this agency.", [esc(r.message.user)]),
							indicator: "green",
						});
						frm.reload_doc();
					});
			},
		});
		dialog.show();
	}
})();
