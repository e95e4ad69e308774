"""PHP export with the official onOffice PHP SDK (``composer require onoffice/sdk``)."""

from __future__ import annotations

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.codegen import CodeRequest, Language, describe, fill
from playground.onoffice.codegen.phpliteral import php_array, php_key, php_string, php_value

_CONSTANTS = {verb: "onOfficeSDK::ACTION_ID_" + verb.name for verb in Verb}

_TEMPLATE = r"""<?php
// onOffice API request: __SUMMARY__.
//
// Uses the official onOffice PHP SDK: run `composer require onoffice/sdk` in this
// directory first (the script loads vendor/autoload.php). The SDK signs at run time with
// HMAC v2.__V1_NOTE__ Put the credentials in the environment, never in this file:
//   ONOFFICE_TOKEN=... ONOFFICE_SECRET=... [ONOFFICE_URL=...] php onoffice_request.php
// Prints the results; exits 1 when an action failed.

declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

use onOffice\SDK\onOfficeSDK;

$url = getenv('ONOFFICE_URL') ?: __URL__;
$token = getenv('ONOFFICE_TOKEN');
$secret = getenv('ONOFFICE_SECRET');
if (!$token || !$secret) {
    fwrite(STDERR, "Set ONOFFICE_TOKEN and ONOFFICE_SECRET in the environment.\n");
    exit(1);
}
// The SDK posts to <server><version>/api.php, e.g. https://api.onoffice.de/api/stable/api.php.
if (!preg_match('#^(.*/)([^/]+)/api\.php$#', $url, $parts)) {
    fwrite(STDERR, "ONOFFICE_URL must end in /<version>/api.php, e.g. .../api/stable/api.php\n");
    exit(1);
}

$sdk = new onOfficeSDK();
$sdk->setApiServer($parts[1]);
$sdk->setApiVersion($parts[2]);
$sdk->setApiCurlOptions([CURLOPT_CONNECTTIMEOUT => 10, CURLOPT_TIMEOUT => 60]);

$handles = [];
__CALLS__
$sdk->sendRequests($token, $secret);

$results = [];
foreach ($handles as $handle) {
    $results[] = $sdk->getResponseArray($handle);
}
$errors = $sdk->getErrors();
$flags = JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;
echo json_encode(['results' => $results, 'errors' => array_values($errors)], $flags), "\n";
if ($errors || in_array(null, $results, true)) {
    fwrite(STDERR, "The request failed: see errors above.\n");
    exit(1);
}
"""

_V1_NOTE = (
    "\n// The profile this was exported from signs with HMAC v1; the SDK always signs\n// with v2."
)


_LIST_PARAMETERS = (
    "fwrite(STDERR, \"Action {number}'s parameters have only the keys 0, 1, 2...: the SDK would"
    ' send them as a JSON list. Export this request in another language.\\n");\nexit(1);'
)


def _call(number: int, action: ActionRequest) -> str:
    """One `$handles[] = $sdk->call(...)` statement (callGeneric when ids are empty)."""
    constant = _CONSTANTS[action.verb]
    sorted_parameters = dict(sorted(action.parameters.items()))
    keys = {php_key(key) for key in sorted_parameters}
    if keys and keys == set(range(len(keys))):
        # The SDK takes the parameters as a PHP array and ksorts it (keys 0 to n in any
        # order end as a list), so no (object) cast can keep {"0": ...} an object: refuse
        # rather than send another request.
        return _LIST_PARAMETERS.format(number=number)
    parameters = php_array(sorted_parameters)
    resourcetype = php_string(action.resourcetype)
    if action.resourceid in ("", None) and action.identifier in ("", None):
        return f"$handles[] = $sdk->callGeneric({constant}, {resourcetype}, {parameters});"
    resourceid = php_value(action.resourceid if action.resourceid is not None else "")
    identifier = php_value(action.identifier if action.identifier is not None else "")
    return (
        f"$handles[] = $sdk->call(\n    {constant},\n    {resourceid},\n    {identifier},\n"
        f"    {resourcetype},\n    {php_array(sorted_parameters, 1)}\n);"
    )


def generate(request: CodeRequest) -> str:
    """A PHP script that sends the actions through the SDK and prints their results."""
    calls = [_call(number, a) for number, a in enumerate(request.actions, start=1)]
    values = {
        "__SUMMARY__": describe(request),
        "__V1_NOTE__": _V1_NOTE if request.hmac_version == 1 else "",
        "__URL__": php_string(request.url),
        "__CALLS__": "\n".join(calls),
    }
    return fill(_TEMPLATE, values)


LANGUAGE = Language("php-sdk", "PHP (onOffice SDK)", "onoffice_request_sdk.php", generate)
