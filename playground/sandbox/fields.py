"""Field metadata of the sandbox modules, shaped like the answer of ``get fields``.

The standard fields of estates, addresses and search criteria live here; those of agents
log, tasks, appointments, users, files and the change log in ``fields_more.py``. Field
names are the ones onOffice's documentation uses in its examples (``nutzungsart``,
``heizungsart``, ``HerkunftKontakt``, ``letzter_Kontakt``, ``advisor``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from playground.sandbox import fields_more, vocab
from playground.sandbox.fielddef import FieldDef, Value, describe
from playground.sandbox.fielddef import text as _v
from playground.sandbox.fielddef import typed as _f

__all__ = ["DEFAULT_DATA", "FIELDS", "FIELD_MODULES", "MODULE_LABELS", "FieldDef", "Value",
           "describe"]  # fmt: skip

OBJEKTTYP = vocab.OBJEKTTYP
_PRICES = ("Preise", "Prices")
_AREAS = ("Flächen", "Areas")
_GEO = ("Geografische Angaben", "Geographic data")
_ADMIN = ("Verwaltung", "Administration")
_CONTACT = ("Kontakt", "Contact")
_FEATURES = ("Ausstattung", "Features")
_TEXTS = ("Freitexte", "Descriptions")

_ESTATE = (
    _f("Id", "integer", "Datensatznr", "Record no.", writable=False),
    _v("objektnr_extern", "ImmoNr", "Property no.", 40),
    _v("objekttitel", "Objekttitel", "Property title", 255),
    _f("objektart", "singleselect", "Objektart", "Type of property", permitted=vocab.OBJEKTART),
    _f("objekttyp", "singleselect", "Objekttyp", "Property type", permitted=vocab.OBJEKTTYP),
    _f("nutzungsart", "singleselect", "Nutzungsart", "Type of use", permitted=vocab.NUTZUNGSART,
       default="wohnen"),
    _f("vermarktungsart", "singleselect", "Vermarktungsart", "Marketing method",
       permitted=vocab.VERMARKTUNGSART, default="kauf"),
    _f("kaufpreis", "float", "Kaufpreis", "Purchase price", category=_PRICES),
    _f("kaltmiete", "float", "Kaltmiete", "Net cold rent", category=_PRICES),
    _f("warmmiete", "float", "Warmmiete", "Rent including heating", category=_PRICES),
    _f("nebenkosten", "float", "Nebenkosten", "Service charges", category=_PRICES),
    _f("heizkosten", "float", "Heizkosten", "Heating costs", category=_PRICES),
    _f("mietpreis_pro_qm", "float", "Mietpreis pro m²", "Rent per m²", category=_PRICES),
    _f("kaution", "float", "Kaution", "Deposit", category=_PRICES),
    _v("aussen_courtage", "Außen-Courtage", "Buyer's commission", 60, category=_PRICES),
    _f("wohnflaeche", "float", "Wohnfläche", "Living space", category=_AREAS),
    _f("nutzflaeche", "float", "Nutzfläche", "Usable area", category=_AREAS),
    _f("grundstuecksflaeche", "float", "Grundstücksfläche", "Plot area", category=_AREAS),
    _f("anzahl_zimmer", "float", "Zimmer", "Number of rooms", category=_AREAS),
    _f("anzahl_schlafzimmer", "float", "Schlafzimmer", "Bedrooms", category=_AREAS),
    _f("anzahl_badezimmer", "float", "Badezimmer", "Bathrooms", category=_AREAS),
    _f("etage", "integer", "Etage", "Floor", category=_AREAS),
    _f("baujahr", "integer", "Baujahr", "Year of construction"),
    _f("zustand", "singleselect", "Zustand", "Condition", permitted=vocab.ZUSTAND),
    _f("heizungsart", "multiselect", "Heizungsart", "Heating", permitted=vocab.HEIZUNGSART,
       category=_FEATURES),
    _f("befeuerung", "multiselect", "Befeuerung", "Energy source", permitted=vocab.BEFEUERUNG,
       category=_FEATURES),
    _f("stellplatzart", "multiselect", "Stellplatzart", "Parking", category=_FEATURES,
       permitted=vocab.STELLPLATZART),
    _f("balkon", "boolean", "Balkon/Terrasse", "Balcony/terrace", category=_FEATURES),
    _v("plz", "PLZ", "Postcode", 10, category=_GEO),
    _v("ort", "Ort", "City", category=_GEO),
    _v("strasse", "Straße", "Street", category=_GEO),
    _v("hausnummer", "Hausnummer", "House number", 20, category=_GEO),
    _f("land", "singleselect", "Land", "Country", permitted=vocab.LAND, default="DEU",
       category=_GEO),
    _v("breitengrad", "Breitengrad", "Latitude", 20, category=_GEO),
    _v("laengengrad", "Längengrad", "Longitude", 20, category=_GEO),
    _f("lage", "text", "Lage", "Location", category=_TEXTS),
    _f("objektbeschreibung", "text", "Objektbeschreibung", "Description", category=_TEXTS),
    _f("ausstatt_beschr", "text", "Ausstattung", "Features description", category=_TEXTS),
    _f("sonstige_angaben", "text", "Sonstige Angaben", "Other information", category=_TEXTS),
    _v("verfuegbar_ab", "Verfügbar ab", "Available from", 40),
    _f("status", "singleselect", "Status", "Status", permitted=vocab.ESTATE_STATUS,
       default="1", category=_ADMIN),
    _f("verkauft", "boolean", "Verkauft/Vermietet", "Sold/rented", category=_ADMIN),
    _f("reserviert", "boolean", "Reserviert", "Reserved", category=_ADMIN),
    _f("veroeffentlichen", "boolean", "Veröffentlichen", "Publish", category=_ADMIN),
    _f("stammobjekt", "boolean", "Stammobjekt", "Main property", category=_ADMIN),
    _v("uuid", "UUID", "UUID", 36, category=_ADMIN),
    _f("geaendert_am", "datetime", "Geändert am", "Modified on", category=_ADMIN,
       writable=False),
)  # fmt: skip

_ADDRESS = (
    _f("KdNr", "integer", "Kundennummer", "Customer no."),
    _f("Anrede", "singleselect", "Anrede", "Title", permitted=vocab.ANREDE),
    _v("Titel", "Titel", "Academic title", 40),
    _f("Briefanrede", "text", "Briefanrede", "Salutation", category=_CONTACT),
    _v("Vorname", "Vorname", "First name"),
    _v("Name", "Name", "Name"),
    _v("Zusatz1", "Firma", "Company", 120),
    _v("Strasse", "Straße", "Street"),
    _v("Plz", "PLZ", "ZIP code", 20),
    _v("Ort", "Ort", "Town"),
    _f("Land", "singleselect", "Land", "Country", permitted=vocab.LAND, default="DEU"),
    _v("Email", "E-Mail", "E-mail", 100, category=_CONTACT),
    _v("Telefon1", "Telefon", "Phone", 40, category=_CONTACT),
    _v("Telefon2", "Telefon geschäftlich", "Business phone", 40, category=_CONTACT),
    _v("Handy", "Mobil", "Mobile", 40, category=_CONTACT),
    _f("Geburtsdatum", "date", "Geburtsdatum", "Date of birth"),
    _f("HerkunftKontakt", "multiselect", "Herkunft Kontakt", "Contact origin",
       permitted=vocab.HERKUNFT_KONTAKT, category=_CONTACT),
    _f("ArtDaten", "multiselect", "Kontaktart", "Contact type", permitted=vocab.ART_DATEN,
       category=_CONTACT),
    _f("letzter_Kontakt", "datetime", "Letzter Kontakt", "Last contact", category=_CONTACT),
    _f("newsletter_aktiv", "boolean", "Newsletter", "Newsletter", category=_CONTACT),
    _v("Benutzer", "Betreuer", "Account manager", 40, category=_ADMIN),
    _f("Bemerkung", "text", "Bemerkung", "Notes", category=_ADMIN),
    _f("Status", "singleselect", "Status", "Status", permitted=vocab.ADDRESS_STATUS,
       default="1", category=_ADMIN),
    _v("uuid", "UUID", "UUID", 36, category=_ADMIN),
    _f("Aenderung", "datetime", "Letzte Änderung", "Last modified", category=_ADMIN,
       writable=False),
)  # fmt: skip

_SEARCHCRITERIA = (
    _f("advisor", "integer", "Betreuer", "Advisor", category=_ADMIN),
    _f("status", "singleselect", "Status", "Status", permitted=vocab.SC_STATUS, default="1",
       category=_ADMIN),
    _f("objektart", "singleselect", "Objektart", "Type of property", permitted=vocab.OBJEKTART),
    _f("objekttyp", "multiselect", "Objekttyp", "Property type", permitted=vocab.OBJEKTTYP),
    _f("nutzungsart", "singleselect", "Nutzungsart", "Type of use",
       permitted=vocab.NUTZUNGSART),
    _f("vermarktungsart", "singleselect", "Vermarktungsart", "Marketing method",
       permitted=vocab.VERMARKTUNGSART),
    _v("ort", "Ort", "City", category=_GEO),
    _v("range_plz", "Umkreis PLZ", "Radius postcode", 10, category=_GEO),
    _v("range_ort", "Umkreis Ort", "Radius city", category=_GEO),
    _v("range_strasse", "Umkreis Straße", "Radius street", category=_GEO),
    _v("range_hausnummer", "Umkreis Hausnummer", "Radius house number", 20, category=_GEO),
    _f("range_land", "singleselect", "Umkreis Land", "Radius country", permitted=vocab.LAND,
       default="DEU", category=_GEO),
    _f("range", "integer", "Umkreis (km)", "Radius (km)", category=_GEO),
    _f("kaufpreis__von", "float", "Kaufpreis von", "Purchase price from", category=_PRICES),
    _f("kaufpreis__bis", "float", "Kaufpreis bis", "Purchase price to", category=_PRICES),
    _f("kaltmiete__von", "float", "Kaltmiete von", "Net cold rent from", category=_PRICES),
    _f("kaltmiete__bis", "float", "Kaltmiete bis", "Net cold rent to", category=_PRICES),
    _f("wohnflaeche__von", "float", "Wohnfläche von", "Living space from", category=_AREAS),
    _f("wohnflaeche__bis", "float", "Wohnfläche bis", "Living space to", category=_AREAS),
    _f("anzahl_zimmer__von", "float", "Zimmer von", "Rooms from", category=_AREAS),
    _f("anzahl_zimmer__bis", "float", "Zimmer bis", "Rooms to", category=_AREAS),
    _f("sys_ko", "multiselect", "K.-o.-Kriterien", "Knock-out criteria",
       permitted=vocab.KO_FIELDS, category=_ADMIN),
    _f("sysExpiryDate", "date", "Gültig bis", "Valid until", category=_ADMIN),
)  # fmt: skip


def _by_name(defs: tuple[FieldDef, ...]) -> Mapping[str, FieldDef]:
    """A read-only name -> field mapping in definition order."""
    return MappingProxyType({f.name: f for f in defs})


FIELDS: Mapping[str, Mapping[str, FieldDef]] = MappingProxyType(
    {
        "estate": _by_name(_ESTATE),
        "address": _by_name(_ADDRESS),
        "searchcriteria": _by_name(_SEARCHCRITERIA),
        **{module: _by_name(defs) for module, defs in fields_more.MODULES.items()},
    }
)

# Modules of ``get fields`` (its documented names) -> the sandbox's module, with labels.
FIELD_MODULES: Mapping[str, str] = MappingProxyType(
    {"estate": "estate", "address": "address", "searchcriteria": "searchcriteria",
     "agentsLog": "agentslog", "calendar": "calendar", "task": "task", "user": "user",
     "file": "file"}
)  # fmt: skip
MODULE_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "estate": ("Immobilien", "Estates"),
        "address": ("Adressen", "Addresses"),
        "searchcriteria": ("Suchkriterien", "Search criteria"),
        "agentslog": ("Aktivitäten", "Activities"),
        "calendar": ("Termine", "Appointments"),
        "task": ("Aufgaben", "Tasks"),
        "user": ("Benutzer", "Users"),
        "file": ("Dateien", "Files"),
        "log": ("Protokoll", "Log"),
    }
)

# What a read returns when the request names no fields in ``data``.
DEFAULT_DATA: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "estate": ("Id", "objektnr_extern", "objekttitel", "objektart", "vermarktungsart",
                   "kaufpreis", "kaltmiete", "wohnflaeche", "anzahl_zimmer", "plz", "ort",
                   "status"),
        "address": ("KdNr", "Anrede", "Vorname", "Name", "Strasse", "Plz", "Ort", "Email"),
        "searchcriteria": tuple(f.name for f in _SEARCHCRITERIA),
        **fields_more.DEFAULT_DATA,
    }
)  # fmt: skip
