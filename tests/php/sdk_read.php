<?php
// Reads estate pictures, regions and estate field labels through the official onOffice PHP
// SDK (vendored unmodified under tests/vendor/onoffice-sdk) and prints the results as JSON:
// {"results": {"pictures": ..., "regions": ..., "fields": ...}, "errors": {...}}.
//
// Usage: php sdk_read.php <server> <token> <secret>
// <server> is what onOfficeSDK::setApiServer takes: the URL the SDK puts the API version
// and "/api.php" after, e.g. http://127.0.0.1:8000/api/ for .../api/stable/api.php.
// Exits 1 when an action fails, 2 on bad usage; the JSON is printed in either case.

declare(strict_types=1);

// A PSR-4 loader for the SDK's namespace, as its composer.json declares it
// ("onOffice\\SDK\\" => "src"), so that no composer run is needed.
spl_autoload_register(static function (string $class): void {
    $prefix = 'onOffice\\SDK\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $relative = str_replace('\\', '/', substr($class, strlen($prefix)));
    $file = __DIR__ . '/../vendor/onoffice-sdk/src/' . $relative . '.php';
    if (is_file($file)) {
        require $file;
    }
});

use onOffice\SDK\onOfficeSDK;

if ($argc !== 4) {
    fwrite(STDERR, "usage: php sdk_read.php <server> <token> <secret>\n");
    exit(2);
}
[, $server, $token, $secret] = $argv;

$sdk = new onOfficeSDK();
$sdk->setApiVersion('stable');
$sdk->setApiServer($server);
$sdk->setApiCurlOptions([CURLOPT_CONNECTTIMEOUT => 10, CURLOPT_TIMEOUT => 60]);

$handles = [
    // call(): resourceid and identifier given explicitly.
    'pictures' => $sdk->call(
        onOfficeSDK::ACTION_ID_GET,
        '',
        'pictures-116',
        'estatepictures',
        ['estateids' => [116], 'categories' => ['Titelbild', 'Foto']]
    ),
    // callGeneric(): empty resourceid and identifier.
    'regions' => $sdk->callGeneric(onOfficeSDK::ACTION_ID_GET, 'regions', ['language' => 'DEU']),
    'fields' => $sdk->callGeneric(
        onOfficeSDK::ACTION_ID_GET,
        'fields',
        ['labels' => true, 'language' => 'ENG', 'modules' => [onOfficeSDK::MODULE_ESTATE]]
    ),
];

$sdk->sendRequests($token, $secret);

$results = [];
foreach ($handles as $name => $handle) {
    $results[$name] = $sdk->getResponseArray($handle);
}
$errors = $sdk->getErrors();
$flags = JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR;
echo json_encode(['results' => $results, 'errors' => (object) $errors], $flags), "\n";
exit(count($errors) === 0 ? 0 : 1);
