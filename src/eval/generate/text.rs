//! Text, handle, URL and media-hash material for synthetic corpora.
//!
//! Organic texts are random compositions over topic vocabularies, so two organic posts rarely
//! share wording unless they copy a slogan. Campaign texts come from templates and pass
//! through the light paraphrases real operators use: word swaps, synonyms, emoji, punctuation,
//! hashtag order, a changed name.

use super::rng::Rng;

/// Languages of the organic population, with their shares.
pub const LANGS: &[(&str, f64)] = &[
    ("fr", 0.45),
    ("en", 0.30),
    ("es", 0.10),
    ("de", 0.07),
    ("it", 0.05),
    ("ar", 0.03),
];

fn words(lang: &str) -> &'static [&'static str] {
    match lang {
        "fr" => &[
            "le",
            "la",
            "les",
            "un",
            "une",
            "des",
            "et",
            "mais",
            "donc",
            "pour",
            "avec",
            "sans",
            "sur",
            "dans",
            "ce",
            "cette",
            "très",
            "vraiment",
            "encore",
            "toujours",
            "jamais",
            "aujourd'hui",
            "demain",
            "hier",
            "soir",
            "matin",
            "match",
            "équipe",
            "ville",
            "métro",
            "travail",
            "école",
            "famille",
            "amis",
            "vacances",
            "soleil",
            "pluie",
            "chaleur",
            "concert",
            "film",
            "série",
            "livre",
            "café",
            "marché",
            "prix",
            "gouvernement",
            "ministre",
            "élection",
            "sport",
            "natation",
            "athlétisme",
            "médaille",
            "stade",
            "quartier",
            "voisins",
            "grève",
            "train",
            "retard",
            "bonne",
            "nouvelle",
            "super",
            "incroyable",
            "fatigué",
            "content",
            "pense",
            "crois",
            "voir",
            "regarder",
            "attendre",
            "partir",
            "rentrer",
            "manger",
            "dormir",
            "courir",
            "nager",
            "gagner",
            "perdre",
        ],
        "es" => &[
            "el",
            "la",
            "los",
            "un",
            "una",
            "y",
            "pero",
            "para",
            "con",
            "sin",
            "en",
            "muy",
            "hoy",
            "mañana",
            "ayer",
            "noche",
            "partido",
            "equipo",
            "ciudad",
            "trabajo",
            "familia",
            "amigos",
            "vacaciones",
            "sol",
            "calor",
            "concierto",
            "película",
            "libro",
            "café",
            "mercado",
            "precio",
            "gobierno",
            "elecciones",
            "deporte",
            "medalla",
            "estadio",
            "barrio",
            "tren",
            "buena",
            "noticia",
            "increíble",
            "cansado",
            "contento",
            "creo",
            "ver",
            "esperar",
            "volver",
            "comer",
            "dormir",
            "correr",
            "ganar",
            "perder",
        ],
        "de" => &[
            "der",
            "die",
            "das",
            "ein",
            "eine",
            "und",
            "aber",
            "für",
            "mit",
            "ohne",
            "heute",
            "morgen",
            "gestern",
            "Abend",
            "Spiel",
            "Mannschaft",
            "Stadt",
            "Arbeit",
            "Familie",
            "Freunde",
            "Urlaub",
            "Sonne",
            "Regen",
            "Konzert",
            "Film",
            "Buch",
            "Kaffee",
            "Markt",
            "Preis",
            "Regierung",
            "Wahl",
            "Sport",
            "Medaille",
            "Stadion",
            "Zug",
            "Verspätung",
            "gute",
            "Nachricht",
            "unglaublich",
            "müde",
            "froh",
            "sehen",
            "warten",
            "essen",
        ],
        "it" => &[
            "il",
            "la",
            "gli",
            "un",
            "una",
            "e",
            "ma",
            "per",
            "con",
            "senza",
            "oggi",
            "domani",
            "ieri",
            "sera",
            "partita",
            "squadra",
            "città",
            "lavoro",
            "famiglia",
            "amici",
            "vacanze",
            "sole",
            "pioggia",
            "concerto",
            "film",
            "libro",
            "caffè",
            "mercato",
            "prezzo",
            "governo",
            "elezioni",
            "sport",
            "medaglia",
            "stadio",
            "treno",
            "ritardo",
            "buona",
            "notizia",
            "incredibile",
            "stanco",
            "contento",
            "vedere",
            "aspettare",
        ],
        "ar" => &[
            "في",
            "من",
            "على",
            "مع",
            "هذا",
            "هذه",
            "اليوم",
            "غدا",
            "أمس",
            "مساء",
            "مباراة",
            "فريق",
            "مدينة",
            "عمل",
            "عائلة",
            "أصدقاء",
            "عطلة",
            "شمس",
            "حر",
            "حفلة",
            "فيلم",
            "كتاب",
            "قهوة",
            "سوق",
            "سعر",
            "حكومة",
            "انتخابات",
            "رياضة",
            "ميدالية",
            "ملعب",
            "قطار",
            "خبر",
            "جميل",
            "رائع",
            "متعب",
            "سعيد",
            "أرى",
            "أنتظر",
            "أكل",
        ],
        _ => &[
            "the",
            "a",
            "and",
            "but",
            "so",
            "for",
            "with",
            "without",
            "on",
            "in",
            "this",
            "that",
            "very",
            "really",
            "still",
            "always",
            "never",
            "today",
            "tomorrow",
            "yesterday",
            "tonight",
            "morning",
            "game",
            "team",
            "city",
            "subway",
            "work",
            "school",
            "family",
            "friends",
            "holiday",
            "sun",
            "rain",
            "heat",
            "concert",
            "movie",
            "show",
            "book",
            "coffee",
            "market",
            "price",
            "government",
            "minister",
            "election",
            "sport",
            "swimming",
            "athletics",
            "medal",
            "stadium",
            "neighbours",
            "strike",
            "train",
            "delay",
            "good",
            "news",
            "great",
            "amazing",
            "tired",
            "happy",
            "think",
            "believe",
            "watch",
            "wait",
            "leave",
            "eat",
            "sleep",
            "run",
            "swim",
            "win",
            "lose",
        ],
    }
}

