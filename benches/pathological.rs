//! Linear time on generated pathological inputs (tests/hostile/pathological.json):
//! each case at two sizes, 2x apart. Divan prints the time and bytes/s of each;
//! the time at size 1 over the time at size 0 should stay near 2 (at most ~2.5).
//!
//!   cargo bench --bench pathological
//!
//! The same cases run in the browser (tests/hosts/bench-pathological.html) and,
//! smaller, through every invariant in tests/it/hostile.rs.

use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

const SPEC: &str = include_str!("../tests/hostile/pathological.json");

/// The case names of tests/hostile/pathological.json (divan needs them at compile time).
const CASES: &[&str] = &[
    "opening-quotes",
    "opening-quotes-words",
    "capitalised-words",
    "no-whitespace",
    "one-line",
    "repeated-mentions",
    "nested-quotes",
    "unclosed-quote-paragraphs",
];

/// The text of case `name` at native size `size` (0 or 1).
fn text(name: &str, size: usize) -> String {
    let spec: serde_json::Value = serde_json::from_str(SPEC).expect("pathological.json parses");
    let case = spec["cases"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["name"] == name))
        .expect("case in pathological.json");
    let n = case["native"][size].as_u64().expect("native sizes") as usize;
    case["open"].as_str().unwrap_or_default().repeat(n)
        + &case["close"].as_str().unwrap_or_default().repeat(n)
}

#[divan::bench(args = CASES, consts = [0, 1], sample_count = 5, sample_size = 1)]
fn pathological<const SIZE: usize>(bencher: Bencher, case: &str) {
    let text = text(case, SIZE);
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| article_annotator::annotate(divan::black_box(&text)));
}
