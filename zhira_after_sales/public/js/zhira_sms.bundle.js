// Desk JS for SMS: the generic "Send SMS" action on documents.
import "./sms/send_sms.js";
