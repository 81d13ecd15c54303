//! `train-tagger`: trains the entity tagger, scores it on the dev sets, and
//! writes predictions for `score.py`.
//!
//! ```text
//! cargo run --release --bin train-tagger -- [--out data/model/tagger.bin]   # train, print dev F1 per epoch
//! cargo run --release --bin train-tagger -- --check                         # retrain, compare bytes with --out
//! cargo run --release --bin train-tagger -- --predict FILE [--model PATH]   # tagger-only predictions (JSONL)
//! ```
//!
//! The data come from `$SHARED_DIR/data/ner/` (default `../shared` next to
//! the repository root): `gum_train.jsonl`, `wikigold.jsonl` (minus the
//! held-out fifth, see [`held_out`]) and `re3d_open.jsonl`. Dev: `gum_dev.jsonl`,
//! `uner_ewt_dev.jsonl` and the held-out wikigold documents.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use article_annotator::internals::{
    builtin_lexicon, lexicon_fingerprint, segment, train, Gold, GoldSpan, TaggerModel, TrainConfig,
    TrainDoc,
};
use article_annotator::offsets::{OffsetMap, Unit};
use article_annotator::Label;
use serde_json::{json, Value};

const USAGE: &str = "\
usage: train-tagger [OPTIONS]                 train on the open NER data, print dev F1 per epoch
       train-tagger --check [OPTIONS]         retrain and compare with the --out file byte for byte
       train-tagger --predict FILE [--model PATH]   tag FILE (JSONL with id, text) with the tagger alone
       train-tagger --speed FILE [--model PATH]     time segment() and tag() on the texts of FILE

options (defaults are the shipped model's):
  --out PATH        where to write the model (data/model/tagger.bin)
  --model PATH      model for --predict (data/model/tagger.bin)
  --data DIR        the NER data ($SHARED_DIR/data/ner, SHARED_DIR defaults to ../shared)
  --epochs N        16
  --bits B          hash table of 2^B rows (18)
  --seed S          shuffle seed
  --min-count N     ignore features seen fewer than N times (3)
  --prune Q         drop quantised weights below Q in magnitude (10)
  --clip Q          quantile of weight magnitudes mapped to 127 (1.0)
  --margin M        cost-augmented training: tags gold rules out score M more (4)
  --ensemble N      average N perceptrons trained on different shuffles (10)
  --bias P,O,L,N,E  added to the transitions into B-PERSON, B-ORG, ... (0,-40,0,0,0)
  --lowercase-copies F  add this fraction of docs again with names in lower case (0)
  --train FILES     training files in the data dir (gum_train.jsonl,wikigold.jsonl,re3d_open.jsonl)
  --no-dev          skip the per-epoch dev scores
";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn default_data_dir() -> PathBuf {
    let shared = std::env::var_os("SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"));
    shared.join("data/ner")
}

struct Args {
    out: PathBuf,
    model: PathBuf,
    data: PathBuf,
    check: bool,
    predict: Option<PathBuf>,
    speed: Option<PathBuf>,
    dev: bool,
    sources: Vec<String>,
    cfg: TrainConfig,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        out: repo_root().join("data/model/tagger.bin"),
        model: repo_root().join("data/model/tagger.bin"),
        data: default_data_dir(),
        check: false,
        predict: None,
        speed: None,
        dev: true,
        sources: ["gum_train.jsonl", "wikigold.jsonl", "re3d_open.jsonl"]
            .map(String::from)
            .to_vec(),
        cfg: TrainConfig::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut val = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            "--out" => a.out = val("--out")?.into(),
            "--model" => a.model = val("--model")?.into(),
            "--data" => a.data = val("--data")?.into(),
            "--check" => a.check = true,
            "--predict" => a.predict = Some(val("--predict")?.into()),
            "--speed" => a.speed = Some(val("--speed")?.into()),
            "--no-dev" => a.dev = false,
            "--train" => a.sources = val("--train")?.split(',').map(String::from).collect(),
            "--epochs" => a.cfg.epochs = num(&val("--epochs")?)?,
            "--bits" => a.cfg.bits = num(&val("--bits")?)?,
            "--seed" => a.cfg.seed = num(&val("--seed")?)?,
            "--margin" => a.cfg.margin = num(&val("--margin")?)?,
            "--min-count" => a.cfg.min_count = num(&val("--min-count")?)?,
            "--prune" => a.cfg.prune = num(&val("--prune")?)?,
            "--clip" => a.cfg.clip_quantile = num(&val("--clip")?)?,
            "--ensemble" => a.cfg.ensemble = num(&val("--ensemble")?)?,
            "--bias" => {
                let v = val("--bias")?;
                for (b, x) in a.cfg.bias.iter_mut().zip(v.split(',')) {
                    *b = num(x)?;
                }
            }
            "--lowercase-copies" => a.cfg.lowercase_copies = num(&val("--lowercase-copies")?)?,
            _ => return Err(format!("unexpected argument {arg}")),
        }
    }
    Ok(a)
}

