"""Administrator windows: the audit-trail viewer."""
