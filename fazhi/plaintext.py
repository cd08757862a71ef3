"""What text Fazhi stores and prints: no control characters but the line break and the tab.

A NUL, a terminal escape (ESC), a vertical tab or a bidi override in a narrative breaks
reports (XML forbids most C0 characters), logs and screens, or makes a text read other
than it is written (Trojan Source). Input refuses them; renderers drop any stored before.
"""

from __future__ import annotations

import re

# C0 but tab, line feed and a carriage return ending a line (CRLF); DEL and C1; the bidi embeddings,
# overrides and isolates (U+202A–U+202E, U+2066–U+2069).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def first_control_character(text: str) -> str | None:
    """The first character of `text` that is not allowed in stored text, or None."""
    found = _CONTROL.search(text)
    return found.group()[0] if found else None


def describe(char: str) -> str:
    """`U+000B`: how an error names a character that cannot be shown."""
    return f"U+{ord(char):04X}"


def without_control_characters(text: str) -> str:
    """`text` with every character `first_control_character` would name removed (for renderers)."""
    return _CONTROL.sub("", text)
