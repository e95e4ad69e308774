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


# Ids as in the docs' examples (users 17, 19, 21, 25; groups 225, 231, 251).
USERS: tuple[User, ...] = (
    User(17, "emusterfrau", "Frau", "Erika", "Musterfrau", "Geschäftsführerin"),
    User(19, "mmustermann", "Herr", "Max", "Mustermann", "Makler"),
    User(21, "lberger", "Frau", "Lena", "Berger", "Maklerin"),
    User(23, "tkeller", "Herr", "Tobias", "Keller", "Makler"),
    User(25, "sfuchs", "Frau", "Sabine", "Fuchs", "Vertriebsassistenz"),
    User(27, "jkrause", "Herr", "Jonas", "Krause", "Makler"),
    User(29, "ahahn", "Frau", "Andrea", "Hahn", "Hausverwaltung"),
    User(31, "pvogel", "Herr", "Paul", "Vogel", "Auszubildender"),
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
    Group(225, "Büro Aachen", "AC", (17, 19, 21, 25), "GroupOffice", (17,)),
    Group(231, "Büro Köln", "K", (23, 27, 29, 31), "GroupOffice", (23,)),
    Group(251, "Vertrieb", "VT", (19, 21, 23, 27), "GroupTeam", (19,)),
    Group(253, "Verwaltung", "VW", (25, 29), "GroupTeam", ()),
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
