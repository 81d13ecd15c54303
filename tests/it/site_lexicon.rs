//! Site lexicons: the format, its error messages, and priority over the
//! built-in lexicons and model.

use std::process::Command;

use article_annotator::site_lexicon::{MAX_BYTES, MAX_ENTRIES};
use article_annotator::{annotate, annotate_with, Label, Options, SiteLexicon};

/// `(source, line, field, a fragment of the message)`.
fn check_errors(cases: &[(&str, usize, &str, &str)]) {
    for &(src, line, field, fragment) in cases {
        let src_head = &src[..src.len().min(200)];
        let Err(err) = SiteLexicon::parse(src) else {
            panic!("accepted: {src_head}")
        };
        let src = src_head;
        assert_eq!(
            (err.line, err.field.as_str()),
            (line, field),
            "{src}\n{err}"
        );
        assert!(
            err.message.contains(fragment),
            "{src}\nmessage {:?} lacks {fragment:?}",
            err.message
        );
        assert!(
            err.to_string().starts_with(&format!("line {line}: ")),
            "{err}"
        );
    }
}

#[test]
fn malformed_lexicons_name_the_line_and_field() {
    check_errors(&[
        ("", 1, "", "invalid JSON"),
        ("{\"version\": 1,\n \"entries\": [\n  {\"name\": \"A\",}\n]}", 3, "", "invalid JSON"),
        ("\"names\"", 1, "", "expected an object"),
        ("{\"version\": 2, \"entries\": []}", 1, "version", "unsupported version 2"),
        ("{\"version\": 1}", 1, "entries", "missing field"),
        ("{\"version\": 1, \"entries\": {}}", 1, "entries", "must be an array"),
        ("{\"version\": 1, \"entrys\": []}", 1, "entrys", "unknown field"),
        (
            "{\"version\": 1, \"entries\": [\n  {\"name\": \"Ada Obi\", \"type\": \"PERSON\"},\n  {\"name\": \"Lekki\", \"type\": \"LOC\"},\n  {\"name\": \"Eko\",\n   \"type\": \"PLACE\"}\n]}",
            5,
            "entries[2].type",
            "unknown type \"PLACE\"",
        ),
        ("[\n{\"name\": \"Ada\", \"type\": \"DATE\"}]", 2, "[0].type", "expected one of PERSON"),
        ("[\n{\"name\": \"Ada\", \"type\": 3}]", 2, "[0].type", "must be a string"),
        ("[{\"type\": \"ORG\"}]", 1, "[0].name", "missing field"),
        ("[{\"name\": \"Ada\"}]", 1, "[0].type", "missing field"),
        ("[{\"name\": \"  \", \"type\": \"ORG\"}]", 1, "[0].name", "must not be empty"),
        ("[{\"name\": \"--\", \"type\": \"ORG\"}]", 1, "[0].name", "letter or digit"),
        ("[{\"name\": null, \"type\": \"ORG\"}]", 1, "[0].name", "must be a string"),
        ("[\"Ada Obi\"]", 1, "[0]", "must be an object"),
        ("[{\"name\": \"Ada\", \"type\": \"PERSON\", \"alias\": [\"A\"]}]", 1, "[0].alias", "unknown field"),
        ("[{\"name\": \"Ada\", \"type\": \"PERSON\", \"aliases\": \"Obi\"}]", 1, "[0].aliases", "array of strings"),
        (
            "[{\"name\": \"Ada\", \"type\": \"PERSON\",\n  \"aliases\": [\"Obi\",\n    \"\"]}]",
            3,
            "[0].aliases[1]",
            "must not be empty",
        ),
        ("[{\"name\": \"Ada\", \"type\": \"PERSON\", \"aliases\": [\"Obi\", 7]}]", 1, "[0].aliases[1]", "must be a string"),
    ]);
    let long = format!(
        "[{{\"name\": \"{}\", \"type\": \"ORG\"}}]",
        "word ".repeat(40)
    );
    check_errors(&[(&long, 1, "[0].name", "the limit is 32")]);
    let many = format!(
        "[{}]",
        vec!["{\"name\":\"A\",\"type\":\"ORG\"}"; MAX_ENTRIES + 1].join(",")
    );
    check_errors(&[(&many, 1, "", "the limit is 50000")]);
    let huge = format!("[{}]", " ".repeat(MAX_BYTES));
    check_errors(&[(&huge, 1, "", "8 MiB")]);
}

