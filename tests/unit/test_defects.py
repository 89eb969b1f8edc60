import pytest

from zhira_after_sales.service_desk.defects import Defect, DefectProblem, check_defects, parse_codes

LEAK = Defect("HEAT-LEAK", "نشتی", "Heaters", False, True)
PUMP = Defect("COOL-PUMP", "پمپ", "Coolers", False, True)
NOISE = Defect("GEN-NOISE", "صدا", None, False, True)
GROUP = Defect("HEAT", "آبگرمکن", "Heaters", True, True)
OLD = Defect("HEAT-OLD", "قدیمی", "Heaters", False, False)
DEFECTS = {d.code: d for d in (LEAK, PUMP, NOISE, GROUP, OLD)}
HEATER = ["Heaters", "Appliances", "All Item Groups"]


def test_codes_are_split_on_any_separator_upper_cased_and_kept_once_in_order():
	assert parse_codes(" heat-leak،gen-noise\n HEAT-LEAK ; cool-pump,") == [
		"HEAT-LEAK",
		"GEN-NOISE",
		"COOL-PUMP",
	]
	assert parse_codes(None) == []
	assert parse_codes(" ,\n؛ ") == []


def test_defects_of_the_devices_group_or_of_no_group_apply():
	assert check_defects(["HEAT-LEAK", "GEN-NOISE"], DEFECTS, HEATER) == [LEAK, NOISE]


@pytest.mark.parametrize(
	"code, kind",
	[("COOL-PUMP", "scope"), ("NOPE", "unknown"), ("HEAT", "unknown"), ("HEAT-OLD", "unknown")],
)
def test_a_defect_of_another_group_a_group_an_inactive_or_an_unknown_code_is_refused(code, kind):
	with pytest.raises(DefectProblem) as problem:
		check_defects(["HEAT-LEAK", code], DEFECTS, HEATER)
	assert (problem.value.kind, problem.value.code) == (kind, code)
