"""Who may receive a file, under TLP 2.0 (FIRST): CLEAR anyone; GREEN the community (any
organisation of the registry); AMBER the file's own organisations and those it is shared with
(`marking.shared_with`); AMBER+STRICT the recipient's own organisation only, so only the file's
own organisations or one it names in `shared_with`; RED never (RED material is not exchanged
through a registry at all)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from aiss.models.common import Tlp


def refusal(
    marking: Tlp,
    recipient: str,
    *,
    own: Collection[str],
    shared_with: Collection[str] = (),
    community: Collection[str] = (),
) -> str | None:
    """Why `recipient` may not receive a file marked `marking`, or None when it may.

    `own` are the file's own organisations (submitter, evaluating organisations), `community`
    the organisations of the registry."""
    if marking is Tlp.RED:
        return "marked TLP:RED, which is for named individuals only and is never exchanged"
    if marking is Tlp.CLEAR:
        return None
    if marking is Tlp.GREEN:
        if not community or recipient in community:
            return None
        return f"marked TLP:GREEN: {recipient} is not an organisation of this registry's community"
    allowed = sorted(set(own) | set(shared_with))
    if recipient in allowed:
        return None
    who = ", ".join(allowed) or "nobody"
    if marking is Tlp.AMBER_STRICT:
        return (
            f"marked TLP:AMBER+STRICT (the recipient's own organisation only): only {who} may "
            f"receive it, and {recipient} is another organisation"
        )
    return (
        f"marked TLP:AMBER: only {who} may receive it (the file's organisations and those in "
        f"`marking.shared_with`), not {recipient}"
    )


REDACT_HINT = (
    "remove those parts or mark them no stricter than the recipient may receive, or send the "
    "public summary `aiss redact` makes instead"
)


def part_refusals(
    parts: Iterable[tuple[str, Tlp]],
    recipient: str,
    *,
    own: Collection[str],
    shared_with: Collection[str] = (),
    community: Collection[str] = (),
) -> list[str]:
    """`part: why` for each marked part of a file (`$.claims[0]`, its marking) that `recipient`
    may not receive (`refusal`): a file goes only if every part it carries may."""
    out = []
    for where, marking in parts:
        why = refusal(marking, recipient, own=own, shared_with=shared_with, community=community)
        if why:
            out.append(f"its part {where} is {why}")
    return out
