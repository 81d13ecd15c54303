//! The compact form of the built-in lexicons that the .wasm embeds.
//!
//! `data/lexicon/*` stay plain, reviewable text; `build.rs` encodes them
//! with [`encode`] into one blob that [`decode`] unpacks on first use. The
//! encoding exists for the size of the gzipped .wasm (issue 3): it took the
//! lists from 104 KB to 76 KB gzipped; decoding adds about 0.7 ms (native) to
//! the 4 ms of indexing on first use. Three things make it smaller:
//!
//! - **Front coding.** Each line is written as how many leading bytes it
//!   shares with the line before, then the rest: sorted name lists share
//!   long prefixes, and gzip codes one byte for a prefix better than it
//!   finds the repeat.
//! - **No redundant columns or repeats.** `places.tsv` becomes two lists
//!   (GPE, LOC) without its class column; a name both in `given_names.txt`
//!   and `surnames.txt` is written once, in a third list.
//! - **Common words by rank band.** The code only compares a common word's
//!   frequency rank with a few thresholds, so the blob keeps the band of
//!   each word ([`COMMON_RANK_BANDS`]) instead of the exact order, and lists
//!   the words alphabetically, which front coding packs much better.
//!
//! This file is also compiled into `build.rs` (with `#[path]`), so it uses
//! only `std`. Decoding never panics, whatever the blob holds.
//!
//! The blob is a sequence of lists, each ended by a 0 byte, in the order of
//! [`Lists`]. A line of a list of lines is one header byte `1 + shared`
//! (`shared` ≤ [`MAX_SHARED`]), then the line's bytes after the `shared`
//! bytes it has in common with the previous line, with each tab written as
//! 0x1F; lines hold no other byte below 0x20, so the next such byte starts
//! the next line. The common words (lower-case ASCII letters only) are in
//! alphabetical order, each a header byte `0x80 + 11 × band + shared`
//! (`shared` < 12) then the rest of the word.

use std::ops::Range;

/// The first frequency rank of each band of common words. A word's rank is
/// known only as the first rank of its band, so a threshold `r < t` or
/// `r >= t` on ranks gives the answer exact ranks would give only when `t`
/// is one of these (and `r > t`, `r <= t` only when `t + 1` is). The
/// thresholds in use: `tagger/features.rs` `common_bucket` (100, 1000,
/// 5000) and `entities.rs` (`< 150`, `> 300`, `< 300`, `< 1500`, `> 2000`,
/// `> 3000`, `< 5000`; `< 20000` holds for all 8,000 words). Add a band
/// here for a new threshold; `lexicon.rs` tests check these.
pub const COMMON_RANK_BANDS: [u32; 11] =
    [0, 100, 150, 300, 301, 1000, 1500, 2001, 3001, 4000, 5000];

/// The most leading bytes a line can share with the one before.
pub const MAX_SHARED: usize = 29;
/// The same for common words, whose header also holds the band.
const COMMON_MAX_SHARED: usize = 10;
/// Header values per band: `shared` runs from 0 to [`COMMON_MAX_SHARED`].
const COMMON_PER_BAND: usize = COMMON_MAX_SHARED + 1;
// Every (band, shared) header fits in 0x80..=0xFF.
const _: () = assert!(COMMON_RANK_BANDS.len() * COMMON_PER_BAND <= 0x80);
/// A tab inside a line.
const TAB: u8 = 0x1F;
const END: u8 = 0;

