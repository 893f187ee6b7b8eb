"""Demo therapists: plain data for the local demo, the matching tests and the quality set.

No database code here: loaders (`local.demo`, the end-to-end matching tests) turn these into users,
profiles, bios and availability. Every bio is written in the language it is filed under, and is
clearly about the therapist's specialties, so matching can be judged by eye.

Known answers the tests rely on:
- `ANXIETY_SLEEP_SPECIALIST` (Lena Hartmann) is the only therapist with both "anxiety" and "sleep";
  she is public and accepting, so "panic attacks and sleepless nights" has one right answer.
- A few therapists are hidden or full, to test filtering; one of them (Sarah Mitchell, anxiety and
  panic, not public) would rank near the top for panic entries if the filter were missing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

Interval = dict[str, str]
WeeklyHours = dict[str, list[Interval]]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# example.com, not .local: email validation refuses special-use domains such as .local.
EMAIL_DOMAIN = "demo.example.com"


@dataclass(frozen=True)
class DemoTherapist:
    """One demo therapist. `bios` holds one bio per language in `languages`."""

    full_name: str
    timezone: str
    languages: tuple[str, ...]
    specialties: tuple[str, ...]
    bio: str
    bios: Mapping[str, str] = field(hash=False)
    weekly_hours: WeeklyHours = field(hash=False)
    years_experience: int
    is_public: bool = True
    accepting_clients: bool = True

    @property
    def email(self) -> str:
        """firstname.lastname@demo.example.com in ASCII ("Jörg Müller" -> joerg.mueller@...)."""
        parts = [
            "".join(c for c in part if c.isalnum() or c == "-")
            for part in _ascii(self.full_name).lower().split()
        ]
        return f"{parts[0]}.{parts[-1]}@{EMAIL_DOMAIN}"

    @property
    def matchable(self) -> bool:
        """Whether matching may suggest this therapist (public and accepting clients)."""
        return self.is_public and self.accepting_clients


def _ascii(name: str) -> str:
    # Umlauts become two letters as Germans write them in addresses; other accents are dropped.
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        name = name.replace(umlaut, spelled).replace(umlaut.upper(), spelled.capitalize())
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c))


def hours(days: str, *intervals: str) -> WeeklyHours:
    """Weekly hours for a day range: hours("monday-friday", "09:00-12:00", "13:00-17:00")."""
    first, _, last = days.partition("-")
    start = WEEKDAYS.index(first)
    end = WEEKDAYS.index(last or first)
    spans = [
        dict(zip(("start", "end"), interval.split("-"), strict=True)) for interval in intervals
    ]
    return {day: [dict(span) for span in spans] for day in WEEKDAYS[start : end + 1]}


def merge(*parts: WeeklyHours) -> WeeklyHours:
    """Several `hours(...)` combined (later days' intervals are appended)."""
    result: WeeklyHours = {}
    for part in parts:
        for day, intervals in part.items():
            result.setdefault(day, []).extend(intervals)
    return result


DEMO_THERAPISTS: tuple[DemoTherapist, ...] = (
    DemoTherapist(
        full_name="Lena Hartmann",
        timezone="Europe/Berlin",
        languages=("de", "en"),
        specialties=("anxiety", "panic", "sleep", "cbt"),
        bio="Psychotherapeutin für Angststörungen, Panikattacken und Schlafprobleme.",
        bios={
            "de": (
                "Ich bin spezialisiert auf Angststörungen, Panikattacken und Schlafstörungen. "
                "Viele meiner Klientinnen und Klienten liegen nachts wach, grübeln oder wachen mit "
                "Herzrasen auf. Mit kognitiver Verhaltenstherapie und KVT für Insomnie (KVT-I) "
                "lernen wir, die Angst zu verstehen und wieder erholsam zu schlafen."
            ),
            "en": (
                "I specialise in anxiety disorders, panic attacks and insomnia. Many of the people "
                "I see lie awake at night with racing thoughts or wake up with a pounding heart. "
                "Using CBT and CBT for insomnia (CBT-I), we work on calming the fear response and "
                "getting your sleep back."
            ),
        },
        weekly_hours=hours("monday-thursday", "08:00-12:00", "13:00-17:00"),
        years_experience=14,
    ),
    DemoTherapist(
        full_name="Marcus Bennett",
        timezone="America/New_York",
        languages=("en",),
        specialties=("depression", "self-esteem", "cbt"),
        bio="Licensed clinical psychologist treating depression and low self-esteem.",
        bios={
            "en": (
                "I help adults who are living with depression: low mood, no energy, losing "
                "interest in things that used to bring joy, feeling hopeless or worthless. We use "
                "cognitive behavioural therapy and behavioural activation to rebuild motivation "
                "and a kinder relationship with yourself."
            ),
        },
        weekly_hours=hours("monday-friday", "10:00-18:00"),
        years_experience=11,
    ),
    DemoTherapist(
        full_name="Sofía Ramírez",
        timezone="Europe/Madrid",
        languages=("es", "en"),
        specialties=("trauma", "ptsd", "emdr"),
        bio="Psicóloga sanitaria especializada en trauma y estrés postraumático (EMDR).",
        bios={
            "es": (
                "Acompaño a personas que han vivido experiencias traumáticas: accidentes, "
                "violencia, abuso o pérdidas repentinas. Trabajo con EMDR y terapia centrada en el "
                "trauma para reducir los flashbacks, las pesadillas y el estado de alerta "
                "constante del trastorno de estrés postraumático (TEPT)."
            ),
            "en": (
                "I work with survivors of trauma: accidents, violence, abuse and sudden loss. "
                "Using EMDR and trauma-focused therapy, I help clients process what happened and "
                "reduce flashbacks, nightmares and the constant hypervigilance of PTSD."
            ),
        },
        weekly_hours=hours("monday-friday", "09:00-14:00", "16:00-19:00"),
        years_experience=12,
    ),
    DemoTherapist(
        full_name="Jonas Becker",
        timezone="Europe/Berlin",
        languages=("de",),
        specialties=("couples", "relationships"),
        bio="Paartherapeut für Beziehungskrisen, Kommunikation und Trennung.",
        bios={
            "de": (
                "Ich begleite Paare in Krisen: ständiger Streit, Eifersucht, Fremdgehen oder die "
                "Frage, ob man sich trennen soll. In der Paartherapie lernen Sie, wieder "
                "miteinander zu reden und Ihre Beziehung bewusst zu gestalten, ob als Ehepaar "
                "oder unverheiratet."
            ),
        },
        weekly_hours=merge(
            hours("tuesday-friday", "12:00-20:00"), hours("saturday", "10:00-14:00")
        ),
        years_experience=9,
    ),
    DemoTherapist(
        full_name="Priya Natarajan",
        timezone="Europe/London",
        languages=("en",),
        specialties=("eating-disorders", "self-esteem"),
        bio="Counselling psychologist for eating disorders and body image.",
        bios={
            "en": (
                "I specialise in eating disorders, including anorexia, bulimia and binge eating, "
                "and the body image and self-worth struggles that often come with them. My work "
                "is collaborative and non-judgemental, helping you build a calmer relationship "
                "with food, weight and your body."
            ),
        },
        weekly_hours=hours("monday-thursday", "09:30-17:30"),
        years_experience=8,
    ),
    DemoTherapist(
        full_name="Carlos Mendoza",
        timezone="America/Mexico_City",
        languages=("es",),
        specialties=("addiction", "family"),
        bio="Terapeuta en adicciones: alcohol, drogas y juego.",
        bios={
            "es": (
                "Trabajo con personas que quieren dejar el alcohol, las drogas o el juego, y con "
                "sus familias. Abordamos el consumo, los antojos y las recaídas paso a paso, sin "
                "juicios. También acompaño a familiares de personas con adicción."
            ),
        },
        weekly_hours=hours("monday-friday", "08:00-16:00"),
        years_experience=16,
    ),
    DemoTherapist(
        full_name="Aisha Okafor",
        timezone="Europe/London",
        languages=("en",),
        specialties=("grief", "life-transitions"),
        bio="Bereavement counsellor supporting people through grief and loss.",
        bios={
            "en": (
                "I support people who are grieving: the death of a parent, partner or child, a "
                "pregnancy loss, or the slow loss of someone to illness. Grief has no timetable, "
                "and I offer a gentle space to mourn, remember and find a way forward after loss."
            ),
        },
        weekly_hours=hours("monday-wednesday", "09:00-17:00"),
        years_experience=13,
    ),
    DemoTherapist(
        full_name="Felix Wagner",
        timezone="Europe/Vienna",
        languages=("de", "en"),
        specialties=("adhd",),
        bio="Psychotherapeut mit Schwerpunkt ADHS bei Erwachsenen.",
        bios={
            "de": (
                "Mein Schwerpunkt ist ADHS im Erwachsenenalter. Ich unterstütze Menschen, die "
                "sich schwer konzentrieren können, ständig abgelenkt sind, Dinge aufschieben oder "
                "impulsiv handeln. Gemeinsam entwickeln wir Strategien für Alltag, Struktur und "
                "Beruf."
            ),
            "en": (
                "I focus on adult ADHD. I help people who struggle to concentrate, get easily "
                "distracted, procrastinate or act impulsively, and who often feel chaotic and "
                "disorganised. We build practical strategies for focus, planning and daily life."
            ),
        },
        weekly_hours=hours("monday-friday", "08:30-15:30"),
        years_experience=7,
    ),
    DemoTherapist(
        full_name="Elena Torres",
        timezone="America/Bogota",
        languages=("es",),
        specialties=("depression", "loneliness"),
        bio="Psicóloga clínica: depresión, soledad y aislamiento.",
        bios={
            "es": (
                "Acompaño a adultos que atraviesan una depresión: tristeza profunda, falta de "
                "energía, sin ganas de nada, sensación de vacío. También trabajo con personas que "
                "se sienten solas o aisladas y quieren recuperar el contacto con los demás."
            ),
        },
        weekly_hours=hours("monday-friday", "07:00-13:00"),
        years_experience=10,
    ),
    DemoTherapist(
        full_name="Noah Fischer",
        timezone="Europe/Zurich",
        languages=("de",),
        specialties=("ocd", "anxiety"),
        bio="Verhaltenstherapeut für Zwangsstörungen.",
        bios={
            "de": (
                "Ich behandle Zwangsstörungen: Zwangsgedanken, Kontrollzwänge, Waschzwang und "
                "andere Rituale, die viel Zeit und Kraft kosten. Mit Exposition und "
                "Reaktionsverhinderung lernen Sie, aufdringliche Gedanken auszuhalten, ohne den "
                "Zwängen nachzugeben."
            ),
        },
        weekly_hours=hours("monday-thursday", "09:00-18:00"),
        years_experience=15,
    ),
    DemoTherapist(
        full_name="Grace Liu",
        timezone="America/Los_Angeles",
        languages=("en",),
        specialties=("lgbtq", "identity"),
        bio="LGBTQ+ affirming therapist for identity and coming out.",
        bios={
            "en": (
                "I offer LGBTQ+ affirming therapy for people exploring their sexual orientation or "
                "gender identity, coming out to family, or dealing with homophobia and "
                "transphobia. Trans, non-binary and queer clients are warmly welcome."
            ),
        },
        weekly_hours=hours("tuesday-saturday", "11:00-19:00"),
        years_experience=6,
    ),
    DemoTherapist(
        full_name="Javier Castillo",
        timezone="Europe/Madrid",
        languages=("es", "en"),
        specialties=("couples", "relationships"),
        bio="Terapeuta de pareja: comunicación, celos e infidelidad.",
        bios={
            "es": (
                "Soy terapeuta de pareja. Ayudo a parejas que discuten constantemente, que han "
                "sufrido una infidelidad o que sienten que la relación se ha enfriado. También "
                "acompaño procesos de separación y divorcio de la forma más cuidadosa posible."
            ),
            "en": (
                "I am a couples therapist. I help partners who argue all the time, who are "
                "recovering from an affair, or who feel their marriage has gone cold, and I "
                "support separation and divorce with as much care as possible."
            ),
        },
        weekly_hours=hours("monday-friday", "15:00-21:00"),
        years_experience=12,
    ),
    DemoTherapist(
        full_name="Miriam Schulz",
        timezone="Europe/Berlin",
        languages=("de",),
        specialties=("perinatal", "parenting"),
        bio="Psychotherapeutin für Schwangerschaft, Geburt und die Zeit danach.",
        bios={
            "de": (
                "Ich begleite Frauen und Paare rund um Schwangerschaft, Geburt und Wochenbett: "
                "bei Ängsten in der Schwangerschaft, nach einer schweren Geburt, bei "
                "Wochenbettdepression oder unerfülltem Kinderwunsch. Auch junge Eltern, die "
                "sich in ihre neue Rolle einfinden, sind bei mir richtig."
            ),
        },
        weekly_hours=hours("monday-wednesday", "09:00-13:00"),
        years_experience=10,
    ),
    DemoTherapist(
        full_name="Daniel O'Connor",
        timezone="Europe/Dublin",
        languages=("en",),
        specialties=("anger", "stress"),
        bio="Therapist for anger management and stress.",
        bios={
            "en": (
                "I help people who struggle with anger: losing their temper, shouting at the "
                "people they love, road rage, or outbursts they regret afterwards. We look at "
                "what sits underneath the anger, often stress and pressure, and practise new ways "
                "to respond."
            ),
        },
        weekly_hours=merge(
            hours("monday-thursday", "17:00-21:00"), hours("saturday", "09:00-13:00")
        ),
        years_experience=9,
    ),
    DemoTherapist(
        full_name="Lucía Herrera",
        timezone="America/Argentina/Buenos_Aires",
        languages=("es",),
        specialties=("eating-disorders", "adolescents"),
        bio="Psicóloga especialista en trastornos alimentarios en adolescentes.",
        bios={
            "es": (
                "Me especializo en trastornos de la conducta alimentaria (anorexia, bulimia, "
                "atracones) en adolescentes y jóvenes adultos. Trabajo la relación con la comida, "
                "el peso y la imagen corporal, e involucro a la familia cuando es posible."
            ),
        },
        weekly_hours=hours("monday-friday", "10:00-18:00"),
        years_experience=9,
    ),
    DemoTherapist(
        full_name="Thomas Keller",
        timezone="Europe/Berlin",
        languages=("de", "en"),
        specialties=("burnout", "stress", "work"),
        bio="Coach und Psychotherapeut für Burnout und Stress im Beruf.",
        bios={
            "de": (
                "Ich arbeite mit Menschen, die im Job an ihre Grenzen kommen: Dauerstress, "
                "Überforderung, Erschöpfung bis hin zum Burnout. Wir schauen auf Arbeitsbelastung, "
                "Perfektionismus und Erholung, damit Sie wieder abschalten können."
            ),
            "en": (
                "I work with people who are burning out at work: chronic stress, overwhelm and "
                "exhaustion. We look at workload, perfectionism, boundaries with your boss and "
                "colleagues, and recovery, so you can switch off again."
            ),
        },
        weekly_hours=hours("monday-friday", "07:30-11:30", "18:00-20:00"),
        years_experience=17,
    ),
    DemoTherapist(
        full_name="Isabel Navarro",
        timezone="Europe/Madrid",
        languages=("es",),
        specialties=("grief", "life-transitions"),
        bio="Psicóloga especializada en duelo y pérdidas.",
        bios={
            "es": (
                "Acompaño procesos de duelo tras la muerte de un ser querido, ya sea una madre, "
                "un padre, una pareja o un hijo. El duelo duele, y en terapia encontramos espacio "
                "para la tristeza, los recuerdos y la despedida, a tu ritmo."
            ),
        },
        weekly_hours=hours("tuesday-friday", "09:00-15:00"),
        years_experience=18,
    ),
    DemoTherapist(
        full_name="Olivia Carter",
        timezone="America/Chicago",
        languages=("en",),
        specialties=("adolescents", "family", "parenting"),
        bio="Family therapist for teenagers and their parents.",
        bios={
            "en": (
                "I work with teenagers and their families: school pressure, bullying, conflict "
                "at home, and the ups and downs of adolescence. I also coach parents who feel "
                "they have lost touch with their teen."
            ),
        },
        weekly_hours=hours("monday-friday", "12:00-19:00"),
        years_experience=14,
    ),
    DemoTherapist(
        full_name="Katharina Vogel",
        timezone="Europe/Berlin",
        languages=("de",),
        specialties=("trauma", "ptsd", "emdr"),
        bio="Traumatherapeutin (EMDR) für Posttraumatische Belastungsstörung.",
        bios={
            "de": (
                "Ich bin Traumatherapeutin und arbeite mit EMDR. Zu mir kommen Menschen nach "
                "Unfällen, Gewalt, Missbrauch in der Kindheit oder anderen belastenden "
                "Erfahrungen, die unter Flashbacks, Albträumen oder einer Posttraumatischen "
                "Belastungsstörung (PTBS) leiden."
            ),
        },
        weekly_hours=hours("monday-thursday", "08:00-14:00"),
        years_experience=19,
    ),
    DemoTherapist(
        full_name="Mateo Silva",
        timezone="America/Lima",
        languages=("es", "en"),
        specialties=("lgbtq", "identity"),
        bio="Psicólogo afirmativo LGTBIQ+: identidad y salir del armario.",
        bios={
            "es": (
                "Ofrezco terapia afirmativa para personas LGTBIQ+: dudas sobre la orientación "
                "sexual o la identidad de género, salir del armario con la familia, o el peso de "
                "la homofobia y la transfobia. Un espacio seguro para ser quien eres."
            ),
            "en": (
                "I offer affirming therapy for LGBTQ+ people: questions about sexual orientation "
                "or gender identity, coming out to family, and the weight of homophobia and "
                "transphobia. A safe space to be who you are."
            ),
        },
        weekly_hours=hours("monday-friday", "09:00-17:00"),
        years_experience=5,
    ),
    DemoTherapist(
        full_name="Rachel Goldberg",
        timezone="America/New_York",
        languages=("en",),
        specialties=("chronic-pain", "health", "mindfulness"),
        bio="Health psychologist for chronic pain and chronic illness.",
        bios={
            "en": (
                "I am a health psychologist working with people who live with chronic pain, "
                "fibromyalgia, migraines or a long-term illness. Using mindfulness and "
                "acceptance-based therapy, we work on coping with pain, fatigue and the "
                "frustration of a body that doesn't cooperate."
            ),
        },
        weekly_hours=hours("monday-thursday", "08:00-16:00"),
        years_experience=20,
    ),
    DemoTherapist(
        full_name="Stefan Braun",
        timezone="Europe/Vienna",
        languages=("de",),
        specialties=("addiction",),
        bio="Suchttherapeut: Alkohol, Medikamente, Glücksspiel.",
        bios={
            "de": (
                "Als Suchttherapeut begleite ich Menschen mit Alkoholproblemen, Drogen- oder "
                "Medikamentenabhängigkeit und Spielsucht. Ob Sie weniger trinken oder ganz "
                "nüchtern werden wollen: Wir arbeiten an Auslösern, Verlangen und "
                "Rückfallprävention."
            ),
        },
        weekly_hours=hours("monday-friday", "10:00-18:00"),
        years_experience=22,
    ),
    DemoTherapist(
        full_name="Valentina Ruiz",
        timezone="America/Santiago",
        languages=("es",),
        specialties=("stress", "burnout", "mindfulness"),
        bio="Psicóloga: estrés laboral, agotamiento y mindfulness.",
        bios={
            "es": (
                "Trabajo con personas agobiadas por el estrés laboral y el agotamiento, que "
                "sienten que ya no pueden desconectar del trabajo. Combino terapia cognitiva y "
                "atención plena (mindfulness) para prevenir y superar el síndrome de burnout."
            ),
        },
        weekly_hours=hours("monday-friday", "08:00-12:00", "14:00-18:00"),
        years_experience=8,
    ),
    DemoTherapist(
        full_name="Benjamin Hughes",
        timezone="Australia/Sydney",
        languages=("en",),
        specialties=("loneliness", "life-transitions"),
        bio="Counsellor for loneliness and big life changes.",
        bios={
            "en": (
                "I work with people going through big life transitions, such as moving to a new "
                "country, retirement, an empty nest or starting over after a divorce, and with "
                "the loneliness and isolation that can come with them."
            ),
        },
        weekly_hours=hours("monday-friday", "09:00-17:00"),
        years_experience=12,
    ),
    DemoTherapist(
        full_name="Clara Neumann",
        timezone="Europe/Berlin",
        languages=("de", "es"),
        specialties=("family", "parenting", "adolescents"),
        bio="Familientherapeutin für Eltern, Kinder und Jugendliche.",
        bios={
            "de": (
                "Ich arbeite als Familientherapeutin mit Eltern, Kindern und Jugendlichen. "
                "Themen sind Konflikte in der Familie, Erziehungsfragen, Pubertät, Trennung der "
                "Eltern und Patchwork-Familien."
            ),
            "es": (
                "Soy terapeuta familiar y trabajo con padres, niños y adolescentes: conflictos "
                "en casa, dudas sobre la crianza, la pubertad, la separación de los padres y las "
                "familias reconstituidas."
            ),
        },
        weekly_hours=hours("monday-thursday", "13:00-19:00"),
        years_experience=11,
    ),
    DemoTherapist(
        full_name="Andrés Morales",
        timezone="America/Mexico_City",
        languages=("es",),
        specialties=("anger", "stress"),
        bio="Psicólogo: manejo de la ira y el estrés.",
        bios={
            "es": (
                "Ayudo a personas que pierden los nervios con facilidad, gritan o explotan de "
                "rabia y luego se arrepienten. Trabajamos el manejo de la ira, la impulsividad y "
                "el estrés que suele estar detrás del enojo."
            ),
        },
        weekly_hours=hours("monday-friday", "16:00-21:00"),
        years_experience=7,
    ),
    DemoTherapist(
        full_name="Emily Watson",
        timezone="Europe/London",
        languages=("en",),
        specialties=("perinatal", "depression"),
        bio="Perinatal psychologist: pregnancy, birth and postnatal depression.",
        bios={
            "en": (
                "I support parents through pregnancy, birth and the first year with a baby: "
                "postnatal depression and anxiety, difficult or traumatic births, pregnancy loss "
                "and fertility struggles. New mums and dads are very welcome."
            ),
        },
        weekly_hours=hours("tuesday-friday", "09:00-15:00"),
        years_experience=10,
    ),
    DemoTherapist(
        full_name="Paul Richter",
        timezone="Europe/Berlin",
        languages=("de",),
        specialties=("depression", "self-esteem"),
        bio="Psychotherapeut für Depression und Selbstwert.",
        bios={
            "de": (
                "Ich behandle Depressionen und depressive Verstimmungen: Antriebslosigkeit, "
                "Hoffnungslosigkeit, innere Leere und das Gefühl, nichts wert zu sein. Wir "
                "stärken Schritt für Schritt Ihren Selbstwert und Ihre Lebensfreude."
            ),
        },
        weekly_hours=hours("monday-friday", "08:00-13:00"),
        years_experience=16,
    ),
    DemoTherapist(
        full_name="Carmen Delgado",
        timezone="Europe/Madrid",
        languages=("es",),
        specialties=("perinatal", "family"),
        bio="Psicóloga perinatal: embarazo, parto y posparto.",
        bios={
            "es": (
                "Acompaño a madres y padres durante el embarazo, el parto y el posparto: "
                "depresión posparto, partos difíciles, pérdidas gestacionales y las dudas de la "
                "maternidad y la paternidad con un bebé recién nacido."
            ),
        },
        weekly_hours=hours("monday-thursday", "10:00-16:00"),
        years_experience=9,
    ),
    DemoTherapist(
        full_name="Nathan Brooks",
        timezone="America/Denver",
        languages=("en",),
        specialties=("ptsd", "trauma"),
        bio="Trauma therapist for veterans and first responders.",
        bios={
            "en": (
                "I work with veterans, first responders and anyone living with post-traumatic "
                "stress: combat trauma, accidents, assault. Nightmares, flashbacks, feeling on "
                "guard all the time and avoiding reminders are all things we can work on."
            ),
        },
        weekly_hours=hours("monday-friday", "07:00-15:00"),
        years_experience=15,
    ),
    DemoTherapist(
        full_name="Julia Lehmann",
        timezone="Europe/Berlin",
        languages=("de", "en"),
        specialties=("lgbtq", "identity"),
        bio="Queer-affirmative Psychotherapie: Coming-out und Identität.",
        bios={
            "de": (
                "Ich biete queer-affirmative Therapie für lesbische, schwule, bisexuelle, trans* "
                "und nicht-binäre Menschen. Themen sind Coming-out, Fragen zur sexuellen "
                "Orientierung und Geschlechtsidentität sowie Erfahrungen mit Diskriminierung."
            ),
            "en": (
                "I offer queer-affirming therapy for lesbian, gay, bisexual, trans and non-binary "
                "people: coming out, questions about sexual orientation and gender identity, and "
                "experiences of discrimination."
            ),
        },
        weekly_hours=hours("wednesday-saturday", "10:00-18:00"),
        years_experience=6,
    ),
    DemoTherapist(
        full_name="Diego Fernández",
        timezone="Europe/Madrid",
        languages=("es", "en"),
        specialties=("adhd", "adolescents"),
        bio="Psicólogo especialista en TDAH en adolescentes y adultos.",
        bios={
            "es": (
                "Trabajo con adolescentes y adultos con TDAH: dificultades para concentrarse, "
                "distracciones constantes, olvidos, impulsividad y la costumbre de dejarlo todo "
                "para última hora. Buscamos estrategias prácticas para los estudios y el trabajo."
            ),
            "en": (
                "I work with teens and adults with ADHD: trouble concentrating, constant "
                "distraction, forgetfulness, impulsivity and procrastination. We find practical "
                "strategies for school, study and work."
            ),
        },
        weekly_hours=hours("monday-friday", "11:00-19:00"),
        years_experience=8,
    ),
    DemoTherapist(
        full_name="Laura Schmidt",
        timezone="Europe/Berlin",
        languages=("de",),
        specialties=("chronic-pain", "health"),
        bio="Psychologische Schmerztherapeutin.",
        bios={
            "de": (
                "Ich bin psychologische Schmerztherapeutin und begleite Menschen mit chronischen "
                "Schmerzen, Rückenschmerzen, Migräne oder Fibromyalgie sowie mit chronischen "
                "Erkrankungen. Wir arbeiten an Schmerzbewältigung, Entspannung und Lebensqualität."
            ),
        },
        weekly_hours=hours("monday-friday", "08:00-12:00"),
        years_experience=13,
    ),
    DemoTherapist(
        full_name="Pablo Ortega",
        timezone="America/Bogota",
        languages=("es",),
        specialties=("ocd", "anxiety"),
        bio="Psicólogo especialista en TOC.",
        bios={
            "es": (
                "Me especializo en el trastorno obsesivo-compulsivo (TOC): pensamientos "
                "intrusivos, comprobaciones repetidas, lavado de manos y rituales que no puedes "
                "dejar. Trabajo con exposición con prevención de respuesta."
            ),
        },
        weekly_hours=hours("monday-friday", "09:00-17:00"),
        years_experience=11,
    ),
    DemoTherapist(
        full_name="Hannah Brennan",
        timezone="Europe/Dublin",
        languages=("en",),
        specialties=("relationships", "loneliness", "self-esteem"),
        bio="Relationship-focused counsellor for adults who feel alone.",
        bios={
            "en": (
                "I help adults who feel lonely, disconnected or stuck in patterns of unhealthy "
                "relationships and people-pleasing. We work on attachment, self-worth and "
                "building friendships and connections that feel good."
            ),
        },
        weekly_hours=hours("monday-thursday", "10:00-18:00"),
        years_experience=7,
    ),
    # Hidden or full: matching must never suggest these (they test the filter).
    DemoTherapist(
        full_name="Sarah Mitchell",
        timezone="America/Chicago",
        languages=("en",),
        specialties=("anxiety", "panic"),
        bio="Anxiety and panic specialist (profile not public yet).",
        bios={
            "en": (
                "I treat anxiety and panic disorder. If panic attacks, a racing heart and the "
                "fear of the next attack are running your life, CBT and exposure can help you "
                "feel safe in your body again."
            ),
        },
        weekly_hours=hours("monday-friday", "09:00-17:00"),
        years_experience=10,
        is_public=False,
    ),
    DemoTherapist(
        full_name="Hans-Peter Krüger",
        timezone="Europe/Berlin",
        languages=("de",),
        specialties=("couples", "relationships"),
        bio="Paartherapeut (nimmt derzeit keine neuen Klienten auf).",
        bios={
            "de": (
                "Seit über zwanzig Jahren arbeite ich mit Paaren in Ehekrisen, nach einer Affäre "
                "oder vor einer Trennung. Derzeit nehme ich keine neuen Paare auf."
            ),
        },
        weekly_hours=hours("monday-wednesday", "14:00-19:00"),
        years_experience=24,
        accepting_clients=False,
    ),
    DemoTherapist(
        full_name="Ana Beltrán",
        timezone="Europe/Madrid",
        languages=("es",),
        specialties=("depression", "grief"),
        bio="Psicóloga: depresión y duelo (agenda completa).",
        bios={
            "es": (
                "Acompaño a personas con depresión y en procesos de duelo tras la muerte de un "
                "ser querido. Ahora mismo tengo la agenda completa y no acepto nuevos pacientes."
            ),
        },
        weekly_hours=hours("monday-friday", "09:00-14:00"),
        years_experience=19,
        accepting_clients=False,
    ),
    DemoTherapist(
        full_name="Tobias Lang",
        timezone="Europe/Zurich",
        languages=("de", "en"),
        specialties=("addiction", "trauma"),
        bio="Sucht- und Traumatherapeut (Profil in Vorbereitung).",
        bios={
            "de": (
                "Ich begleite Menschen, bei denen Sucht und Trauma zusammenkommen: Alkohol oder "
                "Drogen als Versuch, belastende Erinnerungen an Gewalt oder Missbrauch zu "
                "betäuben. Wir arbeiten an beidem zugleich, in Ihrem Tempo."
            ),
            "en": (
                "I work where addiction and trauma meet: alcohol or drugs used to numb painful "
                "memories of abuse or violence. We work on both at once, at a pace that feels "
                "safe for you."
            ),
        },
        weekly_hours=hours("tuesday-thursday", "09:00-17:00"),
        years_experience=12,
        is_public=False,
    ),
)

ANXIETY_SLEEP_SPECIALIST = DEMO_THERAPISTS[0]
"""The one public, accepting therapist with both "anxiety" and "sleep" (Lena Hartmann)."""


def matchable_therapists() -> tuple[DemoTherapist, ...]:
    """The demo therapists matching may suggest: public and accepting clients."""
    return tuple(t for t in DEMO_THERAPISTS if t.matchable)
