"""Subsidy rules of the kmo-portefeuille: pure, dated, with the source of every value.

Knows nothing of dialogs or channels; imports only the stdlib, pydantic, PyYAML and python-stdnum.
Nothing is read at import time: `laad_regelboek()` and `themas()` load lazily and cache.
"""

from domain_rules.begrippen import GROOTTES, KMO_GROOTTES, TYPES
from domain_rules.catalogus import Thema, thema_van_subthema, themas
from domain_rules.geld import CENT, rond_af
from domain_rules.mededeling import is_geldige_mededeling, maak_mededeling, projectreferentie
from domain_rules.nace import (
    Aandachtspunt,
    Nace2008,
    NaceCode,
    aandachtspunt,
    kinderen,
    nace_2008,
    nace_code,
)
from domain_rules.ontvankelijkheid import (
    PROBLEEM_IDS,
    REGISTRATIENUMMER_CIJFERS,
    Probleem,
    controleer_aanvraagtermijn,
    controleer_advies_thema,
    controleer_bedrijfsfunctioneren,
    controleer_dienstverlener_type,
    controleer_grootte,
    controleer_minimum,
    controleer_overeenkomst,
    controleer_plafond,
    controleer_uitsluiting,
    normaliseer_registratienummer,
    type_van_registratienummer,
    type_volgens_prefixen,
    uiterste_aanvraagdatum,
)
from domain_rules.parameters import (
    Bron,
    GeenRegels,
    RegelBoek,
    Regels,
    Stortingsgegevens,
    Uitsluiting,
    alle_registratieprefixen,
    laad_regelboek,
)
from domain_rules.steun import Steunberekening, bereken_steun, is_verhoogd
from domain_rules.strict_yaml import DataFileError
from domain_rules.termijnen import uiterste_stortingsdatum

__all__ = [
    "CENT",
    "GROOTTES",
    "KMO_GROOTTES",
    "PROBLEEM_IDS",
    "REGISTRATIENUMMER_CIJFERS",
    "TYPES",
    "Bron",
    "DataFileError",
    "GeenRegels",
    "Probleem",
    "RegelBoek",
    "Regels",
    "Steunberekening",
    "Stortingsgegevens",
    "Thema",
    "Uitsluiting",
    "alle_registratieprefixen",
    "bereken_steun",
    "controleer_aanvraagtermijn",
    "controleer_advies_thema",
    "controleer_bedrijfsfunctioneren",
    "controleer_dienstverlener_type",
    "controleer_grootte",
    "controleer_minimum",
    "controleer_overeenkomst",
    "controleer_plafond",
    "controleer_uitsluiting",
    "is_geldige_mededeling",
    "is_verhoogd",
    "laad_regelboek",
    "maak_mededeling",
    "normaliseer_registratienummer",
    "projectreferentie",
    "rond_af",
    "thema_van_subthema",
    "themas",
    "type_van_registratienummer",
    "type_volgens_prefixen",
    "uiterste_aanvraagdatum",
    "uiterste_stortingsdatum",
    "Aandachtspunt",
    "Nace2008",
    "NaceCode",
    "aandachtspunt",
    "kinderen",
    "nace_2008",
    "nace_code",
]
