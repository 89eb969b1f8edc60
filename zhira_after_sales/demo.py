"""The old dotted path of the demo data (`bench execute zhira_after_sales.demo.setup`); the code
lives in zhira_after_sales.setup.demo."""

from zhira_after_sales.setup.demo import setup  # noqa: F401
