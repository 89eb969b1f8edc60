"""/tech/sw.js: the technician app's service worker, rendered with the shell's version and URLs
(index.py) so that any change to the shell installs a new one on the phones."""

from zhira_after_sales.www.tech.index import SCOPE, shell_urls, shell_version

no_cache = 1
sitemap = 0


def get_context(context):
	version = shell_version()
	context.no_cache = 1
	context.version = version
	context.scope = SCOPE
	context.shell = shell_urls(version)
	return context
