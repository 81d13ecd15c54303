//! Training: a structured averaged perceptron with partial labels.
//!
//! Each training sentence carries, per token, the set of tags its gold
//! annotation allows. A token inside a gold span allows exactly its B or I
//! tag. An O token allows O, plus the tags of every type its source does not
//! annotate (UNER-style sources leave events untagged, so an event there must
//! not be taught as O). Regions a source marks as unlabelled, and gold spans
//! whose edges fall inside a token, allow O or their types.
//!
//! Per sentence the update is the difference between the best path under
//! those constraints (the "gold" path the model likes best) and the best path
//! without them; a prediction that only disagrees on unannotated types costs
//! nothing. Weights are integers and the sentence order comes from a seeded
//! xorshift shuffle, so the same data and config give byte-identical files.

use super::features::Extractor;
use super::format::{encode, Parts};
use super::{segments, type_index, viterbi, Model, Scratch, NTAGS, START, TYPES};
use crate::lexicon::Lexicon;
use crate::segment::segment;
use crate::Label;

/// What a gold region says about its tokens.
#[derive(Clone, Debug, PartialEq)]
pub enum Gold {
    /// A name of this type, exactly these tokens.
    Entity(Label),
    /// Not annotated: O, or a name of one of these types, with free edges
    /// (an empty list: O only).
    Unknown(Vec<Label>),
}

/// A gold region in UTF-8 byte offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
    pub gold: Gold,
}

/// One training document.
#[derive(Clone, Debug)]
pub struct TrainDoc {
    pub text: String,
    /// Non-overlapping, any order.
    pub spans: Vec<GoldSpan>,
    /// Types the source does not annotate: its O tokens may be these.
    pub unannotated: Vec<Label>,
}

/// Training settings; the defaults are the ones the shipped model uses.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// The table has `2^bits` rows.
    pub bits: u32,
    pub epochs: usize,
    pub seed: u64,
    /// Buckets hit fewer times than this in the training data get no weight.
    pub min_count: u32,
    /// Quantised weights with a smaller magnitude are dropped.
    pub prune: i8,
    /// The averaged weight at this quantile of magnitudes maps to 127
    /// (larger ones are clipped).
    pub clip_quantile: f64,
    /// Written into the header; see [`lexicon_fingerprint`].
    pub lexicon_fingerprint: u64,
    /// This fraction of the docs (picked with the seed) is added a second
    /// time with every gold name in lower case, as web text often writes
    /// them ("i live in kerala"), so the model learns to use the lexicon
    /// classes of the title-cased form.
    pub lowercase_copies: f64,
    /// How many perceptrons (one per shuffle) are averaged into the model.
    pub ensemble: usize,
    /// Added to every transition into each type's B tag (in [`TYPES`] order,
    /// quantised units), after training: fewer (negative) or more spans of
    /// that type. The default lowers ORG, the type with the poorest
    /// precision: tuned on the dev sets, -40 raised strict F1 on all three
    /// (tagger alone and annotator), -20 and -60 less.
    pub bias: [i16; TYPES.len()],
    /// Cost-augmented training: while training, every tag the gold
    /// annotation rules out at a token scores this much more (in
    /// perceptron units, one per feature update) in the prediction, so
    /// updates go on until gold wins by a margin that grows with the
    /// number of wrong tags. With 16 epochs, 4 raised the annotator's
    /// strict F1 averaged over ten shuffle seeds on all three dev sets
    /// (gum_dev 74.8 -> 75.2, uner 67.8 -> 68.2, wikigold held-out 66.6 ->
    /// 67.5; see data/model/README.md for the other settings tried).
    pub margin: i32,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            bits: 18,
            epochs: 16,
            seed: 0x5eed_1e55_u64,
            min_count: 3,
            prune: 10,
            clip_quantile: 1.0,
            lexicon_fingerprint: 0,
            lowercase_copies: 0.0,
            ensemble: 10,
            bias: [0, -40, 0, 0, 0],
            margin: 4,
        }
    }
}

/// Counts from training, for the report.
#[derive(Clone, Debug, Default)]
pub struct TrainStats {
    pub docs: usize,
    pub sentences: usize,
    pub tokens: usize,
    /// Gold entities whose edges are token edges.
    pub aligned: usize,
    /// Gold entities whose edges fall inside a token: trained as unknown.
    pub misaligned: usize,
    /// Gold entities covering no token.
    pub dropped: usize,
    /// Gold name tokens that get no features (no capital letter within one
    /// token, see `Extractor::activity`), so the model never tags them.
    pub inactive_tokens: usize,
    /// Non-zero rows and weights of the final table.
    pub rows: usize,
    pub weights: usize,
    /// Sentences per epoch (of the first run) whose prediction differed
    /// from gold.
    pub errors_per_epoch: Vec<usize>,
}

