//! Encodes the built-in lexicons (`data/lexicon/*`, plain text) into the
//! compact blob that `src/lexicon.rs` embeds: see `src/lexicon/compact.rs`.

#[path = "src/lexicon/compact.rs"]
#[allow(dead_code)]
mod compact;

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=data/lexicon");
    println!("cargo:rerun-if-changed=src/lexicon/compact.rs");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"))
        .join("data/lexicon");
    let files: Vec<(&str, String)> = compact::FILES
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(dir.join(f))
                .unwrap_or_else(|e| panic!("data/lexicon/{f}: {e}"));
            (f, text)
        })
        .collect();
    let read = |name: &str| -> &str {
        files
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("data/lexicon/{name}: not read"))
    };
    let blob = compact::encode(&compact::split(&read))
        .unwrap_or_else(|e| panic!("data/lexicon: cannot encode {e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("lexicon.bin");
    std::fs::write(&out, blob).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
