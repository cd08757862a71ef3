"""Specification of stored text: line breaks and tabs are text; other control characters are not."""

from __future__ import annotations

import pytest

from fazhi.plaintext import describe, first_control_character, without_control_characters


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u202a", "\u202e",
                                  "\u2066", "\u2069", "\r"])
def test_control_characters_are_found_and_removed(char) -> None:
    text = f"调解{char}协议"
    assert first_control_character(text) == char
    assert without_control_characters(text) == "调解协议"


def test_line_feed_tab_and_a_windows_line_break_are_text() -> None:
    text = "第一行\r\n第二行\n\t第三行"
    assert first_control_character(text) is None and without_control_characters(text) == text


def test_a_character_is_described_by_its_code_point() -> None:
    assert describe("\x0b") == "U+000B" and describe("\u202e") == "U+202E"
