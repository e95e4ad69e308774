"""Word lists for the seeded data: cities with their real postcode ranges, streets, names."""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    """A city with its postcode range, dialling code and typical prices per square metre."""

    name: str
    plz_lo: int
    plz_hi: int
    dialling: str
    price_sqm: int
    rent_sqm: float
    country: str = "DEU"

    def postcode(self, number: int) -> str:
        """A postcode string: five digits in Germany, four in Austria and Switzerland."""
        return f"{number:05d}" if self.country == "DEU" else str(number)


GERMAN_CITIES: tuple[City, ...] = (
    City("Berlin", 10115, 14199, "030", 5200, 13.5),
    City("Hamburg", 20095, 22769, "040", 5800, 13.0),
    City("München", 80331, 81929, "089", 9000, 20.0),
    City("Köln", 50667, 51149, "0221", 4600, 12.5),
    City("Frankfurt am Main", 60306, 60599, "069", 6000, 15.0),
    City("Stuttgart", 70173, 70629, "0711", 5300, 14.0),
    City("Düsseldorf", 40210, 40629, "0211", 4800, 12.5),
    City("Dortmund", 44135, 44388, "0231", 2600, 8.5),
    City("Essen", 45127, 45359, "0201", 2500, 8.0),
    City("Leipzig", 4103, 4357, "0341", 2900, 8.0),
    City("Bremen", 28195, 28779, "0421", 2900, 9.0),
    City("Dresden", 1067, 1328, "0351", 3000, 8.5),
    City("Hannover", 30159, 30669, "0511", 3500, 10.0),
    City("Nürnberg", 90402, 90491, "0911", 4200, 11.0),
    City("Aachen", 52062, 52080, "0241", 3200, 9.5),
    City("Bonn", 53111, 53229, "0228", 4000, 11.5),
    City("Münster", 48143, 48167, "0251", 4300, 11.5),
    City("Freiburg im Breisgau", 79098, 79117, "0761", 5500, 13.5),
    City("Mainz", 55116, 55131, "06131", 4700, 12.5),
    City("Heidelberg", 69115, 69126, "06221", 5200, 13.0),
    City("Potsdam", 14467, 14482, "0331", 4600, 11.5),
    City("Kiel", 24103, 24159, "0431", 3300, 10.0),
    City("Rostock", 18055, 18147, "0381", 3300, 9.0),
    City("Augsburg", 86150, 86199, "0821", 4600, 11.5),
    City("Regensburg", 93047, 93059, "0941", 4800, 12.0),
)

FOREIGN_CITIES: tuple[City, ...] = (
    City("Wien", 1010, 1230, "+43 1", 6500, 15.0, "AUT"),
    City("Graz", 8010, 8063, "+43 316", 3800, 11.0, "AUT"),
    City("Zürich", 8001, 8057, "+41 44", 14000, 28.0, "CHE"),
    City("Basel", 4001, 4059, "+41 61", 9000, 22.0, "CHE"),
)

STREETS: tuple[str, ...] = (
    "Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Dorfstraße",
    "Bergstraße", "Birkenweg", "Lindenstraße", "Kirchstraße", "Waldstraße", "Ringstraße",
    "Schillerstraße", "Goethestraße", "Am Markt", "Mühlenweg", "Friedrichstraße",
    "Rosenstraße", "Feldstraße", "Wiesenweg", "Parkstraße", "Beethovenstraße",
    "Mozartstraße", "Eichenweg", "Tannenweg", "Sonnenstraße", "Uhlandstraße", "Kantstraße",
    "Lessingstraße", "Rathausstraße", "Amselweg", "Kastanienallee", "Heinrich-Heine-Straße",
)  # fmt: skip

MALE_NAMES: tuple[str, ...] = (
    "Max", "Moritz", "Lukas", "Jonas", "Leon", "Felix", "Paul", "Jan", "Tim", "Niklas",
    "Thomas", "Michael", "Andreas", "Stefan", "Christian", "Markus", "Jürgen", "Klaus",
    "Wolfgang", "Uwe", "Sebastian", "Matthias", "Florian", "Tobias", "Björn",
)  # fmt: skip

