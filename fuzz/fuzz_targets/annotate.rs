//! Fuzzes the public API: `annotate_with` on any text, with and without the
//! model, with a site lexicon built from fuzzed names (and, separately, any
//! string given to `SiteLexicon::parse`). Checks the invariants of the
//! property tests (the same `check_invariants`), determinism, and that the
//! JSON exports parse and slice back to the mentions.
//!
//!   cargo +nightly fuzz run annotate -- -max_total_time=60
//!
//! `fuzz/dict` holds quote marks, apostrophes, names and breaks for libFuzzer.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

use article_annotator::export;
use article_annotator::offsets::Unit;
use article_annotator::{annotate_with, Options, SiteLexicon};

#[allow(dead_code)]
#[path = "../../tests/it/props.rs"]
mod props;

/// Pieces that make the annotator work: names, titles, cues, quote marks of
/// every style, apostrophes, breaks and Unicode that splits badly.
const PIECES: &[&str] = &[
    "Antony Blinken", "Blinken", "Mr. ", "Foreign Minister ", "Wang Yi", "the U.S.", "World Health Organization", "(WHO)",
    " said", " told reporters", "according to ", ", ", ". ", "\n\n", "\r\n", "\r", "\u{2028}", "“", "”", "‘", "’", "\"", "'",
    "«", "»", "„", "‚", "‹", "›", "「", "」", "′", "″", "$5 billion", "5%", "June 5, 2023", "12:30 p.m.", "e\u{301}",
    "👩‍👩‍👧", "🇵🇱", "1\u{fe0f}\u{20e3}", "\u{200f}", "\u{202e}", "\u{200b}", "\u{feff}", "\u{a0}", "\0", "O’Brien", "’90s",
    " ", "<script>", "&amp;", "__proto__",
];

#[derive(Arbitrary, Debug)]
enum Piece {
    Known(u8),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Entry {
    name: String,
    ty: u8,
    aliases: Vec<String>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    pieces: Vec<Piece>,
    no_model: bool,
    entries: Vec<Entry>,
    raw_lexicon: Option<String>,
}

const TYPES: [&str; 7] = ["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "DATE"];

fuzz_target!(|input: Input| {
    let mut text = String::new();
    for p in &input.pieces {
        match p {
            Piece::Known(i) => text.push_str(PIECES[*i as usize % PIECES.len()]),
            Piece::Raw(s) => text.push_str(s),
        }
    }
    // Any string given as a lexicon is accepted or refused, never a panic.
    if let Some(raw) = &input.raw_lexicon {
        let _ = SiteLexicon::parse(raw);
    }
    let entries: Vec<serde_json::Value> = input
        .entries
        .iter()
        .take(64)
        .map(|e| serde_json::json!({"name": e.name, "type": TYPES[e.ty as usize % TYPES.len()], "aliases": e.aliases}))
        .collect();
    let lexicon = SiteLexicon::parse(&serde_json::json!({"version": 1, "entries": entries}).to_string()).ok();
    let options = Options { site_lexicon: lexicon, no_model: input.no_model };

    let ann = annotate_with(&text, &options);
    props::check_invariants(&text, &ann);
    assert_eq!(ann, annotate_with(&text, &options), "not deterministic");

    let utf16: Vec<u16> = text.encode_utf16().collect();
    let json = export::json(&text, &ann, Unit::Utf16);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json export parses");
    for m in v["mentions"].as_array().expect("mentions") {
        let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        assert_eq!(String::from_utf16(&utf16[s..e]).unwrap(), m["text"].as_str().unwrap());
    }
    for format in export::FORMATS {
        let out = export::render(format, &text, &ann, Unit::Scalar).expect("known format");
        if matches!(format, "w3c" | "displacy") {
            serde_json::from_str::<serde_json::Value>(&out).expect("JSON export parses");
        }
    }
});
