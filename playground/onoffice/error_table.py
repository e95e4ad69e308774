"""The onOffice API's error codes: each code with the message the API sends and a hint.

Data only; ``errors.py`` does the lookup. Codes and messages follow the public list of
onOffice's error texts in the Laravel adapter (innobraingmbh/laravel-onoffice-adapter,
``src/Enums/OnOfficeError.php``): 287 codes from 0 to 304 with gaps (2, 10-12, 33, 66,
118, 120, 128, 140, 147, 157, 195, 197, 200, 234, 280 and 296 are not in it). That list
also has 999 "unknown error", the adapter's own fallback rather than a code onOffice sends,
so it is left out here. The official docs explain only 97 and the status codes; where the
shared API notes say more about a code, the row has a comment.

Messages are kept character for character, typos and all, because they are what the API
puts into ``status.message``. ``%s`` marks where the API inserts a name or value; fill it
only through ``errors.error_message``, never with ``%``-formatting.

Hints say what to check. Codes that integrators rarely meet have an empty hint, and
``errors.explain`` gives them a general one.
"""

from __future__ import annotations

from playground.i18n import N_

_JSON_HINT = N_(
    "The request body is not valid JSON. Check the raw body for syntax errors, stray control "
    "characters and non-UTF-8 bytes."
)
_CONFIG_HINT = N_(
    "The API has no such combination of verb, resourcetype and resourceid. Check the spelling (it "
    "is case-sensitive) and the verb against the catalogue."
)
_FIELD_HINT = N_(
    "A field name in data, filter or sortby does not exist in this module. Field names are "
    "case-sensitive; look them up with a get fields call."
)
_SELECT_HINT = N_(
    "The value is not one of the field's permitted keys. List them with get fields "
    "(permittedvalues); send keys, not labels, and multiselect values as an array."
)
_RIGHTS_HINT = N_(
    "The API user lacks the rights for this record or module. Check the user's rights in onOffice "
    "enterprise; 'only own' records is usually not enough."
)
_RECORD_HINT = N_(
    "The record id does not exist, or the API user may not see it. Check the id and the API "
    "user's rights."
)
_MARKETPLACE_HINT = N_(
    "Marketplace calls need the extendedclaim that onOffice passes to the provider's iframe URL. "
    "Check that you forward it unchanged and that it is recent."
)
_TRANSACTION_HINT = N_(
    "A marketplace payment transaction was refused. Check that the transaction id comes from this "
    "customer's current unlock or order and has not expired."
)
_INTERNAL_HINT = N_(
    "An error inside the API, not a problem with the request's shape. Retry later; if it "
    "persists, send the request to onOffice support."
)
_CLIENT_HINT = N_(
    "This concerns onOffice's management of API clients and their tokens, not the request itself. "
    "Check that the API user and token are active in onOffice enterprise; otherwise ask onOffice "
    "support."
)
_LOGIN_HINT = N_(
    "An onOffice user login was refused. Check the account name and password; repeated failures "
    "lock the account."
)
_MAIL_HINT = N_(
    "A mail call could not find or handle the message. Check the mail account, folder and message "
    "ids against a fresh read of the mailbox."
)
_SEND_MAIL_HINT = N_(
    "The mail was not sent. Check the sender identity, the receivers and the size of the "
    "attachments."
)
_ZPUSH_HINT = N_(
    "This concerns the Z-Push / Outlook synchronisation, which must be enabled for the customer "
    "and the user. Check the sync settings in onOffice enterprise."
)
_PHONE_HINT = N_(
    "Phone, fax and e-mail entries of an address are changed by type and id. Read the address's "
    "contact fields first and use their exact type and id."
)
_ARRAY_HINT = N_(
    "The parameter must be a JSON array, even for a single value: send [5] rather than 5."
)
_ID_LIST_HINT = N_(
    "The parameter must be a JSON array of integer ids, such as [5, 7]; no strings, no nested "
    "lists."
)
_TYPE_HINT = N_(
    "A parameter was sent with the wrong JSON type. Compare the types with the call's docs page: "
    "numbers without quotes, text in quotes, lists as arrays."
)
_PDF_HINT = N_(
    "The PDF could not be produced. Check the template id and the record it is built for; list "
    "templates with get templates."
)
_WORKLIST_HINT = N_(
    "Check listName, type, visibility and ids of the working list against the create workinglist "
    "docs page."
)
_AGENTSLOG_HINT = N_(
    "An activity (agents log) value is not one onOffice knows. Look up the allowed values with "
    "get fields for agentsLog or in onOffice enterprise."
)
_RELATION_HINT = N_(
    "Check relationtype (a full relation URN), parentid and childid; both records must exist and "
    "fit the relation's direction."
)
_DATE_HINT = N_(
    "Check the date parameters' names and format on the call's docs page, and that the start is "
    "not after the end."
)
_LISTLIMIT_HINT = N_(
    "log and recordsLastSeen need an explicit listlimit: an integer from 0 (only the count in "
    "cntabsolute) to 500. The message as onOffice sends it seems to have lost a comparison sign."
)
_FIELD_HINT_TASK = N_(
    "A field name in data does not exist for tasks. Look it up with get fields for the task "
    "module; names are case-sensitive."
)

