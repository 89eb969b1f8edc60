"""A backup of a site restores to the same after-sales data, row for row.

    <bench>/env/bin/python tests/reliability/backup_restore.py <bench> <site> <new site>

1. `bench --site <site> backup --with-files` (the database, public and private files, site config);
2. restores them onto <new site> the way a site is moved to a new server: `bench new-site
   --source-sql` (the import `bench restore` itself does), the file archives unpacked by Frappe's
   own extract_files, and the old site's encryption_key put into the new site's config (without
   it no stored password, such as an SMS gateway's API key, can be read);
3. compares, for every DocType of the app's modules (child tables and singles included), the row
   count and a digest of all columns of all rows; the File records attached to them and the files'
   contents on disk; the app's stored passwords, encrypted and decrypted;
4. drops <new site> (also when a step fails).

Any difference fails, naming the DocType and the rows. A site with too little of the app's data to
prove anything fails too.
"""

import hashlib
import json
import os
import re
import sys
import time

import records

# the CI site after the bench tests (and the demo) holds rows in dozens of the app's tables
MIN_TABLES_WITH_ROWS = 10
FILES = "File (attached to the app's records)"
AUTH = "__Auth (the app's stored passwords)"


def backup(bench: str, site: str, log: str) -> dict[str, str]:
	"""Back `site` up with its files; returns {kind: absolute path} for Database, Public, Private
	and Config."""
	output = records.bench_command(bench, "--site", site, "backup", "--with-files", log=log).stdout
	paths = {}
	for kind, path in re.findall(r"^(Config|Database|Public|Private)\s*:\s*(\S+)", output, re.MULTILINE):
		paths[kind] = os.path.normpath(os.path.join(bench, "sites", path))
	missing = {"Config", "Database", "Public", "Private"} - set(paths)
	if missing:
		raise RuntimeError(f"bench backup named no {', '.join(sorted(missing))} file:\n{output}")
	return paths


def restore(bench: str, paths: dict[str, str], new_site: str, log: str):
	user, password = records.db_root(bench)
	records.bench_command(
		bench,
		"new-site",
		new_site,
		"--source-sql",
		paths["Database"],
		"--admin-password",
		"admin",
		"--db-root-username",
		user,
		"--db-root-password",
		password,
		"--mariadb-user-host-login-scope=127.0.0.1",
		log=log,
	)
	os.chdir(os.path.join(bench, "sites"))
	from frappe.installer import extract_files

	for kind in ("Public", "Private"):
		os.remove(extract_files(new_site, paths[kind]))  # extract_files leaves its copy of the archive
	with open(paths["Config"], encoding="utf-8") as f:
		key = json.load(f).get("encryption_key")
	if key:
		# "--": a key may start with "-", which the command would read as an option
		records.bench_command(bench, "--site", new_site, "set-config", "--", "encryption_key", key, log=log)


def file_digest(path: str) -> str | None:
	if not os.path.isfile(path):
		return None
	with open(path, "rb") as f:
		return hashlib.sha256(f.read()).hexdigest()


def snapshot(bench: str, site: str) -> dict:
	"""Every table of the app's DocTypes, its attached files and stored passwords, on `site`."""
	frappe = records.connect(bench, site)
	try:
		tables, singles = records.app_doctypes(frappe, records.app_modules(bench))
		doctypes = tables + singles
		found = {doctype: records.summary(records.table_rows(frappe, doctype)) for doctype in doctypes}
		files = frappe.get_all(
			"File",
			{"attached_to_doctype": ("in", doctypes), "is_folder": 0},
			["name", "file_url", "is_private"],
			order_by="name",
		)
		file_rows = records.table_rows(frappe, "File")
		found[FILES] = records.summary(
			{
				f.name: {
					**file_rows[f.name],
					"content": file_digest(frappe.get_site_path(f.file_url.lstrip("/")))
					if f.file_url and f.file_url.startswith(("/files/", "/private/files/"))
					else f.file_url,
				}
				for f in files
			}
		)
		auth = frappe.db.sql(
			"select doctype, name, fieldname, password, encrypted from `__Auth` where doctype in %s",
			[doctypes],
			as_dict=True,
		)
		readable = {}
		for row in auth:
			key = f"{row.doctype}/{row.name}/{row.fieldname}"
			if row.encrypted:
				try:
					from frappe.utils.password import get_decrypted_password

					value = get_decrypted_password(row.doctype, row.name, row.fieldname, raise_exception=True)
					readable[key] = {"decrypted": records.row_digest({"v": value})}
				except Exception as error:
					readable[key] = {"decrypted": f"cannot be read: {type(error).__name__}"}
			readable[key] = {**readable.get(key, {}), "stored": records.plain(row.password)}
		found[AUTH] = records.summary(readable)
		return found
	finally:
		frappe.destroy()


def main(bench: str, site: str, new_site: str) -> int:
	bench = os.path.abspath(bench)
	log = os.path.join(os.environ.get("ZHIRA_CI_OUT", "/tmp"), f"backup_restore-{site}.log")
	started = time.monotonic()
	records.drop_site(bench, new_site)  # left by an earlier run that was killed
	problems = []
	try:
		paths = backup(bench, site, log)
		took = [f"backup {time.monotonic() - started:.0f} s"]
		source = snapshot(bench, site)
		mark = time.monotonic()
		restore(bench, paths, new_site, log)
		took.append(f"restore {time.monotonic() - mark:.0f} s")
		restored = snapshot(bench, new_site)
		for doctype in sorted(set(source) | set(restored)):
			empty = {"count": 0, "digest": records.table_digest({}), "rows": {}}
			problems += records.differences(doctype, source.get(doctype, empty), restored.get(doctype, empty))
		with_rows = [doctype for doctype, found in source.items() if found["count"]]
		if len(with_rows) < MIN_TABLES_WITH_ROWS:
			problems.append(
				f"{site} holds rows in only {len(with_rows)} of the app's tables (at least"
				f" {MIN_TABLES_WITH_ROWS} wanted): too little data to prove a restore"
			)
		rows = sum(found["count"] for found in source.values())
		print(
			f"{len(source)} tables compared ({len(with_rows)} with rows, {rows} rows in all) between"
			f" {site} and its restore on {new_site}, with"
			f" {source[FILES]['count']} attached files and {source[AUTH]['count']} stored passwords; database backup"
			f" {os.path.getsize(paths['Database']) // 1024} KiB; {', '.join(took)},"
			f" {time.monotonic() - started:.0f} s in all"
		)
		for path in paths.values():
			os.remove(path)
	except Exception as error:
		problems.append(f"backup and restore did not complete: {error}")
	finally:
		records.drop_site(bench, new_site)
	return records.fail(problems, f"the restore of {site} holds the same after-sales data, row for row")


if __name__ == "__main__":
	sys.exit(main(*sys.argv[1:4]))
