from zhira_after_sales.setup.install import create_sms_templates


def execute():
	create_sms_templates()
