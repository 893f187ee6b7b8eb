"""Concerns: what a journal entry is about and what a therapist declares, in one concept space.

The concept space is the local lexicon's (`shared.embeddings.local`): 31 language-independent
concepts (anxiety, sleep, grief, couples, ...) read from English, German, Spanish, French, Italian
and Portuguese words. An entry's concerns are read by the concern classifier
(`shared.domain.concern_classifier`, trained on labelled entries, which reads phrasings the
lexicon lacks; the lexicon stands in without a trained model); the therapists' declared
specialties and the bio phrases of the reasons are read by the lexicon. Whatever provider embeds
the bios, these are the same deterministic readers, so the concern signal and the explanations
are the same for every provider.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from shared.domain.concern_classifier import concern_shares
from shared.embeddings.local import STOP_WORDS, concept_strengths, concepts, tokenize

# An entry's concerns are its concepts' shares of the whole (they add up to 1); shares below
# MIN_SHARE are noise from a passing word, and at most MAX_CONCERNS are kept.
MIN_SHARE = 0.05
MAX_CONCERNS = 6
# Without a trained classifier, how much a lexicon concept says about what an entry is *about*:
# relatives, work and feelings of worry are named in passing in entries on every topic, so they
# count less than the topic itself.
SALIENCE: dict[str, float] = {"family": 0.5, "work": 0.5, "anxiety": 0.7, "relationships": 0.8,
                              "stress": 0.8, "health": 0.8}  # fmt: skip
# A specialty slug that is not a concept's own name declares the concepts the lexicon reads in
# it with at least this strength ("insomnia" -> sleep; "work-stress" -> stress, not work).
MIN_SLUG_STRENGTH = 0.5
# A bio sentence names a concern when the lexicon gives it at least this strength.
MIN_PHRASE_STRENGTH = 0.5

# fmt: off
CONCERN_LABELS: dict[str, dict[str, str]] = {
    "addiction": {"en": "addiction", "de": "Sucht", "es": "adicciones",
                  "fr": "addictions", "it": "dipendenze", "pt": "dependências"},
    "adhd": {"en": "ADHD and focus", "de": "ADHS und Konzentration",
             "es": "TDAH y concentración", "fr": "TDAH et concentration",
             "it": "ADHD e concentrazione", "pt": "TDAH e concentração"},
    "adolescents": {"en": "teenagers and young people", "de": "Jugendliche",
                    "es": "adolescentes y jóvenes", "fr": "adolescents et jeunes",
                    "it": "adolescenti e giovani", "pt": "adolescentes e jovens"},
    "anger": {"en": "anger", "de": "Wut und Ärger", "es": "ira y enfado", "fr": "colère",
              "it": "rabbia", "pt": "raiva"},
    "anxiety": {"en": "anxiety and worry", "de": "Angst und Sorgen",
                "es": "ansiedad y preocupación", "fr": "anxiété et inquiétude",
                "it": "ansia e preoccupazione", "pt": "ansiedade e preocupação"},
    "burnout": {"en": "burnout and exhaustion", "de": "Burnout und Erschöpfung",
                "es": "burnout y agotamiento", "fr": "burn-out et épuisement",
                "it": "burnout ed esaurimento", "pt": "burnout e exaustão"},
    "cbt": {"en": "cognitive behavioural therapy", "de": "Verhaltenstherapie",
            "es": "terapia cognitivo-conductual", "fr": "thérapie cognitivo-comportementale",
            "it": "terapia cognitivo-comportamentale", "pt": "terapia cognitivo-comportamental"},
    "chronic-pain": {"en": "chronic pain", "de": "chronische Schmerzen", "es": "dolor crónico",
                     "fr": "douleur chronique", "it": "dolore cronico", "pt": "dor crónica"},
    "couples": {"en": "couples and marriage", "de": "Paare und Ehe", "es": "pareja y matrimonio",
                "fr": "couple et mariage", "it": "coppia e matrimonio",
                "pt": "casal e casamento"},
    "depression": {"en": "depression and low mood", "de": "Depression und Niedergeschlagenheit",
                   "es": "depresión y tristeza", "fr": "dépression et tristesse",
                   "it": "depressione e tristezza", "pt": "depressão e tristeza"},
    "eating-disorders": {"en": "eating and body image", "de": "Essstörungen und Körperbild",
                         "es": "trastornos alimentarios e imagen corporal",
                         "fr": "troubles alimentaires et image du corps",
                         "it": "disturbi alimentari e immagine corporea",
                         "pt": "perturbações alimentares e imagem corporal"},
    "emdr": {"en": "EMDR", "de": "EMDR", "es": "EMDR", "fr": "EMDR", "it": "EMDR", "pt": "EMDR"},
    "family": {"en": "family", "de": "Familie", "es": "familia", "fr": "famille",
               "it": "famiglia", "pt": "família"},
    "grief": {"en": "grief and loss", "de": "Trauer und Verlust", "es": "duelo y pérdida",
              "fr": "deuil et perte", "it": "lutto e perdita", "pt": "luto e perda"},
    "health": {"en": "illness and health", "de": "Krankheit und Gesundheit",
               "es": "enfermedad y salud", "fr": "maladie et santé", "it": "malattia e salute",
               "pt": "doença e saúde"},
    "identity": {"en": "identity", "de": "Identität", "es": "identidad", "fr": "identité",
                 "it": "identità", "pt": "identidade"},
    "lgbtq": {"en": "LGBTQ+ lives", "de": "LGBTQ+ Lebenswelten", "es": "vidas LGBTQ+",
              "fr": "vies LGBTQ+", "it": "vite LGBTQ+", "pt": "vidas LGBTQ+"},
    "life-transitions": {"en": "life changes", "de": "Lebensveränderungen",
                         "es": "cambios de vida", "fr": "changements de vie",
                         "it": "cambiamenti di vita", "pt": "mudanças de vida"},
    "loneliness": {"en": "loneliness", "de": "Einsamkeit", "es": "soledad", "fr": "solitude",
                   "it": "solitudine", "pt": "solidão"},
    "mindfulness": {"en": "mindfulness and relaxation", "de": "Achtsamkeit und Entspannung",
                    "es": "atención plena y relajación", "fr": "pleine conscience et relaxation",
                    "it": "mindfulness e rilassamento", "pt": "atenção plena e relaxamento"},
    "ocd": {"en": "obsessions and compulsions", "de": "Zwänge", "es": "obsesiones y compulsiones",
            "fr": "obsessions et compulsions", "it": "ossessioni e compulsioni",
            "pt": "obsessões e compulsões"},
    "panic": {"en": "panic attacks", "de": "Panikattacken", "es": "ataques de pánico",
              "fr": "crises de panique", "it": "attacchi di panico", "pt": "ataques de pânico"},
    "parenting": {"en": "parenting", "de": "Erziehung und Elternsein", "es": "crianza",
                  "fr": "parentalité", "it": "genitorialità", "pt": "parentalidade"},
    "perinatal": {"en": "pregnancy and new parenthood", "de": "Schwangerschaft und Geburt",
                  "es": "embarazo y maternidad", "fr": "grossesse et naissance",
                  "it": "gravidanza e nascita", "pt": "gravidez e parto"},
    "ptsd": {"en": "post-traumatic stress", "de": "posttraumatische Belastung",
             "es": "estrés postraumático", "fr": "stress post-traumatique",
             "it": "stress post-traumatico", "pt": "stress pós-traumático"},
    "relationships": {"en": "relationships", "de": "Beziehungen", "es": "relaciones",
                      "fr": "relations", "it": "relazioni", "pt": "relacionamentos"},
    "self-esteem": {"en": "self-esteem", "de": "Selbstwert", "es": "autoestima",
                    "fr": "estime de soi", "it": "autostima", "pt": "autoestima"},
    "sleep": {"en": "sleep problems", "de": "Schlafprobleme", "es": "problemas de sueño",
              "fr": "troubles du sommeil", "it": "problemi di sonno",
              "pt": "problemas de sono"},
    "stress": {"en": "stress", "de": "Stress und Überlastung", "es": "estrés", "fr": "stress",
               "it": "stress", "pt": "stress"},
    "trauma": {"en": "trauma", "de": "Trauma", "es": "trauma", "fr": "traumatisme",
               "it": "trauma", "pt": "trauma"},
    "work": {"en": "work and career", "de": "Arbeit und Beruf", "es": "trabajo",
             "fr": "travail", "it": "lavoro", "pt": "trabalho"},
}
# fmt: on
LABEL_LANGUAGES = ("en", "de", "es", "fr", "it", "pt")
DEFAULT_LABEL_LANGUAGE = "en"

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def entry_concerns(text: str) -> dict[str, float]:
    """The concerns of an entry with their shares (adding up to 1), largest first: the concern
    classifier's probabilities; without a trained model, the lexicon's concept shares."""
    read = concern_shares(text)
    if read is None:  # no trained model: the lexicon's concepts
        strengths = {c: s * SALIENCE.get(c, 1.0) for c, s in concept_strengths(text).items()}
        total = sum(strengths.values())
        read = {c: s / total for c, s in strengths.items()} if total else {}
    if not read:
        return {}
    shares = sorted(((s, c) for c, s in read.items()), reverse=True)
    kept = [(c, s) for s, c in shares[:MAX_CONCERNS] if s >= MIN_SHARE]
    kept_total = sum(s for _, s in kept)
    return {c: s / kept_total for c, s in kept}


def declared_concerns(slugs: Iterable[str]) -> list[str]:
    """The concepts a therapist's specialty and focus-area slugs declare, in first-seen order: a
    slug that is a concept's name declares it; any other is read by the lexicon."""
    known = set(concepts())
    found: list[str] = []
    for slug in slugs:
        slug = slug.strip().lower()
        named = (
            [slug]
            if slug in known
            else [
                concept
                for concept, strength in concept_strengths(
                    re.sub(r"[-_]", " ", slug), with_parents=False
                ).items()
                if strength >= MIN_SLUG_STRENGTH
            ]
        )
        found.extend(c for c in named if c not in found)
    return found


