"""Old import path of zhira_after_sales.service_desk.status_service (HTTP clients of the old
endpoint paths are served by api/status.py through hooks.py `override_whitelisted_methods`)."""

from zhira_after_sales.service_desk.status_service import *
from zhira_after_sales.service_desk.status_service import apply_status, change_status_by_sms, source_for  # noqa: F401
