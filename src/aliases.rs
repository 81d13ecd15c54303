//! Alias clusters: mentions of the same thing become one [`Entity`].
//!
//! Every merge goes through a hash index (full name, surname, given name,
//! acronym, lexicon canonical form), never a comparison of all pairs, so
//! 200k mentions cluster in linear time. Clusters are numbered in order of
//! first mention, so ids are deterministic.
//!
//! - People: "Antony Blinken", "Blinken", "Mr. Blinken" (the honorific is
//!   outside the span) share a surname or, for names written family name
//!   first ("Xi Jinping", "Xi"), a first name. A single word that could
//!   belong to several people goes to the one mentioned most recently.
//! - Places and organisations: the lexicon's canonical form ("U.S.", "US",
//!   "America" → "United States"), an acronym defined in the text
//!   ("World Health Organization (WHO)"), or the initials of a name seen
//!   earlier.
//! - Everything else (dates, money, titles): the same label and text.

use std::borrow::Cow;

use crate::fxhash::FxHashMap as HashMap;

use crate::segment::Doc;
use crate::{Entity, Label, Mention, SiteLexicon};

/// Words left out of an organisation's initials.
const MINOR: &[&str] = &[
    "of", "the", "and", "for", "on", "&", "de", "in", "to", "The",
];

