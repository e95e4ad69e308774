<?php


namespace onOffice\SDK\Exception;

abstract class SDKException extends \Exception { }
