"""A labelled quality set for matching: journal entries and the specialties that should answer them.

Data only. A case passes when at least one of the top-3 matched therapists (public and accepting,
from `local.demo_therapists`) has one of `expected_specialties`. The entries vary on purpose:
first person and third person, with and without the obvious keyword, short and long, in English,
German and Spanish. `tests/test_embeddings.py` scores them with the embedder alone; the end-to-end
SQL matching tests reuse the same cases.

Judge the set by its hit-rate, not case by case: the "harder" entries were written without looking
at the local embedder's lexicon, and the few it still misses stay in (fixing the lexicon for each
miss would make the number meaningless). Only `PANIC_AND_SLEEP` has a single right answer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatchCase:
    """One journal entry and the specialties a good top-3 must include (at least one of)."""

    entry: str
    language: str
    expected_specialties: frozenset[str]
    # The held-out set's stable id ("h001"), so reports can name a miss; empty for this set.
    case_id: str = ""


def _case(entry: str, language: str, *expected: str) -> MatchCase:
    return MatchCase(entry=entry, language=language, expected_specialties=frozenset(expected))


# The headline case: its right answer is one therapist (see ANXIETY_SLEEP_SPECIALIST).
PANIC_AND_SLEEP = _case(
    "I keep having panic attacks and sleepless nights. I lie awake until 4am and my heart races.",
    "en",
    "anxiety",
    "sleep",
)

# The headline entry in German and Spanish (for the cross-language embedder tests).
PANIC_DE = "Ich habe Panikattacken und kann nachts nicht schlafen"
PANIC_ES = "Tengo ataques de pánico y no puedo dormir por las noches"

MATCH_CASES: tuple[MatchCase, ...] = (
    PANIC_AND_SLEEP,
    # --- English ---
    _case(
        "Lately I can't switch my brain off at night. I toss and turn, and when I finally drift "
        "off I wake up at 3am with my mind spinning about everything that could go wrong.",
        "en",
        "sleep",
        "anxiety",
    ),
    _case(
        "Everything feels grey. I stopped seeing friends, I don't enjoy anything anymore and "
        "some mornings I can't find a reason to get out of bed.",
        "en",
        "depression",
    ),
    _case(
        "My dad passed away in March and I still can't believe he's gone. I keep picking up the "
        "phone to call him.",
        "en",
        "grief",
    ),
    _case(
        "My wife and I fight about everything, even small things, and I'm scared we're heading "
        "for a divorce.",
        "en",
        "couples",
        "relationships",
    ),
    _case(
        "I've been drinking every evening to calm down after work and I can't seem to stop, "
        "even on the weekends with my kids around.",
        "en",
        "addiction",
    ),
    _case(
        "Ever since the car crash I get flashbacks whenever I hear brakes screech, and I haven't "
        "driven since.",
        "en",
        "trauma",
        "ptsd",
    ),
    _case(
        "I binge when nobody is watching and then make myself throw up. I hate my body and "
        "think about food all day.",
        "en",
        "eating-disorders",
    ),
    _case(
        "Our 15-year-old son barely talks to us anymore, he's being bullied at school and slams "
        "the door whenever we try.",
        "en",
        "adolescents",
        "family",
        "parenting",
    ),
    _case(
        "I check that the stove is off twenty times before I can leave the house, and I have "
        "horrible unwanted thoughts that I might hurt someone.",
        "en",
        "ocd",
    ),
    _case(
        "I'm 34 and work is chaos: I start ten things, finish none, lose my keys daily and "
        "can't concentrate in meetings. A friend suggested I might have ADHD.",
        "en",
        "adhd",
    ),
    _case(
        "Since the baby was born I cry every day and feel like a terrible mother. I thought "
        "having a newborn would feel different.",
        "en",
        "perinatal",
    ),
    _case(
        "I moved to a new country for my partner's job. I don't know anyone here and most "
        "evenings I sit alone in the flat.",
        "en",
        "loneliness",
        "life-transitions",
    ),
    _case(
        "I snapped at my kids again today and punched the wall. I don't recognise myself when I "
        "get this angry.",
        "en",
        "anger",
    ),
    # --- German ---
    _case(
        "Ich habe Panikattacken und kann nachts nicht schlafen.",
        "de",
        "anxiety",
        "sleep",
    ),
    _case(
        "Seit Monaten fühle ich mich leer und antriebslos. Morgens komme ich kaum aus dem Bett "
        "und nichts macht mir mehr Freude.",
        "de",
        "depression",
    ),
    _case(
        "Mein Chef ruft mich auch am Wochenende an, ich mache ständig Überstunden und bin "
        "völlig ausgebrannt.",
        "de",
        "burnout",
        "stress",
    ),
    _case(
        "Mein Mann und ich streiten nur noch. Seit seiner Affäre vertraue ich ihm nicht mehr.",
        "de",
        "couples",
        "relationships",
    ),
    _case(
        "Ich muss mir ständig die Hände waschen, sonst habe ich das Gefühl, dass etwas "
        "Schlimmes passiert.",
        "de",
        "ocd",
    ),
    _case(
        "Nach der Geburt unserer Tochter bin ich nur noch traurig und erschöpft, obwohl ich mich "
        "so auf das Baby gefreut habe.",
        "de",
        "perinatal",
    ),
    _case(
        "Ich trinke jeden Abend eine Flasche Wein und merke, dass ich ohne Alkohol nicht mehr "
        "zur Ruhe komme.",
        "de",
        "addiction",
    ),
    _case(
        "Meine Rückenschmerzen sind seit Jahren da, kein Arzt kann mir helfen, und ich verliere "
        "langsam die Hoffnung.",
        "de",
        "chronic-pain",
        "health",
    ),
    _case(
        "Ich bin schwul und habe Angst, es meinen Eltern zu sagen.",
        "de",
        "lgbtq",
        "identity",
    ),
    # --- Spanish ---
    _case(
        "Tengo ataques de pánico en el metro y por las noches no consigo dormir.",
        "es",
        "anxiety",
        "sleep",
    ),
    _case(
        "Mi madre murió hace seis meses y no logro aceptarlo. La echo de menos cada día.",
        "es",
        "grief",
    ),
    _case(
        "Mi pareja y yo discutimos todo el tiempo y creo que me está engañando.",
        "es",
        "couples",
        "relationships",
    ),
    _case(
        "Me siento muy sola desde que me mudé a otra ciudad, no tengo amigos aquí.",
        "es",
        "loneliness",
        "life-transitions",
    ),
    _case(
        "No puedo concentrarme en clase, me distraigo con todo y siempre dejo los deberes para "
        "el último momento.",
        "es",
        "adhd",
    ),
    _case(
        "Desde que nació mi bebé lloro mucho y no me reconozco como madre.",
        "es",
        "perinatal",
    ),
    _case(
        "En el trabajo estoy agobiado: mi jefe me exige cada vez más y estoy agotado, ya no "
        "puedo más.",
        "es",
        "stress",
        "burnout",
    ),
    _case(
        "Cuando me enfado grito a todo el mundo y después me arrepiento.",
        "es",
        "anger",
    ),
    _case(
        "Hace años que vomito después de comer y me obsesiona mi peso.",
        "es",
        "eating-disorders",
    ),
    _case(
        "Sufrí abusos en mi infancia y todavía tengo pesadillas con eso.",
        "es",
        "trauma",
        "ptsd",
    ),
    # --- English, harder: indirect, no keyword, context words that mislead ---
    _case(
        "My girlfriend says I've changed since I came back from Afghanistan. Loud noises make me "
        "hit the floor.",
        "en",
        "ptsd",
        "trauma",
    ),
    _case(
        "Every time I have to give a presentation my hands shake, my chest gets tight and I'm sure "
        "I'm going to faint.",
        "en",
        "anxiety",
        "panic",
    ),
    _case(
        "I've lost 8 kilos in two months because I only allow myself an apple a day.",
        "en",
        "eating-disorders",
    ),
    _case(
        "My mum has dementia and I'm her carer; I haven't had a day off in a year and I'm running "
        "on empty.",
        "en",
        "burnout",
        "stress",
        "family",
    ),
    _case("I don't see the point of anything anymore.", "en", "depression"),
    _case("He hit me again last night and I'm scared to go home.", "en", "trauma"),
    _case(
        "My son games all night and doesn't go to school anymore.",
        "en",
        "adolescents",
        "family",
        "parenting",
        "addiction",
    ),
    _case(
        "Since my divorce I've been living on my own for the first time in 20 years and the "
        "silence is deafening.",
        "en",
        "loneliness",
        "life-transitions",
    ),
    _case("I get so wound up in traffic that I scream and bang the steering wheel.", "en", "anger"),
    _case(
        "My sister says I'm always on my phone betting on football and now I owe money everywhere.",
        "en",
        "addiction",
    ),
    _case(
        "I keep comparing myself to everyone at work and feel like a fraud who will be found out.",
        "en",
        "self-esteem",
    ),
    _case(
        "My teenage daughter is skipping meals and exercising for hours every day.",
        "en",
        "eating-disorders",
        "adolescents",
    ),
    _case(
        "It's been a year since we lost the pregnancy and nobody talks about it anymore.",
        "en",
        "perinatal",
        "grief",
    ),
    _case(
        "I'm retiring next month after 40 years and I have no idea who I am without my job.",
        "en",
        "life-transitions",
        "identity",
    ),
    _case(
        "I've started avoiding the supermarket because last time I thought I was having a heart "
        "attack in the queue.",
        "en",
        "anxiety",
        "panic",
    ),
    _case(
        "We haven't slept in the same bed for a year and barely touch each other.",
        "en",
        "couples",
        "relationships",
    ),
    _case(
        "I count calories obsessively and feel disgusted with myself whenever I eat dessert.",
        "en",
        "eating-disorders",
    ),
    _case(
        "My brother died by suicide last winter and I keep asking myself what I missed.",
        "en",
        "grief",
    ),
    _case("Since I came out to my parents they won't speak to me.", "en", "lgbtq", "identity"),
    # --- German, harder: indirect, no keyword, context words that mislead ---
    _case(
        "Mein Sohn zockt die ganze Nacht und geht nicht mehr zur Schule.",
        "de",
        "adolescents",
        "family",
        "parenting",
        "addiction",
    ),
    _case(
        "Ich zähle ständig Dinge und kontrolliere zehnmal, ob die Tür abgeschlossen ist.",
        "de",
        "ocd",
    ),
    _case("Seit dem Tod meiner Frau ist das Haus so still.", "de", "grief"),
    _case(
        "Ich fühle mich im falschen Körper und weiß nicht, wie ich es meiner Familie sagen soll.",
        "de",
        "lgbtq",
        "identity",
    ),
    _case(
        "Wir versuchen seit drei Jahren, schwanger zu werden, und jeder negative Test zieht mir "
        "den Boden weg.",
        "de",
        "perinatal",
    ),
    _case(
        "Die Migräne kommt fast jeden Tag und ich kann kaum noch arbeiten.",
        "de",
        "chronic-pain",
        "health",
    ),
    _case(
        "Ich kann mich bei der Arbeit nicht konzentrieren und verliere ständig meine Sachen.",
        "de",
        "adhd",
    ),
    _case(
        "Seit dem Überfall traue ich mich abends nicht mehr allein aus dem Haus.",
        "de",
        "trauma",
        "ptsd",
    ),
    _case(
        "Ich fühle mich so allein, seit die Kinder ausgezogen sind.",
        "de",
        "loneliness",
        "life-transitions",
    ),
    _case(
        "Wenn mein Sohn nicht hört, raste ich völlig aus und brülle ihn an.",
        "de",
        "anger",
        "parenting",
        "family",
    ),
    _case(
        "Ich habe ständig Kopfschmerzen und die Ärzte finden keine Ursache.",
        "de",
        "chronic-pain",
        "health",
    ),
    _case(
        "Meine Frau sagt, ich trinke zu viel. Ich brauche abends einfach mein Bier, um "
        "runterzukommen.",
        "de",
        "addiction",
    ),
    _case("Seit meiner Kindheit habe ich das Gefühl, nie genug zu sein.", "de", "self-esteem"),
    _case(
        "Ich sitze jeden Abend allein vor dem Fernseher und rede mit niemandem.", "de", "loneliness"
    ),
    _case(
        "Mein Kind ist drei Monate alt und ich fühle überhaupt keine Bindung zu ihm.",
        "de",
        "perinatal",
    ),
    # --- Spanish, harder: indirect, no keyword, context words that mislead ---
    _case(
        "Mi hijo adolescente no sale de su cuarto y apenas habla con nosotros.",
        "es",
        "adolescents",
        "family",
        "parenting",
    ),
    _case("Desde el accidente no puedo subirme a un coche.", "es", "trauma", "ptsd"),
    _case("Me cuesta mucho levantarme por las mañanas, todo me da igual.", "es", "depression"),
    _case(
        "Ya no aguanto más la presión en la oficina, llego a casa sin fuerzas.",
        "es",
        "burnout",
        "stress",
    ),
    _case("Siento que no valgo nada y que todos son mejores que yo.", "es", "self-esteem"),
    _case(
        "Me duele todo el cuerpo desde hace años y los médicos no encuentran nada.",
        "es",
        "chronic-pain",
        "health",
    ),
    _case("Mi esposo bebe todos los días y cuando bebe se pone agresivo.", "es", "addiction"),
    _case(
        "Tengo miedo de salir a la calle, me late el corazón muy rápido y siento que me voy a "
        "morir.",
        "es",
        "anxiety",
        "panic",
    ),
    _case(
        "No sé si soy bisexual y me da miedo lo que piense mi familia.", "es", "lgbtq", "identity"
    ),
    _case(
        "Desde que me despidieron no tengo ganas de nada y paso el día en la cama.",
        "es",
        "depression",
    ),
    _case(
        "Tengo que tocar las cosas un número exacto de veces o siento que algo malo va a pasar.",
        "es",
        "ocd",
    ),
    _case(
        "Mis padres se están divorciando y mi hermano pequeño no para de llorar.",
        "es",
        "family",
        "parenting",
        "adolescents",
    ),
    _case("Desde que me jubilé no sé qué hacer con mis días.", "es", "life-transitions"),
    _case(
        "Vi morir a mi compañero en el incendio y no puedo quitármelo de la cabeza.",
        "es",
        "trauma",
        "ptsd",
        "grief",
    ),
    _case(
        "Tengo un nudo en el estómago todo el día, no paro de pensar en lo que puede salir mal.",
        "es",
        "anxiety",
    ),
    _case("Llevo meses sin poder dormir más de cuatro horas seguidas.", "es", "sleep"),
)

# Entries in languages no demo bio is written in (French, Italian, Portuguese): only a provider's
# multilingual reach can place them. Part of the tuning set, reported as "cross-language".
CROSS_LANGUAGE_CASES: tuple[MatchCase, ...] = (
    _case("Je n'arrive plus à dormir, je me réveille à trois heures et je tourne en rond.", "fr",
          "sleep"),
    _case("Depuis la mort de ma mère, je pleure tous les jours et rien n'a plus de sens.", "fr",
          "grief", "depression"),
    _case("Mon mari et moi nous disputons sans arrêt, je crois que notre couple est fini.", "fr",
          "couples", "relationships"),
    _case("Je bois une bouteille de vin chaque soir et je n'arrive pas à arrêter.", "fr",
          "addiction"),
    _case("Au travail je suis épuisée, je n'en peux plus et je pleure dans la voiture.", "fr",
          "burnout", "stress"),
    _case("Mon fils de quinze ans ne me parle plus et passe ses nuits sur son téléphone.", "fr",
          "adolescents", "parenting", "family"),
    _case("Ho paura di uscire di casa, mi batte forte il cuore e mi manca il respiro.", "it",
          "anxiety", "panic"),
    _case("Dopo il parto mi sento vuota e non riesco a occuparmi della bambina.", "it",
          "perinatal", "depression"),
    _case("Mi arrabbio per niente e urlo contro i miei figli, poi mi sento in colpa.", "it",
          "anger", "parenting"),
    _case("Da quando mi sono trasferita a Milano non conosco nessuno e mi sento sola.", "it",
          "loneliness", "life-transitions"),
    _case("Controllo il gas dieci volte prima di uscire, non riesco a smettere.", "it", "ocd"),
    _case("Mi abbuffo di notte e poi mi sento in colpa per il mio corpo.", "it",
          "eating-disorders"),
    _case("Desde o acidente tenho pesadelos e sobressaltos com qualquer barulho.", "pt",
          "trauma", "ptsd"),
    _case("Sinto que não valho nada e que todos são melhores do que eu.", "pt", "self-esteem"),
    _case("Não consigo me concentrar, esqueço tudo e deixo tudo para a última hora.", "pt",
          "adhd"),
    _case("Tenho dores nas costas há anos e isso está acabando com o meu humor.", "pt",
          "chronic-pain", "health"),
    _case("Sou gay e tenho medo de contar para a minha família.", "pt", "lgbtq", "identity"),
    _case("Perdi o meu emprego e a pressão das contas não me deixa respirar.", "pt",
          "stress", "work"),
)  # fmt: skip
# Two more rounds, each written after the lexicon had grown and then used to grow it again (their
# first, unfixed figures were hit@1 0.57 and 0.69): everyday phrasings without the obvious keyword.
SECOND_ROUND_CASES: tuple[MatchCase, ...] = (
    _case(
        "My mind goes blank in meetings and my hands get clammy whenever I have to speak.",
        "en",
        "anxiety",
    ),
    _case("Every night I lie there counting the hours until the alarm goes off.", "en", "sleep"),
    _case(
        "I haven't left the flat in a week and I've stopped answering my phone.",
        "en",
        "depression",
        "loneliness",
    ),
    _case("Mum's been gone six months and I still set the table for two.", "en", "grief"),
    _case(
        "My girlfriend checks my messages and gets furious if I see my friends.",
        "en",
        "relationships",
        "couples",
    ),
    _case("I always end up with a drink in my hand by lunchtime now.", "en", "addiction"),
    _case(
        "I skip breakfast and lunch and then eat everything in the cupboard at night.",
        "en",
        "eating-disorders",
    ),
    _case("I start ten things a day and finish none of them, my desk is a disaster.", "en", "adhd"),
    _case(
        "I have to switch the lights on and off a certain number of times before bed.", "en", "ocd"
    ),
    _case(
        "My manager keeps piling on projects and I work until midnight most days.",
        "en",
        "stress",
        "burnout",
        "work",
    ),
    _case(
        "I punched a hole in the door last week after an argument with my brother.", "en", "anger"
    ),
    _case(
        "I think I might be bi but I'm terrified of what my church friends would say.",
        "en",
        "lgbtq",
        "identity",
    ),
    _case(
        "My knees and hips ache every single day and painkillers barely help.", "en", "chronic-pain"
    ),
    _case(
        "Since the scan showed a shadow on my lung I can't think about anything else.",
        "en",
        "health",
        "anxiety",
    ),
    _case(
        "Our daughter was born three weeks ago and I cry every time she cries.", "en", "perinatal"
    ),
    _case(
        "My 14-year-old has stopped going to school and stays in his room all day.",
        "en",
        "adolescents",
        "parenting",
    ),
    _case(
        "We moved across the country for my husband's job and I don't know a soul here.",
        "en",
        "life-transitions",
        "loneliness",
    ),
    _case("Ich kriege kein Auge zu und bin tagsüber wie gerädert.", "de", "sleep"),
    _case(
        "Mein Mann trinkt jeden Abend eine Flasche Wein und wird dann laut.",
        "de",
        "addiction",
        "family",
        "couples",
    ),
    _case(
        "Seit der Trennung fühle ich mich wie ein Nichts.",
        "de",
        "couples",
        "self-esteem",
        "depression",
    ),
    _case("Mir schnürt es die Kehle zu, wenn ich an die Prüfung denke.", "de", "anxiety"),
    _case("Ich habe das Gefühl, ständig zu versagen, egal was ich mache.", "de", "self-esteem"),
    _case(
        "Unser Sohn hat sich geritzt und wir wissen nicht, wie wir ihm helfen sollen.",
        "de",
        "adolescents",
        "depression",
        "parenting",
    ),
    _case(
        "Seit dem Überfall traue ich mich abends nicht mehr auf die Straße.",
        "de",
        "trauma",
        "anxiety",
    ),
    _case("Ich gehe seit Jahren nicht mehr ohne Schmerzen aus dem Haus.", "de", "chronic-pain"),
    _case("Ich muss immer alles dreimal überprüfen, sonst passiert etwas Schlimmes.", "de", "ocd"),
    _case(
        "Meine Mutter ist dement und ich kümmere mich allein um sie, ich kann nicht mehr.",
        "de",
        "family",
        "burnout",
        "stress",
    ),
    _case("Ich esse heimlich und schäme mich danach furchtbar.", "de", "eating-disorders"),
    _case("Me cuesta muchísimo levantarme y no le encuentro sentido a nada.", "es", "depression"),
    _case(
        "Mi hijo adolescente me contesta fatal y ya no sé cómo ponerle límites.",
        "es",
        "parenting",
        "adolescents",
    ),
    _case("Siento que mi marido ya no me quiere, apenas nos miramos.", "es", "couples"),
    _case(
        "Cada vez que salgo de casa tengo que volver a comprobar que he cerrado la puerta.",
        "es",
        "ocd",
    ),
    _case(
        "Desde que nació mi bebé no duermo y me siento fatal conmigo misma.",
        "es",
        "perinatal",
        "sleep",
    ),
    _case("Perdí a mi perro hace un mes y no puedo dejar de llorar.", "es", "grief"),
    _case("En el trabajo me gritan y vuelvo a casa temblando.", "es", "work", "stress", "anxiety"),
    _case(
        "No me gusta mi cuerpo, me miro al espejo y me dan ganas de llorar.",
        "es",
        "eating-disorders",
        "self-esteem",
    ),
    _case("Me enciendo por cualquier tontería y luego me arrepiento.", "es", "anger"),
    _case("Je n'ai plus goût à rien depuis mon licenciement.", "fr", "depression", "work"),
    _case(
        "Mes parents se disputent tout le temps et je ne supporte plus la maison.", "fr", "family"
    ),
    _case("Ogni sera bevo troppo per non pensare.", "it", "addiction"),
    _case("Non riesco più a dormire da quando è morto mio padre.", "it", "grief", "sleep"),
    _case("Fico muito nervosa antes de qualquer reunião e tremo toda.", "pt", "anxiety"),
    _case(
        "O meu filho tem quinze anos e passa o dia inteiro a jogar no computador.",
        "pt",
        "adolescents",
        "addiction",
        "parenting",
    ),
    _case(
        "I dread Sunday evenings because Monday means facing that office again.",
        "en",
        "work",
        "stress",
        "burnout",
    ),
    _case(
        "My wife says I've changed since I came back from Iraq and she's right.",
        "en",
        "ptsd",
        "trauma",
    ),
    _case("I keep picking at my skin until it bleeds and I can't stop.", "en", "ocd"),
    _case(
        "I feel like a fraud at my new job and I'm waiting to be found out.", "en", "self-esteem"
    ),
    _case(
        "My son was diagnosed with autism and I feel like I'm failing him as a mother.",
        "en",
        "parenting",
        "family",
    ),
    _case(
        "I've gained twenty kilos since the pandemic and I hide from every camera.",
        "en",
        "eating-disorders",
        "self-esteem",
    ),
    _case(
        "After the stroke my dad needs help with everything and I'm the only one around.",
        "en",
        "family",
        "health",
        "stress",
    ),
    _case("I get so wound up that I scream at my partner over nothing.", "en", "anger"),
    _case("I can't remember the last time someone hugged me.", "en", "loneliness"),
    _case(
        "The nurse said it was a girl and then there was no heartbeat.", "en", "grief", "perinatal"
    ),
    _case(
        "Every time I eat I feel disgusting and go to the bathroom to make myself sick.",
        "en",
        "eating-disorders",
    ),
    _case(
        "I've been scrolling on my phone until 3am and then I'm useless at work.",
        "en",
        "sleep",
        "addiction",
    ),
    _case(
        "Ich grübele nachts stundenlang über Fehler, die ich vor Jahren gemacht habe.",
        "de",
        "anxiety",
        "sleep",
    ),
    _case(
        "Mein Freund hat mich betrogen und ich kann ihm nicht mehr vertrauen.",
        "de",
        "couples",
        "relationships",
    ),
    _case("Seit dem Tod meines Bruders ist alles leer und grau.", "de", "grief", "depression"),
    _case(
        "Ich kann meine Tochter nicht mehr erreichen, sie zieht sich total zurück.",
        "de",
        "adolescents",
        "parenting",
        "family",
    ),
    _case(
        "Ich habe wieder angefangen zu kiffen, jeden Abend, obwohl ich aufhören wollte.",
        "de",
        "addiction",
    ),
    _case(
        "Wenn jemand hinter mir laut wird, zucke ich zusammen und bin wieder sieben Jahre alt.",
        "de",
        "trauma",
    ),
    _case(
        "Ich habe ständig Kopfschmerzen und Rückenschmerzen, kein Arzt findet etwas.",
        "de",
        "chronic-pain",
        "health",
    ),
    _case("Ich weiß nicht, ob ich ein Mann oder eine Frau sein will.", "de", "identity", "lgbtq"),
    _case(
        "Nach 30 Jahren im Beruf gehe ich in Rente und habe Angst vor der Leere.",
        "de",
        "life-transitions",
    ),
    _case("No consigo concentrarme ni para leer una página, me pierdo a la mitad.", "es", "adhd"),
    _case(
        "Mi novio me controla el móvil y me dice con quién puedo hablar.",
        "es",
        "relationships",
        "couples",
        "trauma",
    ),
    _case("Tengo tanto trabajo que ya no sé ni qué día es.", "es", "stress", "work", "burnout"),
    _case(
        "Me siento sola desde que mis hijos se fueron a estudiar fuera.",
        "es",
        "loneliness",
        "life-transitions",
    ),
    _case("Me da pánico conducir desde el accidente.", "es", "trauma", "anxiety", "panic"),
    _case("Cada vez que como algo luego me siento culpable y lo vomito.", "es", "eating-disorders"),
    _case(
        "Mi padre bebe desde que tengo memoria y ahora yo hago lo mismo.",
        "es",
        "addiction",
        "family",
    ),
    _case(
        "Estoy embarazada de siete meses y tengo muchísimo miedo al parto.",
        "es",
        "perinatal",
        "anxiety",
    ),
    _case(
        "Je me sens différent des autres depuis que j'ai compris que j'aimais les garçons.",
        "fr",
        "lgbtq",
        "identity",
    ),
    _case(
        "Ma fille de seize ans ne mange presque plus rien.", "fr", "eating-disorders", "adolescents"
    ),
    _case(
        "Mi sento un fallimento, tutti i miei amici hanno una carriera e io no.",
        "it",
        "self-esteem",
    ),
    _case(
        "Da quando è nato il bambino non dormo più di due ore di fila.", "it", "perinatal", "sleep"
    ),
    _case("Não consigo parar de pensar que vou perder o meu emprego.", "pt", "anxiety", "work"),
    _case(
        "O meu marido grita comigo por tudo e eu tenho medo dele.",
        "pt",
        "couples",
        "trauma",
        "anger",
    ),
)
TUNING_CASES: tuple[MatchCase, ...] = MATCH_CASES + CROSS_LANGUAGE_CASES + SECOND_ROUND_CASES
