//! Renders an [`Annotation`] into the formats other tools read.
//!
//! Pure functions from a text and its annotation to a `String`: the CLI writes
//! them to stdout and the wasm API hands them to JavaScript. Escaping is done
//! here, by hand, for every char of the input: JSON strings escape control
//! chars and lone-surrogate-free UTF-8 passes through; HTML escapes `& < > " '`.

use crate::offsets::{OffsetMap, Unit};
use crate::{Annotation, Label, Span};

pub mod csv;
pub mod displacy;
pub mod w3c;

pub use displacy::displacy;
pub use w3c::w3c;

/// The format names [`render`] knows (`csv` is `csv-entities`).
pub const FORMATS: [&str; 7] = [
    "json",
    "w3c",
    "displacy",
    "csv-entities",
    "csv",
    "csv-quotes",
    "html",
];

/// The product's own JSON (see README "Result format"), offsets in `unit`.
pub fn json(text: &str, ann: &Annotation, unit: Unit) -> String {
    let map = OffsetMap::new(text, unit);
    let mut w = String::with_capacity(256 + ann.mentions.len() * 64);
    let span = |w: &mut String, s: Span| {
        w.push_str("\"start\":");
        number(w, map.convert(s.start));
        w.push_str(",\"end\":");
        number(w, map.convert(s.end));
    };
    w.push_str("{\"version\":");
    number(&mut w, crate::RESULT_VERSION as usize);
    w.push_str(",\"unit\":");
    string(&mut w, unit_name(unit));
    w.push_str(",\"truncated\":");
    w.push_str(if ann.truncated { "true" } else { "false" });
    w.push_str(",\"entities\":[");
    for (k, e) in ann.entities.iter().enumerate() {
        comma(&mut w, k);
        w.push_str("{\"id\":");
        number(&mut w, e.id);
        w.push_str(",\"type\":");
        string(&mut w, e.label.as_str());
        w.push_str(",\"name\":");
        string(&mut w, &e.name);
        w.push_str(",\"mentions\":[");
        for (j, m) in e.mentions.iter().enumerate() {
            comma(&mut w, j);
            number(&mut w, *m);
        }
        w.push_str("]}");
    }
    w.push_str("],\"mentions\":[");
    for (k, m) in ann.mentions.iter().enumerate() {
        comma(&mut w, k);
        w.push('{');
        span(&mut w, m.span);
        w.push_str(",\"type\":");
        string(&mut w, m.label.as_str());
        w.push_str(",\"cluster\":");
        number(&mut w, m.entity);
        w.push_str(",\"text\":");
        string(&mut w, &text[m.span.range()]);
        if let Some(p) = m.title_of {
            w.push_str(",\"title_of\":");
            number(&mut w, p);
        }
        w.push('}');
    }
    w.push_str("],\"quotes\":[");
    for (k, q) in ann.quotes.iter().enumerate() {
        comma(&mut w, k);
        w.push('{');
        span(&mut w, q.span());
        w.push_str(",\"kind\":");
        string(&mut w, q.kind.as_str());
        w.push_str(",\"parts\":[");
        for (j, p) in q.parts.iter().enumerate() {
            comma(&mut w, j);
            w.push('{');
            span(&mut w, *p);
            w.push('}');
        }
        w.push_str("],\"speaker\":");
        match q.speaker {
            Some(e) => number(&mut w, e),
            None => w.push_str("null"),
        }
        w.push_str(",\"speaker_name\":");
        opt_string(&mut w, q.speaker_name(ann));
        w.push_str(",\"speaker_span\":");
        opt_span(&mut w, &map, q.speaker_span);
        w.push_str(",\"cue\":");
        opt_string(&mut w, q.cue.map(|c| &text[c.range()]));
        w.push_str(",\"cue_span\":");
        opt_span(&mut w, &map, q.cue);
        w.push('}');
    }
    w.push_str("]}");
    w
}

fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Utf16 => "utf16",
        Unit::Scalar => "codepoint",
    }
}

pub(crate) fn comma(w: &mut String, k: usize) {
    if k > 0 {
        w.push(',');
    }
}

fn opt_span(w: &mut String, map: &OffsetMap, s: Option<Span>) {
    match s {
        Some(s) => {
            w.push_str("{\"start\":");
            number(w, map.convert(s.start));
            w.push_str(",\"end\":");
            number(w, map.convert(s.end));
            w.push('}');
        }
        None => w.push_str("null"),
    }
}

fn opt_string(w: &mut String, s: Option<&str>) {
    match s {
        Some(s) => string(w, s),
        None => w.push_str("null"),
    }
}

/// Writes `n` in decimal (what `n.to_string()` gives), with no string of
/// its own: a result has a few numbers per mention.
pub(crate) fn number(w: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    w.extend(digits[k..].iter().map(|&d| char::from(d)));
}

