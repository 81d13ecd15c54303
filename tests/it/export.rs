//! Export formats: every format the CLI writes is read back by a real
//! consumer (tests/consumers/*.py: Python's json, csv and html.parser, PyLD
//! for the W3C JSON-LD, spaCy's displaCy) and every position round-trips to
//! the exact text. The same checks also run natively in Rust, so the test
//! means something where Python or a package is missing; it then says which
//! consumer it skipped. With `REQUIRE_CONSUMERS=1` (CI, after
//! `pip install -r scripts/test-requirements.txt`) a missing consumer fails.
//! `PYTHON` picks the interpreter (default `python3`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use article_annotator::export::{self, FORMATS};
use article_annotator::offsets::Unit;
use serde_json::Value;

/// Astral chars, combining marks, CRLF, a tab, HTML and CSV metacharacters,
/// a quote that a spreadsheet would run as a formula, a multi-part quote.
const TRICKY: &str = "“We will win,” said Foreign Minister Wang Yi in Beijing. Zoë Ünal 😀 met Antony Blinken, \
who said: “=HYPERLINK(\"http://x\",\"click\")”.\r\n\r\n\
Adaeze Okonkwo toured the Lekki Deep Sea Port on Monday. “It is ready,” Mrs. Okonkwo told reporters, \
“and, frankly, <script>alert(1)</script> & overdue.”\n\n\
The 🇳🇬 delegation\tfrom Lagos paid $3.5 million (12%) to Siemens AG.\n";

fn cases() -> Vec<(&'static str, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles");
    let mut out = vec![("tricky", TRICKY.to_string())];
    for name in ["council-vote", "harbour-deal"] {
        out.push((
            name,
            std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("article fixture"),
        ));
    }
    out
}

fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_article-annotator"))
        .args(args)
        .output()
        .expect("run the CLI");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aa-export-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn slice(text: &[char], v: &Value) -> String {
    let (s, e) = (
        v["start"].as_u64().expect("start") as usize,
        v["end"].as_u64().expect("end") as usize,
    );
    assert!(s <= e && e <= text.len(), "{v}");
    text[s..e].iter().collect()
}

