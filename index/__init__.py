"""Sanad's indexer: the corpus catalogue, segmentation into passages, language-aware
analysis, and the atomic rebuild of the Whoosh index (build beside, check, swap).

``build`` rebuilds; ``load_catalog`` and ``segment`` read the corpus; ``analyze`` shows terms.
"""

from .analysis import analyze
from .builder import BuildReport, build
from .catalog import Document, load_catalog
from .errors import BuildFailed, CorpusError, IndexDamaged, IndexMissing, RebuildInProgress, SanadError
from .segment import segment
from .store import resolve_corpus_dir, resolve_index_dir

__all__ = ["analyze", "build", "BuildReport", "Document", "load_catalog", "segment", "resolve_corpus_dir",
           "resolve_index_dir", "SanadError", "CorpusError", "BuildFailed", "IndexDamaged", "IndexMissing",
           "RebuildInProgress"]
