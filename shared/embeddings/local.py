"""The offline embedder: a multilingual concept lexicon plus hashed character trigrams.

Why this works
--------------
Matching a journal entry to a therapist is mostly a question of *topic*: panic, sleep, grief,
couples, addiction... Therapist bios name their topics plainly, and entries describe them in a
small, predictable vocabulary ("can't sleep", "Panikattacken", "no puedo dormir"). So instead of
a neural model, a curated lexicon maps words in English, German, Spanish, French, Italian and
Portuguese onto 31 language-independent *concepts*. Because the concept ids are shared across
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
It is a deterministic offline stand-in for a real embedding model, not one:
- It knows topics, not meaning: negation ("I sleep fine") still counts as sleep, and irony,
  context or severity are invisible. A bio that lists ten specialties matches each one weakly.
- Measured alone through the matching formula of lexicon v2 (README "Matching"), the right
  specialist came first for 96% of the tuning set (`tests/matching_cases.py`, written together
  with this lexicon) but only 62% of the frozen held-out set (`tests/data/matching_heldout.json`,
  written without looking at any embedder), and was in the top 3 for 80%. That gap is why an
  entry's concerns now come from a trained classifier (`shared.domain.concern_classifier`);
  this lexicon still reads the bios' similarity, the declared specialty slugs and the reasons'
  phrases. New phrasings must never be found in the held-out set.
- Vocabulary outside the lexicon only meets itself through the small lexical part; languages
  beyond en/de/es/fr/it/pt get only that part. Spelling mistakes inside lexicon words miss.
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

MODEL_ID = "local-lexicon-v2"
# sha256 of the lexicon and parameters this MODEL_ID stands for (see `lexicon_fingerprint`).
# A test compares it with the computed one: edit the lexicon -> bump MODEL_ID and this value.
MODEL_FINGERPRINT = "93612cc57945f84619c752f69fe9a31cd666bdd410455069e193248587f4ed7d"

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
        # fr / it / pt, and everyday words in every language
        "jittery", "jumpy=0.5", "unsettled=0.5", "terrified", "terror*=0.6", "agoraphob*",
        "claustrophob*", "butterflies=0.4", "stage fright", "panicky", "freaking out=0.6",
        "freak out=0.6", "can t relax=0.6", "constant worry", "edgy=0.5", "wound up=0.6",
        "keyed up=0.6", "ruminat*=0.6", "knot in my stomach=0.7", "stomach in knots=0.7",
        "uneasiness", "social anxiety=1", "avoid*=0.3", "nervousness", "bammel", "lampenfieber",
        "beklemm*=0.6", "klaustrophob*", "sozialphob*", "soziale phobie", "ängste=0.9",
        "panisch=0.6", "aufgeregt=0.5", "sorgen mache=0.8", "mache mir sorgen",
        "mache mir ständig sorgen", "zerbrech*=0.4", "agorafob*", "claustrofob*", "agobio=0.6",
        "agobiad*=0.5", "nerviosa", "nervioso", "me preocupa*", "intranquilidad", "me da miedo",
        "aterr*=0.7", "temo=0.6", "pánico escénico", "crainte*", "craindre", "crains", "nerveu*",
        "trac=0.6", "timide*=0.5", "sueur*=0.4", "ruminer", "rumin*=0.5", "inquiétude*",
        "stressé=0.4", "angoissé*", "ansia", "ansie", "paura*", "nervos*", "timor*", "angosci*",
        "agitat*=0.5", "rimugin*=0.6", "tremare=0.5", "tremo=0.5", "preoccupazion*",
        "terrorizzat*=0.7", "receio*", "aflit*", "aflicao", "aflição", "tremer=0.5", "apreensi*",
        "nervosismo", "pavor=0.7",
        "can t stop thinking", "mind won t stop", "mind racing", "spiraling", "spiralling",
        "worst case", "lump in my throat=0.4", "sick with worry", "nervous wreck",
        "reassurance=0.5", "shaky=0.5", "sweaty palms", "people judging=0.6", "judged=0.5",
        "embarrass*=0.5", "stammer*=0.4", "stutter*=0.4", "kopfkino", "gedanken kreisen",
        "gedanken drehen", "kloß im hals", "aufgewühlt", "peinlich=0.5", "blamier*=0.6",
        "menschenmengen=0.5", "zittrig=0.5", "no paro de pensar", "dar vueltas", "le doy vueltas",
        "nudo en el estómago", "me agobio", "me bloqueo=0.5", "me juzgan=0.5", "ridículo=0.5",
        "je n arrête pas de penser", "souci*=0.7", "boule au ventre", "noeud à l estomac",
        "jugé*=0.4", "ridicule=0.4", "non smetto di pensare", "nodo allo stomaco", "giudicat*=0.4",
        "não paro de pensar", "nó no estômago", "julgad*=0.4",
        "worried sick", "constantly on alert=0.5", "unease", "jitters=0.6", "nausea=0.3",
        "feel sick=0.3", "something terrible=0.6", "mulmig=0.6", "übelkeit=0.3", "náuseas=0.3",
        "mal presentimiento=0.5", "nausée*=0.3",
        "mind goes blank", "blanking=0.4", "clammy=0.5", "can t think about anything else=0.4",
        "schnürt=0.6", "kehle zu=0.6",
    ),
    "panic": (
        "panic*", "heart racing", "racing heart", "heart pounding", "pounding heart", "palpitat*",
        "hyperventilat*", "can t breathe", "cannot breathe", "short of breath", "tight chest=0.6",
        "chest=0.4", "dizzy=0.4", "faint*=0.5", "attacks=0.3", "panik*", "*panik*", "herzrasen",
        "herzklopf*", "herzstolp*", "atemnot", "luftnot", "keine luft", "hyperventil*",
        "schwindel*=0.4", "taquicardi*", "palpitaci*", "falta el aire", "falta de aire",
        "no puedo respirar", "ahog*=0.6", "hiperventil*", "mareo*=0.4", "ataques=0.3", "paniq*",
        # fr / it / pt, and everyday words in every language
        "heart attack=0.5", "losing control=0.4", "going to die=0.5", "choking=0.5",
        "can t catch my breath", "catch my breath", "chest pain*=0.5", "pins and needles=0.4",
        "derealization=0.5", "derealisation=0.5", "panisch*=0.5", "todesangst", "herzinfarkt=0.4",
        "engegefühl=0.5", "brustenge=0.5", "ersticken=0.5", "bekomme keine luft",
        "ataque al corazón=0.5", "infarto=0.4", "opresión en el pecho", "pecho=0.4",
        "me falta el aire", "crise d angoisse", "crises d angoisse", "coeur qui bat",
        "mon coeur bat=0.6", "cœur qui bat", "étouff*=0.6", "j étouffe", "souffle=0.4",
        "vertige*=0.4", "tachycard*", "tachicardi*", "cuore che batte", "batticuore", "palpitaz*",
        "fiato=0.4", "non riesco a respirare", "soffoc*=0.6", "vertigin*=0.4", "capogir*=0.4",
        "iperventil*", "coração acelerado", "coração disparado", "falta de ar",
        "não consigo respirar", "sufoc*=0.6", "tontura*=0.4", "palpitac*",
        "out of nowhere=0.4", "thought i was dying", "thought i was going to die",
        "losing my mind=0.5", "going crazy=0.4", "tingling=0.4", "attack=0.3", "episode*=0.3",
        "anfall=0.4", "anfälle=0.4", "dachte ich sterbe", "kribbeln=0.4",
        "druck auf der brust=0.5", "crisis=0.4", "me iba a morir", "creí que me moría",
        "hormigueo=0.4", "sudor frío", "crise*=0.4", "j ai cru mourir", "fourmillements",
        "crisi=0.4", "pensavo di morire", "formicolio", "achei que ia morrer", "formigamento",
        "aperto no peito=0.6",
    ),
    "sleep": (
        "sleep*", "slept", "asleep", "insomni*", "awake=0.8", "wake up=0.6", "waking=0.6",
        "woke=0.6", "nightmare*=0.5", "bedtime=0.7", "tired*=0.5", "fatigue*=0.5", "night*=0.4",
        "melatonin*", "snor*=0.7", "apnea", "apnoea", "schlaf*", "*schlaf*", "schläf*", "wach=0.8",
        "wache=0.6", "wachliegen", "wachlieg*", "wachgelegen", "aufwach*=0.8", "!müde=0.5",
        "!müdigkeit=0.5", "nachts=0.5", "nacht=0.4", "nächte*=0.4", "albtr*=0.5", "alptr*=0.5",
        "dormir", "duerm*", "dormi*", "sueño=0.8", "desvel*", "despiert*=0.6", "noche*=0.4",
        "madrugada*=0.5", "pesadilla*=0.5", "cansad*=0.5", "cansancio=0.5", "sommeil*", "nuit*=0.4",
        "cauchemar*=0.5", "insoni*", "noite*=0.4",
        # fr / it / pt, and everyday words in every language
        "toss and turn", "tossing and turning", "drift off=0.5", "doze*=0.5", "nap*=0.4",
        "sleepy=0.7", "jet lag=0.5", "restless nights", "insomniac", "night owl=0.5",
        "up all night", "stay awake", "lying awake", "schlaflos*", "durchschlaf*", "einschlaf*",
        "übermüdet=0.6", "gerädert=0.4", "no pego ojo", "pegar ojo", "desvelo*", "me despierto",
        "dormido=0.6", "dormida=0.6", "somnolencia", "dors", "endorm*", "réveil*=0.6", "réveillé*",
        "nuits blanches", "nuit blanche", "fatigu*=0.4", "je dors", "sonno", "dormo", "insonn*",
        "sveglio*=0.7", "sveglia*=0.6", "mi sveglio", "notte=0.4", "notti=0.4", "incubo=0.5",
        "incubi=0.5", "stanco=0.5", "stanca=0.5", "stanchi=0.5", "stanche=0.5", "addorment*",
        "riposare=0.4", "meu sono", "o sono", "de sono", "do sono", "com sono", "sem dormir",
        "durmo", "acordar=0.5", "desperto*=0.6", "pesadelo*=0.5", "adormec*", "insónia", "insônia",
        "3am=0.5", "4am=0.5", "bed=0.3", "pillow=0.3", "staring at the ceiling=0.6",
        "sleeping pills", "bett=0.3", "an die decke starren", "cama=0.3", "letto=0.3",
        "alarm=0.4", "lie there=0.4", "kein auge zu", "tagsüber müde=0.6",
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
        # fr / it / pt, and everyday words in every language
        "feeling down", "feel down", "feels down", "the blues", "unhappy=0.6", "despair*=0.7",
        "lost interest", "no interest", "apath*", "listless", "burden=0.4", "give up=0.5",
        "giving up=0.5", "want to die", "wanting to die", "better off dead", "don t want to live",
        "will to live", "stopped enjoying", "can t enjoy", "no joy", "no pleasure", "heavy heart",
        "worthless=0.5", "grey=0.3", "gray=0.3", "meaningless", "keine lust=0.7", "keinen sinn",
        "keine kraft=0.6", "keine freude", "freude verloren", "will nicht mehr=0.7",
        "mag nicht mehr=0.6", "sterben will", "todessehnsucht", "unglücklich*=0.6", "schwarzseh*",
        "grau=0.3", "perspektivlos*", "desgana", "sin ilusión", "no tengo ganas", "ganas de morir",
        "quiero morir", "morirme", "no quiero vivir", "infeliz=0.6", "bajón", "hundid*=0.6",
        "déprim*", "desespoir", "désespoir", "pleur*=0.6", "envie de rien", "plus envie",
        "aucune envie", "me tuer", "en finir", "envie de mourir", "idées noires", "cafard=0.7",
        "sans énergie", "rester au lit=0.6", "sortir du lit=0.5", "à quoi bon", "morose",
        "abattu*", "malheureu*=0.6", "sans espoir", "vuot*=0.7", "senza speranza", "disperat*=0.7",
        "piang*=0.6", "pianto=0.6", "voglia di niente", "nessuna voglia", "non ho voglia=0.7",
        "senza energia", "uccidermi", "farla finita", "togliermi la vita", "alzarmi dal letto",
        "dal letto=0.5", "mi sento giù", "giù=0.4", "abbattut*", "demotiv*", "malincon*",
        "infelice=0.6", "vazia=0.7", "sem esperança", "chorar=0.6", "choro=0.6", "chorando=0.6",
        "chorei=0.6", "sem vontade", "vontade de nada", "nenhuma vontade", "sem energia",
        "me matar", "acabar com tudo", "sair da cama", "sem sentido", "infeliz=0.6", "deprê",
        "stay in bed=0.6", "don t enjoy", "nothing makes me happy", "nothing brings me joy",
        "lost all interest", "withdrawn=0.5", "dark thoughts", "black hole=0.5", "fog=0.4",
        "tearful", "hollow=0.6", "going through the motions", "can t be bothered=0.6",
        "no reason to live", "what s the point", "tired of everything", "tired of life",
        "keine energie", "schaffe nichts=0.5", "nichts macht mir freude", "nichts macht mehr spaß",
        "alles grau", "schwarzes loch", "nebel=0.3", "weinerlich", "zu nichts lust",
        "keinen bock=0.6", "im bett=0.4", "sin ánimo", "nada me hace ilusión", "nada me ilusiona",
        "me cuesta levantarme", "no me apetece nada", "no disfruto", "agujero negro",
        "ya no disfruto", "goût à rien", "je ne fais plus rien", "aucun plaisir", "trou noir",
        "broyer du noir", "je pleure", "non mi interessa più niente", "nessun piacere",
        "non provo più piacere", "buco nero", "tutto grigio", "nada me dá prazer", "sem prazer",
        "buraco negro", "tudo cinzento", "não tenho ânimo", "sem ânimo",
        "can t feel anything=0.6", "don t feel anything=0.6", "feel nothing=0.6", "stuck=0.3",
        "isolate myself=0.4", "don t want to see anyone=0.4", "all day in bed", "lying in bed",
        "weighed down", "fühle nichts=0.6", "aufraffen=0.6", "den ganzen tag im bett",
        "tränen=0.5", "no siento nada=0.6", "lágrimas=0.5", "todo el día en la cama",
        "je ne ressens rien=0.6", "larmes=0.5", "non sento niente=0.6", "lacrime=0.5",
        "não sinto nada=0.6", "lágrimas=0.5",
        "haven t left the house=0.6", "left the house=0.4", "leave the house=0.4",
        "stopped answering=0.5", "shut myself away=0.5",
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
        # fr / it / pt, and everyday words in every language
        "never good enough", "not enough=0.6", "useless=0.5", "self loathing", "self hatred",
        "ugly=0.5", "loser=0.6", "not worth", "disappointment=0.4", "stupid=0.4", "unlovable",
        "nicht genug", "nie genug", "selbsthass", "hasse mich", "hässlich=0.5", "nutzlos*=0.7",
        "unfähig*=0.6", "nichts wert", "selbstsicher*", "selbstachtung", "versagt=0.6", "no sirvo",
        "no valgo nada", "me odio", "inseguridad", "fea=0.4", "feo=0.4", "poca confianza",
        "valgo menos", "manque de confiance", "je suis nul", "je suis nulle", "pas à la hauteur",
        "pas assez bien", "honte=0.6", "complexé*", "dévaloris*", "sans valeur", "imposteur*",
        "perfectionnis*=0.5", "je me déteste", "moche=0.4", "autostima", "fiducia in me",
        "fiducia in me stess*", "insicur*", "non valgo niente", "non sono abbastanza",
        "all altezza", "vergogn*=0.6", "fallit*=0.6", "un fallimento", "perfezionis*=0.5",
        "mi odio", "brutta=0.4", "auto estima", "não valho nada", "não sou suficiente",
        "não sou bom o suficiente", "vergonha=0.6", "perfecionis*=0.5", "me odeio",
        "confiança em mim", "feia=0.4",
        "everyone is better", "better than me", "not as good as", "criticize myself",
        "criticise myself", "beat myself up", "beating myself up", "my own worst enemy",
        "don t like myself", "nobody likes me=0.5", "rejected=0.5", "rejection=0.5",
        "pathetic=0.5", "alle anderen sind besser", "besser als ich", "mag mich nicht",
        "mich selbst nicht", "ablehnung=0.4", "abgelehnt=0.4", "mejores que yo",
        "todos son mejores", "no me gusto", "me critico", "rechazo=0.4", "meilleurs que moi",
        "je ne m aime pas", "je me critique", "un échec=0.6", "échec*=0.5", "rejet=0.4",
        "migliori di me", "non mi piaccio", "mi critico", "falliment*=0.6", "rifiuto=0.3",
        "melhores do que eu", "melhores que eu", "não gosto de mim", "me critico", "rejeição=0.4",
        "versag*=0.7",
        "found out=0.4", "waiting to be found out",
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
        # fr / it / pt, and everyday words in every language
        "harass*=0.6", "stalk*=0.6", "mugged", "robbed=0.5", "incest", "car crash", "crash=0.6",
        "collision=0.5", "house fire", "shooting=0.6", "attacked=0.7", "kidnap*", "hostage",
        "earthquake*=0.6", "threatened=0.5", "groped", "angegriffen=0.7",
        "belästig*=0.6", "sexuell belästigt", "inzest", "stalking=0.6", "erdbeben=0.6",
        "bedroht=0.5", "agredid*", "me violaron", "acoso*=0.6", "choque=0.5", "incendio*=0.6",
        "terremoto*=0.6", "secuestr*", "atracad*=0.6", "me atacaron", "amenaz*=0.5",
        "agression*=0.6", "agressé*", "viol", "violée", "violé", "violences", "maltrait*",
        "battu*=0.6", "me frappe", "me frappait", "frapp*=0.5", "inceste", "cauchemar*=0.5",
        "harcel*=0.6", "dissoci*", "violenz*", "maltratt*", "picchia*", "mi picchia", "stupr*",
        "violentat*", "aggredit*", "aggression*=0.6", "incidente*=0.7", "incubo=0.5", "incubi=0.5",
        "molestie", "me bate", "me batia", "estupr*", "agredid*", "agressão*", "agressao*",
        "acidente*=0.7", "assalt*", "pesadelo*=0.5",
        "unsafe=0.5", "not safe=0.5", "scared of him=0.6", "afraid of him=0.6", "grabbed me=0.6",
        "pushed me=0.5", "forced me=0.6", "touched me=0.6", "without my consent", "consent=0.4",
        "memories=0.4", "relive=0.6", "reliving=0.6", "flinch*=0.5", "triggers=0.4",
        "angefasst=0.6", "gezwungen=0.5", "erinnerungen=0.4", "zucke zusammen=0.5",
        "schreckhaft=0.5", "me obligó", "me tocó=0.6", "recuerdos=0.4", "revivo=0.6",
        "me sobresalto=0.5", "sobresalt*=0.5", "souvenirs=0.4", "je revis=0.6", "sursaut*=0.5",
        "forcé*=0.4", "ricordi=0.4", "rivivo=0.6", "sussult*=0.5", "sobbalz*=0.5", "costrett*=0.4",
        "lembranças=0.4", "memórias=0.4", "sobressalt*=0.5",
        "used to hit=0.8", "hit us=0.8", "beat us=0.8", "hit her=0.6", "when i was a child=0.4",
        "schlug mich=0.8", "schlug uns=0.8", "me pegaban=0.8", "nos pegaba=0.8", "me frappait=0.8",
        "mi picchiava=0.8", "me batia=0.8",
    ),
    "ptsd": (
        "ptsd", "cptsd", "post traumatic*", "posttraumatic*", "veteran*", "combat*=0.7",
        "the war=0.6", "a war=0.6", "war veteran*", "deployment*", "military", "soldier*",
        "first responder*", "afghanistan", "iraq", "deployed", "ptbs", "posttraumat*",
        "belastungsstörung*", "soldat*", "bundeswehr", "tept", "postraumát*",
        "post traumát*", "guerra*=0.7", "militar*", "soldad*", "tspt",
        # fr / it / pt, and everyday words in every language
        "post traumati*", "shell shock", "tour of duty", "army=0.7", "navy=0.5", "marines=0.6",
        "paramedic*=0.5", "firefighter*=0.6", "terror attack", "terrorist*=0.6", "bombing*=0.6",
        "einsatz=0.4", "soldatin", "terroranschlag", "anschlag=0.5", "feuerwehr*=0.5",
        "rettungsdienst*=0.5", "sanitäter*=0.5", "ejército=0.6", "atentado*=0.7", "bomberos=0.5",
        "stress post traumati*", "guerre*=0.7", "militaire*", "attentat*=0.7", "pompier*=0.5",
        "dpts", "stress post traumatico", "attentat*=0.7", "pos traumat*", "pós traumát*",
        "combate*=0.7", "bombeiro*=0.5",
        "krieg=0.7", "krieges=0.7", "kriegs*=0.7",
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
        # fr / it / pt, and everyday words in every language
        "loss of my", "burial*", "bereft", "condolences", "memorial=0.5", "cemetery", "grave=0.4",
        "since she died", "since he died", "lost her", "lost him", "tot=0.6", "ums leben gekommen",
        "verlor*=0.5", "friedhof*", "hinterblieb*", "trauerfall", "morir=0.5", "velorio*",
        "cementerio*", "lo extraño=0.5", "la extraño=0.5", "extraño a=0.5", "se murió", "perdimos",
        "mort=0.6", "décéd*", "perdu mon", "perdu ma", "j ai perdu=0.6", "enterrement*",
        "funérailles", "veuf", "veuve*", "disparu*=0.5", "il me manque=0.5", "elle me manque=0.5",
        "obsèques", "lutto", "morto=0.6", "morta=0.6", "scompars*=0.6", "perdita*=0.6",
        "ho perso mio", "ho perso mia", "vedov*", "mi manca=0.5", "è morto", "è morta", "morreu",
        "falec*", "perdi o meu", "perdi a minha", "perdi meu", "perdi minha", "enterro*", "viúv*",
        "velório*", "sinto falta=0.5", "saudade*=0.5",
        "he s gone=0.6", "she s gone=0.6", "miss my=0.5", "anniversary=0.4", "goodbye=0.4",
        "ashes=0.5", "urn", "hospice=0.5", "nicht mehr da=0.5", "jahrestag=0.4", "urne",
        "hospiz=0.5", "ya no está=0.5", "despedida=0.5", "aniversario=0.4", "cenizas=0.5",
        "n est plus là=0.5", "adieu=0.5", "cendres=0.5", "non c è più=0.6", "addio=0.5",
        "ceneri=0.5", "já não está=0.5", "cinzas=0.5",
        "my late=0.7", "since the funeral", "mein verstorbener", "meine verstorbene",
        "difunt*=0.8", "feu mon=0.6", "feue ma=0.6", "defunt*=0.8",
        "been gone=0.5",
        "no heartbeat=0.7", "stillborn=0.7",
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
        # fr / it / pt, and everyday words in every language
        "sexless", "no sex", "affection=0.4", "fall out of love", "fell out of love",
        "drifting apart", "drifted apart", "grown apart", "argue*=0.5", "arguing=0.5",
        "argument*=0.3", "my ex=0.6", "ex husband", "ex wife", "ex boyfriend", "ex girlfriend",
        "partnerschaft*", "lebensgefährt*=0.6", "verheiratet=0.8", "geheiratet=0.7", "sex=0.4",
        "zärtlichkeit", "auseinandergelebt", "nebeneinanderher", "mein ex=0.6", "meine ex=0.6",
        "beziehungskrise*", "sexo=0.4", "infiel*", "nos separamos", "casad*=0.6", "mi ex=0.6",
        "notre couple", "mon couple", "en couple", "vie de couple", "mari=0.6", "mon mari=0.6",
        "ma femme=0.6", "épouse*=0.6", "compagnon=0.6", "compagne=0.6", "copain=0.4", "copine=0.4",
        "petit ami", "petite amie", "mariage*", "rupture*", "tromp*=0.6", "jalous*",
        "dispute*=0.5", "se disputer", "on se dispute", "intimité", "sexualité=0.5", "mon ex=0.6",
        "coppia*", "marito=0.6", "moglie=0.6", "sposat*=0.6", "fidanzat*=0.6", "compagno=0.5",
        "compagna=0.5", "divorzi*", "separazione=0.6", "separati=0.6", "separata=0.6", "rottura*",
        "tradimento*", "tradito", "tradita", "mi tradisce", "gelos*", "litig*=0.6", "intimità",
        "il mio ex=0.6", "companheir*=0.5", "separação=0.6", "traição", "traiu", "me traiu",
        "ciúme*", "brigamos=0.6", "briga*=0.6", "intimidade", "relação sexual", "o meu ex=0.6",
        "we fight=0.6", "trust him=0.4", "trust her=0.4", "left me=0.5", "leaving me=0.5",
        "spark=0.4", "no longer in love", "sexual=0.4", "bedroom=0.3", "hat mich verlassen=0.6",
        "verlassen=0.4", "nicht mehr verliebt", "me dejó=0.5", "me ha dejado=0.5",
        "dejó de quererme", "ya no me quiere", "m a quitté*=0.6", "quitté*=0.4", "ne m aime plus",
        "mi ha lasciat*=0.6", "lasciat*=0.4", "non mi ama più", "me deixou=0.5", "não me ama mais",
        "we don t talk=0.4", "wir reden nicht mehr=0.5", "ya no hablamos=0.5",
        "no nos comunicamos=0.5", "on ne se parle plus=0.5", "non parliamo più=0.5",
        "já não falamos=0.5",
        "possessive=0.6",
    ),
    "relationships": (
        "relationship*", "dating", "attachment*=0.6", "boundar*=0.4", "communicat*=0.3",
        "conflict*=0.4", "love life", "beziehung*=0.8", "*beziehung*=0.8", "bindung*=0.5",
        "kommunikat*=0.3", "konflikt*=0.4", "liebe=0.3", "relación*=0.8", "relaciones=0.8",
        "apego=0.6", "comunicaci*=0.3", "conflicto*=0.4", "relacionamento*=0.8",
        # fr / it / pt, and everyday words in every language
        "dating apps", "situationship", "codependen*=0.7", "trust issues", "commitment=0.4",
        "toxic=0.4", "red flags=0.4", "bindungsangst", "vertrauen=0.3", "toxisch*=0.4",
        "citas=0.4", "dependencia emocional", "tóxic*=0.4", "relation=0.4", "relations=0.4",
        "conflit*=0.4", "attachement*=0.6", "amour=0.3", "rencontres=0.5", "célibat*=0.5",
        "relazion*=0.8", "conflitt*=0.4", "comunicazion*=0.3", "attaccamento=0.6", "amore=0.3",
        "relação*=0.8", "relações=0.8", "comunicação=0.3", "amor=0.3",
        "trust=0.3", "say no=0.4", "let people in", "open up=0.4", "close to anyone=0.4",
        "controlling=0.5", "checks my messages=0.6", "checks my phone=0.6",
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
        # fr / it / pt, and everyday words in every language
        "relatives=0.6", "estranged=0.6", "twins=0.5", "cousin*=0.4", "aunt=0.4", "uncle=0.4",
        "nephew=0.4", "niece=0.4", "verwandt*=0.5", "onkel=0.4", "tante=0.4", "neffe=0.4",
        "nichte=0.4", "zwilling*=0.4", "opa=0.6", "oma=0.6", "tío=0.4", "tía=0.4", "nuera",
        "yerno", "gemel*=0.4", "!mère=0.6", "!père=0.6", "ma mère=0.6", "mon père=0.6", "fils=0.6",
        "fille=0.5", "frère*=0.6", "sœur*=0.6", "soeur*=0.6", "belle mère", "beaux parents",
        "beau père", "grand mère", "grands parents", "fratrie", "famigli*", "genitori=0.7",
        "mamma=0.6", "papà=0.6", "figli*=0.6", "fratell*=0.6", "sorell*=0.6", "nonn*=0.6",
        "suocer*", "bambin*=0.7", "bimb*=0.6", "matrigna", "patrigno", "!pais=0.6", "irmão*=0.6",
        "irmã=0.6", "irmãs=0.6", "avó=0.5", "avô=0.5", "sogr*", "madrasta", "padrasto",
        "crianç*=0.7",
        "toxic family", "family gatherings", "christmas=0.3", "weihnachten=0.3", "navidad=0.3",
        "noël=0.3", "natale=0.3", "natal=0.3",
    ),
    "parenting": (
        "parenting", "parenthood", "toddler*", "tantrum*", "co parent*", "coparent*", "upbring*",
        "single mom", "single parent", "single mother", "single father", "discipline=0.4",
        "raising my=0.8", "erzieh*", "alleinerzieh*", "elternschaft", "elternrolle", "trotzphase*",
        "kleinkind*", "mutterrolle", "vaterrolle", "wutanfälle=0.5", "crianza", "criar", "criando",
        "berrinche*", "rabieta*", "pataleta*", "límites=0.4", "madre soltera", "padre soltero",
        "disciplina=0.4", "parentalit*", "parentalidade",
        # fr / it / pt, and everyday words in every language
        "raising kids", "raise my=0.8", "screen time=0.4", "meltdown*=0.4", "being a mom",
        "being a dad", "being a mother", "being a father", "as a parent", "parental=0.6",
        "mom guilt", "mum guilt", "bedtime routine=0.5", "als mutter=0.6", "als vater=0.6",
        "als eltern=0.6", "educar a mis hijos", "ser madre=0.6", "ser padre=0.6", "élever mon",
        "élever mes", "élever nos", "mère célibataire", "père célibataire", "coparentalit*",
        "genitorialità", "educare=0.5", "crescere i miei figli", "capricci=0.5", "madre single",
        "mamma single", "padre single", "criar os meus filhos", "criar meus filhos", "educar=0.5",
        "birras=0.5", "birra=0.5", "mãe solteira", "pai solteiro",
        "patience with my=0.5", "trotz=0.5", "paciencia con mis hijos=0.6",
        "as a mum=0.6", "as a mom=0.6", "my toddler",
    ),
    "adolescents": (
        "teen*", "adolescen*", "youth*", "young people", "young person", "young adult*=0.7",
        "high school*", "school*=0.6", "student*=0.5", "puberty", "bully*=0.6", "bulli*=0.6",
        "homework=0.4", "classmate*=0.5", "jugendlich*", "pubert*", "schule*=0.6", "schüler*=0.6",
        "jugend*", "mobbing=0.6", "gemobbt=0.6", "abitur=0.4", "klassenkamerad*=0.5",
        "heranwachsend*", "joven*=0.7", "colegio*=0.6", "escuela*=0.6", "instituto=0.5",
        "acoso escolar", "estudiante*=0.5", "secundaria=0.6", "chaval*=0.6", "ado", "ados",
        "lycée*",
        # fr / it / pt, and everyday words in every language
        "cyberbull*", "grades=0.4", "exams=0.4", "exam=0.4", "middle school", "teenage*",
        "my teen", "cybermobbing", "klassenarbeit*=0.4", "prüfung*=0.3", "ciberacoso",
        "exámenes=0.4", "examen=0.3", "collège=0.4", "collégien*", "lycéen*",
        "harcèlement scolaire", "jeune*=0.5", "école=0.6", "élève*=0.4", "examens=0.4",
        "ragazzi=0.5", "giovani=0.6", "giovane=0.5", "scuola=0.6", "liceo=0.6", "bullismo=0.7",
        "compagni di classe", "esami=0.4", "jovem=0.6", "jovens=0.6", "escola*=0.6",
        "bullying=0.6", "puberd*", "provas=0.3",
        "school refusal", "refuses to go to school", "skipping school", "truant*", "my teenager",
        "schule schwänzen", "schwänz*=0.5", "no quiere ir al colegio", "faltar a clase", ),
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
        # fr / it / pt, and everyday words in every language
        "aa meeting*", "binge drinking", "benzo*", "xanax=0.5", "painkiller*=0.6", "oxycodone",
        "fentanyl", "meth", "ketamine", "mdma", "vaping=0.5", "vape*=0.5", "cigarette*=0.5",
        "poker=0.5", "slot machine*", "online casino", "gaming=0.4", "video games=0.4",
        "hooked=0.6", "too much wine", "too much alcohol", "saufen", "besoffen", "kater=0.4",
        "rausch*=0.5", "zigarette*=0.5", "wetten=0.5", "sportwetten", "zocken=0.5",
        "schmerzmittel=0.5", "online casino", "cerveza*=0.4", "vino=0.4", "pastillas=0.5",
        "tragaperras", "cigarro*=0.5", "alcohólic*", "accro*=0.7", "boire=0.6", "je bois", "ivre*",
        "jeux d argent", "sevrage*", "rechute*", "abstinen*", "tabac=0.5", "fumer=0.5", "vin=0.4",
        "bière*=0.4", "alcol*", "dipenden*=0.7", "bere=0.6", "bevo=0.6", "ubriac*",
        "gioco d azzardo", "azzardo", "scommess*", "astinenza", "ricadut*", "fumare=0.5",
        "sigarett*=0.5", "birra=0.4", "canne=0.4", "spinell*=0.5", "bêbad*", "maconha", "aposta*",
        "cigarro*=0.5", "cerveja*=0.4", "vinho=0.4", "recaíd*",
        "bottle=0.5", "glass of wine=0.6", "a few drinks=0.7", "using again", "stoned",
        "smoke weed", "bet=0.4", "bets=0.5", "lost money=0.4", "scrolling=0.4", "doomscroll*=0.6",
        "flasche=0.5", "glas wein=0.6", "verzockt=0.7", "botella=0.5", "copa de vino=0.6",
        "bouteille*=0.5", "verre de vin=0.6", "verres=0.4", "bottiglia=0.5", "bicchiere=0.4",
        "garrafa=0.5", "copo=0.4",
        "hungover", "blackout*=0.6", "blacked out=0.6", "aa=0.5", "smoke=0.3",
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
        # fr / it / pt, and everyday words in every language
        "restrict*=0.5", "skip meals", "skipping meals", "overweight=0.6", "obes*=0.6",
        "body dysmorph*", "bmi=0.6", "fasting=0.4", "snack*=0.5", "fridge=0.4", "stuff myself",
        "stuffing myself", "übergewicht*=0.6", "kalori*", "fasten=0.4", "heißhunger",
        "sobrepeso=0.6", "obesidad=0.6", "me atiborro", "mange=0.5", "nourriture=0.7",
        "hyperphag*", "vomir", "vomis", "poids=0.7", "régime*=0.5", "maigr*=0.5", "grossir=0.6",
        "gros=0.3", "grosse=0.3", "image corporelle", "image de mon corps", "miroir=0.4",
        "repas=0.6", "jeûn*=0.5", "compulsions alimentaires", "mangiare=0.7", "mangio=0.6",
        "cibo=0.7", "anoress*", "abbuff*", "dimagr*=0.6", "ingrass*=0.6", "grassa=0.4",
        "grasso=0.3", "immagine corporea", "specchio=0.4", "pasti=0.6", "pasto=0.6", "digiun*=0.5",
        "magra=0.4", "compulsão alimentar", "emagrec*=0.6", "magra=0.4", "imagem corporal",
        "espelho=0.4", "refeiç*=0.6", "jejum=0.5",
        "my body=0.5", "hate my body", "hungry=0.5", "lunch=0.3", "dinner=0.3", "breakfast=0.3",
        "sugar=0.4", "chocolate=0.4", "guilt after eating", "mein körper=0.5", "meinen körper=0.5",
        "hunger=0.5", "schokolade=0.4", "süßes=0.4", "mi cuerpo=0.5", "dulces=0.4",
        "mon corps=0.5", "faim=0.5", "sucre=0.4", "il mio corpo=0.5", "fame=0.4", "dolci=0.4",
        "meu corpo=0.5", "o meu corpo=0.5", "fome=0.5", "doces=0.4",
        "weigh myself=0.7", "wiege mich=0.7", "me peso=0.6",
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
        # fr / it / pt, and everyday words in every language
        "zone out", "zoning out", "daydream*=0.5", "scatterbrained", "lose track of time",
        "ritalin", "methylphenidate", "adderall", "stimulant*=0.4", "attention span",
        "can t concentrate", "verträumt=0.4", "désorganis*", "déficit de l attention",
        "trouble de l attention", "oubli*=0.4", "iperattiv*", "deficit di attenzione",
        "dimentic*=0.4", "disorganizzat*", "hiperativ*", "déficit de atenção", "esqueç*=0.4",
        "forget=0.4", "forgot=0.4", "forgetting=0.4", "lose things=0.5", "losing things=0.5",
        "late for everything=0.5", "always late=0.5", "chaos=0.3", "messy=0.4", "can t sit still",
        "sit still=0.6", "unfinished=0.4", "half finished", "mind wanders", "mind wandering",
        "attention=0.4", "bored easily=0.5", "vergesse=0.4", "verliere ständig=0.4", "stillsitzen",
        "unpünktlich=0.5", "aufgeschob*", "se me olvida=0.5", "pierdo las cosas=0.5",
        "llego tarde=0.4", "caos=0.3", "última hora=0.4", "me aburro=0.4", "en retard=0.4",
        "dernière minute=0.4", "perdo le cose=0.5", "in ritardo=0.4", "ultimo momento=0.4",
        "perco as coisas=0.5", "atrasad*=0.4",
        "interrupt*=0.4", "blurt*=0.5",
        "can t finish=0.5", "never finish=0.5", "finish anything=0.5", "finish none=0.6",
    ),
    "ocd": (
        "ocd", "obsess*", "compuls*", "intrusive thought*", "intrusive=0.8", "ritual*=0.7",
        "checking=0.6", "double check*", "contaminat*", "germs", "germ=0.5", "hand washing",
        "handwashing", "wash my hands", "symmetr*=0.6", "counting=0.3", "stove=0.5", "exact number",
        "something bad=0.5", "hoarding", "hoard*", "tics=0.5", "tourette*", "unwanted thought*",
        "erp=0.6", "zwang*", "*zwang*", "kontrollier*=0.6", "waschen=0.4", "hände waschen",
        "aufdringliche gedanken", "ungewollte gedanken", "herd=0.5", "messie*", "horten",
        "keime=0.4", "toc", "obsesi*", "compulsi*", "intrusiv*", "comprob*=0.6", "reviso=0.5",
        "revisar=0.4", "lavarme las manos", "lavar*=0.4", "contamina*", "gérmenes", "estufa=0.5",
        "manías=0.5", "número exacto", "algo malo=0.5",
        # fr / it / pt, and everyday words in every language
        "lock the door=0.5", "locked the door=0.5", "magical thinking", "scrupulosity", "pure o",
        "skin picking", "hair pulling", "trichotill*", "unlocked=0.4", "tür abgeschlossen=0.5",
        "simetr*=0.6", "vérifi*=0.4", "laver les mains", "me laver les mains", "microbes=0.5",
        "rituel*=0.7", "symétrie=0.6", "ossession*", "ossessiv*", "controllo=0.5",
        "controllare=0.5", "ricontroll*",
        "lavarmi le mani", "lavare le mani", "germi=0.5", "simmetri*=0.6", "verificar=0.5",
        "lavar as mãos", "germes=0.5", "rituais=0.7",
        "checked=0.5", "check again", "over and over=0.5", "again and again=0.4", "cleaning=0.4",
        "dirty=0.5", "just right=0.5", "bad thoughts=0.5", "harm someone=0.6", "hurt someone=0.5",
        "unplug*=0.4", "appliances=0.4", "immer wieder kontrollieren", "nachschauen=0.4",
        "schmutzig=0.5", "putzen=0.4", "schlimme gedanken=0.5", "zählen=0.4", "una y otra vez=0.4",
        "sucio=0.5", "limpiar=0.4", "pensamientos horribles=0.5", "encore et encore=0.4",
        "nettoyer=0.4", "pensées horribles=0.5", "ancora e ancora=0.4", "sporco=0.5", "pulire=0.4",
        "pensieri orribili=0.5", "sujo=0.5", "limpar=0.4", "pensamentos horríveis=0.5",
        "certain number of times=0.8", "number of times=0.6", "lights on and off=0.6",
        "a certain number=0.6", "überprüf*=0.6", "dreimal=0.4", "etwas schlimmes=0.5",
        "picking at my skin", "pick at my skin", "picking my skin", "pick my skin",
    ),
    "stress": (
        "stress*", "overwhelm*", "pressure*=0.7", "under pressure", "tension=0.4",
        "too much on my plate", "juggling=0.4", "deadline*=0.6", "*stress*", "überford*",
        "überlast*", "druck=0.6", "leistungsdruck*", "zeitdruck*", "termindruck*", "anspannung=0.4",
        "belastung*=0.7", "hektik=0.5", "estrés*", "estres*", "agobi*", "abrumad*", "presión*=0.7",
        "tensión*=0.4", "sobrecarg*", "surmenage", "débord*",
        # fr / it / pt, and everyday words in every language
        "frazzled", "swamped", "snowed under", "spread too thin", "can t cope=0.6",
        "cannot cope=0.6", "too much=0.3", "mental load", "stressed", "zu viel=0.4",
        "belastet=0.6", "no doy abasto", "carga mental", "pression*=0.7", "surcharg*",
        "tendu*=0.5", "charge mentale", "trop de choses", "sopraffatt*", "sovraccaric*",
        "pressione*=0.7", "troppe cose", "carico mentale", "non ce la faccio=0.5", "pressão*=0.7",
        "tensão=0.4", "não dou conta",
        "so much to do=0.6", "no time=0.4", "never enough time=0.5", "rushing=0.4", "busy=0.4",
        "hectic=0.6", "responsibilities=0.4", "bills=0.4", "money worries=0.6", "debt=0.3",
        "keine zeit=0.4", "so viel zu tun=0.6", "rechnungen=0.4", "geldsorgen=0.6", "hektisch=0.6",
        "no tengo tiempo=0.4", "mucho que hacer=0.6", "prisas=0.4", "facturas=0.4",
        "problemas económicos=0.5", "deudas=0.4", "pas le temps=0.4", "trop de travail=0.5",
        "factures=0.4", "soucis d argent=0.6", "non ho tempo=0.4", "troppo lavoro=0.5",
        "bollette=0.4", "problemi economici=0.5", "não tenho tempo=0.4",
        "problemas financeiros=0.5",
        "sunday scaries=0.8",
    ),
    "burnout": (
        "burnout*", "burn out", "burned out", "burnt out", "exhaust*=0.8", "drained", "depleted",
        "running on empty", "switch off=0.5", "compassion fatigue", "*burnout*", "ausgebrannt*",
        "erschöpf*=0.8", "ausgelaugt*", "abschalten=0.6", "überarbeit*", "quemad*=0.7",
        "agotad*=0.8", "agotamiento", "desconectar=0.5", "sin fuerzas", "épuis*",
        # fr / it / pt, and everyday words in every language
        "worn out=0.7", "run down=0.5", "end of my rope", "end of my tether", "running on fumes",
        "no energy left", "can t keep going=0.5", "kaputt=0.5", "am ende=0.5",
        "kann nicht mehr=0.6", "keine kraft mehr=0.6", "no puedo más=0.6", "reventad*=0.6",
        "harto=0.4", "à bout", "au bout du rouleau", "plus d énergie", "je n en peux plus=0.6",
        "surmené*", "esaurit*=0.8", "esaurimento", "sfinit*=0.8", "non ce la faccio più=0.6",
        "stanchezza=0.5", "svuotat*=0.6", "esgotad*=0.8", "esgotamento", "exaust*",
        "não aguento mais=0.6", "sem forças",
        "dread mondays", "dread going to work", "cynical=0.5", "detached=0.4", "sick leave=0.6",
        "off sick=0.5", "krankgeschrieben=0.6", "krankschreibung=0.6", "zynisch=0.5",
        "leer gebrannt", "baja laboral=0.6", "de baja=0.5", "arrêt maladie=0.6",
        "arrêt de travail=0.6", "baixa médica=0.6",
        "overworked=0.8", "overwork*=0.7", "long hours=0.6", "zu viel gearbeitet=0.6",
        "trabajo demasiado=0.6", "je travaille trop=0.6", "lavoro troppo=0.6",
        "trabalho demais=0.6",
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
        # fr / it / pt, and everyday words in every language
        "performance review", "redundan*=0.6", "startup=0.4", "shifts=0.4", "night shift*=0.5",
        "my team=0.3", "workday=0.5", "firma=0.5", "entlassen=0.6", "schichtdienst*",
        "homeoffice=0.5", "curro=0.6", "currar=0.6", "empresa=0.4", "turnos=0.4", "boulot*=0.6",
        "patron*=0.6", "entreprise=0.4", "bureau=0.5", "emploi*=0.6", "licenci*=0.6",
        "chômage=0.7", "carrière*", "heures supplémentaires", "lavor*=0.3", "capo=0.4", "collega",
        "colleghi", "ufficio=0.6", "azienda=0.4", "carriera*", "licenziat*=0.6", "disoccupat*",
        "straordinari=0.5", "riunion*=0.4", "impiego=0.6", "trabalh*=0.3", "colegas=0.6",
        "escritório=0.5", "emprego*=0.6", "demitid*=0.6", "desempreg*", "carreira*", "reunião=0.4",
        "quit=0.5", "resign*=0.5", "salary=0.4", "kündigen=0.6", "gehalt=0.4", "renunciar=0.4",
        "dimitir=0.5", "sueldo=0.4", "démissionner=0.5", "salaire=0.4", "dimettermi=0.5",
        "stipendio=0.4", "demitir=0.5", "salário=0.4",
        "monday*=0.3",
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
        # fr / it / pt, and everyday words in every language
        "pissed off", "fuming", "seething", "short fuse", "snap=0.4", "throw things=0.5",
        "smash*=0.4", "annoyed=0.5", "mad at=0.6", "so mad=0.6", "livid", "lose my temper",
        "lost my temper", "sauer=0.5", "stinksauer", "cholerisch*", "geduld=0.4", "cabread*",
        "estallo=0.5", "pierdo la paciencia", "mal genio", "mal humor=0.6", "irascib*",
        "en colère", "énerv*=0.8", "furieu*", "crie=0.6", "crier=0.6", "hurl*=0.5", "agressiv*",
        "agressif*", "explos*=0.5", "rancune*", "ressentiment*", "s emporter", "rabbia",
        "arrabbiat*", "urlo=0.6", "urlare=0.6", "urlando=0.6", "grido=0.5", "scatti d ira",
        "perdo la pazienza", "perdere la pazienza", "esplod*=0.5", "rancore", "risentimento",
        "raiva", "zangad*", "perco a paciência", "perder a paciência", "ressentimento*",
        "lose it=0.5", "lost it=0.5", "boil*=0.4", "slam*=0.5", "break things=0.5", "bitter*=0.4",
        "hate=0.4", "revenge=0.5", "violent thoughts", "türen knallen", "knall*=0.4",
        "me pongo como loco", "golpeo=0.5", "portazo*=0.5", "je pète un câble=0.6", "claque*=0.4",
        "perdo le staffe=0.6", "sbatto=0.4", "nervi=0.4", "perco o controle=0.4",
        "punched a hole=0.7", "hole in the wall=0.6",
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
        # fr / it / pt, and everyday words in every language
        "trans man", "trans woman", "dysphori*", "attracted to men=0.5", "attracted to women=0.5",
        "attracted to girls=0.5", "attracted to boys=0.5", "bisexu*", "geschlechtsdysphorie",
        "disforia*", "transgenre*", "non binaire", "orientation sexuelle", "sortir du placard",
        "placard=0.5", "non binari*", "omosessual*", "lesbica", "bisessual*",
        "orientamento sessuale", "omofob*", "homossexua*", "bissexua*", "não binári*",
        "sair do armário", "orientação sexual",
        "transitioning=0.6", "hormones=0.5", "hrt=0.6", "deadname*", "misgender*", "hormone=0.4",
        "outen=0.7", "geoutet=0.7", "sexualität=0.4", "hormonas=0.4", "salir del clóset",
        "clóset=0.6", "ormoni=0.4", "hormônios=0.4", "assumir=0.4",
        "my sexuality=0.6", "sexuality=0.5", "meine sexualität=0.6", "mi sexualidad=0.6",
        "sexualidad=0.5",
        "bi=0.6",
        "a man or a woman=0.8", "ein mann oder eine frau=0.8", "mann oder frau=0.7",
        "hombre o mujer=0.7", "homme ou femme=0.7", "uomo o donna=0.7", "homem ou mulher=0.7",
    ),
    "identity": (
        "identit*", "identid*", "*identit*", "who i am", "who i really am", "wrong body",
        "self discovery", "sense of self", "gender*=0.7", "cultural=0.5", "bicultural",
        "belong*=0.5", "authentic*=0.4", "purpose=0.4", "wer ich bin", "wer ich wirklich bin",
        "falschen körper", "geschlecht*=0.6", "zugehörigkeit*=0.5", "selbstfindung*",
        "migrationshintergrund=0.5", "sinnsuche*=0.5", "quién soy", "cuerpo equivocado",
        "género=0.6", "pertenencia=0.5", "autodescubr*", "propósito=0.4",
        # fr / it / pt, and everyday words in every language
        "who am i", "lost myself", "find myself=0.6", "finding myself=0.6", "third culture",
        "two cultures", "between two cultures", "racism=0.5", "discriminat*=0.4", "wer bin ich",
        "zwischen zwei kulturen", "kultur*=0.4", "rassismus=0.5", "diskriminier*=0.4",
        "sinn des lebens=0.4", "entre dos culturas", "racismo=0.5", "discrimina*=0.4",
        "sentido de la vida=0.4", "qui je suis", "qui je suis vraiment", "mauvais corps",
        "genre=0.4", "appartenance=0.5", "sens de ma vie=0.4", "culture*=0.4", "racines=0.4",
        "chi sono", "chi sono davvero", "corpo sbagliato", "genere=0.4", "appartenenza=0.5",
        "senso della vita=0.4", "radici=0.4", "quem eu sou", "quem sou", "corpo errado",
        "pertencimento=0.5", "pertença=0.5",
        "meaning=0.3", "where i belong=0.6", "don t belong=0.6", "fit in=0.5", "don t fit in=0.6",
        "passe nicht rein=0.5", "dazugehören=0.5", "no encajo=0.6", "encajar=0.5",
        "je n ai pas ma place", "non mi sento a casa",
        "different from everyone=0.4", "différent des autres=0.4", "différente des autres=0.4",
        "anders als die anderen=0.4", "diferente a los demás=0.4", "diversa dagli altri=0.4",
        "diverso dagli altri=0.4", "diferente dos outros=0.4",
    ),
    "chronic-pain": (
        "pain", "pains", "painful", "ache=0.7", "aches=0.7", "aching=0.7", "headache*=0.7",
        "chronic*=0.8", "fibromyalg*", "migraine*", "arthritis", "back pain", "endometrios*",
        "flare*=0.4", "long covid", "ibs", "crps", "schmerz*", "*schmerz*", "chronisch*=0.8",
        "migräne*", "rheuma*", "arthrose", "dolor*", "crónic*=0.8", "fibromialg*", "migraña*",
        "jaqueca*", "artritis", "artrosis", "douleur*", "chronique*=0.8", "dor", "dores",
        # fr / it / pt, and everyday words in every language
        "sore=0.5", "back ache", "backache", "sciatica", "lupus", "ehlers danlos", "bandscheibe*",
        "ischias", "tut weh", "weh=0.5", "me duele*=0.7", "duele*=0.6", "ciática", "lumbalgia",
        "mal au dos", "mal de dos", "mal à la tête", "maux de tête", "j ai mal", "arthrite",
        "emicrani*", "mal di testa", "mal di schiena", "artrite", "artrosi", "enxaqueca*",
        "artrose",
        "hurts=0.4", "joints=0.5", "stiff*=0.4", "painkillers=0.5", "physio*=0.5", "rücken=0.4",
        "gelenke=0.5", "physiotherapie=0.5", "espalda=0.4", "articulaciones=0.5", "fisio*=0.5",
        "articulations=0.5", "kiné*=0.5", "schiena=0.4", "articolazioni=0.5", "costas=0.4",
        "articulações=0.5",
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
        # fr / it / pt, and everyday words in every language
        "heart condition", "stroke=0.6", "chemo*", "radiotherapy", "mri=0.5", "biopsy",
        "test results=0.5", "terminal illness", "crohn*", "colitis", "epilep*", "parkinson*",
        "dementia=0.6", "alzheimer*=0.6", "chemo*", "schlaganfall", "demenz=0.6", "epilepsie",
        "quimio*", "ictus", "demencia=0.6", "médecin*=0.5", "hôpital*=0.6", "santé=0.5",
        "chirurgie", "handicap*", "sclérose en plaques", "hypocondri*", "acouphène*",
        "malatti*=0.8", "malat*=0.7", "cancro", "ospedale*=0.6", "salute=0.5", "chirurg*",
        "sclerosi multipla", "sintom*=0.6", "ipocondri*", "acufen*", "saúde=0.5", "cirurg*",
        "deficiência=0.6", "esclerose múltipla", "zumbido=0.6",
        "tests=0.3", "treatment=0.4", "medication=0.3", "my health=0.6", "health scare",
        "lump=0.5", "condition=0.3", "untersuchung*=0.4", "befund*=0.5", "behandlung=0.3",
        "gesundheit*=0.6", "pruebas=0.3", "tratamiento=0.3", "salud=0.6", "análisis=0.3",
        "traitement=0.3", "cure=0.3", "exames=0.4", "tratamento=0.3",
        "heart problems=0.6", "kidney*=0.5", "transplant*", "dialysis", "herzprobleme=0.6",
        "problemas del corazón=0.6",
        "scan=0.4", "scans=0.4", "lung*=0.5", "results=0.3",
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
        # fr / it / pt, and everyday words in every language
        "we re expecting", "colic=0.6", "due date", "trimester*", "ultrasound=0.5", "midwife*",
        "doula*", "surrogacy", "breastmilk", "my pregnancy", "babyblues", "fiv", "enceinte",
        "!bébé=0.8", "!bébés=0.8", "nouveau né*", "allait*=0.7", "fausse couche*", "pma",
        "sage femme", "césarienne", "congé maternité", "gravidanz*", "incinta", "neonat*",
        "appena nato", "neomamma", "neo mamma", "allatt*=0.7", "aborto spontaneo", "fecondazion*",
        "ostetric*", "cesareo", "grávida*", "!bebê=0.8", "!bebês=0.8", "recém nascid*",
        "fertiliza*", "cesarian*",
        "feeding=0.4", "nappies=0.4", "diapers=0.4", "night feeds", "bonding=0.5", "windeln=0.4",
        "pañales=0.4", "dar el pecho=0.7", "couches=0.3", "congé parental=0.6", "pannolini=0.4",
        "fraldas=0.4",
        "new mum", "new mom", "first child=0.4", "first baby",
        "was born=0.6", "born=0.5", "weeks old=0.6", "months old=0.6", "wochen alt=0.6",
        "monate alt=0.5", "geboren=0.5", "nació=0.6", "nasceu=0.6", "est né=0.6", "est née=0.6",
        "no heartbeat=0.9", "heartbeat=0.4", "stillborn",
    ),
    "loneliness": (
        "lonel*", "alone=0.8", "isolat*", "no friends", "no one to talk to", "nobody=0.4",
        "left out", "friendless", "disconnected=0.6", "friends=0.3", "friendship*=0.4",
        "on my own=0.6", "solitude", "einsam*", "*einsam*", "allein*=0.8", "isolier*",
        "keine freunde", "niemand=0.4", "zurückgezogen*=0.6", "freunde=0.3", "freundschaft*=0.4",
        "soledad*", "sola=0.8", "solo=0.3", "solos=0.5", "solas=0.5", "aisla*", "sin amigos",
        "nadie=0.4", "amigos=0.3", "amigas=0.3", "amistad*=0.4", "desconectad*=0.5", "seul*=0.6",
        "solidão", "sozinh*",
        # fr / it / pt, and everyday words in every language
        "by myself=0.5", "no social life", "nobody calls", "no one to talk", "no one cares=0.6",
        "invisible=0.4", "niemanden=0.4", "ohne freunde", "isolé*", "personne à qui parler",
        "pas d amis", "sans amis", "amis=0.3", "amitié*=0.4", "solitudine", "nessuno=0.4",
        "senza amici", "amici=0.3", "amicizi*=0.4", "nessuno con cui parlare", "isolad*",
        "ninguém=0.4", "sem amigos", "amizade*=0.4",
        "no one understands", "empty house=0.5", "silence=0.4", "connect with people=0.5",
        "stille=0.4", "niemand versteht mich=0.5", "silencio=0.4", "nadie me entiende=0.5",
        "personne ne me comprend=0.5", "silenzio=0.4", "nessuno mi capisce=0.5", "silêncio=0.4",
        "ninguém me entende=0.5",
        "nobody to talk to", "no one to call", "no one to turn to",
        "don t know anyone=0.7", "don t know a soul", "know anyone=0.4", "shut in=0.5",
        "hugged=0.5", "hug=0.4", "hugs=0.4",
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
        # fr / it / pt, and everyday words in every language
        "moved abroad", "moving abroad", "moved countries", "starting university=0.6",
        "leaving home=0.6", "left home=0.5", "kids moved out", "children moved out",
        "moved out=0.6", "what to do with my life", "ausgezogen=0.6", "ausziehen=0.5",
        "rentner*=0.6", "pensionier*=0.7", "ins ausland", "im ausland=0.6", "extranjero=0.6",
        "se fueron de casa", "changement*=0.5", "nouvelle ville", "nouveau pays", "immigr*",
        "nid vide", "tournant=0.5", "nouveau départ", "crise de la quarantaine", "diplôm*=0.5",
        "incertitude=0.4", "trasloc*", "trasferit*=0.6", "pensione=0.6", "pensionamento",
        "in pensione", "cambiament*=0.5", "nuova città", "nuovo paese", "espatri*", "nido vuoto",
        "svolta=0.5", "nuovo inizio", "ricominciare", "mezza età", "laurea*=0.5", "incertezza=0.4",
        "mudei", "mudar de=0.5", "aposentadoria", "nova cidade", "novo país", "outro país",
        "imigr*", "ninho vazio", "recomeçar", "começar de novo", "meia idade", "formatura=0.5",
        "incerteza=0.4",
        "changes=0.3", "future=0.3", "don t know what to do=0.4", "start over", "start again=0.5",
        "kids leaving=0.5", "left for university=0.6", "zukunft=0.3", "neu anfangen=0.6",
        "futuro=0.3", "avenir=0.3", "recommencer=0.5",
        "moved here=0.5",
        "across the country=0.6",
        "in rente", "in den ruhestand", "gehe in rente",
    ),
    "mindfulness": (
        "mindful*", "meditat*", "breathing exercise*", "relaxation*", "yoga", "self compassion",
        "acceptance and commitment", "achtsam*", "meditier*", "entspannung*", "atemübung*",
        "selbstmitgefühl*", "atención plena", "meditac*", "relajaci*", "autocompasi*",
        "pleine conscience",
        # fr / it / pt, and everyday words in every language
        "breathwork", "grounding=0.5", "body scan", "present moment", "mbsr", "mbct",
        "atemtechnik*", "respiración=0.5", "respiration=0.5", "auto compassion",
        "bienveillance=0.5", "consapevolezza", "meditaz*", "rilassament*", "respirazione=0.5",
        "autocompass*", "atenção plena", "relaxamento", "respiração=0.5", "autocompaixão",
    ),
    "cbt": (
        "cbt", "cognitive behavio*", "exposure*=0.6", "dbt", "dialectical", "schema therap*", "kvt",
        "verhaltenstherap*", "kognitiv*=0.7", "konfrontation*=0.5", "exposition*=0.5",
        "schematherap*", "tcc", "cognitivo conductual", "conductual*", "cognitiv*=0.7",
        "exposición*=0.5",
        # fr / it / pt, and everyday words in every language
        "cognitivo comportement*", "comportemental*=0.7", "comportamental*=0.7", "esposizione=0.5",
        "exposição=0.5",
    ),
        "emdr": (
        "emdr", "eye movement", "desensiti*=0.5", "desensibiliz*",
        # fr / it / pt, and everyday words in every language
        "desensibilis*", "desensibilizz*",
    ),
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
    il lo gli un uno una di da con su per tra fra ed
    ma se che chi non ti si ci vi ne ho hai ha abbiamo
    hanno sono sei siamo siete ero erano stato stata essere avere mio miei mie
    tuo tua suo sua nostro nostra questo questa quello quella quando dove perche anche
    piu molto molta tutto tutti tutte sempre mai ora poi gia ancora sento sentire
    sentito mi del della dei delle nel nella al alla ai alle dal dalla
    sul sulla cosa je suis sont cette mon mes ton tes notre nos votre
    vos leurs donc car plus tres tous toujours jamais rien quand comme sans chez
    depuis avant apres aussi encore deja bien peu fait faire etre avoir moi toi
    nous vous ils elles quoi dont sens cela ca tout voce eles elas esta
    estou estava sou foi ter tenho tem isso isto aquilo meus minhas seus suas
    muito muita sempre nunca ainda tambem porque quando como sinto sentir pelo pela psychologue
    seance seances sessione sessioni sessao sessoes aiuto ajuda aide accompagne accompagno
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
