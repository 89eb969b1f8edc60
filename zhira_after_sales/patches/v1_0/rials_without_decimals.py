from zhira_after_sales.setup.install import rials_without_decimals


def execute():
	rials_without_decimals()
