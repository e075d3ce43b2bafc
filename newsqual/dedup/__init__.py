"""Near-duplicates and rewrites: MinHash signatures, a persistent index, story clusters.

>>> from newsqual.dedup import DuplicateIndex, cluster, signature
>>> signature("A short story.").shape
(128,)
"""

from newsqual.dedup.cluster import Membership, cluster
from newsqual.dedup.index import DuplicateIndex, Match
from newsqual.dedup.minhash import jaccard_estimate, signature, signatures
from newsqual.dedup.spec import DEFAULT_SPEC, SPEC_V2, SPEC_VERSION, SignatureSpec, SpecMismatch

__all__ = [
    "DEFAULT_SPEC",
    "SPEC_V2",
    "SPEC_VERSION",
    "DuplicateIndex",
    "Match",
    "Membership",
    "SignatureSpec",
    "SpecMismatch",
    "cluster",
    "jaccard_estimate",
    "signature",
    "signatures",
]
