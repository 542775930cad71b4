from store.databases import *  # noqa: F403  (the shared two-database fixtures)
