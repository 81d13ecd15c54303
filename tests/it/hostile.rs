//! Every input of the hostile corpus (tests/hostile/corpus.json) and the
//! generated pathological inputs (tests/hostile/pathological.json) through
//! every entry point of the core: `annotate`, `annotate_with` (site lexicon,
//! with and without the model), every `export::render` format in both offset
//! units, and the CLI. Each result must keep the invariants of the property
//! tests, be deterministic, stay bounded in size, and every export must stay
//! well-formed and inert (JSON parses, CSV cells are formula-guarded, HTML has
//! only the exporter's own tags and gives back the input text).

use article_annotator::export::{self, FORMATS};
use article_annotator::offsets::{OffsetMap, Unit};
use article_annotator::{annotate, annotate_with, Annotation, Options, SiteLexicon};
use serde_json::Value;

use crate::props::check_invariants;

const CORPUS: &str = include_str!("../hostile/corpus.json");
const PATHOLOGICAL: &str = include_str!("../hostile/pathological.json");

/// `(group, id, text)` for every text input of the corpus.
fn corpus() -> Vec<(String, String, String)> {
    let v: Value = serde_json::from_str(CORPUS).expect("corpus.json parses");
    let mut out = Vec::new();
    for g in v["groups"].as_array().expect("groups") {
        let name = g["name"].as_str().expect("group name");
        assert!(
            g["probes"].as_str().is_some_and(|p| !p.is_empty()),
            "{name}: says what it probes"
        );
        for i in g["inputs"].as_array().expect("inputs") {
            if let Some(t) = i["text"].as_str() {
                out.push((
                    name.to_string(),
                    i["id"].as_str().expect("id").to_string(),
                    t.to_string(),
                ));
            }
        }
    }
    assert!(out.len() > 150, "the corpus has {} text inputs", out.len());
    out
}

/// `(id, bytes)` for the corpus entries given as hex (invalid UTF-8).
fn corpus_bytes() -> Vec<(String, Vec<u8>)> {
    let v: Value = serde_json::from_str(CORPUS).unwrap();
    let mut out = Vec::new();
    for g in v["groups"].as_array().unwrap() {
        for i in g["inputs"].as_array().unwrap() {
            if let Some(h) = i["hex"].as_str() {
                let bytes = (0..h.len())
                    .step_by(2)
                    .map(|k| u8::from_str_radix(&h[k..k + 2], 16).unwrap())
                    .collect();
                out.push((i["id"].as_str().unwrap().to_string(), bytes));
            }
        }
    }
    assert!(!out.is_empty());
    out
}

/// `(name, n, text)` for each pathological case at its native size `size`
/// (0 or 1), with the repeat count divided by `divisor`.
fn pathological(size: usize, divisor: usize) -> Vec<(String, usize, String)> {
    let v: Value = serde_json::from_str(PATHOLOGICAL).unwrap();
    v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let n = c["native"][size].as_u64().unwrap() as usize / divisor;
            let text =
                c["open"].as_str().unwrap().repeat(n) + &c["close"].as_str().unwrap().repeat(n);
            (c["name"].as_str().unwrap().to_string(), n, text)
        })
        .collect()
}

/// A site lexicon whose names are themselves hostile, so that they come back
/// out through every export.
fn hostile_lexicon() -> SiteLexicon {
    SiteLexicon::parse(
        r#"{"version": 1, "entries": [
          {"name": "__proto__", "type": "PERSON", "aliases": ["constructor", "toString"]},
          {"name": "Prototype Party", "type": "ORG", "aliases": ["hasOwnProperty"]},
          {"name": "Le Monde", "type": "ORG", "aliases": ["Élysée Palace"]},
          {"name": "=HYPERLINK", "type": "ORG"},
          {"name": "Jose\u0301 Mari\u0301a Aznar", "type": "PERSON", "aliases": ["Aznar"]},
          {"name": "Joe\u00a0Biden", "type": "PERSON"},
          {"name": "岸田文雄", "type": "PERSON"},
          {"name": "بنيامين", "type": "PERSON"}
        ]}"#,
    )
    .expect("the hostile site lexicon parses")
}

