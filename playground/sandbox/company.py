"""The fictitious agency behind the sandbox: basic settings and imprint."""

from __future__ import annotations

from typing import Any

# Shape of the WordPress plugin's capture of read basicsettings: groups of key/value pairs
# under basicData, each group selectable through parameters.data.basicData.<group>.
BASIC_SETTINGS: dict[str, dict[str, Any]] = {
    "characteristicsCi": {
        "logo": "",
        "color": "1a4d8f",
        "color2": "f2b134",
        "textcolorMail": "333333",
        "claim": "Ihr Zuhause in guten Händen",
    },
    "permissions": {
        "modifyAddresses": "1",
        "modifyEstates": "1",
        "readAgentsLog": "1",
    },
    "team": {
        "name": "Musterimmobilien Team Aachen",
        "members": "12",
    },
}

# Field names as in the WordPress plugin's capture of read impressum.
IMPRINT: dict[str, str] = {
    "title": "Frau",
    "firstname": "Erika",
    "lastname": "Musterfrau",
    "firma": "Musterimmobilien GmbH",
    "postcode": "52068",
    "city": "Aachen",
    "street": "Musterallee",
    "housenumber": "1",
    "state": "Nordrhein-Westfalen",
    "country": "Deutschland",
    "phone": "0241 000000",
    "mobil": "0170 0000000",
    "fax": "0241 000001",
    "email": "info@example.com",
    "homepage": "www.example.com",
    "vertretungsberechtigter": "Erika Musterfrau",
    "berufsaufsichtsbehoerde": "Stadt Aachen, Gewerbeamt",
    "handelsregister": "Amtsgericht Aachen",
    "handelsregisterNr": "HRB 00000",
    "ustId": "DE000000000",
    "bank": "Musterbank Aachen",
    "iban": "DE00 0000 0000 0000 0000 00",
    "bic": "MUSTDEXXXXX",
    "chamber": "IHK Aachen",
}

TEMPLATE_FOLDERS: dict[str, str] = {
    "12": "Systemvorlagen", "25": "Exposéversand", "53": "Geburtstagsvorlagen",
    "71": "Eigentümerkommunikation",
}  # fmt: skip

_EXPOSE = "urn:onoffice-de-ns:smart:2.5:pdf:expose:"
TEMPLATES: dict[str, list[dict[str, Any]]] = {
    "mail": [
        {"id": 1211, "name": "Exposé-Versand", "folder": 25, "subject": "Ihr Exposé: _Objekttitel"},
        {"id": 1213, "name": "Besichtigungsbestätigung", "folder": 12,
         "subject": "Ihr Besichtigungstermin"},
        {"id": 1215, "name": "Geburtstagsgruß", "folder": 53, "subject": "Alles Gute, _Vorname!"},
        {"id": 1217, "name": "Vermarktungsbericht", "folder": 71,
         "subject": "Stand der Vermarktung"},
    ],
    "pdf": [
        {"id": _EXPOSE + "kurz:design01Expose", "name": "Design01Expose (kurz)", "folder": None},
        {"id": _EXPOSE + "lang:design01Expose", "name": "Design01Expose (lang)", "folder": None},
        {"id": _EXPOSE + "kurz:design01Aushang", "name": "Design01Aushang", "folder": None},
    ],
    "pdfletter": [{"id": 301, "name": "Briefbogen", "folder": None}],
    "pdfform": [{"id": 401, "name": "Selbstauskunft", "folder": None}],
    "webexpose": [{"id": 53, "name": "Web-Exposé Standard", "folder": None}],
}  # fmt: skip

SIGNATURES: dict[int, dict[str, Any]] = {
    1: {
        "name": "Standard",
        "default": True,
        "signature": "Mit freundlichen Grüßen\nErika Musterfrau\nMusterimmobilien GmbH",
    },
    2: {"name": "Kurz", "default": False, "signature": "Viele Grüße\nErika Musterfrau"},
}

SURVEYS: dict[int, dict[str, Any]] = {
    1: {"title": "Besichtigungsprotokoll", "questions": [
        "Wie hat Ihnen die Immobilie gefallen?", "Passt die Lage zu Ihren Wünschen?"]},
    3: {"title": "Übergabeprotokoll", "questions": [
        "Zählerstand Strom", "Anzahl übergebener Schlüssel"]},
}  # fmt: skip

WIDGETS: list[dict[str, Any]] = [
    {"id": "275", "title": "Aktivitäten im Überblick", "type": "statisticDetailReportingActivities",
     "activeForReporting": True, "tab": "Allgemein"},
    {"id": "277", "title": "Anfragen je Portal", "type": "statisticDetailReportingInquiries",
     "activeForReporting": True, "tab": "Vermarktung"},
]  # fmt: skip

DEFAULT_ATTACHMENTS: dict[str, list[dict[str, Any]]] = {
    "userDefaultAttachments": [
        {"id": "119", "filename": None, "filesize": 0, "filetitle": "Design01Expose (kurz)",
         "filetype": "attachmentType-expose", "identifier": _EXPOSE + "kurz:design01Expose"},
    ],
    "templateDefaultAttachments": [
        {"id": "122", "filename": None, "filesize": 0, "filetitle": "Design01Aushang",
         "filetype": "attachmentType-expose", "identifier": _EXPOSE + "kurz:design01Aushang"},
    ],
}  # fmt: skip
