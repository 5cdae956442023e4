"""Writing a result submission as YAML or JSON text, optionally with a JSON Lines samples file."""

from __future__ import annotations

import re
from typing import Any

import orjson
import yaml

from aiss.models.submission import ResultSubmission
from aiss.settings import SCHEMA_BASE_URL

MODELINE = f"# yaml-language-server: $schema={SCHEMA_BASE_URL}submission.schema.json\n"
_AMBIGUOUS = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|no|on|off|Yes|No|On|Off|YES|NO|ON|OFF"
    r"|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?"
    r"|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[0-9]{4}-[0-9]{2}-[0-9]{2}.*"
    r"|[0-9]+(?:\.[0-9]+)+)$"  # versions such as 1.0.0 are quoted too, as the house style asks
)
_FLOW_WIDTH = 72
"""A mapping or list of scalars shorter than this is written on one line (`{id: q01, epoch: 1}`)."""


_Base: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: ~50x faster


class _Dumper(_Base):  # type: ignore[valid-type,misc]
    """Quotes every string a YAML 1.1 or 1.2 reader could take for another type."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if _AMBIGUOUS.match(value) or value == "" else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _scalars(value: Any) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return all(not isinstance(v, dict | list) for v in items)


def _flow(value: Any) -> bool:
    return bool(value) and _scalars(value) and len(str(value)) < _FLOW_WIDTH


def _dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=_flow(value))


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=_flow(value))


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dict, _dict)
_Dumper.add_representer(list, _list)


def _pruned(value: Any) -> Any:
    """Empty lists and mappings left out, as a person writing the file would."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v not in ({}, [])}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def _data(sub: ResultSubmission, *, without_samples: bool) -> dict[str, Any]:
    exclude = {"runs": {"__all__": {"samples"}}} if without_samples else None
    data: dict[str, Any] = _pruned(sub.model_dump(mode="json", exclude_none=True, exclude=exclude))
    return data


def to_yaml(sub: ResultSubmission, *, without_samples: bool = False) -> str:
    """YAML with a schema modeline; short mappings of scalars (sample records) on one line."""
    body = yaml.dump(
        _data(sub, without_samples=without_samples),
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=None,
        allow_unicode=True,
        width=100,
    )
    return MODELINE + body


def to_json(sub: ResultSubmission, *, without_samples: bool = False) -> str:
    return (
        orjson.dumps(
            _data(sub, without_samples=without_samples), option=orjson.OPT_INDENT_2
        ).decode()
        + "\n"
    )


def samples_jsonl(sub: ResultSubmission) -> str:
    """Every run's sample records as JSON Lines, each with its `run` id."""
    lines = []
    for run in sub.runs:
        for s in run.samples or []:
            lines.append(orjson.dumps({"run": run.id, **s.model_dump(exclude_none=True)}).decode())
    return "\n".join(lines) + ("\n" if lines else "")
