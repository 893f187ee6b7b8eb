"""The offline embedder: a multilingual concept lexicon plus hashed character trigrams.

Why this works
--------------
Matching a journal entry to a therapist is mostly a question of *topic*: panic, sleep, grief,
couples, addiction... Therapist bios name their topics plainly, and entries describe them in a
small, predictable vocabulary ("can't sleep", "Panikattacken", "no puedo dormir"). So instead of
a neural model, a curated lexicon maps words in English, German, Spanish (and some French and
Portuguese) onto 31 language-independent *concepts*. Because the concept ids are shared across
languages, a German entry and an English bio about the same topic land on the same dimensions:
this is the multilingual part, and it needs no translation.

How a text becomes a vector
---------------------------
1. Fold: casefold (ß -> ss), strip accents (ä -> a, ñ -> n), split into letter/digit tokens.
   The few words whose meaning hangs on an accent (Spanish "bebé" baby / "bebe" drinks) are
   looked up before folding; German "ae/oe/ue" spellings match the umlaut forms.
2. Look up each token: an exact word, else the longest matching stem (`"anxi*"` matches
   "anxious", "anxiety"), plus stems that may sit *inside* German compounds (`"*schlaf*"` matches
   "Einschlafprobleme"). A few two- or three-word phrases ("passed away", "no puedo dormir") are
   matched on the token sequence. Terms carry a weight (ambiguous words like "work" count less).
3. Related concepts share part of their mass with a parent (panic -> anxiety, burnout -> stress,
   couples -> relationships), so "panic" in an entry also meets "anxiety" in a bio.
4. Each concept owns 3 fixed, signed dimensions in [0, 768) (chosen by a stable hash, with
   probing so that no two concepts share a dimension); its value is 1 + ln(total weight), which
   keeps a word repeated ten times from drowning the rest.
5. Words the lexicon does not know (minus stop words) are hashed, as whole words and as
   character trigrams, into the dimensions [768, 1023). This keeps out-of-lexicon overlap (a rare
   condition named in both texts, a spelling variant) from being lost entirely.
6. The two parts are normalised separately and mixed so that the concept part carries 85% of the
   squared norm; the result is L2-normalised. Cosine ~ 0.85 * concept cosine + 0.15 * lexical.
   Dimension 1023 is reserved for the blank text (`shared.embeddings.blank_vector`).

Everything is deterministic across processes and machines: the hashes are BLAKE2/CRC32, never
Python's salted `hash()`. Per-word analysis is cached, so pure Python embeds about 6,000 short
bios per second on one core (20,000 in under 4 s); a 20,000-character entry takes ~10 ms.

Limits
------
- It knows topics, not meaning: negation ("I sleep fine") still counts as sleep, and irony,
  context or severity are invisible. A bio that lists ten specialties matches each one weakly.
- Measured on `tests/matching_cases.py`: a right specialist is in the top 3 for 95% of the
  entries, but only for about 3 in 4 of entries written without looking at the lexicon first
  (new phrasings need new lexicon entries: "nie genug sein", "vi morir a mi compañero").
- Vocabulary outside the lexicon only meets itself through the small lexical part; languages
  beyond en/de/es/fr/pt get only that part. Spelling mistakes inside lexicon words miss.
- Any change to the lexicon or parameters changes the vectors: bump `MODEL_ID` (the fingerprint
  test enforces it) so stored vectors get re-embedded.
Use Bedrock (Titan V2) where real semantic quality matters; this one is for local runs and tests.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
import zlib
from collections.abc import Sequence
from functools import lru_cache

from shared.embeddings import BLANK_DIMENSION, EMBEDDING_DIMENSIONS, blank_vector

MODEL_ID = "local-lexicon-v1"
# sha256 of the lexicon and parameters this MODEL_ID stands for (see `lexicon_fingerprint`).
# A test compares it with the computed one: edit the lexicon -> bump MODEL_ID and this value.
MODEL_FINGERPRINT = "59a757a762f0466a308e3d12d139d6fc85be854803d25091c1d5da76f7ca186d"

CONCEPT_DIMENSIONS = 768  # [0, 768): concepts; [768, 1023): lexical hashing; 1023: blank text
SLOTS_PER_CONCEPT = 3
LEXICAL_START = CONCEPT_DIMENSIONS
LEXICAL_DIMENSIONS = BLANK_DIMENSION - LEXICAL_START
LEXICAL_SHARE = 0.15  # share of the squared norm given to the lexical (non-concept) part
PARENT_SHARE = 0.5  # how much of a concept's weight also counts for its parent concept
TRIGRAM_WEIGHT = 0.5  # a trigram counts half as much as the whole word it comes from

# Parent concepts: a hit on the key also counts (PARENT_SHARE) for the value.
PARENTS: dict[str, str] = {
    "panic": "anxiety",
    "ptsd": "trauma",
    "emdr": "trauma",
    "couples": "relationships",
    "parenting": "family",
    "burnout": "stress",
    "work": "stress",
    "chronic-pain": "health",
}

# Therapy methods appear in bios far more than in entries: they count less, so a bio that names
# its method is not pulled away from the topics it treats.
CONCEPT_WEIGHTS: dict[str, float] = {"cbt": 0.4, "mindfulness": 0.5, "emdr": 0.6}

# The lexicon. Terms are written naturally (accents, capitals) and folded when compiled:
#   "word"      the exact word          "stem*"    any word starting with stem (>= 3 letters)
#   "*part*"    part anywhere in a longer word (German compounds: "Einschlafprobleme")
#   "two words" a phrase of consecutive words; each word may end in * (a stem)
#   "term=0.5"  a weight other than 1 (for ambiguous or weak evidence)
#   "!word"     matched only with its accents ("!bebé": a baby; "bebe" means "drinks")
# fmt: off
LEXICON: dict[str, tuple[str, ...]] = {
    "anxiety": (
        # en
        "anxiety", "anxi*", "anxious*", "worry*", "worri*", "nervous*", "nerves=0.7", "fear*",
        "afraid", "scared", "frighten*", "dread*", "uneasy", "restless*=0.5", "tense=0.7",
        "on edge", "overthink*", "racing thoughts", "phobi*", "apprehensi*", "shy*=0.5",
        "public speaking=0.7", "catastrophi*=0.7", "what if=0.3", "shaking=0.5", "shake=0.4",
        "trembl*=0.5", "sweat*=0.4", "blush*=0.4", "presentation*=0.4",
        # de
        "angst*", "*angst*", "ängstlich*", "sorge=0.7", "sorgen=0.6", "besorgt", "nervös*",
        "unruhe=0.6", "unruhig*=0.6", "innere unruhe", "befürcht*", "furcht*", "fürcht*",
        "grübel*=0.6", "gedankenkarussell", "gedankenkreis*", "phobie*", "anspannung=0.5",
        "angespannt=0.6", "katastrophis*=0.7", "schüchtern*=0.5", "zitter*=0.5", "schwitz*=0.4",
        "erröt*=0.4",
        # es
        "ansiedad*", "ansios*", "preocup*", "nervios*", "miedo*", "temor*", "angusti*",
        "inquiet*=0.7", "intranquil*", "fobia*", "catastrofi*=0.7", "timidez=0.5", "tímid*=0.5",
        "tiembl*=0.5", "temblor*=0.5", "sudor*=0.4",
        # fr / pt
        "angoiss*", "peur*", "medo*",
    ),
    "panic": (
        "panic*", "heart racing", "racing heart", "heart pounding", "pounding heart", "palpitat*",
        "hyperventilat*", "can t breathe", "cannot breathe", "short of breath", "tight chest=0.6",
        "chest=0.4", "dizzy=0.4", "faint*=0.5", "attacks=0.3", "panik*", "*panik*", "herzrasen",
        "herzklopf*", "herzstolp*", "atemnot", "luftnot", "keine luft", "hyperventil*",
        "schwindel*=0.4", "taquicardi*", "palpitaci*", "falta el aire", "falta de aire",
        "no puedo respirar", "ahog*=0.6", "hiperventil*", "mareo*=0.4", "ataques=0.3", "paniq*",
    ),
    "sleep": (
        "sleep*", "slept", "asleep", "insomni*", "awake=0.8", "wake up=0.6", "waking=0.6",
        "woke=0.6", "nightmare*=0.5", "bedtime=0.7", "tired*=0.5", "fatigue*=0.5", "night*=0.4",
        "melatonin*", "snor*=0.7", "apnea", "apnoea", "schlaf*", "*schlaf*", "schläf*", "wach=0.8",
        "wache=0.6", "wachliegen", "wachlieg*", "wachgelegen", "aufwach*=0.8", "!müde=0.5",
        "!müdigkeit=0.5", "nachts=0.5", "nacht=0.4", "nächte*=0.4", "albtr*=0.5", "alptr*=0.5",
        "dormir", "duerm*", "dormi*", "sueño=0.8", "desvel*", "despiert*=0.6", "noche*=0.4",
        "madrugada*=0.5", "pesadilla*=0.5", "cansad*=0.5", "cansancio=0.5", "sommeil*", "nuit*=0.4",
        "cauchemar*=0.5", "sono=0.8", "insoni*", "noite*=0.4",
    ),
    "depression": (
        "depress*", "sad", "sadness", "saddened", "hopeless*", "empty=0.7", "emptiness", "numb=0.6",
        "numbness=0.6", "unmotivated", "no motivation", "lack of motivation", "no energy",
        "joyless", "anhedoni*", "nothing matters", "no point", "pointless=0.6", "get out of bed",
        "don t care anymore", "cry=0.6", "crying=0.6", "cried=0.6", "tears=0.6", "low mood",
        "mood*=0.4", "gloom*", "melanchol*", "miserable", "suicid*", "kill myself", "end my life",
        "self harm*", "dark place", "lethargic", "bipolar*=0.6", "manic=0.5", "depri*", "*depress*",
        "traurig*", "hoffnungslos*", "leere=0.7", "mich leer", "so leer", "innerlich leer",
        "sinnlos*", "antriebslos*", "*antriebslos*", "antrieb=0.5", "lustlos*", "niedergeschlagen*",
        "freudlos*", "weine=0.6", "weinen=0.6", "weinte=0.6", "geweint=0.6", "kraftlos*=0.6",
        "schwermut*", "bedrückt*", "stimmungstief*", "suizid*", "selbstmord*", "lebensmüde*",
        "nicht mehr leben", "verzweif*=0.7", "selbstverletz*", "alles egal", "mir egal=0.7",
        "depresi*", "deprim*", "depre", "triste*", "desesper*=0.7", "vacío=0.7", "vacía=0.7",
        "sin ganas", "ganas de nada", "en la cama=0.5", "desanim*", "desmotiv*", "llor*=0.6",
        "apatía", "apátic*", "me da igual=0.8", "levantarme=0.5", "sin energía", "abatid*",
        "melancol*", "quitarme la vida", "sin sentido=0.7", "autolesi*", "vazio=0.7",
    ),
    "self-esteem": (
        "self esteem", "esteem*", "self worth", "worthless*", "confidence=0.6", "confident=0.5",
        "insecur*", "not good enough", "hate myself", "inferior*", "comparing myself=0.7",
        "compare myself=0.7", "fraud=0.5", "inadequa*", "ashamed=0.6", "shame*=0.5", "self critic*",
        "inner critic", "imposter*", "impostor*", "people pleas*", "perfectionis*=0.5",
        "failure=0.6", "self image", "selbstwert*", "selbstbewusst*", "selbstvertrau*",
        "selbstzweifel*", "minderwertig*", "unsicher*=0.7", "wertlos*", "schäm*=0.6", "versager*",
        "nicht gut genug", "selbstkriti*", "perfektionis*=0.5", "hochstapler*", "selbstbild*",
        "selbstliebe*", "autoestima*", "insegur*", "inútil*", "no valgo", "no soy suficiente",
        "vergüenza=0.6", "avergonz*=0.6", "fracas*=0.6", "autocrít*", "perfeccionis*=0.5",
        "confianza en mí", "amor propio", "autoimagen", "estime de soi", "confiance en soi",
    ),
    "trauma": (
        "trauma*", "abuse*", "abusive", "assault*", "raped", "rape", "molest*", "violence",
        "violent=0.6", "accident=0.7", "accidents=0.7", "flashback*", "nightmare*=0.5",
        "triggered=0.5", "childhood=0.4", "neglect*=0.6", "survivor*=0.6", "dissociat*",
        "hypervigilan*", "domestic violence", "hit me", "hits me", "beat me", "beats me",
        "hurt me=0.6", "loud noise*=0.5", "startl*=0.5", "*trauma*", "missbrauch*", "*missbrauch*",
        "misshandl*", "gewalt*", "*gewalt*", "vergewalt*", "schlägt mich", "geschlagen=0.7",
        "übergriff*", "unfall*", "*unfall*", "überfall*", "kindheit=0.4", "dissoziat*",
        "vernachlässig*=0.6", "albtr*=0.5", "alptr*=0.5", "traumát*", "me pega", "me pegaba",
        "me golpea*", "golpe*=0.6", "abuso*", "abusad*", "maltrat*", "violencia*", "violent*=0.6",
        "agresión*=0.5", "violación*", "violad*", "accidente*=0.7", "asalt*", "infancia=0.4",
        "disocia*", "pesadilla*=0.5", "abus*",
    ),
    "ptsd": (
        "ptsd", "cptsd", "post traumatic*", "posttraumatic*", "veteran*", "combat*=0.7",
        "the war=0.6", "a war=0.6", "war veteran*", "deployment*", "military", "soldier*",
        "first responder*", "afghanistan", "iraq", "deployed", "ptbs", "posttraumat*",
        "belastungsstörung*", "soldat*", "bundeswehr", "krieg*=0.7", "tept", "postraumát*",
        "post traumát*", "guerra*=0.7", "militar*", "soldad*", "tspt",
    ),
    "grief": (
        "grief", "griev*", "mourn*", "bereave*", "loss=0.7", "losses=0.7", "lost my", "died",
        "dying=0.5", "death*", "dead=0.5", "passed away", "widow*", "funeral*", "deceased",
        "miss him=0.6", "miss her=0.6", "miscarriage*=0.5", "stillbirth*=0.5", "trauer*",
        "*trauer*", "trauern", "verlust*", "*verlust*=0.6", "verstorb*", "gestorben", "starb",
        "tod", "todes*", "tode", "beerdigung*", "witwe*", "verwitwet", "beisetzung",
        "abschied*=0.5", "vermisse*=0.5", "fehlgeburt*=0.5", "duelo", "duelos", "luto",
        "!pérdida*=0.6", "perdí a", "perder a", "falleci*", "murió", "muri*", "muerte*",
        "muerto*=0.6", "viud*", "funeral*", "entierro*", "echo de menos=0.5", "deuil", "décès",
        "perte*=0.6", "morte*", "perda*", "faleceu",
    ),
    "couples": (
        # Naming a partner is context more often than topic: person words count 0.6, the
        # problems of a couple (affair, divorce, jealousy) count fully.
        "couples", "couple=0.4", "as a couple", "couples therap*", "marriage*", "married",
        "marital", "spouse*=0.6", "husband*=0.6", "wife=0.6", "wives=0.6", "partner*=0.6",
        "boyfriend*=0.6", "girlfriend*=0.6", "fiance*=0.6", "divorc*=0.8", "separation=0.5",
        "separated=0.6", "break up", "broke up", "breakup*", "cheat*", "affair*", "infidel*",
        "unfaithful", "jealous*", "intimacy", "intimate", "sex life", "libido", "paartherap*",
        "paarberat*", "paare", "paarprobl*", "paarbezieh*", "ehepaar*", "ehe", "ehemann*=0.6",
        "ehefrau*=0.6", "mein mann=0.6", "meinem mann=0.6", "meine frau=0.6", "meiner frau=0.6",
        "eheprobl*", "ehekrise*", "eheleute", "freund=0.4", "freundin=0.4", "trennung*", "getrennt",
        "scheidung*", "geschieden", "streit*=0.6", "streiten=0.6", "affäre*", "fremdgeh*",
        "fremdgegangen", "betrog*", "eifersucht*", "eifersüchtig*", "intimität*", "verliebt=0.4",
        "hochzeit*=0.5", "verlobt*=0.5", "pareja*=0.8", "matrimoni*", "marido*=0.6", "esposo*=0.6",
        "esposa*=0.6", "novio*=0.6", "novia*=0.6", "divorci*", "separación*=0.6", "separad*=0.6",
        "celos*", "celoso*", "discut*=0.6", "discusión*=0.6", "pelea*=0.6", "peleamos=0.6",
        "engaña*=0.6", "engaño*=0.6", "amante*", "intimidad", "conyug*", "cónyug*", "ruptura*",
        "époux", "conjoint*", "casal", "casamento*", "namorad*=0.6",
    ),
    "relationships": (
        "relationship*", "dating", "attachment*=0.6", "boundar*=0.4", "communicat*=0.3",
        "conflict*=0.4", "love life", "beziehung*=0.8", "*beziehung*=0.8", "bindung*=0.5",
        "kommunikat*=0.3", "konflikt*=0.4", "liebe=0.3", "relación*=0.8", "relaciones=0.8",
        "apego=0.6", "comunicaci*=0.3", "conflicto*=0.4", "relacionamento*=0.8",
    ),
    "family": (
        # Relatives are mostly context ("my dad passed away" is about grief): 0.6 each, while
        # the family as a topic ("family conflict", "Familie") counts fully.
        "famil*", "parent*=0.7", "mother*=0.6", "mom=0.6", "moms=0.6", "mum=0.6", "mums=0.6",
        "mommy=0.6", "father*=0.6", "dad=0.6", "dads=0.6", "daddy=0.6", "son=0.6", "sons=0.6",
        "daughter*=0.6", "child*=0.7", "kid=0.6", "kids=0.6", "sibling*", "brother*=0.6",
        "sister*=0.6", "in law*", "stepparent*", "stepchild*", "stepfamil*", "stepmother*",
        "stepfather*", "grandparent*=0.6", "grandmother*=0.6", "grandfather*=0.6", "household=0.4",
        "eltern*=0.8", "mutter*=0.6", "vater*=0.6", "väter*=0.6", "papa=0.6", "mama=0.6",
        "sohn*=0.6", "söhne=0.6", "tochter*=0.6", "töchter*=0.6", "kinder*=0.7", "kindes*=0.7",
        "mein kind=0.6", "meinem kind=0.6", "unser kind=0.6", "unserem kind=0.6", "das kind=0.5",
        "geschwister*", "bruder*=0.6", "brüder*=0.6", "schwester*=0.6", "großeltern*=0.6",
        "schwieger*", "stiefvat*", "stiefmut*", "stiefkind*", "stieffamil*", "patchwork*",
        "padre*=0.6", "madre*=0.6", "hijo*=0.6", "hija*=0.6", "niño*=0.7", "niña*=0.7",
        "hermano*=0.6", "hermana*=0.6", "abuel*=0.6", "suegr*", "padrastro", "madrastra",
        "hogar=0.4", "enfant*=0.7", "filho*=0.6", "filha*=0.6", "mãe=0.6", "pai=0.6",
    ),
    "parenting": (
        "parenting", "parenthood", "toddler*", "tantrum*", "co parent*", "coparent*", "upbring*",
        "single mom", "single parent", "single mother", "single father", "discipline=0.4",
        "raising my=0.8", "erzieh*", "alleinerzieh*", "elternschaft", "elternrolle", "trotzphase*",
        "kleinkind*", "mutterrolle", "vaterrolle", "wutanfälle=0.5", "crianza", "criar", "criando",
        "berrinche*", "rabieta*", "pataleta*", "límites=0.4", "madre soltera", "padre soltero",
        "disciplina=0.4", "parentalit*", "parentalidade",
    ),
    "adolescents": (
        "teen*", "adolescen*", "youth*", "young people", "young person", "young adult*=0.7",
        "high school*", "school*=0.6", "student*=0.5", "puberty", "bully*=0.6", "bulli*=0.6",
        "homework=0.4", "classmate*=0.5", "jugendlich*", "pubert*", "schule*=0.6", "schüler*=0.6",
        "jugend*", "mobbing=0.6", "gemobbt=0.6", "abitur=0.4", "klassenkamerad*=0.5",
        "heranwachsend*", "joven*=0.7", "colegio*=0.6", "escuela*=0.6", "instituto=0.5",
        "acoso escolar", "estudiante*=0.5", "secundaria=0.6", "chaval*=0.6", "ado", "ados",
        "lycée*",
    ),
    "addiction": (
        "addict*", "alcohol*", "drink*=0.7", "drank=0.7", "drunk", "booze", "hangover*", "wine=0.5",
        "beer*=0.5", "vodka", "drug*=0.8", "cocaine", "heroin", "opioid*", "opiate*", "cannabis",
        "marijuana", "weed=0.6", "pills=0.5", "gambl*", "betting", "sober*", "sobriety", "relaps*",
        "substance*", "craving*", "withdrawal*=0.6", "rehab*", "twelve step", "12 step",
        "smoking=0.5", "nicotine", "porn*=0.5", "recovery=0.4", "sucht", "süchtig*", "suchterkr*",
        "suchtprobl*", "suchtthera*", "suchtmittel*", "suchtkrank*", "abhängig*", "*alkohol*",
        "trinke=0.6", "trinken=0.6", "trinkt=0.6", "getrunken=0.6", "betrunk*", "wein=0.4",
        "bier=0.4", "drogen*", "droge", "kokain*", "kiff*", "glücksspiel*", "spielsucht*",
        "spielautomat*", "kaufsucht*", "onlinesucht*", "mediensucht*", "internetsucht*",
        "handysucht*", "pornosucht*", "sexsucht*", "nüchtern*", "rückfall*", "entzug*",
        "rauchen=0.5", "tabletten=0.5", "medikamentenabh*", "adicci*", "adict*", "beber", "bebo",
        "bebe=0.7", "bebía", "bebiendo", "bebida*", "copas=0.5", "borrach*", "resaca*", "droga*",
        "drogadic*", "cocaína", "porro*", "marihuana", "apuesta*", "apostar", "ludopat*", "casino*",
        "recaíd*", "recaer", "sobrio*", "sobriedad", "abstinencia", "consumo=0.6", "sustancia*",
        "dependencia=0.6", "enganchad*", "fumar=0.5", "tabaco=0.5", "alcool*", "drogue*",
        "dépendance*=0.6", "vício*", "viciad*",
    ),
    "eating-disorders": (
        "eating", "eat=0.7", "ate=0.5", "food*=0.7", "binge*", "purg*", "vomit*", "throw up",
        "threw up", "anorex*", "bulimi*", "arfid", "weight*=0.7", "calori*", "diet*=0.7",
        "body image", "thin=0.5", "fat=0.4", "starv*", "meal*=0.6", "laxative*", "overeat*",
        "orthorexi*", "mirror=0.4", "kilo*=0.6", "lbs=0.6", "skinny=0.5", "essen=0.7", "esse=0.6",
        "isst=0.6", "gegessen=0.6", "essstör*", "*essstör*", "essanfall*", "essanfäll*",
        "essverhalt*", "esssucht*", "fressattack*", "fressanfall*", "heißhunger*", "magersucht*",
        "magersüchtig*", "erbrech*", "übergeben=0.5", "gewicht*=0.7", "abnehm*=0.6", "zunehm*=0.6",
        "diät*", "hungern", "körperbild*", "figur=0.5", "dick=0.4", "mahlzeit*=0.6", "comer",
        "comiendo", "comida*=0.7", "atracón*", "atracones", "peso=0.7", "adelgaz*", "engord*",
        "imagen corporal", "alimentari*", "alimentaci*=0.7", "hambre=0.4", "ayun*=0.5",
        "delgad*=0.5", "gorda=0.4", "gordo=0.4", "espejo=0.4", "alimentaire*", "manger", "boulimi*",
    ),
    "adhd": (
        "adhd", "attention deficit", "hyperactiv*", "distract*", "focus*=0.4", "can t focus",
        "cannot focus", "trouble focusing", "concentrat*=0.7", "procrastin*", "impulsiv*=0.6",
        "forgetful*", "disorganized", "disorganised", "fidget*", "executive function*",
        "time blindness", "neurodiverg*", "neurodivers*", "hyperfocus*", "adhs",
        "aufmerksamkeitsdefizit*", "hyperaktiv*", "konzentr*=0.7", "ablenk*", "abgelenkt",
        "prokrastin*", "aufschieb*", "vergesslich*", "zerstreut*", "chaotisch=0.5", "unaufmerksam*",
        "tdah", "hiperactiv*", "déficit de atención", "déficit atencional", "distra*",
        "concentr*=0.7", "olvid*=0.4", "despist*", "desorganiz*",
    ),
    "ocd": (
        "ocd", "obsess*", "compuls*", "intrusive thought*", "intrusive=0.8", "ritual*=0.7",
        "checking=0.6", "double check*", "contaminat*", "germs", "germ=0.5", "hand washing",
        "handwashing", "wash my hands", "symmetr*=0.6", "counting=0.4", "stove=0.5", "exact number",
        "something bad=0.5", "hoarding", "hoard*", "tics=0.5", "tourette*", "unwanted thought*",
        "erp=0.6", "zwang*", "*zwang*", "kontrollier*=0.6", "waschen=0.4", "hände waschen",
        "aufdringliche gedanken", "ungewollte gedanken", "herd=0.5", "messie*", "horten",
        "keime=0.4", "toc", "obsesi*", "compulsi*", "intrusiv*", "comprob*=0.6", "reviso=0.5",
        "revisar=0.4", "lavarme las manos", "lavar*=0.4", "contamina*", "gérmenes", "estufa=0.5",
        "manías=0.5", "número exacto", "algo malo=0.5",
    ),
    "stress": (
        "stress*", "overwhelm*", "pressure*=0.7", "under pressure", "tension=0.4",
        "too much on my plate", "juggling=0.4", "deadline*=0.6", "*stress*", "überford*",
        "überlast*", "druck=0.6", "leistungsdruck*", "zeitdruck*", "termindruck*", "anspannung=0.4",
        "belastung*=0.7", "hektik=0.5", "estrés*", "estres*", "agobi*", "abrumad*", "presión*=0.7",
        "tensión*=0.4", "sobrecarg*", "surmenage", "débord*",
    ),
    "burnout": (
        "burnout*", "burn out", "burned out", "burnt out", "exhaust*=0.8", "drained", "depleted",
        "running on empty", "switch off=0.5", "compassion fatigue", "*burnout*", "ausgebrannt*",
        "erschöpf*=0.8", "ausgelaugt*", "abschalten=0.6", "überarbeit*", "quemad*=0.7",
        "agotad*=0.8", "agotamiento", "desconectar=0.5", "sin fuerzas", "épuis*",
    ),
    "work": (
        "work=0.3", "working=0.3", "job*", "boss*", "manager=0.5", "career*", "office=0.6",
        "colleague*", "coworker*", "co worker*", "workplace*", "overtime", "workload*", "employer*",
        "promotion=0.5", "fired=0.6", "laid off", "layoff*", "unemploy*", "meeting*=0.4",
        "workaholic*", "arbeit=0.3", "arbeite=0.3", "arbeiten=0.3", "arbeitsplatz*",
        "arbeitsstelle*", "arbeitgeber*", "arbeitslos*", "arbeitszeit*", "chef", "chefin", "chefs",
        "vorgesetzt*", "kolleg*", "beruf*=0.7", "büro*", "überstund*", "karriere*", "gekündigt",
        "kündigung*", "mobbing=0.4", "trabaj*=0.3", "jefe*", "jefa*", "empleo*", "oficina*",
        "compañeros de trabajo", "laboral*", "carrera profesional", "despid*=0.6", "desempleo",
        "horas extra*", "reunión*=0.4", "travail*=0.3", "collègue*", "trabalho=0.3", "chefe",
    ),
    "anger": (
        "anger*", "angry", "angrier", "rage*", "raging", "furious", "fury", "temper", "tempers",
        "irritab*", "irritated=0.7", "lash out", "lashing out", "yell", "yelled", "yelling",
        "yells", "scream*=0.7", "shout*", "aggress*", "hostil*", "resent*=0.6", "outburst*",
        "snap at", "snapped at", "explode=0.5", "blow up", "frustrat*=0.5", "punch*=0.5", "wut",
        "wütend*", "wutanf*", "wutausbr*", "ärger*", "zorn*", "jähzorn*", "gereizt*", "reizbar*",
        "schreie=0.7", "schreien=0.7", "anschrei*", "schrie=0.7", "brüll*", "ausrast*",
        "explodier*=0.6", "impulskontroll*", "frust*=0.5", "hass=0.5", "hasse=0.5", "ira", "enojo*",
        "enojad*", "enfad*", "rabia*", "furia*", "furios*", "cólera", "agresiv*", "irrit*=0.6",
        "grit*", "explot*=0.5", "pierdo los nervios", "perder los nervios", "frustra*=0.5",
        "rencor*", "resentimiento*", "odio=0.5", "colère",
    ),
    "lgbtq": (
        "lgbt*", "lgtb*", "gay", "gays", "lesbian*", "bisexual*", "queer*", "trans", "transgender*",
        "nonbinary", "non binary", "genderqueer", "coming out", "came out", "come out=0.7",
        "homosexu*", "sexual orientation", "homophob*", "transphob*", "closet*=0.5", "asexual*",
        "intersex", "pronoun*=0.6", "same sex", "schwul*", "lesb*", "transident*", "transsexu*",
        "transfrau*", "transmann*", "nichtbinär*", "nicht binär", "outing=0.6",
        "sexuelle orientierung", "gleichgeschlecht*", "regenbogen*=0.5", "transgénero*",
        "transexual*", "no binari*", "salir del armario", "salí del armario", "armario=0.6",
        "orientación sexual", "homofob*", "transfob*", "diversidad sexual",
    ),
    "identity": (
        "identit*", "identid*", "*identit*", "who i am", "who i really am", "wrong body",
        "self discovery", "sense of self", "gender*=0.7", "cultural=0.5", "bicultural",
        "belong*=0.5", "authentic*=0.4", "purpose=0.4", "wer ich bin", "wer ich wirklich bin",
        "falschen körper", "geschlecht*=0.6", "zugehörigkeit*=0.5", "selbstfindung*",
        "migrationshintergrund=0.5", "sinnsuche*=0.5", "quién soy", "cuerpo equivocado",
        "género=0.6", "pertenencia=0.5", "autodescubr*", "propósito=0.4",
    ),
    "chronic-pain": (
        "pain", "pains", "painful", "ache=0.7", "aches=0.7", "aching=0.7", "headache*=0.7",
        "chronic*=0.8", "fibromyalg*", "migraine*", "arthritis", "back pain", "endometrios*",
        "flare*=0.4", "long covid", "ibs", "crps", "schmerz*", "*schmerz*", "chronisch*=0.8",
        "migräne*", "rheuma*", "arthrose", "dolor*", "crónic*=0.8", "fibromialg*", "migraña*",
        "jaqueca*", "artritis", "artrosis", "douleur*", "chronique*=0.8", "dor", "dores",
    ),
    "health": (
        "illness*", "ill=0.6", "sick=0.6", "sickness=0.6", "disease*", "diagnos*=0.7", "cancer*",
        "tumor*", "tumour*", "medical=0.6", "physical health", "health anxiety", "health problem*",
        "health issue*", "hypochondri*", "symptom*=0.6", "doctor*=0.5", "hospital*=0.6", "surgery",
        "disabilit*", "diabet*", "multiple sclerosis", "hiv", "tinnitus", "autoimmun*",
        "krank*=0.7", "*krankheit*", "erkrank*", "krebs*", "gesundheitlich*=0.6", "arzt*=0.5",
        "ärzt*=0.5", "krankenhaus*=0.6", "klinik*=0.4", "behinder*", "hypochond*",
        "multiple sklerose", "enferm*", "cáncer*", "problemas de salud", "médic*=0.5", "cirug*",
        "síntoma*=0.6", "discapacid*", "hipocondr*", "acúfeno*", "maladie*", "malade", "doença*",
        "doente",
    ),
    "perinatal": (
        "postpartum", "postnatal", "post partum", "perinatal", "prenatal", "antenatal", "pregnan*",
        "baby", "babies", "newborn*", "infant*=0.8", "birth", "births", "childbirth",
        "giving birth", "gave birth", "maternity", "maternal*", "breastfeed*", "breast feed*",
        "miscarriage*", "stillbirth*", "infertil*", "fertilit*", "ivf", "new mom", "new mother",
        "new dad", "new parent*", "motherhood", "c section", "nicu", "conceive",
        "trying to conceive", "schwanger*", "geburt", "geburten", "*geburt*", "säugling*",
        "neugeboren*", "wochenbett*", "postpartal*", "stillen=0.7", "stillzeit*", "fehlgeburt*",
        "kinderwunsch*", "unfruchtbar*", "künstliche befruchtung", "mutterschaft*", "mutterschutz",
        "elternzeit*", "entbindung*", "hebamme*", "kaiserschnitt*", "junge mutter", "embaraz*",
        "!bebé=0.8", "!bebés=0.8", "mi bebe=0.8", "un bebe=0.8", "nuestro bebe=0.8", "del bebe=0.8",
        "recién nacid*", "parto*", "posparto*", "postparto*", "puerperio", "lactancia*", "amamant*",
        "aborto*=0.8", "infertilid*", "fertilid*", "fecundaci*", "maternidad*", "materna*",
        "paternidad*", "cesárea*", "nacimiento*=0.7", "primeriza*", "grossesse*", "accouchement*",
        "maternité", "gravidez", "gestante*", "pós parto",
    ),
    "loneliness": (
        "lonel*", "alone=0.8", "isolat*", "no friends", "no one to talk to", "nobody=0.4",
        "left out", "friendless", "disconnected=0.6", "friends=0.3", "friendship*=0.4",
        "on my own=0.6", "solitude", "einsam*", "*einsam*", "allein*=0.8", "isolier*",
        "keine freunde", "niemand=0.4", "zurückgezogen*=0.6", "freunde=0.3", "freundschaft*=0.4",
        "soledad*", "sola=0.8", "solo=0.3", "solos=0.5", "solas=0.5", "aisla*", "sin amigos",
        "nadie=0.4", "amigos=0.3", "amigas=0.3", "amistad*=0.4", "desconectad*=0.5", "seul*=0.6",
        "solidão", "sozinh*",
    ),
    "life-transitions": (
        "transition*=0.8", "life change*", "big change*", "moved=0.5", "moving=0.5", "relocat*",
        "new city", "new country", "retire*", "empty nest*", "emigrat*", "immigra*", "expat*",
        "midlife", "mid life", "quarter life", "graduat*=0.5", "career change", "new chapter",
        "crossroads", "uncertain*=0.4", "starting over", "adjust*=0.5", "turning point", "umzug*",
        "umgezogen", "neue stadt", "neuen stadt", "neues land", "ausgewandert", "auswander*",
        "einwander*", "ruhestand*", "rente=0.6", "renteneintritt", "pension*=0.5", "neuanfang*",
        "neubeginn*", "veränderung*=0.7", "*veränderung*=0.7", "lebensphase*", "umbruch*",
        "übergang*", "wendepunkt*", "lebensmitte", "neuorientier*", "leeres nest",
        "orientierungslos*=0.5", "transici*", "cambio*=0.4", "cambios de vida", "cambio de vida",
        "mudanza*", "nueva ciudad", "otra ciudad", "nuevo país", "otro país", "me mudé",
        "nos mudamos", "mudarme", "emigr*", "inmigr*", "expatri*", "jubil*", "nido vacío",
        "mediana edad", "nueva etapa", "etapa=0.5", "empezar de nuevo", "empezar de cero",
        "encrucijada", "adaptaci*=0.5", "incertidumbre=0.4", "déménag*", "retraite", "mudança*",
        "aposentad*",
    ),
    "mindfulness": (
        "mindful*", "meditat*", "breathing exercise*", "relaxation*", "yoga", "self compassion",
        "acceptance and commitment", "achtsam*", "meditier*", "entspannung*", "atemübung*",
        "selbstmitgefühl*", "atención plena", "meditac*", "relajaci*", "autocompasi*",
        "pleine conscience",
    ),
    "cbt": (
        "cbt", "cognitive behavio*", "exposure*=0.6", "dbt", "dialectical", "schema therap*", "kvt",
        "verhaltenstherap*", "kognitiv*=0.7", "konfrontation*=0.5", "exposition*=0.5",
        "schematherap*", "tcc", "cognitivo conductual", "conductual*", "cognitiv*=0.7",
        "exposición*=0.5",
    ),
    "emdr": ("emdr", "eye movement", "desensiti*=0.5", "desensibiliz*"),
}
# fmt: on

# Words that look like lexicon words but are not: any token containing one of these parts is
# treated as unknown ("gemeinsam" is not "einsam", "Geburtstag" is not "Geburt").
# fmt: off
NOT_CONCEPTS: tuple[str, ...] = (
    "gemeinsam", "geburtstag", "gewaltig", "familiar", "fearless", "zwanglos", "zwangslaufig",
    "langst", "beziehungsweise", "muttersprach", "krankenkass", "depriv", "distraught",
)
# fmt: on

# Function words of the five languages and the vocabulary every bio shares; they say nothing
# about a topic, so the lexical part ignores them.
_STOP_WORDS_TEXT = """
    a about after again all also am an and any are as at be because been before being but by
    can could did do does doing down during each few for from further had has have having he
    her here hers him his how i if in into is it its just me more most my myself no nor not now
    of off on once only or other our ours out over own same she should so some such than that
    the their them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours s t m d ll re
    ve im ive dont cant really feel feeling felt like get got even still much many always never
    ab aber alle alles als also am an auch auf aus bei bin bis bist da damit dann das dass
    dein dem den der des dich die dir doch dort du durch ein eine einem einen einer eines er es
    etwas euch euer fur gegen gibt hab habe haben hat hatte ich ihm ihn ihnen ihr ihre im in
    ist ja jede jeder jetzt kann kein keine konnen mal man mehr mein meine meinem meinen meiner
    mich mir mit muss nach nicht nichts noch nur ob oder ohne schon sehr sein seine seit sich
    sie sind so soll sondern uber um und uns unser unter vom von vor war waren was weil wenn
    wer werde werden wie wieder will wir wird wo zu zum zur immer fuhle fuhlen gefuhl
    al algo como con cual cuando de del desde donde el ella ellas ellos en entre era es esa ese
    eso esta estaba estan estar este esto estoy fue ha hace hacer hasta hay la las le les lo
    los mas me mi mis mucho muy nada ni no nos o otra otro para pero poco por porque que se
    ser si sido sin sobre soy su sus tambien tengo tiene todo todos tu un una uno unos y ya yo
    siento sentir siempre nunca ahora
    au aux avec ce ces dans des du elle en et est il je la le les leur lui ma mais me mes moi
    mon ne nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vous
    ao aos com da das do dos ela ele em eu isso mas meu minha na nao nas no nos os ou para
    pela pelo por se sem seu sua um uma
    therapy therapist therapists therapie therapeut therapeutin therapeuten terapia terapeuta
    terapeutas therapeute psychotherapy psychotherapie psicoterapia psychologist psychologin
    psychologe psicologa psicologo help helping support supporting clients client klienten
    klientinnen pacientes paciente patients sessions session sitzungen sesiones years jahre
    anos experience erfahrung experiencia specialise specialize specialised specialized
    specialising specializing spezialisiert especializada especializado approach ansatz
    enfoque offer biete ofrezco online english englisch ingles deutsch aleman espanol spanisch
    spanish german
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())

