"""Permitted values of the select fields: key -> (German label, English label).

The keys are the ones onOffice's documentation and public integrations use in requests
(e.g. ``nutzungsart`` "wohnen", ``heizungsart`` "fussboden", ``HerkunftKontakt``
"Suchmaschine", ``objekttyp`` "schloss"); the labels are the sandbox's own.
"""

from __future__ import annotations

from types import MappingProxyType

from playground.sandbox.fielddef import Labels


def labels(**pairs: tuple[str, str]) -> Labels:
    """A read-only key -> (DEU, ENG) mapping."""
    return MappingProxyType(dict(pairs))


OBJEKTART = labels(
    haus=("Haus", "House"),
    wohnung=("Wohnung", "Flat"),
    grundstueck=("Grundstück", "Plot"),
    buero_praxen=("Büro/Praxen", "Office/practice"),
    einzelhandel=("Einzelhandel", "Retail"),
    gastgewerbe=("Gastgewerbe", "Hospitality"),
    hallen_lager_prod=("Hallen/Lager/Produktion", "Hall/storage/production"),
)
OBJEKTTYP = labels(
    einfamilienhaus=("Einfamilienhaus", "Detached house"),
    doppelhaushaelfte=("Doppelhaushälfte", "Semi-detached house"),
    reihenhaus=("Reihenhaus", "Terraced house"),
    villa=("Villa", "Villa"),
    schloss=("Schloss", "Castle"),
    etage=("Etagenwohnung", "Apartment"),
    penthouse=("Penthouse", "Penthouse"),
    dachgeschoss=("Dachgeschoss", "Attic flat"),
    erdgeschoss=("Erdgeschoss", "Ground floor flat"),
    maisonette=("Maisonette", "Maisonette"),
    wohnen=("Wohngrundstück", "Residential plot"),
    gewerbe=("Gewerbegrundstück", "Commercial plot"),
    bueroflaeche=("Bürofläche", "Office space"),
    praxis=("Praxis", "Practice"),
    ladenlokal=("Ladenlokal", "Shop"),
    gaststaette=("Gaststätte", "Restaurant"),
    lagerhalle=("Lagerhalle", "Warehouse"),
)
NUTZUNGSART = labels(
    wohnen=("Wohnen", "Residential"),
    gewerbe=("Gewerbe", "Commercial"),
    anlage=("Anlage", "Investment"),
    waz=("Wohnen auf Zeit", "Temporary living"),
)
VERMARKTUNGSART = labels(kauf=("Kauf", "Purchase"), miete=("Miete", "Rent"))
ESTATE_STATUS = MappingProxyType(
    {"1": ("Aktiv", "Active"), "2": ("Ausstehend", "Pending"), "0": ("Archiviert", "Archived")}
)
HEIZUNGSART = labels(
    ofen=("Ofenheizung", "Stove heating"),
    etage=("Etagenheizung", "Floor-level heating"),
    zentral=("Zentralheizung", "Central heating"),
    fern=("Fernwärme", "District heating"),
    fussboden=("Fußbodenheizung", "Underfloor heating"),
)
BEFEUERUNG = labels(
    oel=("Öl", "Oil"),
    gas=("Gas", "Gas"),
    elektro=("Elektro", "Electric"),
    pellet=("Pellets", "Pellets"),
    luftwp=("Luft-Wärmepumpe", "Air heat pump"),
    solar=("Solar", "Solar"),
)
STELLPLATZART = labels(
    garage=("Garage", "Garage"),
    tiefgarage=("Tiefgarage", "Underground car park"),
    carport=("Carport", "Carport"),
    freiplatz=("Außenstellplatz", "Outdoor space"),
    duplex=("Duplex", "Duplex"),
)
ZUSTAND = labels(
    erstbezug=("Erstbezug", "First occupancy"),
    neuwertig=("Neuwertig", "As new"),
    gepflegt=("Gepflegt", "Well kept"),
    modernisiert=("Modernisiert", "Modernised"),
    renovierungsbeduerftig=("Renovierungsbedürftig", "In need of renovation"),
)
ANREDE = labels(Herr=("Herr", "Mr."), Frau=("Frau", "Mrs."), Firma=("Firma", "Company"))
LAND = labels(
    DEU=("Deutschland", "Germany"), AUT=("Österreich", "Austria"), CHE=("Schweiz", "Switzerland")
)
ADDRESS_STATUS = MappingProxyType({"1": ("Aktiv", "Active"), "0": ("Archiviert", "Archived")})
HERKUNFT_KONTAKT = labels(
    Suchmaschine=("Suchmaschine", "Search engine"),
    Newsletter=("Newsletter", "Newsletter"),
    Empfehlung=("Empfehlung", "Recommendation"),
    Homepage=("Homepage", "Website"),
    Zeitungsanzeige=("Zeitungsanzeige", "Newspaper advert"),
    Telefon=("Telefonische Anfrage", "Phone enquiry"),
    portal_system=("Immobilienportale", "Property portals"),
    immobilienscout24_system=("ImmobilienScout24", "ImmobilienScout24"),
    immowelt_system=("Immowelt", "Immowelt"),
    immonet_system=("Immonet", "Immonet"),
)
# The portals sit one level below portal_system (get multiselectconfiguration's "parent").
HERKUNFT_PARENT = {name: "portal_system" for name in HERKUNFT_KONTAKT if name.endswith("_system")}
HERKUNFT_PARENT.pop("portal_system")
ART_DATEN = labels(
    Interessent=("Interessent", "Prospect"),
    Eigentuemer=("Eigentümer", "Owner"),
    Kaeufer=("Käufer", "Buyer"),
    Mieter=("Mieter", "Tenant"),
    Makler=("Makler", "Agent"),
    Tippgeber=("Tippgeber", "Referrer"),
    Dienstleister=("Dienstleister", "Service provider"),
)
SC_STATUS = MappingProxyType({"1": ("Aktiv", "Active"), "0": ("Inaktiv", "Inactive")})
KO_FIELDS = labels(
    kaufpreis=("Kaufpreis", "Purchase price"),
    kaltmiete=("Kaltmiete", "Net cold rent"),
    wohnflaeche=("Wohnfläche", "Living space"),
    anzahl_zimmer=("Zimmer", "Rooms"),
    objektart=("Objektart", "Type of property"),
    ort=("Ort", "City"),
    range=("Umkreis", "Radius"),
)