/// The largest JSON export per input byte seen over the corpus is far below
/// this; a result that grew faster than its input would fail here.
const JSON_BYTES_PER_INPUT_BYTE: usize = 64;
const JSON_OVERHEAD: usize = 1024;

/// Checks one text through the library: invariants, determinism, exports.
fn check_text(id: &str, text: &str, options: &Options) {
    let ann = annotate_with(text, options);
    check_invariants(text, &ann);
    check_clusters(id, text, &ann);
    assert_eq!(ann, annotate_with(text, options), "{id}: not deterministic");
    for unit in [Unit::Utf16, Unit::Scalar] {
        for format in FORMATS {
            let out = export::render(format, text, &ann, unit).expect("known format");
            assert_eq!(
                Some(&out),
                export::render(format, text, &ann, unit).as_ref(),
                "{id}: {format} not deterministic"
            );
            check_export(id, format, unit, text, &ann, &out);
        }
    }
}

fn check_export(id: &str, format: &str, unit: Unit, text: &str, ann: &Annotation, out: &str) {
    let ctx = format!("{id}: {format} ({unit:?})");
    match format {
        "json" => {
            assert!(
                out.len() <= JSON_BYTES_PER_INPUT_BYTE * text.len() + JSON_OVERHEAD,
                "{ctx}: {} bytes for {}",
                out.len(),
                text.len()
            );
            assert!(
                !out.contains('\u{2028}') && !out.contains('\u{2029}'),
                "{ctx}: raw U+2028/9 in JSON"
            );
            let v: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            let mentions = v["mentions"].as_array().unwrap();
            assert_eq!(mentions.len(), ann.mentions.len(), "{ctx}");
            for m in mentions {
                let (s, e) = (
                    m["start"].as_u64().unwrap() as usize,
                    m["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(
                    slice(text, unit, s, e),
                    m["text"].as_str().unwrap(),
                    "{ctx}: mention offsets"
                );
            }
            for q in v["quotes"].as_array().unwrap() {
                if let (Some(cue), Some(span)) = (q["cue"].as_str(), q["cue_span"].as_object()) {
                    let (s, e) = (
                        span["start"].as_u64().unwrap() as usize,
                        span["end"].as_u64().unwrap() as usize,
                    );
                    assert_eq!(slice(text, unit, s, e), cue, "{ctx}: cue offsets");
                }
            }
        }
        "w3c" => {
            let v: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert!(v.is_object(), "{ctx}");
        }
        "displacy" => {
            let v: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_eq!(v["text"].as_str(), Some(text), "{ctx}: text kept");
            for e in v["ents"].as_array().unwrap() {
                let (s, t) = (
                    e["start"].as_u64().unwrap() as usize,
                    e["end"].as_u64().unwrap() as usize,
                );
                assert!(
                    s < t && t <= OffsetMap::new(text, unit).convert(text.len()),
                    "{ctx}: ent in range"
                );
            }
        }
        "csv" | "csv-entities" | "csv-quotes" => {
            let rows = parse_csv(out).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            let width = rows.first().map_or(0, Vec::len);
            assert!(width > 0, "{ctx}: header");
            let want = if format == "csv-quotes" {
                ann.quotes.len()
            } else {
                ann.entities.len()
            };
            assert_eq!(rows.len(), want + 1, "{ctx}: one row per item");
            for row in &rows {
                assert_eq!(row.len(), width, "{ctx}: ragged row {row:?}");
                for cell in row {
                    assert!(
                        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{ctx}: unguarded formula cell {cell:?}"
                    );
                }
            }
        }
        "html" => check_html(&ctx, text, out),
        _ => unreachable!("{format}"),
    }
}

/// Chars that extend the grapheme cluster before them (UAX #29 Extend, ZWJ, SpacingMark
/// subset): combining marks, variation selectors, skin tones, emoji tags, ZWJ.
fn extends(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F | 0x0900..=0x0903
        | 0x093A..=0x094F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200D | 0x20D0..=0x20FF | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0x11A8..=0x11FF | 0x1160..=0x11A7)
}

