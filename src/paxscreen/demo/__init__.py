"""Synthetic traffic: a real-looking day at a hub, with planted threats and their ground truth.

`generate(GenerateOptions(...))` writes PNRGOV (EDIFACT and XML) and PAXLST files,
a manifest with intended delivery times and injected defects, `ground_truth.json`,
the demo watch lists and the demo targeting rules; `load_demo(settings)` also feeds
them through ingestion (`make run`). The command line is `paxscreen demo`.

Data flows schedule -> people -> bookings (a timeline per PNR) -> pushes and lists
-> files; scenarios are planted into the stream as it goes. Everything is drawn
from generators seeded by (seed, stable name), so a flight's content does not
depend on what was generated before it.
"""

from paxscreen.demo.generator import PRESETS, GenerateOptions, Scale, generate
from paxscreen.demo.load import LoadSummary, load_demo

__all__ = ["PRESETS", "GenerateOptions", "LoadSummary", "Scale", "generate", "load_demo"]
