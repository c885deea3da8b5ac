//! The generator's own vocabulary (written for spamspan, embedded from `data/vocab/`) plus
//! spam messages read from the shared directory at run time.
//!
//! Anchors come in categories (jerseys, outlets, replicas, pharma, casino, loans, essays, …)
//! and languages, because real injections are campaigns: one theme, often in a language
//! other than the page's. Rows are split into train and held-out parts by a stable hash so
//! that the held-out split also tests unseen anchors, not only unseen domains.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rand::seq::SliceRandom;
use rand::Rng;

use super::{is_heldout, SynthError};

const ANCHORS: &str = include_str!("../../data/vocab/anchors.tsv");
const NAMES: &str = include_str!("../../data/vocab/names.tsv");
const DOMAIN_WORDS: &str = include_str!("../../data/vocab/domain_words.tsv");
const HOSTS: &str = include_str!("../../data/vocab/hosts.tsv");
const SYNONYMS: &str = include_str!("../../data/vocab/synonyms.tsv");
const MENTIONS: &str = include_str!("../../data/vocab/mentions.tsv");
const REFERENCES: &str = include_str!("../../data/vocab/references.tsv");
const FILLERS: &str = include_str!("../../data/vocab/fillers.tsv");

/// How often each spam category drives an injected document: gambling and pharma lead, as
/// in hacked-site cleanups, shops follow, the long tail stays present.
const CATEGORY_WEIGHTS: &[(&str, u32)] = &[
    ("casino", 18),
    ("pharma", 15),
    ("jersey", 14),
    ("outlet", 9),
    ("replica", 7),
    ("loans", 6),
    ("seo", 6),
    ("essay", 5),
    ("diet", 4),
    ("crypto", 4),
    ("software", 3),
    ("dating", 3),
    ("realestate", 2),
    ("florist", 2),
    ("ringtone", 2),
];

/// The category of innocent-looking anchors ("click here", "website", "Rights").
pub(crate) const GENERIC: &str = "generic";

/// One anchor phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub category: String,
    pub lang: String,
    pub text: String,
}

/// A sports team: league, city (empty for clubs named as a whole) and nickname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub league: String,
    pub city: String,
    pub nickname: String,
}

impl Team {
    pub fn full_name(&self) -> String {
        if self.city.is_empty() {
            self.nickname.clone()
        } else {
            format!("{} {}", self.city, self.nickname)
        }
    }
}

/// Everything the injections and the hard negatives are made from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Vocab {
    pub(crate) anchors: Vec<Anchor>,
    pub(crate) first_names: Vec<String>,
    pub(crate) last_names: Vec<String>,
    pub(crate) teams: Vec<Team>,
    /// drug, casino, brand, city, jersey_prefix, color → values.
    pub(crate) names: BTreeMap<String, Vec<String>>,
    /// (kind, category) → words, for generated domains.
    pub(crate) domain_words: BTreeMap<(String, String), Vec<String>>,
    /// Host parts of hacked sites and innocent blogs, by kind.
    pub(crate) hosts: BTreeMap<String, Vec<String>>,
    pub(crate) synonyms: BTreeMap<String, Vec<String>>,
    /// (language, template) of clean sentences with spam-like words.
    pub(crate) mentions: Vec<(String, String)>,
    /// (kind, URL template) of legitimate link targets.
    pub(crate) references: Vec<(String, String)>,
    /// (language, line with `{link}`) of comment-spam lines.
    pub(crate) fillers: Vec<(String, String)>,
    /// Short spam messages (YouTube comments, SMS) without URLs, for comment-spam lines.
    pub(crate) messages: Vec<String>,
}

/// The non-comment, non-blank rows of an embedded TSV file, split on tabs.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

