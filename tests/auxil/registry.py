"""A generated register of dienstverleners that looks like the real one, for tests and benchmarks.

Names combine Flemish surnames, first names, places and activity words with legal forms;
numbers are DV.O/DV.A + 6 digits, unique. Deterministic for a given seed.
"""

from __future__ import annotations

import random

from dialogs.models import Dienstverlener

# fmt: off
SURNAMES = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
    "De", "Smet", "Dubois", "Lambert", "Dupont", "Martens", "Hermans", "Vermeulen", "Van", "den",
    "Broeck", "Pauwels", "Desmet", "Verstraeten", "Cools", "Bogaert", "Van", "Damme", "De", "Vos",
    "Michiels", "Smets", "Declercq", "Aerts", "Coppens", "Lemmens", "Verhoeven", "Van", "Dyck",
    "Segers", "Wuyts", "Stevens", "Leclercq", "Mortier", "Geerts", "Vandenberghe", "Hendrickx",
    "Baert", "De", "Clercq", "Van", "Hoof", "Vanderstraeten", "Verbruggen", "Devos", "Huybrechts",
    "Bosmans", "Thys", "Verhaegen",
]
FIRST = [
    "Jan", "An", "Tom", "Els", "Koen", "Sofie", "Pieter", "Lien", "Bart", "Griet", "Wim",
    "Katrien", "Joris", "Nele", "Dirk",
]
PLACES = [
    "Gent", "Antwerpen", "Brugge", "Leuven", "Mechelen", "Hasselt", "Kortrijk", "Aalst", "Genk",
    "Roeselare", "Turnhout", "Sint-Niklaas", "Oostende", "Lier", "Geel", "Ninove", "Tienen",
    "Waregem", "Ieper", "Dendermonde", "Vilvoorde",
]
ACTIVITY = [
    "Opleidingen", "Academy", "Consult", "Advies", "Training", "Vorming", "Rijschool",
    "Taalcentrum", "Coaching", "Solutions", "Partners", "Group", "Institute", "Kenniscentrum",
    "Leercentrum", "Consultancy", "Management", "Digital", "Security", "Cyber", "Accountancy",
    "Fiscaliteit", "Veiligheid", "Zorg", "Design", "Marketing", "Talen", "Opleidingscentrum",
    "Studio", "Lab", "Works", "Services", "Projects", "Development", "Learning", "Skills",
]
FORMS = ("NV", "BV", "BVBA", "VZW", "CV", "VOF", "Comm.V", "")
SYLLABLES = [
    "ka", "lo", "ra", "vi", "ne", "to", "ma", "ri", "se", "lu", "do", "ba", "mi", "ve", "ta", "ko",
    "ni", "sa", "re", "po", "li", "de", "fa", "zo",
]
# fmt: on


def brand(rnd: random.Random) -> str:
    """An invented brand word such as 'Kalora' or 'Vinemi'."""
    return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))).capitalize()


def generate_register(n: int, *, seed: int = 2026) -> list[Dienstverlener]:
    """n providers with unique registration numbers."""
    rnd = random.Random(seed)
    numbers = rnd.sample(range(100000, 1000000), n)
    out = []
    for i, number in enumerate(numbers):
        shape = rnd.random()
        if shape < 0.5:
            name = f"{brand(rnd)} {rnd.choice(ACTIVITY)}"
        elif shape < 0.6:
            name = f"{brand(rnd)}"
        elif shape < 0.7:
            name = f"{rnd.choice(SURNAMES)} {rnd.choice(ACTIVITY)}"
        elif shape < 0.8:
            name = f"{rnd.choice(ACTIVITY)} {rnd.choice(PLACES)}"
        elif shape < 0.9:
            name = f"{rnd.choice(FIRST)} {rnd.choice(SURNAMES)} {rnd.choice(ACTIVITY)}"
        else:
            name = f"{rnd.choice(SURNAMES)} & {rnd.choice(SURNAMES)} {rnd.choice(ACTIVITY)}"
        form = rnd.choice(FORMS)
        name = f"{name} {form}".strip() if rnd.random() < 0.7 else name
        if rnd.random() < 0.3:
            name = f"{name} {i % 997}"  # many providers differ only by a branch number
        kind = "opleiding" if rnd.random() < 0.7 else "advies"
        letter = "O" if kind == "opleiding" else "A"
        out.append(Dienstverlener(naam=name, registratienummer=f"DV.{letter}{number}", type=kind))
    return out


def misspell(name: str, rnd: random.Random) -> str:
    """How a user might type a provider's name: typo, dropped legal form, other word order."""
    words = [w for w in name.split() if w not in FORMS or rnd.random() < 0.3]
    if len(words) > 1 and rnd.random() < 0.3:
        words = words[::-1]
    text = " ".join(words).lower()
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if letters and rnd.random() < 0.8:
        i = rnd.choice(letters)
        kind = rnd.random()
        if kind < 0.4:
            text = text[:i] + text[i + 1 :]
        elif kind < 0.7 and i + 1 < len(text):
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        else:
            text = text[:i] + rnd.choice("aeiourstn") + text[i + 1 :]
    return text
