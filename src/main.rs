//! The `article-annotator` command: the core on files and JSON Lines.
//!
//! ```text
//! article-annotator [--format text|json|w3c|displacy|csv|csv-quotes|html] [--lexicon FILE] [--no-model] [FILE]
//! article-annotator batch [--no-model] < in.jsonl > out.jsonl
//! ```

use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

use article_annotator::offsets::{OffsetMap, Unit};
use article_annotator::{
    annotate_with, export, Annotation, Label, Options, SiteLexicon, MAX_INPUT_BYTES,
};
use serde_json::{json, Value};

const USAGE: &str = "\
usage: article-annotator [OPTIONS] [FILE]        annotate FILE (or stdin) and print a report
       article-annotator batch [OPTIONS]         JSON Lines in ({\"id\",\"text\"} per line), JSON Lines out

options:
  --format FORMAT   text (default): a readable report
                    json: the result, offsets in code points (docs/exports.md)
                    w3c: W3C Web Annotation JSON-LD
                    displacy: spaCy displaCy manual format
                    csv (= csv-entities), csv-quotes: tables, RFC 4180
                    html: a standalone annotated page
  --no-model        rules and lexicons only, without the learned tagger
  --lexicon FILE    a site lexicon (JSON) whose names win over the built-in ones
  -h, --help        this help
";

struct Args {
    batch: bool,
    format: String,
    file: Option<String>,
    /// The site lexicon file, read once the arguments are all parsed.
    lexicon: Option<String>,
    options: Options,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        batch: false,
        format: "text".into(),
        file: None,
        lexicon: None,
        options: Options::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            "batch" if !args.batch && args.file.is_none() => args.batch = true,
            "--format" | "-f" => args.format = it.next().ok_or("--format needs a value")?,
            "--no-model" => args.options.no_model = true,
            "--lexicon" => args.lexicon = Some(it.next().ok_or("--lexicon needs a file")?),
            s if s.starts_with("--lexicon=") => {
                args.lexicon = Some(s["--lexicon=".len()..].to_string())
            }
            s if s.starts_with("--format=") => args.format = s["--format=".len()..].to_string(),
            s if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s}")),
            _ if args.file.is_none() => args.file = Some(a),
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    Ok(args)
}

/// Reads and checks a site lexicon; the error names the file, the line and
/// the field ("site.json: line 4: entries[2].type: unknown type ...").
fn load_lexicon(path: &str) -> Result<SiteLexicon, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    SiteLexicon::parse(&src).map_err(|e| format!("{path}: {e}"))
}

fn main() -> ExitCode {
    let mut args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("article-annotator: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(path) = &args.lexicon {
        match load_lexicon(path) {
            Ok(lex) => args.options.site_lexicon = Some(lex),
            Err(e) => {
                eprintln!("article-annotator: site lexicon {e}");
                return ExitCode::from(1);
            }
        }
    }
    let result = if args.batch {
        batch(&args)
    } else {
        single(&args)
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("article-annotator: {e}");
            ExitCode::from(1)
        }
    }
}

fn read_input(file: Option<&str>) -> Result<String, String> {
    let mut bytes = Vec::new();
    match file {
        Some(path) if path != "-" => {
            bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        }
        _ => {
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("stdin: {e}"))?;
        }
    }
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "input is {} bytes; the limit is {MAX_INPUT_BYTES} bytes (16 MiB)",
            bytes.len()
        ));
    }
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "article-annotator: warning: input is not valid UTF-8 (first bad byte at {}); invalid bytes are replaced by U+FFFD",
                e.utf8_error().valid_up_to()
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    })
}

