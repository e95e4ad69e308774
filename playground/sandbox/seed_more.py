"""Seeded users, activities, tasks, appointments, files and change-log entries.

Every record points at estates, addresses and users that exist in the same seed. Ids of
activities, tasks, appointments and log entries grow with their date, as in a real account.
File ids are derived from their record (estate ``e`` owns ids ``8(e-1)+1 ... 8e``), so the
catalogue's templates can name a picture of estate 116 without searching.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from playground.sandbox import activities, staff

Records = dict[int, dict[str, Any]]
USERS = len(staff.USERS)
COMPLETED = ("user", "agentslog", "task", "calendar", "file", "log")
FILES_PER_ESTATE = 8
ADDRESS_FILE_BASE = 10_000
APPOINTMENT_FILE_BASE = 20_000
_START = datetime(2024, 10, 1, 8, 0)
_PHOTO_TITLES = ("Wohnzimmer", "Küche", "Bad", "Schlafzimmer", "Garten", "Ansicht Straße")
_ADDRESS_FILES = ("Personalausweis", "Selbstauskunft", "Gehaltsnachweis")
_NOTES = (
    "Exposé versendet",
    "Rückfrage zur Finanzierung",
    "Besichtigung vereinbart",
    "Unterlagen angefordert",
    "Preisvorstellung besprochen",
    "Vertragsunterlagen versendet",
)
_TASKS = (("Rückruf", "Rueckruf", "Interessent wegen Besichtigung zurückrufen"),
          ("Exposé versenden", "Expose", "Exposé mit Grundriss per E-Mail schicken"),
          ("Besichtigung vorbereiten", "Besichtigung", "Schlüssel abholen, Unterlagen drucken"),
          ("Eigentümer informieren", "Anruf", "Stand der Vermarktung durchgeben"))  # fmt: skip


def _stamp(moment: datetime) -> str:
    """The API's datetime format."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _when(rng: random.Random, days: int = 455) -> datetime:
    """A working-hours moment between October 2024 and the end of 2025."""
    day = _START + timedelta(days=rng.randrange(days))
    return day.replace(hour=rng.randint(8, 17), minute=rng.choice((0, 15, 30, 45)))


def generate(rng: random.Random, estates: Records, addresses: Records) -> dict[str, Records]:
    """The further modules, consistent with ``estates`` and ``addresses``."""
    estate_ids, client_ids = list(estates), list(addresses)[12:]
    calendar = _appointments(rng, estates, client_ids)
    return {
        "user": {u.id: dict(staff.user_record(u)) for u in staff.USERS},
        "agentslog": _activities(rng, estate_ids, client_ids),
        "task": _tasks(rng, estate_ids, client_ids),
        "calendar": calendar,
        "file": _files(rng, estates, list(addresses), list(calendar)),
        "log": _log(rng, estates, addresses),
    }


def _numbered(items: list[dict[str, Any]], key: str) -> Records:
    """Sort by ``key`` and number from 1, so ids grow with the date."""
    items.sort(key=lambda item: str(item[key]))
    return {i: {"Id": i, **item} for i, item in enumerate(items, start=1)}


def _activities(rng: random.Random, estate_ids: list[int], clients: list[int]) -> Records:
    """Agents-log entries: a kind, its type, a note, one estate and one or two addresses."""
    kinds = list(activities.ACTION_KINDS)[:6]
    items = []
    for _ in range(1500):
        kind = rng.choice(kinds)
        items.append({
            "Objekt_nr": (str(rng.choice(estate_ids)),),
            "Adress_nr": tuple(str(a) for a in rng.sample(clients, rng.choice((1, 1, 2)))),
            "Aktionsart": kind,
            "Aktionstyp": rng.choice(list(activities.ACTION_KINDS[kind][2])),
            "Datum": _stamp(_when(rng)),
            "Bemerkung": rng.choice(_NOTES),
            "Beratungsebene": rng.choice("ABCDEG"),
            "Benutzer": rng.choice(staff.USERS).username,
            "dauer": rng.choice((300, 900, 1800, 3600)),
        })  # fmt: skip
    return _numbered(items, "Datum")


