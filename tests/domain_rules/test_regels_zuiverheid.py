"""Static checks on the domain_rules source: no floats, no clock, only allowed imports,
and a 2-4 line docstring at the top of every module.
"""

import ast
import sys
from pathlib import Path

import pytest

import domain_rules

BRON = Path(domain_rules.__file__).parent
MODULES = sorted(BRON.glob("*.py"))
TOEGELATEN = {"pydantic", "yaml", "stdnum", "domain_rules"}


def test_modules_are_found() -> None:
    assert {m.name for m in MODULES} >= {
        "__init__.py",
        "geld.py",
        "catalogus.py",
        "parameters.py",
        "steun.py",
        "ontvankelijkheid.py",
        "termijnen.py",
        "mededeling.py",
    }


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_no_float_and_no_clock(module: Path) -> None:
    tekst = module.read_text(encoding="utf-8")
    verboden_teksten = (
        "float(",
        "date.today",
        "datetime.now",
        "datetime.today",
        "datetime.utcnow",
        "time.time(",
    )
    for verboden in verboden_teksten:
        assert verboden not in tekst, f"{module.name} contains {verboden}"


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_only_allowed_imports(module: Path) -> None:
    boom = ast.parse(module.read_text(encoding="utf-8"))
    namen: set[str] = set()
    for knoop in ast.walk(boom):
        if isinstance(knoop, ast.Import):
            namen.update(a.name.split(".")[0] for a in knoop.names)
        elif isinstance(knoop, ast.ImportFrom) and knoop.module and knoop.level == 0:
            namen.add(knoop.module.split(".")[0])
    vreemd = {n for n in namen if n not in sys.stdlib_module_names and n not in TOEGELATEN}
    assert not vreemd, f"{module.name} imports {vreemd}"


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_module_docstring_has_two_to_four_lines(module: Path) -> None:
    docstring = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8")))
    assert docstring is not None, module.name
    assert 2 <= len(docstring.strip().splitlines()) <= 4, module.name
