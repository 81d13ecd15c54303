//! The W3C Web Annotation Data Model, serialized as JSON-LD.
//!
//! One `AnnotationCollection` whose single embedded `AnnotationPage` holds one
//! annotation per mention and one per quote. Each target carries both a
//! `TextQuoteSelector` (the exact text with up to [`CONTEXT_CHARS`] chars of
//! prefix and suffix, which survives edits elsewhere in the article) and a
//! `TextPositionSelector`. Positions count Unicode code points, as the W3C
//! model requires, whatever unit the rest of the API uses; JavaScript callers
//! must not slice a string with them directly when it has astral chars.
//!
//! The input has no URL of its own here, so every target's `source` is
//! [`SOURCE`]; a caller that knows the article's URL replaces it (and the
//! `#...` ids, which are built on it).

use crate::export::{comma, string};
use crate::offsets::{OffsetMap, Unit};
use crate::{Annotation, Span};

/// The placeholder IRI of the annotated text.
pub const SOURCE: &str = "urn:article-annotator:input";
/// The JSON-LD context of the Web Annotation Data Model.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// At most this many chars (code points) of prefix and of suffix.
pub const CONTEXT_CHARS: usize = 32;

/// Renders the annotation collection.
pub fn w3c(text: &str, ann: &Annotation) -> String {
    let map = OffsetMap::new(text, Unit::Scalar);
    let mut w = String::with_capacity(512 + (ann.mentions.len() + ann.quotes.len()) * 512);
    w.push_str("{\"@context\":");
    string(&mut w, CONTEXT);
    w.push_str(",\"id\":");
    string(&mut w, &format!("{SOURCE}#annotations"));
    w.push_str(",\"type\":\"AnnotationCollection\",\"label\":");
    string(
        &mut w,
        &format!(
            "article-annotator {} (result v{})",
            env!("CARGO_PKG_VERSION"),
            crate::RESULT_VERSION
        ),
    );
    w.push_str(",\"total\":");
    w.push_str(&(ann.mentions.len() + ann.quotes.len()).to_string());
    w.push_str(",\"first\":{\"id\":");
    string(&mut w, &format!("{SOURCE}#annotations-page-1"));
    w.push_str(",\"type\":\"AnnotationPage\",\"startIndex\":0,\"items\":[");
    let mut k = 0;
    for (i, m) in ann.mentions.iter().enumerate() {
        comma(&mut w, k);
        k += 1;
        w.push_str("{\"id\":");
        string(&mut w, &format!("{SOURCE}#mention-{i}"));
        w.push_str(",\"type\":\"Annotation\",\"motivation\":\"tagging\",\"body\":[");
        textual_body(&mut w, None, "tagging", m.label.as_str());
        if let Some(e) = ann.entities.get(m.entity) {
            w.push(',');
            textual_body(&mut w, Some(e.id), "identifying", &e.name);
        }
        w.push_str("],\"target\":");
        target(&mut w, text, &map, m.span);
        w.push('}');
    }
    for (i, q) in ann.quotes.iter().enumerate() {
        comma(&mut w, k);
        k += 1;
        w.push_str("{\"id\":");
        string(&mut w, &format!("{SOURCE}#quote-{i}"));
        w.push_str(",\"type\":\"Annotation\",\"motivation\":\"classifying\",\"body\":[");
        textual_body(&mut w, None, "classifying", q.kind.as_str());
        if let Some(e) = q.speaker.and_then(|e| ann.entities.get(e)) {
            w.push(',');
            textual_body(&mut w, Some(e.id), "identifying", &e.name);
        }
        w.push_str("],\"target\":[");
        for (j, p) in q.parts.iter().enumerate() {
            comma(&mut w, j);
            target(&mut w, text, &map, *p);
        }
        w.push_str("]}");
    }
    w.push_str("]}}");
    w
}

/// A `TextualBody`; `entity` gives it the entity's IRI, so that every
/// mention of one entity, and the quotes it speaks, share one body node.
fn textual_body(w: &mut String, entity: Option<usize>, purpose: &str, value: &str) {
    w.push('{');
    if let Some(e) = entity {
        w.push_str("\"id\":");
        string(w, &format!("{SOURCE}#entity-{e}"));
        w.push(',');
    }
    w.push_str("\"type\":\"TextualBody\",\"purpose\":");
    string(w, purpose);
    w.push_str(",\"value\":");
    string(w, value);
    w.push_str(",\"format\":\"text/plain\"}");
}

fn target(w: &mut String, text: &str, map: &OffsetMap, s: Span) {
    w.push_str("{\"source\":");
    string(w, SOURCE);
    w.push_str(",\"selector\":[{\"type\":\"TextQuoteSelector\",\"exact\":");
    string(w, text.get(s.range()).unwrap_or(""));
    let before = text.get(..s.start).unwrap_or("");
    let after = text.get(s.end..).unwrap_or("");
    let prefix = match before.char_indices().rev().nth(CONTEXT_CHARS - 1) {
        Some((i, _)) => &before[i..],
        None => before,
    };
    let suffix = match after.char_indices().nth(CONTEXT_CHARS) {
        Some((i, _)) => &after[..i],
        None => after,
    };
    if !prefix.is_empty() {
        w.push_str(",\"prefix\":");
        string(w, prefix);
    }
    if !suffix.is_empty() {
        w.push_str(",\"suffix\":");
        string(w, suffix);
    }
    w.push_str("},{\"type\":\"TextPositionSelector\",\"start\":");
    w.push_str(&map.convert(s.start).to_string());
    w.push_str(",\"end\":");
    w.push_str(&map.convert(s.end).to_string());
    w.push_str("}]}");
}
