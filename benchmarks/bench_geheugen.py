"""Memory of the assistant with all data loaded: rules, nlu_data, thema and NACE indexes, register.

Prints the resident set size after each load, in a fresh process. Usage:
.venv/bin/python benchmarks/bench_geheugen.py [--register 100000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def rss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--register", type=int, default=100_000)
    args = parser.parse_args()
    print(f"python started: {rss_mib():.0f} MiB")  # noqa: T201
    t = time.perf_counter()
    import bot.service  # noqa: F401
    from dialogs.dienstverleners import Register
    from dialogs.nace import zoek_nace
    from dialogs.nlu_loader import default_nlu_data
    from dialogs.thema import laad
    from domain_rules import laad_regelboek
    from tests.auxil.registry import generate_register

    print(f"modules imported: {rss_mib():.0f} MiB")  # noqa: T201
    laad_regelboek()
    default_nlu_data()
    laad()
    zoek_nace("kapsalon")
    print(  # noqa: T201
        f"rules, nlu_data, thema and NACE indexes: {rss_mib():.0f} MiB "
        f"({time.perf_counter() - t:.1f} s)"
    )
    items = generate_register(args.register)
    register = Register(items)
    print(f"register of {len(register)} dienstverleners indexed: {rss_mib():.0f} MiB")  # noqa: T201


if __name__ == "__main__":
    main()