impl Vocab {
    /// The embedded vocabulary alone: enough for `inject` on any document.
    pub fn builtin() -> Vocab {
        let mut v = Vocab::default();
        for r in rows(ANCHORS) {
            if let [category, lang, text] = r[..] {
                let a = Anchor {
                    category: category.into(),
                    lang: lang.into(),
                    text: text.into(),
                };
                v.anchors.push(a);
            }
        }
        for r in rows(NAMES) {
            match r[..] {
                ["first", name] => v.first_names.push(name.into()),
                ["last", name] => v.last_names.push(name.into()),
                ["team", league, city, nickname] => v.teams.push(Team {
                    league: league.into(),
                    city: city.into(),
                    nickname: nickname.into(),
                }),
                [kind, value] => v.names.entry(kind.into()).or_default().push(value.into()),
                _ => {}
            }
        }
        for r in rows(DOMAIN_WORDS) {
            if let [kind, category, word] = r[..] {
                v.domain_words
                    .entry((kind.into(), category.into()))
                    .or_default()
                    .push(word.into());
            }
        }
        for r in rows(HOSTS) {
            if let [kind, value] = r[..] {
                v.hosts.entry(kind.into()).or_default().push(value.into());
            }
        }
        for r in rows(SYNONYMS) {
            if let [word, alts] = r[..] {
                let list = v.synonyms.entry(word.to_lowercase()).or_default();
                list.extend(
                    alts.split('|')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(String::from),
                );
            }
        }
        for (file, target) in [
            (MENTIONS, &mut v.mentions),
            (REFERENCES, &mut v.references),
            (FILLERS, &mut v.fillers),
        ] {
            for r in rows(file) {
                if let [a, b] = r[..] {
                    target.push((a.into(), b.into()));
                }
            }
        }
        v
    }

