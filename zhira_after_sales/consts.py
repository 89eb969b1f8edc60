"""Names shared across the app's modules."""

# roles
HEAD_OFFICE_ROLES = ("System Manager", "After Sales Manager", "Reception Operator")
MANAGER_ROLE = "After Sales Manager"
OPERATOR_ROLE = "Reception Operator"
AGENCY_ROLE = "Service Agency"
TECHNICIAN_ROLE = "Service Technician"

# Service Status categories: a reception in one of these is closed
CANCELLED_CATEGORY = "Cancelled"
CLOSED_CATEGORIES = ("Completed", CANCELLED_CATEGORY)

# the agencies' groups, warehouse groups and consignment stock account (made per company)
AGENCY_CUSTOMER_GROUP = "نمایندگی‌های خدمات"
AGENCY_SUPPLIER_GROUP = "نمایندگی‌های خدمات"
CONSIGNMENT_GROUP = "انبار امانی نمایندگی‌ها"
DEFECTIVE_GROUP = "انبار قطعات داغی نمایندگی‌ها"
CONSIGNMENT_ACCOUNT = "موجودی امانی نزد نمایندگی‌ها"
WAGES_ACCOUNT = "دستمزد خدمات نمایندگی‌ها"  # Agency Service Wages, under Direct Expenses
WARRANTY_COST_ACCOUNT = "هزینه گارانتی"  # Warranty Cost: warranty parts issued from consignment
WAGE_ITEM_PREFIX = "دستمزد"  # wage items: "<prefix> <service type>", non-stock
UNRETURNED_PART_ACCOUNT = "درآمد قطعات داغی برگشت‌نشده"  # Unreturned Part Charges, under Direct Income
UNRETURNED_PART_ITEM = "جریمه قطعه داغی برگشت‌نشده"  # non-stock charge item billed to agencies
PART_REPAIR_ACCOUNT = "هزینه تعمیر قطعات"  # Part Repair Cost: added to a repaired part's value
