"""Calls that keep a little state of their own (price offers, tracking accounts, e-mail
links, time tracking, working lists, relation info, newsletter) and small lookups
(signatures, surveys, statistics widgets, default attachments)."""

from __future__ import annotations

from typing import Any

from playground.onoffice.actions import Verb
from playground.sandbox.budget import entry_bytes
from playground.sandbox.calls import Call, Handler, existing, id_list
from playground.sandbox.company import DEFAULT_ATTACHMENTS, SIGNATURES, SURVEYS, WIDGETS
from playground.sandbox.outcome import Answer, ApiError, success
from playground.sandbox.relations import relation_parts
from playground.sandbox.seed import ID_KEY, SHOWCASE_ADDRESS, SHOWCASE_ESTATE
from playground.sandbox.store import Store

# Seeded state: a price offer, a tracking account and a filed e-mail the templates name.
SEED_MESSAGE = "<message-id@example.com>"


def _state(store: Store) -> dict[str, Any]:
    """The store's call state, seeded on first use."""
    if "offers" not in store.state:
        store.state["offers"] = {(SHOWCASE_ESTATE, SHOWCASE_ADDRESS): 385000.0}
        store.state["tracking"] = {
            "tracking-login": {
                "id": 1,
                "password": "tracking-password",
                "estateids": [SHOWCASE_ESTATE],
            }
        }
        store.state["mails"] = {SEED_MESSAGE: ([SHOWCASE_ADDRESS], SHOWCASE_ESTATE)}
        store.state["worktime"] = False
        store.state["lists"] = 0
    return store.state


def _mandatory(params: dict[str, Any], name: str) -> Any:
    """A mandatory parameter's value, or 167."""
    if params.get(name) in (None, "", []):
        raise ApiError(167, name)
    return params[name]


def _offer_key(store: Store, params: dict[str, Any]) -> tuple[int, int]:
    """(estate id, address id) of a price offer; both must exist."""
    estate = int(existing(store, "estate", _mandatory(params, "estateId"))[ID_KEY])
    address = int(existing(store, "address", _mandatory(params, "addressId"))[ID_KEY])
    return estate, address


def get_offer(store: Store, call: Call) -> Answer:
    """get priceOffer: the prospect's offer, formatted as in the docs ("" when none)."""
    offer = _state(store)["offers"].get(_offer_key(store, call.parameters))
    text = (
        ""
        if offer is None
        else f"{offer:,.2f} €".replace(",", "X").replace(".", ",").replace("X", ".")
    )
    return Answer([{"id": 0, "type": "", "elements": {"priceOffer": text}}], None)


def set_offer(store: Store, call: Call) -> Answer:
    """do priceOffer: store the offer."""
    key = _offer_key(store, call.parameters)
    try:
        amount = float(_mandatory(call.parameters, "priceOffer"))
    except (TypeError, ValueError):
        raise ApiError(255, "priceOffer") from None
    offers = _state(store)["offers"]
    if key not in offers:
        store.budget.change(0, entry_bytes(key, amount))
    offers[key] = amount
    return success()


def create_tracking(store: Store, call: Call) -> Answer:
    """do createestatetrackingaccount: a login for an estate's owner."""
    params, accounts = call.parameters, _state(store)["tracking"]
    name, password = _mandatory(params, "accountname"), _mandatory(params, "accountpassword")
    estate = int(existing(store, "estate", _mandatory(params, "estateid"))[ID_KEY])
    key = str(name)
    store.budget.check_key("accountname", key)
    store.budget.check_key("accountpassword", str(password))
    old = accounts.get(key)
    estates = [] if old is None else old["estateids"]
    account: dict[str, Any] = {
        "id": len(accounts) + 1 if old is None else old["id"],
        "password": str(password),
        # An account lists each estate once, however often it is created for it.
        "estateids": estates if estate in estates else [*estates, estate],
    }
    store.budget.change(0 if old is None else entry_bytes(key, old), entry_bytes(key, account))
    accounts[key] = account
    return success("estateTracking", account["id"], accountname=name, accountpassword=password)


