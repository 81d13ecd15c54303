//! Annotation speed: news articles (MB/s, time per article) and
//! pathological inputs at two sizes (time must grow linearly).
//!
//! `cargo bench --bench annotate`. Divan prints bytes/s per case; compare
//! each pathological case at n and 2n: the ratio should stay near 2.

use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

const ARTICLES: &[&str] = &[
    include_str!("../tests/data/articles/harbour-deal.txt"),
    include_str!("../tests/data/articles/council-vote.txt"),
];

/// Ten original, varied news articles (`benches/data/`, about 28 KB): the
/// honest measure, since nothing repeats across them (per-document caches
/// do not flatter it the way the repeated 1 MB text does).
const VARIED: &[&str] = &[
    include_str!("data/rail-strike.txt"),
    include_str!("data/water-tariffs.txt"),
    include_str!("data/chip-plant.txt"),
    include_str!("data/flood-relief.txt"),
    include_str!("data/election-poll.txt"),
    include_str!("data/museum-return.txt"),
    include_str!("data/football-transfer.txt"),
    include_str!("data/central-bank.txt"),
    include_str!("data/court-ruling.txt"),
    include_str!("data/heatwave-india.txt"),
];

/// Each varied article annotated once per iteration, as separate calls.
/// Time per article = the reported time / 10.
#[divan::bench]
fn varied_news(bencher: Bencher) {
    varied(bencher, &article_annotator::Options::default());
}

/// The varied articles with rules and lexicons only (`Options::no_model`).
#[divan::bench]
fn varied_news_rules_only(bencher: Bencher) {
    let options = article_annotator::Options {
        no_model: true,
        ..Default::default()
    };
    varied(bencher, &options);
}

fn varied(bencher: Bencher, options: &article_annotator::Options) {
    // Decode the lexicons and the model outside the measurement.
    divan::black_box(article_annotator::annotate_with(VARIED[0], options));
    let bytes: usize = VARIED.iter().map(|a| a.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for a in VARIED {
            divan::black_box(article_annotator::annotate_with(
                divan::black_box(a),
                options,
            ));
        }
    });
}

/// All test articles, one after another as separate calls.
#[divan::bench]
fn news_articles(bencher: Bencher) {
    let bytes: usize = ARTICLES.iter().map(|a| a.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for a in ARTICLES {
            divan::black_box(article_annotator::annotate(divan::black_box(a)));
        }
    });
}

/// One ~3 KB article (the first test article padded with the second).
#[divan::bench]
fn one_3kb_article(bencher: Bencher) {
    let text = article_3kb_text();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| article_annotator::annotate(divan::black_box(&text)));
}

/// About 3 KB of news: the first test article padded with the second.
fn article_3kb_text() -> String {
    ARTICLES.concat().chars().take(3000).collect()
}

/// About 1 MB of news prose: the test articles repeated.
fn news_1mb_text() -> String {
    let mut text = String::new();
    while text.len() < 1_000_000 {
        for a in ARTICLES {
            text.push_str(a);
            text.push_str("\n\n");
        }
    }
    text
}

/// About 1 MB of news prose (the articles repeated).
#[divan::bench]
fn news_1mb(bencher: Bencher) {
    let text = news_1mb_text();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| article_annotator::annotate(divan::black_box(&text)));
}

/// The same 1 MB with rules and lexicons only (`Options::no_model`).
#[divan::bench]
fn news_1mb_rules_only(bencher: Bencher) {
    let text = news_1mb_text();
    let options = article_annotator::Options {
        no_model: true,
        ..Default::default()
    };
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| article_annotator::annotate_with(divan::black_box(&text), &options));
}

/// One ~3 KB article, rules and lexicons only.
#[divan::bench]
fn one_3kb_article_rules_only(bencher: Bencher) {
    let text = article_3kb_text();
    let options = article_annotator::Options {
        no_model: true,
        ..Default::default()
    };
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| article_annotator::annotate_with(divan::black_box(&text), &options));
}

fn pathological(kind: &str, n: usize) -> String {
    match kind {
        "open_quotes" => "“".repeat(n),
        "nested_quotes" => "“‘".repeat(n / 2) + &"’”".repeat(n / 2),
        "capitalised_words" => "Alpha ".repeat(n),
        "no_space" => "a".repeat(n * 20),
        "one_line" => "He said the deal, worth $5 billion, was done; ".repeat(n),
        "repeated_mentions" => {
            "Antony Blinken met Blinken and Mr. Blinken in the U.S., the US and America. "
                .repeat(n / 8)
        }
        _ => String::new(),
    }
}

#[divan::bench(
    args = ["open_quotes", "nested_quotes", "capitalised_words", "no_space", "one_line", "repeated_mentions"],
    consts = [25_000, 50_000],
    sample_count = 10,
)]
fn linear<const N: usize>(bencher: Bencher, kind: &str) {
    let text = pathological(kind, N);
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| article_annotator::annotate(divan::black_box(&text)));
}