FEMALE_NAMES: tuple[str, ...] = (
    "Anna", "Lea", "Lena", "Hannah", "Marie", "Sophie", "Laura", "Julia", "Sarah", "Lisa",
    "Sabine", "Petra", "Claudia", "Susanne", "Andrea", "Monika", "Ursula", "Karin",
    "Katrin", "Stefanie", "Nicole", "Jana", "Franziska", "Jördis", "Bärbel",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
    "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
    "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann",
    "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
    "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn",
    "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler",
)  # fmt: skip

COMPANY_SUFFIXES: tuple[str, ...] = (
    "Immobilien GmbH", "Hausverwaltung GmbH", "& Partner mbB", "Bau GmbH & Co. KG",
    "Projektentwicklung AG",
)  # fmt: skip

MAIL_DOMAINS: tuple[str, ...] = ("example.com", "example.org", "example.net")

LOCATIONS: tuple[str, ...] = (
    "Ruhige Wohnlage in einer verkehrsberuhigten Seitenstraße.",
    "Zentrale Lage mit sehr guter Anbindung an den ÖPNV.",
    "Am Stadtrand, wenige Minuten vom Naherholungsgebiet entfernt.",
    "Beliebtes Viertel mit Cafés, Restaurants und kleinen Geschäften.",
    "Verkehrsgünstige Lage, die Autobahnauffahrt ist in fünf Minuten erreichbar.",
    "Innenstadtlage; Geschäfte des täglichen Bedarfs sind fußläufig erreichbar.",
    "Schulen, Kindergärten und Ärzte befinden sich in unmittelbarer Nähe.",
    "Gewerbegebiet mit guter Erreichbarkeit für Kunden und Lieferverkehr.",
)

FLAT_ADJECTIVES: tuple[str, ...] = ("Helle", "Gemütliche", "Moderne", "Sanierte", "Großzügige")
FLAT_EXTRAS: tuple[str, ...] = (" mit Balkon", " mit Einbauküche", " mit Dachterrasse", "", "")
HOUSE_TITLES: tuple[str, ...] = (
    "{typ} mit Garten in {ort}",
    "{typ} in ruhiger Lage von {ort}",
    "{typ} mit Einliegerwohnung, {ort}",
    "Provisionsfrei: {typ} in {ort}",
)

# City centres (latitude, longitude) and federal states, for coordinates and regions.
CENTRES: dict[str, tuple[float, float, str]] = {
    "Berlin": (52.52, 13.40, "Berlin"), "Hamburg": (53.55, 9.99, "Hamburg"),
    "München": (48.14, 11.58, "Bayern"), "Köln": (50.94, 6.96, "Nordrhein-Westfalen"),
    "Frankfurt am Main": (50.11, 8.68, "Hessen"),
    "Stuttgart": (48.78, 9.18, "Baden-Württemberg"),
    "Düsseldorf": (51.23, 6.78, "Nordrhein-Westfalen"),
    "Dortmund": (51.51, 7.47, "Nordrhein-Westfalen"),
    "Essen": (51.46, 7.01, "Nordrhein-Westfalen"), "Leipzig": (51.34, 12.37, "Sachsen"),
    "Bremen": (53.08, 8.80, "Bremen"), "Dresden": (51.05, 13.74, "Sachsen"),
    "Hannover": (52.38, 9.73, "Niedersachsen"), "Nürnberg": (49.45, 11.08, "Bayern"),
    "Aachen": (50.78, 6.08, "Nordrhein-Westfalen"), "Bonn": (50.74, 7.10, "Nordrhein-Westfalen"),
    "Münster": (51.96, 7.63, "Nordrhein-Westfalen"),
    "Freiburg im Breisgau": (47.99, 7.85, "Baden-Württemberg"),
    "Mainz": (50.00, 8.27, "Rheinland-Pfalz"), "Heidelberg": (49.40, 8.67, "Baden-Württemberg"),
    "Potsdam": (52.39, 13.06, "Brandenburg"), "Kiel": (54.32, 10.14, "Schleswig-Holstein"),
    "Rostock": (54.09, 12.14, "Mecklenburg-Vorpommern"), "Augsburg": (48.37, 10.90, "Bayern"),
    "Regensburg": (49.01, 12.10, "Bayern"),
}  # fmt: skip
