"""Closed vocabularies of the kmo-portefeuille used across the rule modules.

Official Dutch terms as the seed page uses them (ondernemingsgrootte, type dienstverlening).
Imports nothing.
"""

KLEIN = "klein"
MIDDELGROOT = "middelgroot"
GROOT = "groot"
OPLEIDING = "opleiding"
ADVIES = "advies"

#: Every size an applicant can confirm at log-in (seed page: "kleine - middelgrote - grote").
GROOTTES: tuple[str, ...] = (KLEIN, MIDDELGROOT, GROOT)
#: Sizes that can receive support; a grote onderneming is not eligible.
KMO_GROOTTES: tuple[str, ...] = (KLEIN, MIDDELGROOT)
#: Types of dienstverlening since the reform of 1 April 2016.
TYPES: tuple[str, ...] = (OPLEIDING, ADVIES)
