// Desk helpers of Zhira After-Sales for every page: Iranian phone numbers in their national form,
// amounts with their currency's own decimals.
import { setup as setup_currency } from "./desk/currency_desk.js";
import { setup as setup_phones } from "./desk/phone_desk.js";

setup_phones();
setup_currency();
