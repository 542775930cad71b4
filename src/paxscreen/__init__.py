"""paxscreen: collect, screen and explore airline passenger data.

Data flows one way: bytes -> message -> model -> store -> screening -> hits -> people.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
