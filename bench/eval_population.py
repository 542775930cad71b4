"""Synthetic people for the name-screening evaluation and speed benchmarks.

Two generators, both seeded and deterministic:

- `innocent_travellers`: passengers from many regions (Arab world, Iran, Turkey,
  South Asia, East and South-East Asia, Russia and Eastern Europe, Western Europe,
  Latin America, West and East Africa), each with given names, surname, full date of
  birth, sex, nationality and a passport number, as an MRZ would give them. The
  names are real, common names, on purpose: the hard part of screening is people who
  share name parts with listed persons.
- `skewed_list`: list entries for the 1 M-entry speed test, tokens drawn with a
  Zipf-like frequency (p ~ rank^-1.1 within each region), so a few tokens (MOHAMMED,
  WANG, SMITH ...) appear in a large share of names, as in real lists.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

REGIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # region: (male given, female given, surnames, nationalities)
    "arab": (
        tuple(
            [
                "MOHAMMED",
                "AHMED",
                "ALI",
                "OMAR",
                "KHALED",
                "YOUSSEF",
                "IBRAHIM",
                "HASSAN",
                "HUSSEIN",
                "MAHMOUD",
                "MUSTAFA",
                "SAMI",
                "TAREK",
                "WALID",
                "ZIAD",
                "NABIL",
                "KARIM",
                "FARES",
                "RAMI",
                "BASSAM",
                "MAJED",
                "SALEM",
                "FAISAL",
                "NASSER",
                "ADEL",
            ]
        ),
        tuple(
            [
                "FATIMA",
                "AISHA",
                "MARYAM",
                "LAYLA",
                "NOUR",
                "HANA",
                "RANIA",
                "SARA",
                "YASMIN",
                "SALMA",
                "DINA",
                "REEM",
                "LINA",
                "HUDA",
            ]
        ),
        tuple(
            [
                "HADDAD",
                "KHOURY",
                "NASSAR",
                "SALEH",
                "MANSOUR",
                "AZIZ",
                "HAMDAN",
                "OTHMAN",
                "QASSEM",
                "DARWISH",
                "SHAMMARI",
                "ALAMI",
                "BENNANI",
                "TAZI",
                "CHERKAOUI",
                "BOUZID",
                "HAMADI",
                "FARHAT",
                "JABER",
                "ISSA",
                "ZUBAIDI",
                "RAHMAN",
                "SAID",
                "OBEIDI",
                "MASRI",
                "HALABI",
                "KHATIB",
                "NAJJAR",
                "SABBAGH",
                "TAHA",
                "YASSIN",
            ]
        ),
        ("SA", "EG", "JO", "LB", "MA", "DZ", "TN", "AE", "IQ", "SY", "QA", "KW"),
    ),
    "iran": (
        tuple(
            [
                "REZA",
                "MEHDI",
                "ALI",
                "HOSSEIN",
                "AMIR",
                "DARIUSH",
                "BABAK",
                "KAVEH",
                "PARVIZ",
                "SAEED",
                "HAMID",
                "NIMA",
                "ARASH",
            ]
        ),
        tuple(
            [
                "ZAHRA",
                "MARYAM",
                "SHIRIN",
                "PARISA",
                "NEDA",
                "LEILA",
                "FATEMEH",
                "MINA",
                "SOMAYEH",
                "AZADEH",
            ]
        ),
        tuple(
            [
                "AHMADI",
                "MOHAMMADI",
                "HOSSEINI",
                "REZAEI",
                "MOUSAVI",
                "KARIMI",
                "JAFARI",
                "RAHIMI",
                "HASHEMI",
                "TEHRANI",
                "SADEGHI",
                "KAZEMI",
                "NAZARI",
                "SHARIFI",
                "GHORBANI",
            ]
        ),
        ("IR",),
    ),
    "turkey": (
        tuple(
            [
                "MEHMET",
                "MUSTAFA",
                "AHMET",
                "ALI",
                "HUSEYIN",
                "HASAN",
                "IBRAHIM",
                "ISMAIL",
                "OSMAN",
                "YUSUF",
                "MURAT",
                "EMRE",
                "BURAK",
                "CAN",
            ]
        ),
        tuple(["AYSE", "FATMA", "EMINE", "HATICE", "ZEYNEP", "ELIF", "MERVE", "OZLEM"]),
        tuple(
            [
                "YILMAZ",
                "KAYA",
                "DEMIR",
                "SAHIN",
                "CELIK",
                "YILDIZ",
                "YILDIRIM",
                "OZTURK",
                "AYDIN",
                "OZDEMIR",
                "ARSLAN",
                "DOGAN",
                "KILIC",
                "ASLAN",
                "CETIN",
                "KARA",
                "KOC",
                "KURT",
            ]
        ),
        ("TR",),
    ),
    "south_asia": (
        tuple(
            [
                "MUHAMMAD",
                "IMRAN",
                "ASIF",
                "BILAL",
                "USMAN",
                "RAHUL",
                "AMIT",
                "RAJESH",
                "SANJAY",
                "VIKRAM",
                "ARJUN",
                "RAVI",
                "SURESH",
                "FAROOQ",
                "TARIQ",
                "KAMRAN",
                "RASHID",
                "ANWAR",
                "SHAHID",
                "ABDUL",
            ]
        ),
        tuple(
            [
                "PRIYA",
                "ANITA",
                "SUNITA",
                "AYESHA",
                "SANA",
                "NADIA",
                "KAVITA",
                "POOJA",
                "SHABANA",
                "RUKHSANA",
            ]
        ),
        tuple(
            [
                "KHAN",
                "AHMED",
                "HUSSAIN",
                "SHAH",
                "MALIK",
                "BUTT",
                "CHAUDHRY",
                "QURESHI",
                "SINGH",
                "SHARMA",
                "PATEL",
                "GUPTA",
                "KUMAR",
                "REDDY",
                "IYER",
                "NAIR",
                "RAO",
                "DAS",
                "ISLAM",
                "RAHMAN",
                "UDDIN",
                "CHOWDHURY",
            ]
        ),
        ("PK", "IN", "BD", "AF", "LK"),
    ),
    "east_asia": (
        tuple(
            [
                "WEI",
                "JIE",
                "HAO",
                "LEI",
                "JUN",
                "MING",
                "QIANG",
                "YONG",
                "MINHO",
                "JIHOON",
                "SEUNGHO",
                "HIROSHI",
                "TAKESHI",
                "KENJI",
                "DAISUKE",
            ]
        ),
        tuple(
            [
                "FANG",
                "LI",
                "NA",
                "JING",
                "YAN",
                "XIU",
                "MIN",
                "SOOJIN",
                "JIYEON",
                "YUKI",
                "AKIKO",
                "HANAKO",
                "MEI",
            ]
        ),
        tuple(
            [
                "WANG",
                "LI",
                "ZHANG",
                "LIU",
                "CHEN",
                "YANG",
                "HUANG",
                "ZHAO",
                "WU",
                "ZHOU",
                "XU",
                "SUN",
                "MA",
                "ZHU",
                "KIM",
                "LEE",
                "PARK",
                "CHOI",
                "JUNG",
                "KANG",
                "CHO",
                "YOON",
                "SATO",
                "SUZUKI",
                "TAKAHASHI",
                "TANAKA",
                "WATANABE",
                "ITO",
                "YAMAMOTO",
            ]
        ),
        ("CN", "KR", "JP", "TW", "HK"),
    ),
    "south_east_asia": (
        tuple(
            [
                "MINH",
                "DUC",
                "TUAN",
                "HUNG",
                "NAM",
                "SOMCHAI",
                "ANAN",
                "BUDI",
                "AGUS",
                "JOKO",
                "RIZAL",
                "JOSE",
            ]
        ),
        tuple(["LINH", "HUONG", "MAI", "LAN", "SIRIPORN", "NGOC", "DEWI", "SITI", "PUTRI"]),
        tuple(
            [
                "NGUYEN",
                "TRAN",
                "LE",
                "PHAM",
                "HOANG",
                "VU",
                "VO",
                "DANG",
                "BUI",
                "SAETANG",
                "WONGSAWAT",
                "SANTOSO",
                "WIJAYA",
                "SETIAWAN",
                "HIDAYAT",
                "REYES",
                "SANTOS",
                "CRUZ",
            ]
        ),
        ("VN", "TH", "ID", "PH", "MY"),
    ),
    "eastern_europe": (
        tuple(
            [
                "ALEKSANDR",
                "SERGEY",
                "DMITRY",
                "ANDREY",
                "ALEKSEY",
                "IVAN",
                "MIKHAIL",
                "NIKOLAI",
                "VLADIMIR",
                "OLEG",
                "IGOR",
                "PAVEL",
                "PIOTR",
                "TOMASZ",
                "OLEKSANDR",
                "ANDRIY",
            ]
        ),
        tuple(
            [
                "ELENA",
                "OLGA",
                "TATIANA",
                "NATALIA",
                "IRINA",
                "SVETLANA",
                "ANNA",
                "MARIA",
                "KATARZYNA",
                "OKSANA",
            ]
        ),
        tuple(
            [
                "IVANOV",
                "SMIRNOV",
                "KUZNETSOV",
                "POPOV",
                "VASILIEV",
                "PETROV",
                "SOKOLOV",
                "MIKHAILOV",
                "NOVIKOV",
                "FEDOROV",
                "MOROZOV",
                "VOLKOV",
                "KOWALSKI",
                "NOWAK",
                "WISNIEWSKI",
                "SHEVCHENKO",
                "KOVALENKO",
                "BONDARENKO",
            ]
        ),
        ("RU", "UA", "BY", "PL", "KZ"),
    ),
    "western_europe": (
        tuple(
            [
                "JAMES",
                "JOHN",
                "DAVID",
                "PETER",
                "THOMAS",
                "MICHAEL",
                "PIERRE",
                "JEAN",
                "LUCAS",
                "HANS",
                "KLAUS",
                "STEFAN",
                "MARCO",
                "LUCA",
                "GIUSEPPE",
                "JAN",
                "PIETER",
            ]
        ),
        tuple(
            [
                "MARY",
                "SARAH",
                "EMMA",
                "SOPHIE",
                "CLAIRE",
                "ANNA",
                "JULIA",
                "LAURA",
                "GIULIA",
                "CHIARA",
                "MARIE",
                "CAMILLE",
            ]
        ),
        tuple(
            [
                "SMITH",
                "JONES",
                "WILLIAMS",
                "BROWN",
                "TAYLOR",
                "MARTIN",
                "BERNARD",
                "DUBOIS",
                "MOREAU",
                "MULLER",
                "SCHMIDT",
                "SCHNEIDER",
                "FISCHER",
                "WEBER",
                "ROSSI",
                "RUSSO",
                "BIANCHI",
                "DE",
                "JONG",
                "JANSEN",
                "VAN",
                "DIJK",
                "O'BRIEN",
            ]
        ),
        ("GB", "FR", "DE", "IT", "NL", "IE", "BE"),
    ),
    "latin": (
        tuple(
            [
                "JOSE",
                "JUAN",
                "CARLOS",
                "LUIS",
                "JORGE",
                "MIGUEL",
                "PEDRO",
                "ANTONIO",
                "FRANCISCO",
                "MANUEL",
                "DIEGO",
                "JOAO",
            ]
        ),
        tuple(["MARIA", "ANA", "LUCIA", "CARMEN", "ROSA", "GABRIELA", "FERNANDA", "CAMILA"]),
        tuple(
            [
                "GARCIA",
                "RODRIGUEZ",
                "MARTINEZ",
                "HERNANDEZ",
                "LOPEZ",
                "GONZALEZ",
                "PEREZ",
                "SANCHEZ",
                "RAMIREZ",
                "TORRES",
                "FLORES",
                "RIVERA",
                "GOMEZ",
                "DIAZ",
                "SILVA",
                "SANTOS",
                "OLIVEIRA",
                "SOUZA",
                "PEREIRA",
                "COSTA",
            ]
        ),
        ("MX", "CO", "AR", "PE", "BR", "ES", "PT", "VE"),
    ),
    "west_africa": (
        tuple(
            [
                "OLUWASEUN",
                "CHINEDU",
                "EMEKA",
                "IBRAHIM",
                "MUSA",
                "ABDULLAHI",
                "KWAME",
                "KOFI",
                "MAMADOU",
                "MOUSSA",
                "OUSMANE",
                "SEYDOU",
                "ADEBAYO",
            ]
        ),
        tuple(["NGOZI", "CHIAMAKA", "AMINATA", "FATOUMATA", "ADWOA", "AMA", "HAUWA", "FUNMILAYO"]),
        tuple(
            [
                "OKAFOR",
                "ADEYEMI",
                "OKONKWO",
                "BELLO",
                "ABUBAKAR",
                "MENSAH",
                "BOATENG",
                "DIALLO",
                "TRAORE",
                "KEITA",
                "CISSE",
                "COULIBALY",
                "OUEDRAOGO",
                "SOW",
                "BA",
                "NDIAYE",
                "DIOP",
            ]
        ),
        ("NG", "GH", "SN", "ML", "CI", "BF"),
    ),
    "east_africa": (
        tuple(
            [
                "ABDI",
                "MOHAMED",
                "HASSAN",
                "YOHANNES",
                "DAWIT",
                "TESFAYE",
                "JOSEPH",
                "PETER",
                "JOHN",
                "BARAKA",
            ]
        ),
        tuple(["FARTUN", "HODAN", "AMINA", "MERON", "HIRUT", "GRACE", "FAITH", "WANJIRU"]),
        tuple(
            [
                "WARSAME",
                "FARAH",
                "HERSI",
                "JAMA",
                "NUR",
                "TESFAYE",
                "BEKELE",
                "GIRMA",
                "HAILE",
                "KAMAU",
                "OTIENO",
                "WANJALA",
                "MWANGI",
                "OCHIENG",
            ]
        ),
        ("SO", "ET", "ER", "KE", "TZ", "UG"),
    ),
}
REGION_WEIGHTS = {
    "arab": 14,
    "iran": 5,
    "turkey": 6,
    "south_asia": 14,
    "east_asia": 14,
    "south_east_asia": 8,
    "eastern_europe": 9,
    "western_europe": 14,
    "latin": 9,
    "west_africa": 4,
    "east_africa": 3,
}


@dataclass(frozen=True, slots=True)
class Person:
    given_names: str
    surname: str
    date_of_birth: dt.date
    sex: str
    nationality: str
    passport: str


@lru_cache(maxsize=256)
def _cumulative(size: int, skew: float) -> list[float]:
    return list(accumulate(1 / (rank + 1) ** skew for rank in range(size)))


def _zipf_choice(rng: random.Random, names: tuple[str, ...], skew: float = 1.1) -> str:
    return rng.choices(names, cum_weights=_cumulative(len(names), skew))[0]


def _passport(rng: random.Random) -> str:
    letters = "ABCEFGHJKLMNPRSTUVWXYZ"
    return rng.choice(letters) + rng.choice(letters) + str(rng.randrange(10**6, 10**7))


def make_person(rng: random.Random, region: str, *, skew: float = 0.0) -> Person:
    male, female, surnames, countries = REGIONS[region]
    sex = rng.choice("MF")
    given_pool = male if sex == "M" else female

    def pick(pool: tuple[str, ...]) -> str:
        return _zipf_choice(rng, pool, skew) if skew else rng.choice(pool)

    given = pick(given_pool)
    if rng.random() < 0.35:  # a middle name, or (Arab world) the father's name
        given += " " + pick(male if region in ("arab", "south_asia", "east_africa") else given_pool)
    surname = pick(surnames)
    if region in ("latin",) and rng.random() < 0.5:
        surname += " " + pick(surnames)  # two surnames
    born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 70 * 365))
    return Person(given, surname, born, sex, rng.choice(countries), _passport(rng))


def innocent_travellers(count: int, *, seed: int = 7) -> list[Person]:
    rng = random.Random(seed)
    regions = list(REGION_WEIGHTS)
    weights = list(REGION_WEIGHTS.values())
    return [make_person(rng, rng.choices(regions, weights)[0]) for _ in range(count)]


def skewed_list(count: int, *, seed: int = 11) -> list[Person]:
    """List entries with Zipf-skewed token frequency, plus rare invented surnames.

    Half of the surnames are made rare by a numbered syllable suffix, so the
    vocabulary grows with the list (as real lists' does) instead of staying at the few
    hundred tokens above.
    """
    rng = random.Random(seed)
    regions = list(REGION_WEIGHTS)
    weights = list(REGION_WEIGHTS.values())
    syllables = ("AN", "EL", "OR", "IK", "UM", "AS", "EN", "OV", "AR", "IN", "OS", "AD")
    people = []
    for _ in range(count):
        person = make_person(rng, rng.choices(regions, weights)[0], skew=1.1)
        if rng.random() < 0.5:
            rare = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
            person = Person(
                person.given_names,
                person.surname + rare,
                person.date_of_birth,
                person.sex,
                person.nationality,
                person.passport,
            )
        people.append(person)
    return people


__all__ = ["REGIONS", "Person", "innocent_travellers", "make_person", "skewed_list"]
