"""Deterministic sample data: the same seed always gives the same records.

Everything comes from one ``random.Random(seed)`` drawn in a fixed order; no clock is read,
so modification dates lie in a fixed window (2022-01-01 to 2025-06-30).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from playground.sandbox import places, seed_more, staff
from playground.sandbox.fields import FIELDS, OBJEKTTYP
from playground.sandbox.places import City
from playground.sandbox.seed_extra import address_extras, estate_extras

# Any, not Value: handlers read fields whose type their module fixes (ids, dates, lists).
Record = dict[str, Any]
ID_KEY = "Id"
RELATION_PREFIX = "urn:onoffice-de-ns:smart:2.5:relationTypes:"
OWNER = RELATION_PREFIX + "estate:address:owner"
BUYER = RELATION_PREFIX + "estate:address:buyer"
RENTER = RELATION_PREFIX + "estate:address:renter"
INTERESTED = RELATION_PREFIX + "estate:address:interested"
CONTACT_PERSON = RELATION_PREFIX + "estate:address:contactPerson"
ADDRESS_SEARCHCRITERIA = RELATION_PREFIX + "address:searchcriteria"

# Ids run from 1 as in a young account, so the ids of onOffice's published examples
# (estate 116, address 32) name records here too.
FIRST_ESTATE_ID = 1
FIRST_ADDRESS_ID = 1
FIRST_SEARCHCRITERIA_ID = 1
BROKERS = 12  # the first addresses are the agency's brokers (contact persons)
# A showcase pair the catalogue's templates use: address 32 is a prospect for estate 116
# and owns search profile 1 (onOffice's own examples use these two ids).
SHOWCASE_ESTATE = 116
SHOWCASE_ADDRESS = 32

_EPOCH = datetime(2022, 1, 1)
_WINDOW_SECONDS = int((datetime(2025, 6, 30) - _EPOCH).total_seconds())

# objektart -> (weight, possible objekttyp keys)
_KINDS: dict[str, tuple[int, tuple[str, ...]]] = {
    "wohnung": (40, ("etage", "penthouse", "dachgeschoss", "erdgeschoss", "maisonette")),
    "haus": (30, ("einfamilienhaus", "doppelhaushaelfte", "reihenhaus", "villa")),
    "grundstueck": (10, ("wohnen", "gewerbe")),
    "buero_praxen": (10, ("bueroflaeche", "praxis")),
    "einzelhandel": (5, ("ladenlokal",)),
    "gastgewerbe": (2, ("gaststaette",)),
    "hallen_lager_prod": (3, ("lagerhalle",)),
}

# Commercial space costs less per square metre than flats and houses in the same city.
_PRICE_LEVEL = {"buero_praxen": 0.8, "einzelhandel": 0.9, "gastgewerbe": 0.7,
                "hallen_lager_prod": 0.3}  # fmt: skip


@dataclass
class SeedData:
    """The generated records per module, keyed by id, and the relations between them."""

    modules: dict[str, dict[int, Record]]
    relations: list[tuple[str, int, int]]


def generate(
    seed: int, *, estates: int = 1000, addresses: int = 2000, searchcriteria: int = 400
) -> SeedData:
    """Build the sample data set for ``seed``."""
    rng = random.Random(seed)
    address_records = {
        FIRST_ADDRESS_ID + i: _address(rng, FIRST_ADDRESS_ID + i) for i in range(addresses)
    }
    estate_records = {
        FIRST_ESTATE_ID + i: _estate(rng, FIRST_ESTATE_ID + i) for i in range(estates)
    }
    address_ids = list(address_records)
    relations = _estate_relations(rng, estate_records, address_ids)
    criteria: dict[int, Record] = {}
    for i in range(searchcriteria):
        sc_id = FIRST_SEARCHCRITERIA_ID + i
        criteria[sc_id] = _searchcriteria(rng, sc_id)
        owner = SHOWCASE_ADDRESS if i == 0 else rng.choice(address_ids[BROKERS:])
        relations.append((ADDRESS_SEARCHCRITERIA, owner, sc_id))
    showcase = (INTERESTED, SHOWCASE_ESTATE, SHOWCASE_ADDRESS)
    if showcase not in relations:
        relations.append(showcase)
    modules = {"estate": estate_records, "address": address_records, "searchcriteria": criteria}
    modules.update(seed_more.generate(rng, estate_records, address_records))
    for module in seed_more.COMPLETED:
        for record in modules[module].values():
            _complete(module, record)
    return SeedData(modules=modules, relations=relations)


def timestamp_text(moment: datetime) -> str:
    """The API's datetime format, e.g. "2024-03-01 14:05:00"."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _moment(rng: random.Random) -> str:
    """A datetime string inside the fixed window."""
    return timestamp_text(_EPOCH + timedelta(seconds=rng.randrange(_WINDOW_SECONDS)))


