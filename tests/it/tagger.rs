//! The learned tagger: the model file's header check, reproducible training,
//! and well-formed spans on any input.

use article_annotator::internals::{
    builtin_lexicon, lexicon_fingerprint, segment, tagger_model, train, Gold, GoldSpan,
    TaggerModel, TrainConfig, TrainDoc,
};
use article_annotator::Label;

fn model_file() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/model/tagger.bin"
    ))
    .expect("data/model/tagger.bin")
}

#[test]
fn embedded_model_loads() {
    assert!(
        tagger_model().is_some(),
        "the embedded model fails its header check"
    );
    assert!(TaggerModel::from_bytes(&model_file()).is_some());
}

/// The model was trained with the lexicon files in the tree; if this fails,
/// the lists changed since: retrain (`cargo run --release --bin train-tagger`).
#[test]
fn model_matches_lexicon() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/lexicon");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    let model = TaggerModel::from_bytes(&model_file()).unwrap();
    assert_eq!(
        model.lexicon_fingerprint(),
        lexicon_fingerprint(&files),
        "data/model/tagger.bin was trained on other lexicon files: retrain it"
    );
}

/// Corruptions of a valid file, each of which the loader must refuse. With
/// `reseal`, the checksum is recomputed afterwards, so that the field check
/// itself (not the checksum) has to catch it.
type Corruption = (&'static str, bool, fn(&mut Vec<u8>));

const CORRUPTIONS: &[Corruption] = &[
    ("empty", false, |b| b.clear()),
    ("magic", true, |b| b[0] ^= 0x20),
    ("format version", true, |b| b[4] = b[4].wrapping_add(1)),
    ("features version", true, |b| b[6] = b[6].wrapping_add(1)),
    ("hash bits", true, |b| b[8] = 40),
    ("label count", true, |b| b[9] = 4),
    ("label set", true, |b| b[11] = b'X'),
    ("one weight byte", false, |b| {
        let k = b.len() / 2;
        b[k] ^= 0x01
    }),
    ("truncated", false, |b| b.truncate(b.len() - 100)),
    ("truncated, resealed", true, |b| b.truncate(b.len() - 104)),
    ("header only", false, |b| b.truncate(40)),
    ("trailing byte", false, |b| b.push(0)),
    ("trailing byte, resealed", true, |b| {
        b.insert(b.len() - 4, 0)
    }),
    ("checksum", false, |b| {
        let k = b.len() - 1;
        b[k] ^= 0x80
    }),
];

/// Recomputes the trailing FNV-1a checksum (see src/tagger/format.rs).
fn reseal(b: &mut [u8]) {
    if b.len() < 4 {
        return;
    }
    let body = b.len() - 4;
    let mut h: u32 = 0x811c_9dc5;
    for &x in &b[..body] {
        h ^= x as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    b[body..].copy_from_slice(&h.to_le_bytes());
}

#[test]
fn header_check_rejects_corrupted_bytes() {
    let good = model_file();
    let mut resealed = good.clone();
    reseal(&mut resealed);
    assert_eq!(
        resealed, good,
        "the test's checksum differs from the format's"
    );
    let mut accepted = Vec::new();
    for (name, reseal_after, corrupt) in CORRUPTIONS {
        let mut bytes = good.clone();
        corrupt(&mut bytes);
        if *reseal_after {
            reseal(&mut bytes);
        }
        if TaggerModel::from_bytes(&bytes).is_some() {
            accepted.push(*name);
        }
    }
    assert!(
        accepted.is_empty(),
        "corrupted model files accepted: {accepted:?}"
    );
}

/// A few hand-written training docs with the gold in byte offsets.
fn tiny_corpus() -> Vec<TrainDoc> {
    let docs: &[(&str, &[(&str, Label)])] = &[
        (
            "Angela Merkel met Emmanuel Macron in Paris on Monday.",
            &[
                ("Angela Merkel", Label::Person),
                ("Emmanuel Macron", Label::Person),
                ("Paris", Label::Loc),
            ],
        ),
        (
            "The United Nations said aid reached Syria.",
            &[("United Nations", Label::Org), ("Syria", Label::Loc)],
        ),
        (
            "Google hired Maria Lopez from Microsoft last year.",
            &[
                ("Google", Label::Org),
                ("Maria Lopez", Label::Person),
                ("Microsoft", Label::Org),
            ],
        ),
        (
            "Officials in Berlin and London welcomed the deal.",
            &[("Berlin", Label::Loc), ("London", Label::Loc)],
        ),
        (
            "John Smith works for the Red Cross in Kenya.",
            &[
                ("John Smith", Label::Person),
                ("Red Cross", Label::Org),
                ("Kenya", Label::Loc),
            ],
        ),
    ];
    docs.iter()
        .map(|(text, ents)| TrainDoc {
            text: text.to_string(),
            spans: ents
                .iter()
                .map(|(name, label)| {
                    let start = text.find(name).unwrap();
                    GoldSpan {
                        start,
                        end: start + name.len(),
                        gold: Gold::Entity(*label),
                    }
                })
                .collect(),
            unannotated: vec![Label::Norp, Label::Event],
        })
        .collect()
}

fn tiny_config() -> TrainConfig {
    TrainConfig {
        bits: 12,
        epochs: 5,
        min_count: 1,
        prune: 1,
        ..TrainConfig::default()
    }
}

#[test]
fn training_is_deterministic() {
    let docs = tiny_corpus();
    let lex = builtin_lexicon();
    let (a, stats) = train(&docs, &tiny_config(), lex, &mut |_, _, _| {});
    let (b, _) = train(&docs, &tiny_config(), lex, &mut |_, _, _| {});
    assert_eq!(stats.aligned, 13);
    assert!(
        a == b,
        "two training runs on the same data gave different bytes"
    );
    // The result loads and has learned its training data.
    let model = TaggerModel::from_bytes(&a).expect("trained model loads");
    let text = &docs[0].text;
    let doc = segment(text);
    let found: Vec<(&str, Label)> = model
        .tag(&doc, lex)
        .iter()
        .map(|s| {
            (
                &text[doc.tokens[s.tokens.start].span.start..doc.tokens[s.tokens.end - 1].span.end],
                s.label,
            )
        })
        .collect();
    assert!(
        found.contains(&("Angela Merkel", Label::Person)),
        "{found:?}"
    );
}

/// Checks the invariants of the tagger's output on one text.
fn check(name: &str, text: &str) {
    let Some(model) = tagger_model() else {
        panic!("no embedded model")
    };
    let doc = segment(text);
    let spans = model.tag(&doc, builtin_lexicon());
    let mut last_end = 0;
    for s in &spans {
        assert!(
            s.tokens.start < s.tokens.end && s.tokens.end <= doc.tokens.len(),
            "{name}: {s:?} out of bounds"
        );
        assert!(
            s.tokens.start >= last_end,
            "{name}: {s:?} overlaps the previous span"
        );
        assert!(
            (s.tokens.start + 1..s.tokens.end).all(|i| !doc.tokens[i].sent_start),
            "{name}: {s:?} crosses a sentence boundary"
        );
        assert!(
            matches!(
                s.label,
                Label::Person | Label::Org | Label::Loc | Label::Norp | Label::Event
            ),
            "{name}: label {:?}",
            s.label
        );
        assert!(
            s.confidence > 0.0 && s.confidence < 1.0,
            "{name}: confidence {}",
            s.confidence
        );
        last_end = s.tokens.end;
    }
}

#[test]
fn odd_inputs() {
    let long_sentence = "Smith and Jones ".repeat(2500);
    let many_sentences = "Mr. Obama visited Kenya. ".repeat(2000);
    let one_long_word = "A".repeat(100_000);
    let cases: &[(&str, &str)] = &[
        ("empty", ""),
        ("spaces", "   \n\n\t "),
        ("one token", "Obama"),
        ("one lower-case token", "obama"),
        ("one punctuation mark", "."),
        ("emoji", "😀 👩‍👩‍👧 🇺🇸 Paris 😀"),
        ("combining marks alone", "\u{301}\u{301} \u{20DD}"),
        ("mixed scripts", "Путин встретился с 習近平 in Beijing."),
        ("right-to-left", "قال الرئيس محمود عباس"),
        ("all caps", "PRESIDENT BIDEN VISITS KYIV"),
        (
            "no caps",
            "i went to paris with john and we saw the eiffel tower",
        ),
        ("CRLF", "Angela Merkel\r\nvisited\r\n\r\nParis."),
        ("10k tokens, one sentence", &long_sentence),
        ("10k tokens, many sentences", &many_sentences),
        ("one 100k-byte word", &one_long_word),
        ("control chars", "\u{0}\u{1}Obama\u{7f}\u{85}Kenya"),
    ];
    for (name, text) in cases {
        check(name, text);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn any_text_gives_well_formed_spans(text in "(?s).{0,300}") {
        check("proptest", &text);
    }

    #[test]
    fn any_words_give_well_formed_spans(words in proptest::collection::vec("[A-Za-z]{1,8}|[.,!?\"“”]|\n", 0..80)) {
        check("proptest words", &words.join(" "));
    }
}
