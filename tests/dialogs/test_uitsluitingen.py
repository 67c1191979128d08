"""Excluded trainings (rules §6.3) from the parts of a word: dialogs/thema.py, _UitsluitingIndex.

The wordings here are built from the rules list and the mechanisms of
nlu_data/lookups/uitsluitingen_vorm.yml (kern_/stam_/bij_/code_ lookups), not taken from the
evaluation CSVs: a licence head with a vehicle or a category code, a pilot head with its kind,
a stem with a partner word, a professional modifier that rules a compound out, and the weak
cues that ask instead of refusing.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dialogs import thema
from dialogs.nlu_loader import NluDataError
from dialogs.thema import _uitsluiting_index, match_uitsluiting

ROOT = Path(__file__).resolve().parents[2]
ECHTE = ROOT / "nlu_data" / "evaluatie" / "echte_titels.csv"

SURE = [
    # letters written with dots are one word
    ("Introductie M.B.T.I.", "mbti", "M.B.T.I."),
    ("Opleiding N.L.P.-coach", "nlp", "N.L.P.-coach"),
    # English and Belgian names of listed items
    ("Brevet Yachtman theorie", "vaarbewijs", "Brevet Yachtman"),
    ("Dowsing for beginners", "pendelen", "Dowsing"),
    ("Hypno-psychotherapie", "hypnose", "Hypno-psychotherapie"),
    # a head and its partner with small words between; "de" is the article there, no DE code
    ("Rijlessen voor de auto", "rijbewijs_am_a_b", "Rijlessen voor de auto"),
    ("Spoedcursus voor je motor", "rijbewijs_am_a_b", "Spoedcursus voor je motor"),
    ("Theoriecursus auto", "rijbewijs_am_a_b", "Theoriecursus auto"),
    ("Meridian-Massage", "meridianen_elementenleer", "Meridian-Massage"),
    ("Reflex therapy voor de voeten", "reflexologie", "Reflex therapy"),
    # driving licence AM, A, B: a head (rijbewijs, rijles, rijschool, ...) with a vehicle,
    # a category or theorie/praktijk; a category code after cat./categorie/klasse
    ("Scooterrijbewijs", "rijbewijs_am_a_b", "Scooterrijbewijs"),
    ("Motorrijschool Limburg", "rijbewijs_am_a_b", "Motorrijschool"),
    ("Autorijschool: pakket van 20 lessen", "rijbewijs_am_a_b", "Autorijschool"),
    ("Bromfietsrijbewijs AM", "rijbewijs_am_a_b", "Bromfietsrijbewijs"),
    ("Praktijklessen motor A", "rijbewijs_am_a_b", "Praktijklessen motor"),
    ("Theorie rijbewijs", "rijbewijs_am_a_b", "Theorie rijbewijs"),
    ("Theorie rijbewijs AM", "rijbewijs_am_a_b", None),
    ("B-rijles", "rijbewijs_am_a_b", "B-rijles"),
    ("Rijexamen auto", "rijbewijs_am_a_b", None),
    ("Bromfietscertificaat", "rijbewijs_am_a_b", None),
    ("Klasse B theorie", "rijbewijs_am_a_b", "Klasse B"),
    ("Categorie A2 praktijk", "rijbewijs_am_a_b", "Categorie A2"),
    ("Cat. A2 praktijkopleiding", "rijbewijs_am_a_b", "Cat. A2"),
    ("Categorie A1 of A2: theorie", "rijbewijs_am_a_b", "Categorie A1 of A2"),
    ("Driving lessons category B", "rijbewijs_am_a_b", None),
    # pilots: vlieger/piloot with its kind, licences, instructors
    ("Sportvliegers opleiding", "piloot", "Sportvliegers"),
    ("Privévlieger worden", "piloot", "Privévlieger"),
    ("Gevechtspiloot", "piloot", None),
    ("Verkeerspiloot", "piloot", None),
    ("Zweefvliegopleiding", "piloot", None),
    ("Vlieginstructeur FI(A)", "piloot", None),
    ("LAPL(H)", "piloot", None),
    ("ATPL theorie modulair", "piloot", None),
    ("Student pilot", "piloot", None),
    ("Instrument rating", "piloot", None),
    # astrology: astro- with a course noun, astrology words
    ("Astrologiecursus online", "astrologie", None),
    ("Astroles voor beginners", "astrologie", "Astroles"),
    ("Astropsychologie", "astrologie", None),
    ("Dierenriem en geboortekaart", "astrologie", "Dierenriem"),
    ("Zodiac reading", "astrologie", None),
    # networking: netwerk-/networking with an event, named clubs
    ("Networking breakfast", "netwerksessies", "Networking breakfast"),
    ("Netwerk-apero voor starters", "netwerksessies", None),
    ("BNI chapter meeting", "netwerksessies", "BNI"),
    ("Speed networking", "netwerksessies", None),
    ("Netwerkontmoeting West-Vlaanderen", "netwerksessies", None),
    # teambuilding, study trips
    ("Teambonding op de hei", "teambuilding", "Teambonding"),
    ("Learning trip Finland", "studiereizen", "Learning trip"),
    ("Studie-reis Japan", "studiereizen", "Studie-reis"),
    # the others, in their derivations and English forms
    ("Hypnocoaching", "hypnose", None),
    ("Bloesemremedie voor kinderen", "bachbloesemtherapie", None),
    ("Coachwandeling", "wandelcoaching", None),
    ("Walk & talk coaching", "wandelcoaching", None),
    ("Vaarschool", "vaarbewijs", None),
    ("Yachtbrevet", "vaarbewijs", None),
    ("Meridiaanmassage", "meridianen_elementenleer", None),
    ("Insights kleurenworkshop", "insights_discovery", None),
    ("Mindful self-compassion", "mindfulness", None),
    ("Examenkost ITIL", "examen", None),
    # the acronym NLP with a word of neuro-linguistic programming after it
    ("NLP coach worden", "nlp", "NLP coach"),
    ("NLP-technieken voor verkopers", "nlp", "NLP-technieken"),
    ("NLPcoach", "nlp", None),
    ("CPL(A) modular", "piloot", None),
    ("Insights Discovery kleurenmodel en kleurentaal", "insights_discovery", None),
]


@pytest.mark.parametrize(("text", "id_", "woord"), SURE, ids=[s[0] for s in SURE])
def test_parts_of_a_word_name_the_exclusion_for_sure(
    text: str, id_: str, woord: str | None
) -> None:
    hit = match_uitsluiting(text)
    assert hit is not None and hit.id == id_ and hit.zeker, hit
    assert hit.woord in text
    if woord is not None:
        assert hit.woord == woord


ASKED = [
    # membership dues, trance journeys, exam nerves, networking formats, pilot licences
    ("Jaarcontributie 2025", "abonnement_lidgeld", "Jaarcontributie"),
    ("Trance en innerlijke reis", "sjamanisme", "Trance"),
    ("Omgaan met examenstress", "examen", "examenstress"),
    ("Open Coffee Mechelen", "netwerksessies", "Open Coffee"),
    ("Touch for Health voor beginners", "meridianen_elementenleer", "Touch for Health"),
    ("RPL theorie", "piloot", "RPL"),
    # a code after a category word without any licence word: perhaps the licence
    ("Categorie B", "rijbewijs_am_a_b", "Categorie B"),
    ("Klasse A vloeistoffen", "rijbewijs_am_a_b", "Klasse A"),
    # a licence or pilot head with a modifier that is not known either way
    ("Camperrijbewijs", "rijbewijs_am_a_b", "Camperrijbewijs"),
    ("Dronepiloot", "piloot", None),
    ("Autopilot", "piloot", None),
    ("Rijopleiding", "rijbewijs_am_a_b", None),
    ("Begeleid rijden", "rijbewijs_am_a_b", None),
    ("Grondschool", "piloot", None),
    ("Zweefvliegen", "piloot", None),
    # "Astro" is also a web framework: alone or with an English course noun, ask
    ("Astro", "astrologie", "Astro"),
    ("Astro Course for Beginners", "astrologie", "Astro"),
    # clubs and formats that may be networking or a training
    ("Business club", "netwerksessies", None),
    ("Ondernemersontbijt", "netwerksessies", None),
    ("Afterwork drink", "netwerksessies", None),
    ("Netwerkvaardigheden", "netwerksessies", None),
    # outings, visits, missions
    ("Bedrijfsuitje", "teambuilding", None),
    ("Zomerteamdag", "teambuilding", "Zomerteamdag"),
    ("Team challenge", "teambuilding", None),
    ("Learning journey", "studiereizen", None),
    # a trip named after its aim may be a study trip or a programme called so: ask
    ("Innovatietrip Israël", "studiereizen", "Innovatietrip"),
    ("Inspiratiereis Denemarken", "studiereizen", None),
    ("Trend tour Milaan", "studiereizen", "Trend tour"),
    ("Handelsmissie India", "studiereizen", None),
    ("Bedrijfsbezoek in Duitsland", "studiereizen", None),
    # near the esoteric items
    ("Numerologie", "astrologie", None),
    ("Vijf elementen", "meridianen_elementenleer", None),
    ("Helderziendheid", "kaartleggen", None),
    ("Trommelreis", "sjamanisme", None),
    ("Marifoon", "vaarbewijs", None),
    ("Leerabonnement", "abonnement_lidgeld", "Leerabonnement"),
    ("Lidmaatschap en aansprakelijkheid in de vzw", "abonnement_lidgeld", "Lidmaatschap"),
    ("Toelatingsexamen", "examen", None),
    # a bare acronym that is also a term of data science or marketing
    ("NLP Fundamentals", "nlp", "NLP"),
    ("Applied NLP", "nlp", "NLP"),
    ("Opleiding NLP", "nlp", "NLP"),
    ("CPL", "piloot", "CPL"),
    ("Introduction to NLP", "nlp", "NLP"),
    # a sure wording next to physics is perhaps a pendulum, not dowsing
    ("Pendulum dynamics in physics", "pendelen", "Pendulum"),
]


@pytest.mark.parametrize(("text", "id_", "woord"), ASKED, ids=[a[0] for a in ASKED])
def test_a_weak_or_unknown_part_is_asked_not_refused(
    text: str, id_: str, woord: str | None
) -> None:
    hit = match_uitsluiting(text)
    assert hit is not None and hit.id == id_ and not hit.zeker, hit
    assert hit.woord in text
    if woord is not None:
        assert hit.woord == woord


NOT_EXCLUDED = [
    # dots between digits or after an abbreviation join nothing
    "Versie 2.0 van het ERP-pakket",
    "Dr. A. Peeters over btw",
    "Business insights workshop",
    # "de" as an article and DE as a code; a course noun with something else than a vehicle
    "Rijschool voor de vrachtwagen",
    "Rijbewijs DE",
    "Theoriecursus VCA",
    "Spoedcursus Excel",
    "Praktijkopleiding elektriciteit",
    # professional licences and driving courses that are no licence AM, A or B
    "Vrachtwagenrijbewijs",
    "Heftruckrijbewijs",
    "Rijbewijs C theorie",
    "Rijles vrachtwagen",
    "Rijschool voor bus en autocar",
    "Rijopleiding CE met code 95",
    "Defensief rijden personenwagen",
    "Rijvaardigheidstraining",
    "Rijopleiding veilig rijden voor chauffeurs",
    "Motorfietsmecanicien",
    "Onderhoud van motorfietsen",
    "Theorie en praktijk van de boekhouding",
    "Cat 6 bekabeling",
    "How To Obtain A License For Your Business",
    # pilot-like words that are no pilot training
    "Hoogvliegers in verkoop",
    "Rallypiloot",
    "GitHub Copilot voor ontwikkelaars",
    "Vliegtuigonderhoud B1",
    # astro- without astrology
    "Astro framework: statische websites bouwen",
    "Building websites with Astro and Tailwind",
    "Astro cursus voor webontwikkelaars",
    "Astrofysica",
    "Astronomie voor beginners",
    # computer and social networks
    "Netwerkbeveiliging",
    "Netwerkbeheer Windows Server",
    "Sociale netwerken voor marketing",
    "Netwerkplanning in de logistiek",
    # team training that is no teambuilding
    "Teamcoaching voor leidinggevenden",
    "Teamleiderschap",
    "Team management essentials",
    # journeys that are no trips, and the rest
    "Customer journey mapping",
    "Klantreis in kaart brengen",
    "Pendelbus organiseren",
    "Incoterms ICC 2020",
    "Customer Insights Profile",
    "5 massage technieken",
    "Kaarten maken met QGIS",
    "Ledenadministratie in Excel",
    "Abonnementsmodel voor je webshop",
    "CPL campaigns voor webshops",
]


@pytest.mark.parametrize("text", NOT_EXCLUDED)
def test_a_ruled_out_or_unrelated_compound_is_not_excluded(text: str) -> None:
    assert match_uitsluiting(text) is None


def test_ordinary_real_titles_are_seldom_asked_about() -> None:
    """The added mechanisms ask about at most 1 % of the real titles that are not excluded."""
    with ECHTE.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if not r.get("uitgesloten")]
    asked = [r["titel"] for r in rows if match_uitsluiting(r["titel"]) is not None]
    assert len(rows) > 2000
    assert len(asked) <= len(rows) // 100, asked


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


VORM = (
    'version: "3.1"\nnlu:\n'
    "- lookup: vulwoorden\n  examples: |\n    - categorie\n"
    "- lookup: koppen\n  examples: |\n    - cursus\n"
    "- lookup: zonder_kop\n  examples: |\n    - piloot\n"
    "- lookup: codewoorden\n  examples: |\n    - klasse\n"
)


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        pytest.param(
            "- lookup: kern_yoga\n  examples: |\n    - yogales\n", "kern_yoga", id="unknown-id"
        ),
        pytest.param(
            "- lookup: kern_mindfulness\n  examples: |\n    - mindful\n",
            "without bij_mindfulness",
            id="kern-without-bij",
        ),
        pytest.param(
            "- lookup: bij_mindfulness\n  examples: |\n    - op het werk\n",
            "one word",
            id="phrase-as-part",
        ),
    ],
)
def test_broken_word_part_lookups_are_refused_and_named(
    tmp_path: Path, extra: str, fragment: str
) -> None:
    _write(
        tmp_path,
        thema.UITSLUITINGEN_BESTAND,
        'version: "3.1"\nnlu:\n- lookup: mindfulness\n  examples: |\n    - mindfulness\n',
    )
    _write(tmp_path, thema.TWIJFEL_BESTAND, 'version: "3.1"\nnlu: []\n')
    _write(tmp_path, thema.VORM_BESTAND, VORM + extra)
    with pytest.raises(NluDataError, match=fragment):
        thema._UitsluitingIndex(
            thema._read_blocks(tmp_path, thema.UITSLUITINGEN_BESTAND),
            thema._read_blocks(tmp_path, thema.TWIJFEL_BESTAND),
            thema._read_blocks(tmp_path, thema.VORM_BESTAND),
        )


def test_a_small_data_set_builds_the_parts_it_names(tmp_path: Path) -> None:
    """The mechanisms come from the data: a kern and its bij words in a test's own files."""
    _write(
        tmp_path,
        thema.UITSLUITINGEN_BESTAND,
        'version: "3.1"\nnlu:\n- lookup: piloot\n  examples: |\n    - vliegbrevet\n',
    )
    _write(
        tmp_path,
        thema.TWIJFEL_BESTAND,
        'version: "3.1"\nnlu:\n- lookup: geen_piloot\n  examples: |\n    - hoog\n',
    )
    _write(
        tmp_path,
        thema.VORM_BESTAND,
        VORM
        + "- lookup: kern_piloot\n  examples: |\n    - vlieger\n"
        + "- lookup: bij_piloot\n  examples: |\n    - beroep\n",
    )
    index = thema._UitsluitingIndex(
        thema._read_blocks(tmp_path, thema.UITSLUITINGEN_BESTAND),
        thema._read_blocks(tmp_path, thema.TWIJFEL_BESTAND),
        thema._read_blocks(tmp_path, thema.VORM_BESTAND),
    )
    sure = index.treffer("Beroepsvliegers")
    assert sure is not None and sure.zeker and sure.id == "piloot"
    asked = index.treffer("Kitevlieger")
    assert asked is not None and not asked.zeker
    assert index.treffer("Hoogvlieger") is None
    assert index.treffer("Vlieger") is None


