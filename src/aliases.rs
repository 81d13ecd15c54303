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
use std::hash::{Hash, Hasher};

use crate::fxhash::{FxHashMap as HashMap, FxHasher};

use crate::segment::Doc;
use crate::{Entity, Label, Mention, SiteLexicon};

/// A string with its hash ([`crate::fxhash::hash_of`]), worked out once:
/// a mention's surface is looked up in several indexes, and the index maps
/// then hash the key by one multiplication instead of by its bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Hashed<'a> {
    hash: u64,
    s: &'a str,
}

impl<'a> Hashed<'a> {
    fn new(s: &'a str) -> Hashed<'a> {
        Hashed {
            hash: crate::fxhash::hash_of(s),
            s,
        }
    }
}

impl Hash for Hashed<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.hash);
    }
}

/// A key of the cluster index: its group (see [`GROUPS`]) and one or two
/// strings, borrowed from the text, the lexicon or the site lexicon wherever
/// possible. A person's full name is keyed by its first and last words, so
/// it needs no string of its own. The hash of all three is worked out once,
/// from the strings' own hashes.
#[derive(PartialEq, Eq)]
struct Key<'a> {
    hash: u64,
    group: u8,
    a: Cow<'a, str>,
    b: &'a str,
}

impl<'a> Key<'a> {
    /// The key of `a` (whose hash is `hash_a`) and `b` in `group`.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn new(group: u8, hash_a: u64, a: Cow<'a, str>, b: Option<Hashed<'a>>) -> Key<'a> {
        let mut h = FxHasher::default();
        h.write_u64(hash_a);
        h.write_u8(group);
        if let Some(b) = b {
            h.write_u64(b.hash);
        }
        Key {
            hash: h.finish(),
            group,
            a,
            b: b.map_or("", |b| b.s),
        }
    }
}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.hash);
    }
}

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
    heads: HashMap<Hashed<'a>, (u32, bool)>,
    /// (cluster, the next entry).
    entries: Vec<(u32, u32)>,
}

