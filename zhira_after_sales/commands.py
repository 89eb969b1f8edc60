"""Bench commands of the app (Frappe finds `commands` here by itself)."""

import click
from frappe.commands import get_site, pass_context

from zhira_after_sales.benchmarks.dataset import FULL, SIZES

THROWAWAY_FLAG = "--yes-this-is-a-throwaway-site"


def count_options(command):
	for key in reversed(FULL):
		option = "--" + key.replace("_", "-")
		command = click.option(option, key, type=int, help=f"How many (full size: {FULL[key]:,}).")(command)
	return command


@click.command("zhira-generate-data")
@click.option("--size", type=click.Choice(list(SIZES)), default="tiny", show_default=True)
@click.option("--seed", type=int, default=1405, show_default=True)
@count_options
@click.option("--compare", is_flag=True, help="Then time MariaDB's own INSERT ... SELECT of the same rows.")
@click.option("--remove", "remove_rows", is_flag=True, help="Delete every generated row instead.")
@click.option(THROWAWAY_FLAG, "throwaway", is_flag=True, help="Run on a site without allow_tests.")
@pass_context
def generate_data(context, size, seed, compare, remove_rows, throwaway, **overrides):
	"""Fill a throwaway site with the national data set (unreal rows, names starting BENCH-)."""
	import frappe

	from zhira_after_sales.benchmarks import dataset

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		if not (frappe.conf.get("allow_tests") or throwaway):
			raise click.ClickException(
				f"{site} has no allow_tests in its site config: the generator adds unreal rows. "
				f"Pass {THROWAWAY_FLAG} if this site may be filled."
			)
		frappe.set_user("Administrator")
		if remove_rows:
			removed = dataset.remove()
			for doctype, rows in removed.items():
				click.echo(f"{doctype}: {rows:,} removed")
			return
		result = dataset.generate(size, seed=seed, **overrides)
		if compare:
			dataset.compare(result)
	finally:
		frappe.destroy()


commands = [generate_data]