const EMOJI: &[&str] = &[
    "😂", "🔥", "👏", "❤️", "😡", "🙏", "😍", "🤔", "💪", "🇫🇷", "🚫", "⚠️", "😱", "👀", "🏅",
];

/// A random organic sentence of 6 to 22 words in `lang`, sometimes with an emoji.
pub fn organic_text(rng: &mut Rng, lang: &str) -> String {
    let w = words(lang);
    let n = rng.range(6, 22) as usize;
    let mut s = String::with_capacity(n * 7);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(w));
    }
    match rng.below(6) {
        0 => s.push_str(" !"),
        1 => s.push('?'),
        2 => {
            s.push(' ');
            s.push_str(rng.pick(EMOJI));
        }
        _ => s.push('.'),
    }
    s
}

/// Famous lines that many unrelated people copy word for word.
pub const SLOGANS: &[&str] = &[
    "Allez les Bleus !",
    "Liberté, égalité, fraternité",
    "Ici c'est Paris !",
    "Never gonna give you up, never gonna let you down",
    "Keep calm and carry on",
    "We are the champions, my friends",
    "Je suis Charlie",
    "Bonne année à tous !",
    "Joyeux anniversaire 🎂",
    "RIP légende 🙏",
    "Vamos a la playa, oh oh oh",
    "Hala Madrid y nada más",
    "Ce soir on vous met le feu",
    "I have a dream",
    "Tous ensemble, tous ensemble, ouais !",
];

/// First names for handles and display names.
const NAMES: &[&str] = &[
    "jean", "marie", "lucas", "emma", "hugo", "lea", "louis", "chloe", "jules", "manon", "nathan",
    "camille", "paul", "sarah", "tom", "julie", "alex", "ines", "leo", "zoe", "john", "mary",
    "mike", "anna", "david", "laura", "carlos", "sofia", "pablo", "lucia", "karim", "yasmine",
    "omar", "nadia", "pierre", "claire", "antoine", "elise", "max", "lena",
];

const SURNAMES: &[&str] = &[
    "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy",
    "moreau", "simon", "laurent", "lefebvre", "michel", "garcia", "david", "bertrand", "roux",
    "smith", "jones", "brown", "lopez", "gonzalez", "muller", "rossi", "haddad", "benali",
];

