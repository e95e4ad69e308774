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
