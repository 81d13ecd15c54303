//! CSV tables of the entities and of the quotes, for spreadsheets.
//!
//! RFC 4180: CRLF line ends, a header row, fields quoted when they hold a
//! comma, a double quote, CR or LF, with inner quotes doubled. Spreadsheets
//! run a cell that starts with `=`, `+`, `-`, `@`, TAB or CR as a formula
//! ("CSV injection"), and article text is untrusted, so such a text field
//! gets a leading apostrophe (`'`), which spreadsheets hide; a program that
//! wants the raw text strips one leading `'` when the next char is one of
//! those six. Numeric fields are the exporter's own and never guarded.

use crate::offsets::{OffsetMap, Unit};
use crate::Annotation;

/// `id,name,type,mentions,forms`: one row per entity, in order of first
/// mention; `forms` are the distinct surface forms, whitespace collapsed,
/// joined by ` | `.
pub fn entities(text: &str, ann: &Annotation) -> String {
    let mut w = String::from("id,name,type,mentions,forms\r\n");
    for e in &ann.entities {
        let mut forms: Vec<String> = Vec::new();
        for &m in &e.mentions {
            let Some(form) = ann.mentions.get(m).and_then(|m| text.get(m.span.range())) else {
                continue;
            };
            let form = form.split_whitespace().collect::<Vec<_>>().join(" ");
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
        w.push_str(&e.id.to_string());
        w.push(',');
        field(&mut w, &e.name);
        w.push(',');
        w.push_str(e.label.as_str());
        w.push(',');
        w.push_str(&e.mentions.len().to_string());
        w.push(',');
        // Joined as `&str`s: one instantiation of `join` in the .wasm.
        let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
        field(&mut w, &forms.join(" | "));
        w.push_str("\r\n");
    }
    w
}

/// `speaker,quote,kind,cue,start,end`: one row per quote, in text order.
/// `quote` is the quoted words, parts joined by ` … `; `start`/`end` span
/// from the first part to the last, in `unit`.
pub fn quotes(text: &str, ann: &Annotation, unit: Unit) -> String {
    let map = OffsetMap::new(text, unit);
    let mut w = String::from("speaker,quote,kind,cue,start,end\r\n");
    for q in &ann.quotes {
        let body: Vec<&str> = q
            .parts
            .iter()
            .map(|p| text.get(p.range()).unwrap_or(""))
            .collect();
        field(&mut w, q.speaker_name(ann).unwrap_or(""));
        w.push(',');
        field(&mut w, &body.join(" … "));
        w.push(',');
        w.push_str(q.kind.as_str());
        w.push(',');
        field(
            &mut w,
            q.cue.and_then(|c| text.get(c.range())).unwrap_or(""),
        );
        w.push(',');
        let s = q.span();
        w.push_str(&map.convert(s.start).to_string());
        w.push(',');
        w.push_str(&map.convert(s.end).to_string());
        w.push_str("\r\n");
    }
    w
}

/// Writes one text field: formula-guarded, then quoted if needed.
pub(crate) fn field(w: &mut String, s: &str) {
    let guard = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = s.contains([',', '"', '\r', '\n']);
    if quote {
        w.push('"');
    }
    if guard {
        w.push('\'');
    }
    for c in s.chars() {
        if c == '"' {
            w.push('"');
        }
        w.push(c);
    }
    if quote {
        w.push('"');
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields() {
        let cases = [
            ("plain", "plain"),
            ("", ""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("a=b", "a=b"),
        ];
        for (input, want) in cases {
            let mut w = String::new();
            super::field(&mut w, input);
            assert_eq!(w, want, "{input:?}");
        }
    }
}
