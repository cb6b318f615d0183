"""Azerbaijani (North, Latin script) word keys: Turkic lower-casing, diacritic folding
and a rule-based suffix-stripping stemmer.

Every public function is a plain module-level function of one string, so Whoosh can
pickle analyzers that use them by reference. The rules live in three modules beside this
one: ``az_rules`` (word lists, suffix templates, the native and folded profiles),
``az_nouns`` (the noun suffix slots) and ``az_verbs`` (verb keys).

The stemmer
-----------
A search stemmer must give every inflected form of a word the same key and different
words different keys; the key need not be a dictionary form. Nouns take suffixes in a
fixed order, each in several shapes chosen by vowel harmony::

    stem + plural (-lAr) + possessive + case + copula (-dIr)

(``A`` is the two-way vowel a/ə, ``I`` the four-way ı/i/u/ü.) One pass strips at most
one suffix per slot from the end (copula, case, possessive, plural), checking for each
candidate that

- its vowel agrees with the last vowel of what remains (harmony);
- its buffer consonant fits: the ``n`` of ``-nIn/-nI/-nA/-ndA/-ndAn``, the ``s`` of
  ``-sI``, the ``y`` of ``-yA/-ylA``; a bare vowel suffix (``-A``, ``-I``, ``-In``)
  only after a consonant;
- at least three letters with a vowel remain (a few two-letter noun stems such as
  ``il``, ``ad``, ``iş`` are listed).

Passes repeat until nothing changes, so a stem that itself ends in something shaped
like a suffix is reduced the same way in every form of the word (``münaqişə``,
``münaqişəyə``, ``münaqişənin`` all give ``münaqiş``), while a final vowel that breaks
harmony is part of the stem and stays (``qətnamə``, ``əlaqə``, ``ərazi``).

Where a buffer consonant and a stem-final consonant look the same, a rule decides
(and small word lists override it):

- ``-nIn``/``-nI`` after a vowel: the ``n`` belongs to the stem after ``a`` (but not
  ``-ya``, ``-ika``, ``-ma``: ``Azərbaycanın`` vs ``Rusiyanın``), after ``o``/``ö``
  (``rayonu``) and after a ``u``/``ü`` that breaks harmony (``qanunun``); otherwise
  it is the buffer (``münaqişənin``, ``ərazinin``).
- ``-sI`` after a vowel is the possessive (``ərazisi``) unless the stem is listed as
  ending in ``s`` (``əsası``, ``prosesi``).
- ``y`` before a vowel suffix: a dative ``-yA`` has a buffer ``y`` (``münaqişəyə``)
  unless the stem is listed as ending in ``k`` or it is ``-lik/-lük``, ``-dik/-dük``
  (``katibliyə``, ``etdiyə``); before ``-I``/``-In`` a front-vowel word ends in ``k``
  (``dəstəyi`` → ``dəstək``, ``katibliyi`` → ``katiblik``) and a back-vowel one in
  ``y`` (``sarayı``), except listed words such as ``mövqe`` (``mövqeyi``).
- ``ğ`` before a vowel is ``q`` (``əməkdaşlığın`` → ``əməkdaşlıq``), except in listed
  ``ğ``-final stems (``Qarabağ``, ``dağ``).
- A few listed nouns lose their last vowel before a vowel suffix (``fikri`` → ``fikir``,
  ``oğlu`` → ``oğul``).

Derivation is left alone (``-lIq``, ``-lI``, ``-sIz``, ``-çI`` words keep their own
keys). Verbs, on the noun side: copula/past after ``-mIş`` and ``-Ir`` (``olmuşdur``,
``olmuşdu`` → ``olmuş``; ``edirdi`` → ``edir``) and the infinitive ``-mAq`` joins the
verbal noun ``-mA`` (``etmək``, ``etməsi``, ``etməyə``).

Several readings
----------------
Where the grammar allows two readings the rules cannot choose between, ``keys`` gives
each (the first is the rule's choice, as ``stem`` returns it); the analyzer indexes every
key at the word's position and a query word searches them all, so two forms meet when
their keys intersect:

- a 1st/2nd-person singular possessive or a stem ending the same way: ``müəllim`` →
  ``müəllim``, ``müəll``; ``açarım`` → ``açarım``, ``açar``; ``anan`` → ``anan``,
  ``ana`` (harmony rules it out in ``hakim``; words of four syllables and more are
  stems: ``Azərbaycan``);
- an ``n`` or ``s`` of the stem or a buffer where the rule chose the stem's:
  ``alçanın`` → ``alçan``, ``alç`` (the bare ``alça`` gives ``alç``);
- a two-letter stem of a vowel and a consonant: ``atı`` → ``atı``, ``at`` (``ət``,
  ``ər``, ``od``);
- a verb form: the verb's stem, marked with ``-`` so it never equals a noun key
  (``keçirilmişdir`` → ``keçir-``, ``edilmişdir`` and ``etmək`` → ``et-``): past ``-dI``,
  evidential ``-mIş``, present ``-Ir``, future ``-AcAq``, aorist ``-Ar``/``-mAz``,
  conditional ``-sA``, necessity ``-mAlI``, participles ``-An``/``-dIq``, converbs
  ``-Ib``/``-ArAq``/``-dIqcA``, verbal nouns ``-mA``/``-mAq``, each with the person endings
  or noun inflections that follow it (fewer after the endings a noun's inflection looks
  like: ``şəhər``, ``dərsə`` get no verb key), after negation ``-mA`` and passive
  ``-Il``/``-In`` are undone and a polysyllabic stem's ``d`` is read as ``t`` before a
  vowel (``yaradılmış`` → ``yarat-``); only a verb-shaped stem counts (one syllable, or
  ending like ``-lA``, ``-Ir``, ``-t``, ``-Iş``: ``azərbayc-`` is not a verb). A form with
  two verb readings gets both (``keçirdi``: ``keçir-`` + ``di`` or ``keç-`` + ``ir`` + ``di``);
- a bare word that may be a verb stem, as a dictionary or a treebank writes the lemma: its
  own marked key, for one syllable ending in a consonant and words in ``-lA``, ``-lAş``,
  ``-lAt`` (``yaz`` → ``yaz``, ``yaz-``; ``başla`` → …, ``başla-``).

``is_attached_suffix`` is the one rule for suffixes written after a hyphen or apostrophe
(``İƏT-lərin``, ``İKT-nin``, ``1992-ci``, ``Bakı'da``): the analyzer's compound filter
drops them, so ``keys`` sees single words.

The folded variant (``stem_folded``) runs the same tables, folded: after folding
``ı``/``i``, ``ə``/``e``, ``o``/``ö``, ``u``/``ü`` merge, so harmony accepts every
vowel some unfolded spelling would accept. Its keys are only meant to agree with
themselves (``stem_folded(fold(x))``), not with ``stem``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .az_nouns import Alts, _core, dropped_vowel
from .az_rules import _FOLDED, _NATIVE, _is_tail_of, _Profile
from .az_verbs import _verb_keys, bare_verb_key

__all__ = ["AZ_LETTERS", "fold", "is_attached_suffix", "keys", "keys_folded", "stem", "stem_folded", "turkic_lower"]


# ---------------------------------------------------------------------------------------
# Case and diacritics


def turkic_lower(text: str) -> str:
    """Lower-case with Turkic ``İ``→``i`` and ``I``→``ı``, after NFC.

    The result has exactly as many characters as ``unicodedata.normalize("NFC", text)``
    (one output character per input character), so token offsets computed on NFC text
    stay valid; callers that need offsets into the original should pass NFC text (a
    decomposed ``I`` + U+0307 is composed to ``İ`` by NFC and so becomes ``i``). It never
    introduces U+0307; a stray ``i`` + U+0307 already in the input is left as it is.
    """
    s = unicodedata.normalize("NFC", text)
    if "İ" in s or "I" in s:
        s = s.replace("İ", "i").replace("I", "ı")
    low = s.lower()
    if len(low) == len(s):
        return low
    # Some other character lower-cases to several: keep such a character as it is.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in s)


AZ_LETTERS = frozenset("əışçğöüƏŞÇĞÖÜİ")   # the letters only Azerbaijani writes, which ``fold`` replaces
_FOLD_TABLE = str.maketrans({
    "ə": "e", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u",
    "Ə": "E", "Ş": "S", "Ç": "C", "Ğ": "G", "Ö": "O", "Ü": "U", "İ": "I",
})


def fold(word: str) -> str:
    """A diacritic-free key for lower-cased text: ``azərbaycan`` → ``azerbaycan``.

    ə→e, ı→i, ş→s, ç→c, ğ→g, ö→o, ü→u, and any other combining mark is dropped (NFD,
    strip, NFC). Characters map one to one on NFC input without stray marks.
    """
    s = unicodedata.normalize("NFC", word).translate(_FOLD_TABLE)
    if s.isascii():
        return s
    stripped = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


_MAX_NOUN_KEYS = 3  # readings of the noun; at most three verb keys follow (a bare stem's, two readings)


def _word_keys(word: str, P: _Profile) -> tuple[str, ...]:
    """The form's key, then the keys of the other readings met on the way (two levels).

    A reading's key must start the reading, but for a last letter that alternates (``k``/``y``,
    ``q``/``ğ``): ``oğlanın`` read as ``oğla`` + ``nın`` keeps ``oğla``'s key only if it is
    ``oğl``-like, not ``oğul`` (``oğla`` is ``oğul``'s dative, not a noun of its own)."""
    alts: Alts = []
    out = [_core(word, P, alts)]
    for depth in range(2):
        found, alts = alts, []
        for r in dict.fromkeys(found):
            more: Alts = []
            key = _core(r, P, more)
            if r.startswith(key[:-1]):  # else neither the reading nor its own readings count
                if key not in out:
                    out.append(key)
                if depth == 0:
                    alts += more
    nouns = out[:_MAX_NOUN_KEYS]
    for base in (nouns[0], word):  # çiyin: its key strips a look-alike genitive (çiy)
        drop = dropped_vowel(base, P)
        # Not after a 1st-person -m that has its reading already (alım: al + ım, not alm as
        # alma's key is): nouns that drop a vowel before -m are few and listed (isim).
        if drop is not None and drop not in nouns and not (base.endswith("m") and len(nouns) > 1):
            nouns.append(drop)
    verbs = _verb_keys(word, P)
    bare = bare_verb_key(word, P, whole=nouns[0] == word)
    if bare is not None and bare not in verbs:
        verbs.insert(0, bare)
    return tuple(nouns + [v for v in verbs if v not in nouns])



def is_attached_suffix(part: str) -> bool:
    """Is *part*, written after a hyphen or apostrophe, only an inflection of the word
    before it (``İƏT-lərin``, ``İKT-nin``, ``1992-ci``, ``Bakı'da``)?

    The one rule for such suffixes: the analyzer drops them (the word before keeps its
    key); anything else after a hyphen is a word of its own. Typed without Azerbaijani
    letters (``iet-lerin``) the suffix is recognised too.
    """
    low = fold(turkic_lower(part))
    return bool(low) and low.isalpha() and _is_tail_of(low, True)


def _keys_any(w: str, P: _Profile) -> tuple[str, ...]:
    if not w or not w.isalpha() or w in P.function_words:
        return (w,)
    return _word_keys(w, P)


@lru_cache(maxsize=200_000)
def _keys_native(w: str) -> tuple[str, ...]:
    return _keys_any(w, _NATIVE)


@lru_cache(maxsize=200_000)
def _keys_folded(w: str) -> tuple[str, ...]:
    return _keys_any(w, _FOLDED)


def keys(word: str) -> tuple[str, ...]:
    """The keys of an Azerbaijani word form (lower-cased, native spelling), best first.

    One key for most forms: ``azərbaycanın`` → ``azərbaycan``, ``təşkilatlardan`` →
    ``təşkilat``, ``ərazilərindən`` → ``ərazi``, ``dəstəyi`` → ``dəstək``. A form that
    reads two ways gets a key for each (``müəllim`` → ``müəllim``, ``müəll``: a stem in
    ``-m`` or a 1st-person possessive; ``atı`` → ``atı``, ``at``), and a form that may be
    a verb form also the verb's marked key (``keçirilmişdir`` → …, ``keçir-``). Index
    and query both use every key, so two forms meet when their keys intersect.
    The analyzer splits compounds first: a single word is expected here.
    """
    w = turkic_lower(word.replace("\u0307", "")) if word else word
    return _keys_native(w)


def keys_folded(word: str) -> tuple[str, ...]:
    """The keys of a word form for the folded field: ``fold`` first, then the folded
    rules. Only agreement with itself matters:
    ``keys_folded("soyqırımının")`` meets ``keys_folded("soyqirimi")``."""
    w = fold(turkic_lower(word.replace("\u0307", ""))) if word else word
    return _keys_folded(w)


def stem(word: str) -> str:
    """The first key of an Azerbaijani word form (see ``keys``)."""
    return keys(word)[0]


def stem_folded(word: str) -> str:
    """The first key of a diacritic-free word form (see ``keys_folded``)."""
    return keys_folded(word)[0]
