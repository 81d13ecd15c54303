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

use std::collections::hash_map::Entry;

use crate::fxhash::FxHashMap as HashMap;

use crate::segment::Doc;
use crate::{Entity, Label, Mention, SiteLexicon};

/// Words left out of an organisation's initials.
const MINOR: &[&str] = &[
    "of", "the", "and", "for", "on", "&", "de", "in", "to", "The",
];

/// A key of the cluster index: its group (see [`GROUPS`]) and one or two
/// strings, borrowed from the text, the lexicon or the site lexicon wherever
/// possible. A person's full name is keyed by its first and last words, so
/// it needs no string of its own.
type Key<'a> = (u8, Cow<'a, str>, &'a str);

/// The end of a list in `Parts::next`.
const NO_PART: u32 = u32::MAX;

/// Person name parts → the clusters of the people with that part, as
/// linked lists in one vector (a part names one person, mostly, so a
/// vector per part would be one allocation per word of every name).
#[derive(Default)]
struct Parts<'a> {
    /// Part → (the first entry of its list, whether it is the last word of
    /// some name: the only part by which a word typed otherwise joins a
    /// person ("Washington" may; "German", the first word of "German
    /// Christian", may not)).
    heads: HashMap<&'a str, (u32, bool)>,
    /// (cluster, the next entry).
    entries: Vec<(usize, u32)>,
}

impl<'a> Parts<'a> {
    fn with_capacity(people: usize) -> Parts<'a> {
        Parts {
            heads: HashMap::with_capacity_and_hasher(2 * people, Default::default()),
            entries: Vec::with_capacity(2 * people),
        }
    }

    fn add(&mut self, part: &'a str, c: usize, last: bool) {
        let head = self.heads.entry(part).or_insert((NO_PART, false));
        head.1 |= last;
        let mut k = head.0;
        while let Some(&(other, next)) = self.entries.get(k as usize) {
            if other == c {
                return;
            }
            k = next;
        }
        self.entries.push((c, head.0));
        head.0 = (self.entries.len() - 1) as u32;
    }

    /// The clusters of `part`, if some name has it and `last_only` is
    /// false or it is the last word of some name.
    fn clusters(&self, part: &str, last_only: bool) -> Option<impl Iterator<Item = usize> + '_> {
        let &(head, last) = self.heads.get(part)?;
        (last || !last_only).then(|| {
            let mut k = head;
            std::iter::from_fn(move || {
                let &(c, next) = self.entries.get(k as usize)?;
                k = next;
                Some(c)
            })
        })
    }
}

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
    // One map for every key group, sized up front: a mention opens at most
    // one cluster, so it never grows (rehashing) but for site names.
    let mut by_key: HashMap<Key, usize> = HashMap::with_capacity_and_hasher(n, Default::default());
    let people = mentions.iter().filter(|m| m.label == Label::Person).count();
    let mut parts = Parts::with_capacity(people);
    let mut by_acronym: HashMap<Cow<str>, usize> = HashMap::default();
    let mut acronym = String::new();

    let new_cluster = |clusters: &mut usize| {
        *clusters += 1;
        *clusters - 1
    };

    // Pass 1: multi-word person names, so a surname alone can find its
    // person even when it comes first (headlines).
    for i in 0..n {
        let m = &mentions[i];
        if m.label != Label::Person {
            continue;
        }
        // The first and last words (a name of two words or more).
        let Some((first, last)) = first_and_last_word(&text[m.span.range()]) else {
            continue;
        };
        let c = *by_key
            .entry((0, Cow::Borrowed(first), last))
            .or_insert_with(|| new_cluster(&mut clusters));
        of[i] = c;
        parts.add(first, c, false);
        parts.add(last, c, true);
    }

    // Pass 2: everything, in text order.
    // Each mention can open at most one cluster.
    let mut last_seen: Vec<usize> = vec![0; clusters + n];
    for i in 0..n {
        let surface: &str = trim_apostrophes(&text[mentions[i].span.range()]);
        let label = mentions[i].label;
        // A single word naming a known person (any word of a name for a
        // PERSON mention, its last word for another name).
        let person_part = || {
            if !label.is_name() || has_whitespace(surface) {
                return None;
            }
            parts.clusters(surface, label != Label::Person)
        };
        let c = if let Some((name, site_label)) = site.and_then(|s| s.canonical(surface)) {
            // A site's own name and its aliases: one entity under its name.
            mentions[i].label = site_label;
            get_or_new(&mut by_key, SITE_GROUP, name, &mut clusters)
        } else if of[i] != usize::MAX {
            of[i]
        } else if let Some(cands) = person_part() {
            // The most recently seen one.
            let best = cands
                .max_by_key(|&c| (last_seen.get(c).copied().unwrap_or(0), usize::MAX - c))
                .unwrap_or(0);
            mentions[i].label = Label::Person;
            best
        } else if label.is_name() && label != Label::Person {
            let title = crate::entities::shouted_as_title(surface)
                .filter(|t| !crate::entities::lookup(lex, t).is_empty());
            let canonical: Cow<str> = match title {
                Some(t) => match lex.canonical(&t) {
                    Some(c) => Cow::Borrowed(c),
                    None => Cow::Owned(t),
                },
                None => Cow::Borrowed(lex.canonical(surface).unwrap_or(surface)),
            };
            let group = match label {
                Label::Gpe | Label::Loc => 1u8,
                Label::Org => 2,
                Label::Norp => 3,
                _ => 4,
            };
            let known = if group == 2 {
                by_acronym.get(surface).copied()
            } else {
                None
            };
            if let Some(c) = known {
                c
            } else {
                let c = match by_key.entry((group, canonical.clone(), "")) {
                    Entry::Occupied(e) => *e.get(),
                    Entry::Vacant(e) => {
                        let c = new_cluster(&mut clusters);
                        e.insert(c);
                        if group == 2 {
                            index_org(&canonical, surface, c, &mut by_acronym, &mut acronym);
                        }
                        c
                    }
                };
                if group == 2 {
                    // "World Health Organization (WHO)": an acronym defined in parentheses.
                    if let Some(acr) = defined_acronym(text, mentions[i].span.end) {
                        by_acronym.entry(Cow::Borrowed(acr)).or_insert(c);
                    }
                }
                c
            }
        } else {
            get_or_new(&mut by_key, 5 + label as u8, surface, &mut clusters)
        };
        of[i] = c;
        last_seen[c] = i + 1;
    }

    // Number clusters by first mention and pick canonical names.
    let mut renumber = vec![usize::MAX; clusters];
    let mut numbered = 0;
    for &c in &of {
        if renumber[c] == usize::MAX {
            renumber[c] = numbered;
            numbered += 1;
        }
    }
    // Each entity's mention list allocated once, at its final size.
    let mut counts = vec![0usize; numbered];
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
        let s = trim_apostrophes(&text[m.span.range()]);
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

