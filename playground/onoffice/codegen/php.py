"""PHP export without the SDK: hash_hmac and the curl extension."""

from __future__ import annotations

from playground.onoffice.codegen import CodeRequest, Language, fill_signing_script, unsigned_action
from playground.onoffice.codegen.phpliteral import php_string, php_value

_TEMPLATE = r"""<?php
// onOffice API request: __SUMMARY__.
//
// Signed at run time (HMAC v__VERSION__); put the credentials in the environment, never in
// this file:
//   ONOFFICE_TOKEN=... ONOFFICE_SECRET=... [ONOFFICE_URL=...] php onoffice_request.php
// Needs PHP 7.4 or newer with the curl and json extensions. Prints the answer; exits 1
// when it failed.

declare(strict_types=1);

$url = getenv('ONOFFICE_URL') ?: __URL__;
$hmacVersion = __VERSION__;

$actions = __ACTIONS__;

// True for the arrays json_encode writes as a JSON list: [] and the keys 0, 1, 2... in order.
function isList(array $value): bool
{
    return $value === [] || array_keys($value) === range(0, count($value) - 1);
}

// What HMAC v1 signs: the API decodes objects to arrays, so an empty one comes back as [].
function phpArrays($value)
{
    if ($value instanceof stdClass) {
        $value = (array) $value;
        return $value ? (object) array_map('phpArrays', $value) : [];
    }
    return is_array($value) ? array_map('phpArrays', $value) : $value;
}

$token = getenv('ONOFFICE_TOKEN');
$secret = getenv('ONOFFICE_SECRET');
if (!$token || !$secret) {
    fwrite(STDERR, "Set ONOFFICE_TOKEN and ONOFFICE_SECRET in the environment.\n");
    exit(1);
}

$timestamp = time();
foreach ($actions as &$action) {
    // Sorted by name byte by byte, as HMAC v1 is computed (ksort would put "9" before
    // "10"); an object even when PHP would make it a list, e.g. {} or {"0": ...}.
    $parameters = (array) $action['parameters'];
    uksort($parameters, fn ($a, $b) => strcmp((string) $a, (string) $b));
    $action['parameters'] = isList($parameters) ? (object) $parameters : $parameters;
    $action['timestamp'] = $timestamp;
    if ($hmacVersion === 2) {
        // base64(HMAC-SHA256(secret, timestamp + token + resourcetype + actionid))
        $message = $timestamp . $token . $action['resourcetype'] . $action['actionid'];
        $action['hmac_version'] = 2;
        $action['hmac'] = base64_encode(hash_hmac('sha256', $message, $secret, true));
    } else {
        // Legacy: md5(secret + md5(parameters as JSON + "," + the fields, comma-joined))
        $fields = [$token, $action['actionid'], $action['identifier'], $action['resourceid'],
            $secret, $timestamp, $action['resourcetype']];
        // With the body's flag: signed over 1 while 1.0 is sent, the HMAC would not match.
        $signed = json_encode(phpArrays($action['parameters']), JSON_PRESERVE_ZERO_FRACTION);
        $inner = md5($signed . ',' . implode(',', $fields));
        $action['hmac'] = md5($secret . $inner);
    }
}
unset($action);

$envelope = ['token' => $token, 'request' => ['actions' => $actions]];
$body = json_encode($envelope, JSON_PRESERVE_ZERO_FRACTION);  // 1.0 stays 1.0, not 1
$curl = curl_init($url);
curl_setopt_array($curl, [
    CURLOPT_POST => true,
    CURLOPT_POSTFIELDS => $body,
    CURLOPT_HTTPHEADER => ['Content-Type: application/json'],
    CURLOPT_RETURNTRANSFER => true,
    CURLOPT_ENCODING => '',
    CURLOPT_CONNECTTIMEOUT => 10,
    CURLOPT_TIMEOUT => 60,
]);
$text = curl_exec($curl);
$httpStatus = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
if ($text === false) {
    fwrite(STDERR, 'Could not reach ' . $url . ': ' . curl_error($curl) . "\n");
    exit(1);
}
if ($httpStatus !== 200) {
    fwrite(STDERR, "HTTP $httpStatus: " . substr($text, 0, 500) . "\n");
    exit(1);
}
$answer = json_decode($text, true);
$flags = JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;
echo json_encode($answer, $flags), "\n";
$results = $answer['response']['results'] ?? [];
$failed = array_filter($results, fn ($r) => ($r['status']['errorcode'] ?? null) !== 0);
if (($answer['status']['code'] ?? null) !== 200 || $failed || count($results) !== count($actions)) {
    fwrite(STDERR, 'The request failed: ' . json_encode($answer['status'] ?? null) . "\n");
    exit(1);
}
"""


def generate(request: CodeRequest) -> str:
    """A PHP script that signs with hash_hmac, posts with curl and prints the answer."""
    actions = php_value([unsigned_action(a) for a in request.actions])
    return fill_signing_script(_TEMPLATE, request, url=php_string(request.url), actions=actions)


LANGUAGE = Language("php", "PHP (curl)", "onoffice_request.php", generate)
