"""When the garbage collector runs in a command: not while the long-lived state is built.

Starting a command imports some two hundred modules and reads the knowledge base: objects
that live until the process ends and are never garbage. The collector, triggered by counts
of allocations, would walk them again and again while they are made (a seventh of a cached
`advisor assess`, measured with the benchmark). So the console command pauses collection
from its start until the knowledge base is loaded; then what was built is frozen (moved
out of the collector's sight for good, `gc.freeze`) and collection resumes for everything
a case, a prompt or a report creates, so a long interview or batch stays as small as ever.
`load_knowledge` resumes it; `rules lint`, which reads the files its own way, resumes it
first; the commands that load no knowledge base (`schema`, help) end before it matters.
`assess` of one case never resumes it: what the case allocates dies with the process a
moment later, and collecting it would only walk it (3-4 ms, a fortieth of the command).
"""

from __future__ import annotations

import gc


def pause() -> None:
    """No collection until `resume` (the console command's start)."""
    gc.disable()


def resume() -> None:
    """Freeze what was built while paused and collect as usual from here on; nothing when
    collection was not paused (a test or a library caller keeps its own setting)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
