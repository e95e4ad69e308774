"""Error codes of the onOffice API: the API's own messages plus playground hints.

Message texts follow the code list in the shared API notes (section 2.2), whose
source is the third-party Laravel adapter's error enum; the official docs only
explain 97 and the top-level status codes. Hints are written for this
playground and say what a user should check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

DOCS_ERROR_PAGE = "https://apidoc.onoffice.de/fehler/"


@dataclass(frozen=True)
class ErrorInfo:
    """One error code: the API's message template and a hint for playground users."""

    code: int
    message: str
    hint: str


_JSON_HINT = (
    "The request body is not valid JSON. Check the raw body for syntax errors, "
    "stray control characters and non-UTF-8 bytes."
)
_FIELD_HINT = (
    "A field name in data, filter or sortby does not exist in this module. "
    "Field names are case-sensitive; look them up with a get fields call."
)
_RIGHTS_HINT = (
    "The API user lacks the rights for this record or module. Check the user's "
    "rights in onOffice enterprise; 'only own' records is usually not enough."
)
# The API appends this sentence to its unknown-record messages.
_MAY_NOT_EXIST = (
    "Record may not exist or the permission rights are not set accordingly for this action."
)
_RECORD_HINT = (
    "The record id does not exist, or the API user may not see it. Check the id "
    "and the API user's rights."
)
_MARKETPLACE_HINT = (
    "Marketplace calls need the extendedclaim that onOffice passes to the "
    "provider's iframe URL. Check that you forward it unchanged and that it is recent."
)

