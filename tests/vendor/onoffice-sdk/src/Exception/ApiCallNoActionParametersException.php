<?php


namespace onOffice\SDK\Exception;

class ApiCallNoActionParametersException extends SDKException {}
