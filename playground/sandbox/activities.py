"""Kinds of activity with their types (``get actionkindtypes``), task and appointment kinds.

Kind keys are the ones the docs' agents-log examples use ("Email" / "Ausgang", "Termin" /
"Beratung", "Newsletter" / "bestellt"); each maps to (DEU label, ENG label, types), and
each type key to its (DEU, ENG) labels.
"""

from __future__ import annotations

from types import MappingProxyType

from playground.sandbox.fielddef import Labels
from playground.sandbox.vocab import labels

Kind = tuple[str, str, Labels]

ACTION_KINDS: dict[str, Kind] = {
    "Email": ("E-Mail", "E-mail", labels(Eingang=("Eingang", "Incoming"),
                                         Ausgang=("Ausgang", "Outgoing"))),
    "Telefonat": ("Telefonat", "Phone call", labels(Eingang=("Eingehend", "Incoming"),
                                                    Ausgang=("Ausgehend", "Outgoing"))),
    "Termin": ("Termin", "Appointment", labels(Beratung=("Beratung", "Consultation"),
                                               Besichtigung=("Besichtigung", "Viewing"),
                                               Notartermin=("Notartermin", "Notary"))),
    "Brief": ("Brief", "Letter", labels(Eingang=("Eingang", "Incoming"),
                                        Ausgang=("Ausgang", "Outgoing"))),
    "Expose": ("Exposé", "Exposé", labels(versendet=("versendet", "sent"),
                                          angefordert=("angefordert", "requested"))),
    "Newsletter": ("Newsletter", "Newsletter", labels(bestellt=("bestellt", "ordered"),
                                                      abbestellt=("abbestellt", "cancelled"))),
    "Notiz": ("Notiz", "Note", labels(intern=("intern", "internal"))),
    "Widerruf bestätigt": ("Widerruf bestätigt", "Revocation confirmed",
                           labels(**{"Vorzeitiger Beginn": ("Vorzeitiger Beginn",
                                                            "Early start")})),
}  # fmt: skip

ACTION_KIND_LABELS: Labels = MappingProxyType({k: (v[0], v[1]) for k, v in ACTION_KINDS.items()})
ADVISORY_LEVELS = labels(
    A=("A Kaufabsicht", "A Intends to buy"),
    B=("B Starkes Interesse", "B Strong interest"),
    C=("C Interesse", "C Interest"),
    D=("D Geringes Interesse", "D Little interest"),
    E=("E Keine Angabe", "E Not stated"),
    F=("F Gekauft", "F Bought"),
    G=("G Absage", "G Declined"),
)
CANCEL_REASONS = labels(
    Preis=("Preis", "Price"),
    Lage=("Lage", "Location"),
    Alter=("Alter", "Age"),
    Groesse=("Größe", "Size"),
    Architektur=("Architektur", "Architecture"),
    Zustand=("Zustand", "Condition"),
)
FEATURES = labels(
    invoiceOpen=("Rechnung offen", "Invoice open"),
    property_valuation=("Wertermittlung", "Property valuation"),
    callback=("Rückruf erbeten", "Callback requested"),
)
TASK_STATUS = MappingProxyType({
    "1": ("Nicht begonnen", "Not started"), "2": ("In Bearbeitung", "In progress"),
    "3": ("Erledigt", "Done"), "4": ("Zurückgestellt", "Deferred"),
    "5": ("Abgelehnt", "Declined"),
})  # fmt: skip
TASK_PRIO = MappingProxyType({
    "1": ("Sehr hoch", "Very high"), "2": ("Hoch", "High"), "3": ("Normal", "Normal"),
    "4": ("Niedrig", "Low"), "5": ("Sehr niedrig", "Very low"),
})  # fmt: skip
TASK_KINDS = labels(
    Anruf=("Anruf", "Call"),
    Rueckruf=("Rückruf", "Call back"),
    Besichtigung=("Besichtigung vorbereiten", "Prepare viewing"),
    Expose=("Exposé versenden", "Send exposé"),
    Sonstiges=("Sonstiges", "Other"),
)
APPOINTMENT_KINDS = labels(
    Besichtigung=("Besichtigung", "Viewing"),
    Beratung=("Beratung", "Consultation"),
    Kundenbesuch=("Kundenbesuch", "Client visit"),
    Notartermin=("Notartermin", "Notary appointment"),
    Uebergabe=("Übergabe", "Handover"),
)
APPOINTMENT_STATUS = labels(
    active=("aktiv", "active"), cancelled=("abgesagt", "cancelled"), done=("erledigt", "done")
)
RESOURCES = labels(
    Konferenzraum=("Konferenzraum", "Conference room"),
    Besprechungsraum=("Besprechungsraum", "Meeting room"),
    Firmenfahrzeug=("Firmenfahrzeug", "Company car"),
    Beamer=("Beamer", "Projector"),
)
FILE_KINDS = labels(
    Titelbild=("Titelbild", "Cover picture"),
    Foto=("Foto", "Photo"),
    Foto_gross=("Foto groß", "Large photo"),
    Grundriss=("Grundriss", "Floor plan"),
    Lageplan=("Lageplan", "Site plan"),
    Epass_Skala=("Energiepass-Skala", "Energy certificate scale"),
    Panorama=("Panorama", "Panorama"),
    Dokument=("Dokument", "Document"),
)