def test_no_wording_is_both_sure_and_doubtful() -> None:
    """A phrase of uitsluitingen.yml is not also a twijfel_ phrase of the same exclusion."""
    index = thema._uitsluiting_index()
    both = {
        id_: sorted(set(phrases) & set(index.wordings[id_]))
        for id_, phrases in index.twijfel.items()
    }
    assert {id_: p for id_, p in both.items() if p} == {}


LEARNED = [
    # words no wording has, read like the real titles of an exclusion: asked, never refused
    ("Advanced powerboat handling", "vaarbewijs"),
    ("Annual dues for members", "abonnement_lidgeld"),
    ("Borrel voor ondernemers uit de regio", "netwerksessies"),
    # a stam with one meaning, read by the model with the rest of the title
    ("Skipper weekend op de Noordzee", "vaarbewijs"),
]


@pytest.mark.parametrize(("text", "id_"), LEARNED)
def test_the_learned_layer_asks_about_new_wordings_and_never_refuses(text: str, id_: str) -> None:
    """The wordings know none of these; the exclusion model reads them as the exclusion."""
    assert _uitsluiting_index().treffer(text) is None
    found = match_uitsluiting(text)
    assert found is not None and found.id == id_ and not found.zeker


@pytest.mark.parametrize(
    "text",
    [
        "Insights",
        "Customer insights met Power BI",
        "Rallypiloot",
        "Kaarten maken met QGIS",
        "Hypnotiserende presentaties",
        "Netwerken in de cloud",
    ],
)
def test_the_learned_layer_leaves_what_the_wordings_decided(text: str) -> None:
    """A stam or kern without its partner, a course noun, a ruling-out word: no question."""
    assert match_uitsluiting(text) is None