def tracking_details(store: Store, call: Call) -> Answer:
    """get estatetrackingdetails: the account for a login and password."""
    params = call.parameters
    account = _state(store)["tracking"].get(str(_mandatory(params, "accountname")))
    if account is None or account["password"] != str(_mandatory(params, "password")):
        raise ApiError(255, "accountname")
    estates = {str(n): str(e) for n, e in enumerate(account["estateids"], start=1)}
    return success(
        "estateTracking",
        account["id"],
        accountname=params["accountname"],
        information="",
        note="",
        addressid=str(SHOWCASE_ADDRESS),
        estateids=estates,
    )


def _mail_key(params: dict[str, Any], name: str) -> str:
    """The message id of an e-mail call (``messageId`` or ``messageid``)."""
    return str(params.get("messageId") or _mandatory(params, name))


def email_info(store: Store, call: Call) -> Answer:
    """get emailInfo / get emailassignments: the records an e-mail is filed with."""
    key = _mail_key(call.parameters, "messageid")
    addresses, estate = _state(store)["mails"].get(key, ([], None))
    found = [store.get("address", a) for a in addresses]
    listed = [{"addressId": r[ID_KEY], "addressCustomerNo": r["KdNr"],
               "addressFirstname": r["Vorname"], "addressSurname": r["Name"],
               "addressEmail": r["Email"]} for r in found if r is not None]  # fmt: skip
    if call.resourcetype == "emailassignments":
        listed = listed[:1]  # the older call returns at most one address (docs)
    record = store.get("estate", estate) if estate else None
    estates = [] if record is None else [{"estateId": record[ID_KEY],
                                          "estateExternalNo": record["objektnr_extern"],
                                          "estateCity": record["ort"]}]  # fmt: skip
    elements = {"isPortalRequest": False, "addresses": listed, "estates": estates}
    return Answer([{"id": key, "type": "", "elements": elements}], None)


def assign_email(store: Store, call: Call) -> Answer:
    """do emailassignments: file an e-mail with addresses and an estate."""
    params = call.parameters
    addresses = id_list(params.get("addressIds") or [], "addressIds")
    for address in addresses:
        existing(store, "address", address)
    estate = params.get("estateid")
    if estate not in (None, ""):
        estate = int(existing(store, "estate", estate)[ID_KEY])
    key, mails = _mail_key(params, "messageid"), _state(store)["mails"]
    store.budget.check_key("messageId", key)
    filed = (addresses, estate or None)
    old = entry_bytes(key, mails[key]) if key in mails else 0
    store.budget.change(old, entry_bytes(key, filed))
    mails[key] = filed
    return success()


def time_tracking(store: Store, call: Call) -> Answer:
    """modify timetracking: start (track 1) or stop (track 0) the API user's work time."""
    track = call.parameters.get("track")
    if track not in (0, 1, "0", "1", True, False):
        raise ApiError(167 if track is None else 255, "track")
    _state(store)["worktime"] = str(track) in ("1", "True")
    active = _state(store)["worktime"]
    return Answer([{"id": 0, "type": None, "elements": {
        "worktimeActive": active, "worktime": "01:35:10", "breaktime": "00:00:14",
        "currentlytracking": active, "targetTimeToday": "08:00:00"}}], None)  # fmt: skip


def working_list(store: Store, call: Call) -> Answer:
    """create workinglist: a list of existing estates or addresses."""
    params = call.parameters
    module = str(_mandatory(params, "type"))
    if module not in ("estate", "address"):
        raise ApiError(255, "type")
    _mandatory(params, "listName")
    for record_id in id_list(params.get("ids") or [], "ids"):
        existing(store, module, record_id)
    _state(store)["lists"] += 1
    return Answer([{"id": _state(store)["lists"], "type": "workinglist", "elements": []}], None)


