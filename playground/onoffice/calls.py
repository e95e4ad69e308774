"""What each documented call takes: its parameters, its field module, whether it pages.

Facts from sections 3.1 and 3.2 of the shared API notes; the calls themselves come from the
catalogue, so a call without a row here still appears (with no parameters known).
"""

from __future__ import annotations

from typing import Any

from playground.onoffice.catalogue import TEMPLATES
from playground.onoffice.fieldlist import MODULE_OF

MAX_LISTLIMIT = 500
# Section 3.1; the docs also show uppercase spellings, which onOffice accepts.
OPERATORS = (
    "=", "is", ">", "<", ">=", "<=", "!=", "<>", "between", "like", "not like", "in", "not in",
    "IN", "BETWEEN", "LIKE", "NOT LIKE", "NOT IN", "IS",
)  # fmt: skip

_READ = ("data", "filter", "filterid", "listlimit", "listoffset", "sortby", "sortorder",
         "formatoutput", "outputlanguage", "addMobileUrl")  # fmt: skip
_ESTATE_READ = (*_READ, "estatelanguage", "addestatelanguage", "addMainLangId", "georangesearch")
_ADDRESS_READ = (*_READ, "recordids", "countryIsoCodeType")
_ADDRESS_FIELDS = (
    "phone", "phone_private", "phone_business", "mobile", "default_phone", "fax", "fax_private",
    "fax_business", "default_fax", "email", "email_business", "email_private", "default_email",
    "Benutzer", "Status", "Land", "checkDuplicate", "noOverrideByDuplicate",
)  # fmt: skip
_REL = ("relationtype", "parentid", "childid")

# (verb, resourcetype) -> parameter names; the resourcetype's module is in fieldlist.MODULE_OF.
PARAMETERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("read", "estate"): _ESTATE_READ,
    ("read", "address"): _ADDRESS_READ,
    ("read", "agentslog"): ("estateid", "addressid", "projectid", "data", "filter", "listlimit",
                            "listoffset", "sortby", "sortorder", "fullmail", "tracking",
                            "mailbody"),
    ("read", "calendar"): ("datestart", "dateend", "modifiedstart", "modifiedend",
                           "showcancelled", "showConfirmationStatus", "users", "groups",
                           "allusers", "showConflicts", "filter"),
    ("read", "user"): ("data", "filter", "sortby", "listlimit", "listoffset"),
    ("read", "task"): ("data", "filter", "listlimit", "relatedAddressId", "relatedEstateId",
                       "relatedProjectIds", "responsibilityByGroup", "addMobileUrl",
                       "showEfforts"),
    ("read", "basicsettings"): ("data",),
    ("read", "impressum"): ("data", "language", "formatoutput"),
    ("read", "userphoto"): ("photosAsLinks", "filter", "sortby", "listlimit", "messengerUIds"),
    ("read", "recordsLastSeen"): ("module", "listlimit", "user", "filter"),
    ("read", "log"): ("listlimit", "listOffset", "module", "user", "action", "filter"),
    ("create", "estate"): ("data",),
    ("create", "address"): _ADDRESS_FIELDS,
    ("create", "searchcriteria"): ("addressid", "data"),
    ("create", "agentslog"): ("actionkind", "actiontype", "datetime", "note", "addressids",
                              "estateid", "projectid", "taskid", "appointmentid", "fileids",
                              "userid", "origincontact", "features", "cost", "duration",
                              "advisorylevel", "reasoncancellation"),
    ("create", "relation"): (*_REL, "relationinfo"),
    ("create", "calendar"): ("data", "relatedAddressIds", "relatedEstateId", "location",
                             "subscribers", "reminderTypes"),
    ("create", "task"): ("data", "relatedAddressId", "relatedEstateId", "relatedProjectIds",
                         "responsibilityByGroup", "mailMessageId"),
    ("create", "workinglist"): ("listName", "type", "visibility", "stv_flag", "userId",
                                "groupId", "ids"),
    ("modify", "estate"): ("data",),
    ("modify", "address"): _ADDRESS_FIELDS,
    ("modify", "searchcriteria"): ("data",),
    ("modify", "agentslog"): ("actionkind", "actiontype", "origincontact", "cost", "note",
                              "duration", "features", "datetime"),
    ("modify", "calendar"): ("data", "relatedAddressIds", "replaceAddressIds", "relatedEstateId",
                             "location", "subscribers", "reminderTypes"),
    ("modify", "task"): ("data", "relatedAddressId", "relatedEstateId", "relatedProjectIds"),
    ("modify", "relation"): (*_REL, "relationinfo"),
    ("modify", "fileRelation"): ("relationtype", "parentid", "fileId", "Art", "title", "freetext",
                                 "documentAttribute", "language"),
    ("modify", "timetracking"): ("track", "currentlytracking", "worktimeActive"),
    ("delete", "fileRelation"): ("fileId", "parentid", "relationtype"),
    ("delete", "relation"): _REL,
    ("get", "fields"): ("labels", "language", "modules", "fieldList", "showfieldfilters",
                        "showfielddependencies", "showOnlyInactive", "realDataTypes",
                        "showFieldMeasureFormat"),
    ("get", "search"): ("input", "includecontactdata", "casesensitive", "searchparameter",
                        "listlimit", "sortby", "sortorder", "filterId", "filter",
                        "includeThumbnail", "searchdata", "outputall", "outputfields",
                        "groupbyaddress", "offset", "limit", "order"),
    ("get", "searchcriterias"): ("mode", "ids", "listlimit", "listoffset", "sortby", "sortorder",
                                 "filter"),
    ("get", "searchCriteriaFields"): ("language", "additionalTranslations"),
    ("get", "idsfromrelation"): ("relationtype", "parentids", "childids"),
    ("get", "distinctValues"): ("module", "field", "filter", "filterid", "language"),
    ("get", "filters"): ("module",),
    ("get", "regions"): ("language",),
    ("get", "regionsLiveSearch"): ("searchstring",),
    ("get", "actionkindtypes"): ("allowAutomaticTypesForActionKind",),
    ("get", "file"): ("estateid", "addressid", "appointmentid", "fileid", "listlimit",
                      "listoffset"),
    ("get", "downloadFiles"): ("addressid", "language"),
    ("get", "estatepictures"): ("estateids", "categories", "size", "language"),
    ("get", "users"): ("userfilter", "groupId"),
    ("get", "groups"): ("groupfilter",),
    ("get", "checkuserrecordsright"): ("action", "module", "userid", "recordIds"),
    ("get", "appointmentList"): ("data", "filter"),
    ("get", "appointmentConflicts"): ("data", "relatedAddressIds", "relatedEstateId", "location",
                                      "subscribers"),
    ("get", "calendarResources"): ("filter",),
    ("get", "templates"): ("type", "folderid", "list", "mailtemplateids", "category"),
    ("get", "macroresolve"): ("text", "ishtml", "estateids", "addressids", "appointmentids",
                              "agentlogids"),
    ("get", "getlink"): ("recordId", "type"),
    ("do", "uploadfile"): ("data", "tmpUploadId", "module", "relatedRecordId", "file", "Art",
                           "title", "freetext", "documentAttribute", "url", "position",
                           "setDefaultPublicationRights"),
    ("do", "sendmail"): ("emailidentity", "receiver", "cc", "bcc", "subject", "body",
                         "templateid", "estateids", "useHtml", "attachments"),
    ("do", "appointmentAffirmation"): ("calendarId", "useDefaultMailAccount"),
    ("do", "registerNewsletter"): ("register",),
    ("do", "contactaddress"): ("addressdata", "estateid", "message", "subject", "referrer",
                               "formtype", "recipient", "estatedata", "estateurl"),
    ("do", "unlockProvider"): ("parameterCacheId", "extendedclaim", "isRegularCustomer"),
}  # fmt: skip
# Calls whose docs name listoffset (or listOffset): the ones a second page exists for.
_PAGING_NAMES = frozenset({"listoffset", "listOffset", "offset"})


