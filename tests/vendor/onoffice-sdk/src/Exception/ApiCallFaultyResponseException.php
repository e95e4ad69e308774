<?php


namespace onOffice\SDK\Exception;

class ApiCallFaultyResponseException extends SDKException {}
