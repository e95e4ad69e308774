"""Calls the sandbox does not carry out: they answer in onOffice's shape, and their status
message (starting with ``outcome.SIMULATED``) says so and what the real API would do.

Sending e-mail, rendering a PDF exposé, record-rights stamps and everything that moves
money or calls other systems in the marketplace have no meaningful offline equivalent.
"""

from __future__ import annotations

from playground.onoffice.actions import Verb
from playground.sandbox.calls import Call, Handler, existing
from playground.sandbox.outcome import Answer, ApiError, simulated
from playground.sandbox.store import Store


def _require(call: Call, *names: str) -> None:
    """167 for the first mandatory parameter that is missing."""
    for name in names:
        if call.parameters.get(name) in (None, "", []):
            raise ApiError(167, name)


def sendmail(store: Store, call: Call) -> Answer:
    """do sendmail."""
    _require(call, "emailidentity", "receiver")
    return simulated(
        "send e-mail",
        "send this e-mail from the given mailbox and file it "
        "in the agents log of the linked records",
    )


def appointment_affirmation(store: Store, call: Call) -> Answer:
    """do appointmentAffirmation: the appointment must exist."""
    _require(call, "calendarId")
    existing(store, "calendar", call.parameters["calendarId"])
    return simulated("send e-mail", "e-mail the appointment's contacts a request to confirm it")


def address_completion(store: Store, call: Call) -> Answer:
    """do sendaddresscompletion: the address must exist."""
    _require(call, "addressId")
    existing(store, "address", call.parameters["addressId"])
    return simulated(
        "send e-mail", "e-mail the address a link to a form where it completes its own data"
    )


def access_control(store: Store, call: Call) -> Answer:
    """do accessControl."""
    _require(call, "acTemplate", "module", "recordId")
    return simulated("model record rights", "apply the saved rights stamp to the record")


def webhooks(store: Store, call: Call) -> Answer:
    """do executeMarketplaceWebhooks."""
    return simulated(
        "call webhooks",
        "call the customer's active marketplace webhooks for this record",
        result="success",
    )


def _marketplace(what: str, real: str, **elements: object) -> Handler:
    """A marketplace payment call answered without any transaction taking place."""

    def handler(store: Store, call: Call) -> Answer:
        return simulated(what, real, **elements)

    return handler


def pdf(store: Store, call: Call) -> Answer:
    """get pdf: the estate must exist; no document is rendered."""
    _require(call, "estateid", "template")
    existing(store, "estate", call.parameters["estateid"])
    return simulated(
        "render PDF exposés",
        "return the exposé as base64 (gzip-compressed "
        "unless gzcompress is false) in elements.document",
        document="",
    )


HANDLERS: dict[tuple[Verb, str], Handler] = {
    (Verb.DO, "sendmail"): sendmail,
    (Verb.DO, "appointmentAffirmation"): appointment_affirmation,
    (Verb.DO, "sendaddresscompletion"): address_completion,
    (Verb.DO, "accessControl"): access_control,
    (Verb.DO, "executeMarketplaceWebhooks"): webhooks,
    (Verb.DO, "unlockProvider"): _marketplace(
        "talk to marketplace providers", "activate the provider for the customer who "
        "opened its iframe"),
    (Verb.DO, "marketplaceCancelAbo"): _marketplace(
        "manage marketplace subscriptions", "record the subscription as cancelled",
        result="success"),
    (Verb.DO, "subsequentPaymentLink"): _marketplace(
        "take payments", "create a payment link for the extra amount and, if asked, "
        "e-mail it to the customer", result={"subsequentPaymentUrl": "",
                                             "mailToCustomerSent": False}),
    (Verb.DO, "transactionRefund"): _marketplace(
        "take payments", "refund the marketplace transaction", result="success"),
    (Verb.GET, "getMarketplaceInvoiceRecipient"): _marketplace(
        "take payments", "return the billing address of the customer who paid the "
        "transaction (readable for 900 s after it)"),
    (Verb.GET, "pdf"): pdf,
}  # fmt: skip
