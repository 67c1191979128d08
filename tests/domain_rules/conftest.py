"""Collects the YAML rule cases in tests/domain_rules/cases/ as pytest items.

Each file is a list of cases (see regelgevallen.py); unknown keys and duplicate names are refused,
files are parsed with the package's strict YAML reader (duplicate keys are errors).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from regelgevallen import Geval, voer_uit

from domain_rules.strict_yaml import load_yaml_file

CASES_DIR = Path(__file__).parent / "cases"


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Collect every cases/*.yaml file next to this conftest."""
    if file_path.suffix == ".yaml" and file_path.parent == CASES_DIR:
        return RegelBestand.from_parent(parent, path=file_path)
    return None


class RegelBestand(pytest.File):
    """One YAML file of rule cases."""

    def collect(self) -> Iterator[pytest.Item]:
        inhoud = load_yaml_file(self.path)
        if not isinstance(inhoud, list) or not inhoud:
            raise pytest.UsageError(f"{self.path}: expected a non-empty list of cases")
        namen: set[str] = set()
        for nummer, ruw in enumerate(inhoud, start=1):
            try:
                geval = Geval.model_validate(ruw)
            except ValidationError as exc:
                raise pytest.UsageError(f"{self.path}, case {nummer}: {exc}") from exc
            if geval.name in namen:
                raise pytest.UsageError(f"{self.path}: duplicate case name {geval.name!r}")
            namen.add(geval.name)
            yield RegelGeval.from_parent(self, name=geval.name, geval=geval)


class RegelGeval(pytest.Item):
    """One rule case: runs the rules in force on its datum and compares the output."""

    def __init__(self, *, geval: Geval, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.geval = geval

    def runtest(self) -> None:
        voer_uit(self.geval)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return f"{self.path.name} — {self.name} (datum {self.geval.datum}):\n{excinfo.value!r}"

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"regelgeval: {self.name}"
