"""yaml12: the core schema's tags, resolved once per short text and the same every time."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
from yaml.nodes import ScalarNode

from aiss.source import parse_yaml, yaml12

# The YAML 1.2.2 core schema (spec §10.3.2), written out here as the oracle, apart from the
# resolver's own table.
_CORE = (
    (yaml12.NULL, r"null|Null|NULL|~|"),
    (yaml12.BOOL, r"true|True|TRUE|false|False|FALSE"),
    (yaml12.INT, r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"),
    (
        yaml12.FLOAT,
        r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
        r"|[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN",
    ),
)


def _core_tag(text: str) -> str:
    for tag, pattern in _CORE:
        if re.fullmatch(pattern, text):
            return tag
    return yaml12.STR


def _texts(seed: int, count: int) -> Iterator[str]:
    rnd = random.Random(seed)
    words = ["", "~", "null", "Null", "nULL", "true", "True", "tRUE", "false", "no", "on"]
    words += ["1", "-1", "+1", "0o17", "0o8", "0x1F", "0xG", "1.5", "1.", ".5", "1e5", "1.e5"]
    words += [".inf", "-.Inf", "+.INF", ".nan", ".NaN", "-.nan", "2026-01-01", "1_000", "0b1"]
    alphabet = "01289+-.eExXoO_abfnlrstuINFAL~ "
    for _ in range(count):
        if rnd.random() < 0.5:
            yield rnd.choice(words)
        else:
            yield "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 8)))


def _resolve(text: str, plain: bool = True) -> str:
    return yaml12._resolve(None, ScalarNode, text, (plain, not plain))


def test_every_text_gets_the_core_schema_tag_first_and_again() -> None:
    yaml12._RESOLVED.clear()
    for text in _texts(15, 5_000):
        first = _resolve(text)
        assert first == _core_tag(text), text
        assert _resolve(text) == first, text  # from the table now, when it is short


def test_a_quoted_text_is_a_string_whatever_the_same_plain_text_resolved_to() -> None:
    yaml12._RESOLVED.clear()
    for text in ("1", "true", "null", ".inf", "0x1F"):
        assert _resolve(text) != yaml12.STR
        assert _resolve(text, plain=False) == yaml12.STR
    doc = parse_yaml("f.yaml", b"a: 1\nb: '1'\nc: \"true\"\nd: true\ne: |\n  1\n")
    assert doc.data == {"a": 1, "b": "1", "c": "true", "d": True, "e": "1\n"}


def test_long_texts_are_resolved_each_time_and_not_kept() -> None:
    yaml12._RESOLVED.clear()
    long_int = "1" * (yaml12._RESOLVED_TEXT + 1)
    assert _resolve(long_int) == yaml12.INT
    assert long_int not in yaml12._RESOLVED
    assert _resolve("1" * yaml12._RESOLVED_TEXT) == yaml12.INT
    assert "1" * yaml12._RESOLVED_TEXT in yaml12._RESOLVED


def test_the_table_is_bounded_and_still_right_after_it_is_emptied(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yaml12, "_RESOLVED_MAX", 100)
    yaml12._RESOLVED.clear()
    sizes = []
    for i in range(1_000):
        text = str(i) if i % 2 else f"k{i}"
        assert _resolve(text) == (yaml12.INT if i % 2 else yaml12.STR)
        sizes.append(len(yaml12._RESOLVED))
    assert max(sizes) == 100
    assert min(sizes[100:]) < 10  # emptied, then filled again


def test_documents_read_the_same_whichever_was_read_first() -> None:
    texts = [f"k{i}: {value}\n" for i, value in enumerate(_texts(16, 300))]
    docs = ["".join(texts[i : i + 30]) for i in range(0, len(texts), 30)]

    def load_all(order: list[int]) -> dict[int, object]:
        yaml12._RESOLVED.clear()
        return {i: parse_yaml("f.yaml", docs[i].encode()).data for i in order}

    forward = load_all(list(range(len(docs))))
    backward = load_all(list(reversed(range(len(docs)))))
    assert forward == backward
    values = [v for d in forward.values() if isinstance(d, dict) for v in d.values()]
    assert {type(v) for v in values} >= {str, int, float, bool, type(None)}
