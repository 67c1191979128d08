"""The steunberekening as reply rows: projectbedrag, percentage, subsidie, eigen bijdrage, cap.

Pure: formats what `domain_rules.bereken_steun` computed, with the catalogue's labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogs import format as fmt
from dialogs.models import Block, Row, Rows, Text
from domain_rules import Steunberekening

if TYPE_CHECKING:
    from dialogs.turn import Beurt


def calculation_blocks(t: Beurt, calc: Steunberekening) -> list[Block]:
    """The calculation as rows under its heading (and the cap's note when it limits)."""
    verhoogd = t.t("berekening.verhoogd", subthema=t.g.subthema or "") if calc.verhoogd else ""
    jaar = str(t.today.year)
    rows = (
        Row(label=t.t("berekening.projectbedrag"), value=fmt.euro(calc.projectbedrag)),
        Row(
            label=t.t("berekening.steunpercentage"),
            value=fmt.procent(calc.steunpercentage) + verhoogd,
        ),
        Row(label=t.t("berekening.subsidie"), value=fmt.euro(calc.subsidie)),
        Row(label=t.t("berekening.eigen_bijdrage"), value=fmt.euro(calc.eigen_bijdrage)),
        Row(
            label=t.t("berekening.jaarplafond", jaar=jaar),
            value=t.t(
                "berekening.jaarplafond_waarde",
                jaarplafond=fmt.euro(calc.jaarplafond),
                reeds=fmt.euro(calc.reeds_toegekend),
                rest=fmt.euro(calc.rest_plafond_na),
            ),
        ),
    )
    blocks: list[Block] = [Rows(title=t.t("berekening.kop", datum=fmt.datum(t.today)), rows=rows)]
    if calc.begrensd:
        blocks.append(
            Text(text=t.t("berekening.begrensd", rest_voor=fmt.euro(calc.rest_plafond_voor)))
        )
    return blocks