/// Section 9, check 12: no mention or quote boundary inside a CRLF or a grapheme cluster.
fn check_clusters(id: &str, text: &str, ann: &Annotation) {
    let inside = |b: usize| {
        let (before, after) = (text[..b].chars().next_back(), text[b..].chars().next());
        match (before, after) {
            (Some('\r'), Some('\n')) => true,
            (Some(p), Some(n)) => extends(n) || (p == '\u{200D}' && !n.is_whitespace()),
            _ => false,
        }
    };
    let mut spans: Vec<(&str, article_annotator::Span)> =
        ann.mentions.iter().map(|m| ("mention", m.span)).collect();
    spans.extend(
        ann.quotes
            .iter()
            .flat_map(|q| q.parts.iter().map(|p| ("quote part", *p))),
    );
    for (what, s) in spans {
        for b in [s.start, s.end] {
            assert!(
                !inside(b),
                "{id}: {what} {:?} has a boundary inside a cluster at {b}: {:?}",
                &text[s.range()],
                text[b..].chars().take(4).collect::<String>()
            );
        }
    }
}

/// `text[s..e]` with `s`, `e` counted in `unit`.
fn slice(text: &str, unit: Unit, s: usize, e: usize) -> String {
    match unit {
        Unit::Scalar => text.chars().skip(s).take(e - s).collect(),
        Unit::Utf16 => {
            let u: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(&u[s..e]).unwrap()
        }
    }
}

/// RFC 4180 records; an error for a stray quote or an unterminated field.
fn parse_csv(s: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                    if !matches!(chars.peek(), None | Some(',') | Some('\r')) {
                        return Err(format!("text after a closing quote in {cell:?}"));
                    }
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            '"' => return Err(format!("stray quote in {cell:?}")),
            ',' => {
                row.push(std::mem::take(&mut cell));
                at_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_start = true;
            }
            '\r' | '\n' => return Err("bare CR or LF outside quotes".into()),
            c => {
                cell.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    if !cell.is_empty() || !row.is_empty() {
        return Err("last record without CRLF".into());
    }
    Ok(rows)
}

/// The tags and attributes the HTML exporter writes; anything else came from the text.
const HTML_TAGS: &[&str] = &[
    "!doctype", "html", "head", "meta", "title", "style", "body", "article", "mark", "q",
    "section", "h2", "dl", "dt", "dd", "ol", "li", "small",
];

fn check_html(ctx: &str, text: &str, out: &str) {
    // Outside <style>, every '<' opens one of the exporter's tags.
    let mut rest = out;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            HTML_TAGS.contains(&name.to_ascii_lowercase().as_str()),
            "{ctx}: tag <{name}> in the export"
        );
        if name == "mark" && !rest.starts_with('/') {
            let tag = &rest[..rest.find('>').expect("tag closes")];
            let attrs: Vec<&str> = tag
                .split('"')
                .step_by(2)
                .filter_map(|a| a.trim().strip_suffix('='))
                .collect();
            assert!(
                attrs
                    .iter()
                    .all(|a| a.ends_with("data-type") || *a == "title"),
                "{ctx}: mark attributes {attrs:?}"
            );
        }
        if name == "style" {
            rest = &rest[rest.find("</style>").expect("style closes") + 1..];
        }
    }
    assert!(
        !out.to_ascii_lowercase().contains("<script"),
        "{ctx}: script"
    );
    // The article, with the exporter's tags removed and entities decoded, is the input.
    let a = out.find("<article>").expect("article") + "<article>".len();
    let b = out.find("</article>").expect("/article");
    let mut body = String::new();
    let mut inner = &out[a..b];
    while let Some(i) = inner.find('<') {
        body.push_str(&inner[..i]);
        inner = &inner[i + inner[i..].find('>').expect("tag closes") + 1..];
    }
    body.push_str(inner);
    let decoded = body
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    assert_eq!(
        decoded,
        text.replace('\0', "\u{FFFD}"),
        "{ctx}: the article text round-trips"
    );
}

#[test]
fn corpus_through_the_library() {
    let lexicon = Options {
        site_lexicon: Some(hostile_lexicon()),
        no_model: false,
    };
    let no_model = Options {
        site_lexicon: None,
        no_model: true,
    };
    for (group, id, text) in corpus() {
        let id = format!("{group}/{id}");
        check_text(&id, &text, &Options::default());
        check_text(&format!("{id} +lexicon"), &text, &lexicon);
        check_text(&format!("{id} no-model"), &text, &no_model);
        // The same text inside a longer article: boundaries shift, invariants hold.
        let framed = format!("Reuters reported.\r\n\r\n{text}\n\n“End,” said Joe Biden.");
        check_invariants(&framed, &annotate(&framed));
    }
}