/// Writes `s` as a JSON string literal: the runs that need no escape are
/// copied whole.
pub(crate) fn string(w: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    w.push('"');
    let b = s.as_bytes();
    let (mut done, mut i) = (0, 0);
    // The next byte that may need an escape: a control char, a quote, a
    // backslash, or the first byte of U+2028/9 (E2 80 A8/A9).
    while let Some(k) = b.get(i..).and_then(|rest| {
        rest.iter()
            .position(|&c| c < 0x20 || c == b'"' || c == b'\\' || c == 0xE2)
    }) {
        i += k;
        let (len, escape) = match b[i] {
            b'"' => (1, "\\\""),
            b'\\' => (1, "\\\\"),
            b'\n' => (1, "\\n"),
            b'\r' => (1, "\\r"),
            b'\t' => (1, "\\t"),
            // Other control chars as \u00XX, below.
            0..=0x1f => (1, ""),
            // U+2028/9 are valid JSON but break JavaScript string literals.
            _ if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA8) => (3, "\\u2028"),
            _ if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA9) => (3, "\\u2029"),
            _ => {
                i += 1;
                continue;
            }
        };
        w.push_str(s.get(done..i).unwrap_or(""));
        if escape.is_empty() {
            w.push_str("\\u00");
            w.push(char::from(HEX[usize::from(b[i] >> 4)]));
            w.push(char::from(HEX[usize::from(b[i] & 15)]));
        } else {
            w.push_str(escape);
        }
        i += len;
        done = i;
    }
    w.push_str(s.get(done..).unwrap_or(""));
    w.push('"');
}

/// Escapes `s` for HTML text and attribute values.
pub(crate) fn html_escape(w: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => w.push_str("&amp;"),
            '<' => w.push_str("&lt;"),
            '>' => w.push_str("&gt;"),
            '"' => w.push_str("&quot;"),
            '\'' => w.push_str("&#39;"),
            '\0' => w.push('\u{FFFD}'),
            c => w.push(c),
        }
    }
}

/// A standalone HTML page with the text highlighted; every input char is
/// escaped, and the page has no script.
pub fn html(text: &str, ann: &Annotation) -> String {
    let mut w = String::with_capacity(text.len() * 2 + 4096);
    w.push_str(concat!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        "<title>Annotated article</title><style>",
        "body{font:17px/1.6 Georgia,serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}",
        "article{white-space:pre-wrap}",
        "mark{unicode-bidi:isolate;background:none;border-bottom:2px solid;padding:0 1px}",
        "mark[data-type=PERSON]{background:#dbeafe;border-color:#1d4ed8}",
        "mark[data-type=ORG]{background:#fde7c7;border-color:#b45309}",
        "mark[data-type=GPE],mark[data-type=LOC]{background:#d1fae5;border-color:#047857}",
        "mark[data-type=NORP]{background:#f3e8ff;border-color:#7e22ce}",
        "mark[data-type=EVENT]{background:#fee2e2;border-color:#b91c1c}",
        "mark[data-type=DATE],mark[data-type=TIME]{background:#e0f2fe;border-color:#0369a1;border-bottom-style:dotted}",
        "mark[data-type=MONEY],mark[data-type=PERCENT]{background:#ecfccb;border-color:#4d7c0f;border-bottom-style:dashed}",
        "mark[data-type=TITLE]{background:#f1f5f9;border-color:#475569;border-bottom-style:dotted}",
        "q{quotes:none;background:#fef9c3;box-shadow:inset 0 -1px #a16207}",
        "dl{font:14px/1.4 system-ui,sans-serif}dt{font-weight:bold;margin-top:.6rem}",
        "</style></head><body><article>",
    ));
    render_marked(&mut w, text, ann);
    w.push_str("</article>\n<section><h2>Entities</h2><dl>");
    for label in Label::ALL {
        let ents: Vec<_> = ann.entities.iter().filter(|e| e.label == label).collect();
        if ents.is_empty() {
            continue;
        }
        w.push_str("<dt>");
        w.push_str(label.as_str());
        w.push_str("</dt>");
        for e in ents {
            w.push_str("<dd>");
            html_escape(&mut w, &e.name);
            w.push_str(&format!(" ({})</dd>", e.mentions.len()));
        }
    }
    w.push_str("</dl><h2>Quotes</h2><ol>");
    for q in &ann.quotes {
        w.push_str("<li>");
        let s = q.span();
        html_escape(&mut w, &text[s.range()]);
        w.push_str(" <small>(");
        w.push_str(q.kind.as_str());
        w.push_str(", ");
        html_escape(&mut w, q.speaker_name(ann).unwrap_or("unattributed"));
        if let Some(c) = q.cue {
            w.push_str(", ");
            html_escape(&mut w, &text[c.range()]);
        }
        w.push_str(")</small></li>");
    }
    w.push_str("</ol></section></body></html>\n");
    w
}