/// The lists of the blob, as lines (without `#` comments and blank lines,
/// each with its trailing whitespace removed: what `lexicon.rs` reads).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Lists<T> {
    /// In `given_names.txt` only, in its order.
    pub given_only: Vec<T>,
    /// In `surnames.txt` only, in its order.
    pub surname_only: Vec<T>,
    /// In both, in the order of `given_names.txt`.
    pub given_and_surname: Vec<T>,
    /// The other lists that give one class to each line, as
    /// `(file name, lines)` in the order of [`SIMPLE`].
    pub simple: Vec<(&'static str, Vec<T>)>,
    /// `places.tsv` names whose class is not `LOC` (they are GPE), and
    /// those whose class is `LOC`.
    pub gpe: Vec<T>,
    pub loc: Vec<T>,
    /// `countries.tsv` and `orgs.tsv` lines, tabs and all, in their order.
    pub countries: Vec<T>,
    pub orgs: Vec<T>,
    /// Common words with the first rank of their band, alphabetically.
    pub common: Vec<(T, u32)>,
}

/// The lists that give one class to each line, in blob order.
pub const SIMPLE: [&str; 9] = [
    "norp.txt",
    "org_words.txt",
    "loc_words.txt",
    "event_words.txt",
    "events.txt",
    "titles.txt",
    "honorifics.txt",
    "speech_verbs.txt",
    "calendar.txt",
];

/// Every file of `data/lexicon/` that goes into the blob.
pub const FILES: [&str; 15] = [
    "given_names.txt",
    "surnames.txt",
    "places.tsv",
    "countries.tsv",
    "orgs.tsv",
    "common_words.txt",
    "norp.txt",
    "org_words.txt",
    "loc_words.txt",
    "event_words.txt",
    "events.txt",
    "titles.txt",
    "honorifics.txt",
    "speech_verbs.txt",
    "calendar.txt",
];

/// The entries of a lexicon file as `lexicon.rs` reads them.
pub fn lines(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Splits the files (`read` gives a file's text by its name in
/// `data/lexicon/`) into [`Lists`].
pub fn split<'a>(read: &impl Fn(&str) -> &'a str) -> Lists<&'a str> {
    let given: Vec<&str> = lines(read("given_names.txt")).collect();
    let surnames: Vec<&str> = lines(read("surnames.txt")).collect();
    let is_given: std::collections::HashSet<&str> = given.iter().copied().collect();
    let is_surname: std::collections::HashSet<&str> = surnames.iter().copied().collect();
    let (mut gpe, mut loc) = (Vec::new(), Vec::new());
    for line in lines(read("places.tsv")) {
        let mut f = line.split('\t');
        let name = f.next().unwrap_or("");
        match f.next() {
            Some("LOC") => loc.push(name),
            _ => gpe.push(name),
        }
    }
    let mut common: Vec<(&str, u32)> = lines(read("common_words.txt"))
        .enumerate()
        .map(|(rank, w)| (w, band_start(rank as u32)))
        .collect();
    common.sort_unstable();
    Lists {
        given_only: given
            .iter()
            .copied()
            .filter(|w| !is_surname.contains(w))
            .collect(),
        surname_only: surnames
            .iter()
            .copied()
            .filter(|w| !is_given.contains(w))
            .collect(),
        given_and_surname: given
            .iter()
            .copied()
            .filter(|w| is_surname.contains(w))
            .collect(),
        simple: SIMPLE
            .iter()
            .map(|&f| (f, lines(read(f)).collect()))
            .collect(),
        gpe,
        loc,
        countries: lines(read("countries.tsv")).collect(),
        orgs: lines(read("orgs.tsv")).collect(),
        common,
    }
}

/// The first rank of the band of `rank`.
pub fn band_start(rank: u32) -> u32 {
    COMMON_RANK_BANDS
        .iter()
        .copied()
        .rfind(|&b| b <= rank)
        .unwrap_or(0)
}

