"""The dialog as a Mermaid state diagram, generated from the field table and the named steps.

`kmobot diagram` prints it; docs/dialoog.mmd is the committed copy, and a test fails when the
two differ. Pure: reads the table, writes text.
"""

from __future__ import annotations

from itertools import groupby

from dialogs.messages import Catalog
from dialogs.spec import Table, Veld
from dialogs.state import Step


def _next(fields: list[Veld], i: int) -> list[tuple[str, str]]:
    """The fields that can follow field i, with the condition under which they do."""
    out: list[tuple[str, str]] = []
    rest = fields[i + 1 :]
    while rest:
        row = rest[0]
        if not row.applies.reads or row.applies is fields[i].applies:
            out.append((row.id, "anders" if out else ""))
            return out
        out.append((row.id, row.applies.label))
        # Past every following field of the same condition: where "anders" goes.
        rest = rest[1:]
        while rest and rest[0].applies is row.applies:
            rest = rest[1:]
    out.append((Step.SUMMARY.value, "anders" if out else ""))
    return out


def mermaid(table: Table, catalog: Catalog) -> str:
    """The state diagram of the aanvraag: the fields per step of the seed, then steps 4 to 6."""
    fields = list(table.fields)
    lines = [
        "stateDiagram-v2",
        f"    [*] --> {Step.IDLE.value}",
        f"    {Step.IDLE.value} --> {fields[0].id}: nieuw, demo, of een bericht met een project",
        "    state aanvraag {",
    ]
    for step, rows in groupby(fields, key=lambda r: r.step):
        heading = catalog.text(f"stap.{step}").replace(":", " ")
        lines.append(f'        state "{heading}" as stap_{step} {{')
        for row in rows:
            extra = f", als {row.applies.label}" if row.applies.reads else ""
            lines.append(f"            {row.id}: {row.id} ({row.kind.name}{extra})")
        lines.append("        }")
    for i, row in enumerate(fields):
        for target, label in _next(fields, i):
            lines.append(f"        {row.id} --> {target}" + (f": {label}" if label else ""))
        details = getattr(row.kind, "details", None)
        if details is not None:
            # An accepted proposal fills the next field too (thema and subthema at once).
            at = [f.id for f in fields].index(details)
            for target, label in _next(fields, at):
                accepted = f"voorstel aanvaard, {label}" if label else "voorstel aanvaard"
                lines.append(f"        {row.id} --> {target}: {accepted}")
            lines.append(f"        {row.id} --> {row.id}: Iets anders, de volledige lijst")
    summary, confirm, choose = Step.SUMMARY.value, Step.CONFIRM.value, Step.CHOOSE_FIELD.value
    lines += [
        f"        {summary}: {summary} (stap 4, verklaring op eer)",
        f"        {summary} --> {choose}: wijzig",
        f"        {choose} --> {fields[0].id}: een veld, daarna terug naar het overzicht",
        f"        {confirm}: {confirm} (annuleer, vergeet, twijfel over een antwoord)",
        "    }",
        f"    aanvraag --> {confirm}: annuleer, vergeet",
        f"    {confirm} --> aanvraag: nee",
        f"    {confirm} --> {Step.IDLE.value}: ja",
        f"    {summary} --> goedgekeurd: ja",
        "    goedgekeurd: goedgekeurd (stap 5 en 6, projectnummer en stortingsgegevens)",
        f"    goedgekeurd --> {Step.IDLE.value}",
    ]
    return "\n".join(lines) + "\n"
