//! The core compiled to wasm32 and run by wasm-bindgen-test-runner (in Node):
//! it annotates without trapping on odd inputs, keeps working afterwards, and its
//! UTF-16 offsets slice JavaScript's own strings exactly where the byte spans
//! slice the Rust string. The browser side of the boundary is covered by
//! tests/e2e/ (boundary.test.mjs in Node, the rest in headless Chromium).
#![cfg(target_arch = "wasm32")]

use article_annotator::offsets::{OffsetMap, Unit};
use article_annotator::{annotate, Annotation, Span};
use js_sys::JsString;
use wasm_bindgen_test::wasm_bindgen_test;

const ARTICLE: &str = "Chancellor Angela Merkel met President Emmanuel Macron in Paris on Monday. \
“We will,” she said, “stay the course.” The European Union said that it would pay €2 billion, 15% more than in 2023.";

/// Checks that every span of `ann` slices the JS string at its UTF-16 offsets to the same text.
fn check(text: &str, ann: &Annotation) {
    let map = OffsetMap::new(text, Unit::Utf16);
    let js = JsString::from(text);
    let expect = |span: Span| {
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "span {span:?} out of range"
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "span {span:?} splits a char"
        );
        let (a, b) = (map.convert(span.start), map.convert(span.end));
        let sliced: String = js.substring(a as u32, b as u32).into();
        assert_eq!(
            sliced,
            &text[span.range()],
            "UTF-16 {a}..{b} vs bytes {span:?}"
        );
    };
    for m in &ann.mentions {
        expect(m.span);
    }
    for q in &ann.quotes {
        q.parts.iter().copied().for_each(expect);
        q.speaker_span.into_iter().chain(q.cue).for_each(expect);
    }
}

#[wasm_bindgen_test]
fn annotates_an_ordinary_article() {
    let ann = annotate(ARTICLE);
    check(ARTICLE, &ann);
    assert!(!ann.mentions.is_empty(), "no mentions in {ARTICLE:?}");
}

#[wasm_bindgen_test]
fn utf16_offsets_match_javascript_strings() {
    for prefix in [
        "",
        "😀🇵🇱👩‍👩‍👧 ",
        "漢字テキスト。",
        "e\u{301}\u{301} Zoë ",
        "שלום עולם. ",
        "\u{FEFF}",
        "\r\n\r\n",
    ] {
        let text = format!("{prefix}{ARTICLE} 😀 {ARTICLE}");
        check(&text, &annotate(&text));
    }
}

#[wasm_bindgen_test]
fn odd_inputs_do_not_trap_and_the_next_text_still_annotates() {
    let odd = [
        String::new(),
        " ".into(),
        "\u{FFFD}".into(),
        "\0\u{1}\u{2}".into(),
        "“".repeat(20_000),
        "\"".repeat(20_001),
        "'".repeat(5_000),
        "«»„“”‘’‹›".repeat(2_000),
        "A".repeat(100_000),
        "Mr. ".repeat(20_000),
        "e\u{301}".repeat(20_000),
        "\u{202E}\u{2066}\u{2069}".repeat(1_000),
        "🇵🇱".repeat(5_000),
        "<script>alert(1)</script></textarea></mark>".into(),
    ];
    for text in &odd {
        check(text, &annotate(text));
    }
    let ann = annotate(ARTICLE);
    check(ARTICLE, &ann);
    assert_eq!(
        ann.mentions,
        annotate(ARTICLE).mentions,
        "deterministic after odd inputs"
    );
    assert!(!ann.mentions.is_empty());
}
