"""Users, roles, groups, passwords, sessions and the permission table.

The web layer asks one question of this package on every request: "who is this, and
may they call this route?" (`sessions.load_session`, `permissions.is_allowed`). Everything
else here is the services behind the administration screen and `paxscreen users`.
"""