def _call(verb: str, resourcetype: str) -> dict[str, Any]:
    """One call's entry: its field module, parameters and whether it pages."""
    known = list(PARAMETERS.get((verb, resourcetype), ()))
    for template in TEMPLATES:  # the templates' own parameters are documented ones too
        if template.verb.value == verb and template.resourcetype == resourcetype:
            known += [name for name in template.parameters if name not in known]
    return {
        "module": MODULE_OF.get(resourcetype) if verb != "get" else None,
        "parameters": known,
        "paging": any(name in _PAGING_NAMES for name in known),
    }


def pages_with_listoffset(verb: str, resourcetype: str) -> bool:
    """Whether a next page can be asked for with ``listoffset``: not when the call's known
    parameters lack it (read task has no listoffset and refuses it, read log spells it
    listOffset; shared API notes, section 3.2). A call with no known parameters may."""
    known = _call(verb, resourcetype)["parameters"]
    return not known or "listoffset" in known


def calls_catalogue() -> dict[str, Any]:
    """Every call of the catalogue with its parameters, the filter operators and limits."""
    pairs = dict.fromkeys((t.verb.value, t.resourcetype) for t in TEMPLATES)
    resourcetypes: dict[str, list[str]] = {}
    for verb, resourcetype in pairs:
        listed = resourcetypes.setdefault(verb, [])
        if resourcetype not in listed:
            listed.append(resourcetype)
    return {
        "calls": {f"{verb} {rtype}": _call(verb, rtype) for verb, rtype in pairs},
        "operators": list(OPERATORS),
        "resourcetypes": resourcetypes,
        "max_listlimit": MAX_LISTLIMIT,
    }
