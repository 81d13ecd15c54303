//! The WebAssembly boundary: the only file that knows wasm-bindgen and serde.
//!
//! JavaScript passes a string and gets back one plain object (see README
//! "Result format") whose offsets are UTF-16 code units, so
//! `text.slice(m.start, m.end)` is the mention. A JS string with lone
//! surrogates arrives here with each replaced by U+FFFD, which is one UTF-16
//! unit too, so offsets computed here still index the caller's string.
//!
//! Nothing here may panic: a panic poisons the instance for every later call.
//! The core never panics; this file only converts.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::offsets::{OffsetMap, Unit};
use crate::{Annotation, Options, Span};

/// The largest text `annotate` accepts, in UTF-16 code units (as JavaScript's
/// `text.length` counts): 4,000,000, about 4 MB of English.
pub const MAX_INPUT_UTF16: usize = 4_000_000;

#[derive(Serialize)]
struct ResultDto<'a> {
    version: u32,
    unit: &'static str,
    truncated: bool,
    entities: Vec<EntityDto<'a>>,
    mentions: Vec<MentionDto<'a>>,
    quotes: Vec<QuoteDto<'a>>,
}

#[derive(Serialize)]
struct EntityDto<'a> {
    id: usize,
    #[serde(rename = "type")]
    label: &'static str,
    name: &'a str,
    mentions: &'a [usize],
}

#[derive(Serialize)]
struct MentionDto<'a> {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    label: &'static str,
    cluster: usize,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title_of: Option<usize>,
}

#[derive(Serialize)]
struct SpanDto {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct QuoteDto<'a> {
    start: usize,
    end: usize,
    kind: &'static str,
    parts: Vec<SpanDto>,
    speaker: Option<usize>,
    speaker_name: Option<&'a str>,
    speaker_span: Option<SpanDto>,
    cue: Option<&'a str>,
    cue_span: Option<SpanDto>,
}

fn dto<'a>(text: &'a str, ann: &'a Annotation) -> ResultDto<'a> {
    let map = OffsetMap::new(text, Unit::Utf16);
    let span = |s: Span| SpanDto {
        start: map.convert(s.start),
        end: map.convert(s.end),
    };
    ResultDto {
        version: crate::RESULT_VERSION,
        unit: "utf16",
        truncated: ann.truncated,
        entities: ann
            .entities
            .iter()
            .map(|e| EntityDto {
                id: e.id,
                label: e.label.as_str(),
                name: &e.name,
                mentions: &e.mentions,
            })
            .collect(),
        mentions: ann
            .mentions
            .iter()
            .map(|m| MentionDto {
                start: map.convert(m.span.start),
                end: map.convert(m.span.end),
                label: m.label.as_str(),
                cluster: m.entity,
                text: &text[m.span.range()],
                title_of: m.title_of,
            })
            .collect(),
        quotes: ann
            .quotes
            .iter()
            .map(|q| {
                let s = span(q.span());
                QuoteDto {
                    start: s.start,
                    end: s.end,
                    kind: q.kind.as_str(),
                    parts: q.parts.iter().map(|p| span(*p)).collect(),
                    speaker: q.speaker,
                    speaker_name: q.speaker_name(ann),
                    speaker_span: q.speaker_span.map(span),
                    cue: q.cue.map(|c| &text[c.range()]),
                    cue_span: q.cue.map(span),
                }
            })
            .collect(),
    }
}

fn too_long(text: &str) -> Option<JsError> {
    // UTF-8 length bounds the UTF-16 length from above: count only when needed.
    if text.len() > MAX_INPUT_UTF16 && text.encode_utf16().count() > MAX_INPUT_UTF16 {
        return Some(JsError::new(&format!(
            "text too long: {} UTF-16 code units; the limit is {MAX_INPUT_UTF16}",
            text.encode_utf16().count()
        )));
    }
    None
}

fn options(value: &JsValue) -> Result<Options, JsError> {
    let mut options = Options::default();
    if value.is_undefined() || value.is_null() {
        return Ok(options);
    }
    let get = |key: &str| {
        js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    };
    if get("model").as_bool() == Some(false) {
        options.no_model = true;
    }
    let lexicon = get("lexicon");
    if let Some(src) = lexicon.as_string() {
        options.site_lexicon = Some(
            crate::SiteLexicon::parse(&src)
                .map_err(|e| JsError::new(&format!("site lexicon: {e}")))?,
        );
    } else if !lexicon.is_undefined() && !lexicon.is_null() {
        let src = js_sys::JSON::stringify(&lexicon)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        options.site_lexicon = Some(
            crate::SiteLexicon::parse(&src)
                .map_err(|e| JsError::new(&format!("site lexicon: {e}")))?,
        );
    }
    Ok(options)
}

/// Annotates `text`. `options` may be undefined or `{model: false, lexicon}`
/// where `lexicon` is a site lexicon object or its JSON text.
#[wasm_bindgen]
pub fn annotate(text: &str, options_value: JsValue) -> Result<JsValue, JsError> {
    if let Some(e) = too_long(text) {
        return Err(e);
    }
    let opts = options(&options_value)?;
    let ann = crate::annotate_with(text, &opts);
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    dto(text, &ann)
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Annotates `text` and renders the result as `format`: `json`, `w3c`,
/// `displacy`, `csv-entities`, `csv-quotes` or `html`.
#[wasm_bindgen]
pub fn export(text: &str, format: &str, options_value: JsValue) -> Result<String, JsError> {
    if let Some(e) = too_long(text) {
        return Err(e);
    }
    let opts = options(&options_value)?;
    let ann = crate::annotate_with(text, &opts);
    crate::export::render(format, text, &ann, Unit::Utf16)
        .ok_or_else(|| JsError::new(&format!("unknown format {format:?}")))
}

/// The crate version and the result layout version.
#[wasm_bindgen]
pub fn version() -> String {
    format!(
        "{} (result v{})",
        env!("CARGO_PKG_VERSION"),
        crate::RESULT_VERSION
    )
}

/// The input limit, in UTF-16 code units.
#[wasm_bindgen(js_name = maxInputLength)]
pub fn max_input_length() -> usize {
    MAX_INPUT_UTF16
}
