# shellcheck shell=bash
# Sourced by dev/setup: functions only, using its settings and helpers (step, note, warn, die, conf_get, bench).
# ---------------------------------------------------------------------------------------------
init_bench() {
	step "bench at $FRAPPE_BENCH"
	if [ -d "$FRAPPE_BENCH/apps/frappe" ] && [ -x "$FRAPPE_BENCH/env/bin/python" ] && [ -f "$CONF" ]; then
		note "exists: not initialised again"
	elif [ -e "$FRAPPE_BENCH" ]; then
		die "$FRAPPE_BENCH exists but is not a complete bench (an interrupted bench init?). Move it away or remove it and run again, or choose another FRAPPE_BENCH."
	else
		note "bench init: Frappe $FRAPPE_BRANCH from $FRAPPE_SOURCE (several minutes)"
		local cwd="$PWD"
		if [ "$(id -u)" -eq 0 ]; then
			# bench refuses to run as root unless the bench names a frappe_user; `bench init` reads
			# that from the common_site_config.json of the directory it is started in
			cwd="$(mktemp -d)"
			mkdir -p "$cwd/sites"
			echo '{"frappe_user": "root"}' >"$cwd/sites/common_site_config.json"
		fi
		if ! (cd "$cwd" && command bench init "$FRAPPE_BENCH" --frappe-path "$FRAPPE_SOURCE" \
			--frappe-branch "$FRAPPE_BRANCH" --python "$PYTHON" --skip-assets --no-backups); then
			rm -rf "$FRAPPE_BENCH"
			die "bench init failed (output above); the half-made $FRAPPE_BENCH was removed"
		fi
		[ "$cwd" = "$PWD" ] || rm -rf "$cwd"
		# no `bench watch` in `bench start`: `bench build` makes the assets; run `bench watch` yourself
		# while you work on JavaScript
		sed -i '/^watch:/d' "$FRAPPE_BENCH/Procfile"
	fi
	# Frappe v15's dropbox and google-api-python-client import pkg_resources, which setuptools 82
	# removed (frappe/bench#1698): without it `bench new-site` fails at "Dropbox Settings"
	if ! (cd "$FRAPPE_BENCH/sites" && ../env/bin/python -W ignore -c 'import pkg_resources' 2>/dev/null); then
		note "setuptools<82 in the bench's environment (pkg_resources)"
		bench pip install --quiet "setuptools<82"
	fi
	if [ "$(id -u)" -eq 0 ]; then
		[ "$(conf_get frappe_user)" = root ] || warn "running as root: bench allows it only with frappe_user=root in sites/common_site_config.json, which this sets. Use an ordinary user on anything but a throwaway machine or container."
		conf_set frappe_user '"root"'
	fi
	[ "$DEVELOPER_MODE" != 1 ] || conf_set developer_mode 1
	conf_set root_login "$("$PY" -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$DB_ROOT_USER")"
	conf_set root_password "$("$PY" -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$DB_ROOT_PASSWORD")"
}

# is the app importable from the bench's Python, from the folder in apps/?
in_bench_env() {
	# from sites/, as bench runs it (from anywhere else the current directory may shadow the app)
	(cd "$FRAPPE_BENCH/sites" && ../env/bin/python - "$1" "$FRAPPE_BENCH/apps/$1" <<'PY' 2>/dev/null
import importlib.util, os, sys
spec = importlib.util.find_spec(sys.argv[1])
here = spec and os.path.realpath(os.path.dirname(spec.origin))
sys.exit(0 if here == os.path.realpath(os.path.join(sys.argv[2], sys.argv[1])) else 1)
PY
	)
}

# apps.txt lists one app per line; bench writes it without a final newline
add_to_apps_txt() {
	"$PY" - "$FRAPPE_BENCH/sites/apps.txt" "$1" <<'PY'
import os, sys
path, app = sys.argv[1], sys.argv[2]
text = open(path).read() if os.path.exists(path) else ""
apps = [line.strip() for line in text.splitlines() if line.strip()]
if app not in apps:
    with open(path, "a") as f:
        f.write(("" if text == "" or text.endswith("\n") else "\n") + app + "\n")
    print(f"    added {app} to sites/apps.txt")
PY
}

get_erpnext() {
	step "ERPNext $ERPNEXT_BRANCH"
	if [ -d "$FRAPPE_BENCH/apps/erpnext" ]; then
		note "apps/erpnext exists: not fetched again"
		in_bench_env erpnext || bench pip install --quiet -e apps/erpnext
		add_to_apps_txt erpnext
	else
		note "bench get-app from $ERPNEXT_SOURCE"
		bench get-app --branch "$ERPNEXT_BRANCH" --skip-assets "$ERPNEXT_SOURCE"
	fi
}

link_app() {
	step "this checkout as apps/$APP"
	local link="$FRAPPE_BENCH/apps/$APP"
	if [ -L "$link" ]; then
		if [ "$(readlink -f "$link")" != "$ROOT" ]; then
			warn "apps/$APP pointed to $(readlink "$link"); it now points to $ROOT"
			ln -sfn "$ROOT" "$link"
		else
			note "linked already"
		fi
	elif [ -e "$link" ]; then
		warn "apps/$APP is a directory, not a link to this checkout: the bench runs that copy, not $ROOT. Move it away and run again to use this checkout."
	else
		ln -s "$ROOT" "$link"
		note "apps/$APP -> $ROOT"
	fi
	if ! in_bench_env "$APP"; then
		note "installing it into the bench's Python environment"
		bench pip install --quiet -e "apps/$APP"
	fi
	add_to_apps_txt "$APP"
	note "yarn install (the desk bundles' npm dependencies)"
	(cd "$FRAPPE_BENCH/apps/$APP" && yarn install --frozen-lockfile --non-interactive --silent)
}

# which apps' built assets are missing (or, for this app, older than its sources)
stale_assets() {
	"$PY" - "$FRAPPE_BENCH" "$APP" <<'PY'
import json, os, sys
bench, app = sys.argv[1], sys.argv[2]
sites = os.path.join(bench, "sites")
built = {}
for name in ("assets.json", "assets-rtl.json"):
    path = os.path.join(sites, "assets", name)
    if os.path.exists(path):
        for url in json.load(open(path)).values():
            built.setdefault(url.split("/")[2], []).append(os.path.join(sites, url.lstrip("/")))
for name in ("frappe", "erpnext", app):
    files = built.get(name)
    if not files or not all(os.path.exists(f) for f in files):
        print(name)
        continue
    if name == app:
        root = os.path.realpath(os.path.join(bench, "apps", app))
        sources = [os.path.join(root, "package.json"), os.path.join(root, "yarn.lock")]
        for folder, dirs, names in os.walk(os.path.join(root, app, "public")):
            dirs[:] = [d for d in dirs if d not in ("dist", "node_modules")]
            sources += [os.path.join(folder, n) for n in names]
        newest = max(os.path.getmtime(f) for f in sources if os.path.exists(f))
        if newest > min(os.path.getmtime(f) for f in files):
            print(name)
PY
}

build_assets() {
	step "assets"
	local stale
	stale="$(stale_assets)"
	if [ -z "$stale" ]; then
		note "built and up to date"
	elif grep -qxE 'frappe|erpnext' <<<"$stale"; then
		note "bench build (all apps; a few minutes)"
		bench build
	else
		note "bench build --app $APP"
		bench build --app "$APP"
	fi
}