# Code, message, hint ("" when there is no specific hint). Hand-wrapped: the formatter would
# spread each row over five lines.
# fmt: off
ROWS: tuple[tuple[int, str, str], ...] = (
    (0, "OK", N_("No error: the request or action succeeded.")),
    (1, "Unknown error occurred",
     N_("The server gave no detail. Retry once; if it persists, simplify the action to find the "
     "cause.")),
    (3, "The maximum stack depth has been exceeded",
     N_("The JSON is nested too deeply. Flatten the parameters.")),
    (4, "Invalid or malformed JSON", _JSON_HINT),
    (5, "Control character error, possibly incorrectly encoded", _JSON_HINT),
    (6, "Syntax error", _JSON_HINT),
    (7, "Malformed UTF-8 characters, possibly incorrectly encoded", _JSON_HINT),
    (8, "Unknown error during JSON conversion", _JSON_HINT),
    (9, "Empty request", N_("The POST body was empty. Send the JSON envelope as the raw body.")),
    (13, "Missing or invalid element: token",
     N_("The root element needs a 'token' string: the 32-character API token of the profile.")),
    (14, "Missing or invalid element: request",
     N_("The request envelope is incomplete or has the wrong shape. The root needs a 'request' "
     "object.")),
    (15, "Missing or invalid element: actions",
     N_("The request envelope is incomplete or has the wrong shape. 'request' needs an 'actions' "
     "array with at least one action.")),
    (16, "Missing or invalid attribute: actionid",
     N_("Each action needs an actionid URN ending in read, create, modify, delete, get or do.")),
    (17, "Empty attribute: actionid", N_("The actionid is empty. Pick one of the six verbs.")),
    (18, "Missing or invalid attribute: resourceid",
     N_("Each action needs a 'resourceid' key; it may be an empty string.")),
    (19, "Missing or invalid attribute: resourcetype",
     N_("Each action needs a 'resourcetype' key, such as estate or address.")),
    (20, "Missing or invalid element: parameters",
     N_("Each action needs a 'parameters' object; send {} when there are none.")),
    (21, "Empty parameter name", N_("A key inside parameters is the empty string. Remove or "
                                    "name it.")),
    (22, "Not authenticated",
     N_("The token is unknown or wrong. Check that the profile's token (32 characters) is copied "
     "completely and is still active.")),
    (23, 'Missing configuration for actionId "%s"',
     N_("The actionid is not one the API knows. Use one of the six documented URNs.")),
    (24, 'Missing configuration for resourceId "%s"',
     N_("This resourceid is not valid for the call. Check the docs page for the allowed "
     "sub-resources.")),
    (25, 'Missing configuration for resourceType "%s"', _CONFIG_HINT),
    (26, "Action processor must be an instance of SmartMlInterfaceActionProcessor", _INTERNAL_HINT),
    (27, "Instance of XmlSmartMlData expected", _INTERNAL_HINT),
    (28, "Error during client registration!", _CLIENT_HINT),
    (29, "Error during client removal!", _CLIENT_HINT),
    (30, "Error retrieving client information", _CLIENT_HINT),
    (31, "Error updating client information!", _CLIENT_HINT),
    (32, "Error retrieving client ids", _CLIENT_HINT),
    (34, "Error creating token", _CLIENT_HINT),
    (35, "Error revoking token", _CLIENT_HINT),
    (36, "Error updating token expiration date", _CLIENT_HINT),
    (37, "Error getting token data!", _CLIENT_HINT),
    (38, "Missing authentication type", _CLIENT_HINT),
    (39, "Unknown authentication type", _CLIENT_HINT),
    (40, "Invalid user credentials",
     N_("The credentials behind the token are not valid. Create a new API user or token in "
        "onOffice "
     "enterprise.")),
    (41, "Customer unknown!",
     N_("The token belongs to no known customer. Check the token and whether it is meant for this "
     "API server.")),
    (42, "Customer is not active!",
     N_("The onOffice customer account is inactive. Contact onOffice support.")),
    (43, "User unknown!",
     N_("The API user behind the token no longer exists. Check the API user in onOffice "
        "enterprise.")),
    (44, "Invalid refresh token credentials. Some informations are empty!", _CLIENT_HINT),
    (45, "Refresh token is not valid!", _CLIENT_HINT),
    (46, "Clientid mismatch", _CLIENT_HINT),
    (47, "Client does not exist!", _CLIENT_HINT),
    (48, "Client access revoked!",
     N_("Access for this API client was withdrawn. Check the API user and token in onOffice "
     "enterprise and create a new token if needed.")),
    (49, "Secret is wrong!",
     N_("The secret does not match the token. Check the profile's secret (64 characters) and that "
     "the token belongs to it.")),
    (50, "Missing email identity",
     N_("The mail needs a sender identity: one of the user's mail accounts in onOffice "
        "enterprise.")),
    (51, "Invalid email identity",
     N_("The sender identity is not one of the user's mail accounts. Check the account in onOffice "
     "enterprise.")),
    (52, "List of receivers is not an array",
     N_("Receivers must be a JSON array, even for a single receiver.")),
    (53, "Missing receivers", N_("The mail has no receivers. Add at least one.")),
    (54, "Invalid pdf exposé identifier",
     N_("The PDF exposé template is unknown. Use an identifier from get templates.")),
    (55, "Invalid receivers",
     N_("At least one receiver is not a valid address or e-mail. Check each entry.")),
    (56, "Error during sending mail!", _SEND_MAIL_HINT),
    (57, "Macro needs object and expose!",
     N_("A mail with an exposé macro needs both an estate id and an exposé template.")),
    (58, "Missing message id", _MAIL_HINT),
    (59, "Missing email uid", _MAIL_HINT),
    (60, "Missing email folder", _MAIL_HINT),
    (61, "Error during email retrieval", _MAIL_HINT),
    (62, "Email does not exist (anymore)", _MAIL_HINT),
    (63, "Mismatching message id", _MAIL_HINT),
    (64, "Wrong format for addressId",
     N_("addressId must be an integer address id (or an array of them where the call allows it).")),
    (65, "Wrong format for estateId",
     N_("estateId must be an integer estate id (or an array of them where the call allows it).")),
    (67, "Index must be positiv!", N_("The index must be a positive number.")),
    (68, "Index must be numeric!", N_("The index must be a number, not a string.")),
    (69, "Search cannot be empty", N_("The search needs a non-empty input term.")),
    (70, "Error fetching record entries",
     N_("The API could not read the records. Retry; if it persists, simplify filter and data to "
        "find "
     "the part it fails on.")),
    (71, "Missing template type",
     N_("get templates needs a type. Check the allowed types on its docs page.")),
    (72, "Invalid template type",
     N_("The template type is not one the call knows. Check the allowed types on the docs page.")),
    (73, "EstateIds must be an array", _ARRAY_HINT),
    (74, "Given element or parameter was expected to be an array", _ARRAY_HINT),
    (75, 'Unknown field: "%s"', _FIELD_HINT),
    (76, "Invalid multiselect key: %s", _SELECT_HINT),
    (77, "Invalid singleselect key: %s", _SELECT_HINT),
    (78, "Entry could not be created",
     N_("The record was rejected. Check mandatory fields, select values and the API user's create "
     "rights.")),
    (79, "Missing record id", N_("This call needs a record id, usually in resourceid.")),
    (80, "Unknown record. Record may not exist or the permission rights are not set accordingly "
     "for this action.",
     _RECORD_HINT),
    (81, "Missing type for address phone action", _PHONE_HINT),
    (82, "Invalid type for address phone action", _PHONE_HINT),
    (83, "Unknown address phone record", _PHONE_HINT),
    (84, "Invalid address phone record", _PHONE_HINT),
    (85, "Missing address phone value", _PHONE_HINT),
    (86, "Missing address phone record identifier", _PHONE_HINT),
    (87, "Ambiguous address phone record identifier", _PHONE_HINT),
    (88, "Entry could not be modified",
     N_("The change was rejected. Check the record id, field values and the API user's write "
        "rights.")),
    (89, "Missing device type", ""),
    (90, "Unknown device type", ""),
    (91, "Start date missing",
     N_("The call needs a start date (for reading appointments: datestart). Check the parameter's "
     "name and date format on the call's docs page.")),
    (92, "End date missing",
     N_("The call needs an end date (for reading appointments: dateend). Check the parameter's "
        "name "
     "and date format on the call's docs page.")),
    (93, "Start date is greater than end date", _DATE_HINT),
    (94, 'Unknown email folder "%s"', _MAIL_HINT),
    (95, "Unknown search criteria",
     N_("The search criteria id is unknown. Read the address's search criteria to get valid ids.")),
    (96, "Missing address record id",
     N_("This call needs an address id. Check the parameter name on the docs page.")),
    (97, "Error in action",
     N_("At least one action failed. Read each action's own status for the real error code.")),
    (98, "Missing relation to address and/or estate record",
     N_("The activity must be linked to an address and/or an estate. Add addressids or estateid.")),
    (99, "Address record ids not in array", _ID_LIST_HINT),
    (100, 'Unknown kind of action "%s"', _AGENTSLOG_HINT),
    (101, 'Unknown type of action "%s"', _AGENTSLOG_HINT),
    (102, "Missing accountname or password", _LOGIN_HINT),
    (103, "Unknown account", _LOGIN_HINT),
    (104, "User is not active",
     N_("The user is deactivated in onOffice enterprise. Use an active user.")),
    (105, "Username or password incorrect. 4 tries remaining", _LOGIN_HINT),
    (106, "Username or password incorrect. 3 tries remaining", _LOGIN_HINT),
    (107, "Username or password incorrect. 2 tries remaining", _LOGIN_HINT),
    (108, "Username or password incorrect. 1 try remaining", _LOGIN_HINT),
    (109, "Missing registry key", ""),
    (110, "Missing estate record id",
     N_("This call needs an estate id. Check the parameter name on the docs page.")),
    (111, "Missing or invalid data for PDF generation", _PDF_HINT),
    (112, "PDF generation failed", _PDF_HINT),
    (113, "Missing note", N_("The call needs a note text. Add it to the parameters.")),
    (114, "Missing file name", N_("The file needs a name with an extension, such as expose.pdf.")),
    (115, "PDF data null after generation", _PDF_HINT),
    (116, "Missing date",
     N_("The call needs a date. Check the parameter's name and date format on the call's docs "
        "page.")),
    (117, "Missing appointment ID", N_("The call needs an appointment id.")),
    (119, "Missing effective date",
     N_("The call needs an effective date. Check the parameter's name and date format on the "
        "call's "
     "docs page.")),
    (121, "Invalid appointment id",
     N_("The appointment id does not exist or is not visible to the API user. Read the calendar to "
     "get valid ids.")),
    (122, "Invalid date", _DATE_HINT),
    (123, "Error closing appointment tracking entry", ""),
    (124, "Error creating appointment tracking entry", ""),
    (125, "Missing text for resolver", ""),
    (126, "Text resolving failed", ""),
    (127, "File not found",
     N_("The file id or path does not exist for this record. List the record's files with get file "
     "first.")),
    (129, "Fileupload is missing temporary upload file",
     N_("The upload id is unknown or used up. Upload the data again to get a fresh tmpUploadId; "
        "each "
     "one works only once.")),
    (130, "No survey id or no survey with given id found in database", ""),
    (131, "Address creation without proper user rights", _RIGHTS_HINT),
    (132, "No or unknown relation given",
     N_("The relationtype is missing or not a known relation URN, e.g. "
     "urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:owner.")),
    (133, "No email for given message id", _MAIL_HINT),
    (134, "Type of user not allowed for login", _LOGIN_HINT),
    (135, "Unknown login state", _LOGIN_HINT),
    (136, "Your timestamp is too old or your server time is wrong.",
     N_("The timestamp is more than 120 seconds off the API's clock. Check this server's clock; an "
     "offset of one or two hours points to a time zone or summer time problem.")),
    (137, "The HMAC is invalid.",
     N_("The secret does not match the token: check the profile's secret (64 characters) and that "
     "the token (32 characters) belongs to it.")),
    (138, "Unknown field in task data", _FIELD_HINT_TASK),
    (139, 'Missing params "picture categories" or "estateids"',
     N_("The call needs categories or estateids. Add at least one of them.")),
    (141, "Unknown field: %s", _FIELD_HINT),
    (142, "Unknown operator: %s",
     N_("A filter 'op' is not supported. Use is, =, >, <, >=, <=, !=, <>, between, like, not like, "
     "in or not in.")),
    (143, "Unknown field in estate data: %s", _FIELD_HINT),
    (144, 'Invalid field in input data: "%s"', _FIELD_HINT),
    (145, "Unknown field: %s", _FIELD_HINT),
    (146, "Invalid recipient", _SEND_MAIL_HINT),
    (148, "No mails sent", _SEND_MAIL_HINT),
    (149, "No read permission for this estate", _RIGHTS_HINT),
    (150, "Username or password incorrect. Account disabled",
     N_("The account was locked after too many failed logins. An administrator must unlock it in "
     "onOffice enterprise.")),
    (151, "The search string has not enough characters",
     N_("The search term is too short. Send a few more characters.")),
    (152, "Unsupported address completion mode", ""),
    (153, "Token data by given access token invalid", ""),
    (154, "Unknown calendar field",
     N_("A calendar field name is unknown. Look it up with get fields for the calendar module.")),
    (155, "Missing permission check in action processor", _INTERNAL_HINT),
    (156, "Access violation",
     N_("The call is not allowed for this API user. Check the user's rights and the call's docs.")),
    (158, "Access from this IP not allowed",
     N_("The API user is restricted to certain IP addresses. Allow the playground server's IP in "
     "onOffice enterprise.")),
    (159, "Error from call to pdftk", _INTERNAL_HINT),
    (160, 'Invalid language: "%s"',
     N_("Languages are three-letter ISO codes in upper case, such as DEU or ENG.")),
    (161, "Document attribute exists",
     N_("The document attribute is already set on another file of this record. Pick another or "
        "clear "
     "the other file's attribute.")),
    (162, "Invalid file type",
     N_("The file type is not accepted here. Check the file extension and the 'Art' you send "
        "against "
     "what the module allows.")),
    (163, "Invalid name for module",
     N_("The module name is not one the call knows. Check the spelling, e.g. estate, address, "
     "agentsLog.")),
    (164, "Incomplete parameters for geo range search",
     N_("georangesearch needs a radius plus either country and zip or city, or latitude and "
     "longitude, all as strings.")),
    (165, "Tried to send a message to a unknown user/room", ""),
    (166, "Error finding dependent field values", _INTERNAL_HINT),
    (167, 'Missing parameter "%s"',
     N_("A mandatory parameter of this call is missing. Compare with the template or the docs "
        "page.")),
    (168, "Entry could not be deleted",
     N_("The delete was rejected. Check the id and the API user's delete rights.")),
    (169, "Appointment not found",
     N_("The appointment id does not exist or is not visible to the API user.")),
    (170, "No read permission for this user", _RIGHTS_HINT),
    (171, "No singleselect- or multiselect field",
     N_("The field is not a select field, so it has no permitted values. Check the field name and "
     "its type with get fields.")),
    (172, "Invalid image format",
     N_("Check that the file is a common image format such as JPEG or PNG and that its base64 data "
     "is complete.")),
    (173, "Could not create relation between address and estate", _RELATION_HINT),
    (174, "Missing permission to perform modify call", _RIGHTS_HINT),
    (175, "Customer context switch failed", _INTERNAL_HINT),
    (176, "User context switch failed", _INTERNAL_HINT),
    (177, "Parameter cache does not exist", _INTERNAL_HINT),
    (178, "Missing entries in parameter cache", _INTERNAL_HINT),
    (179, "Could not create relation cause of invalid relationinfos",
     N_("relationinfo does not fit this relation type. Check its keys on the create relation docs "
     "page, or leave it out.")),
    (180, "Could not modify relation, relation does not exist",
     N_("There is no such relation to modify. Check parentid, childid and relationtype with get "
     "idsfromrelation.")),
    (181, "Could not modify relation, invalid relationinfos given",
     N_("relationinfo does not fit this relation type. Check its keys on the modify relation docs "
     "page.")),
    (182, "Could not modify relation, relation is not updateable",
     N_("This relation type carries no relationinfo that could be changed. Delete and create the "
     "relation instead.")),
    (183, "User access not granted", _RIGHTS_HINT),
    (184, "User id is not existing or inactive",
     N_("The user id does not exist or the user is inactive. Read the users to get valid ids.")),
    (185, "Missing or invalid record ids",
     N_("An id list is missing or holds something other than integer ids.")),
    (186, "Userid must be an integer", N_("The user id must be an integer, not a string or a "
                                          "name.")),
    (187, "Given element or parameter was not expected to be an array",
     N_("The parameter must be a single value, not an array.")),
    (188, "The user data could not be found", N_("The user record was not found. Check the user "
                                                 "id.")),
    (189, "The transaction could not be found", _TRANSACTION_HINT),
    (190, "The time to call the transaction has expired", _TRANSACTION_HINT),
    (191, "No read access to email template", _RIGHTS_HINT),
    (192, "Tried to read messages from an unknown user/room", ""),
    (193, "Parameter extendedclaim is required, but missing, empty or invalid", _MARKETPLACE_HINT),
    (194, "Wrong type for at least one of %s", _TYPE_HINT),
    (196, "Parameter objids is required, but missing",
     N_("The call needs objids, the estate ids it works on.")),
    (198, "Resourceid %s is no main Id",
     N_("The resourceid must be the id of a main record, not of a sub-record or a wrong module.")),
    (199, "Not implemented",
     N_("The API does not implement this combination. Check the call's docs page.")),
    (201, 'Parameter "extendedclaim" is outdated', _MARKETPLACE_HINT),
    (202, "Invalid username or password for Z-Push login", _ZPUSH_HINT),
    (203, "Z-Push account locked. Too many invalid login requests", _ZPUSH_HINT),
    (204, "Unknown searchcriteria mode",
     N_("The mode is not one the call knows. Use internal, external, searchcriteria or filter.")),
    (205, "Transaction-Id does not match to the customer: %s!", _TRANSACTION_HINT),
    (206, "Unknown Z-Push address phone mapping %s", _ZPUSH_HINT),
    (207, "Empty Z-Push address phone mapping", _ZPUSH_HINT),
    (208, "Using parameter zpmapping is not allowed when using other parameters for "
     "phone/fax/email.",
     _ZPUSH_HINT),
    (209, "Missing key value(s) in zpmapping: %s.", _ZPUSH_HINT),
    (210, "Transaction can't be refunded: %s.", _TRANSACTION_HINT),
    (211, "Email could not be sent!", _SEND_MAIL_HINT),
    (212, "Unknown sort field.",
     N_("A sortby field does not exist or cannot be sorted. Field names are case-sensitive.")),
    (213, "Invalid filename",
     N_("The file name is missing or has characters onOffice rejects. Use a plain name with an "
     "extension, such as expose.pdf.")),
    (214, "Invalid price format!",
     N_("Send prices as plain numbers, without currency signs, units or thousands separators.")),
    (215, "Parameter %s must not be null!",
     N_("The named parameter may not be null. Leave it out or give it a value.")),
    (216, "Sync module for customer is not active!", _ZPUSH_HINT),
    (217, "Sync (Outlooksync) flag for enterprise user is disabled!", _ZPUSH_HINT),
    (218, "ZPush is not active for this user!", _ZPUSH_HINT),
    (219, "n:n relations are not allowed",
     N_("This relation type does not allow several parents and several children at once. Send a "
     "single parentid or a single childid.")),
    (220, "unknown origincontact: %s", _AGENTSLOG_HINT),
    (221, "unknown feature: %s", _AGENTSLOG_HINT),
    (222, "invalid value for cost: not numeric or less than 0: %s",
     N_("cost must be a number of 0 or more.")),
    (223, "invalid value for duration: not numeric or less than 0: %s",
     N_("duration must be a number of 0 or more.")),
    (224, "can not set reason of cancellation: advisory level missing",
     N_("A reason of cancellation needs an advisory level too. Add advisorylevel.")),
    (225, "unknown advisory level: %s", _AGENTSLOG_HINT),
    (226, "unknown reason of cancelation: %s", _AGENTSLOG_HINT),
    (227, "Given element or parameter was expected to be a string: %s", _TYPE_HINT),
    (228, "Given element or parameter was expected to be an integer: %s", _TYPE_HINT),
    (229, "Given element or parameter was expected to be an float: %s", _TYPE_HINT),
    (230, "missing date interval",
     N_("The call needs a date interval. Check the parameter's name and date format on the call's "
     "docs page.")),
    (231, "invalid date interval", _DATE_HINT),
    (232, "Multiselect fields can only be filtered with =, !=, like, not like, in and not in",
     N_("Use one of those operators on multiselect fields; ranges and comparisons do not apply.")),
    (233, "missing email template",
     N_("The call needs a mail template id. List the templates with get templates.")),
    (235, "Unknown record id %s", _RECORD_HINT),
    (236, 'Parameter "data" must be of type string',
     N_("data must be a string here, not an array or object. Check the call's docs page.")),
    (237, "Missing Filter Beratungsebene for %s",
     N_("The filter needs the advisory level (Beratungsebene) for the named module.")),
    (238, "the attachment is too big",
     N_("The file is too big for an attachment. Send a smaller file or a link.")),
    (239, "Upload failed. Estate already has a title picture.",
     N_("An estate has only one title picture. Upload the file with another type (e.g. Foto) or "
     "change the existing title picture first.")),
    (240, "Call for Marketplace Api-Users not allowed",
     N_("Marketplace API users may not use this call. Use a regular API user.")),
    (241, "Filters can only be used when reading out appointments of a period.",
     N_("Filters only work when you read appointments of a period. Add datestart and dateend.")),
    (242, "Error while sending. The size of the attachment may have been exceeded.",
     _SEND_MAIL_HINT),
    # What "%s" names in 243 is not documented anywhere (shared API notes, open questions),
    # so the hint does not guess which element it is.
    (243, 'The HMAC is invalid. "%s" should be passed as string',
     N_("A signed value was sent with a JSON type other than string. onOffice does not document "
     "which element the name stands for; send it as a JSON string and compare the envelope with "
     "the docs' example.")),
    (244, "When attaching an exposé only one pdf letter can be attached",
     N_("An exposé mail can carry only one PDF letter. Attach only one.")),
    (245, "No read access to pdf form", _RIGHTS_HINT),
    (246, "No read access to pdf letter", _RIGHTS_HINT),
    (247, "Missing or invalid element: action",
     N_("The request envelope is incomplete or has the wrong shape. Every entry of 'actions' "
        "must be "
     "an object.")),
    (248, "No matching extendedclaim", _MARKETPLACE_HINT),
    (249, "Invalid zpushuuid", _ZPUSH_HINT),
    (250, "Maximum length (300) of zpushuuid exceeded", _ZPUSH_HINT),
    (251, "Unknown user %s", N_("The user id or name is unknown. Read the users to get valid "
                                "values.")),
    (252, 'Unknown value in select field "%s"', _SELECT_HINT),
    (253, "No access to %s", _RIGHTS_HINT),
    (254, 'Missing mandatory field "%s"',
     N_("A field required for this record type is missing from data.")),
    (255, 'Invalid value for parameter "%s"',
     N_("The parameter has a value the call does not accept. Check the allowed values on the docs "
     "page.")),
    # The shared API notes doubt this text ("must be 0" probably lost a ">"); 0 is allowed and
    # returns only the count. The message stays as onOffice sends it; the hint explains.
    (256, "Parameter listlimit is mandatory and must be 0.", _LISTLIMIT_HINT),
    (257, "An error occurred while validating the filter: %s",
     N_('The filter is malformed. Use {field: [{"op": ..., "val": ...}]}; in and between take '
     "arrays.")),
    (258, "The default entry for %s must be passed also as normal, private or business entry!",
     _PHONE_HINT),
    (259, "An error occurred modifying the default entry: %s", _PHONE_HINT),
    (260, "The default entry for phone must be passed also as normal, private, business or mobile "
     "entry!",
     _PHONE_HINT),
    (261, "Missing write right for address(es) with id(s) %s", _RIGHTS_HINT),
    (262, "Missing write right for estate(s) with id(s) %s", _RIGHTS_HINT),
    (263, "Address must be a real estate agent",
     N_("The address must be marked as a real estate agent. Use another address or change it in "
     "onOffice enterprise.")),
    (264, "Too many items in worklist", _WORKLIST_HINT),
    (265, "Too few items in worklist", _WORKLIST_HINT),
    (266, "WorkingList name already exists", _WORKLIST_HINT),
    (267, "Cannot set visibility", _WORKLIST_HINT),
    (268, "Cannot set STV Flag", _WORKLIST_HINT),
    (269, "WorkingList type not allowed", _WORKLIST_HINT),
    (270, "Wrong parameter type for %s", _TYPE_HINT),
    (271, "Invalid web exposé identifier",
     N_("The web exposé identifier is unknown. Check it in onOffice enterprise.")),
    (272, "Invalid Group ID", N_("The group id is unknown. Read the user groups to get valid "
                                 "ids.")),
    (273, "WorkingList name cannot be empty", _WORKLIST_HINT),
    (274, "Mail already deleted", _MAIL_HINT),
    (275, "Mail couldn’t be deleted", _MAIL_HINT),
    (276, "Mail could not be found", _MAIL_HINT),
    (277, "Mail couldn’t be moved", _MAIL_HINT),
    (278, "Deauthenticate can only be called at the end", ""),
    (279, "Unknown resourceId",
     N_("The resourceid is not valid here. Check the sub-resource or record id.")),
    (281, "Flag could not be set", ""),
    (282, "No valid parameter given!",
     N_("None of the parameters sent is one this call uses. Check the names on the docs page.")),
    (283, "Email could not be found!", _MAIL_HINT),
    (284, "The requested filterid %s is unknown",
     N_("filterid names a filter that does not exist for this module or user. List the saved "
        "filters "
     "with get filters.")),
    (285, "Mail could not be loaded", _MAIL_HINT),
    (286, "User %s is not active",
     N_("The named user is deactivated in onOffice enterprise. Use an active user.")),
    (287, "Folder not found!", _MAIL_HINT),
    (288, "Start modified date is greater than end modified date",
     N_("The start of the modified period lies after its end. Swap modifiedstart and "
        "modifiedend.")),
    (289, "Missing date period",
     N_("The call needs a period. Check the parameter's name and date format on the call's docs "
     "page.")),
    (290, "Parameter location holds wrong values - Keys address, estate, user and group must "
     "carry integer values",
     N_("location takes the keys address, estate, user and group, each with an integer id.")),
    (291, "Fieldname is not a string",
     N_("Field names must be strings. Check data and fieldList for numbers or nested lists.")),
    (292, "Unknown address record id. Record may not exist or the permission rights are not set "
     "accordingly for this action.",
     _RECORD_HINT),
    (293, "Unknown estate record id. Record may not exist or the permission rights are not set "
     "accordingly for this action.",
     _RECORD_HINT),
    (294, "Invalid data type for parameter %s", _TYPE_HINT),
    (295, "Given groups has to be an array of IDs", _ID_LIST_HINT),
    (297, "Either addressId or addressIds is allowed. Both are given.",
     N_("Send either addressId or addressIds, not both.")),
    (298, "AddressIds must be of type array", _ID_LIST_HINT),
    (299, "AddressIds values must be of type integer", _ID_LIST_HINT),
    (300, "Invalid address phone value", _PHONE_HINT),
    (301, "Given users has to be an array of IDs", _ID_LIST_HINT),
    (302, "This action support only up to 500 Ids",
     N_("Split the id list into chunks of at most 500.")),
    (303, "Error creating request", _INTERNAL_HINT),
    (304, "Module and view parameters must not be empty",
     N_("The call needs both module and view. Fill in both.")),
)
# fmt: on
