"""Standard fields of the agents log, tasks, appointments, users, files and the change log.

Names follow the docs' examples: read agentslog returns ``Objekt_nr``, ``Aktionsart``,
``Aktionstyp``, ``Datum``, ``Bemerkung``, ``merkmal``, ``Beratungsebene``, ``Absagegrund``;
tasks ``Betreff``, ``Aufgabe``, ``Verantwortung``, ``Bearbeiter``, ``Eintragsdatum``;
appointments ``start_dt``, ``end_dt``, ``description``, ``art``, ``ganztags``, ``ressources``;
users ``Nr``, ``Vorname``, ``Nachname``, ``Emailname``; log entries ``action``, ``module``,
``userId``, ``dateTime``, ``resourceId``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from playground.sandbox import activities as act
from playground.sandbox import vocab
from playground.sandbox.fielddef import FieldDef
from playground.sandbox.fielddef import text as _v
from playground.sandbox.fielddef import typed as _f

_ADMIN = ("Verwaltung", "Administration")
_LINKS = ("Verknüpfungen", "Links")

_AGENTSLOG = (
    _f("Objekt_nr", "multiselect", "Objekte", "Estates", category=_LINKS, writable=False),
    _f("Adress_nr", "multiselect", "Adressen", "Addresses", category=_LINKS, writable=False),
    _f("Aktionsart", "singleselect", "Aktionsart", "Kind of action",
       permitted=act.ACTION_KIND_LABELS),
    _v("Aktionstyp", "Aktionstyp", "Type of action", 80),
    _f("Datum", "datetime", "Datum", "Date"),
    _f("Bemerkung", "text", "Bemerkung", "Note"),
    _f("merkmal", "multiselect", "Merkmal", "Features"),
    _f("Beratungsebene", "singleselect", "Beratungsebene", "Advisory level",
       permitted=act.ADVISORY_LEVELS),
    _f("Absagegrund", "singleselect", "Absagegrund", "Reason for cancellation",
       permitted=act.CANCEL_REASONS),
    _f("HerkunftKontakt", "singleselect", "Herkunft Kontakt", "Contact origin",
       permitted=vocab.HERKUNFT_KONTAKT),
    _f("Kosten", "float", "Kosten", "Cost"),
    _f("dauer", "integer", "Dauer (Sekunden)", "Duration (seconds)"),
    _v("Benutzer", "Benutzer", "User", 40, category=_ADMIN),
)  # fmt: skip

_TASK = (
    _f("Nr", "integer", "Nr.", "No.", writable=False),
    _v("Betreff", "Betreff", "Subject", 255),
    _f("Aufgabe", "text", "Aufgabe", "Task"),
    _f("Art", "singleselect", "Art", "Kind", permitted=act.TASK_KINDS),
    _f("Status", "singleselect", "Status", "Status", permitted=act.TASK_STATUS, default="1"),
    _f("Prio", "singleselect", "Priorität", "Priority", permitted=act.TASK_PRIO, default="3"),
    _f("Deadline", "datetime", "Fällig am", "Due"),
    _v("Verantwortung", "Verantwortlich", "Responsible", 40),
    _v("Bearbeiter", "Bearbeiter", "Assignee", 40),
    _f("Eintragsdatum", "datetime", "Eintragsdatum", "Created on", writable=False),
    _f("relatedAddressId", "multiselect", "Adresse", "Address", category=_LINKS,
       writable=False),
    _f("relatedEstateId", "multiselect", "Immobilie", "Estate", category=_LINKS,
       writable=False),
)  # fmt: skip

_CALENDAR = (
    _f("start_dt", "datetime", "Beginn", "Start"),
    _f("end_dt", "datetime", "Ende", "End"),
    _v("description", "Betreff", "Subject", 255),
    _f("note", "text", "Notiz", "Note"),
    _f("art", "singleselect", "Terminart", "Kind", permitted=act.APPOINTMENT_KINDS),
    _f("status", "singleselect", "Status", "Status", permitted=act.APPOINTMENT_STATUS,
       default="active"),
    _f("ganztags", "boolean", "Ganztägig", "All day"),
    _f("private", "boolean", "Privat", "Private"),
    _v("ort", "Ort", "Location", 255),
    _f("ressources", "multiselect", "Ressourcen", "Resources", permitted=act.RESOURCES),
    _f("user_ids", "multiselect", "Teilnehmer", "Participants", category=_LINKS,
       writable=False),
    _f("relatedAddressIds", "multiselect", "Adressen", "Addresses", category=_LINKS,
       writable=False),
    _f("relatedEstateId", "integer", "Immobilie", "Estate", category=_LINKS, writable=False),
)  # fmt: skip

_USER = (
    _f("Nr", "integer", "Nr.", "No.", writable=False),
    _v("Name", "Benutzername", "User name", 40),
    _f("Anrede", "singleselect", "Anrede", "Title", permitted=vocab.ANREDE),
    _v("Vorname", "Vorname", "First name"),
    _v("Nachname", "Nachname", "Last name"),
    _v("Kuerzel", "Kürzel", "Initials", 10),
    _v("Emailname", "Anzeigename", "Display name"),
    _v("email", "E-Mail", "E-mail", 100),
    _v("Telefon", "Telefon", "Phone", 40),
    _v("Mobil", "Mobil", "Mobile", 40),
    _v("Position", "Position", "Position"),
    _f("aktiv", "boolean", "Aktiv", "Active", default="1"),
)  # fmt: skip

_FILE = (
    _v("module", "Modul", "Module", 20),
    _f("parent", "integer", "Datensatz", "Record"),
    _f("type", "singleselect", "Dateiart", "Kind of file", permitted=act.FILE_KINDS),
    _v("title", "Titel", "Title", 255),
    _f("freetext", "text", "Freitext", "Free text"),
    _v("originalname", "Originalname", "Original name", 255),
    _v("filename", "Dateiname", "File name", 255),
    _f("fileSize", "integer", "Größe", "Size"),
    _f("modified", "integer", "Geändert", "Modified"),
    _f("position", "integer", "Position", "Position"),
    _f("published", "boolean", "Homepage/API", "Website/API", default="1"),
)  # fmt: skip

_LOG = (
    _v("action", "Aktion", "Action", 20),
    _v("module", "Modul", "Module", 20),
    _f("userId", "integer", "Benutzer", "User"),
    _f("dateTime", "datetime", "Zeitpunkt", "Time"),
    _f("resourceId", "integer", "Datensatz", "Record"),
)  # fmt: skip

MODULES: Mapping[str, tuple[FieldDef, ...]] = MappingProxyType(
    {"agentslog": _AGENTSLOG, "task": _TASK, "calendar": _CALENDAR, "user": _USER,
     "file": _FILE, "log": _LOG}
)  # fmt: skip
DEFAULT_DATA: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "agentslog": ("Objekt_nr", "Aktionsart", "Aktionstyp", "Datum", "Bemerkung"),
        "task": ("Betreff", "Aufgabe", "Status", "Prio", "Deadline", "Verantwortung"),
        "calendar": ("start_dt", "end_dt", "description", "note", "art", "status", "ort",
                     "user_ids", "relatedAddressIds", "relatedEstateId"),
        "user": ("Nr", "Name", "Vorname", "Nachname", "email"),
        "file": tuple(f.name for f in _FILE),
        "log": tuple(f.name for f in _LOG),
    }
)  # fmt: skip