pub(crate) fn cluster(
    doc: &Doc,
    mentions: &mut [Mention],
    site: Option<&SiteLexicon>,
) -> Vec<Entity> {
    let lex = crate::lexicon::builtin();
    let text = doc.text;
    let n = mentions.len();
    // Cluster of each mention, numbered from 0 in order of creation.
    let mut of: Vec<usize> = vec![usize::MAX; n];
    // How many clusters there are.
    let mut clusters = 0usize;
    // One map per key group (see `group`), keyed by text borrowed from the
    // input or the lexicon wherever possible, so most lookups allocate nothing.
    let mut by_key: Vec<HashMap<Cow<str>, usize>> =
        (0..GROUPS).map(|_| HashMap::default()).collect();
    // The person maps sized up front, so they never grow (rehashing).
    let people = mentions.iter().filter(|m| m.label == Label::Person).count();
    by_key[0].reserve(people);
    // Person name parts → clusters, most recent last.
    let mut by_part: HashMap<&str, Vec<usize>> =
        HashMap::with_capacity_and_hasher(2 * people, Default::default());
    // The last words of those names: the only part by which a word typed
    // otherwise joins a person ("Washington" may; "German", the first word
    // of "German Christian", may not).
    let mut last_parts: HashMap<&str, ()> =
        HashMap::with_capacity_and_hasher(people, Default::default());
    let mut by_acronym: HashMap<String, usize> = HashMap::default();

    let new_cluster = |clusters: &mut usize| {
        *clusters += 1;
        *clusters - 1
    };

    // Pass 1: multi-word person names, so a surname alone can find its
    // person even when it comes first (headlines).
    let mut key = String::new();
    for i in 0..n {
        let m = &mentions[i];
        if m.label != Label::Person {
            continue;
        }
        // The first and last words (a name of two words or more).
        let mut ws = text[m.span.range()]
            .split(char::is_whitespace)
            .filter(|w| !w.is_empty());
        let (Some(first), Some(last)) = (ws.next(), ws.next_back()) else {
            continue;
        };
        key.clear();
        key.push_str(first);
        key.push(' ');
        key.push_str(last);
        let c = match by_key[0].get(key.as_str()) {
            Some(&c) => c,
            None => {
                let c = new_cluster(&mut clusters);
                by_key[0].insert(Cow::Owned(key.clone()), c);
                c
            }
        };
        of[i] = c;
        last_parts.insert(last, ());
        for w in [first, last] {
            let v = by_part.entry(w).or_default();
            if !v.contains(&c) {
                v.push(c);
            }
        }
    }

    // Pass 2: everything, in text order.
    // Each mention can open at most one cluster.
    let mut last_seen: Vec<usize> = vec![0; clusters + n];
    for i in 0..n {
        let surface: &str = text[mentions[i].span.range()].trim_end_matches(['’', '\'']);
        let label = mentions[i].label;
        let c = if let Some((name, site_label)) = site.and_then(|s| s.canonical(surface)) {
            // A site's own name and its aliases: one entity under its name.
            mentions[i].label = site_label;
            get_or_new(&mut by_key[SITE_GROUP], name, &mut clusters)
        } else if of[i] != usize::MAX {
            of[i]
        } else if label.is_name()
            && !surface.contains(char::is_whitespace)
            && by_part.contains_key(surface)
            && (label == Label::Person || last_parts.contains_key(surface))
        {
            // A single word naming a known person: the most recently seen one.
            let cands = &by_part[surface];
            let best = cands
                .iter()
                .copied()
                .max_by_key(|&c| (last_seen.get(c).copied().unwrap_or(0), usize::MAX - c))
                .unwrap_or(cands[0]);
            mentions[i].label = Label::Person;
            best
        } else if label.is_name() && label != Label::Person {
            let title = crate::entities::shouted_as_title(surface)
                .filter(|t| !crate::entities::lookup(lex, t).is_empty());
            let canonical: Cow<str> = match &title {
                Some(t) => Cow::Owned(lex.canonical(t).unwrap_or(t).to_string()),
                None => Cow::Borrowed(lex.canonical(surface).unwrap_or(surface)),
            };
            let group = match label {
                Label::Gpe | Label::Loc => 1u8,
                Label::Org => 2,
                Label::Norp => 3,
                _ => 4,
            };
            if let Some(&c) = by_acronym.get(surface).filter(|_| group == 2) {
                c
            } else {
                let c = match by_key[group as usize].get(canonical.as_ref()) {
                    Some(&c) => c,
                    None => {
                        let c = new_cluster(&mut clusters);
                        by_key[group as usize].insert(canonical.clone(), c);
                        if group == 2 {
                            index_org(&canonical, surface, c, &mut by_acronym);
                        }
                        c
                    }
                };
                if group == 2 {
                    // "World Health Organization (WHO)": an acronym defined in parentheses.
                    if let Some(acr) = defined_acronym(text, mentions, i) {
                        by_acronym.entry(acr).or_insert(c);
                    }
                }
                c
            }
        } else {
            get_or_new(&mut by_key[5 + label as usize], surface, &mut clusters)
        };
        of[i] = c;
        last_seen[c] = i + 1;
    }

    // Number clusters by first mention and pick canonical names.
    let mut order: Vec<usize> = Vec::with_capacity(clusters);
    let mut renumber = vec![usize::MAX; clusters];
    for &c in &of {
        if renumber[c] == usize::MAX {
            renumber[c] = order.len();
            order.push(c);
        }
    }
    // Each entity's mention list allocated once, at its final size.
    let mut counts = vec![0usize; order.len()];
    for &c in &of {
        counts[renumber[c]] += 1;
    }
    let mut entities: Vec<Entity> = counts
        .iter()
        .enumerate()
        .map(|(id, &count)| Entity {
            id,
            label: Label::Person,
            name: String::new(),
            mentions: Vec::with_capacity(count),
        })
        .collect();
    for i in 0..n {
        let e = renumber[of[i]];
        mentions[i].entity = e;
        entities[e].mentions.push(i);
    }
    for e in &mut entities {
        // Most entities of a fresh text have one mention: nothing to weigh.
        let best = match e.mentions[..] {
            [only] => only,
            _ => e
                .mentions
                .iter()
                .copied()
                .max_by_key(|&m| {
                    let s = &text[mentions[m].span.range()];
                    let shouted = crate::entities::is_shouted(s);
                    (word_count(s), !shouted, s.len(), usize::MAX - m)
                })
                .unwrap_or(0),
        };
        let m = &mentions[best];
        e.label = m.label;
        let s = text[m.span.range()].trim_end_matches(['’', '\'']);
        if let Some((name, label)) = site.and_then(|site| site.canonical(s)) {
            e.name = name.to_string();
            e.label = label;
            continue;
        }
        let name = match m.label {
            Label::Gpe | Label::Loc | Label::Org => lex.canonical(s).unwrap_or(s),
            _ => s,
        };
        // One space between words, whatever whitespace the text had.
        e.name = if single_spaced(name) {
            name.to_string()
        } else {
            name.split_whitespace().collect::<Vec<_>>().join(" ")
        };
    }
    entities
}

/// ASCII whitespace as [`char::is_whitespace`] has it (with the vertical
/// tab, unlike [`u8::is_ascii_whitespace`]).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `s.split_whitespace().count()`, by bytes for ASCII text.
fn word_count(s: &str) -> usize {
    if !s.is_ascii() {
        return s.split_whitespace().count();
    }
    let mut n = 0;
    let mut in_word = false;
    for &b in s.as_bytes() {
        let space = is_ascii_space(b);
        n += usize::from(!space && !in_word);
        in_word = !space;
    }
    n
}

