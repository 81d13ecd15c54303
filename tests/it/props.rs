//! Property tests over arbitrary Unicode: the invariants every result keeps.

use article_annotator::offsets::{OffsetMap, Unit};
use article_annotator::{annotate, Annotation};
use proptest::prelude::*;

/// Checks every invariant of one result; shared with the hostile-input tests.
pub fn check_invariants(text: &str, ann: &Annotation) {
    let on_boundary = |b: usize| b <= text.len() && text.is_char_boundary(b);
    let mut prev_end = 0;
    for m in &ann.mentions {
        assert!(m.span.start < m.span.end, "empty mention {:?}", m.span);
        assert!(
            on_boundary(m.span.start) && on_boundary(m.span.end),
            "mention off a char boundary"
        );
        assert!(m.span.start >= prev_end, "mentions overlap or are unsorted");
        prev_end = m.span.end;
        assert!(m.entity < ann.entities.len());
        assert!(ann.entities[m.entity]
            .mentions
            .iter()
            .any(|&i| std::ptr::eq(&ann.mentions[i], m)));
        if let Some(p) = m.title_of {
            assert!(p < ann.mentions.len());
        }
    }
    for (id, e) in ann.entities.iter().enumerate() {
        assert_eq!(e.id, id);
        assert!(!e.mentions.is_empty());
    }
    let mut prev_start = 0;
    for q in &ann.quotes {
        assert!(!q.parts.is_empty());
        for p in &q.parts {
            assert!(
                p.start <= p.end && on_boundary(p.start) && on_boundary(p.end),
                "quote part off a boundary"
            );
        }
        assert!(q.span().start >= prev_start, "quotes unsorted");
        prev_start = q.span().start;
        if let Some(s) = q.speaker {
            assert!(s < ann.entities.len());
        }
        for s in [q.speaker_span, q.cue].into_iter().flatten() {
            assert!(s.start <= s.end && on_boundary(s.start) && on_boundary(s.end));
        }
    }
    // Converted offsets slice to the same text.
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let u16map = OffsetMap::new(text, Unit::Utf16);
    let cpmap = OffsetMap::new(text, Unit::Scalar);
    let chars: Vec<char> = text.chars().collect();
    for m in &ann.mentions {
        let want = &text[m.span.range()];
        let (a, b) = (u16map.convert(m.span.start), u16map.convert(m.span.end));
        assert_eq!(String::from_utf16(&utf16[a..b]).unwrap(), want);
        let (a, b) = (cpmap.convert(m.span.start), cpmap.convert(m.span.end));
        assert_eq!(chars[a..b].iter().collect::<String>(), want);
    }
}

fn check(text: &str) {
    let ann = annotate(text);
    check_invariants(text, &ann);
    assert_eq!(ann, annotate(text), "not deterministic");
}

/// Text built from pieces that exercise the annotator: names, titles,
/// quote marks of every style, apostrophes, punctuation, odd chars.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Antony Blinken".to_string()),
        Just("Mr. ".to_string()),
        Just("Foreign Minister ".to_string()),
        Just("the U.S.".to_string()),
        Just(" said".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("’".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("„".to_string()),
        Just("$5 billion".to_string()),
        Just("June 5, 2023".to_string()),
        Just("(WHO)".to_string()),
        Just("World Health Organization".to_string()),
        Just("e\u{301}".to_string()),
        Just("👩‍👩‍👧".to_string()),
        Just("\u{200F}".to_string()),
        Just("\r\n".to_string()),
        "[A-Z][a-z]{1,8}",
        "[a-z]{1,8}",
        "\\PC{1,4}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode(text in "\\PC*") {
        check(&text);
    }

    #[test]
    fn any_chars(text in prop::collection::vec(any::<char>(), 0..200).prop_map(|v| v.into_iter().collect::<String>())) {
        check(&text);
    }

    #[test]
    fn news_like(text in newsish()) {
        check(&text);
    }
}
