"""The demo data set: models, parts, defects, rates, agencies, customers, receptions and warranty
plans, in Persian (zhira_after_sales.setup.demo makes the records)."""

DEMO_PASSWORD = "Zhira-demo-1405"

ITEM_GROUPS = (
	# name, parent (None = root)
	("لوازم خانگی ژیرا", None, 1),
	("آبگرمکن", "لوازم خانگی ژیرا", 0),
	("کولر آبی", "لوازم خانگی ژیرا", 0),
	("پکیج گرمایشی", "لوازم خانگی ژیرا", 0),
	("قطعات یدکی", None, 0),
)

BRAND = "ژیرا"

# code, name, group, serial series, valuation, selling price
DEVICES = (
	("ZH-WH50", "آبگرمکن گازی ۵۰ لیتری ژیرا", "آبگرمکن", "WH50-.#####", 180_000_000, 240_000_000),
	("ZH-WH80", "آبگرمکن گازی ۸۰ لیتری ژیرا", "آبگرمکن", "WH80-.#####", 230_000_000, 310_000_000),
	("ZH-CL35", "کولر آبی ۳۵۰۰ ژیرا", "کولر آبی", "CL35-.#####", 150_000_000, 205_000_000),
	("ZH-CL55", "کولر آبی ۵۵۰۰ ژیرا", "کولر آبی", "CL55-.#####", 210_000_000, 285_000_000),
	("ZH-BL24", "پکیج دیواری ۲۴ هزار ژیرا", "پکیج گرمایشی", "BL24-.#####", 420_000_000, 560_000_000),
)

# code, name, serial series (None: not serialised), valuation, selling price
PARTS = (
	("PRT-PUMP", "پمپ آب کولر", None, 8_000_000, 12_000_000),
	("PRT-MOTOR", "موتور کولر", "MTR-.#####", 20_000_000, 28_000_000),
	("PRT-THERMO", "ترموستات آبگرمکن", None, 3_500_000, 5_200_000),
	("PRT-IGNITER", "جرقه زن پکیج", None, 2_200_000, 3_400_000),
	("PRT-PAD", "پوشال سلولزی کولر", None, 1_500_000, 2_300_000),
)

# code, name, item group, parent code
DEFECTS = (
	("WH", "عیوب آبگرمکن", "آبگرمکن", None),
	("WH-NOFIRE", "شعله روشن نمی‌شود", None, "WH"),
	("WH-TANKLEAK", "نشتی مخزن", None, "WH"),
	("WH-NOHOT", "آب گرم نمی‌شود", None, "WH"),
	("CL", "عیوب کولر آبی", "کولر آبی", None),
	("CL-PUMP", "پمپ آب کار نمی‌کند", None, "CL"),
	("CL-MOTOR", "موتور صدا می‌دهد", None, "CL"),
	("CL-WATER", "آب پاشی از دریچه", None, "CL"),
	("BL", "عیوب پکیج", "پکیج گرمایشی", None),
	("BL-PRESSURE", "افت فشار آب", None, "BL"),
	("BL-IGNITION", "خطای جرقه", None, "BL"),
	("BL-RADIATOR", "رادیاتورها گرم نمی‌شوند", None, "BL"),
)

# service type, item group, agency wage, customer price
RATES = (
	("نصب", "آبگرمکن", 6_000_000, 9_000_000),
	("نصب", "کولر آبی", 8_000_000, 12_000_000),
	("نصب", "پکیج گرمایشی", 15_000_000, 22_000_000),
	("تعمیر گارانتی", "لوازم خانگی ژیرا", 4_500_000, 0),
	("تعمیر آزاد", "لوازم خانگی ژیرا", 4_500_000, 7_500_000),
	("سرویس دوره ای", "کولر آبی", 3_000_000, 5_000_000),
	("سرویس دوره ای", "پکیج گرمایشی", 5_000_000, 8_000_000),
)

