"""Use cases: the only API that ui/ and cli.py call. Each write is one `db.atomic()` block that also
appends an audit event for the acting user. No Qt here."""
