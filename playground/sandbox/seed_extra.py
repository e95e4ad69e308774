"""Further standard fields of seeded estates and addresses (features, texts, contact data)."""

from __future__ import annotations

import random
import uuid
from typing import Any

from playground.sandbox import places, staff
from playground.sandbox.places import City
from playground.sandbox.vocab import HERKUNFT_KONTAKT, ZUSTAND

_RESIDENTIAL = ("wohnung", "haus", "grundstueck")
_DESCRIPTIONS = (
    "Die Immobilie überzeugt durch einen durchdachten Grundriss und viel Tageslicht.",
    "Ein gepflegtes Objekt in gefragter Lage, ideal für Familien.",
    "Hochwertige Ausstattung, kurze Wege und eine gute Nachbarschaft.",
    "Eine seltene Gelegenheit in diesem Viertel; Besichtigungen nach Vereinbarung.",
)
_FEATURE_TEXTS = (
    "Einbauküche, Parkettböden, Tageslichtbad mit Wanne und Dusche.",
    "Fußbodenheizung, Echtholzparkett, bodentiefe Fenster.",
    "Neue Fenster (2019), modernisiertes Bad, Kellerabteil.",
)


def uuid_text(rng: random.Random) -> str:
    """A version-4 UUID drawn from ``rng`` (deterministic per seed)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _coordinates(rng: random.Random, city: City) -> tuple[str, str]:
    """Latitude and longitude near the city centre, as strings (the docs' advice)."""
    lat, lon, _ = places.CENTRES.get(city.name, (51.0, 10.0, ""))
    return f"{lat + rng.uniform(-0.05, 0.05):.7f}", f"{lon + rng.uniform(-0.08, 0.08):.7f}"


def estate_extras(rng: random.Random, record: dict[str, Any], city: City) -> dict[str, Any]:
    """Use, condition, heating, parking, texts and coordinates that fit the estate."""
    art = record["objektart"]
    lat, lon = _coordinates(rng, city)
    extras: dict[str, Any] = {
        "nutzungsart": "wohnen" if art in _RESIDENTIAL else "gewerbe",
        "breitengrad": lat,
        "laengengrad": lon,
        "uuid": uuid_text(rng),
        "veroeffentlichen": 1 if record["status"] == "1" else 0,
        "objektbeschreibung": rng.choice(_DESCRIPTIONS),
        "verfuegbar_ab": rng.choice(("sofort", "nach Vereinbarung", "01.10.2025")),
    }
    if art != "grundstueck":
        extras["zustand"] = rng.choice(tuple(ZUSTAND))
        extras["heizungsart"] = (rng.choice(("zentral", "etage", "fern", "fussboden")),)
        extras["befeuerung"] = (rng.choice(("gas", "oel", "luftwp", "pellet")),)
        extras["ausstatt_beschr"] = rng.choice(_FEATURE_TEXTS)
    if art in ("wohnung", "haus"):
        rooms = float(record["anzahl_zimmer"])
        extras["anzahl_schlafzimmer"] = float(max(1, int(rooms) - 1))
        extras["anzahl_badezimmer"] = 2.0 if rooms >= 5 else 1.0
        extras["balkon"] = 1 if rng.random() < 0.7 else 0
        extras["stellplatzart"] = tuple(rng.sample(("garage", "tiefgarage", "freiplatz"), 1))
    if art == "wohnung":
        extras["etage"] = rng.randint(0, 6)
    _money(rng, record, extras)
    return extras


def _money(rng: random.Random, record: dict[str, Any], extras: dict[str, Any]) -> None:
    """Commission for sales; service charges, heating and deposit for rentals."""
    if record["vermarktungsart"] == "kauf":
        extras["aussen_courtage"] = rng.choice(("3,57 % inkl. MwSt.", "2,38 % inkl. MwSt."))
        return
    cold = float(record["kaltmiete"])
    area = float(record.get("wohnflaeche") or record.get("nutzflaeche") or 20)
    extras["nebenkosten"] = float(round(area * 2.2))
    extras["heizkosten"] = float(round(area * 1.1))
    extras["mietpreis_pro_qm"] = round(cold / max(area, 1.0), 2)
    extras["kaution"] = cold * 3


def address_extras(
    rng: random.Random, record: dict[str, Any], kind: str, last_contact: str
) -> dict[str, Any]:
    """Company, phones, birthday, contact origin and type, manager, newsletter, uuid."""
    extras: dict[str, Any] = {
        "HerkunftKontakt": (rng.choice(tuple(HERKUNFT_KONTAKT)),),
        "ArtDaten": (rng.choice(("Interessent", "Interessent", "Eigentuemer", "Mieter")),),
        "letzter_Kontakt": last_contact,
        "newsletter_aktiv": 1 if rng.random() < 0.3 else 0,
        "Benutzer": rng.choice(staff.USERS).username,
        "uuid": uuid_text(rng),
        "Handy": f"01{rng.choice((5, 6, 7))}{rng.randint(0, 9)} {rng.randint(1000000, 9999999)}",
    }
    if kind == "Firma":
        extras["Zusatz1"] = record["Name"]
        extras["Telefon2"] = record["Telefon1"]
    else:
        year, day = rng.randint(1945, 2002), rng.randint(1, 28)
        extras["Geburtsdatum"] = f"{year}-{rng.randint(1, 12):02d}-{day:02d}"
        if rng.random() < 0.08:
            extras["Titel"] = "Dr."
    return extras
