//! The WebAssembly boundary: the only file that knows wasm-bindgen.
//!
//! JavaScript passes a string and gets back one plain object (see README
//! "Result format") whose offsets are UTF-16 code units, so
//! `text.slice(m.start, m.end)` is the mention. A JS string with lone
//! surrogates arrives here with each replaced by U+FFFD, which is one UTF-16
//! unit too, so offsets computed here still index the caller's string.
//!
//! Nothing here may panic: a panic poisons the instance for every later call.
//! The core never panics; this file only converts.

use wasm_bindgen::prelude::*;

use crate::offsets::Unit;
use crate::Options;

// The allocator: Talc instead of the standard dlmalloc, 2.2 KB smaller
// gzipped and as fast here (issue 3's size target). The module is
// single-threaded, as Talc's wasm allocator requires.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The largest text `annotate` accepts, in UTF-16 code units (as JavaScript's
/// `text.length` counts): 4,000,000, about 4 MB of English.
pub const MAX_INPUT_UTF16: usize = 4_000_000;

// The few JavaScript built-ins used here, bound directly: js-sys and
// serde-wasm-bindgen cost about 6 KB of the gzipped .wasm (issue 3). The
// result object is the product JSON (`export::json`, the same fields in the
// same order) through `JSON.parse`, which is also faster than building it
// field by field across the boundary.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
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
    if value.is_null_or_undefined() {
        return Ok(options);
    }
    let get = |key: &str| reflect_get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if get("model") == JsValue::FALSE {
        options.no_model = true;
    }
    let lexicon = get("lexicon");
    if let Some(src) = lexicon.as_string() {
        options.site_lexicon = Some(
            crate::SiteLexicon::parse(&src)
                .map_err(|e| JsError::new(&format!("site lexicon: {e}")))?,
        );
    } else if !lexicon.is_null_or_undefined() {
        let src = json_stringify(&lexicon)
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
    json_parse(&crate::export::json(text, &ann, Unit::Utf16))
        .map_err(|_| JsError::new("the result is not valid JSON"))
}

/// Annotates `text` and renders the result as `format`: `json`, `w3c`,
/// `displacy`, `csv-entities`, `csv-quotes` or `html`.
#[wasm_bindgen]
pub fn export(text: &str, format: &str, options_value: JsValue) -> Result<JsValue, JsError> {
    if let Some(e) = too_long(text) {
        return Err(e);
    }
    let opts = options(&options_value)?;
    let ann = crate::annotate_with(text, &opts);
    crate::export::render(format, text, &ann, Unit::Utf16)
        .map(|s| JsValue::from_str(&s))
        .ok_or_else(|| JsError::new(&format!("unknown format {format:?}")))
}

/// The crate version and the result layout version.
#[wasm_bindgen]
pub fn version() -> JsValue {
    JsValue::from_str(&format!(
        "{} (result v{})",
        env!("CARGO_PKG_VERSION"),
        crate::RESULT_VERSION
    ))
}

/// The input limit, in UTF-16 code units.
#[wasm_bindgen(js_name = maxInputLength)]
pub fn max_input_length() -> usize {
    MAX_INPUT_UTF16
}
