"""The agency's users and groups (``read user``, ``get users``, ``get groups``)."""

from __future__ import annotations

from typing import NamedTuple


class User(NamedTuple):
    """One enterprise user of the fictitious agency."""

    id: int
    username: str
    salutation: str
    first: str
    last: str
    position: str


USERS: tuple[User, ...] = (
    User(1, "emusterfrau", "Frau", "Erika", "Musterfrau", "Geschäftsführerin"),
    User(2, "mmustermann", "Herr", "Max", "Mustermann", "Makler"),
    User(3, "lberger", "Frau", "Lena", "Berger", "Maklerin"),
    User(4, "tkeller", "Herr", "Tobias", "Keller", "Makler"),
    User(5, "sfuchs", "Frau", "Sabine", "Fuchs", "Vertriebsassistenz"),
    User(6, "jkrause", "Herr", "Jonas", "Krause", "Makler"),
    User(7, "ahahn", "Frau", "Andrea", "Hahn", "Hausverwaltung"),
    User(8, "pvogel", "Herr", "Paul", "Vogel", "Auszubildender"),
)


class Group(NamedTuple):
    """A group of users: an office or a team."""

    id: int
    name: str
    abr: str
    user_ids: tuple[int, ...]
    kind: str
    leaders: tuple[int, ...]


GROUPS: tuple[Group, ...] = (
    Group(1, "Büro Aachen", "AC", (1, 2, 3, 5), "GroupOffice", (1,)),
    Group(2, "Büro Köln", "K", (4, 6, 7, 8), "GroupOffice", (4,)),
    Group(3, "Vertrieb", "VT", (2, 3, 4, 6), "GroupTeam", (2,)),
    Group(4, "Verwaltung", "VW", (5, 7), "GroupTeam", ()),
)


def user_record(user: User) -> dict[str, str | int]:
    """The user's field values in the sandbox's ``user`` module."""
    return {
        "Id": user.id,
        "Nr": user.id,
        "Name": user.username,
        "Anrede": user.salutation,
        "Vorname": user.first,
        "Nachname": user.last,
        "Kuerzel": (user.first[0] + user.last[0]).upper(),
        "Emailname": f"{user.first} {user.last}",
        "email": f"{user.username}@example.com",
        "Telefon": f"0241 4711-{10 + user.id}",
        "Mobil": f"0170 55500{user.id:02d}",
        "Position": user.position,
        "aktiv": 1,
    }
