"""Field metadata of the sandbox modules, shaped like the answer of ``get fields``.

Types are the onOffice field types (``varchar``, ``text``, ``integer``, ``float``,
``boolean``, ``singleselect``, ``date``, ``datetime``). Values leave the sandbox as the
API renders them: strings for every field type, floats with two decimals ("249000.00"),
booleans as "1"/"0", as the read-estate captures in the WordPress plugin's fixtures show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

Value = str | int | float
NUMERIC_TYPES = frozenset({"integer", "float", "boolean"})

# Modules that the read/create/modify handlers serve, with their labels in DEU and ENG.
MODULE_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "estate": ("Immobilien", "Estates"),
        "address": ("Adressen", "Addresses"),
        "searchcriteria": ("Suchkriterien", "Search criteria"),
    }
)


@dataclass(frozen=True)
class FieldDef:
    """One field: type, labels, permitted select keys (with DEU/ENG labels) and default."""

    name: str
    type: str
    label_de: str
    label_en: str
    category: tuple[str, str] = ("Stammdaten", "Master data")
    length: int | None = None
    permitted: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    default: str | None = None
    writable: bool = True

    @property
    def numeric(self) -> bool:
        """True when the API compares and sorts this field as a number."""
        return self.type in NUMERIC_TYPES

    def label(self, language: str) -> str:
        """The label in ``language`` (ENG, or DEU for every other language)."""
        return self.label_en if language == "ENG" else self.label_de

    def empty(self) -> Value:
        """The value a record holds when this field was never set."""
        if self.type in ("integer", "boolean"):
            return int(self.default or 0)
        if self.type == "float":
            return float(self.default or 0)
        return self.default or ""

    def render(self, value: Value) -> str:
        """The value as the API sends it in ``elements``."""
        if self.type == "float":
            return f"{float(value):.2f}"
        if self.type in ("integer", "boolean"):
            return str(int(value))
        return str(value)


_MASTER = ("Stammdaten", "Master data")
_NO_VALUES: Mapping[str, tuple[str, str]] = MappingProxyType({})


def _v(
    name: str, de: str, en: str, length: int = 80, category: tuple[str, str] = _MASTER
) -> FieldDef:
    """Shorthand for a varchar field."""
    return FieldDef(name, "varchar", de, en, category=category, length=length)


def _f(
    name: str,
    type_: str,
    de: str,
    en: str,
    *,
    category: tuple[str, str] = _MASTER,
    permitted: Mapping[str, tuple[str, str]] = _NO_VALUES,
    default: str | None = None,
    writable: bool = True,
) -> FieldDef:
    """Shorthand for a field of any other type."""
    return FieldDef(name, type_, de, en, category, None, permitted, default, writable)


_PRICES = ("Preise", "Prices")
_AREAS = ("Flächen", "Areas")
_GEO = ("Geografische Angaben", "Geographic data")
_ADMIN = ("Verwaltung", "Administration")
_CONTACT = ("Kontakt", "Contact")

OBJEKTART: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "haus": ("Haus", "House"),
        "wohnung": ("Wohnung", "Flat"),
        "grundstueck": ("Grundstück", "Plot"),
        "buero_praxen": ("Büro/Praxen", "Office/practice"),
        "einzelhandel": ("Einzelhandel", "Retail"),
        "gastgewerbe": ("Gastgewerbe", "Hospitality"),
        "hallen_lager_prod": ("Hallen/Lager/Produktion", "Hall/storage/production"),
    }
)
OBJEKTTYP: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "einfamilienhaus": ("Einfamilienhaus", "Detached house"),
        "doppelhaushaelfte": ("Doppelhaushälfte", "Semi-detached house"),
        "reihenhaus": ("Reihenhaus", "Terraced house"),
        "villa": ("Villa", "Villa"),
        "etage": ("Etagenwohnung", "Apartment"),
        "penthouse": ("Penthouse", "Penthouse"),
        "dachgeschoss": ("Dachgeschoss", "Attic flat"),
        "erdgeschoss": ("Erdgeschoss", "Ground floor flat"),
        "maisonette": ("Maisonette", "Maisonette"),
        "wohnen": ("Wohngrundstück", "Residential plot"),
        "gewerbe": ("Gewerbegrundstück", "Commercial plot"),
        "bueroflaeche": ("Bürofläche", "Office space"),
        "praxis": ("Praxis", "Practice"),
        "ladenlokal": ("Ladenlokal", "Shop"),
        "gaststaette": ("Gaststätte", "Restaurant"),
        "lagerhalle": ("Lagerhalle", "Warehouse"),
    }
)
VERMARKTUNGSART: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"kauf": ("Kauf", "Purchase"), "miete": ("Miete", "Rent")}
)
ESTATE_STATUS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"1": ("Aktiv", "Active"), "2": ("Ausstehend", "Pending"), "0": ("Archiviert", "Archived")}
)
ANREDE: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"Herr": ("Herr", "Mr."), "Frau": ("Frau", "Mrs."), "Firma": ("Firma", "Company")}
)
LAND: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "DEU": ("Deutschland", "Germany"),
        "AUT": ("Österreich", "Austria"),
        "CHE": ("Schweiz", "Switzerland"),
    }
)
ADDRESS_STATUS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"1": ("Aktiv", "Active"), "0": ("Archiviert", "Archived")}
)

_ESTATE = (
    _f("Id", "integer", "Datensatznr", "Record no.", writable=False),
    _v("objektnr_extern", "ImmoNr", "Property no.", 40),
    _v("objekttitel", "Objekttitel", "Property title", 255),
    _f("objektart", "singleselect", "Objektart", "Type of property", permitted=OBJEKTART),
    _f("objekttyp", "singleselect", "Objekttyp", "Property type", permitted=OBJEKTTYP),
    _f("vermarktungsart", "singleselect", "Vermarktungsart", "Marketing method",
       permitted=VERMARKTUNGSART, default="kauf"),
    _f("kaufpreis", "float", "Kaufpreis", "Purchase price", category=_PRICES),
    _f("kaltmiete", "float", "Kaltmiete", "Net cold rent", category=_PRICES),
    _f("warmmiete", "float", "Warmmiete", "Rent including heating", category=_PRICES),
    _f("wohnflaeche", "float", "Wohnfläche", "Living space", category=_AREAS),
    _f("nutzflaeche", "float", "Nutzfläche", "Usable area", category=_AREAS),
    _f("grundstuecksflaeche", "float", "Grundstücksfläche", "Plot area", category=_AREAS),
    _f("anzahl_zimmer", "float", "Zimmer", "Number of rooms", category=_AREAS),
    _f("baujahr", "integer", "Baujahr", "Year of construction"),
    _v("plz", "PLZ", "Postcode", 10, category=_GEO),
    _v("ort", "Ort", "City", category=_GEO),
    _v("strasse", "Straße", "Street", category=_GEO),
    _v("hausnummer", "Hausnummer", "House number", 20, category=_GEO),
    _f("land", "singleselect", "Land", "Country", permitted=LAND, default="DEU", category=_GEO),
    _f("lage", "text", "Lage", "Location", category=_GEO),
    _f("status", "singleselect", "Status", "Status", permitted=ESTATE_STATUS, default="1",
       category=_ADMIN),
    _f("verkauft", "boolean", "Verkauft/Vermietet", "Sold/rented", category=_ADMIN),
    _f("reserviert", "boolean", "Reserviert", "Reserved", category=_ADMIN),
    _f("geaendert_am", "datetime", "Geändert am", "Modified on", category=_ADMIN,
       writable=False),
)  # fmt: skip

_ADDRESS = (
    _f("KdNr", "integer", "Kundennummer", "Customer no."),
    _f("Anrede", "singleselect", "Anrede", "Title", permitted=ANREDE),
    _f("Briefanrede", "text", "Briefanrede", "Salutation", category=_CONTACT),
    _v("Vorname", "Vorname", "First name"),
    _v("Name", "Name", "Name"),
    _v("Strasse", "Straße", "Street"),
    _v("Plz", "PLZ", "ZIP code", 20),
    _v("Ort", "Ort", "Town"),
    _f("Land", "singleselect", "Land", "Country", permitted=LAND, default="DEU"),
    _v("Email", "E-Mail", "E-mail", 100, category=_CONTACT),
    _v("Telefon1", "Telefon", "Phone", 40, category=_CONTACT),
    _f("Status", "singleselect", "Status", "Status", permitted=ADDRESS_STATUS, default="1",
       category=_ADMIN),
    _f("Aenderung", "datetime", "Letzte Änderung", "Last modified", category=_ADMIN,
       writable=False),
)  # fmt: skip

_SEARCHCRITERIA = (
    _f("objektart", "singleselect", "Objektart", "Type of property", permitted=OBJEKTART),
    _f("vermarktungsart", "singleselect", "Vermarktungsart", "Marketing method",
       permitted=VERMARKTUNGSART),
    _v("range_plz", "Umkreis PLZ", "Radius postcode", 10, category=_GEO),
    _v("range_ort", "Umkreis Ort", "Radius city", category=_GEO),
    _f("range", "integer", "Umkreis (km)", "Radius (km)", category=_GEO),
    _f("kaufpreis__von", "float", "Kaufpreis von", "Purchase price from", category=_PRICES),
    _f("kaufpreis__bis", "float", "Kaufpreis bis", "Purchase price to", category=_PRICES),
    _f("kaltmiete__von", "float", "Kaltmiete von", "Net cold rent from", category=_PRICES),
    _f("kaltmiete__bis", "float", "Kaltmiete bis", "Net cold rent to", category=_PRICES),
    _f("wohnflaeche__von", "float", "Wohnfläche von", "Living space from", category=_AREAS),
    _f("wohnflaeche__bis", "float", "Wohnfläche bis", "Living space to", category=_AREAS),
    _f("anzahl_zimmer__von", "float", "Zimmer von", "Rooms from", category=_AREAS),
    _f("anzahl_zimmer__bis", "float", "Zimmer bis", "Rooms to", category=_AREAS),
)  # fmt: skip

FIELDS: Mapping[str, Mapping[str, FieldDef]] = MappingProxyType(
    {
        "estate": MappingProxyType({f.name: f for f in _ESTATE}),
        "address": MappingProxyType({f.name: f for f in _ADDRESS}),
        "searchcriteria": MappingProxyType({f.name: f for f in _SEARCHCRITERIA}),
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
    }
)  # fmt: skip


def describe(fdef: FieldDef, *, labels: bool, language: str) -> dict[str, object]:
    """One field entry of a ``get fields`` record, as in the captured answers."""
    permitted: object = None
    if fdef.permitted:
        if labels:
            permitted = {
                key: pair[1 if language == "ENG" else 0] for key, pair in fdef.permitted.items()
            }
        else:
            permitted = list(fdef.permitted)
    entry: dict[str, object] = {
        "type": fdef.type,
        "length": fdef.length,
        "permittedvalues": permitted,
        "default": fdef.default,
        "filters": [],
        "dependencies": [],
        "compoundFields": [],
    }
    if labels:
        entry["label"] = fdef.label(language)
        entry["tablename"] = fdef.category[0]
        entry["content"] = fdef.category[1 if language == "ENG" else 0]
    return entry
