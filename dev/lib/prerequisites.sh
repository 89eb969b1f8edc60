# shellcheck shell=bash
# Sourced by dev/setup: functions only, using its settings and helpers (step, note, warn, die, conf_get, bench).
# ---------------------------------------------------------------------------------------------
check_prerequisites() {
	step "checking the machine"
	local problems=() db_client="" out version charset collation node_major
	local db_user="${DB_ROOT_USER:-$(conf_get root_login root)}"
	local db_password="${DB_ROOT_PASSWORD:-$(conf_get root_password)}"
	local db_host db_port
	db_host="$(conf_get db_host 127.0.0.1)"
	db_port="$(conf_get db_port 3306)"

	if ! "$PYTHON" -c 'import sys' >/dev/null 2>&1; then
		problems+=("Python: '$PYTHON' does not run. Install it:
      sudo apt-get install python3.11 python3.11-venv python3.11-dev
    (Ubuntu 24.04 and Debian 13 ship a newer Python: PYTHON=python3.12 dev/setup)")
	elif ! "$PYTHON" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] < (3, 14)))'; then
		version="$("$PYTHON" --version 2>&1 || true)"
		problems+=("Python: $version - Frappe v15 needs 3.10 to 3.13. Point PYTHON at one.")
	elif ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
		problems+=("Python: $PYTHON cannot create virtual environments. Install:
      sudo apt-get install $(basename "$PYTHON")-venv")
	else
		note "python: $("$PYTHON" --version 2>&1)"
	fi

	if ! command -v node >/dev/null; then
		problems+=("Node.js 18 or newer is missing. Debian 12: sudo apt-get install nodejs npm
    Ubuntu 22.04 (Node 12): curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash - && sudo apt-get install nodejs")
	else
		node_major="$(node -p 'process.versions.node.split(".")[0]')"
		if [ "$node_major" -lt 18 ]; then
			problems+=("Node.js $(node --version) is too old: Frappe v15 needs 18 or newer.
      curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash - && sudo apt-get install nodejs")
		else
			note "node: $(node --version)"
		fi
	fi

	if command -v yarn >/dev/null; then
		version="$(yarn --version 2>/dev/null || true)"
		if [[ "$version" != 1.* ]]; then
			problems+=("yarn on the PATH is '$version' ($(command -v yarn)); Frappe v15 needs Yarn 1 (classic).
    Put Yarn 1 first on the PATH (npm install --global yarn@$YARN_VERSION), or remove that yarn and let this script install one.")
		else
			note "yarn: $version ($(command -v yarn))"
		fi
	elif [ -x "$TOOLS_DIR/yarn/bin/yarn" ]; then
		note "yarn: $YARN_VERSION ($TOOLS_DIR/yarn)"
	elif ! command -v npm >/dev/null; then
		problems+=("No yarn and no npm to install it with. Install npm (sudo apt-get install npm; NodeSource's nodejs includes it).")
	else
		note "yarn: none on the PATH; Yarn $YARN_VERSION will be installed under $TOOLS_DIR/yarn"
	fi

	if command -v git >/dev/null; then note "git: $(git --version)"; else problems+=("git is missing: sudo apt-get install git"); fi

	if command -v redis-server >/dev/null; then
		version="$(redis-server --version | grep -oE 'v=[0-9.]+' | cut -d= -f2 || true)"
		if version_ge "$version" 6.0; then
			note "redis-server: $version (the bench runs its own instances)"
		else
			problems+=("Redis $version is too old: Frappe v15 needs 6 or newer (sudo apt-get install redis-server).")
		fi
	else
		problems+=("Redis is missing: sudo apt-get install redis-server
    (the bench starts its own redis-server processes; the system service is not needed)")
	fi

	if command -v mariadb >/dev/null; then db_client=mariadb; elif command -v mysql >/dev/null; then db_client=mysql; fi
	if [ -z "$db_client" ]; then
		problems+=("MariaDB is missing: sudo apt-get install mariadb-server mariadb-client")
	elif [ -z "$db_password" ]; then
		problems+=("MariaDB: Frappe logs in as '$db_user' over TCP ($db_host:$db_port) with a password, and none was given.
    Give it: DB_ROOT_PASSWORD=... dev/setup   (or DB_ROOT_USER=... for another user with GRANT OPTION)
    Debian lets root in only through the socket; to give root a password as well:
      sudo mariadb -e \"ALTER USER root@localhost IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('choose-one'); FLUSH PRIVILEGES;\"
    If the server runs with skip-name-resolve, TCP logins come from root@127.0.0.1 instead:
      sudo mariadb -e \"CREATE USER IF NOT EXISTS root@127.0.0.1 IDENTIFIED BY 'choose-one'; GRANT ALL ON *.* TO root@127.0.0.1 WITH GRANT OPTION;\"")
	elif ! out="$(MYSQL_PWD="$db_password" "$db_client" --protocol=TCP -h "$db_host" -P "$db_port" -u "$db_user" -N -B \
		-e 'SELECT VERSION(), @@character_set_server, @@collation_server' 2>&1)"; then
		if grep -q "Access denied" <<<"$out"; then
			problems+=("MariaDB refused '$db_user' with the given password over TCP ($db_host:$db_port): $out
    Check DB_ROOT_USER/DB_ROOT_PASSWORD. To set root's password (keeping the socket login):
      sudo mariadb -e \"ALTER USER root@localhost IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('choose-one'); FLUSH PRIVILEGES;\"
    With skip-name-resolve in the server's config, the TCP login is root@127.0.0.1:
      sudo mariadb -e \"CREATE USER IF NOT EXISTS root@127.0.0.1 IDENTIFIED BY 'choose-one'; GRANT ALL ON *.* TO root@127.0.0.1 WITH GRANT OPTION;\"")
		else
			problems+=("MariaDB does not answer on $db_host:$db_port: $out
    Install and start it: sudo apt-get install mariadb-server && sudo service mariadb start")
		fi
	else
		read -r version charset collation <<<"$out"
		if ! version_ge "${version%%-*}" 10.6; then
			problems+=("MariaDB $version is too old: Frappe v15 needs 10.6 or newer.")
		fi
		if [ "$charset" != utf8mb4 ] || [ "$collation" != utf8mb4_unicode_ci ]; then
			problems+=("MariaDB's server character set and collation are $charset / $collation; Frappe needs utf8mb4 / utf8mb4_unicode_ci.
    Put these lines in /etc/mysql/mariadb.conf.d/99-frappe.cnf (or the [mysqld] and [mysql] sections of your my.cnf):
      [mysqld]
      character-set-server = utf8mb4
      collation-server = utf8mb4_unicode_ci
      [mysql]
      default-character-set = utf8mb4
    then restart MariaDB: sudo systemctl restart mariadb   (without systemd: sudo service mariadb restart)")
		fi
		[ ${#problems[@]} -gt 0 ] || note "mariadb: $version, $charset / $collation, login $db_user@$db_host:$db_port"
	fi

	if command -v wkhtmltopdf >/dev/null; then
		note "wkhtmltopdf: $(wkhtmltopdf --version 2>/dev/null | head -n 1)"
	else
		warn "wkhtmltopdf is missing: everything works except PDFs (print formats, warranty cards).
    Install it: sudo apt-get install wkhtmltopdf   (or the patched-Qt 0.12.6 build from https://wkhtmltopdf.org/downloads.html)"
	fi

	if [ ${#problems[@]} -gt 0 ]; then
		printf '\n\033[31mThe machine is not ready:\033[0m\n' >&2
		printf '  - %s\n' "${problems[@]}" >&2
		exit 1
	fi
	DB_ROOT_USER="$db_user"
	DB_ROOT_PASSWORD="$db_password"
}

# ---------------------------------------------------------------------------------------------
install_tools() {
	step "bench CLI and yarn"
	mkdir -p "$BIN_DIR"
	local bench_bin venv="$TOOLS_DIR/bench-cli"
	if bench_bin="$(type -P bench)" && "$bench_bin" --version >/dev/null 2>&1; then
		note "bench: $(command bench --version) ($bench_bin)"
	else
		if [ ! -x "$venv/bin/bench" ]; then
			note "installing frappe-bench $BENCH_CLI_VERSION into $venv"
			"$PYTHON" -m venv "$venv"
			"$venv/bin/pip" install --quiet --disable-pip-version-check "frappe-bench==$BENCH_CLI_VERSION"
		fi
		ln -sfn "$venv/bin/bench" "$BIN_DIR/bench"
		bench_bin="$BIN_DIR/bench"
		note "bench: $(command bench --version) ($venv, linked as $bench_bin)"
	fi
	# bench runs `uv` from the PATH; it comes with frappe-bench
	if ! command -v uv >/dev/null; then
		local uv_bin
		uv_bin="$(dirname "$(readlink -f "$bench_bin")")/uv"
		if [ -x "$uv_bin" ]; then ln -sfn "$uv_bin" "$BIN_DIR/uv"; else export BENCH_DISABLE_UV=1; fi
	fi

	if ! command -v yarn >/dev/null; then
		if [ ! -x "$TOOLS_DIR/yarn/bin/yarn" ]; then
			note "installing yarn $YARN_VERSION into $TOOLS_DIR/yarn"
			npm install --global --prefix "$TOOLS_DIR/yarn" --no-audit --no-fund --loglevel=error "yarn@$YARN_VERSION" >/dev/null
		fi
		ln -sfn "$TOOLS_DIR/yarn/bin/yarn" "$BIN_DIR/yarn"
	fi
	note "yarn: $(yarn --version) ($(command -v yarn))"
}