# code, name, territory, city, mobile, phone, portal user, technicians [(name, mobile)]
AGENCIES = (
	(
		"TEH-01",
		"نمایندگی مرکزی تهران - رضایی",
		"تهران",
		"تهران",
		"09121110001",
		"02188001001",
		"agency.tehran@demo.zhira.ir",
		(("علی محمدی", "09121110011"), ("حسین کریمی", "09121110012")),
	),
	(
		"ISF-01",
		"نمایندگی اصفهان - نوری",
		"اصفهان",
		"اصفهان",
		"09131110002",
		"03132001002",
		"agency.isfahan@demo.zhira.ir",
		(("مهدی احمدی", "09131110021"), ("رضا صادقی", "09131110022")),
	),
	(
		"MSH-01",
		"نمایندگی مشهد - توکلی",
		"خراسان رضوی",
		"مشهد",
		"09151110003",
		"05138001003",
		"agency.mashhad@demo.zhira.ir",
		(("محسن رحیمی", "09151110031"),),
	),
	(
		"SHZ-01",
		"نمایندگی شیراز - جعفری",
		"فارس",
		"شیراز",
		"09171110004",
		"07136001004",
		"agency.shiraz@demo.zhira.ir",
		(("امیر حسینی", "09171110041"),),
	),
	(
		"TBZ-01",
		"نمایندگی تبریز - باقری",
		"آذربایجان شرقی",
		"تبریز",
		"09141110005",
		"04133001005",
		"agency.tabriz@demo.zhira.ir",
		(("یوسف عباسی", "09141110051"),),
	),
)

# name, mobile, landline, city, province, address
CUSTOMERS = (
	("مریم حسینی", "09123456701", "02144556677", "تهران", "تهران", "خیابان آزادی، کوچه بهار، پلاک ۱۲"),
	("محمد رضایی", "09123456702", "02122334455", "تهران", "تهران", "سعادت آباد، خیابان سرو، پلاک ۴"),
	("زهرا کاظمی", "09133456703", "03136612345", "اصفهان", "اصفهان", "خیابان چهارباغ بالا، پلاک ۸۰"),
	("علی اکبری", "09133456704", "03132221111", "اصفهان", "اصفهان", "خیابان نظر شرقی، پلاک ۱۵"),
	("فاطمه موسوی", "09153456705", "05137654321", "مشهد", "خراسان رضوی", "بلوار سجاد، پلاک ۲۲"),
	("حسن نجفی", "09173456706", "07132345678", "شیراز", "فارس", "خیابان زند، پلاک ۱۰۲"),
	("سارا قاسمی", "09143456707", "04135551234", "تبریز", "آذربایجان شرقی", "خیابان امام، پلاک ۷"),
	("رضا طاهری", "09123456708", "02633445566", "کرج", "البرز", "گوهردشت، بلوار موذن، پلاک ۳"),
	("نرگس شریفی", "09113456709", "01133224455", "ساری", "مازندران", "خیابان فرهنگ، پلاک ۹"),
	("امید فرهادی", "09163456710", "06133445566", "اهواز", "خوزستان", "کیانپارس، خیابان ۵، پلاک ۱۸"),
)

SERIALS_PER_DEVICE = 20

RECEPTIONS = (
	(0, [("ZH-WH50", 1, "تعمیر آزاد", "WH-NOFIRE")], "Phone"),
	(1, [("ZH-CL35", 2, "نصب", ""), ("ZH-WH80", 3, "تعمیر آزاد", "WH-NOHOT")], "Phone"),
	(2, [("ZH-BL24", 4, "تعمیر آزاد", "BL-PRESSURE, BL-IGNITION")], "Walk-in"),
	(3, [("ZH-CL55", 5, "سرویس دوره ای", "")], "Web"),
	(4, [("ZH-WH50", 6, "نصب", "")], "Phone"),
	(5, [("ZH-CL35", 7, "تعمیر آزاد", "CL-PUMP")], "Phone"),
	(6, [("ZH-BL24", 8, "تعمیر آزاد", "BL-RADIATOR")], "SMS"),
	(7, [("ZH-WH80", None, "نصب", "")], "Phone"),
)