# Code, message, hint; hand-wrapped because the formatter would spread each row over five lines.
# fmt: off
_TABLE: tuple[tuple[int, str, str], ...] = (
    (0, "OK", "No error: the request or action succeeded."),
    (1, "Unknown error occurred",
     "The server gave no detail. Retry once; if it persists, simplify the action to find the "
     "cause."),
    (3, "The maximum stack depth has been exceeded",
     "The JSON is nested too deeply. Flatten the parameters."),
    (4, "Invalid or malformed JSON", _JSON_HINT),
    (5, "Control character error, possibly incorrectly encoded", _JSON_HINT),
    (6, "Syntax error", _JSON_HINT),
    (7, "Malformed UTF-8 characters, possibly incorrectly encoded", _JSON_HINT),
    (8, "Unknown error during JSON conversion", _JSON_HINT),
    (9, "Empty request", "The POST body was empty. Send the JSON envelope as the raw body."),
    (13, "Missing or invalid element: token",
     "The root element needs a 'token' string: the 32-character API token of the profile."),
    (14, "Missing or invalid element: request",
     "The request envelope is incomplete or has the wrong shape. The root needs a 'request' "
     "object."),
    (15, "Missing or invalid element: actions",
     "The request envelope is incomplete or has the wrong shape. 'request' needs an 'actions' "
     "array with at least one action."),
    (16, "Missing or invalid attribute: actionid",
     "Each action needs an actionid URN ending in read, create, modify, delete, get or do."),
    (17, "Empty attribute: actionid", "The actionid is empty. Pick one of the six verbs."),
    (18, "Missing or invalid attribute: resourceid",
     "Each action needs a 'resourceid' key; it may be an empty string."),
    (19, "Missing or invalid attribute: resourcetype",
     "Each action needs a 'resourcetype' key, such as estate or address."),
    (20, "Missing or invalid element: parameters",
     "Each action needs a 'parameters' object; send {} when there are none."),
    (21, "Empty parameter name", "A key inside parameters is the empty string. Remove or name it."),
    (22, "Not authenticated",
     "The token is unknown or wrong. Check that the profile's token (32 characters) is copied "
     "completely and is still active."),
    (23, 'Missing configuration for actionId "%s"',
     "The actionid is not one the API knows. Use one of the six documented URNs."),
    (24, 'Missing configuration for resourceId "%s"',
     "This resourceid is not valid for the call. Check the docs page for the allowed "
     "sub-resources."),
    (25, 'Missing configuration for resourceType "%s"',
     "The API has no such combination of verb and resourcetype. Check the spelling (it is "
     "case-sensitive) and the verb against the catalogue."),
    (40, "Invalid user credentials",
     "The credentials behind the token are not valid. Create a new API user or token in onOffice "
     "enterprise."),
    (41, "Customer unknown!",
     "The token belongs to no known customer. Check the token and whether it is meant for this "
     "API server."),
    (42, "Customer is not active!",
     "The onOffice customer account is inactive. Contact onOffice support."),
    (43, "User unknown!",
     "The API user behind the token no longer exists. Check the API user in onOffice enterprise."),
    (75, 'Unknown field: "%s"', _FIELD_HINT),
    (76, "Invalid multiselect key: %s",
     "A multiselect value is not one of the field's permitted keys. List them with get fields."),
    (77, "Invalid singleselect key: %s",
     "A singleselect value is not one of the field's permitted keys. List them with get fields."),
    (78, "Entry could not be created",
     "The record was rejected. Check mandatory fields, select values and the API user's create "
     "rights."),
    (79, "Missing record id", "This call needs a record id, usually in resourceid."),
    (80, "Unknown record. " + _MAY_NOT_EXIST, _RECORD_HINT),
    (88, "Entry could not be modified",
     "The change was rejected. Check the record id, field values and the API user's write rights."),
    (97, "Error in action",
     "At least one action failed. Read each action's own status for the real error code."),
    (132, "No or unknown relation given",
     "The relationtype is missing or not a known relation URN, e.g. "
     "urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:owner."),
    (136, "Your timestamp is too old or your server time is wrong.",
     "The timestamp is more than 120 seconds off the API's clock. Check this server's clock; an "
     "offset of one or two hours points to a time zone or summer time problem."),
    (137, "The HMAC is invalid.",
     "The secret does not match the token: check the profile's secret (64 characters) and that "
     "the token (32 characters) belongs to it."),
    (141, "Unknown field: %s", _FIELD_HINT),
    (142, "Unknown operator: %s",
     "A filter 'op' is not supported. Use is, =, >, <, >=, <=, !=, <>, between, like, not like, "
     "in or not in."),
    (143, "Unknown field in estate data: %s", _FIELD_HINT),
    (145, "Unknown field: %s", _FIELD_HINT),
    (149, "No read permission for this estate", _RIGHTS_HINT),
    (156, "Access violation",
     "The call is not allowed for this API user. Check the user's rights and the call's docs."),
    (158, "Access from this IP not allowed",
     "The API user is restricted to certain IP addresses. Allow the playground server's IP in "
     "onOffice enterprise."),
    (160, 'Invalid language: "%s"',
     "Languages are three-letter ISO codes in upper case, such as DEU or ENG."),
    (164, "Incomplete parameters for geo range search",
     "georangesearch needs a radius plus either country and zip or city, or latitude and "
     "longitude, all as strings."),
    (167, 'Missing parameter "%s"',
     "A mandatory parameter of this call is missing. Compare with the template or the docs page."),
    (168, "Entry could not be deleted",
     "The delete was rejected. Check the id and the API user's delete rights."),
    (170, "No read permission for this user", _RIGHTS_HINT),
    (174, "Missing permission to perform modify call", _RIGHTS_HINT),
    (183, "User access not granted", _RIGHTS_HINT),
    (185, "Missing or invalid record ids",
     "An id list is missing or holds something other than integer ids."),
    (193, "Parameter extendedclaim is required, but missing, empty or invalid", _MARKETPLACE_HINT),
    (201, 'Parameter "extendedclaim" is outdated', _MARKETPLACE_HINT),
    (212, "Unknown sort field.",
     "A sortby field does not exist or cannot be sorted. Field names are case-sensitive."),
    (232, "Multiselect fields can only be filtered with =, !=, like, not like, in and not in",
     "Use one of those operators on multiselect fields; ranges and comparisons do not apply."),
    (235, "Unknown record id %s", _RECORD_HINT),
    (243, 'The HMAC is invalid. "%s" should be passed as string',
     "The named field was sent with the wrong JSON type, such as a number; send it as a JSON "
     "string."),
    (247, "Missing or invalid element: action",
     "The request envelope is incomplete or has the wrong shape. Every entry of 'actions' must be "
     "an object."),
    (248, "No matching extendedclaim", _MARKETPLACE_HINT),
    (252, 'Unknown value in select field "%s"',
     "The value is not one of the field's permitted values. List them with get fields."),
    (254, 'Missing mandatory field "%s"',
     "A field required for this record type is missing from data."),
    (255, 'Invalid value for parameter "%s"',
     "The parameter has a value the call does not accept. Check the allowed values on the docs "
     "page."),
    (256, "Parameter listlimit is mandatory and must be 0.",
     "Calls such as log and recordsLastSeen need an explicit listlimit; 0 returns only the "
     "count."),
    (257, "An error occurred while validating the filter: %s",
     'The filter is malformed. Use {field: [{"op": ..., "val": ...}]}; '
     "in and between take arrays."),
    (261, "Missing write right for address(es) with id(s) %s", _RIGHTS_HINT),
    (262, "Missing write right for estate(s) with id(s) %s", _RIGHTS_HINT),
    (279, "Unknown resourceId",
     "The resourceid is not valid here. Check the sub-resource or record id."),
    (292, "Unknown address record id. " + _MAY_NOT_EXIST, _RECORD_HINT),
    (293, "Unknown estate record id. " + _MAY_NOT_EXIST, _RECORD_HINT),
    (302, "This action support only up to 500 Ids",
     "Split the id list into chunks of at most 500."),
)
# fmt: on

ERRORS: Mapping[int, ErrorInfo] = MappingProxyType(
    {code: ErrorInfo(code, message, hint) for code, message, hint in _TABLE}
)

STATUS_CODES: Mapping[int, str] = MappingProxyType(
    {200: "OK", 400: "not authenticated", 500: "server error"}
)


def explain(code: int) -> ErrorInfo:
    """Return the info for a code, or a generic entry for codes not in the table."""
    known = ERRORS.get(code)
    if known is not None:
        return known
    return ErrorInfo(
        code=code,
        message=f"Unknown error code {code}",
        hint=(
            "The playground has no text for this code. Look it up in the "
            f"onOffice API docs ({DOCS_ERROR_PAGE}) or ask onOffice support."
        ),
    )


def error_message(code: int, *args: str) -> str:
    """Return the API message for a code with its %s placeholders filled in order.

    Missing arguments leave an empty string, so a caller never gets a raw %s.
    """
    # Splitting on the placeholder avoids %-formatting surprises from a literal % in a message.
    pieces = explain(code).message.split("%s")
    values = [*args, *([""] * len(pieces))]
    out = [pieces[0]]
    for index, piece in enumerate(pieces[1:]):
        out.append(values[index])
        out.append(piece)
    return "".join(out)