/// Hostile site-lexicon names come back only inside well-formed, escaped exports.
#[test]
fn hostile_lexicon_names_are_found_and_exported_safely() {
    let text = "Mr. __proto__ of the Prototype Party met =HYPERLINK and Jose\u{301} Mari\u{301}a Aznar at Le Monde.";
    let ann = annotate_with(
        text,
        &Options {
            site_lexicon: Some(hostile_lexicon()),
            no_model: false,
        },
    );
    let names: Vec<&str> = ann.entities.iter().map(|e| e.name.as_str()).collect();
    for want in [
        "__proto__",
        "Prototype Party",
        "=HYPERLINK",
        "Jose\u{301} Mari\u{301}a Aznar",
        "Le Monde",
    ] {
        assert!(names.contains(&want), "{want} not among {names:?}");
    }
    check_text(
        "lexicon-names",
        text,
        &Options {
            site_lexicon: Some(hostile_lexicon()),
            no_model: false,
        },
    );
}

/// The CLI gives the same JSON as the library, for every corpus input, and a report.
#[test]
fn corpus_through_the_cli() {
    for (group, id, text) in corpus() {
        let out = crate::run_cli(&["--format", "json"], text.as_bytes());
        assert!(
            out.status.success(),
            "{group}/{id}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let want = export::json(&text, &annotate(&text), Unit::Scalar) + "\n";
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            want,
            "{group}/{id}: CLI json differs from the library"
        );
        let report = crate::run_cli(&[], text.as_bytes());
        assert!(report.status.success(), "{group}/{id}: report");
    }
}

/// Invalid UTF-8 on stdin: decoded lossily, with a warning, and annotated.
#[test]
fn invalid_utf8_through_the_cli() {
    for (id, bytes) in corpus_bytes() {
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "{id} is meant to be invalid UTF-8"
        );
        let out = crate::run_cli(&["--format", "json"], &bytes);
        assert!(out.status.success(), "{id}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"),
            "{id}: warns"
        );
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let want = export::json(&text, &annotate(&text), Unit::Scalar) + "\n";
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want, "{id}");
    }
}

/// Over the size limit the CLI refuses at once with a message naming the limit.
#[test]
fn cli_refuses_input_over_the_limit() {
    let big = vec![b'a'; article_annotator::MAX_INPUT_BYTES + 1];
    let t0 = std::time::Instant::now();
    let out = crate::run_cli(&["--format", "json"], &big);
    let elapsed = t0.elapsed();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the limit is 16777216 bytes"), "{err}");
    assert!(out.stdout.is_empty());
    // Reading 16 MiB through a pipe; generous for a loaded debug build, and no annotation happened.
    assert!(elapsed.as_secs_f64() < 5.0, "{elapsed:?}");
}

/// Each pathological input keeps the invariants, and its result is
/// deterministic and bounded. At a tenth of the benchmark's smaller size:
/// this runs in a debug build, and the checks themselves are not all linear.
#[test]
fn pathological_inputs_keep_the_invariants() {
    for (name, n, text) in pathological(0, 10) {
        let ann = annotate(&text);
        check_invariants(&text, &ann);
        assert_eq!(ann, annotate(&text), "{name}: not deterministic");
        let json = export::json(&text, &ann, Unit::Utf16);
        assert!(
            json.len() <= JSON_BYTES_PER_INPUT_BYTE * text.len() + JSON_OVERHEAD,
            "{name} x{n}: {} bytes of JSON for {} bytes",
            json.len(),
            text.len()
        );
        // No quote runs across a paragraph break unless it is a real multi-paragraph quote.
        if name == "unclosed-quote-paragraphs" {
            for q in &ann.quotes {
                for p in &q.parts {
                    assert!(
                        !text[p.range()].contains("\n\n"),
                        "{name}: a quote part runs across paragraphs"
                    );
                }
            }
        }
    }
}
