"""The helpdesk's opening hours: when a user who asks for a person can expect an answer.

Written as `ma-vr 09:00-17:00` (several periods separated by `;`, e.g.
`ma-do 09:00-17:00; vr 09:00-12:00`), in Brussels time. `kmobot helpdesk --open` stores them
in the database (`meta`), so that every channel's process reads the same hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAGEN = ("ma", "di", "wo", "do", "vr", "za", "zo")
#: What a new console uses when no hours are given.
STANDAARD = "ma-vr 09:00-17:00"

_PERIODE = re.compile(
    r"^\s*(ma|di|wo|do|vr|za|zo)(?:\s*-\s*(ma|di|wo|do|vr|za|zo))?\s+"
    r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$"
)


def _zone() -> ZoneInfo | None:
    try:
        return ZoneInfo("Europe/Brussels")
    except ZoneInfoNotFoundError:
        return None


@dataclass(frozen=True, slots=True)
class Periode:
    """Open on these weekdays (0 = maandag) from `van` until `tot`."""

    dagen: frozenset[int]
    van: time
    tot: time


class OngeldigeUren(ValueError):
    """Opening hours that cannot be read."""


@dataclass(frozen=True, slots=True)
class Openingsuren:
    """The periods the helpdesk is open."""

    periodes: tuple[Periode, ...]

    @classmethod
    def lees(cls, tekst: str) -> Openingsuren:
        """Parse `ma-vr 09:00-17:00; za 10:00-12:00`; `OngeldigeUren` when it cannot."""
        periodes = []
        for deel in tekst.split(";"):
            if not deel.strip():
                continue
            m = _PERIODE.match(deel.lower())
            if m is None:
                raise OngeldigeUren(deel.strip())
            eerste = DAGEN.index(m[1])
            laatste = DAGEN.index(m[2]) if m[2] else eerste
            if laatste < eerste:
                raise OngeldigeUren(deel.strip())
            try:
                van = time(int(m[3]), int(m[4]))
                tot = time(int(m[5]), int(m[6]))
            except ValueError:
                raise OngeldigeUren(deel.strip()) from None
            if tot <= van:
                raise OngeldigeUren(deel.strip())
            periodes.append(Periode(frozenset(range(eerste, laatste + 1)), van, tot))
        if not periodes:
            raise OngeldigeUren(tekst)
        return cls(tuple(periodes))

    @staticmethod
    def lokaal(nu: datetime) -> datetime:
        """A clock reading (UTC) in Brussels time."""
        zone = _zone()
        return nu.astimezone(zone) if zone is not None else nu

    def open_op(self, nu: datetime) -> bool:
        """Whether the helpdesk is open at this moment."""
        t = self.lokaal(nu)
        return any(t.weekday() in p.dagen and p.van <= t.time() < p.tot for p in self.periodes)

    def volgende_opening(self, nu: datetime) -> datetime:
        """When it next opens (Brussels time); `nu` itself when it is open."""
        t = self.lokaal(nu)
        if self.open_op(nu):
            return t
        for dag in range(8):
            d = (t + timedelta(days=dag)).date()
            starts = sorted(
                datetime.combine(d, p.van, tzinfo=t.tzinfo)
                for p in self.periodes
                if d.weekday() in p.dagen
            )
            for start in starts:
                if start > t:
                    return start
        return t  # unreachable with at least one period