/// `s` without the apostrophes that end it ("Reuters’" → "Reuters").
fn trim_apostrophes(s: &str) -> &str {
    // ’ is E2 80 99: most names end in neither of the two last bytes.
    match s.as_bytes().last() {
        Some(b'\'' | 0x99) => s.trim_end_matches(['’', '\'']),
        _ => s,
    }
}

/// `s.contains(char::is_whitespace)`, by bytes for ASCII text.
fn has_whitespace(s: &str) -> bool {
    let b = s.as_bytes();
    if b.iter().all(|&c| c < 0x80 && !is_ascii_space(c)) {
        return false;
    }
    s.contains(char::is_whitespace)
}

/// The first and the last of the words of `s` (split by
/// [`char::is_whitespace`]) when there are two or more, by bytes for ASCII
/// text.
fn first_and_last_word(s: &str) -> Option<(&str, &str)> {
    if !s.is_ascii() {
        let mut ws = s.split_whitespace();
        return Some((ws.next()?, ws.next_back()?));
    }
    let b = s.as_bytes();
    let start = b.iter().position(|&c| !is_ascii_space(c))?;
    let end = b.iter().rposition(|&c| !is_ascii_space(c))? + 1;
    let first_end = start + b[start..end].iter().position(|&c| is_ascii_space(c))?;
    let last_start = b[..end].iter().rposition(|&c| is_ascii_space(c))? + 1;
    Some((&s[start..first_end], &s[last_start..end]))
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
        let mut prev_space = true;
        for &c in s.as_bytes() {
            if is_ascii_space(c) {
                if c != b' ' || prev_space {
                    return false;
                }
                prev_space = true;
            } else {
                prev_space = false;
            }
        }
        return !prev_space || s.is_empty();
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
const SITE_GROUP: u8 = (GROUPS - 1) as u8;

fn get_or_new<'a>(
    map: &mut HashMap<Key<'a>, usize>,
    group: u8,
    key: &'a str,
    clusters: &mut usize,
) -> usize {
    *map.entry((group, Cow::Borrowed(key), ""))
        .or_insert_with(|| {
            *clusters += 1;
            *clusters - 1
        })
}

/// Indexes an organisation by its initials ("European Union" → "EU"), built
/// in `buf`.
fn index_org(
    canonical: &str,
    surface: &str,
    c: usize,
    by_acronym: &mut HashMap<Cow<str>, usize>,
    buf: &mut String,
) {
    // The surface, when it is the canonical name, would give the same.
    let surface = (surface != canonical).then_some(surface);
    for name in std::iter::once(canonical).chain(surface) {
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
        buf.clear();
        buf.extend(words().filter_map(|w| w.chars().next()));
        if !by_acronym.contains_key(buf.as_str()) {
            by_acronym.insert(Cow::Owned(buf.clone()), c);
        }
    }
}

/// "World Health Organization (WHO)": the acronym right after a mention
/// that ends at byte `end`.
fn defined_acronym(text: &str, end: usize) -> Option<&str> {
    let after = text.get(end..)?;
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
    .then_some(acr)
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
