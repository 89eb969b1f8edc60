from zhira_after_sales.setup.custom_fields import apply_custom_fields


def execute():
	apply_custom_fields()
