"""Exchange between institutes: who may receive what under TLP 2.0, signed exchange bundles
(pack, verify, safe unpack), and redaction of a restricted submission for publication.

    policy   may this recipient receive a file of this marking (TLP 2.0)?
    archive  bounded, confined reads of a bundle's ZIP members
    bundle   the manifest (an in-toto Statement in a DSSE envelope), pack and verify
    redact   a restricted submission -> its public (TLP:CLEAR) summary

Pure: bytes and models in, bytes and models out; the composition layer reads and writes.
"""