/// A strict RFC 4180 reader, for the native check only.
fn read_csv(s: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut it = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = it.next() {
        match (quoted, c) {
            (true, '"') if it.peek() == Some(&'"') => {
                it.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if it.peek() == Some(&'\n') => {
                it.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => {
                assert!(
                    c != '"' && c != '\n' && c != '\r',
                    "bare {c:?} in an unquoted CSV field"
                );
                field.push(c);
            }
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "CSV does not end with CRLF"
    );
    rows
}

/// Native checks of one format, against the product's JSON.
fn check_native(format: &str, text: &str, out: &str, result: &Value) {
    let t = chars(text);
    let mentions = result["mentions"].as_array().expect("mentions");
    let quotes = result["quotes"].as_array().expect("quotes");
    match format {
        "json" => {
            for m in mentions {
                assert_eq!(slice(&t, m), m["text"].as_str().unwrap(), "{m}");
            }
        }
        "w3c" => {
            let v: Value = serde_json::from_str(out).expect("W3C output is JSON");
            assert_eq!(v["@context"], "http://www.w3.org/ns/anno.jsonld");
            let items = v["first"]["items"].as_array().expect("items");
            assert_eq!(items.len(), mentions.len() + quotes.len());
            for a in items {
                let targets = match &a["target"] {
                    Value::Array(ts) => ts.clone(),
                    t => vec![t.clone()],
                };
                for target in targets {
                    let sel = target["selector"].as_array().expect("selectors");
                    let exact = sel
                        .iter()
                        .find(|s| s["type"] == "TextQuoteSelector")
                        .expect("quote selector");
                    let pos = sel
                        .iter()
                        .find(|s| s["type"] == "TextPositionSelector")
                        .expect("position selector");
                    assert_eq!(slice(&t, pos), exact["exact"].as_str().unwrap());
                    for side in ["prefix", "suffix"] {
                        assert!(exact[side].as_str().map_or(0, |s| s.chars().count()) <= 32);
                    }
                }
            }
        }
        "displacy" => {
            let v: Value = serde_json::from_str(out).expect("displaCy output is JSON");
            assert_eq!(v["text"], text);
            assert!(v["title"].is_null());
            let ents = v["ents"].as_array().expect("ents");
            assert_eq!(ents.len(), mentions.len());
            for (e, m) in ents.iter().zip(mentions) {
                assert_eq!(slice(&t, e), m["text"].as_str().unwrap());
                assert_eq!(e["label"], m["type"]);
            }
        }
        "csv" => {
            let rows = read_csv(out);
            assert_eq!(rows[0], ["id", "name", "type", "mentions", "forms"]);
            assert_eq!(rows.len() - 1, result["entities"].as_array().unwrap().len());
            for (row, e) in rows[1..].iter().zip(result["entities"].as_array().unwrap()) {
                assert_eq!(
                    row[3].parse::<usize>().unwrap(),
                    e["mentions"].as_array().unwrap().len()
                );
            }
        }
        "csv-quotes" => {
            let rows = read_csv(out);
            assert_eq!(rows[0], ["speaker", "quote", "kind", "cue", "start", "end"]);
            assert_eq!(rows.len() - 1, quotes.len());
            for (row, q) in rows[1..].iter().zip(quotes) {
                assert_eq!(
                    (
                        row[4].parse::<u64>().unwrap(),
                        row[5].parse::<u64>().unwrap()
                    ),
                    (q["start"].as_u64().unwrap(), q["end"].as_u64().unwrap())
                );
                for f in &row[..4] {
                    assert!(
                        !f.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "unguarded field {f:?}"
                    );
                }
            }
        }
        "html" => {
            assert!(!out.contains("<script"), "a script tag in the HTML export");
            assert_eq!(out.matches("<article>").count(), 1);
        }
        _ => unreachable!("{format}"),
    }
}

fn python() -> Option<String> {
    let py = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&py)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(py)
}

fn require_consumers() -> bool {
    std::env::var("REQUIRE_CONSUMERS").is_ok_and(|v| v == "1")
}

/// Runs a consumer script; returns its "consumer: ..." line.
fn consumer(py: &str, script: &str, args: &[&Path]) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/consumers");
    let out = Command::new(py)
        .arg(dir.join(script))
        .args(args)
        .current_dir(&dir)
        .output()
        .expect("run python");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{script} {args:?} failed:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .rfind(|l| l.starts_with("consumer: "))
        .unwrap_or("consumer: ?")
        .to_string();
    if line.contains("consumer: none") {
        eprintln!("{script}: {line}");
        assert!(
            !require_consumers(),
            "REQUIRE_CONSUMERS=1 but {script} says {line}"
        );
    }
    line
}

#[test]
fn every_format_round_trips_through_a_consumer() {
    let py = python();
    if py.is_none() {
        eprintln!("python3 not found: running the native checks only");
        assert!(
            !require_consumers(),
            "REQUIRE_CONSUMERS=1 but python3 is missing"
        );
    }
    let mut used = std::collections::BTreeSet::new();
    for (name, text) in cases() {
        let dir = scratch(name);
        let text_path = dir.join("input.txt");
        std::fs::File::create(&text_path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .expect("write input");
        let tp = text_path.to_str().unwrap();
        let json_out = cli(&["--format", "json", tp]);
        let result: Value = serde_json::from_str(&json_out).expect("JSON output");
        assert!(
            !result["mentions"].as_array().unwrap().is_empty(),
            "{name}: no mentions to check"
        );
        let json_path = dir.join("result.json");
        std::fs::write(&json_path, &json_out).unwrap();
        for format in ["json", "w3c", "displacy", "csv", "csv-quotes", "html"] {
            let out = cli(&["--format", format, tp]);
            check_native(format, &text, &out, &result);
            let out_path = dir.join(format!("out.{format}"));
            std::fs::write(&out_path, &out).unwrap();
            let Some(py) = &py else { continue };
            let line = match format {
                "json" => consumer(py, "json_consumer.py", &[&text_path, &out_path]),
                "w3c" => consumer(py, "w3c_consumer.py", &[&text_path, &out_path, &json_path]),
                "displacy" => consumer(
                    py,
                    "displacy_consumer.py",
                    &[&text_path, &out_path, &json_path],
                ),
                "csv" => consumer(
                    py,
                    "csv_consumer.py",
                    &[&text_path, Path::new("entities"), &out_path, &json_path],
                ),
                "csv-quotes" => consumer(
                    py,
                    "csv_consumer.py",
                    &[&text_path, Path::new("quotes"), &out_path, &json_path],
                ),
                "html" => consumer(py, "html_consumer.py", &[&text_path, &out_path, &json_path]),
                _ => unreachable!(),
            };
            used.insert(line);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    eprintln!("consumers used: {used:?}");
}

/// `render` as the wasm API calls it: offsets in UTF-16 units, except W3C,
/// which always counts code points.
#[test]
fn render_units_and_names() {
    let text = TRICKY;
    let ann = article_annotator::annotate(text);
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let slice16 = |v: &Value| {
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        String::from_utf16(&utf16[s..e]).unwrap()
    };
    let json: Value =
        serde_json::from_str(&export::render("json", text, &ann, Unit::Utf16).unwrap()).unwrap();
    assert_eq!(json["unit"], "utf16");
    for m in json["mentions"].as_array().unwrap() {
        assert_eq!(slice16(m), m["text"].as_str().unwrap());
    }
    let dis: Value =
        serde_json::from_str(&export::render("displacy", text, &ann, Unit::Utf16).unwrap())
            .unwrap();
    for (e, m) in dis["ents"].as_array().unwrap().iter().zip(&ann.mentions) {
        assert_eq!(slice16(e), &text[m.span.range()]);
    }
    // The emoji before most mentions makes the two units differ.
    assert_ne!(
        export::render("displacy", text, &ann, Unit::Utf16),
        export::render("displacy", text, &ann, Unit::Scalar)
    );
    assert_eq!(
        export::render("w3c", text, &ann, Unit::Utf16),
        export::render("w3c", text, &ann, Unit::Scalar)
    );
    assert_eq!(
        export::render("csv", text, &ann, Unit::Utf16),
        export::render("csv-entities", text, &ann, Unit::Utf16)
    );
    for f in FORMATS {
        assert!(
            export::render(f, text, &ann, Unit::Utf16).is_some_and(|s| !s.is_empty()),
            "{f}"
        );
    }
    for f in ["yaml", "", "JSON", "csv-entity"] {
        assert_eq!(export::render(f, text, &ann, Unit::Utf16), None, "{f}");
    }
}

/// Empty input: every format still renders a valid, empty document.
#[test]
fn empty_input() {
    let ann = article_annotator::annotate("");
    for f in ["json", "w3c", "displacy"] {
        let v: Value =
            serde_json::from_str(&export::render(f, "", &ann, Unit::Scalar).unwrap()).unwrap();
        assert!(v.is_object(), "{f}");
    }
    assert_eq!(
        export::render("csv", "", &ann, Unit::Scalar).unwrap(),
        "id,name,type,mentions,forms\r\n"
    );
    assert_eq!(
        export::render("csv-quotes", "", &ann, Unit::Scalar).unwrap(),
        "speaker,quote,kind,cue,start,end\r\n"
    );
}

#[test]
fn unknown_cli_format_names_the_known_ones() {
    let out = Command::new(env!("CARGO_BIN_EXE_article-annotator"))
        .args(["--format", "yaml", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown format \"yaml\"") && err.contains("w3c, displacy"),
        "{err}"
    );
}
