"""envdump's app wrapped in CPython's own wsgiref.validate.validator: any PEP 3333 slip of the
server (a non-str environ value, a bad wsgi.input, start_response misuse) raises AssertionError."""
import warnings
from wsgiref.validate import validator, WSGIWarning

import envdump

# the validator's warnings (an environ key missing, a value of the wrong type) fail the request too
warnings.simplefilter('error', WSGIWarning)

app = validator(envdump.app)
