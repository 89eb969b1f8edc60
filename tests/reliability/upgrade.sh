#!/usr/bin/env bash
# Upgrade test: a site made by an earlier version of the app, with that version's data, migrates
# to this checkout and keeps its records.
#
#   bash tests/reliability/upgrade.sh <bench> <site> [<git ref>]
#
# 1. `git archive <ref>` of this repository into a temporary folder, which becomes the bench's
#    apps/zhira_after_sales (link and .pth);
# 2. a new site <site> (from ZHIRA_UPGRADE_FROM_SQL, a fresh ERPNext site's database backup, when
#    set: much faster than installing ERPNext), install-app, a company (that version's
#    before_tests) and that version's demo data;
# 3. upgrade_records.py snapshot; the bench's link and .pth back to what they were (this checkout
#    in CI); `bench --site <site> migrate`; upgrade_records.py compare;
# 4. <site> dropped and the temporary folder removed.
# Whatever happens (a failed step, Ctrl-C, a kill), the link and .pth are put back as .ci/run
# puts the bench back: recorded first, restored on EXIT.
#
# The default ref is the repository's first commit, the oldest version that installs on ERPNext
# 15 and has demo data: every patch in patches.txt runs on the way up. Exit 0: the records
# survived; 1: they did not or a step failed; 3: the ref is not in this clone (shallow).
# Environment: ZHIRA_DB_ROOT_USER / ZHIRA_DB_ROOT_PASSWORD (else the bench's root_login /
# root_password), ZHIRA_UPGRADE_FROM_SQL, ZHIRA_CI_OUT (logs; default /tmp).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
APP=zhira_after_sales
BENCH="$(cd "${1:?bench path}" && pwd)"
SITE="${2:?site name}"
REF="${3:-4043946}"
LOG="${ZHIRA_CI_OUT:-/tmp}/upgrade-$SITE.log"
BEFORE="${ZHIRA_CI_OUT:-/tmp}/upgrade-$SITE-before.json"
export FRAPPE_BENCH_ROOT="$BENCH"
PY="$BENCH/env/bin/python"
LINK="$BENCH/apps/$APP"
PTH="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/$APP.pth"
config() { "$PY" -c "import json;print(json.load(open('$BENCH/sites/common_site_config.json')).get('$1','$2'))"; }
DB_USER="${ZHIRA_DB_ROOT_USER:-$(config root_login root)}"
DB_PASS="${ZHIRA_DB_ROOT_PASSWORD:-$(config root_password '')}"

if ! git -C "$ROOT" cat-file -e "$REF^{commit}" 2>/dev/null; then
	echo "upgrade test: $REF is not in this clone of the repository (a shallow clone?)"
	exit 3
fi
if [ ! -L "$LINK" ]; then
	echo "upgrade test: $LINK is not a link; the test relinks it and will not touch a folder"
	exit 1
fi

TMP="$(mktemp -d /tmp/zhira-upgrade.XXXXXX)"
SAVED_LINK="$(readlink "$LINK")"
cp -p "$PTH" "$TMP/pth.saved"
RESTORED=""
drop_site() {
	(cd "$BENCH" && bench drop-site "$SITE" --force --no-backup \
		--db-root-username "$DB_USER" --db-root-password "$DB_PASS" >/dev/null 2>&1)
	rm -rf "${BENCH:?}/sites/$SITE" "${BENCH:?}/archived/sites/$SITE" "${BENCH:?}/archived/sites/$SITE"-*
}
restore_link() {
	[ -n "$RESTORED" ] && return 0
	RESTORED=1
	ln -sfn "$SAVED_LINK" "$LINK"
	cp -p "$TMP/pth.saved" "$PTH"
}
on_exit() {
	local status=$?
	trap '' INT TERM # finish putting the bench back even if interrupted again
	restore_link
	drop_site
	rm -rf "$TMP"
	exit "$status"
}
trap on_exit EXIT
trap 'echo "interrupted"; exit 130' INT
trap 'echo "terminated"; exit 143' TERM

step() { # step <label> <command...>: run in the bench, output to the log; stop the test on failure
	local label="$1" started=$SECONDS
	shift
	printf '$ %s\n' "$*" >>"$LOG"
	if (cd "$BENCH" && "$@") >>"$LOG" 2>&1; then
		printf '  %-58s %4d s\n' "$label" $((SECONDS - started))
		return 0
	fi
	tail -n 30 "$LOG"
	echo "upgrade test: $label FAILED (log: $LOG)"
	exit 1
}

: >"$LOG"
echo "upgrade test: $APP at $(git -C "$ROOT" log -1 --format='%h (%cs) %s' "$REF" | cut -c1-90)"
mkdir -p "$TMP/app"
git -C "$ROOT" archive "$REF" | tar -x -C "$TMP/app" || exit 1
ln -sfn "$TMP/app" "$LINK"
printf '%s\n' "$TMP/app" >"$PTH"

drop_site
if [ -n "${ZHIRA_UPGRADE_FROM_SQL:-}" ]; then
	step "new site from a fresh ERPNext site's backup" bench new-site "$SITE" --admin-password admin \
		--db-root-username "$DB_USER" --db-root-password "$DB_PASS" --mariadb-user-host-login-scope=127.0.0.1 \
		--source-sql "$ZHIRA_UPGRADE_FROM_SQL"
else
	step "new site with ERPNext" bench new-site "$SITE" --admin-password admin \
		--db-root-username "$DB_USER" --db-root-password "$DB_PASS" --mariadb-user-host-login-scope=127.0.0.1 \
		--install-app erpnext
fi
step "install-app $APP ($REF)" bench --site "$SITE" install-app "$APP"
step "a company (that version's before_tests)" bench --site "$SITE" execute "$APP.setup.install.before_tests"
step "that version's demo data" bench --site "$SITE" execute "$APP.demo.setup"
step "record what it made" "$PY" "$HERE/upgrade_records.py" snapshot "$BENCH" "$SITE" "$BEFORE"
grep "earlier version's records" "$LOG" | cut -c1-400

restore_link
step "migrate to $SAVED_LINK" bench --site "$SITE" migrate
echo "  patches run by the migrate: $(grep -c '^Executing .*patches' "$LOG")"
cd "$BENCH" || exit 1
"$PY" "$HERE/upgrade_records.py" compare "$BENCH" "$SITE" "$BEFORE" 2>>"$LOG"
