"""Gestructureerde mededeling tested both ways with the reference's §9 tables, plus the
stortingsgegevens (IBAN, BIC, old account number) checked with python-stdnum and mod 97.
"""

from datetime import date

import pytest
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.be import iban as be_iban

from domain_rules import (
    is_geldige_mededeling,
    laad_regelboek,
    maak_mededeling,
    projectreferentie,
)

# Published examples from reference §9 (hapytex, ruudvdd/ogm, belgian-vcs-ogm, worked examples).
GELDIG = [
    "+++123/4567/89002+++",
    "+++012/3456/78939+++",
    "+++090/9337/55493+++",
    "+++000/8000/90655+++",
    "+++020/1709/63575+++",
    "+++123/1234/12328+++",
    "+++000/0000/00097+++",
    "+++202/6020/10015+++",
    "+++000/0000/19497+++",
]

ONGELDIG = [
    "+++700/8000/90607+++",  # wrong check digits (reference §9)
    "+++000/0000/19400+++",  # remainder 0 must be written as 97, never 00
    "+++000/0000/00000+++",
    "+++123/4567/89003+++",
    "+++123/4567/89002***",  # mixed wrappers
    "++123/4567/89002++",
    "+++123/4567/89002",
    "123/4567/89002+++",
    "+++12/34567/89002+++",  # wrong grouping
    "+++123/4567/8900+++",  # 11 digits
    "1234567890022",  # 13 digits
    "+++ABC/4567/89002+++",
    "",
]


@pytest.mark.parametrize("mededeling", GELDIG)
def test_published_examples_are_valid_in_every_notation(mededeling: str) -> None:
    cijfers = mededeling.strip("+").replace("/", "")
    assert is_geldige_mededeling(mededeling)
    assert is_geldige_mededeling(f"***{mededeling[3:-3]}***")
    assert is_geldige_mededeling(cijfers)
    assert is_geldige_mededeling(f" +++ {mededeling[3:-3]} +++ ")


@pytest.mark.parametrize("tekst", ONGELDIG)
def test_invalid_communications_are_rejected(tekst: str) -> None:
    assert not is_geldige_mededeling(tekst)


@pytest.mark.parametrize(
    ("referentie", "verwacht"),
    [
        ("2026020100", "+++202/6020/10015+++"),
        ("0000000194", "+++000/0000/19497+++"),
        ("1234567890", "+++123/4567/89002+++"),
        ("0008000906", "+++000/8000/90655+++"),
        ("0000000000", "+++000/0000/00097+++"),
    ],
)
def test_maak_mededeling_matches_the_published_examples(referentie: str, verwacht: str) -> None:
    assert maak_mededeling(referentie) == verwacht
    assert is_geldige_mededeling(verwacht)


@pytest.mark.parametrize(
    "referentie", ["123456789", "12345678901", "12345abcde", "２０２６０２０１００"]
)
def test_maak_mededeling_needs_ten_ascii_digits(referentie: str) -> None:
    with pytest.raises(ValueError, match="10 digits"):
        maak_mededeling(referentie)


def test_projectreferentie_is_year_and_sequence_number() -> None:
    assert projectreferentie(jaar=2026, volgnummer=1) == "2026000001"
    assert projectreferentie(jaar=2026, volgnummer=999_999) == "2026999999"


@pytest.mark.parametrize(
    ("jaar", "volgnummer"), [(2026, 0), (2026, 1_000_000), (2026, -5), (0, 1), (10_000, 1)]
)
def test_projectreferentie_rejects_out_of_range(jaar: int, volgnummer: int) -> None:
    with pytest.raises(ValueError, match="between"):
        projectreferentie(jaar=jaar, volgnummer=volgnummer)


def test_different_sequence_numbers_give_different_valid_communications() -> None:
    mededelingen = [
        maak_mededeling(projectreferentie(jaar=jaar, volgnummer=n))
        for jaar in (2025, 2026)
        for n in range(1, 1500)
    ]
    assert len(set(mededelingen)) == len(mededelingen)
    assert all(is_geldige_mededeling(m) for m in mededelingen)


def test_sodexo_iban_and_bic_validate_with_stdnum() -> None:
    gegevens = laad_regelboek().at(date(2026, 3, 10)).stortingsgegevens
    assert be_iban.validate(gegevens.iban) == "BE64733033797052"
    assert stdnum_iban.is_valid(gegevens.iban)
    assert stdnum_bic.validate(gegevens.bic) == "KREDBEBB"
    assert be_iban.to_bic(gegevens.iban) == gegevens.bic


def test_old_account_number_passes_mod_97_and_matches_the_iban() -> None:
    gegevens = laad_regelboek().at(date(2026, 3, 10)).stortingsgegevens
    cijfers = gegevens.rekeningnummer.replace("-", "")
    assert len(cijfers) == 12
    assert int(cijfers[:10]) % 97 == int(cijfers[10:]) == 52
    assert be_iban.compact(gegevens.iban)[4:] == cijfers
