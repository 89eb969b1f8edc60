// Desk helpers of Zhira After-Sales for every page: Iranian phone numbers in their national form.
import { setup as setup_phones } from "./desk/phone_desk.js";

setup_phones();
