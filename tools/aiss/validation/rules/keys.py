"""Rules on the public keys an issuers vocabulary lists: each parses as an Ed25519 key, its id
is the sha256 of its raw bytes, no id is listed twice, and only the issuers vocabulary lists
keys (the key registry signatures are verified against)."""

from __future__ import annotations

from collections.abc import Iterator

from aiss.diagnostics import Diagnostic
from aiss.models.vocabulary import Vocabulary
from aiss.signing.keys import InvalidKey, key_id, parse_public_key
from aiss.validation.rules.base import Rule


class VocabularyKeys(Rule[Vocabulary]):
    """Every listed key parses, its `keyid` matches, and ids are unique."""

    codes = ("key-invalid", "key-id-mismatch", "duplicate-key-id", "keys-outside-issuers")

    def check(self) -> Iterator[Diagnostic]:
        seen: dict[str, str] = {}
        for t, term in enumerate(self.model.terms):
            if term.keys and self.model.name != "issuers":
                yield self.diag(
                    ("terms", t, "keys"),
                    "keys-outside-issuers",
                    f"{term.code}: only the issuers vocabulary lists signing keys",
                    hint="move the keys to vocabularies/issuers.yaml",
                    key=True,
                )
                continue
            for k, entry in enumerate(term.keys):
                loc = ("terms", t, "keys", k)
                try:
                    public = parse_public_key(entry.public_key)
                except InvalidKey as exc:
                    yield self.diag(
                        (*loc, "public_key"),
                        "key-invalid",
                        f"{term.code}: the public key is not an Ed25519 key: {exc}",
                        hint="paste the `public_key` line `aiss keys generate` printed",
                    )
                    continue
                actual = key_id(public)
                if actual != entry.keyid:
                    yield self.diag(
                        (*loc, "keyid"),
                        "key-id-mismatch",
                        f"{term.code}: keyid is not the sha256 of this public key",
                        hint=f"the key's id is {actual}",
                    )
                if entry.keyid in seen:
                    yield self.diag(
                        (*loc, "keyid"),
                        "duplicate-key-id",
                        f"{term.code}: key {entry.keyid[:16]} is already listed under "
                        f"{seen[entry.keyid]}",
                    )
                seen.setdefault(entry.keyid, term.code)
