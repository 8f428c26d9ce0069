"""SQLite storage through sqlite-utils: connection, migrations, repositories, search.

The only package that speaks SQL. Repositories join the caller's `db.atomic()` block; they never
open a transaction of their own.
"""
