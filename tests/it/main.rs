//! Integration tests: one binary (see ARCHITECTURE.md), one module per area.

mod cli;
mod entities;
mod export;
mod golden;
mod hostile;
mod offsets;
mod props;
mod quotes;
mod site_lexicon;
// The learned entity tagger: model file, training, output invariants.
mod tagger;

/// Runs the `article-annotator` binary with `args`, feeding `stdin` from
/// another thread so a large input cannot deadlock on a full stdout pipe.
pub fn run_cli(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_article-annotator"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    let mut pipe = child.stdin.take().expect("piped stdin");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("the CLI ends");
    writer.join().expect("the writer ends");
    out
}
