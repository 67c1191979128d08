"""A long-running process's start: every table and index loaded, then kept out of the GC.

The engine loads its rules, texts, NLU data, FAQ, NACE and thema indexes lazily, on the first
turn that needs each (`dialogs.engine.preparation`). A server that waited for that would make
its first users pay for it, and the objects loaded later would be scanned by every full pass of
the garbage collector: with the indexes loaded a full pass takes tens of milliseconds, a pause
of every chat now and then. So a server loads everything first (in a thread, off the event
loop) and then freezes what it loaded (`gc.freeze`): those objects live as long as the process
and the collector no longer walks them. The terminal does the same steps while the user reads
(`bot.terminal.WarmUp`) and freezes when they are done.
"""

from __future__ import annotations

import asyncio
import gc
import sys

from dialogs.engine import prepare


def bevries(*, opruimen: bool = True) -> None:
    """What exists now lives as long as the process: out of the collector's passes.

    First a full pass (`opruimen`), so that the garbage of loading is not kept forever; the
    terminal, which may be in a turn when its warm-up ends, skips that pass.
    """
    if opruimen:
        gc.collect()
    gc.freeze()


#: Memory blocks a turn must have added to the heap for what it loaded to be frozen (loading
#: every index adds about 600 000; an ordinary turn's net growth is a few hundred).
GROEI = 20_000


class NaLaden:
    """Freezes what turns loaded themselves (an index first needed in a turn, no warm-up).

    Without it, the first full pass of the collector after such a turn walks every object of the
    new index: a pause of tens of milliseconds in a later turn. Checked after each turn, by the
    number of memory blocks in use (`sys.getallocatedblocks`, constant time).
    """

    def __init__(self, groei: int = GROEI) -> None:
        self.groei = groei
        self._basis = sys.getallocatedblocks()

    def na_beurt(self) -> bool:
        """After a turn: freeze when the heap grew by `groei` blocks since the last freeze."""
        nu = sys.getallocatedblocks()
        if nu - self._basis < self.groei:
            self._basis = min(self._basis, nu)
            return False
        bevries(opruimen=False)
        self._basis = nu
        return True


async def opwarmen() -> None:
    """Load every table and index in a thread, then freeze them (see the module docstring)."""
    await asyncio.to_thread(prepare)
    bevries()
