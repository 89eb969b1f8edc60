"""`.ci/run --bench-only` against a stock-looking bench whose `bench` command is a stand-in that
records each call and changes the bench the way the real one does (a site folder, rebuilt asset
manifests). Whatever step fails, and when the run is killed, the bench is left byte for byte as it
was: sites/apps.txt (written by `bench init` without a trailing newline), apps/, sites/."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = "zhira-ci-fake.localhost"

FAKE_BENCH = r"""#!/usr/bin/env bash
# stand-in for the bench CLI: logs its arguments, changes the bench like the real one
echo "$*" >>"$FAKE_LOG"
args=("$@")
[ "${args[0]}" = "--site" ] && args=("${args[@]:2}")
cmd="${args[0]}"
[ "$cmd" = "$FAKE_FAIL" ] && { mkdir -p "sites/$ZHIRA_CI_SITE/half-made"; echo "fake failure of $cmd"; exit 1; }
case "$cmd" in
	new-site) mkdir -p "sites/${args[1]}" && echo '{}' >"sites/${args[1]}/site_config.json" ;;
	drop-site) rm -rf "sites/${args[1]}" ;;
	build) echo '{"zhira.bundle.js": "/assets/zhira_after_sales/dist/new.js"}' >sites/assets/assets.json; touch sites/.build
		# like bench build: the app's assets are linked to the app it builds
		ln -sfn "$(readlink -f apps/zhira_after_sales)/zhira_after_sales/public" sites/assets/zhira_after_sales ;;
	run-tests) [ -n "$FAKE_SLEEP" ] && sleep "$FAKE_SLEEP"; printf 'Ran 3 tests in 0.1s\n\nOK\n' ;;
esac
exit 0
"""


def snapshot(bench: Path) -> dict:
	"""Every path under apps/ and sites/ with its bytes (or link target)."""
	state = {}
	for top in ("apps", "sites"):
		for path in sorted((bench / top).rglob("*")):
			key = str(path.relative_to(bench))
			if path.is_symlink():
				state[key] = "-> " + os.readlink(path)
			elif path.is_file():
				state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
			else:
				state[key] = "dir"
	return state


@pytest.fixture
def bench(tmp_path):
	root = tmp_path / "frappe-bench"
	subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "env")], check=True)
	(root / "apps" / "frappe").mkdir(parents=True)
	(root / "apps" / "erpnext").mkdir()
	(root / "sites" / "assets").mkdir(parents=True)
	(root / "sites" / "apps.txt").write_bytes(b"frappe\nerpnext")  # as `bench init` leaves it
	(root / "sites" / "assets" / "assets.json").write_text('{"zhira.bundle.js": "/assets/old.js"}')
	# the developer's built assets (served from their checkout)
	(root / "sites" / "assets" / "zhira_after_sales").symlink_to(tmp_path / "checkout" / "public")
	(root / "sites" / "common_site_config.json").write_text('{"root_login": "root", "root_password": "x"}')
	(root / "sites" / "dev.localhost").mkdir()
	(root / "sites" / "dev.localhost" / "site_config.json").write_text("{}")
	tools = tmp_path / "bin"
	tools.mkdir()
	(tools / "bench").write_text(FAKE_BENCH)
	(tools / "bench").chmod(0o755)
	return root


def start(bench: Path, tmp_path: Path, fail: str = "", sleep: str = ""):
	env = {
		**os.environ,
		"PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}",
		"FRAPPE_BENCH": str(bench),
		"ZHIRA_CI_SITE": SITE,
		"ZHIRA_CI_BROWSER": "0",
		"ZHIRA_YARN": "true",  # no yarn needed for a stand-in build
		"ZHIRA_CI_VENV": os.environ.get("ZHIRA_CI_VENV", str(Path(sys.executable).parent.parent)),
		"ZHIRA_CI_OUT": str(tmp_path / "out"),
		"FAKE_LOG": str(tmp_path / "bench.log"),
		"FAKE_FAIL": fail,
		"FAKE_SLEEP": sleep,
	}
	return subprocess.Popen(
		["bash", str(ROOT / ".ci" / "run"), "--bench-only"],
		env=env,
		stdout=subprocess.PIPE,
		stderr=subprocess.STDOUT,
		text=True,
		start_new_session=True,
	)


def finish(process) -> tuple[int, str]:
	output, _ = process.communicate(timeout=300)
	return process.returncode, output


def test_a_full_run_on_a_stock_bench_leaves_it_as_it_was(bench, tmp_path):
	before = snapshot(bench)
	code, output = finish(start(bench, tmp_path))
	log = (tmp_path / "bench.log").read_text()
	assert f"new-site {SITE}" in log, output
	assert f"--site {SITE} run-tests --app zhira_after_sales" in log
	assert "ran (3 bench tests on a fresh site)" in output
	assert "skipped: browser tests (ZHIRA_CI_BROWSER=0)" in output
	assert "erpnextzhira_after_sales" not in output
	assert snapshot(bench) == before
	assert (bench / "sites" / "apps.txt").read_bytes() == b"frappe\nerpnext"
	# the stand-in cannot pass the uninstall check (no real Frappe): that step fails honestly
	assert code != 0 and "nothing of zhira_after_sales left after uninstall" in output


@pytest.mark.parametrize("step", ["new-site", "install-app", "build", "run-tests"])
def test_a_failing_bench_step_fails_the_run_and_the_bench_is_put_back(bench, tmp_path, step):
	before = snapshot(bench)
	code, output = finish(start(bench, tmp_path, fail=step))
	assert code != 0
	assert "bench tests: skipped" not in output
	assert "FAILED" in output
	assert snapshot(bench) == before, output


def test_a_killed_run_puts_the_bench_back(bench, tmp_path):
	before = snapshot(bench)
	process = start(bench, tmp_path, sleep="30")
	log = tmp_path / "bench.log"
	deadline = time.time() + 120
	while time.time() < deadline and "run-tests" not in (log.read_text() if log.exists() else ""):
		time.sleep(0.2)
	assert snapshot(bench) != before  # the run had changed the bench
	os.killpg(process.pid, signal.SIGTERM)
	code, output = finish(process)
	assert code != 0
	assert snapshot(bench) == before, output


def test_no_bench_is_a_skip_not_a_failure(tmp_path):
	env = {**os.environ, "FRAPPE_BENCH": str(tmp_path / "nothing-here"), "ZHIRA_YARN": "true"}
	env["ZHIRA_CI_OUT"] = str(tmp_path / "out")
	env["ZHIRA_CI_VENV"] = os.environ.get("ZHIRA_CI_VENV", str(Path(sys.executable).parent.parent))
	result = subprocess.run(
		["bash", str(ROOT / ".ci" / "run"), "--bench-only"],
		env=env,
		capture_output=True,
		text=True,
		timeout=300,
	)
	assert result.returncode == 0, result.stdout
	assert "0 passed, 0 failed, 1 skipped" in result.stdout
	assert "skipped: bench tests: no bench at" in result.stdout
