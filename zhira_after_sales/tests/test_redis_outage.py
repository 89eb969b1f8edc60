"""Redis (the cache) unavailable for a moment (issue 21 §4): requests do not hang, and they
succeed again once it is back. A private redis-server on port 13051 stands in for the cache of
this test process (the bench's shared redis is never touched); requests go through the site's
real WSGI application (tests/rest.py)."""

import shutil
import socket
import subprocess
import time

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.tests.factories import TEST_IGNORE
from zhira_after_sales.tests.rest import _Call, api_credentials

test_ignore = TEST_IGNORE

PORT = 13051
PATHS = (
	"/api/method/frappe.auth.get_logged_user",
	"/api/resource/Warranty Plan?limit_page_length=1",
	"/api/method/frappe.client.get_count?doctype=Warranty%20Card",
)


def redis_says(command: bytes) -> bytes:
	with socket.create_connection(("127.0.0.1", PORT), timeout=1) as s:
		s.sendall(command + b"\r\n")
		return s.recv(64)


def redis_is_up() -> bool:
	try:
		return redis_says(b"PING").startswith(b"+PONG")
	except OSError:
		return False


class TestRedisOutage(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not shutil.which("redis-server"):
			raise cls.failureException("redis-server is not installed")
		if redis_is_up():
			raise cls.failureException(f"port {PORT} is taken: this test needs it for its own redis")
		cls.auth = api_credentials("Administrator")
		cls.saved = (frappe.cache, frappe.local.conf.get("redis_cache"))

	@classmethod
	def tearDownClass(cls):
		cls.stop_redis()
		frappe.cache, frappe.local.conf.redis_cache = cls.saved
		super().tearDownClass()

	@classmethod
	def start_redis(cls):
		cls.redis = subprocess.Popen(
			["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)
		deadline = time.monotonic() + 10
		while not redis_is_up():
			if time.monotonic() > deadline:
				raise cls.failureException("the test's redis-server did not start")
			time.sleep(0.05)

	@classmethod
	def stop_redis(cls):
		redis = getattr(cls, "redis", None)
		if redis and redis.poll() is None:
			redis.terminate()
			redis.wait(timeout=10)

	def use_test_redis(self):
		frappe.local.conf.redis_cache = f"redis://127.0.0.1:{PORT}"
		frappe.cache = None
		frappe.setup_redis_cache_connection()

	def request(self, path: str):
		started = time.monotonic()
		call = _Call("GET", path, {"Authorization": self.auth, "Accept": "application/json"})
		call.start()
		call.join(timeout=60)
		self.assertFalse(call.is_alive(), f"{path} hangs without redis")
		return call.response, time.monotonic() - started

	def test_requests_fail_clearly_or_answer_while_redis_is_down_and_recover(self):
		self.start_redis()
		self.use_test_redis()
		for path in PATHS:
			response, _ = self.request(path)
			self.assertEqual(response.status_code, 200, (path, response.get_data(as_text=True)[:300]))
		self.assertNotEqual(redis_says(b"DBSIZE").strip(), b":0", "the requests did not use the test's redis")

		self.stop_redis()
		self.assertFalse(redis_is_up())
		observed = []
		for path in PATHS:
			response, seconds = self.request(path)
			body = response.get_data(as_text=True)
			observed.append((path, response.status_code, round(seconds, 2), body[:160]))
			self.assertLess(seconds, 30, path)
			if response.status_code != 200:
				self.assertGreaterEqual(response.status_code, 500, (path, body[:300]))
				self.assertTrue(body.strip(), f"{path} failed with an empty body")
		print("\nwith redis down:", *observed, sep="\n  ")

		self.start_redis()
		for path in PATHS:
			response, _ = self.request(path)
			self.assertEqual(response.status_code, 200, (path, response.get_data(as_text=True)[:300]))