/// A handle that looks chosen by a person (`marie_dubois`, `jules.petit`, `tom84`).
pub fn human_handle(rng: &mut Rng) -> String {
    let first = rng.pick(NAMES);
    let last = rng.pick(SURNAMES);
    match rng.below(5) {
        0 => format!("{first}_{last}"),
        1 => format!("{first}.{last}"),
        2 => format!("{first}{}", rng.range(70, 99)),
        3 => format!("{last}{first}"),
        _ => format!("{first}{last}{}", rng.range(1, 9)),
    }
}

/// A handle as platforms assign by default (`jean84920173`): a name and a long digit run.
pub fn generated_handle(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(NAMES), rng.range(10_000_000, 99_999_999))
}

/// A display name.
pub fn display_name(rng: &mut Rng) -> String {
    let first = rng.pick(NAMES);
    let last = rng.pick(SURNAMES);
    let cap = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    format!("{} {}", cap(first), cap(last))
}

const BIOS: &[&str] = &[
    "Parisien, fan de foot et de café",
    "Journaliste indépendante",
    "Dad, runner, coffee addict",
    "Prof de maths. Opinions personnelles.",
    "Photographe amateur 📷",
    "Étudiante en droit",
    "Music, travel, food",
    "Supporter du PSG depuis toujours",
    "Ingénieur. Tweets perso.",
    "Mamá de dos, amante del cine",
    "Runner 🏃 | Lyon",
    "Infirmière, maman, rêveuse",
];

/// A plausible organic bio.
pub fn bio(rng: &mut Rng) -> String {
    (rng.pick(BIOS)).to_string()
}

/// Organic hashtags: a few big ones and a long tail.
pub fn organic_hashtag(rank: usize) -> String {
    const HEAD: &[&str] = &[
        "Paris2024",
        "JO2024",
        "France",
        "football",
        "PSG",
        "OM",
        "meteo",
        "politique",
        "cinema",
        "musique",
        "Olympics",
        "sport",
        "news",
        "LigueDesChampions",
        "TourDeFrance",
    ];
    match HEAD.get(rank) {
        Some(h) => (*h).to_string(),
        None => format!("sujet{rank}"),
    }
}

/// Organic news domains, most popular first.
pub fn news_domain(rank: usize) -> String {
    const HEAD: &[&str] = &[
        "lemonde.fr",
        "lefigaro.fr",
        "bbc.co.uk",
        "francetvinfo.fr",
        "liberation.fr",
        "nytimes.com",
        "elpais.com",
        "20minutes.fr",
        "theguardian.com",
        "reuters.com",
        "lequipe.fr",
        "ouest-france.fr",
        "spiegel.de",
        "corriere.it",
        "aljazeera.net",
    ];
    match HEAD.get(rank) {
        Some(d) => (*d).to_string(),
        None => format!("site{rank}.example"),
    }
}

/// An article URL on `domain`, sometimes with tracking parameters or `www.`, as people paste them.
pub fn article_url(rng: &mut Rng, domain: &str, article: u64) -> String {
    let www = if rng.chance(0.3) { "www." } else { "" };
    let mut u = format!("https://{www}{domain}/article/{article}");
    match rng.below(8) {
        0 => u.push_str("?utm_source=twitter&utm_medium=social"),
        1 => u.push_str("?fbclid=IwAR0"),
        2 => u.push('/'),
        _ => {}
    }
    u
}

/// A random 64-bit perceptual hash, hex.
pub fn phash(rng: &mut Rng) -> u64 {
    rng.u64()
}

/// `h` with `bits` random bits flipped (a re-encoded or cropped copy of the same image).
pub fn near_hash(rng: &mut Rng, h: u64, bits: u32) -> u64 {
    let mut x = h;
    for _ in 0..bits {
        x ^= 1 << rng.below(64);
    }
    x
}

pub fn hex(h: u64) -> String {
    format!("{h:016x}")
}