    /// The embedded vocabulary plus short spam messages from
    /// `spam_vocab/youtube_spam_collection/*.csv` (CLASS 1) and
    /// `spam_vocab/sms_spam_collection/SMSSpamCollection.tsv` (label `spam`). Both are
    /// optional: missing folders add nothing; unreadable files are errors.
    pub fn with_shared(shared_dir: &Path) -> Result<Vocab, SynthError> {
        let mut v = Vocab::builtin();
        let yt = shared_dir.join("spam_vocab/youtube_spam_collection");
        if yt.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(&yt)
                .map_err(|e| SynthError::io(&yt, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "csv"))
                .collect();
            files.sort();
            for f in files {
                let text = std::fs::read_to_string(&f).map_err(|e| SynthError::io(&f, e))?;
                for rec in csv_records(&text).into_iter().skip(1) {
                    if rec.len() >= 5 && rec[4].trim() == "1" {
                        v.add_message(&rec[3]);
                    }
                }
            }
        }
        let sms = shared_dir.join("spam_vocab/sms_spam_collection/SMSSpamCollection.tsv");
        if sms.is_file() {
            let text = std::fs::read_to_string(&sms).map_err(|e| SynthError::io(&sms, e))?;
            for line in text.lines() {
                if let Some(msg) = line.strip_prefix("spam\t") {
                    v.add_message(msg);
                }
            }
        }
        Ok(v)
    }

    /// Keep a message if it is short, has no URL of its own and no markup.
    fn add_message(&mut self, raw: &str) {
        let cleaned = raw
            .replace("<br />", " ")
            .replace("<br>", " ")
            .replace('\u{feff}', "");
        let msg = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
        let lower = msg.to_lowercase();
        let has_link = ["http", "www", ".com", ".net", ".org", ".co", "://"]
            .iter()
            .any(|p| lower.contains(p));
        let has_markup = msg.contains(['<', '>', '[', ']', '{', '}', '"']);
        let n = msg.chars().count();
        // Phone numbers and short codes make SMS spam, not web spam.
        let digits = msg
            .split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() >= 5);
        if (15..=140).contains(&n)
            && !has_link
            && !has_markup
            && !digits
            && !self.messages.contains(&msg)
        {
            self.messages.push(msg);
        }
    }

    /// The train (`heldout == false`) or held-out part. Anchors, player names, filler lines
    /// and messages are split by a stable hash of the row; a category whose part would be
    /// empty keeps all its rows ("where practical"). Everything else is shared.
    pub fn part(&self, heldout: bool, share: f64) -> Vocab {
        let keep = |key: &str| is_heldout(key, share) == heldout;
        let mut v = self.clone();
        let anchor_key = |a: &Anchor| format!("anchor:{}:{}", a.category, a.text);
        let covered: BTreeSet<&str> = self
            .anchors
            .iter()
            .filter(|a| keep(&anchor_key(a)))
            .map(|a| a.category.as_str())
            .collect();
        v.anchors = self
            .anchors
            .iter()
            .filter(|a| !covered.contains(a.category.as_str()) || keep(&anchor_key(a)))
            .cloned()
            .collect();
        let split = |list: &[String], tag: &str| -> Vec<String> {
            let part: Vec<String> = list
                .iter()
                .filter(|s| keep(&format!("{tag}:{s}")))
                .cloned()
                .collect();
            if part.is_empty() {
                list.to_vec()
            } else {
                part
            }
        };
        v.first_names = split(&self.first_names, "first");
        v.last_names = split(&self.last_names, "last");
        v.messages = split(&self.messages, "message");
        let fillers: Vec<_> = self
            .fillers
            .iter()
            .filter(|(_, l)| keep(&format!("filler:{l}")))
            .cloned()
            .collect();
        if !fillers.is_empty() {
            v.fillers = fillers;
        }
        v
    }

    /// A campaign category, by weight, among those with anchors.
    pub(crate) fn pick_category<R: Rng>(&self, rng: &mut R) -> &'static str {
        let available: Vec<(&'static str, u32)> = CATEGORY_WEIGHTS
            .iter()
            .copied()
            .filter(|(c, _)| self.anchors.iter().any(|a| a.category == *c))
            .collect();
        available
            .choose_weighted(rng, |(_, w)| *w)
            .map_or(GENERIC, |(c, _)| *c)
    }

    /// An anchor of `category`, in `lang` with probability 0.75 when the category has one.
    /// Jersey campaigns mostly name a player ("Dale Hunter Jersey").
    pub(crate) fn anchor<R: Rng>(&self, category: &str, lang: Option<&str>, rng: &mut R) -> Anchor {
        if category == "jersey" && rng.gen_bool(0.55) && !self.first_names.is_empty() {
            return Anchor {
                category: category.into(),
                lang: "en".into(),
                text: self.jersey_anchor(rng),
            };
        }
        let rows: Vec<&Anchor> = self
            .anchors
            .iter()
            .filter(|a| a.category == category)
            .collect();
        let in_lang: Vec<&Anchor> = match lang {
            Some(l) => rows.iter().copied().filter(|a| a.lang == l).collect(),
            None => Vec::new(),
        };
        let pick = if !in_lang.is_empty() && rng.gen_bool(0.75) {
            in_lang.choose(rng)
        } else {
            rows.choose(rng)
        };
        pick.map(|a| (*a).clone()).unwrap_or_else(|| Anchor {
            category: GENERIC.into(),
            lang: "en".into(),
            text: "website".into(),
        })
    }

    /// "Dale Hunter Jersey", "Womens Jonas Siegenthaler Jersey", "Capitals Evgeny Kuznetsov
    /// Jersey", "Nike Ravens #52 Tom Lewis Black Men's Stitched NFL Elite Jersey".
    pub(crate) fn jersey_anchor<R: Rng>(&self, rng: &mut R) -> String {
        let player = self.player(rng);
        let team = self.teams.choose(rng);
        let nick = team.map_or("Team", |t| t.nickname.as_str());
        let prefix = self.name("jersey_prefix", rng);
        match rng.gen_range(0..10) {
            0..=3 => format!("{player} Jersey"),
            4 | 5 => format!("{prefix} {player} Jersey"),
            6 => format!("{nick} {player} Jersey"),
            7 => format!("{player} {prefix} Jersey"),
            8 => {
                let league = team.map_or("NFL".to_string(), |t| t.league.to_uppercase());
                let color = self.name("color", rng);
                let n = rng.gen_range(1..99);
                format!("Nike {nick} #{n} {player} {color} Men's Stitched {league} Elite Jersey")
            }
            _ => match rng.gen_range(0..3) {
                0 => format!("Cheap {nick} Jerseys"),
                1 => format!("{} Jerseys", team.map_or(nick.to_string(), Team::full_name)),
                _ => format!("{nick} Jerseys Cheap"),
            },
        }
    }

    /// "Firstname Lastname" from the (split) name lists.
    pub(crate) fn player<R: Rng>(&self, rng: &mut R) -> String {
        let first = self.first_names.choose(rng).map_or("Alex", String::as_str);
        let last = self.last_names.choose(rng).map_or("Hunter", String::as_str);
        format!("{first} {last}")
    }

    /// A value of a `names.tsv` kind (drug, casino, brand, city, jersey_prefix, color).
    pub(crate) fn name<R: Rng>(&self, kind: &str, rng: &mut R) -> &str {
        self.names
            .get(kind)
            .and_then(|v| v.choose(rng))
            .map_or("", String::as_str)
    }

    /// A word list of the domain-word table.
    pub(crate) fn domain_words(&self, kind: &str, category: &str) -> &[String] {
        self.domain_words
            .get(&(kind.to_string(), category.to_string()))
            .map_or(&[], |v| &v[..])
    }

    /// The spam categories whose topic words the host contains (longest word first), e.g.
    /// `cheapnfljerseys.us.com` → jersey. Words under four letters are too ambiguous.
    pub(crate) fn domain_category(&self, host: &str) -> Option<&str> {
        let host = host.to_ascii_lowercase();
        let mut best: Option<(&str, usize)> = None;
        for ((kind, category), words) in &self.domain_words {
            if kind != "topic" {
                continue;
            }
            for w in words
                .iter()
                .filter(|w| w.len() >= 4 && host.contains(w.as_str()))
            {
                if best.is_none_or(|(_, n)| w.len() > n) {
                    best = Some((category.as_str(), w.len()));
                }
            }
        }
        best.map(|(c, _)| c)
    }

    /// Parts of innocent hosts by kind (`hosts.tsv`).
    pub(crate) fn host_parts(&self, kind: &str) -> &[String] {
        self.hosts.get(kind).map_or(&[], |v| &v[..])
    }

    /// Spinner alternatives for a lower-case word.
    pub(crate) fn synonyms_of(&self, word: &str) -> Option<&[String]> {
        self.synonyms.get(word).map(|v| &v[..])
    }

    /// A comment-spam line with a `{link}` slot: a filler line, or a real spam message.
    pub(crate) fn filler<R: Rng>(&self, rng: &mut R) -> String {
        if !self.messages.is_empty() && rng.gen_bool(0.3) {
            if let Some(m) = self.messages.choose(rng) {
                return if rng.gen_bool(0.5) {
                    format!("{m} {{link}}")
                } else {
                    format!("{{link}} {m}")
                };
            }
        }
        self.fillers
            .choose(rng)
            .map_or_else(|| "{link}".to_string(), |(_, l)| l.clone())
    }

    /// A clean sentence mentioning jerseys, casinos or drugs, slots filled; English mostly.
    pub(crate) fn mention<R: Rng>(&self, lang: Option<&str>, rng: &mut R) -> Option<String> {
        let pool: Vec<&(String, String)> = match lang {
            Some(l) if rng.gen_bool(0.7) => {
                self.mentions.iter().filter(|(ml, _)| ml == l).collect()
            }
            _ => Vec::new(),
        };
        let pool = if pool.is_empty() {
            self.mentions.iter().filter(|(l, _)| l == "en").collect()
        } else {
            pool
        };
        let (_, template) = pool.choose(rng)?;
        let mut s = template.clone();
        let team = self
            .teams
            .choose(rng)
            .map(Team::full_name)
            .unwrap_or_default();
        let player = self.player(rng);
        let fills: [(&str, String); 8] = [
            ("{team}", team),
            ("{player}", player),
            ("{drug}", self.name("drug", rng).to_string()),
            ("{casino}", self.name("casino", rng).to_string()),
            ("{brand}", self.name("brand", rng).to_string()),
            ("{city}", self.name("city", rng).to_string()),
            ("{year}", rng.gen_range(1998..=2024).to_string()),
            ("{n}", rng.gen_range(2..=40).to_string()),
        ];
        for (slot, value) in fills {
            s = s.replace(slot, &value);
        }
        Some(s)
    }
}

/// Parse CSV text into records (RFC 4180: quoted fields may hold commas, quotes, newlines).
pub(crate) fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}
