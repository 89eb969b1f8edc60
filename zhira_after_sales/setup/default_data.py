"""Persian base data created on install. Every record can be edited or deleted afterwards; install
only creates what is missing, so running it again changes nothing."""

ROLES = (
	# role, desk access
	("After Sales Manager", 1),
	("Reception Operator", 1),
	("Service Agency", 0),
	("Service Technician", 0),
)

SERVICE_TYPES = (
	# name, code, requires_warranty, starts_warranty
	("نصب", "INST", 0, 1),
	("تعمیر گارانتی", "WREP", 1, 0),
	("تعمیر آزاد", "PREP", 0, 0),
	("سرویس دوره ای", "PERI", 0, 0),
)

# name, customer label, category, sms code, notify customer, colour, sort order, initial, next
SERVICE_STATUSES = (
	("ثبت شده", "درخواست شما ثبت شد", "Open", "", 1, "#5e64ff", 10, 1, ("ارجاع شده", "لغو شده")),
	(
		"ارجاع شده",
		"به نمایندگی ارجاع شد",
		"Open",
		"",
		1,
		"#7575ff",
		20,
		0,
		("پذیرفته شده", "در حال انجام", "لغو شده", "ثبت شده"),
	),
	(
		"پذیرفته شده",
		"نمایندگی درخواست را پذیرفت",
		"In Progress",
		"1",
		0,
		"#29cd42",
		30,
		0,
		("در حال انجام", "در انتظار قطعه", "انجام شده", "لغو شده", "ثبت شده"),
	),
	(
		"در حال انجام",
		"در حال انجام",
		"In Progress",
		"2",
		1,
		"#ffa00a",
		40,
		0,
		("در انتظار قطعه", "انجام شده", "لغو شده"),
	),
	(
		"در انتظار قطعه",
		"در انتظار قطعه",
		"On Hold",
		"3",
		1,
		"#ff5858",
		50,
		0,
		("در حال انجام", "انجام شده", "لغو شده"),
	),
	("انجام شده", "خدمت انجام شد", "Completed", "4", 1, "#1f9d55", 60, 0, ("در حال انجام",)),
	("لغو شده", "درخواست لغو شد", "Cancelled", "9", 1, "#8d99a6", 70, 0, ("ثبت شده",)),
)

REFERRAL_STATUS = "ارجاع شده"
ACCEPTED_STATUS = "پذیرفته شده"
# a declined referral goes back to head office in the initial status
DECLINED_STATUS = "ثبت شده"
# transitions a decline needs, for sites made before agencies could decline: (from, to)
DECLINE_TRANSITIONS = (("ارجاع شده", "ثبت شده"), ("پذیرفته شده", "ثبت شده"))

# name, ISO 10002 stage, customer label, notify, sort order, colour
COMPLAINT_STATUSES = (
	("دریافت شده", "Received", "شکایت شما دریافت شد", 0, 10, "#5e64ff"),
	("اعلام وصول شده", "Acknowledged", "دریافت شکایت شما تایید شد", 1, 20, "#7575ff"),
	("ارزیابی شده", "Assessed", "شکایت شما ارزیابی شد", 0, 30, "#ffa00a"),
	("در حال بررسی", "Investigating", "شکایت شما در حال بررسی است", 0, 40, "#ff8c00"),
	("پاسخ داده شده", "Responded", "به شکایت شما پاسخ داده شد", 1, 50, "#29cd42"),
	("بسته شده", "Closed", "شکایت شما بسته شد", 1, 60, "#1f9d55"),
	("رد شده", "Rejected", "شکایت شما رد شد", 1, 70, "#8d99a6"),
)

# name, type, default penalty points
COMPLAINT_FACTORS = (
	("تاخیر در مراجعه تکنسین", "Agency", 5),
	("رفتار نامناسب تکنسین", "Technician", 10),
	("دریافت هزینه اضافی", "Agency", 15),
	("تعمیر ناقص و مراجعه مجدد", "Agency", 8),
	("عدم مراجعه در زمان مقرر", "Agency", 10),
	("کیفیت محصول", "Product", 0),
	("کمبود قطعه یدکی", "Spare Parts", 0),
	("پاسخگویی مرکز تماس", "Head Office", 0),
)

# code, name, parent code, is group
DEFECT_CODES = (
	("GEN", "عیوب عمومی", None, 1),
	("GEN-NOPWR", "روشن نمی‌شود", "GEN", 0),
	("GEN-NOISE", "صدای غیرعادی", "GEN", 0),
	("GEN-LEAK", "نشتی", "GEN", 0),
	("GEN-BODY", "شکستگی یا آسیب بدنه", "GEN", 0),
	("GEN-INSTALL", "نیاز به نصب یا راه‌اندازی", "GEN", 0),
)


