"""The optional team hub on PostgreSQL (docs/team-hub.md): schema, sync, ownership, team funnel.

Nothing here is imported unless a hub is used; psycopg is imported lazily by `connect`, so the
app installs and runs without PostgreSQL or the driver.
"""
