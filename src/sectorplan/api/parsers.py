"""The API's one parser: JSON, with a nesting-depth limit, so a hostile body is a 400 and
never a RecursionError. The size limit is Django's DATA_UPLOAD_MAX_MEMORY_SIZE (DRF reads
the body through `request.body`, which refuses a larger one; `api.errors` makes that 413)."""

import json
import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

#: Deeper nesting than any of our inputs has (a report's answers are three levels deep).
MAX_DEPTH = 64

# What changes the nesting, and what starts or escapes within a string.
_SPECIAL = re.compile(rb'[\[\]{}"\\]')
_OPENING = frozenset(b"[{")
_CLOSING = frozenset(b"]}")


def nesting_exceeds(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text nests arrays and objects deeper than `limit` (brackets within
    strings do not count). One pass over the special characters; stops at the first level
    too deep, so a hostile body costs little."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth, in_string, skip_to = 0, False, -1
    for match in _SPECIAL.finditer(body):
        at = match.start()
        if at < skip_to:
            continue
        char = body[at]
        if in_string:
            if char == ord("\\"):
                skip_to = at + 2
            elif char == ord('"'):
                in_string = False
        elif char == ord('"'):
            in_string = True
        elif char in _OPENING:
            depth += 1
            if depth > limit:
                return True
        elif char in _CLOSING:
            depth -= 1
    return False


def _refuse_constant(name: str):
    raise ValueError(name)


class BoundedJSONParser(JSONParser):
    """DRF's strict JSON parser (NaN and Infinity are refused), with `MAX_DEPTH` and
    messages in the request's language."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read()
        if nesting_exceeds(body):
            raise ParseError(
                _("The body nests deeper than %(limit)s levels.") % {"limit": MAX_DEPTH}
            )
        try:
            return json.loads(body, parse_constant=_refuse_constant)
        except json.JSONDecodeError as exc:
            raise ParseError(
                _("The body is not valid JSON (line %(line)s, column %(column)s).")
                % {"line": exc.lineno, "column": exc.colno}
            ) from exc
        except ValueError as exc:  # not UTF-8, or NaN/Infinity
            raise ParseError(_("The body is not valid JSON.")) from exc