# ERPNext DocTypes the app's desk roles must read (or write) to work: picking models and serials in a
# reception, opening the customer, setting a territory's area code and default agency.
PLATFORM_PERMISSIONS = {
	"Reception Operator": {
		"read": ("Item", "Item Group", "Brand", "Customer", "Contact", "Address", "Territory", "Serial No"),
	},
	"After Sales Manager": {
		"read": (
			"Item", "Item Group", "Brand", "Customer", "Customer Group", "Contact", "Address", "Serial No",
			"Supplier", "Supplier Group", "Warehouse", "Company", "Party Link", "Warehouse Type", "UOM",
		),
		"write": ("Territory",),
		# the after-sales stock reports (Stock Above Maximum, After-Sales Stock, Incoming Stock by Supply Type)
		"report": ("Bin", "Stock Ledger Entry"),
	},
	# the catalogue an agency works with: its reports' model, group and territory columns
	"Service Agency": {
		"read": ("Item", "Item Group", "Brand", "Territory"),
	},
}  # fmt: skip

# SMS templates: name, event, Persian text (Jinja over the document as `doc`; `status_label` is the
# customer label of doc.status). Fields follow DESIGN.md; a field a document lacks renders empty.
SMS_TEMPLATES = (
	(
		"ثبت پذیرش",
		"Reception Registered",
		"{{ doc.customer_name or 'مشتری' }} گرامی، درخواست خدمات شما با کد پیگیری "
		"{{ doc.tracking_code | persian_digits }} ثبت شد. به زودی با شما تماس می‌گیریم.",
	),
	(
		"ارجاع به نمایندگی",
		"Referral to Agency",
		"درخواست {{ doc.tracking_code | persian_digits }} به شما ارجاع شد. مشتری: {{ doc.customer_name }} "
		"{{ doc.mobile_no | phone_national | persian_digits }}، {{ doc.city }} {{ doc.address_line }}",
	),
	(
		"ارجاع به تکنسین",
		"Referral to Technician",
		"همکار گرامی، درخواست {{ doc.tracking_code | persian_digits }} به شما سپرده شد. مشتری: {{ doc.customer_name }} "
		"{{ doc.mobile_no | phone_national | persian_digits }}، {{ doc.city }} {{ doc.address_line }}. "
		"برای تغییر وضعیت، کد پیگیری، فاصله و کد وضعیت را پیامک کنید.",
	),
	(
		"تغییر وضعیت",
		"Status Changed",
		"{{ doc.customer_name or 'مشتری' }} گرامی، وضعیت درخواست {{ doc.tracking_code | persian_digits }}: "
		"{{ status_label or doc.status }}",
	),
	# `doc` is the Survey Response (customer_care/survey.py): `question` is the question it asks now,
	# `options` its numbered answers, `question_no` of `question_count`
	(
		"نظرسنجی",
		"Survey Request",
		"{{ doc.customer_name or 'مشتری' }} گرامی، نظرسنجی خدمت {{ doc.tracking_code | persian_digits }}"
		"{% if question_count and question_count > 1 %} (پرسش {{ question_no | persian_digits }} از "
		"{{ question_count | persian_digits }}){% endif %}:\n{{ question }}\n{{ options | persian_digits }}\n"
		"لطفاً فقط عدد گزینه را پاسخ دهید.",
	),
	(
		"اعلام وصول شکایت",
		"Complaint Acknowledged",
		"{{ doc.customer_name or 'مشتری' }} گرامی، شکایت شما با شماره {{ doc.name | persian_digits }} "
		"دریافت شد و پیگیری می‌شود.",
	),
	# `doc` is the Periodic Service Plan (service_desk/periodic.py); `due_date`, `service_type` and
	# `task` are the visit's, `asks_confirmation` when only the customer's answer opens a reception
	(
		"یادآوری سرویس دوره ای",
		"Periodic Service Reminder",
		"{{ doc.customer_name or 'مشتری' }} گرامی، موعد سرویس دوره‌ای ({{ service_type }}) دستگاه "
		"{{ doc.item_name }} شما {{ due_date | jalali_long }} است."
		"{% if asks_confirmation %} برای ثبت درخواست سرویس ۱ و برای انصراف ۲ را پاسخ دهید."
		"{% else %} درخواست سرویس شما در این روز ثبت می‌شود و نمایندگی با شما هماهنگ می‌کند.{% endif %}",
	),
	(
		"یادآوری سرویس دوره ای به نمایندگی",
		"Periodic Service Agency Reminder",
		"نمایندگی {{ agency_name }}: سرویس دوره‌ای ({{ service_type }}) {{ doc.item_name }} سریال "
		"{{ doc.serial_no }} برای {{ doc.customer_name }} {{ customer_mobile | phone_national | persian_digits }} "
		"در {{ due_date | jalali_long }}.",
	),
	(
		"صدور کارت گارانتی",
		"Warranty Issued",
		"{{ doc.customer_name or 'مشتری' }} گرامی، کارت گارانتی {{ doc.card_no | persian_digits }} برای "
		"{{ doc.item_name }} (سریال {{ doc.serial_no }}) صادر شد و تا {{ doc.end_date | jalali_long }} اعتبار دارد.",
	),
	# `doc` is the invitation (agency/agency_users.py): full_name, agency_name, invitation_link, mobile_no
	(
		"دعوت کاربر نمایندگی",
		"Agency User Invitation",
		"{{ doc.full_name }} گرامی، به پرتال نمایندگی {{ doc.agency_name }} دعوت شده‌اید. نام کاربری شما "
		"همین شماره همراه است. رمز عبور خود را در این پیوند تعیین کنید: {{ doc.invitation_link }}",
	),
	# `doc` is the login code (customer_care/mobile_login.py): code, minutes, domain, mobile_no. The
	# last line "@host #code" lets the phone's browser offer the code on the login page (WebOTP).
	(
		"کد ورود مشتری",
		"Customer Login Code",
		"{{ company }}\nکد ورود شما: {{ doc.code }}\nاین کد تا {{ doc.minutes | persian_digits }} دقیقه "
		"اعتبار دارد. آن را به هیچ‌کس ندهید.\n\n@{{ doc.domain }} #{{ doc.code }}",
	),
	# `doc` is the Service Ticket (service_desk/tickets.py): party_name, subject; `status_label` is its
	# status in the SMS language
	(
		"پاسخ تیکت",
		"Ticket Answered",
		"{{ doc.party_name }} گرامی، به تیکت {{ doc.name | persian_digits }} «{{ doc.subject }}» پاسخ داده شد. "
		"پاسخ را در پرتال ببینید.",
	),
	(
		"تغییر وضعیت تیکت",
		"Ticket Status Changed",
		"{{ doc.party_name }} گرامی، وضعیت تیکت {{ doc.name | persian_digits }} «{{ doc.subject }}»: "
		"{{ status_label }}",
	),
)