fn single(args: &Args) -> Result<ExitCode, String> {
    let text = read_input(args.file.as_deref())?;
    let ann = annotate_with(&text, &args.options);
    let out = match args.format.as_str() {
        "text" | "report" => report(&text, &ann),
        f => export::render(f, &text, &ann, Unit::Scalar).ok_or_else(|| {
            format!(
                "unknown format {f:?} (expected text, {})",
                export::FORMATS.join(", ")
            )
        })?,
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .map_err(|e| e.to_string())?;
    if !out.ends_with('\n') {
        stdout.write_all(b"\n").map_err(|e| e.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The readable report: entities grouped by type, then the quotes.
fn report(text: &str, ann: &Annotation) -> String {
    use std::fmt::Write as _;
    let mut w = String::new();
    let _ = writeln!(
        w,
        "Entities ({} mentions of {} entities)",
        ann.mentions.len(),
        ann.entities.len()
    );
    for label in Label::ALL {
        let mut ents: Vec<_> = ann.entities.iter().filter(|e| e.label == label).collect();
        if ents.is_empty() {
            continue;
        }
        ents.sort_by(|a, b| {
            b.mentions
                .len()
                .cmp(&a.mentions.len())
                .then(a.id.cmp(&b.id))
        });
        let _ = writeln!(w, "\n  {} ({})", label.as_str(), ents.len());
        for e in ents {
            let mut forms: Vec<&str> = e
                .mentions
                .iter()
                .map(|&m| &text[ann.mentions[m].span.range()])
                .collect();
            forms.dedup();
            let mut seen = std::collections::BTreeSet::new();
            forms.retain(|f| seen.insert(*f));
            let _ = writeln!(
                w,
                "    {:<32} {:>3}×  {}",
                e.name,
                e.mentions.len(),
                forms.join(" · ")
            );
        }
    }
    let _ = writeln!(w, "\nQuotes ({})", ann.quotes.len());
    for (k, q) in ann.quotes.iter().enumerate() {
        let body: Vec<&str> = q.parts.iter().map(|p| &text[p.range()]).collect();
        let speaker = q.speaker_name(ann).unwrap_or("unattributed");
        let cue = q
            .cue
            .map(|c| format!(" ({})", &text[c.range()]))
            .unwrap_or_default();
        let _ = writeln!(w, "\n  {}. [{}] {}{}", k + 1, q.kind.as_str(), speaker, cue);
        let _ = writeln!(w, "     “{}”", body.join(" … "));
    }
    w
}

/// JSON Lines in, JSON Lines out, in the format `shared/eval/score.py` reads.
fn batch(args: &Args) -> Result<ExitCode, String> {
    let stdin = std::io::stdin().lock();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = 0usize;
    for (n, line) in stdin.split(b'\n').enumerate() {
        let line_no = n + 1;
        let bytes = line.map_err(|e| format!("stdin: {e}"))?;
        let line = String::from_utf8_lossy(&bytes);
        if line.trim().is_empty() {
            continue;
        }
        let mut obj: Value = match serde_json::from_str(&line) {
            Ok(Value::Object(o)) => Value::Object(o),
            Ok(_) => {
                eprintln!("article-annotator: line {line_no}: not a JSON object");
                failed += 1;
                continue;
            }
            Err(e) => {
                eprintln!("article-annotator: line {line_no}: invalid JSON: {e}");
                failed += 1;
                continue;
            }
        };
        let Some(text) = obj.get("text").and_then(Value::as_str).map(str::to_owned) else {
            eprintln!("article-annotator: line {line_no}: no \"text\" string field");
            failed += 1;
            continue;
        };
        let ann = annotate_with(&text, &args.options);
        let out = batch_line(&text, &ann);
        let map = obj.as_object_mut().expect("checked above");
        let id = map.get("id").cloned().unwrap_or(Value::Null);
        let mut result = serde_json::Map::new();
        result.insert("id".into(), id);
        result.insert("text".into(), Value::String(text));
        result.insert("entities".into(), out.0);
        result.insert("quotes".into(), out.1);
        serde_json::to_writer(&mut stdout, &Value::Object(result)).map_err(|e| e.to_string())?;
        stdout.write_all(b"\n").map_err(|e| e.to_string())?;
    }
    stdout.flush().map_err(|e| e.to_string())?;
    if failed > 0 {
        eprintln!("article-annotator: {failed} line(s) failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn batch_line(text: &str, ann: &Annotation) -> (Value, Value) {
    let map = OffsetMap::new(text, Unit::Scalar);
    let entities: Vec<Value> = ann
        .mentions
        .iter()
        .map(|m| {
            json!({
                "start": map.convert(m.span.start),
                "end": map.convert(m.span.end),
                "type": m.label.as_str(),
                "text": &text[m.span.range()],
                "entity": m.entity,
                "name": ann.entities.get(m.entity).map(|e| e.name.as_str()),
            })
        })
        .collect();
    let quotes: Vec<Value> = ann
        .quotes
        .iter()
        .map(|q| {
            let s = q.span();
            json!({
                "start": map.convert(s.start),
                "end": map.convert(s.end),
                "text": &text[s.range()],
                "kind": q.kind.as_str(),
                "speaker": q.speaker_name(ann),
                "speaker_start": q.speaker_span.map(|s| map.convert(s.start)),
                "speaker_end": q.speaker_span.map(|s| map.convert(s.end)),
                "cue": q.cue.map(|c| &text[c.range()]),
            })
        })
        .collect();
    (Value::Array(entities), Value::Array(quotes))
}