/// Campaign message templates: `{P}` is a place or target name, filled per post.
pub fn campaign_templates(lang: &str) -> &'static [&'static str] {
    match lang {
        "en" => &[
            "Boycott the {P} Olympics! France cannot even keep its own streets safe",
            "Riots everywhere and they want to host the Games? Boycott {P} 2024",
            "Look at these images from {P}. Is this where athletes should go? Boycott!",
            "Stay away from {P} this summer, the city is burning. Boycott the Games",
            "The truth about {P} they hide from you: chaos, riots and fear",
        ],
        "es" => &[
            "¡Boicot a los Juegos de {P}! Francia no puede ni proteger sus calles",
            "Disturbios por todas partes y quieren organizar los Juegos. Boicot a {P} 2024",
            "Mirad estas imágenes de {P}. ¿Aquí deben ir los atletas? ¡Boicot!",
            "No vayáis a {P} este verano, la ciudad arde. Boicot a los Juegos",
        ],
        _ => &[
            "Boycottez les JO de {P} ! La France n'est même pas capable de protéger ses rues",
            "Des émeutes partout et ils veulent accueillir les Jeux ? Boycott {P} 2024",
            "Regardez ces images de {P}. C'est ici que les athlètes doivent venir ? Boycott !",
            "N'allez pas à {P} cet été, la ville brûle. Boycottez les Jeux",
            "La vérité sur {P} qu'on vous cache : chaos, émeutes et peur",
            "Les JO de {P} seront un désastre, tout le monde le sait. Boycott !",
            "Sécurité zéro à {P}. Protégez vos familles, boycottez les Jeux olympiques",
            "{P} 2024 : la honte. Les images parlent d'elles-mêmes",
        ],
    }
}

/// Names a campaign swaps in for `{P}`.
pub const PLACES: &[&str] = &["Paris", "Paris", "la France", "Macron"];

/// Applies the light paraphrases operators use to dodge exact-match filters.
pub fn paraphrase(rng: &mut Rng, text: &str) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    if words.len() > 3 && rng.chance(0.35) {
        let i = rng.index(words.len() - 1);
        words.swap(i, i + 1);
    }
    if rng.chance(0.25) && !words.is_empty() {
        let i = rng.index(words.len());
        let swapped = match words[i].as_str() {
            "Boycott" => Some("BOYCOTT"),
            "Boycottez" => Some("Boycotter"),
            "émeutes" => Some("violences"),
            "riots" => Some("violence"),
            "images" => Some("photos"),
            "Jeux" => Some("JO"),
            "Games" => Some("Olympics"),
            "ville" => Some("capitale"),
            _ => None,
        };
        if let Some(s) = swapped {
            words[i] = s.to_string();
        }
    }
    let mut s = words.join(" ");
    match rng.below(6) {
        0 => s.push_str(" !!"),
        1 => s.push_str(" ..."),
        2 => s = s.replace(" !", "!"),
        _ => {}
    }
    if rng.chance(0.5) {
        s.push(' ');
        s.push_str(rng.pick(&["🚫", "😡", "⚠️", "🔥", "🇫🇷", "👇"]));
    }
    s
}

/// Neutral headline material for the slow-drip and laundering tactics.
pub const NARRATIVES: &[&str] = &[
    "Energy prices will double this winter because of sanctions, experts warn",
    "The referendum results were manipulated, independent observers say",
    "Western media hide the truth about the conflict from their readers",
    "Farmers are being ruined by the new European regulations",
    "Vaccines side effects are far worse than officials admit",
    "The government is preparing to confiscate private savings",
    "Migrants received more aid than the flood victims last year",
    "A secret agreement will hand the ports over to foreign companies",
    "The election commission ignored thousands of complaints",
    "Inflation figures are being rigged ahead of the vote",
    "NATO troops are already deployed near the border, sources say",
    "The minister's family profited from the emergency contracts",
];

/// A reworded narrative: the same claim with swapped framing words.
pub fn reword(rng: &mut Rng, text: &str) -> String {
    const OPENERS: &[&str] = &[
        "",
        "BREAKING: ",
        "Shocking: ",
        "Read this: ",
        "They won't tell you: ",
        "Important: ",
    ];
    const CLOSERS: &[&str] = &[
        "",
        " Share before it's deleted.",
        " Wake up!",
        " RT",
        " #truth",
    ];
    let mut words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 4 && rng.chance(0.4) {
        let i = 1 + rng.index(words.len() - 2);
        words.swap(i, i - 1);
    }
    format!(
        "{}{}{}",
        rng.pick(OPENERS),
        words.join(" "),
        rng.pick(CLOSERS)
    )
}