#[test]
fn both_forms_comments_and_a_byte_order_mark_are_accepted() {
    let object = "\u{feff}{\"version\": 1, \"$schema\": \"x\", \"entries\": [{\"name\": \"Ada Obi\", \"type\": \"person\", \"_note\": \"desk\", \"aliases\": null}]}";
    let array = "[{\"name\": \"Ada Obi\", \"type\": \"PERSON\", \"aliases\": []}]";
    for src in [
        object,
        array,
        "{\"entries\": [{\"name\": \"Ada Obi\", \"type\": \"Person\"}]}",
    ] {
        let lex = SiteLexicon::parse(src).unwrap();
        assert_eq!(lex.len(), 1);
        assert_eq!(
            (lex.entries()[0].name.as_str(), lex.entries()[0].label),
            ("Ada Obi", Label::Person)
        );
    }
    assert!(SiteLexicon::parse("[]").unwrap().is_empty());
}

fn mentions(text: &str, site: Option<&str>) -> Vec<(String, &'static str)> {
    let options = Options {
        site_lexicon: site.map(|s| SiteLexicon::parse(s).unwrap()),
        ..Options::default()
    };
    let ann = annotate_with(text, &options);
    ann.mentions
        .iter()
        .map(|m| (text[m.span.range()].to_string(), m.label.as_str()))
        .collect()
}

fn has(ms: &[(String, &str)], text: &str, label: &str) -> bool {
    ms.iter().any(|(t, l)| t == text && *l == label)
}

/// Each name is typed differently by the built-ins without the site
/// lexicon (checked first, so the test shows the site lexicon changed it).
#[test]
fn site_names_win_over_the_built_ins() {
    let text =
        "Jordan said the deal was done. The Kestrel Lantern drew 40 people near Eko Atlantic. \
                Work at the Lekki Deep Sea Port resumed.";
    let site = r#"{"version": 1, "entries": [
        {"name": "Michael Jordan", "type": "PERSON", "aliases": ["Jordan"]},
        {"name": "Kestrel Lantern", "type": "EVENT"},
        {"name": "Eko Atlantic", "type": "LOC"},
        {"name": "Lekki Deep Sea Port", "type": "ORG"}
    ]}"#;
    let before = mentions(text, None);
    let after = mentions(text, Some(site));
    for (name, label) in [
        ("Jordan", "PERSON"),
        ("Kestrel Lantern", "EVENT"),
        ("Eko Atlantic", "LOC"),
        ("Lekki Deep Sea Port", "ORG"),
    ] {
        assert!(
            !has(&before, name, label),
            "the built-ins already give {name} {label}: pick another example\n{before:?}"
        );
        assert!(
            has(&after, name, label),
            "{name} should be {label} with the site lexicon\n{after:?}"
        );
    }
}

#[test]
fn every_alias_is_a_mention_of_the_entry_type() {
    let text =
        "Adaeze Okonkwo opened the port. Mrs. Okonkwo said it was late. Okonkwo’s office agreed.";
    let site =
        r#"[{"name": "Adaeze Okonkwo", "type": "PERSON", "aliases": ["Okonkwo", "Mrs. Okonkwo"]}]"#;
    let ms = mentions(text, Some(site));
    for form in ["Adaeze Okonkwo", "Mrs. Okonkwo", "Okonkwo"] {
        assert!(has(&ms, form, "PERSON"), "{form}: {ms:?}");
    }
    // Site lexicons are case-sensitive and whole-token: here they match
    // nothing, so the result is the built-ins' alone.
    let text = "OKONKWO and Okonkwo-Bello met.";
    assert_eq!(mentions(text, Some(site)), mentions(text, None));
}

