"""Privacy by design: the audit trail, retention (depersonalise, delete), re-identification
with approval, and statistics without personal data."""