fn num<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("not a number: {s}"))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("train-tagger: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("train-tagger: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(mut args: Args) -> Result<ExitCode, String> {
    if let Some(file) = &args.predict {
        let bytes =
            std::fs::read(&args.model).map_err(|e| format!("{}: {e}", args.model.display()))?;
        let model = TaggerModel::from_bytes(&bytes).ok_or("the model fails the header check")?;
        let docs = read_jsonl(file)?;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        for d in &docs {
            let text = d["text"].as_str().unwrap_or("");
            let line = json!({"id": d["id"], "text": text, "entities": predict(&model, text)});
            use std::io::Write;
            writeln!(out, "{line}").map_err(|e| e.to_string())?;
        }
        return Ok(ExitCode::SUCCESS);
    }

    if let Some(file) = &args.speed {
        let bytes =
            std::fs::read(&args.model).map_err(|e| format!("{}: {e}", args.model.display()))?;
        let model = TaggerModel::from_bytes(&bytes).ok_or("the model fails the header check")?;
        speed(&model, &read_jsonl(file)?);
        return Ok(ExitCode::SUCCESS);
    }
    args.cfg.lexicon_fingerprint = lexicon_fingerprint(&lexicon_files()?);
    let train_docs = load_training(&args.data, &args.sources)?;
    let dev = if args.dev && !args.check {
        load_dev(&args.data)?
    } else {
        Vec::new()
    };
    eprintln!(
        "training on {} docs ({} bytes); config {:?}",
        train_docs.len(),
        train_docs.iter().map(|d| d.text.len()).sum::<usize>(),
        args.cfg
    );
    let t0 = Instant::now();
    let lex = builtin_lexicon();
    let (bytes, stats) = train(&train_docs, &args.cfg, lex, &mut |run, epoch, bytes| {
        let mut line = if epoch == 0 {
            format!("ensemble of {run}  {:>6.1}s", t0.elapsed().as_secs_f64())
        } else {
            format!(
                "run {run} epoch {epoch:>2}  {:>6.1}s",
                t0.elapsed().as_secs_f64()
            )
        };
        if let Some(model) = TaggerModel::from_bytes(bytes) {
            for set in &dev {
                let s = set.score(&model);
                line += &format!("  {} F1 {:.3}", set.name, s.f1());
            }
        }
        eprintln!("{line}");
    });
    eprintln!(
        "{} docs, {} sentences, {} tokens; gold entities: {} aligned, {} misaligned (trained as unknown), {} dropped",
        stats.docs, stats.sentences, stats.tokens, stats.aligned, stats.misaligned, stats.dropped
    );
    eprintln!(
        "gold name tokens without a capital letter nearby (never tagged): {}",
        stats.inactive_tokens
    );
    eprintln!(
        "sentences with errors per epoch: {:?}",
        stats.errors_per_epoch
    );
    eprintln!(
        "model: {} rows, {} non-zero weights, {} bytes",
        stats.rows,
        stats.weights,
        bytes.len()
    );

    if args.check {
        let old = std::fs::read(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
        if old == bytes {
            eprintln!(
                "check: {} is byte-identical to a fresh training run",
                args.out.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "check: {} differs from a fresh training run (retrain and commit it)",
            args.out.display()
        );
        return Ok(ExitCode::from(1));
    }
    if let Some(model) = TaggerModel::from_bytes(&bytes) {
        for set in &dev {
            set.score(&model).print(&set.name);
        }
    }
    std::fs::write(&args.out, &bytes).map_err(|e| format!("{}: {e}", args.out.display()))?;
    eprintln!("wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// The lexicon files, sorted by name, as the fingerprint sees them.
fn lexicon_files() -> Result<Vec<(String, Vec<u8>)>, String> {
    let dir = repo_root().join("data/lexicon");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        files.push((
            name,
            std::fs::read(entry.path()).map_err(|e| e.to_string())?,
        ));
    }
    files.sort();
    Ok(files)
}

fn read_jsonl(path: &Path) -> Result<Vec<Value>, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    src.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("{}: {e}", path.display())))
        .collect()
}

/// wikigold has no official split: every fifth document (by number in its id,
/// `wikigold-005`, `-010`, ...) is held out for evaluation and never trained on.
fn held_out(id: &str) -> bool {
    id.strip_prefix("wikigold-")
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| n % 5 == 0)
}

/// Code-point offsets → byte offsets.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

fn span_bytes(cp: &[usize], e: &Value) -> Option<(usize, usize)> {
    let s = *cp.get(e["start"].as_u64()? as usize)?;
    let t = *cp.get(e["end"].as_u64()? as usize)?;
    Some((s, t))
}

