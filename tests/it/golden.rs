//! Golden files: whole articles written for these tests, annotated and
//! rendered as a readable dump, compared with `tests/data/articles/*.expected`.
//!
//! `UPDATE_EXPECT=1 cargo test --test it golden` rewrites the expected files;
//! review the diff as an editor would before committing it.

use std::fmt::Write as _;
use std::path::Path;

use article_annotator::{annotate, Annotation};

fn render(text: &str, ann: &Annotation) -> String {
    let mut w = String::new();
    writeln!(w, "# entities").unwrap();
    for e in &ann.entities {
        let forms: Vec<&str> = e
            .mentions
            .iter()
            .map(|&m| &text[ann.mentions[m].span.range()])
            .collect();
        writeln!(
            w,
            "{:<8} {} = {}",
            e.label.as_str(),
            e.name,
            forms.join(" | ")
        )
        .unwrap();
    }
    writeln!(w, "\n# titles").unwrap();
    for m in ann.mentions.iter().filter(|m| m.title_of.is_some()) {
        let p = &ann.mentions[m.title_of.unwrap()];
        writeln!(w, "{} -> {}", &text[m.span.range()], &text[p.span.range()]).unwrap();
    }
    writeln!(w, "\n# quotes").unwrap();
    for q in &ann.quotes {
        let parts: Vec<&str> = q.parts.iter().map(|p| &text[p.range()]).collect();
        writeln!(
            w,
            "{:<8} {} <- {} ({})",
            q.kind.as_str(),
            parts.join(" | "),
            q.speaker_name(ann).unwrap_or("-"),
            q.cue.map(|c| &text[c.range()]).unwrap_or("-")
        )
        .unwrap();
    }
    w
}

fn check(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let ann = annotate(&text);
    crate::props::check_invariants(&text, &ann);
    let got = render(&text, &ann);
    let expect_path = path.with_extension("expected");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expect_path, &got).unwrap();
        return;
    }
    let expect = std::fs::read_to_string(&expect_path).unwrap_or_default();
    assert!(
        got == expect,
        "golden mismatch for {}; run with UPDATE_EXPECT=1 and review the diff:\n{got}",
        path.display()
    );
}

#[test]
fn articles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 2);
    for p in paths {
        check(&p);
    }
}