/// The blob for `lists`; an error names a line the format cannot hold.
pub fn encode(lists: &Lists<&str>) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for list in line_lists(lists) {
        let mut prev: &[u8] = &[];
        for line in list {
            let b = line.as_bytes();
            if b.iter().any(|&c| c < 0x20 && c != b'\t') || b.contains(&TAB) {
                return Err(format!("{line:?}: a control character"));
            }
            let shared = common_prefix(prev, b, MAX_SHARED);
            out.push(1 + shared as u8);
            out.extend(
                b[shared..]
                    .iter()
                    .map(|&c| if c == b'\t' { TAB } else { c }),
            );
            prev = b;
        }
        out.push(END);
    }
    let mut prev: &[u8] = &[];
    for &(word, rank) in &lists.common {
        let b = word.as_bytes();
        if b.is_empty() || !b.iter().all(u8::is_ascii_lowercase) {
            return Err(format!(
                "common word {word:?}: not lower-case ASCII letters"
            ));
        }
        let Some(band) = COMMON_RANK_BANDS.iter().position(|&s| s == rank) else {
            return Err(format!(
                "common word {word:?}: rank {rank} does not start a band"
            ));
        };
        let shared = common_prefix(prev, b, COMMON_MAX_SHARED);
        out.push((0x80 + COMMON_PER_BAND * band + shared) as u8);
        out.extend_from_slice(&b[shared..]);
        prev = b;
    }
    out.push(END);
    Ok(out)
}

/// The lists of lines, in blob order.
fn line_lists<T>(lists: &Lists<T>) -> Vec<&[T]> {
    let mut v: Vec<&[T]> = vec![
        &lists.given_only,
        &lists.surname_only,
        &lists.given_and_surname,
    ];
    v.extend(lists.simple.iter().map(|(_, l)| l.as_slice()));
    v.extend([
        lists.gpe.as_slice(),
        &lists.loc,
        &lists.countries,
        &lists.orgs,
    ]);
    v
}

fn common_prefix(a: &[u8], b: &[u8], max: usize) -> usize {
    a.iter()
        .zip(b)
        .take(max)
        .take_while(|(x, y)| x == y)
        .count()
}

/// Unpacks a blob: the text of every line, one after another, and the
/// [`Lists`] of their ranges in it. A damaged blob gives damaged or missing
/// lines, never a panic.
pub fn decode(blob: &[u8]) -> (Vec<u8>, Lists<Range<usize>>) {
    let mut text = Vec::with_capacity(blob.len() * 2);
    let mut pos = 0;
    let mut next_list = |text: &mut Vec<u8>| {
        let mut ranges = Vec::new();
        let mut prev = 0..0;
        while let Some(&h) = blob.get(pos) {
            pos += 1;
            if h == END {
                break;
            }
            let start = text.len();
            let shared = usize::from(h - 1).min(prev.len());
            text.extend_from_within(prev.start..prev.start + shared);
            while let Some(&c) = blob.get(pos).filter(|&&c| c >= 0x20 || c == TAB) {
                text.push(if c == TAB { b'\t' } else { c });
                pos += 1;
            }
            prev = start..text.len();
            ranges.push(prev.clone());
        }
        ranges
    };
    let mut lists = Lists {
        given_only: next_list(&mut text),
        surname_only: next_list(&mut text),
        given_and_surname: next_list(&mut text),
        simple: SIMPLE.iter().map(|&f| (f, next_list(&mut text))).collect(),
        gpe: next_list(&mut text),
        loc: next_list(&mut text),
        countries: next_list(&mut text),
        orgs: next_list(&mut text),
        common: Vec::new(),
    };
    let mut prev = 0..0;
    while let Some(&h) = blob.get(pos) {
        pos += 1;
        if h < 0x80 {
            break;
        }
        let (band, shared) = (
            usize::from(h - 0x80) / COMMON_PER_BAND,
            usize::from(h - 0x80) % COMMON_PER_BAND,
        );
        let start = text.len();
        let shared = shared.min(prev.len());
        text.extend_from_within(prev.start..prev.start + shared);
        while let Some(&c) = blob.get(pos).filter(|c| c.is_ascii_lowercase()) {
            text.push(c);
            pos += 1;
        }
        prev = start..text.len();
        let rank = COMMON_RANK_BANDS.get(band).copied().unwrap_or(u32::MAX);
        lists.common.push((prev.clone(), rank));
    }
    (text, lists)
}
