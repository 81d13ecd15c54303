//! The CLI: report, formats, batch JSON Lines, errors and invalid UTF-8.

use crate::run_cli as run;

#[test]
fn batch_offsets_are_scalar_values_and_bad_lines_are_reported() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"Zoë said Antony Blinken met Xi Jinping in Beijing.\"}\n",
        "not json\n",
        "{\"id\": \"b\"}\n",
        "{\"id\": 7, \"text\": \"\"}\n",
    );
    let out = run(&["batch"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("line 2") && stderr.contains("line 3"),
        "{stderr}"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[1]["id"], 7);
    let text: Vec<char> = lines[0]["text"].as_str().unwrap().chars().collect();
    let ents = lines[0]["entities"].as_array().unwrap();
    assert!(!ents.is_empty());
    for e in ents {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text[s..t].iter().collect::<String>(),
            e["text"].as_str().unwrap()
        );
        assert!(e["entity"].is_u64() && e["name"].is_string() && e["type"].is_string());
    }
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning() {
    let out = run(
        &["--format", "json"],
        b"Antony Blinken \xff\xfe visited Beijing.",
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["unit"], "codepoint");
}

#[test]
fn report_and_html() {
    let text = "“We will,” said Foreign Minister Wang Yi, “win.” <script>alert(1)</script>";
    let out = run(&[], text.as_bytes());
    assert!(out.status.success());
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("PERSON") && report.contains("Wang Yi"),
        "{report}"
    );
    let out = run(&["--format", "html"], text.as_bytes());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn unknown_options_fail_clearly() {
    let out = run(&["--nope"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown option --nope"));
    let out = run(&["--format", "yaml"], b"x");
    assert!(!out.status.success());
}
