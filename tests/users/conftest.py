from store.databases import *  # noqa: F403 - the engine/connection fixtures on both databases