/// A hash of the lexicon files (name and contents, in the given order), so a
/// test can tell when the embedded model was trained on other lists.
pub fn lexicon_fingerprint(files: &[(String, Vec<u8>)]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, data) in files {
        for &b in name
            .as_bytes()
            .iter()
            .chain([0u8].iter())
            .chain(data.iter())
        {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn tag_bit(tag: usize) -> u16 {
    1 << tag
}

fn type_bits(types: &[Label]) -> u16 {
    types
        .iter()
        .filter_map(|&l| type_index(l))
        .fold(1, |m, k| m | tag_bit(1 + 2 * k) | tag_bit(2 + 2 * k))
}

/// The training set as flat arrays.
struct Data {
    feats: Vec<u32>,
    /// Per token: its features are `feats[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    allowed: Vec<u16>,
    sentences: Vec<std::ops::Range<usize>>,
}

fn prepare(docs: &[TrainDoc], lex: &Lexicon, bits: u32, stats: &mut TrainStats) -> Data {
    let mut data = Data {
        feats: Vec::new(),
        starts: Vec::new(),
        allowed: Vec::new(),
        sentences: Vec::new(),
    };
    let mut ex = Extractor::default();
    let (mut feats, mut starts) = (Vec::new(), Vec::new());
    for d in docs {
        let doc = segment(&d.text);
        let n = doc.tokens.len();
        let base = data.allowed.len();
        let mut allowed = vec![type_bits(&d.unannotated); n];
        let mut spans: Vec<&GoldSpan> = d.spans.iter().collect();
        spans.sort_by_key(|s| (s.start, s.end));
        for s in spans {
            let i0 = doc.tokens.partition_point(|t| t.span.end <= s.start);
            let i1 = doc.tokens.partition_point(|t| t.span.start < s.end);
            if i0 >= i1 {
                if matches!(s.gold, Gold::Entity(_)) {
                    stats.dropped += 1;
                }
                continue;
            }
            let exact =
                doc.tokens[i0].span.start == s.start && doc.tokens[i1 - 1].span.end == s.end;
            match (&s.gold, type_index_of(&s.gold)) {
                (Gold::Entity(_), Some(k)) if exact => {
                    stats.aligned += 1;
                    allowed[i0] = tag_bit(1 + 2 * k);
                    for a in &mut allowed[i0 + 1..i1] {
                        *a = tag_bit(2 + 2 * k);
                    }
                }
                (Gold::Entity(l), _) => {
                    stats.misaligned += usize::from(type_index(*l).is_some());
                    let m = type_bits(&[*l]);
                    for a in &mut allowed[i0..i1] {
                        *a |= m;
                    }
                }
                (Gold::Unknown(types), _) => {
                    let m = type_bits(types);
                    for a in &mut allowed[i0..i1] {
                        // Keep exact entity tags of overlapping gold spans.
                        if a.count_ones() != 1 || *a == 1 {
                            *a |= m;
                        }
                    }
                }
            }
        }
        let hints = crate::entities::rule_hints(&doc, lex);
        ex.extract(&doc, lex, &hints, bits, &mut feats, &mut starts);
        let off = data.feats.len() as u32;
        data.feats.extend_from_slice(&feats);
        data.starts.extend(starts[..n].iter().map(|&s| s + off));
        for seg in segments(&doc, ex.active()) {
            // A name cut by the edge of a segment starts with its I tag there;
            // let it start with B instead.
            let first = &mut allowed[seg.start];
            for k in 0..TYPES.len() {
                if *first & tag_bit(2 + 2 * k) != 0 {
                    *first |= tag_bit(1 + 2 * k);
                }
            }
            data.sentences.push(base + seg.start..base + seg.end);
        }
        for (i, a) in ex.active().iter().enumerate() {
            // Gold names on inactive tokens (no capital letter nearby) are lost.
            if !a
                && allowed[i] != type_bits(&d.unannotated)
                && allowed[i].count_ones() == 1
                && allowed[i] != 1
            {
                stats.inactive_tokens += 1;
            }
        }
        data.allowed.extend_from_slice(&allowed);
        stats.docs += 1;
        stats.tokens += n;
    }
    data.starts.push(data.feats.len() as u32);
    stats.sentences = data.sentences.len();
    data
}

fn type_index_of(g: &Gold) -> Option<usize> {
    match g {
        Gold::Entity(l) => type_index(*l),
        Gold::Unknown(_) => None,
    }
}

/// A copy of `d` with the text of its gold names in lower case (ASCII
/// only, so every byte offset stays valid).
fn lowercase_names(d: &TrainDoc) -> TrainDoc {
    let mut bytes = d.text.clone().into_bytes();
    for s in &d.spans {
        if let (Gold::Entity(_), Some(b)) = (&s.gold, bytes.get_mut(s.start..s.end)) {
            b.make_ascii_lowercase();
        }
    }
    TrainDoc {
        text: String::from_utf8(bytes).unwrap_or_else(|_| d.text.clone()),
        ..d.clone()
    }
}

/// Drops features whose bucket is hit fewer than `min` times.
fn prune_rare(data: &mut Data, bits: u32, min: u32) {
    if min <= 1 {
        return;
    }
    let mut count = vec![0u32; 1 << bits];
    for &f in &data.feats {
        count[f as usize] = count[f as usize].saturating_add(1);
    }
    let mut feats = Vec::with_capacity(data.feats.len());
    let mut starts = Vec::with_capacity(data.starts.len());
    for w in data.starts.windows(2) {
        starts.push(feats.len() as u32);
        feats.extend(
            data.feats[w[0] as usize..w[1] as usize]
                .iter()
                .filter(|&&f| count[f as usize] >= min),
        );
    }
    starts.push(feats.len() as u32);
    data.feats = feats;
    data.starts = starts;
}

/// xorshift64*: a small fixed generator, so shuffles never depend on a crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Integer weights plus the sums for averaging (Daumé's trick: the average
/// is `w - u / c`).
struct Weights {
    w: Vec<i32>,
    u: Vec<i64>,
}

impl Weights {
    fn new(n: usize) -> Weights {
        Weights {
            w: vec![0; n],
            u: vec![0; n],
        }
    }
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn add(&mut self, i: usize, d: i32, c: i64) {
        self.w[i] += d;
        self.u[i] += c * d as i64;
    }
    fn averaged(&self, c: i64) -> Vec<f64> {
        self.w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| w as f64 - u as f64 / c as f64)
            .collect()
    }
}

/// Trains the tagger on `docs` and returns the model file's bytes.
///
/// `cfg.ensemble` perceptrons are trained, each on its own shuffle (seeds
/// `seed`, `seed + 1`, ...), and their averaged weights are averaged again:
/// on data this small a single run's dev F1 swings by a few points with the
/// shuffle, and the average of several runs is steadier and a little better.
/// `on_epoch(run, epoch, bytes)` sees each run's model after each epoch, and
/// finally the ensemble as `(cfg.ensemble, 0, bytes)`.
pub fn train(
    docs: &[TrainDoc],
    cfg: &TrainConfig,
    lex: &Lexicon,
    on_epoch: &mut dyn FnMut(usize, usize, &[u8]),
) -> (Vec<u8>, TrainStats) {
    let bits = cfg.bits.clamp(10, 24);
    let mut stats = TrainStats::default();
    let mut rng = Rng(cfg.seed | 1);
    let mut all: Vec<TrainDoc> = docs.to_vec();
    for d in docs {
        if (rng.next() % 1_000_000) as f64 / 1e6 < cfg.lowercase_copies {
            all.push(lowercase_names(d));
        }
    }
    let docs = &all[..];
    let mut data = prepare(docs, lex, bits, &mut stats);
    prune_rare(&mut data, bits, cfg.min_count);
    let runs = cfg.ensemble.max(1);
    let mut sum_em = vec![0f64; (1 << bits) * NTAGS];
    let mut sum_tr = vec![0f64; (NTAGS + 1) * NTAGS];
    let (mut em, mut back, mut pred, mut gold) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        let mut rng = Rng((cfg.seed ^ (run as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1);
        let mut em_w = Weights::new((1 << bits) * NTAGS);
        let mut tr_w = Weights::new((NTAGS + 1) * NTAGS);
        let mut order: Vec<usize> = (0..data.sentences.len()).collect();
        let mut c: i64 = 1;
        for epoch in 1..=cfg.epochs {
            for k in (1..order.len()).rev() {
                order.swap(k, rng.below(k + 1));
            }
            let mut errors = 0;
            for &si in &order {
                let r = data.sentences[si].clone();
                em.clear();
                em.resize(r.len() * NTAGS, 0i32);
                for (k, i) in r.clone().enumerate() {
                    let row = &mut em[k * NTAGS..(k + 1) * NTAGS];
                    for &f in &data.feats[data.starts[i] as usize..data.starts[i + 1] as usize] {
                        let base = f as usize * NTAGS;
                        for (e, &w) in row.iter_mut().zip(&em_w.w[base..base + NTAGS]) {
                            *e += w;
                        }
                    }
                }
                if cfg.margin != 0 {
                    for (row, &a) in em.chunks_exact_mut(NTAGS).zip(&data.allowed[r.clone()]) {
                        for (t, e) in row.iter_mut().enumerate() {
                            if a & tag_bit(t) == 0 {
                                *e += cfg.margin;
                            }
                        }
                    }
                }
                viterbi(&em, &tr_w.w, None, &mut back, &mut pred);
                viterbi(
                    &em,
                    &tr_w.w,
                    Some(&data.allowed[r.clone()]),
                    &mut back,
                    &mut gold,
                );
                if pred != gold {
                    errors += 1;
                    for (k, i) in r.clone().enumerate() {
                        let (g, p) = (gold[k] as usize, pred[k] as usize);
                        let (gp, pp) = if k == 0 {
                            (START, START)
                        } else {
                            (gold[k - 1] as usize, pred[k - 1] as usize)
                        };
                        if g != p {
                            for &f in
                                &data.feats[data.starts[i] as usize..data.starts[i + 1] as usize]
                            {
                                em_w.add(f as usize * NTAGS + g, 1, c);
                                em_w.add(f as usize * NTAGS + p, -1, c);
                            }
                        }
                        if g != p || gp != pp {
                            tr_w.add(gp * NTAGS + g, 1, c);
                            tr_w.add(pp * NTAGS + p, -1, c);
                        }
                    }
                }
                c += 1;
            }
            if run == 0 {
                stats.errors_per_epoch.push(errors);
            }
            let (avg_em, avg_tr) = (em_w.averaged(c), tr_w.averaged(c));
            on_epoch(run, epoch, &encode(&quantise(&avg_em, &avg_tr, bits, cfg)));
            if epoch == cfg.epochs {
                for (s, w) in sum_em.iter_mut().zip(&avg_em) {
                    *s += w;
                }
                for (s, w) in sum_tr.iter_mut().zip(&avg_tr) {
                    *s += w;
                }
            }
        }
    }
    for w in sum_em.iter_mut().chain(sum_tr.iter_mut()) {
        *w /= runs as f64;
    }
    let mut parts = quantise(&sum_em, &sum_tr, bits, cfg);
    for (k, &b) in cfg.bias.iter().enumerate() {
        for row in parts.trans.chunks_exact_mut(NTAGS) {
            row[1 + 2 * k] = row[1 + 2 * k].saturating_add(b);
        }
    }
    parts.margin_scale = calibrate(&parts, docs, lex);
    stats.rows = parts
        .weights
        .chunks(NTAGS)
        .filter(|r| r.iter().any(|&w| w != 0))
        .count();
    stats.weights = parts.weights.iter().filter(|&&w| w != 0).count();
    let bytes = encode(&parts);
    on_epoch(runs, 0, &bytes);
    (bytes, stats)
}

/// Clips, scales to `i8` and prunes averaged weights.
fn quantise(avg: &[f64], avg_tr: &[f64], bits: u32, cfg: &TrainConfig) -> Parts {
    let mut mags: Vec<f64> = avg.iter().map(|w| w.abs()).filter(|&w| w > 0.0).collect();
    let top = if mags.is_empty() {
        1.0
    } else {
        let k = ((mags.len() - 1) as f64 * cfg.clip_quantile.clamp(0.0, 1.0)) as usize;
        let (_, kth, _) = mags.select_nth_unstable_by(k, |a, b| a.total_cmp(b));
        kth.max(1e-9)
    };
    let scale = 127.0 / top;
    let weights = avg
        .iter()
        .map(|&w| {
            let q = (w * scale).round().clamp(-127.0, 127.0) as i8;
            if q.unsigned_abs() < cfg.prune.unsigned_abs() {
                0
            } else {
                q
            }
        })
        .collect();
    let trans = avg_tr
        .iter()
        .map(|&w| (w * scale).round().clamp(-32767.0, 32767.0) as i16)
        .collect();
    Parts {
        bits,
        margin_scale: 1.0,
        lexicon_fingerprint: cfg.lexicon_fingerprint,
        trans,
        weights,
    }
}

/// The margin scale that gives the median training span a confidence of
/// about 0.88 (logistic of 2).
fn calibrate(parts: &Parts, docs: &[TrainDoc], lex: &Lexicon) -> f32 {
    let Some(model) = Model::from_bytes(&encode(parts)) else {
        return 1.0;
    };
    let mut margins = Vec::new();
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for d in docs {
        let doc = segment(&d.text);
        out.clear();
        let hints = crate::entities::rule_hints(&doc, lex);
        model.tag_into(&doc, lex, &hints, &mut scratch, &mut out, &mut |m| {
            margins.push(m)
        });
    }
    margins.retain(|&m| m > 0);
    if margins.is_empty() {
        return 1.0;
    }
    let mid = margins.len() / 2;
    let (_, &mut m, _) = margins.select_nth_unstable(mid);
    2.0 / m as f32
}