/// Whether `s` is already words separated by single spaces (what joining
/// its `split_whitespace` with " " would give).
fn single_spaced(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return b.first().map_or(true, |&c| !is_ascii_space(c))
            && b.last().map_or(true, |&c| !is_ascii_space(c))
            && !b
                .windows(2)
                .any(|w| is_ascii_space(w[0]) && (w[0] != b' ' || is_ascii_space(w[1])))
            && !b.iter().any(|&c| is_ascii_space(c) && c != b' ');
    }
    let mut prev_space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if c != ' ' || prev_space {
                return false;
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
    }
    !prev_space || s.is_empty()
}

/// Key groups: 0 people by full name, 1 places, 2 organisations, 3 groups,
/// 4 events, 5.. other labels by text, then site lexicon names.
const GROUPS: usize = 5 + Label::ALL.len() + 1;
const SITE_GROUP: usize = GROUPS - 1;

fn get_or_new<'a>(
    map: &mut HashMap<Cow<'a, str>, usize>,
    key: &'a str,
    clusters: &mut usize,
) -> usize {
    if let Some(&c) = map.get(key) {
        return c;
    }
    *clusters += 1;
    map.insert(Cow::Borrowed(key), *clusters - 1);
    *clusters - 1
}

/// Indexes an organisation by its initials ("European Union" → "EU").
fn index_org(canonical: &str, surface: &str, c: usize, by_acronym: &mut HashMap<String, usize>) {
    for name in [canonical, surface] {
        let words = || name.split_whitespace().filter(|w| !MINOR.contains(w));
        // Every word's initial a capital, two words or more.
        let mut n = 0;
        if !words().all(|w| {
            n += 1;
            w.chars().next().is_some_and(char::is_uppercase)
        }) || n < 2
        {
            continue;
        }
        let acr: String = words().filter_map(|w| w.chars().next()).collect();
        by_acronym.entry(acr).or_insert(c);
    }
}

/// "World Health Organization (WHO)": the acronym right after mention `i`.
fn defined_acronym(text: &str, mentions: &[Mention], i: usize) -> Option<String> {
    let after = text.get(mentions[i].span.end..)?;
    let rest = after
        .strip_prefix(" (")
        .or_else(|| after.strip_prefix('('))?;
    let close = rest.find(')')?;
    let acr = &rest[..close];
    (acr.len() >= 2
        && acr.len() <= 10
        && acr
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&' || c.is_ascii_digit()))
    .then(|| acr.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    /// Clusters the given spans (found by their text, in order) and
    /// renders the clusters as `name: surface, surface`.
    fn check(text: &str, spans: &[(&str, Label)], expect: &[&str]) {
        let doc = crate::segment::segment(text);
        let mut from = 0;
        let mut ms: Vec<Mention> = spans
            .iter()
            .map(|(s, label)| {
                let start = from + text[from..].find(s).expect("span text in input");
                from = start + s.len();
                Mention {
                    span: Span::new(start, start + s.len()),
                    label: *label,
                    entity: usize::MAX,
                    title_of: None,
                }
            })
            .collect();
        let es = cluster(&doc, &mut ms, None);
        let got: Vec<String> = es
            .iter()
            .map(|e| {
                let forms: Vec<&str> = e
                    .mentions
                    .iter()
                    .map(|&m| &text[ms[m].span.range()])
                    .collect();
                format!("{}: {}", e.name, forms.join(", "))
            })
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn names_single_spaced() {
        for s in [
            "",
            "a",
            "a b",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\u{a0}b",
            "New York City",
        ] {
            let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(single_spaced(s), joined == s, "{s:?}");
        }
    }

    #[test]
    fn people() {
        use Label::*;
        check(
            "Blinken visits. Antony Blinken met Xi Jinping. Mr. Blinken and Xi spoke.",
            &[
                ("Blinken", Person),
                ("Antony Blinken", Person),
                ("Xi Jinping", Person),
                ("Blinken", Person),
                ("Xi", Person),
            ],
            &[
                "Antony Blinken: Blinken, Antony Blinken, Blinken",
                "Xi Jinping: Xi Jinping, Xi",
            ],
        );
    }

    #[test]
    fn acronyms_defined_in_text() {
        use Label::*;
        check(
            "The World Health Organization (WHO) said the WHO would act.",
            &[
                ("World Health Organization", Org),
                ("WHO", Org),
                ("WHO", Org),
            ],
            &["World Health Organization: World Health Organization, WHO, WHO"],
        );
    }
}