/// How a source's gold types become training regions.
fn gold_of(source: &str, ty: &str) -> Option<Gold> {
    use Label::*;
    let entity = |l| Some(Gold::Entity(l));
    match (source, ty) {
        (_, "PERSON") => entity(Person),
        (_, "ORG") => entity(Org),
        (_, "LOC" | "GPE" | "FAC") => entity(Loc),
        (_, "NORP") => entity(Norp),
        (_, "EVENT") => entity(Event),
        // CoNLL MISC holds nationalities and events among other things.
        ("wikigold", "MISC") => Some(Gold::Unknown(vec![Norp, Event])),
        ("re3d", "MISC") => Some(Gold::Unknown(vec![Person, Org, Loc, Norp, Event])),
        // GUM's MISC (named objects and abstractions) and the value types are O.
        _ => None,
    }
}

fn unannotated(source: &str) -> Vec<Label> {
    match source {
        // GUM tags only plural NORP nouns ("Afghans"), never adjectives.
        "gum" => vec![Label::Norp],
        "re3d" => vec![Label::Event],
        "wikigold" => vec![],
        _ => vec![Label::Norp, Label::Event],
    }
}

fn load_training(dir: &Path, files: &[String]) -> Result<Vec<TrainDoc>, String> {
    let mut out = Vec::new();
    for file in files {
        if !matches!(
            file.as_str(),
            "gum_train.jsonl" | "wikigold.jsonl" | "re3d_open.jsonl"
        ) {
            return Err(format!(
                "{file}: not a training file (only gum_train, wikigold and re3d_open are)"
            ));
        }
        for d in read_jsonl(&dir.join(file))? {
            let id = d["id"].as_str().unwrap_or("");
            if held_out(id) {
                continue;
            }
            let source = d["source"].as_str().unwrap_or("");
            let text = d["text"].as_str().unwrap_or("").to_string();
            let cp = byte_offsets(&text);
            let mut spans = Vec::new();
            for e in d["entities"].as_array().into_iter().flatten() {
                let Some(gold) = gold_of(source, e["type"].as_str().unwrap_or("")) else {
                    continue;
                };
                let Some((start, end)) = span_bytes(&cp, e) else {
                    continue;
                };
                spans.push(GoldSpan { start, end, gold });
            }
            for e in d["unlabelled_spans"].as_array().into_iter().flatten() {
                let Some((start, end)) = span_bytes(&cp, e) else {
                    continue;
                };
                use Label::*;
                spans.push(GoldSpan {
                    start,
                    end,
                    gold: Gold::Unknown(vec![Person, Org, Loc, Norp, Event]),
                });
            }
            out.push(TrainDoc {
                text,
                spans,
                unannotated: unannotated(source),
            });
        }
    }
    Ok(out)
}

/// A gold or predicted span: byte offsets and scored type.
type ByteSpan = (usize, usize, &'static str);

/// A dev set: docs with gold byte spans of the scored types.
struct DevSet {
    name: String,
    docs: Vec<(String, Vec<ByteSpan>)>,
}

fn scored_type(ty: &str) -> Option<&'static str> {
    match ty {
        "PERSON" | "PER" => Some("PERSON"),
        "ORG" => Some("ORG"),
        "LOC" | "GPE" | "FAC" => Some("LOC"),
        _ => None,
    }
}

fn load_dev(dir: &Path) -> Result<Vec<DevSet>, String> {
    let mut sets = Vec::new();
    for (name, file) in [
        ("gum_dev", "gum_dev.jsonl"),
        ("uner_dev", "uner_ewt_dev.jsonl"),
        ("wikigold_ho", "wikigold.jsonl"),
    ] {
        let mut set = DevSet {
            name: name.into(),
            docs: Vec::new(),
        };
        for d in read_jsonl(&dir.join(file))? {
            if name == "wikigold_ho" && !held_out(d["id"].as_str().unwrap_or("")) {
                continue;
            }
            let text = d["text"].as_str().unwrap_or("").to_string();
            let cp = byte_offsets(&text);
            let gold = d["entities"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| {
                    let ty = scored_type(e["type"].as_str()?)?;
                    let (s, t) = span_bytes(&cp, e)?;
                    Some((s, t, ty))
                })
                .collect();
            set.docs.push((text, gold));
        }
        sets.push(set);
    }
    Ok(sets)
}

/// Strict span counts per type.
#[derive(Default)]
struct Score {
    per_type: BTreeMap<&'static str, (usize, usize, usize)>,
}