/// Writes `text` with `<mark>` around mentions and `<q>` around quote parts.
/// Quote parts and mentions may nest either way, so boundaries are opened and
/// closed as events; a mention that crosses a quote edge is split.
fn render_marked(w: &mut String, text: &str, ann: &Annotation) {
    let mut cuts: Vec<usize> = Vec::with_capacity(ann.mentions.len() * 2 + 2);
    cuts.push(0);
    cuts.push(text.len());
    for m in &ann.mentions {
        cuts.push(m.span.start);
        cuts.push(m.span.end);
    }
    // Sorted as packed `u128`s (`crate::sorting`): a span as start then end.
    let mut packed: Vec<u128> = ann
        .quotes
        .iter()
        .flat_map(|q| q.parts.iter())
        .map(|p| ((p.start as u128) << 64) | p.end as u128)
        .collect();
    crate::sorting::sort_packed(&mut packed);
    let parts: Vec<Span> = packed
        .iter()
        .map(|&p| Span::new((p >> 64) as usize, p as u64 as usize))
        .collect();
    for p in &parts {
        cuts.push(p.start);
        cuts.push(p.end);
    }
    let mut packed: Vec<u128> = cuts.iter().map(|&c| c as u128).collect();
    crate::sorting::sort_packed(&mut packed);
    cuts.clear();
    cuts.extend(packed.iter().map(|&c| c as usize));
    cuts.dedup();
    let (mut mi, mut pi) = (0, 0);
    for win in cuts.windows(2) {
        let (a, b) = (win[0], win[1]);
        while mi < ann.mentions.len() && ann.mentions[mi].span.end <= a {
            mi += 1;
        }
        while pi < parts.len() && parts[pi].end <= a {
            pi += 1;
        }
        let in_quote = pi < parts.len() && parts[pi].start <= a;
        let mention = ann.mentions.get(mi).filter(|m| m.span.start <= a);
        if in_quote {
            w.push_str("<q>");
        }
        if let Some(m) = mention {
            w.push_str("<mark data-type=\"");
            w.push_str(m.label.as_str());
            w.push_str("\" title=\"");
            w.push_str(m.label.as_str());
            w.push_str(": ");
            html_escape(
                w,
                ann.entities.get(m.entity).map_or("", |e| e.name.as_str()),
            );
            w.push_str("\">");
        }
        html_escape(w, &text[a..b]);
        if mention.is_some() {
            w.push_str("</mark>");
        }
        if in_quote {
            w.push_str("</q>");
        }
    }
}

/// Renders `format`, one of [`FORMATS`]; `None` for an unknown format.
///
/// `unit` is the unit of the offsets in `json`, `displacy` and `csv-quotes`
/// (the CLI asks for code points, the wasm API for UTF-16 units). `w3c`
/// always counts code points, as the W3C model says; `csv-entities` and
/// `html` have no offsets.
pub fn render(format: &str, text: &str, ann: &Annotation, unit: Unit) -> Option<String> {
    match format {
        "json" => Some(json(text, ann, unit)),
        "w3c" => Some(w3c(text, ann)),
        "displacy" => Some(displacy(text, ann, unit)),
        "csv" | "csv-entities" => Some(csv::entities(text, ann)),
        "csv-quotes" => Some(csv::quotes(text, ann, unit)),
        "html" => Some(html(text, ann)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    /// `string` and `number` write what the JSON and JavaScript readers
    /// expect.
    fn check(input: &str, expect: &str) {
        let mut w = String::new();
        super::string(&mut w, input);
        assert_eq!(w, expect, "{input:?}");
        let back: String = serde_json::from_str(&w).expect("valid JSON");
        assert_eq!(back, input);
    }

    #[test]
    fn strings() {
        check("", r#""""#);
        check("plain", r#""plain""#);
        check(r#"say "no" \ now"#, r#""say \"no\" \\ now""#);
        check("a\nb\rc\td", r#""a\nb\rc\td""#);
        check("\u{0}\u{1f}\u{7f}", "\"\\u0000\\u001f\u{7f}\"");
        check(
            "“curly” – dash \u{2028}\u{2029}…",
            r#""“curly” – dash \u2028\u2029…""#,
        );
        check("\u{2027}\u{202a}😀", "\"\u{2027}\u{202a}😀\"");
    }

    #[test]
    fn numbers() {
        for n in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            let mut w = String::from("x");
            super::number(&mut w, n);
            assert_eq!(w, format!("x{n}"));
        }
    }
}