def _complete(module: str, record: Record) -> Record:
    """Fill every field the module defines, so reads and sorts never meet a gap."""
    for name, fdef in FIELDS[module].items():
        record.setdefault(name, fdef.empty())
    return record


def _estate(rng: random.Random, estate_id: int) -> Record:
    """One estate with consistent kind, areas, prices and address."""
    kinds = list(_KINDS)
    art = rng.choices(kinds, weights=[_KINDS[k][0] for k in kinds])[0]
    typ = rng.choice(_KINDS[art][1])
    city = rng.choice(places.GERMAN_CITIES)
    sale = rng.random() < (0.9 if art == "grundstueck" else 0.6)
    status = rng.choices((1, 2, 0), weights=(75, 10, 15))[0]
    record: Record = {
        ID_KEY: estate_id,
        "objektnr_extern": f"{rng.choice('ABCDEFGHJKLMNPRSTUVW')}{rng.choice('ABCDEFGH')}"
        f"{estate_id}",
        "objektart": art,
        "objekttyp": typ,
        "vermarktungsart": "kauf" if sale else "miete",
        "baujahr": 0 if art == "grundstueck" else rng.randint(1900, 2024),
        "plz": city.postcode(rng.randint(city.plz_lo, city.plz_hi)),
        "ort": city.name,
        "strasse": rng.choice(places.STREETS),
        "hausnummer": str(rng.randint(1, 140)) + ("a" if rng.random() < 0.08 else ""),
        "land": "DEU",
        "lage": rng.choice(places.LOCATIONS),
        "status": str(status),
        "verkauft": 1 if status == 0 and rng.random() < 0.8 else 0,
        "reserviert": 1 if status == 2 and rng.random() < 0.5 else 0,
        "geaendert_am": _moment(rng),
    }
    _areas(rng, record, art)
    _prices(rng, record, city, sale, _PRICE_LEVEL.get(art, 1.0))
    record["objekttitel"] = _title(rng, record, city)
    record.update(estate_extras(rng, record, city))
    return _complete("estate", record)


def _areas(rng: random.Random, record: Record, art: str) -> None:
    """Living space, usable area, plot and rooms that fit the kind of property."""
    if art == "wohnung":
        record["wohnflaeche"] = float(rng.randint(28, 160))
        record["anzahl_zimmer"] = rng.choice((1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0))
    elif art == "haus":
        record["wohnflaeche"] = float(rng.randint(90, 280))
        record["anzahl_zimmer"] = float(rng.randint(3, 9))
        record["grundstuecksflaeche"] = float(rng.randint(150, 1500))
    elif art == "grundstueck":
        record["grundstuecksflaeche"] = float(rng.randint(300, 5000))
    elif art == "hallen_lager_prod":
        record["nutzflaeche"] = float(rng.randint(300, 2400))
    else:
        record["nutzflaeche"] = float(rng.randint(40, 600))


def _prices(rng: random.Random, record: Record, city: City, sale: bool, level: float) -> None:
    """Purchase price or rents from the city's price level, the kind and the area."""
    area = float(record.get("wohnflaeche") or record.get("nutzflaeche") or 0)
    factor = rng.uniform(0.75, 1.3) * level
    if sale:
        if area == 0:  # plots are priced per square metre of land
            area = float(record.get("grundstuecksflaeche") or 500) * 0.08
        record["kaufpreis"] = float(round(area * city.price_sqm * factor, -3))
        return
    cold = round(max(area, 20.0) * city.rent_sqm * factor)
    record["kaltmiete"] = float(cold)
    record["warmmiete"] = float(cold + round(max(area, 20.0) * rng.uniform(2.0, 3.5)))


def _title(rng: random.Random, record: Record, city: City) -> str:
    """A marketing title in the style agents use."""
    art, ort = record["objektart"], city.name
    typ = OBJEKTTYP[str(record["objekttyp"])][0]
    if art == "wohnung":
        rooms = f"{float(record['anzahl_zimmer']):g}".replace(".", ",")
        adjective, extra = rng.choice(places.FLAT_ADJECTIVES), rng.choice(places.FLAT_EXTRAS)
        return f"{adjective} {rooms}-Zimmer-Wohnung{extra} in {ort}"
    if art == "haus":
        return rng.choice(places.HOUSE_TITLES).format(typ=typ, ort=ort)
    if art == "grundstueck":
        return f"{typ} in {ort}, {float(record['grundstuecksflaeche']):.0f} m²"
    return f"{typ} in {ort}, {float(record['nutzflaeche']):.0f} m² Nutzfläche"