_TOKEN_RE = re.compile(r"[^\W_]+")
_COMBINING_RE = re.compile(r"[\u0300-\u036f]")

Hits = tuple[tuple[int, float], ...]
Features = tuple[tuple[int, float], ...]


def fold(text: str) -> str:
    """Casefold and strip accents: "Schlafstörungen" -> "schlafstorungen", "ß" -> "ss"."""
    return _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text.casefold()))


def tokenize(text: str) -> list[str]:
    """The folded letter/digit runs of `text` (apostrophes and hyphens split words)."""
    return [_fold_token(token) for token in _raw_tokens(text)]


def _raw_tokens(text: str) -> list[str]:
    # Accents are kept at this stage: a few words differ only by them ("bebé" / "bebe").
    return _TOKEN_RE.findall(unicodedata.normalize("NFC", text.casefold()))


@lru_cache(maxsize=200_000)
def _fold_token(token: str) -> str:
    return fold(token)


def _umlaut_variants(term: str) -> set[str]:
    # Germans without an umlaut key write "ae/oe/ue"; fold() turns "ä" into "a". Both must match.
    variants = {term}
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        variants |= {v.replace(umlaut, spelled) for v in variants}
    return variants


class _Lexicon:
    """The compiled lexicon: lookup tables from folded words to (concept index, weight)."""

    def __init__(self) -> None:
        self.concepts: tuple[str, ...] = tuple(sorted(LEXICON))
        index = {name: i for i, name in enumerate(self.concepts)}
        unknown = (set(PARENTS) | set(PARENTS.values()) | set(CONCEPT_WEIGHTS)) - set(index)
        if unknown:
            raise ValueError(f"lexicon settings name unknown concepts: {sorted(unknown)}")
        self.parent: tuple[int, ...] = tuple(
            index[PARENTS[name]] if name in PARENTS else -1 for name in self.concepts
        )
        self.weight: tuple[float, ...] = tuple(
            CONCEPT_WEIGHTS.get(name, 1.0) for name in self.concepts
        )
        self.exact: dict[str, dict[int, float]] = {}
        self.prefix: dict[str, dict[int, float]] = {}
        # "!term": matched on the accented word only (its unaccented spelling means another word).
        self.accented_exact: dict[str, dict[int, float]] = {}
        self.accented_prefix: dict[str, dict[int, float]] = {}
        self.infix: dict[str, dict[int, float]] = {}
        self.phrases: dict[str, dict[tuple[str, ...], dict[int, float]]] = {}
        for name in self.concepts:
            for raw in LEXICON[name]:
                self._add(raw, index[name])
        self.prefix_lengths = sorted({len(stem) for stem in self.prefix}, reverse=True)
        self.accented_lengths = sorted({len(s) for s in self.accented_prefix}, reverse=True)
        self.never = tuple(fold(part) for part in NOT_CONCEPTS)
        self.slots = self._allocate_slots()

    def _add(self, raw: str, concept: int) -> None:
        term, _, weight_text = raw.partition("=")
        weight = float(weight_text) if weight_text else 1.0
        if term.startswith("!"):
            term = unicodedata.normalize("NFC", term[1:].casefold())
            if term.endswith("*"):
                _merge(self.accented_prefix.setdefault(term[:-1], {}), concept, weight)
            else:
                _merge(self.accented_exact.setdefault(term, {}), concept, weight)
            # "müde" written "muede" is unambiguous again: that spelling is an ordinary term.
            for variant in _umlaut_variants(term) - {term}:
                self._add_variant(fold(variant).strip(), concept, weight)
            return
        for variant in _umlaut_variants(term):
            self._add_variant(fold(variant).strip(), concept, weight)

    def _add_variant(self, term: str, concept: int, weight: float) -> None:
        words = term.split()
        if len(words) > 1:
            # Phrase: fold splits like the tokenizer does ("can't" -> "can t").
            parts = tuple(w for word in words for w in _split_keep_star(word))
            first, rest = parts[0], parts[1:]
            table = self.phrases.setdefault(first.rstrip("*"), {})
            _merge(table.setdefault(rest, {}), concept, weight)
        elif term.startswith("*") and term.endswith("*"):
            part = term.strip("*")
            if len(part) < 4:
                raise ValueError(f"infix term too short: {term!r}")
            _merge(self.infix.setdefault(part, {}), concept, weight)
        elif term.endswith("*"):
            stem = term[:-1]
            if len(stem) < 3:
                raise ValueError(f"prefix term too short: {term!r}")
            _merge(self.prefix.setdefault(stem, {}), concept, weight)
        else:
            _merge(self.exact.setdefault(term, {}), concept, weight)

    def _allocate_slots(self) -> tuple[tuple[tuple[int, float], ...], ...]:
        # Stable, collision-free: each concept takes SLOTS_PER_CONCEPT dimensions from a BLAKE2
        # stream seeded with its name, skipping dimensions another concept already owns.
        taken: set[int] = set()
        slots = []
        scale = 1.0 / math.sqrt(SLOTS_PER_CONCEPT)
        for name in self.concepts:
            own: list[tuple[int, float]] = []
            counter = 0
            while len(own) < SLOTS_PER_CONCEPT:
                digest = hashlib.blake2b(f"{name}#{counter}".encode(), digest_size=8).digest()
                counter += 1
                value = int.from_bytes(digest, "big")
                dimension = value % CONCEPT_DIMENSIONS
                if dimension in taken:
                    continue
                taken.add(dimension)
                own.append((dimension, scale if (value >> 32) & 1 else -scale))
            slots.append(tuple(own))
        return tuple(slots)

    def lookup(self, raw: str, token: str) -> Hits:
        """The concepts of one word (`raw` as written, `token` folded); empty when none."""
        if any(part in token for part in self.never):
            return ()
        found: dict[int, float] = {}
        accented = self.accented_exact.get(raw) or _longest_prefix(
            raw, self.accented_prefix, self.accented_lengths
        )
        if accented:
            found.update(accented)
        elif token in self.exact:
            found.update(self.exact[token])
        else:
            found.update(_longest_prefix(token, self.prefix, self.prefix_lengths) or {})
        for part, hit in self.infix.items():
            if len(token) > len(part) and part in token:
                for concept, weight in hit.items():
                    found[concept] = max(found.get(concept, 0.0), weight)
        return tuple(sorted(found.items()))

    def phrase_hits(self, tokens: Sequence[str], start: int) -> Hits:
        """Concepts of the phrases that begin at `tokens[start]`."""
        table = self.phrases.get(tokens[start])
        if not table:
            return ()
        found: dict[int, float] = {}
        for rest, hit in table.items():
            end = start + 1 + len(rest)
            if end <= len(tokens) and all(
                _word_matches(tokens[start + 1 + i], pattern) for i, pattern in enumerate(rest)
            ):
                for concept, weight in hit.items():
                    found[concept] = max(found.get(concept, 0.0), weight)
        return tuple(found.items())

    def fingerprint(self) -> str:
        """sha256 of everything that shapes the vectors: lexicon, settings, dimensions."""
        material = {
            "lexicon": LEXICON,
            "parents": PARENTS,
            "weights": CONCEPT_WEIGHTS,
            "never": NOT_CONCEPTS,
            "stop": sorted(STOP_WORDS),
            "numbers": [
                EMBEDDING_DIMENSIONS,
                CONCEPT_DIMENSIONS,
                SLOTS_PER_CONCEPT,
                LEXICAL_SHARE,
                PARENT_SHARE,
                TRIGRAM_WEIGHT,
            ],
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _longest_prefix(
    token: str, table: dict[str, dict[int, float]], lengths: list[int]
) -> dict[int, float] | None:
    for length in lengths:
        if length <= len(token):
            hit = table.get(token[:length])
            if hit is not None:
                return hit
    return None


def _split_keep_star(word: str) -> list[str]:
    star = word.endswith("*")
    parts = _TOKEN_RE.findall(word.rstrip("*"))
    if star and parts:
        parts[-1] += "*"
    return parts


def _merge(table: dict[int, float], concept: int, weight: float) -> None:
    table[concept] = max(table.get(concept, 0.0), weight)


def _word_matches(token: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return token.startswith(pattern[:-1])
    return token == pattern


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


@lru_cache(maxsize=200_000)
def _analyse(raw: str) -> tuple[str, Hits, Features]:
    """A word's folded form and concept hits, or (when it has none) its hashed features."""
    token = _fold_token(raw)
    hits = _lexicon().lookup(raw, token)
    if hits or token in STOP_WORDS or len(token) < 2 or token.isdigit():
        return token, hits, ()
    features: dict[int, float] = {}
    _hash_feature(features, f"w:{token}", 1.0)
    padded = f"<{token}>"
    for i in range(len(padded) - 2):
        _hash_feature(features, padded[i : i + 3], TRIGRAM_WEIGHT)
    return token, (), tuple(features.items())


def _hash_feature(features: dict[int, float], feature: str, weight: float) -> None:
    value = zlib.crc32(feature.encode())
    dimension = LEXICAL_START + value % LEXICAL_DIMENSIONS
    signed = weight if (value >> 31) & 1 else -weight
    features[dimension] = features.get(dimension, 0.0) + signed


class LocalLexiconEmbedder:
    """Deterministic offline embedder (see the module docstring for how and why)."""

    model_id: str = MODEL_ID

    def __init__(self) -> None:
        self._lexicon = _lexicon()

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One unit vector of 1024 floats per text."""
        return [self.embed_one(text) for text in texts]

    def embed_one(self, text: str) -> list[float]:
        """The unit vector of one text."""
        analysed = _analyse_text(self._lexicon, text)
        if analysed is None:
            return blank_vector()
        raw, lexical = analysed
        values: dict[int, float] = {}
        for concept, strength in enumerate(_strengths(self._lexicon, raw, with_parents=True)):
            if strength:
                for dimension, sign in self._lexicon.slots[concept]:
                    values[dimension] = sign * strength
        return _combine(values, lexical)

    @staticmethod
    def fingerprint() -> str:
        """sha256 of the lexicon and parameters; must match MODEL_FINGERPRINT for MODEL_ID."""
        return _lexicon().fingerprint()


def _analyse_text(lexicon: _Lexicon, text: str) -> tuple[list[float], dict[int, float]] | None:
    """Each concept's raw weight in `text` (words and phrases) and its hashed lexical features;
    None when the text has no word at all."""
    words = _raw_tokens(text)
    if not words:
        return None
    raw = [0.0] * len(lexicon.concepts)
    lexical: dict[int, float] = {}
    tokens: list[str] = []
    phrase_starts: list[int] = []
    for word in words:
        token, hits, features = _analyse(word)
        if token in lexicon.phrases:
            phrase_starts.append(len(tokens))
        tokens.append(token)
        for concept, weight in hits:
            raw[concept] += weight
        for dimension, value in features:
            lexical[dimension] = lexical.get(dimension, 0.0) + value
    for position in phrase_starts:
        for concept, weight in lexicon.phrase_hits(tokens, position):
            raw[concept] += weight
    return raw, lexical


def _strengths(lexicon: _Lexicon, raw: list[float], *, with_parents: bool) -> list[float]:
    """What each concept's dimensions hold: 1 + ln(total weight) past 1, times the concept's
    weight; with parents, a child passes PARENT_SHARE of its raw weight on (one level)."""
    total = list(raw)
    if with_parents:
        for concept, weight in enumerate(raw):
            parent = lexicon.parent[concept]
            if weight and parent >= 0:
                total[parent] += PARENT_SHARE * weight
    return [
        ((1.0 + math.log(weight) if weight > 1.0 else weight) * lexicon.weight[concept])
        if weight > 0.0
        else 0.0
        for concept, weight in enumerate(total)
    ]


def concept_strengths(text: str, *, with_parents: bool = True) -> dict[str, float]:
    """The lexicon's concepts named in `text`, by name, with the strength the vector gives them
    (the concept space the matching formula and its reasons read, whatever the provider)."""
    lexicon = _lexicon()
    analysed = _analyse_text(lexicon, text)
    if analysed is None:
        return {}
    strengths = _strengths(lexicon, analysed[0], with_parents=with_parents)
    return {lexicon.concepts[i]: s for i, s in enumerate(strengths) if s > 0.0}


def concepts() -> tuple[str, ...]:
    """Every concept of the lexicon, sorted by name."""
    return _lexicon().concepts


def _combine(concepts: dict[int, float], lexical: dict[int, float]) -> list[float]:
    concept_norm = math.sqrt(sum(v * v for v in concepts.values()))
    lexical_norm = math.sqrt(sum(v * v for v in lexical.values()))
    if concept_norm and lexical_norm:
        concept_scale = math.sqrt(1.0 - LEXICAL_SHARE) / concept_norm
        lexical_scale = math.sqrt(LEXICAL_SHARE) / lexical_norm
    elif concept_norm:
        concept_scale, lexical_scale = 1.0 / concept_norm, 0.0
    elif lexical_norm:
        concept_scale, lexical_scale = 0.0, 1.0 / lexical_norm
    else:
        # Only stop words, digits or hash features that cancelled out: nothing to say.
        return blank_vector()
    vector = [0.0] * EMBEDDING_DIMENSIONS
    for dimension, value in concepts.items():
        vector[dimension] = value * concept_scale
    for dimension, value in lexical.items():
        vector[dimension] = value * lexical_scale
    return vector