def newsletter(store: Store, call: Call) -> Answer:
    """do registerNewsletter: switch the address's newsletter flag."""
    record = existing(store, "address", call.resourceid)
    register = call.parameters.get("register")
    if register is None:
        raise ApiError(167, "register")
    store.modify("address", int(record[ID_KEY]), {"newsletter_aktiv": 1 if register else 0})
    return success()


def modify_relation(store: Store, call: Call) -> Answer:
    """modify relation: store relationinfo on an existing relation (80 if there is none)."""
    relationtype, parents, children = relation_parts(store, call.parameters)
    info = _mandatory(call.parameters, "relationinfo")
    linked = store.related(relationtype, parents, of_parents=True)
    if any(child not in linked[parent] for parent in parents for child in children):
        raise ApiError(80)
    store.annotate([(relationtype, p, c) for p in parents for c in children], info)
    return success()


def signature(store: Store, call: Call) -> Answer:
    """get emailsignature: the default signature, one by resourceid, or the list."""
    if call.resourceid not in (None, ""):
        chosen = (
            SIGNATURES.get(int(str(call.resourceid))) if str(call.resourceid).isdigit() else None
        )
        if chosen is None:
            raise ApiError(80)
        return Answer([{"id": 0, "type": "", "elements": {"signature": chosen["signature"]}}])
    if call.parameters.get("getdefaultsignature"):
        default = next(s for s in SIGNATURES.values() if s["default"])
        return Answer([{"id": 0, "type": "", "elements": {"signature": default["signature"]}}])
    return Answer([{"id": k, "type": "", "elements": {"name": s["name"]}}
                   for k, s in SIGNATURES.items()])  # fmt: skip


def survey(store: Store, call: Call) -> Answer:
    """get appointmentdocument: the surveys, or one survey's questions."""
    if call.resourceid in (None, ""):
        return Answer([{"id": k, "type": "", "elements": {"title": s["title"]}}
                       for k, s in SURVEYS.items()])  # fmt: skip
    chosen = SURVEYS.get(int(str(call.resourceid))) if str(call.resourceid).isdigit() else None
    if chosen is None:
        raise ApiError(80)
    questions = [[{"question": q}] for q in chosen["questions"]]
    elements = {
        chosen["title"]: questions,
        "transfered": False,
        "pdftype": "Fragen",
        "needsaddress": True,
        "needsproperty": True,
        "needsappointment": True,
    }
    return Answer([{"id": 0, "type": "", "elements": elements}])


def widgets(store: Store, call: Call) -> Answer:
    """get statisticWidgets."""
    return Answer([{"id": int(w["id"]), "type": "statisticWidgets", "elements": w}
                   for w in WIDGETS], len(WIDGETS))  # fmt: skip


def attachments(store: Store, call: Call) -> Answer:
    """get defaultAttachments: the user's (and, with a template id, the template's)."""
    chosen = {k: v for k, v in DEFAULT_ATTACHMENTS.items()
              if k == "userDefaultAttachments" or call.resourceid not in (None, "")}  # fmt: skip
    records = [{"id": k, "type": "attachmentCollection", "elements": v} for k, v in chosen.items()]
    return Answer(records, sum(len(v) for v in chosen.values()))


HANDLERS: dict[tuple[Verb, str], Handler] = {
    (Verb.GET, "priceOffer"): get_offer, (Verb.DO, "priceOffer"): set_offer,
    (Verb.DO, "createestatetrackingaccount"): create_tracking,
    (Verb.GET, "estatetrackingdetails"): tracking_details,
    (Verb.GET, "emailInfo"): email_info, (Verb.GET, "emailassignments"): email_info,
    (Verb.DO, "emailassignments"): assign_email,
    (Verb.MODIFY, "timetracking"): time_tracking,
    (Verb.CREATE, "workinglist"): working_list,
    (Verb.DO, "registerNewsletter"): newsletter,
    (Verb.MODIFY, "relation"): modify_relation,
    (Verb.GET, "emailsignature"): signature,
    (Verb.GET, "appointmentdocument"): survey,
    (Verb.GET, "statisticWidgets"): widgets,
    (Verb.GET, "defaultAttachments"): attachments,
}  # fmt: skip