def _address(rng: random.Random, address_id: int) -> Record:
    """One contact: mostly private persons in Germany, some companies and neighbours."""
    roll = rng.random()
    city = rng.choice(places.FOREIGN_CITIES if roll < 0.05 else places.GERMAN_CITIES)
    name = rng.choice(places.LAST_NAMES)
    kind = rng.choices(("Herr", "Frau", "Firma"), weights=(48, 48, 4))[0]
    if kind == "Firma":
        first, name = "", f"{name} {rng.choice(places.COMPANY_SUFFIXES)}"
        salutation = "Sehr geehrte Damen und Herren,"
    else:
        first = rng.choice(places.MALE_NAMES if kind == "Herr" else places.FEMALE_NAMES)
        salutation = f"Sehr geehrte{'r' if kind == 'Herr' else ''} {kind} {name},"
    local = ".".join(_ascii(part) for part in (first, name.split(" ")[0]) if part)
    record: Record = {
        ID_KEY: address_id,
        "KdNr": 20000 + address_id - FIRST_ADDRESS_ID,
        "Anrede": kind,
        "Briefanrede": salutation,
        "Vorname": first,
        "Name": name,
        "Strasse": f"{rng.choice(places.STREETS)} {rng.randint(1, 140)}",
        "Plz": city.postcode(rng.randint(city.plz_lo, city.plz_hi)),
        "Ort": city.name,
        "Land": city.country,
        "Email": f"{local}{rng.randint(1, 99)}@{rng.choice(places.MAIL_DOMAINS)}",
        "Telefon1": f"{city.dialling} {rng.randint(200000, 9999999)}",
        "Status": "1" if rng.random() < 0.9 else "0",
        "Aenderung": _moment(rng),
    }
    record.update(address_extras(rng, record, kind, _moment(rng)))
    return _complete("address", record)


def _ascii(text: str) -> str:
    """A mail-address-safe spelling of a German name."""
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain).replace(umlaut.upper(), plain.capitalize())
    return text.lower()


def _searchcriteria(rng: random.Random, sc_id: int) -> Record:
    """A prospect's search profile: kind, marketing method, region and ranges."""
    city = rng.choice(places.GERMAN_CITIES)
    art = rng.choice(("wohnung", "haus", "wohnung", "grundstueck"))
    sale = rng.random() < 0.6
    area = float(rng.choice((40, 60, 80, 100, 120)))
    record: Record = {
        ID_KEY: sc_id,
        "objektart": art,
        "vermarktungsart": "kauf" if sale else "miete",
        "range_plz": city.postcode(city.plz_lo),
        "range_ort": city.name,
        "range": rng.choice((5, 10, 25, 50)),
        "wohnflaeche__von": area,
        "wohnflaeche__bis": area + rng.choice((40.0, 60.0, 100.0)),
        "anzahl_zimmer__von": float(rng.randint(1, 4)),
        "advisor": rng.choice(staff.USERS).id,
        "status": "1" if rng.random() < 0.85 else "0",
        "sys_ko": tuple(rng.sample(("kaufpreis", "ort", "objektart", "wohnflaeche"), 2)),
    }
    if sale:
        record["kaufpreis__von"] = float(round(area * city.price_sqm * 0.7, -4))
        record["kaufpreis__bis"] = float(round(area * city.price_sqm * 1.4, -4))
    else:
        record["kaltmiete__bis"] = float(round(area * city.rent_sqm * 1.3, -1))
    return _complete("searchcriteria", record)


def _estate_relations(
    rng: random.Random, estates: dict[int, Record], address_ids: list[int]
) -> list[tuple[str, int, int]]:
    """Owner, contact person, prospects and, for closed deals, buyer or renter per estate."""
    relations: list[tuple[str, int, int]] = []
    clients = address_ids[BROKERS:]
    for estate_id, record in estates.items():
        relations.append((OWNER, estate_id, rng.choice(clients)))
        relations.append((CONTACT_PERSON, estate_id, rng.choice(address_ids[:BROKERS])))
        for prospect in rng.sample(clients, rng.randint(0, 4)):
            relations.append((INTERESTED, estate_id, prospect))
        if record["verkauft"] == 1:
            kind = BUYER if record["vermarktungsart"] == "kauf" else RENTER
            relations.append((kind, estate_id, rng.choice(clients)))
    return relations