impl<'a> Parts<'a> {
    fn with_capacity(people: usize) -> Parts<'a> {
        Parts {
            heads: HashMap::with_capacity_and_hasher(2 * people, Default::default()),
            entries: Vec::with_capacity(2 * people),
        }
    }

    fn add(&mut self, part: Hashed<'a>, c: u32, last: bool) {
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
    fn clusters(
        &self,
        part: Hashed<'_>,
        last_only: bool,
    ) -> Option<impl Iterator<Item = u32> + '_> {
        let &(head, last) = self.heads.get(&part)?;
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

/// "NONE" in the `u32` cluster tables of [`cluster`].
const UNSET: u32 = u32::MAX;

pub(crate) fn cluster(
    doc: &Doc,
    mentions: &mut [Mention],
    site: Option<&SiteLexicon>,
) -> Vec<Entity> {
    let lex = crate::lexicon::builtin();
    let text = doc.text;
    let n = mentions.len();
    // A mention opens at most one cluster, and a site name one more: the
    // cluster numbers fit `u32`s (inputs are cut at 16 MB), and every table
    // indexed by them fits `2 * n`.
    let most = 2 * n;
    // Four tables in one allocation: the cluster of each mention (`of`,
    // numbered from 0 in order of creation), the mention that last joined
    // each cluster plus one (`last_seen`), each cluster's entity number
    // (`renumber`), and per mention whether its surface is known to have
    // no canonical form (`no_canonical`, so naming its entity need not ask
    // the lexicon again).
    let mut tables = vec![UNSET; 2 * n + 2 * most];
    let (of, rest) = tables.split_at_mut(n);
    let (last_seen, rest) = rest.split_at_mut(most);
    let (renumber, no_canonical) = rest.split_at_mut(most);
    last_seen.fill(0);
    // How many clusters there are.
    let mut clusters = 0u32;
    // One map for every key group, sized up front: a mention opens at most
    // one cluster, so it never grows (rehashing) but for site names.
    let mut by_key: HashMap<Key, u32> = HashMap::with_capacity_and_hasher(n, Default::default());
    let (mut people, mut orgs) = (0, 0);
    for m in mentions.iter() {
        people += usize::from(m.label == Label::Person);
        orgs += usize::from(m.label == Label::Org);
    }
    let mut parts = Parts::with_capacity(people);
    // An organisation adds its initials (of its canonical name and of its
    // surface) and maybe an acronym defined after it: room for most.
    let mut by_acronym: HashMap<Cow<str>, u32> =
        HashMap::with_capacity_and_hasher(2 * orgs, Default::default());
    let mut acronym = String::new();
    // "LAGOS" as "Lagos", built here.
    let mut title = String::new();

    let new_cluster = |clusters: &mut u32| {
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
        let (first, last) = (Hashed::new(first), Hashed::new(last));
        let c = *by_key
            .entry(Key::new(0, first.hash, Cow::Borrowed(first.s), Some(last)))
            .or_insert_with(|| new_cluster(&mut clusters));
        of[i] = c;
        parts.add(first, c, false);
        parts.add(last, c, true);
    }

    // Pass 2: everything, in text order.
    for i in 0..n {
        let surface: &str = trim_apostrophes(&text[mentions[i].span.range()]);
        let label = mentions[i].label;
        let hashed = Hashed::new(surface);
        // A single word naming a known person (any word of a name for a
        // PERSON mention, its last word for another name).
        let person_part = || {
            if !label.is_name() || has_whitespace(surface) {
                return None;
            }
            parts.clusters(hashed, label != Label::Person)
        };
        let c = if let Some((name, site_label)) = site.and_then(|s| s.canonical(surface)) {
            // A site's own name and its aliases: one entity under its name.
            mentions[i].label = site_label;
            get_or_new(&mut by_key, SITE_GROUP, Hashed::new(name), &mut clusters)
        } else if of[i] != UNSET {
            of[i]
        } else if let Some(cands) = person_part() {
            // The most recently seen one.
            let best = cands
                .max_by_key(|&c| {
                    let seen = last_seen.get(c as usize).copied().unwrap_or(0);
                    (seen, u32::MAX - c)
                })
                .unwrap_or(0);
            mentions[i].label = Label::Person;
            best
        } else if label.is_name() && label != Label::Person {
            // "LAGOS" as "Lagos", when the lexicon knows that form.
            let shouted = shouted_as_title(surface, &mut title)
                && !crate::entities::lookup(lex, &title).is_empty();
            let (canonical, hash): (Cow<str>, u64) = if shouted {
                match lex.canonical(&title) {
                    Some(c) => (Cow::Borrowed(c), crate::fxhash::hash_of(c)),
                    None => (Cow::Owned(title.clone()), crate::fxhash::hash_of(&title)),
                }
            } else {
                match lex.canonical(surface) {
                    Some(c) => (Cow::Borrowed(c), crate::fxhash::hash_of(c)),
                    None => {
                        no_canonical[i] = 1;
                        (Cow::Borrowed(surface), hashed.hash)
                    }
                }
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
                let c = match by_key.entry(Key::new(group, hash, canonical, None)) {
                    Entry::Occupied(e) => *e.get(),
                    Entry::Vacant(e) => {
                        let c = new_cluster(&mut clusters);
                        if group == 2 {
                            let canonical = e.key().a.as_ref();
                            index_org(canonical, surface, c, &mut by_acronym, &mut acronym);
                        }
                        e.insert(c);
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
            get_or_new(&mut by_key, 5 + label as u8, hashed, &mut clusters)
        };
        of[i] = c;
        if let Some(seen) = last_seen.get_mut(c as usize) {
            *seen = i as u32 + 1;
        }
    }
    if orgs > 1 {
        join_head_words(text, mentions, of, &mut by_key, site, lex);
    }

    // Number clusters by first mention and pick canonical names.
    let mut numbered = 0u32;
    for &c in of.iter() {
        let r = &mut renumber[c as usize];
        if *r == UNSET {
            *r = numbered;
            numbered += 1;
        }
    }
    // Each entity's mention list allocated once, at its final size (the
    // counts kept where `last_seen` was).
    let counts = last_seen;
    counts.fill(0);
    for &c in of.iter() {
        counts[renumber[c as usize] as usize] += 1;
    }
    let mut entities: Vec<Entity> = counts[..numbered as usize]
        .iter()
        .enumerate()
        .map(|(id, &count)| Entity {
            id,
            label: Label::Person,
            name: String::new(),
            mentions: Vec::with_capacity(count as usize),
        })
        .collect();
    for i in 0..n {
        let e = renumber[of[i] as usize] as usize;
        mentions[i].entity = e;
        entities[e].mentions.push(i);
    }
    for e in &mut entities {
        // Most entities of a fresh text have one mention: nothing to weigh.
        let best = match e.mentions[..] {
            [only] => only,
            _ => fullest(text, mentions, &e.mentions),
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
            // (`s` is the surface pass 2 looked up.)
            Label::Gpe | Label::Loc | Label::Org if no_canonical[best] != 1 => {
                lex.canonical(s).unwrap_or(s)
            }
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

/// Pass 3: an organisation named by its head word alone ("the Church",
/// "the Commission", which the tagger marks as ORG) joins the one
/// organisation of the text whose longer name has that head word ("Church
/// of Scientology", "European Commission"; see [`head_word`]). Only
/// organisation words (the lexicon's ORG_WORD) qualify, so a name that is
/// an organisation of its own ("NATO" beside "NATO Council") stays apart; where two longer names
/// share the word ("British League of Rights", "Australian League of
/// Rights") it names neither, and a word used alone before the longer name
/// is introduced names something else.
fn join_head_words<'a>(
    text: &'a str,
    mentions: &[Mention],
    of: &mut [u32],
    by_key: &mut HashMap<Key<'a>, u32>,
    site: Option<&SiteLexicon>,
    lex: &crate::lexicon::Lexicon,
) {
    let is_head_word = |s: &str| {
        // Title case ("Church", not "NATO"): ASCII is enough for the
        // organisation words.
        let b = s.as_bytes();
        b.first().is_some_and(u8::is_ascii_uppercase)
            && b.get(1).is_some_and(u8::is_ascii_lowercase)
            && !has_whitespace(s)
            && site.and_then(|site| site.canonical(s)).is_none()
            && lex.class(s).has(crate::lexicon::WordClass::ORG_WORD)
            && lex.canonical(s).is_none()
    };
    let surface = |m: &Mention| trim_apostrophes(&text[m.span.range()]);
    let heads: Vec<usize> = (0..mentions.len())
        .filter(|&i| mentions[i].label == Label::Org && is_head_word(surface(&mentions[i])))
        .collect();
    if heads.is_empty() {
        return;
    }
    /// A head word two clusters share.
    const SHARED: u32 = u32::MAX;
    // Head word → the first mention of a longer name with it (SHARED when
    // names of two clusters have it), and → the first use of the word
    // alone: two more key groups of the cluster index (no other map type
    // in the .wasm).
    const HEAD_GROUP: u8 = GROUPS as u8;
    const ALONE_GROUP: u8 = GROUPS as u8 + 1;
    for (i, m) in mentions.iter().enumerate() {
        if m.label != Label::Org {
            continue;
        }
        let s = surface(m);
        if !has_whitespace(s) {
            continue;
        }
        let head = Hashed::new(head_word(s));
        let first = by_key
            .entry(Key::new(HEAD_GROUP, head.hash, Cow::Borrowed(head.s), None))
            .or_insert(i as u32);
        if *first != SHARED && of[*first as usize] != of[i] {
            *first = SHARED;
        }
    }
    // The word alone before the longer name is no short form of it ("its
    // Coalition advisers", then "the Syrian Arab Coalition"): its first
    // use decides for all.
    for i in heads {
        let w = Hashed::new(surface(&mentions[i]));
        let first = *by_key
            .entry(Key::new(ALONE_GROUP, w.hash, Cow::Borrowed(w.s), None))
            .or_insert(i as u32);
        let long = by_key.get(&Key::new(HEAD_GROUP, w.hash, Cow::Borrowed(w.s), None));
        if let Some(&long) = long {
            if long != SHARED && long < first {
                of[i] = of[long as usize];
            }
        }
    }
}

/// The head word of an organisation's name: the word before its first
/// "of" or "for" ("Church of Scientology", "Society for the Blind"), else
/// its last word ("European Commission"). "Army" is no head of "IV Corps
/// of the Army of the Potomac", nor "Government" of "Queensland Government
/// Department of Mines".
fn head_word(s: &str) -> &str {
    let mut before = "";
    for w in s.split_whitespace() {
        if matches!(w, "of" | "for") {
            break;
        }
        before = w;
    }
    before
}

/// The mention of `list` (ascending) an entity is named after: the most
/// words, then not shouted, then the longest, then the first (the maximum
/// of `(words, !shouted, len, -index)`). A mention with the same text as
/// the best so far cannot beat it, and only a tie on words asks whether
/// either is shouted.
fn fullest(text: &str, mentions: &[Mention], list: &[usize]) -> usize {
    let Some((&first, rest)) = list.split_first() else {
        return 0;
    };
    let mut best = first;
    let mut best_s = &text[mentions[first].span.range()];
    let mut best_words = word_count(best_s);
    // Whether the best is not shouted, once asked.
    let mut best_plain: Option<bool> = None;
    for &m in rest {
        let s = &text[mentions[m].span.range()];
        if s == best_s {
            continue;
        }
        let words = word_count(s);
        if words < best_words {
            continue;
        }
        let mut plain = None;
        if words == best_words {
            let p = !crate::entities::is_shouted(s);
            let bp = *best_plain.get_or_insert_with(|| !crate::entities::is_shouted(best_s));
            if (p, s.len()) <= (bp, best_s.len()) {
                continue;
            }
            plain = Some(p);
        }
        best = m;
        best_s = s;
        best_words = words;
        best_plain = plain;
    }
    best
}

/// `s` without the apostrophes that end it ("Reuters’" → "Reuters").
fn trim_apostrophes(s: &str) -> &str {
    // ’ is E2 80 99: most names end in neither of the two last bytes.
    match s.as_bytes().last() {
        Some(b'\'' | 0x99) => s.trim_end_matches(['’', '\'']),
        _ => s,
    }
}

/// `s.contains(char::is_whitespace)`, by bytes: an ASCII space answers at
/// once, and only a text with other chars than ASCII asks char by char.
fn has_whitespace(s: &str) -> bool {
    let mut ascii = true;
    for &c in s.as_bytes() {
        if is_ascii_space(c) {
            return true;
        }
        ascii &= c < 0x80;
    }
    !ascii && s.contains(char::is_whitespace)
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
/// its `split_whitespace` with " " would give). Eight bytes at a time while
/// they are printable ASCII or spaces (names mostly are: their spaces alone
/// decide), else byte by byte.
fn single_spaced(s: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let b = s.as_bytes();
    // Whether the byte before the next one is a space (or the start).
    let mut prev_space = true;
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Per byte, in its high bit (no sum carries into the next byte
        // once all are below 0x80): not ASCII; below ' '; DEL.
        let below_space = !w.wrapping_add(ONES * (0x80 - 0x20));
        let odd = (w | below_space | w.wrapping_add(ONES)) & HIGH;
        if odd != 0 {
            return single_spaced_bytes(s);
        }
        // Spaces: the bytes that are zero once XOR-ed with ' '.
        let x = w ^ (ONES * 0x20);
        let spaces = !(((x & !HIGH) + !HIGH) | x) & HIGH;
        // Two spaces in a row, in the chunk or across its start.
        if spaces & (spaces << 8) != 0 || (prev_space && spaces & 0x80 != 0) {
            return false;
        }
        prev_space = spaces >> 63 != 0;
    }
    single_spaced_tail(s, chunks.remainder(), prev_space)
}

/// [`single_spaced`] byte by byte: a printable ASCII byte settles by one
/// comparison; the first byte of another char sends the text to the char
/// by char test.
fn single_spaced_bytes(s: &str) -> bool {
    single_spaced_tail(s, s.as_bytes(), true)
}

/// The byte by byte test over `tail`, the end of `s`, given whether the
/// byte before it is a space (or the start).
fn single_spaced_tail(s: &str, tail: &[u8], mut prev_space: bool) -> bool {
    for &c in tail {
        if c.wrapping_sub(0x21) < 0x5f {
            // '!'..='~', and DEL.
            prev_space = false;
        } else if c == b' ' {
            if prev_space {
                return false;
            }
            prev_space = true;
        } else if c >= 0x80 {
            return single_spaced_chars(s);
        } else if is_ascii_space(c) {
            return false;
        } else {
            // Control chars other than whitespace.
            prev_space = false;
        }
    }
    !prev_space || s.is_empty()
}

/// [`single_spaced`] char by char, for text with other chars than ASCII.
fn single_spaced_chars(s: &str) -> bool {
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

/// Calls `f` with each word of `s` (as [`str::split_whitespace`] splits
/// it, by bytes for ASCII text) until it returns false.
pub(crate) fn each_word<'s>(s: &'s str, mut f: impl FnMut(&'s str) -> bool) {
    if !s.is_ascii() {
        for w in s.split_whitespace() {
            if !f(w) {
                return;
            }
        }
        return;
    }
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if is_ascii_space(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !is_ascii_space(b[i]) {
            i += 1;
        }
        if !f(s.get(start..i).unwrap_or("")) {
            return;
        }
    }
}

/// [`crate::entities::shouted_as_title`] into `buf` ("LAGOS" → "Lagos"),
/// reused from mention to mention: whether `s` is shouted.
fn shouted_as_title(s: &str, buf: &mut String) -> bool {
    if !crate::entities::is_shouted(s) {
        return false;
    }
    buf.clear();
    let mut chars = s.chars();
    buf.extend(chars.next());
    buf.extend(chars.flat_map(char::to_lowercase));
    true
}

/// Key groups: 0 people by full name, 1 places, 2 organisations, 3 groups,
/// 4 events, 5.. other labels by text, then site lexicon names.
const GROUPS: usize = 5 + Label::ALL.len() + 1;
const SITE_GROUP: u8 = (GROUPS - 1) as u8;

fn get_or_new<'a>(
    map: &mut HashMap<Key<'a>, u32>,
    group: u8,
    key: Hashed<'a>,
    clusters: &mut u32,
) -> u32 {
    *map.entry(Key::new(group, key.hash, Cow::Borrowed(key.s), None))
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
    c: u32,
    by_acronym: &mut HashMap<Cow<str>, u32>,
    buf: &mut String,
) {
    // The surface, when it is the canonical name, would give the same.
    let surface = (surface != canonical).then_some(surface);
    for name in std::iter::once(canonical).chain(surface) {
        // Every word's initial a capital (minor words aside), two words or
        // more: one pass that collects the initials and stops at a word
        // that has none.
        buf.clear();
        let mut n = 0;
        let mut capitals = true;
        each_word(name, |w| {
            if is_minor(w) {
                return true;
            }
            n += 1;
            let initial = match w.as_bytes().first() {
                Some(&b) if b.is_ascii() => b.is_ascii_uppercase().then_some(b as char),
                _ => w.chars().next().filter(|c| c.is_uppercase()),
            };
            match initial {
                Some(i) => buf.push(i),
                None => capitals = false,
            }
            capitals
        });
        if !capitals || n < 2 {
            continue;
        }
        if !by_acronym.contains_key(buf.as_str()) {
            by_acronym.insert(Cow::Owned(buf.clone()), c);
        }
    }
}

/// Words left out of an organisation's initials (a match, which tells
/// most words apart by their length).
fn is_minor(w: &str) -> bool {
    matches!(
        w,
        "of" | "the" | "and" | "for" | "on" | "&" | "de" | "in" | "to" | "The"
    )
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

    /// The byte-wise word helpers give what their char-wise definitions
    /// give, on ASCII and other text, with every kind of whitespace.
    #[test]
    fn word_helpers_match_their_definitions() {
        for s in [
            "",
            "a",
            "a b",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\u{b}b",
            "a\u{1}b",
            "a\u{7f} b",
            "a\u{a0}b",
            "a \u{85}",
            "Zoë  Ball",
            "New York City",
            "Bank of the South",
            "\u{2003}Ünion of Ärzte ",
            "Antony Blinken",
            "Antony  Blinken",
            "Antonio  Blinken",
            "Antonio Blinken ",
            " Antonio Blinken",
            "Antonio\tBlinken",
            "Antonio\u{7f}Blinken",
            "Antonio\u{1}Blinken",
            "Antonio Blinkenstein Junior",
            "12345678 abcdefgh",
            "1234567  abcdefgh",
            "12345678  abcdefg",
            "12345678 ",
            "        ",
            "Ärzte ohne Grenzen",
            "abcdef é",
            "abcdefgé",
            "Renée  Zé",
            "12345678 ab\u{7f}",
            "12345678 a\u{1} b",
            "12345678 ab\tc",
            "12345678 ab c é",
        ] {
            let words: Vec<&str> = s.split_whitespace().collect();
            let joined = words.join(" ");
            assert_eq!(single_spaced(s), joined == s, "{s:?}");
            assert_eq!(has_whitespace(s), s.contains(char::is_whitespace), "{s:?}");
            assert_eq!(word_count(s), words.len(), "{s:?}");
            let mut each = Vec::new();
            each_word(s, |w| {
                each.push(w);
                true
            });
            assert_eq!(each, words, "{s:?}");
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
    fn initials_of_organisations() {
        use Label::*;
        check(
            "The Bank of the South and the BS met. The European Union and the EU agreed. \
             The Union of Ärzte and the UÄ. The Frogs of Ponds and the FP.",
            &[
                ("Bank of the South", Org),
                ("BS", Org),
                ("European Union", Org),
                ("EU", Org),
                ("Union of Ärzte", Org),
                ("UÄ", Org),
                ("Frogs of Ponds", Org),
                ("FP", Org),
            ],
            &[
                "Bank of the South: Bank of the South, BS",
                "European Union: European Union, EU",
                "Union of Ärzte: Union of Ärzte, UÄ",
                "Frogs of Ponds: Frogs of Ponds, FP",
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

    /// An organisation word alone is a short form of the one longer name
    /// in the text with that head word, when the longer name comes first.
    #[test]
    fn head_words_of_organisations() {
        use Label::*;
        check(
            "The Church of Scientology denied it. The Church said so. The European Commission and the Commission agreed.",
            &[
                ("Church of Scientology", Org),
                ("Church", Org),
                ("European Commission", Org),
                ("Commission", Org),
            ],
            &[
                "Church of Scientology: Church of Scientology, Church",
                "European Commission: European Commission, Commission",
            ],
        );
        // Not the head word ("Army" of "Corps of the Army"); two longer
        // names with the head; the word alone first; a name of its own.
        check(
            "The Corps of the Army met the Army. The British League of Rights and the Australian League of Rights:              the League. Its Coalition advisers and the Syrian Arab Coalition; the Coalition. NATO and the NATO Council.",
            &[
                ("Corps of the Army", Org),
                ("Army", Org),
                ("British League of Rights", Org),
                ("Australian League of Rights", Org),
                ("League", Org),
                ("Coalition", Org),
                ("Syrian Arab Coalition", Org),
                ("Coalition", Org),
                ("NATO", Org),
                ("NATO Council", Org),
            ],
            &[
                "Corps of the Army: Corps of the Army",
                "Army: Army",
                "British League of Rights: British League of Rights",
                "Australian League of Rights: Australian League of Rights",
                "League: League",
                "Coalition: Coalition, Coalition",
                "Syrian Arab Coalition: Syrian Arab Coalition",
                "North Atlantic Treaty Organization: NATO",
                "NATO Council: NATO Council",
            ],
        );
    }
}
