"""German search words per resourcetype, so "Immobilie" or "Termin" finds its templates.

Many users think in the German names enterprise shows (Immobilien, Adressen, Maklerbuch);
the catalogue's titles are English, the resourcetypes onOffice's own.
"""

from __future__ import annotations

_ESTATE = "immobilie immobilien objekt objekte exposé expose"
_ADDRESS = "adresse adressen kontakt kontakte"
_CALENDAR = "termin termine kalender"
_FILE = "datei dateien dokument dokumente anhang"

GERMAN: dict[str, str] = {
    "estate": _ESTATE,
    "address": _ADDRESS,
    "searchcriteria": "suchkriterien suchprofil suchprofile suche",
    "searchcriterias": "suchkriterien suchprofil suchprofile suche",
    "searchCriteriaFields": "suchkriterien felder suchkriterienfelder",
    "agentslog": "aktivität aktivitäten maklerbuch",
    "calendar": _CALENDAR,
    "appointmentList": _CALENDAR,
    "appointmentConflicts": _CALENDAR + " konflikt",
    "appointmentAffirmation": _CALENDAR + " terminbestätigung bestätigung",
    "appointmentdocument": "umfrage fragebogen termin",
    "calendarResources": "ressourcen termin kalender",
    "task": "aufgabe aufgaben",
    "user": "benutzer",
    "users": "benutzer",
    "userphoto": "benutzer foto bild",
    "groups": "gruppe gruppen benutzer",
    "checkuserrecordsright": "benutzer rechte berechtigung",
    "relation": "beziehung beziehungen verknüpfung relation",
    "idsfromrelation": "beziehung beziehungen verknüpfung relation",
    "fileRelation": _FILE,
    "file": _FILE,
    "downloadFiles": _FILE + " herunterladen",
    "uploadfile": _FILE + " hochladen",
    "estatepictures": "bilder bild fotos objektbilder immobilie",
    "estateCategories": "objektart objekttyp kategorien immobilie",
    "regions": "regionen region",
    "regionsLiveSearch": "regionen region suche",
    "fields": "felder feldkonfiguration",
    "multiselectconfiguration": "felder mehrfachauswahl",
    "confignewaddressfields": "felder auswahl adresse",
    "addressCompletionFields": "felder adressvervollständigung adresse",
    "search": "suche schnellsuche",
    "filters": "filter suche",
    "basicsettings": "grundeinstellungen einstellungen",
    "impressum": "impressum",
    "workinglist": "arbeitsliste liste",
    "templates": "vorlagen vorlage",
    "emailtemplatefolders": "vorlagen e-mail",
    "sendmail": "e-mail mail senden versenden",
    "emailInfo": "e-mail mail",
    "emailassignments": "e-mail mail verknüpfung",
    "emailsignature": "e-mail signatur",
    "defaultAttachments": "e-mail anhang anhänge",
    "macroresolve": "makro makros",
    "getlink": "link verknüpfung",
    "pdf": "exposé expose pdf",
    "log": "protokoll änderungen",
    "recordsLastSeen": "zuletzt gesehen",
    "timetracking": "zeiterfassung",
    "qualifiedsuitors": "interessenten käufer mieter matching",
    "priceOffer": "preisangebot kaufpreisangebot",
    "registerNewsletter": "newsletter adresse",
    "contactaddress": "kontaktformular kontakt anfrage interessent website adresse",
    "distinctValues": "werte feldwerte auswahl suchformular website",
    "sendaddresscompletion": "adressvervollständigung adresse",
    "actionkindtypes": "aktionsart aktionstyp aktivität maklerbuch",
    "estatetrackingdetails": "objekt tracking immobilie",
    "createestatetrackingaccount": "objekt tracking immobilie",
    "accessControl": "rechte stempel",
    "statisticWidgets": "statistik",
}


# The verbs as a German user would name the operation ("Immobilie lesen", "Adresse anlegen").
GERMAN_VERBS: dict[str, str] = {
    "read": "lesen abrufen anzeigen suchen",
    "create": "anlegen erstellen erzeugen neu hinzufügen",
    "modify": "ändern bearbeiten aktualisieren",
    "delete": "löschen entfernen",
    "get": "abrufen holen lesen",
    "do": "ausführen senden",
}


def german_verb_words(verb: str) -> str:
    """The German words a verb is found by."""
    return GERMAN_VERBS.get(verb, "")


def german_words(resourcetype: str) -> str:
    """The German words a resourcetype is found by (empty when none are known)."""
    return GERMAN.get(resourcetype, "")
