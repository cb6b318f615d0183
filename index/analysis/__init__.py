"""Language-aware analysis for Sanad.

One registry maps (language, variant) to a Whoosh analyzer built from small filters:
tokenize → normalise case → split compounds → drop stop words → stem/lemmatise/fold.
"""

from .languages import LANGS, VARIANTS, analyze, analyzer, fields_for

__all__ = ["LANGS", "VARIANTS", "analyze", "analyzer", "fields_for"]