def _tasks(rng: random.Random, estate_ids: list[int], clients: list[int]) -> Records:
    """Tasks with subject, text, status, due date, responsible user and related records."""
    items = []
    for _ in range(300):
        subject, kind, text = rng.choice(_TASKS)
        created = _when(rng, 400)
        user = rng.choice(staff.USERS).username
        items.append({
            "Betreff": subject, "Aufgabe": text, "Art": kind,
            "Status": rng.choice("11223"), "Prio": rng.choice("23334"),
            "Eintragsdatum": _stamp(created),
            "Deadline": _stamp(created + timedelta(days=rng.randint(1, 21))),
            "Verantwortung": user, "Bearbeiter": user,
            "relatedAddressId": (str(rng.choice(clients)),),
            "relatedEstateId": (str(rng.choice(estate_ids)),),
        })  # fmt: skip
    records = _numbered(items, "Eintragsdatum")
    for record_id, record in records.items():
        record["Nr"] = record_id
    return records


def _appointments(rng: random.Random, estates: Records, clients: list[int]) -> Records:
    """Viewings and consultations at an estate, with participants and contacts."""
    items = []
    for _ in range(400):
        estate = estates[rng.choice(list(estates))]
        start = _when(rng)
        kind = rng.choice(("Besichtigung", "Besichtigung", "Beratung", "Notartermin"))
        users = rng.sample(staff.USERS, rng.choice((1, 1, 2)))
        items.append({
            "start_dt": _stamp(start),
            "end_dt": _stamp(start + timedelta(minutes=rng.choice((30, 45, 60)))),
            "description": f"{kind}: {estate['objekttitel']}"[:255],
            "note": rng.choice(_NOTES), "art": kind,
            "status": rng.choice(("active",) * 8 + ("cancelled", "done")),
            "ort": f"{estate['strasse']} {estate['hausnummer']}, {estate['plz']} {estate['ort']}",
            "ressources": ("Firmenfahrzeug",) if rng.random() < 0.2 else (),
            "user_ids": tuple(str(u.id) for u in users),
            "relatedAddressIds": (str(rng.choice(clients)),),
            "relatedEstateId": int(estate["Id"]),
        })  # fmt: skip
    return _numbered(items, "start_dt")


def _file(module: str, parent: int, kind: str, title: str, position: int) -> dict[str, Any]:
    """One file record; the stored name is derived from the parent and position."""
    extension = "png"
    return {"module": module, "parent": parent, "type": kind, "title": title,
            "originalname": f"{title.replace(' ', '_').replace(':', '')}.jpg",
            "filename": f"{module}_{parent}_{position}.{extension}", "position": position,
            "published": 1}  # fmt: skip


def _files(
    rng: random.Random, estates: Records, addresses: list[int], appointments: list[int]
) -> Records:
    """Pictures of every estate, documents of some addresses and appointments."""
    files: Records = {}
    for estate_id, estate in estates.items():
        base = (estate_id - 1) * FILES_PER_ESTATE
        files[base + 1] = _file("estate", estate_id, "Titelbild", str(estate["objekttitel"]), 1)
        for k, title in enumerate(rng.sample(_PHOTO_TITLES, rng.randint(2, 4)), start=2):
            files[base + k] = _file("estate", estate_id, "Foto", title, k)
        if estate["objektart"] in ("wohnung", "haus"):
            files[base + 7] = _file("estate", estate_id, "Grundriss", "Grundriss", 7)
    for address_id in addresses[11::5]:
        for k in (1, 2)[: rng.randint(1, 2)]:
            title = _ADDRESS_FILES[k]
            file_id = ADDRESS_FILE_BASE + (address_id - 1) * 2 + k
            files[file_id] = _file("address", address_id, "Dokument", title, k)
    for appointment_id in appointments[::4]:
        files[APPOINTMENT_FILE_BASE + appointment_id] = _file(
            "calendar", appointment_id, "Dokument", "Besichtigungsprotokoll", 1
        )
    for file_id, record in files.items():
        record["Id"] = file_id
        record["fileSize"] = rng.randint(40_000, 900_000)
        record["modified"] = 1_735_000_000 + rng.randrange(20_000_000)
    return dict(sorted(files.items()))


def _log(rng: random.Random, estates: Records, addresses: Records) -> Records:
    """One change-log entry per estate and address, at its last modification."""
    items = []
    for module, records, changed in (("estate", estates, "geaendert_am"),
                                     ("address", addresses, "Aenderung")):  # fmt: skip
        for record_id, record in records.items():
            items.append({
                "action": rng.choice(("modify", "modify", "add")), "module": module,
                "userId": rng.choice(staff.USERS).id, "dateTime": record[changed],
                "resourceId": record_id,
            })  # fmt: skip
    return _numbered(items, "dateTime")
