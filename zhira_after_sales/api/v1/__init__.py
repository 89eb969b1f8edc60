"""Versioned JSON APIs for clients outside the desk and the portal pages (the technician app, a
native app). A version's paths and answers change only compatibly; see docs/api/."""