# Happy Call (ISO 10004): question (short name, shown in reports), as asked, [(answer, score)]
SURVEY_QUESTIONS = (
	(
		"کیفیت کار",
		"از کیفیت کاری که روی دستگاه شما انجام شد چقدر راضی هستید؟",
		(("عالی", 4), ("خوب", 3), ("متوسط", 2), ("ضعیف", 1), ("خیلی ضعیف", 0)),
	),
	(
		"برخورد تکنسین",
		"از برخورد و رفتار تکنسین چقدر راضی بودید؟",
		(("عالی", 4), ("خوب", 3), ("متوسط", 2), ("ضعیف", 1), ("خیلی ضعیف", 0)),
	),
	(
		"مراجعه به موقع",
		"آیا تکنسین در زمان هماهنگ‌شده مراجعه کرد؟",
		(("بله، به موقع", 2), ("با کمی تاخیر", 1), ("خیر، با تاخیر زیاد", 0)),
	),
	(
		"هزینه خارج از فاکتور",
		"آیا مبلغی بیش از فاکتور رسمی از شما دریافت شد؟",
		(("خیر", 1), ("بله", 0)),
	),
	(
		"پیشنهاد به دیگران",
		"چقدر احتمال دارد خدمات ما را به دوستان و آشنایان پیشنهاد کنید؟",
		(("حتماً", 4), ("احتمالاً", 3), ("مطمئن نیستم", 2), ("بعید است", 1), ("هرگز", 0)),
	),
)
# the default template (After Sales Settings): name, [(question, weight)]
SURVEY_TEMPLATE = (
	"نظرسنجی پس از خدمت",
	(
		("کیفیت کار", 2),
		("برخورد تکنسین", 1),
		("مراجعه به موقع", 1),
		("هزینه خارج از فاکتور", 2),
		("پیشنهاد به دیگران", 1),
	),
)
