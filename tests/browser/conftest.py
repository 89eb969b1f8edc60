"""Fixtures for browser tests: Playwright for Python driving Debian's Chromium against a running site.

.ci/run starts `bench --site $ZHIRA_SITE serve` after loading the demo data and runs
`pytest tests/browser` with ZHIRA_BASE_URL and ZHIRA_SITE set (Administrator's password `admin`,
or ZHIRA_ADMIN_PASSWORD). To run them against your own dev server:

    ZHIRA_BASE_URL=http://127.0.0.1:8100 ZHIRA_SITE=<site> python -m pytest tests/browser

Fixtures:
- `admin`: a REST session as Administrator (tests.browser.desk.Rest).
- `browser`: one headless Chromium per test module.
- `make_user(email, language="en", roles=(...), time_zone=None, **user_fields)`: a desk user
  created or updated through REST; returns its email. Password: USER_PASSWORD.
- `open_as(user, path, viewport=PHONE, password=DEMO_PASSWORD)`: a logged-in page on a portal path
  (the agency portal, the technician app); the same screenshots and JavaScript checks.
- `page_as(email)`: a new logged-in page (own cookies) on /app; JavaScript errors on the page fail
  the test. Closed after the test.
- `shot(page, name)`: saves tests/browser/screenshots/<test>-<name>.png (gitignored) - look at them.
  A failing test's pages are saved as <test>-failed-<n>.png.
"""

import pytest

from tests.browser.desk import (
	ADMIN_PASSWORD,
	BASE_URL,
	CHROMIUM,
	CHROMIUM_ARGS,
	DEMO_PASSWORD,
	PHONE,
	Rest,
	ensure_user,
	goto,
	logged_in_pages,
	screenshot,
)

USER_PASSWORD = "Browser-Test-1405!"
VIEWPORT = {"width": 1440, "height": 900}  # wide enough for six list view columns


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
	outcome = yield
	report = outcome.get_result()
	if report.when == "call" and report.failed:
		item.zhira_failed = True


@pytest.fixture(scope="session")
def admin() -> Rest:
	return Rest("Administrator", ADMIN_PASSWORD)


# module scope: Playwright's sync API allows one instance at a time, and a test module may start
# its own
@pytest.fixture(scope="module")
def playwright_instance():
	from playwright.sync_api import sync_playwright

	with sync_playwright() as playwright:
		yield playwright


@pytest.fixture(scope="module")
def browser(playwright_instance):
	browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
	yield browser
	browser.close()


@pytest.fixture(scope="session")
def make_user(admin):
	made = {}

	def make(
		email: str,
		language: str = "en",
		roles=("System Manager",),
		time_zone: str | None = None,
		**fields,
	) -> str:
		key = (email, language, tuple(roles), time_zone, tuple(sorted(fields.items())))
		if made.get(email) != key:
			ensure_user(admin, email, USER_PASSWORD, language, roles, time_zone, **fields)
			made[email] = key
		return email

	return make


@pytest.fixture
def page_as(browser, request):
	with logged_in_pages(browser, request) as new_page:

		def open_page(email: str, route: str = "", password: str = USER_PASSWORD):
			page = new_page(email, password, viewport=VIEWPORT)
			goto(page, route)
			return page

		yield open_page


@pytest.fixture
def open_as(browser, request):
	"""A portal page (/agency, /tech ...) as a logged-in user: open_as(user, path, viewport=PHONE,
	password=DEMO_PASSWORD) -> page."""
	with logged_in_pages(browser, request) as new_page:

		def open_page(user: str, path: str, viewport=PHONE, password: str = DEMO_PASSWORD):
			page = new_page(user, password, viewport=viewport)
			page.goto(f"{BASE_URL}{path}")
			return page

		yield open_page


@pytest.fixture
def shot(request):
	def take(page, name: str, full_page: bool = False):
		return screenshot(page, f"{request.node.name}-{name}", full_page=full_page)

	return take
