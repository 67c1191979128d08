"""Deadlines derived from the dated termijnen parameters (calendar days).

Each function names its reference date; the `Regels` passed must be those of the application date.
Imports only the standard library and this package.
"""

from datetime import date, timedelta

from domain_rules.parameters import Regels


def uiterste_aanvraagdatum(startdatum: date, regels: Regels) -> date:
    """Last day to submit the projectaanvraag: start of the prestaties + 14 calendar days."""
    return startdatum + timedelta(days=regels.aanvraagtermijn_dagen)


def uiterste_stortingsdatum(aanvraagdatum: date, regels: Regels) -> date:
    """Last day to deposit the eigen bijdrage: application date + 30 calendar days."""
    return aanvraagdatum + timedelta(days=regels.stortingstermijn_dagen)
