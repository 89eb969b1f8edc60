// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// The Happy Call form, for the call centre's keyboard: each question shows its answers as
// numbered buttons. Keys 1..9 (Latin or Persian digits) choose an answer of the current question,
// Enter, Tab or ↓ move to the next question (Shift+Tab or ↑ back), Ctrl+S completes the call,
// Alt+N records No Answer and Alt+R Refused (both count a call attempt). The server checks every
// answer (customer_care.survey).

const EDITABLE = ["Pending", "No Answer"];
const DIGITS = { "۱": 1, "۲": 2, "۳": 3, "۴": 4, "۵": 5, "۶": 6, "۷": 7, "۸": 8, "۹": 9 };
const ARABIC_DIGITS = { "١": 1, "٢": 2, "٣": 3, "٤": 4, "٥": 5, "٦": 6, "٧": 7, "٨": 8, "٩": 9 };

frappe.ui.form.on("Survey Response", {
	setup(frm) {
		frm.set_query("template", () => ({ filters: { is_active: 1 } }));
	},

	refresh(frm) {
		frm.toggle_display("answers", frm.is_new());
		if (frm.is_new()) {
			frm.fields_dict.call_pad.$wrapper.empty();
			return;
		}
		const editable = is_editable(frm);
		if (editable) {
			// Ctrl+S triggers the primary action: completing the call, not a plain save
			frm.disable_save(true);
			frm.page.set_primary_action(__("Complete (Ctrl+S)"), () => complete(frm));
			frm.add_custom_button(__("No Answer") + " (Alt+N)", () => attempt(frm, "No Answer"));
			frm.add_custom_button(__("Refused") + " (Alt+R)", () => attempt(frm, "Refused"));
		}
		show_progress(frm);
		render_pad(frm, editable);
	},
});

function is_editable(frm) {
	return EDITABLE.includes(frm.doc.status) && frm.perm[0] && frm.perm[0].write;
}

function digits(value) {
	const text = String(value);
	if ((frappe.boot.lang || "").startsWith("fa")) {
		return text.replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]);
	}
	return text;
}

function show_progress(frm) {
	const doc = frm.doc;
	if (doc.call_attempts) {
		frm.dashboard.add_comment(
			__("Call attempts: {0}", [digits(doc.call_attempts)]),
			doc.status === "No Answer" ? "orange" : "blue",
			true,
		);
	}
	if (doc.status === "Completed") {
		frm.dashboard.add_comment(
			__("Satisfaction: {0}%", [digits(flt(doc.satisfaction_percent, 2))]),
			"green",
			true,
		);
	}
}

// --- the answer pad ------------------------------------------------------------------------------

function questions_of(frm) {
	const onload = (frm.doc.__onload && frm.doc.__onload.questions) || [];
	const by_row = {};
	onload.forEach((q) => (by_row[q.row] = q));
	return (frm.doc.answers || []).map((row) => ({
		row,
		options: (by_row[row.name] && by_row[row.name].options) || [],
		text: row.question_text || row.question,
	}));
}

function render_pad(frm, editable) {
	const $wrapper = frm.fields_dict.call_pad.$wrapper;
	const questions = questions_of(frm);
	if (frm.hc_current === undefined || frm.hc_current >= questions.length) {
		const first_open = questions.findIndex((q) => !q.row.option_no);
		frm.hc_current = first_open < 0 ? 0 : first_open;
	}
	const html = questions
		.map((q, index) => {
			const buttons = q.options
				.map((option, i) => {
					const no = i + 1;
					const chosen = q.row.option_no === no;
					return `<button type="button" tabindex="-1" class="btn btn-sm hc-option ${
						chosen ? "btn-primary" : "btn-default"
					}" data-question="${index}" data-no="${no}" ${editable ? "" : "disabled"}>
						<span class="hc-key">${digits(no)}</span> ${frappe.utils.escape_html(option.label)}
					</button>`;
				})
				.join("");
			const classes = [
				"hc-question",
				index === frm.hc_current && editable ? "hc-current" : "",
				q.row.option_no ? "hc-answered" : "",
			].join(" ");
			return `<div class="${classes}" data-question="${index}">
				<div class="hc-title">
					<span class="hc-number">${digits(index + 1)}</span>
					<span class="hc-text">${frappe.utils.escape_html(q.text)}</span>
				</div>
				<div class="hc-options">${buttons}</div>
			</div>`;
		})
		.join("");
	const help = editable
		? `<div class="hc-help text-muted small">${__(
				"Keys 1 to 9 choose an answer · Enter or Tab: next question · Ctrl+S: complete · Alt+N: no answer · Alt+R: refused",
			)}</div>`
		: "";
	$wrapper.html(`<style>
			.hc-pad { outline: none; border-radius: var(--border-radius-md); padding: 4px; }
			.hc-pad:focus-visible { box-shadow: 0 0 0 2px var(--blue-200); }
			.hc-question { padding: 10px 12px; margin-bottom: 8px; border: 1px solid var(--border-color);
				border-radius: var(--border-radius-md); }
			.hc-question.hc-current { border-color: var(--blue-500); background: var(--blue-50); }
			.hc-title { font-weight: 600; margin-bottom: 8px; }
			.hc-number { display: inline-block; min-width: 1.6em; color: var(--text-muted); }
			.hc-options { display: flex; flex-wrap: wrap; gap: 6px; }
			.hc-key { font-weight: 700; margin-inline-end: 4px; }
			.hc-help { margin-top: 6px; }
		</style>
		<div class="hc-pad" tabindex="0" aria-label="${__("Happy Call questions")}">${html}</div>${help}`);
	const $pad = $wrapper.find(".hc-pad");
	if (!editable) return;
	$pad.on("click", ".hc-option", (e) => {
		const $button = $(e.currentTarget);
		frm.hc_current = cint($button.attr("data-question"));
		choose(frm, cint($button.attr("data-no")));
		$wrapper.find(".hc-pad").trigger("focus");
	});
	$pad.on("keydown", (e) => on_key(frm, e));
	// ready for the keys as soon as the form opens
	setTimeout(() => {
		if (cur_frm === frm && !$(document.activeElement).is("input, textarea, select")) {
			$pad.trigger("focus");
		}
	}, 300);
	scroll_to_current(frm);
}