WARRANTY_PLANS = (
	(
		"گارانتی 24 ماهه آبگرمکن",
		"آبگرمکن",
		24,
		"Sale",
		("تعمیر گارانتی",),
		None,
		"<ol><li>گارانتی از تاریخ فروش شروع می‌شود.</li><li>خرابی ناشی از نصب غیرمجاز یا نوسان گاز و برق مشمول گارانتی نیست.</li></ol>",
	),
	(
		"گارانتی 18 ماهه کولر آبی",
		"کولر آبی",
		18,
		"Installation",
		("تعمیر گارانتی",),
		("PRT-PUMP", "PRT-MOTOR"),
		"<ol><li>گارانتی از تاریخ نصب توسط نمایندگی مجاز شروع می‌شود.</li><li>پوشال و تسمه مشمول گارانتی نیستند.</li></ol>",
	),
	(
		"گارانتی 24 ماهه پکیج",
		"پکیج گرمایشی",
		24,
		"Warehouse Exit",
		("تعمیر گارانتی", "سرویس دوره ای"),
		None,
		"<ol><li>گارانتی از تاریخ خروج از انبار کارخانه شروع می‌شود.</li><li>سرویس سالانه رایگان است.</li></ol>",
	),
)

# Happy Calls of completed services (setup.demo.make_surveys): customer index, model, serial index,
# service type, days ago, outcome - the answer numbers for the default survey template's questions
# (quality, technician, on time, extra fee, recommend), or "Refused" / "Pending"
DEMO_SURVEYS = (
	(0, "ZH-WH80", 11, "تعمیر آزاد", 40, (1, 1, 1, 1, 1)),
	(1, "ZH-CL35", 12, "تعمیر آزاد", 33, (2, 1, 2, 1, 2)),
	(2, "ZH-WH50", 13, "نصب", 25, (2, 2, 1, 1, 2)),
	(3, "ZH-BL24", 14, "تعمیر آزاد", 18, (3, 2, 3, 1, 3)),
	(4, "ZH-CL55", 15, "نصب", 12, (1, 1, 1, 1, 1)),
	(5, "ZH-WH80", 16, "تعمیر آزاد", 6, (4, 3, 3, 2, 5)),
	(6, "ZH-CL35", 17, "تعمیر آزاد", 3, (2, 1, 1, 1, 1)),
	(2, "ZH-BL24", 18, "سرویس دوره ای", 2, "Refused"),
	(0, "ZH-WH50", 19, "تعمیر آزاد", 0, "Pending"),
)

# --- periodic service (setup.demo.make_periodic_service) ------------------------------------------

PERIODIC_SERVICE_TYPE = "سرویس دوره ای"

# parts a guide replaces that the catalogue above lacks: code, name, valuation, selling price
PERIODIC_PARTS = (("PRT-ANODE", "میله آند منیزیمی آبگرمکن", 1_200_000, 1_900_000),)

# guide name, item group, tasks [(task, every months, visits, counted from, only under warranty)],
# parts to replace [(task, item, qty)]
SERVICE_GUIDES = (
	(
		"سرویس دوره‌ای آبگرمکن",
		"آبگرمکن",
		(("تعویض میله آند و رسوب‌زدایی مخزن", 12, 3, "Last Service", 0),),
		(("تعویض میله آند و رسوب‌زدایی مخزن", "PRT-ANODE", 1),),
	),
	(
		"سرویس و شست‌وشوی کولر آبی",
		"کولر آبی",
		(("شست‌وشو و سرویس کولر", 6, 3, "Start Date", 1),),
		(("شست‌وشو و سرویس کولر", "PRT-PAD", 1),),
	),
	(
		"سرویس سالانه پکیج",
		"پکیج گرمایشی",
		(("سرویس سالانه و تنظیم احتراق پکیج", 12, 2, "Start Date", 0),),
		(),
	),
)

# plans of demo devices, driven through the daily job over the last weeks: serial, the first
# visit's due date in days from today (None: counted from the device's started warranty), what
# becomes of it
PERIODIC_PLANS = (
	("CL35-00002", None, "Planned"),  # the cooler installed by the demo: visits under its warranty
	("WH80-00011", 4, "Reminded"),
	("BL24-00018", -3, "Reception Created"),
	("BL24-00008", -30, "Overdue"),  # the agency has not done it in the grace days
	("BL24-00014", -10, "Done"),  # the agency's Periodic Service invoice is approved today
	("WH50-00019", 40, "Skipped"),
)
PERIODIC_SKIP_REASON = "مشتری تماس گرفت: میله آند را ماه گذشته در تعمیر آزاد عوض کرده‌اند."
PERIODIC_PAID = 8_000_000  # the customer's payment for the boiler's yearly service (its rate)
