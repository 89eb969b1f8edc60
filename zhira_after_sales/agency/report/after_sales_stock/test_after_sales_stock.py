# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""After-Sales Stock is tested with Stock Above Maximum, which sets up the same stock:
see ../stock_above_maximum/test_stock_above_maximum.py."""