function key_digit(e) {
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	if (/^[1-9]$/.test(e.key)) return cint(e.key);
	if (DIGITS[e.key]) return DIGITS[e.key];
	if (ARABIC_DIGITS[e.key]) return ARABIC_DIGITS[e.key];
	const code = /^(?:Digit|Numpad)([1-9])$/.exec(e.code || "");
	return code ? cint(code[1]) : null;
}

function on_key(frm, e) {
	const questions = questions_of(frm);
	const digit = key_digit(e);
	if (digit) {
		e.preventDefault();
		choose(frm, digit);
		return;
	}
	if (e.altKey && e.code === "KeyN") {
		e.preventDefault();
		attempt(frm, "No Answer");
		return;
	}
	if (e.altKey && e.code === "KeyR") {
		e.preventDefault();
		attempt(frm, "Refused");
		return;
	}
	const back = (e.key === "Tab" && e.shiftKey) || e.key === "ArrowUp";
	const forward = (e.key === "Tab" && !e.shiftKey) || e.key === "Enter" || e.key === "ArrowDown";
	if (back && frm.hc_current > 0) {
		e.preventDefault();
		move_to(frm, frm.hc_current - 1);
	} else if (forward && frm.hc_current < questions.length - 1) {
		e.preventDefault();
		move_to(frm, frm.hc_current + 1);
	} else if (e.key === "Enter") {
		// on the last question: back to the first one still unanswered, if any
		e.preventDefault();
		const open = questions.findIndex((q) => !q.row.option_no);
		if (open >= 0) move_to(frm, open);
		else
			frappe.show_alert({
				message: __("All answered: Ctrl+S completes the call."),
				indicator: "green",
			});
	}
}

function choose(frm, no) {
	const q = questions_of(frm)[frm.hc_current];
	if (!q) return;
	const option = q.options[no - 1];
	if (!option) {
		frappe.show_alert({
			message: __("Choose an answer from 1 to {0}.", [digits(q.options.length)]),
			indicator: "orange",
		});
		return;
	}
	// the row's values as the server will set them; shown at once
	Object.assign(q.row, { option_no: no, option: option.label, score: option.score });
	frm.dirty();
	redraw(frm);
}

function move_to(frm, index) {
	frm.hc_current = index;
	redraw(frm);
}

function redraw(frm) {
	render_pad(frm, true);
	frm.fields_dict.call_pad.$wrapper.find(".hc-pad").trigger("focus");
}

function scroll_to_current(frm) {
	const $current = frm.fields_dict.call_pad.$wrapper.find(".hc-current");
	if ($current.length && $current[0].scrollIntoView) {
		$current[0].scrollIntoView({ block: "nearest" });
	}
}

function chosen_answers(frm) {
	const answers = {};
	(frm.doc.answers || []).forEach((row) => {
		if (row.option_no) answers[row.question] = row.option_no;
	});
	return answers;
}

function complete(frm) {
	return call(frm, "zhira_after_sales.api.survey.complete", {});
}

function attempt(frm, outcome) {
	const run = () => call(frm, "zhira_after_sales.api.survey.record_attempt", { outcome });
	if (outcome === "Refused") {
		frappe.confirm(__("The customer refused the survey: close this Happy Call?"), run);
	} else {
		run();
	}
}

function call(frm, method, args) {
	if (frm.hc_busy) return;
	frm.hc_busy = true;
	const done = () => (frm.hc_busy = false);
	frappe.call({
		method,
		args: {
			survey_response: frm.doc.name,
			answers: chosen_answers(frm),
			note: frm.doc.note || null,
			...args,
		},
		freeze: true,
		callback: (r) => {
			done();
			frappe.show_alert({ message: __(r.message.status), indicator: "green" });
			frm.hc_current = undefined;
			frm.reload_doc();
		},
		error: done,
	});
}