/// The alias clustering should put all of an entry's names under its
/// canonical name; this needs `aliases.rs` to call `SiteLexicon::canonical`.
#[test]
fn aliases_join_the_entry_cluster_under_its_name() {
    let text = "The Lagos Port Authority met on Monday. Officials of the LPA later said the NPA would pay.";
    let site = r#"[{"name": "Lagos Port Authority", "type": "ORG", "aliases": ["LPA", "NPA"]}]"#;
    let options = Options {
        site_lexicon: Some(SiteLexicon::parse(site).unwrap()),
        ..Options::default()
    };
    let ann = annotate_with(text, &options);
    let ids: Vec<usize> = ann
        .mentions
        .iter()
        .filter(|m| ["Lagos Port Authority", "LPA", "NPA"].contains(&&text[m.span.range()]))
        .map(|m| m.entity)
        .collect();
    assert_eq!(ids.len(), 3, "{:?}", ann.mentions);
    assert!(ids.iter().all(|&e| e == ids[0]), "{ids:?}");
    assert_eq!(ann.entities[ids[0]].name, "Lagos Port Authority");
    assert_eq!(ann.entities[ids[0]].label, Label::Org);
}

#[test]
fn no_site_lexicon_changes_nothing() {
    let text = "Antony Blinken met Xi Jinping in Beijing.";
    let empty = Options {
        site_lexicon: Some(SiteLexicon::parse("[]").unwrap()),
        ..Options::default()
    };
    assert_eq!(annotate(text), annotate_with(text, &empty));
}

#[test]
fn cli_reports_the_file_line_and_field() {
    let dir = std::env::temp_dir().join(format!("aa-site-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad-site.json");
    std::fs::write(&bad, "{\"version\": 1, \"entries\": [\n  {\"name\": \"Eko Atlantic\",\n   \"type\": \"PLACE\"}\n]}\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_article-annotator"))
        .args([
            "--lexicon",
            bad.to_str().unwrap(),
            "--format",
            "json",
            "/dev/null",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad-site.json") && err.contains("line 3") && err.contains("entries[0].type"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    let good = dir.join("site.json");
    std::fs::write(&good, r#"[{"name": "Kestrel Lantern", "type": "ORG"}]"#).unwrap();
    let text = dir.join("in.txt");
    std::fs::write(&text, "Kestrel Lantern hired 40 people.").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_article-annotator"))
        .args([
            "--lexicon",
            good.to_str().unwrap(),
            "--format",
            "json",
            text.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["mentions"][0]["text"], "Kestrel Lantern");
    assert_eq!(v["mentions"][0]["type"], "ORG");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every prefix of a valid lexicon either parses or names a line that
/// exists; nothing panics.
#[test]
fn truncated_lexicons_fail_cleanly() {
    let src = "{\"version\": 1, \"entries\": [\n  {\"name\": \"Adaeze Okonkwo\", \"type\": \"PERSON\",\n   \"aliases\": [\"Okonkwo\", \"Mrs. Okonkwo\"]},\n  {\"name\": \"Lekki Deep Sea Port\", \"type\": \"LOC\", \"_note\": \"Zoë’s 😀 desk\"}\n]}\n";
    for (end, _) in src.char_indices() {
        let head = &src[..end];
        if let Err(e) = SiteLexicon::parse(head) {
            assert!(
                e.line >= 1 && e.line <= head.split('\n').count(),
                "{head:?}: {e}"
            );
        }
    }
    assert_eq!(SiteLexicon::parse(src).unwrap().len(), 2);
}

/// A lexicon at the entry limit parses and matches in reasonable time.
#[test]
fn a_full_size_lexicon_is_usable() {
    let entries: Vec<String> = (0..MAX_ENTRIES)
        .map(|k| format!("{{\"name\": \"Person{k} Surname{k}\", \"type\": \"PERSON\", \"aliases\": [\"Surname{k}\"]}}"))
        .collect();
    let src = format!("[{}]", entries.join(",\n"));
    assert!(src.len() < MAX_BYTES);
    let lex = SiteLexicon::parse(&src).unwrap();
    assert_eq!(lex.len(), MAX_ENTRIES);
    let text = "Person7 Surname7 met Surname49999 and Surname123x.";
    let ms = mentions_with(text, lex);
    assert_eq!(
        ms,
        vec![
            ("Person7 Surname7".to_string(), "PERSON"),
            ("Surname49999".to_string(), "PERSON")
        ],
    );
}

fn mentions_with(text: &str, lex: SiteLexicon) -> Vec<(String, &'static str)> {
    let ann = annotate_with(
        text,
        &Options {
            site_lexicon: Some(lex),
            ..Options::default()
        },
    );
    ann.mentions
        .iter()
        .map(|m| (text[m.span.range()].to_string(), m.label.as_str()))
        .collect()
}