impl Score {
    fn add(&mut self, ty: &'static str, tp: usize, fp: usize, fn_: usize) {
        let e = self.per_type.entry(ty).or_default();
        e.0 += tp;
        e.1 += fp;
        e.2 += fn_;
    }
    fn prf((tp, fp, fn_): (usize, usize, usize)) -> (f64, f64, f64) {
        let p = if tp + fp > 0 {
            tp as f64 / (tp + fp) as f64
        } else {
            0.0
        };
        let r = if tp + fn_ > 0 {
            tp as f64 / (tp + fn_) as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
    fn total(&self) -> (usize, usize, usize) {
        self.per_type
            .values()
            .fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    }
    fn f1(&self) -> f64 {
        Self::prf(self.total()).2
    }
    fn print(&self, name: &str) {
        eprintln!("{name} (strict, PERSON/ORG/LOC, tagger alone):");
        for (ty, &c) in self
            .per_type
            .iter()
            .map(|(k, v)| (*k, v))
            .chain([("ALL", &self.total())])
        {
            let (p, r, f) = Self::prf(c);
            eprintln!(
                "  {ty:<7} P {:.3}  R {:.3}  F1 {:.3}   (tp {} fp {} fn {})",
                p, r, f, c.0, c.1, c.2
            );
        }
    }
}

impl DevSet {
    fn score(&self, model: &TaggerModel) -> Score {
        let lex = builtin_lexicon();
        let mut score = Score::default();
        for (text, gold) in &self.docs {
            let doc = segment(text);
            let pred: Vec<ByteSpan> = model
                .tag(&doc, lex)
                .into_iter()
                .filter_map(|s| {
                    let ty = scored_type(s.label.as_str())?;
                    let a = doc.tokens.get(s.tokens.start)?.span.start;
                    let b = doc.tokens.get(s.tokens.end.checked_sub(1)?)?.span.end;
                    Some((a, b, ty))
                })
                .collect();
            for ty in ["PERSON", "ORG", "LOC"] {
                let g: Vec<_> = gold.iter().filter(|x| x.2 == ty).collect();
                let p: Vec<_> = pred.iter().filter(|x| x.2 == ty).collect();
                let tp = p.iter().filter(|x| g.contains(x)).count();
                score.add(ty, tp, p.len() - tp, g.len() - tp);
            }
        }
        score
    }
}

/// The tagger's spans of `text` in score.py's format (code-point offsets).
fn predict(model: &TaggerModel, text: &str) -> Vec<Value> {
    let doc = segment(text);
    let map = OffsetMap::new(text, Unit::Scalar);
    model
        .tag(&doc, builtin_lexicon())
        .into_iter()
        .filter_map(|s| {
            let a = doc.tokens.get(s.tokens.start)?.span.start;
            let b = doc.tokens.get(s.tokens.end.checked_sub(1)?)?.span.end;
            Some(json!({
                "start": map.convert(a),
                "end": map.convert(b),
                "type": s.label.as_str(),
                "text": &text[a..b],
                "confidence": s.confidence,
            }))
        })
        .collect()
}

/// Seconds this thread has run on a CPU (Linux; wall time elsewhere), so
/// that timings hold up on a busy machine.
fn cpu_seconds(wall: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(|| wall.elapsed().as_secs_f64(), |ns| ns / 1e9)
}

/// Times `segment` and `tag` over the texts (each for ~2 s of CPU time).
fn speed(model: &TaggerModel, docs: &[Value]) {
    let texts: Vec<&str> = docs.iter().filter_map(|d| d["text"].as_str()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let lex = builtin_lexicon();
    let segmented: Vec<_> = texts.iter().map(|t| segment(t)).collect();
    if let Some(rounds) = std::env::var("TAGGER_SPEED_ROUNDS")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
    {
        // For `perf stat`: exactly this many rounds of tag() alone.
        let spans: usize = (0..rounds)
            .map(|_| {
                segmented
                    .iter()
                    .map(|d| model.tag(d, lex).len())
                    .sum::<usize>()
            })
            .sum();
        eprintln!("{rounds} rounds of tag() over {bytes} bytes: {spans} spans");
        return;
    }
    let wall = Instant::now();
    let time = |f: &mut dyn FnMut() -> usize| {
        let t0 = cpu_seconds(wall);
        let mut rounds = 0;
        let mut sink = 0;
        while cpu_seconds(wall) - t0 < 2.0 {
            sink += f();
            rounds += 1;
        }
        let mbs = (bytes * rounds) as f64 / (cpu_seconds(wall) - t0) / 1e6;
        (mbs, sink)
    };
    let (seg, _) = time(&mut || texts.iter().map(|t| segment(t).tokens.len()).sum());
    let (tag, n) = time(&mut || segmented.iter().map(|d| model.tag(d, lex).len()).sum());
    let all = 1.0 / (1.0 / seg + 1.0 / tag);
    eprintln!(
        "{} texts, {} bytes, CPU time: segment {seg:.1} MB/s, tag {tag:.1} MB/s, segment+tag {all:.1} MB/s ({n} spans in all rounds)",
        texts.len(),
        bytes
    );
}
