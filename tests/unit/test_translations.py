"""Every user-facing string of the app has a Persian translation in locale/fa.po."""

from tools.translations import extract, problems


def test_the_extractor_finds_strings_from_every_source():
	messages = extract()
	assert "Service Agency" in messages  # DocType name
	assert (
		"Phone Area Code {0} is not an Iranian landline area code. Type the province's code with its leading 0, for example 021 for Tehran or 031 for Isfahan."
		in messages
	)  # _() in Python
	assert "All Defect Codes" in messages  # __() in JavaScript
	assert "In Progress" in messages  # Select option
	assert "Reception Operator" in messages  # role created on install
	assert not any("تهران" == m for m in messages)  # Persian data needs no translation


def test_catalogue_is_complete():
	missing, untranslated = problems()
	assert missing == [], f"add to fa.po (python tools/translations.py update): {missing[:10]}"
	assert untranslated == [], f"translate in fa.po: {untranslated[:10]}"
