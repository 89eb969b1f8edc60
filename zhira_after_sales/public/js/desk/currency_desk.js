// Amounts shown with their currency's own decimals: rials as 4,500,000 rather than 4,500,000.00.
// Frappe's editable Currency field already takes its precision from the currency's number format
// when neither the field nor System Settings sets one; its display formatter (read-only fields,
// grids, lists, reports) falls back to two decimals instead. This makes the display follow the same
// rule as the field. (The app gives IRR the number format #,### on install.)
export function setup() {
	const currency_formatter = frappe.form.formatters.Currency;
	frappe.form.formatters.Currency = function (value, docfield, options, doc) {
		const df = docfield || {};
		const precision_set =
			typeof df.precision == "number" ||
			Boolean(df.precision) ||
			Boolean(frappe.boot.sysdefaults && frappe.boot.sysdefaults.currency_precision);
		if (!precision_set && window.get_number_format && window.get_number_format_info) {
			const currency = frappe.meta.get_field_currency(df, doc);
			const precision = get_number_format_info(get_number_format(currency)).precision;
			docfield = Object.assign({}, df, { precision });
		}
		return currency_formatter(value, docfield, options, doc);
	};
}
