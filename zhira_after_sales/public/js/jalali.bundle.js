// Jalali (Solar Hijri) dates in the desk for the users who use them; see jalali/desk.js.
import { setup } from "./jalali/desk.js";

setup();