def label_language(language_code: str) -> str:
    """The language the labels are given in for an entry in `language_code` ("pt-br" -> "pt";
    one the table lacks -> English)."""
    primary = language_code.split("-")[0].lower()
    return primary if primary in LABEL_LANGUAGES else DEFAULT_LABEL_LANGUAGE


def concern_label(concern: str, language_code: str) -> str:
    """A concern's name as a client reads it, in `language_code` where the table has it."""
    return CONCERN_LABELS[concern][label_language(language_code)]


def best_phrase(bio: str, concerns: Mapping[str, float], entry: str) -> str | None:
    """The sentence of `bio` that matches the entry best: the one naming the entry's concerns
    with the largest total weight, else the one sharing the most words with it; None when no
    sentence has anything in common with the entry."""
    sentences = [s.strip() for s in _SENTENCE_END.split(bio) if s.strip()]
    best: tuple[float, float] = (0.0, 0.0)
    chosen: str | None = None
    entry_words = _content_words(entry)
    for sentence in sentences:
        named = concept_strengths(sentence)
        weight = sum(w for c, w in concerns.items() if named.get(c, 0.0) >= MIN_PHRASE_STRENGTH)
        shared = len(entry_words & _content_words(sentence))
        if (weight, shared) > best:
            best, chosen = (weight, float(shared)), sentence
    return chosen


def covered_concerns(
    concerns: Mapping[str, float], declared: Sequence[str], bio: str
) -> list[tuple[str, float, bool]]:
    """The entry's concerns a therapist covers, as (concern, share, declared): declared in their
    specialties, or named in their matching bio. Largest share first."""
    named = concept_strengths(bio)
    return [
        (concern, share, concern in declared)
        for concern, share in concerns.items()
        if concern in declared or named.get(concern, 0.0) >= MIN_PHRASE_STRENGTH
    ]


def _content_words(text: str) -> set[str]:
    return {t for t in tokenize(text) if len(t) > 2 and t not in STOP_WORDS and not t.isdigit()}
