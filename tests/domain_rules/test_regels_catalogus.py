"""The form's thema/subthema catalogue: exact seed spelling and order, lookups, and the
consistency of the subthema names used in the parameter files.
"""

from pathlib import Path

import pytest

from domain_rules import DataFileError, laad_regelboek, thema_van_subthema, themas
from domain_rules.catalogus import laad_themas


def test_themas_are_the_seed_list_in_seed_order() -> None:
    assert [t.naam for t in themas()] == [
        "IT",
        "HR",
        "Productie en Kwaliteit",
        "Energie en Milieu",
        "Marketing en Sales",
        "Adminstratie en financiën",
        "Juridisch",
        "Logistiek en Transport",
        "Specifieke expertises",
        "Innovatie",
        "Strategie",
    ]
    assert sum(len(t.subthemas) for t in themas()) == 46
    assert themas()[0].subthemas == ("Software", "Hardware", "Infrastructuur", "Cybersecurity")
    assert themas()[9].subthemas[2] == "Artificiële Intelligentie (AI)"


@pytest.mark.parametrize(
    ("subthema", "thema"),
    [
        ("Cybersecurity", "IT"),
        ("cybersecurity", "IT"),
        ("Energie-efficiëntie", "Energie en Milieu"),
        ("ENERGIE-EFFICIENTIE", "Energie en Milieu"),
        ("Boekhouding", "Adminstratie en financiën"),
        ("Internationalisering", "Marketing en Sales"),
        ("SWOT", "Strategie"),
        ("Astrologie", None),
        ("IT", None),
    ],
)
def test_thema_van_subthema(subthema: str, thema: str | None) -> None:
    assert thema_van_subthema(subthema) == thema


def test_subthemas_in_parameters_exist_in_the_catalogue() -> None:
    boek = laad_regelboek()
    namen: set[str] = set()
    for path in ("steun/verhoogde_subthemas", "advies/toegelaten_subthemas"):
        for waarde in boek.parameter(path).waarden:
            for item in waarde.value or ():  # type: ignore[union-attr]
                namen.add(str(getattr(item, "subthema", item)))
    assert namen == {"Cybersecurity", "Energie-efficiëntie"}
    alle = {s for t in themas() for s in t.subthemas}
    assert namen <= alle


@pytest.mark.parametrize(
    ("tekst", "fragment"),
    [
        (
            "bron: {title: t, href: h}\nthemas:\n  - {naam: A, subthemas: [X]}\n"
            "  - {naam: B, subthemas: [x]}\n",
            "occurs twice",
        ),
        ("bron: {title: t, href: h}\nthemas:\n  - {naam: A, subthema: [X]}\n", "subthema"),
        ("bron: {title: t, href: h}\nthemas:\n  - {naam: A, subthemas: []}\n", "at least one"),
        ("bron: {title: t, href: h}\nbron: {title: t, href: h}\nthemas: []\n", "duplicate key"),
    ],
)
def test_broken_catalogue_is_rejected_and_named(tmp_path: Path, tekst: str, fragment: str) -> None:
    pad = tmp_path / "themas.yaml"
    pad.write_text(tekst, encoding="utf-8")
    with pytest.raises(DataFileError) as exc:
        laad_themas(pad)
    assert str(pad) in str(exc.value)
    assert fragment in str(exc.value)
