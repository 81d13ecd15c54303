//! Names a site supplies (people, organisations, places with aliases).
//!
//! A newsroom knows the names it covers better than any built-in list, so a
//! site lexicon wins over the built-in lexicons and the model: every
//! occurrence of an entry's name or alias becomes a mention of the entry's
//! type, and the alias clustering joins them under the entry's name.
//!
//! The format (docs/exports.md "Site lexicons") is JSON:
//!
//! ```json
//! {"version": 1, "entries": [
//!   {"name": "Adaeze Okonkwo", "type": "PERSON", "aliases": ["Okonkwo", "Mrs. Okonkwo"]},
//!   {"name": "Lekki Deep Sea Port", "type": "LOC"}
//! ]}
//! ```
//!
//! or the bare array of entries. A site author edits these files by hand, so
//! every error names the line and the field (`entries[3].type`), and unknown
//! fields are refused rather than ignored (a misspelt `"alias"` would
//! otherwise silently do nothing). Fields whose name starts with `_` or `$`
//! are comments and are skipped.
//!
//! Matching is by tokens, with the document's own tokenizer: case-sensitive,
//! whole tokens, leftmost-longest, never overlapping, never across a
//! paragraph break. Names are kept in a token trie, so finding them costs
//! at most [`MAX_TOKENS`] steps per document token: linear in the document.

mod json;

use crate::fxhash::FxHashMap as HashMap;
use std::ops::Range;

use crate::segment::{Doc, TokenKind};
use crate::Label;

/// The largest site lexicon accepted, in bytes of JSON (8 MiB: room for
/// [`MAX_ENTRIES`] entries with a few aliases each).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// The most entries a site lexicon may have.
pub const MAX_ENTRIES: usize = 50_000;
/// The most tokens a name or alias may have ("Lekki Deep Sea Port" has 4).
pub const MAX_TOKENS: usize = 32;
/// The most bytes a name or alias may have.
pub const MAX_NAME_BYTES: usize = 256;
/// The version of the format this build reads.
pub const FORMAT_VERSION: u64 = 1;

/// The types a site entry may have: names, not values.
const TYPES: [Label; 6] = [
    Label::Person,
    Label::Org,
    Label::Gpe,
    Label::Loc,
    Label::Norp,
    Label::Event,
];

/// A site's own names; they take priority over the built-in lexicons.
///
/// Build one with [`SiteLexicon::parse`] or [`SiteLexicon::from_entries`];
/// both validate the entries and index them for matching.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteLexicon {
    entries: Vec<SiteEntry>,
    /// Token text → token id, for every token of every name and alias.
    vocab: HashMap<String, u32>,
    /// Trie edges: (node, token id, whitespace before the token) → node.
    /// The root is node 0; the first token's whitespace flag is `false`.
    edges: HashMap<(u32, u32, bool), u32>,
    /// For each node, the entry whose name or alias ends there.
    terminal: Vec<Option<u32>>,
    /// Each name and alias (whitespace collapsed) → its entry.
    surfaces: HashMap<String, u32>,
}

/// One name with its type and aliases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteEntry {
    pub name: String,
    pub label: Label,
    pub aliases: Vec<String>,
}

/// A malformed site lexicon: which line and field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteLexiconError {
    /// 1-based line of the JSON text where the offending value starts.
    pub line: usize,
    /// The path of the field, such as `entries[3].type` (entries count from
    /// 0); empty when the error is about the text as a whole.
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for SiteLexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "line {}: {}: {}", self.line, self.field, self.message)
        }
    }
}

impl std::error::Error for SiteLexiconError {}

/// Where a parse is: the whole source (to turn a value's position into a
/// line) and how entry paths are spelt.
struct Ctx<'s> {
    src: &'s str,
    /// `entries` for the object form, empty for the bare array.
    prefix: &'static str,
}

impl<'s> Ctx<'s> {
    /// The 1-based line on which `raw` (a slice of `src`) starts.
    fn line_of(&self, raw: &str) -> usize {
        let at = (raw.as_ptr() as usize)
            .saturating_sub(self.src.as_ptr() as usize)
            .min(self.src.len());
        line_at(self.src, at)
    }

    fn err(&self, raw: &str, field: String, message: impl Into<String>) -> SiteLexiconError {
        SiteLexiconError {
            line: self.line_of(raw),
            field,
            message: message.into(),
        }
    }

    fn entry_path(&self, k: usize) -> String {
        format!("{}[{k}]", self.prefix)
    }
}

fn line_at(src: &str, byte: usize) -> usize {
    1 + src.as_bytes()[..byte.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn first_char(raw: &str) -> u8 {
    raw.bytes().next().unwrap_or(b' ')
}

/// Checks an object's fields as a map sorted by name would give them (the
/// reader before this one did so, and its errors are kept): of repeated
/// names the last counts, and of several bad fields the one whose name
/// sorts first is reported. Linear in the number of fields.
fn check_fields<'a>(
    fields: &[(String, &'a str)],
    mut check: impl FnMut(&str, &'a str) -> Result<(), SiteLexiconError>,
) -> Result<(), SiteLexiconError> {
    let mut last: HashMap<&str, usize> = HashMap::default();
    for (i, (k, _)) in fields.iter().enumerate() {
        last.insert(k, i);
    }
    let mut first_error: Option<(&str, SiteLexiconError)> = None;
    for (i, (k, v)) in fields.iter().enumerate() {
        if last.get(k.as_str()) != Some(&i) {
            continue;
        }
        if let Err(e) = check(k, v) {
            if first_error.as_ref().map_or(true, |(f, _)| k.as_str() < *f) {
                first_error = Some((k, e));
            }
        }
    }
    first_error.map_or(Ok(()), |(_, e)| Err(e))
}

fn is_comment_key(k: &str) -> bool {
    k.starts_with('_') || k.starts_with('$')
}

impl SiteLexicon {
    /// Parses a site lexicon from its JSON text.
    pub fn parse(src: &str) -> Result<SiteLexicon, SiteLexiconError> {
        if src.len() > MAX_BYTES {
            return Err(SiteLexiconError {
                line: 1,
                field: String::new(),
                message: format!(
                    "the site lexicon is {} bytes; the limit is {MAX_BYTES} bytes (8 MiB)",
                    src.len()
                ),
            });
        }
        // A byte-order mark, as some editors save, is not JSON; skip it.
        let body = src.strip_prefix('\u{feff}').unwrap_or(src);
        let syntax = |e: json::SyntaxError| SiteLexiconError {
            line: e.line.max(1),
            field: String::new(),
            message: format!("invalid JSON: {e}"),
        };
        let top = json::value(body).map_err(syntax)?;
        let mut ctx = Ctx { src, prefix: "" };
        let list = match first_char(top) {
            b'[' => top,
            b'{' => {
                ctx.prefix = "entries";
                let fields = json::members(top).map_err(syntax)?;
                let mut list = None;
                check_fields(&fields, |k, v| {
                    match k {
                        // Version 1 is the JSON number `1` (not `1.0`, `1e0` or "1").
                        "version" => {
                            if v != FORMAT_VERSION.to_string() {
                                return Err(ctx.err(
                                    v,
                                    "version".into(),
                                    format!("unsupported version {v} (this build reads version {FORMAT_VERSION})"),
                                ));
                            }
                        }
                        "entries" => list = Some(v),
                        k if is_comment_key(k) => {}
                        k => {
                            return Err(ctx.err(
                                v,
                                k.to_string(),
                                "unknown field (expected \"version\" and \"entries\")",
                            ))
                        }
                    }
                    Ok(())
                })?;
                list.ok_or_else(|| {
                    ctx.err(top, "entries".into(), "missing field (the list of names)")
                })?
            }
            _ => return Err(ctx.err(
                top,
                String::new(),
                "expected an object {\"version\": 1, \"entries\": [...]} or an array of entries",
            )),
        };
        let list_field = if ctx.prefix.is_empty() {
            String::new()
        } else {
            ctx.prefix.to_string()
        };
        if first_char(list) != b'[' {
            return Err(ctx.err(list, list_field, "must be an array of entries"));
        }
        let raws = json::elements(list).map_err(syntax)?;
        if raws.len() > MAX_ENTRIES {
            return Err(ctx.err(
                list,
                list_field,
                format!("{} entries; the limit is {MAX_ENTRIES}", raws.len()),
            ));
        }
        let mut entries = Vec::with_capacity(raws.len());
        for (k, raw) in raws.iter().enumerate() {
            entries.push(parse_entry(&ctx, k, raw)?);
        }
        let mut lex = SiteLexicon::default();
        let mut seqs = Vec::with_capacity(entries.len());
        for (k, e) in entries.into_iter().enumerate() {
            lex.push(e, &mut seqs)
                .map_err(|(field, message)| SiteLexiconError {
                    line: ctx.line_of(raws[k]),
                    field: format!("{}.{field}", ctx.entry_path(k)),
                    message,
                })?;
        }
        lex.index(&seqs);
        Ok(lex)
    }

    /// Builds a site lexicon from entries made in code; the same checks as
    /// [`SiteLexicon::parse`] (`line` is 0 in an error: there is no text).
    pub fn from_entries(entries: Vec<SiteEntry>) -> Result<SiteLexicon, SiteLexiconError> {
        if entries.len() > MAX_ENTRIES {
            return Err(SiteLexiconError {
                line: 0,
                field: String::new(),
                message: format!("{} entries; the limit is {MAX_ENTRIES}", entries.len()),
            });
        }
        let mut lex = SiteLexicon::default();
        let mut seqs = Vec::with_capacity(entries.len());
        for (k, e) in entries.into_iter().enumerate() {
            if !TYPES.contains(&e.label) {
                return Err(SiteLexiconError {
                    line: 0,
                    field: format!("[{k}].type"),
                    message: type_message(e.label.as_str()),
                });
            }
            lex.push(e, &mut seqs)
                .map_err(|(field, message)| SiteLexiconError {
                    line: 0,
                    field: format!("[{k}].{field}"),
                    message,
                })?;
        }
        lex.index(&seqs);
        Ok(lex)
    }

    /// The entries, in the order given.
    pub fn entries(&self) -> &[SiteEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The canonical name and type of the entry that has `surface` as its
    /// name or one of its aliases (runs of whitespace in `surface` count as
    /// one space), for the alias clustering.
    pub(crate) fn canonical(&self, surface: &str) -> Option<(&str, Label)> {
        let key = collapse_ws(surface);
        let &k = self.surfaces.get(key.as_str())?;
        let e = self.entries.get(k as usize)?;
        Some((e.name.as_str(), e.label))
    }

    /// Validates `e` and adds it; on error, the field (`name`,
    /// `aliases[2]`) and the message. Call [`SiteLexicon::index`] after the
    /// last one.
    fn push(
        &mut self,
        e: SiteEntry,
        seqs: &mut Vec<Vec<Vec<(String, bool)>>>,
    ) -> Result<(), (String, String)> {
        let mut toks = Vec::with_capacity(1 + e.aliases.len());
        toks.push(tokens_of(&e.name).map_err(|m| ("name".to_string(), m))?);
        for (j, a) in e.aliases.iter().enumerate() {
            toks.push(tokens_of(a).map_err(|m| (format!("aliases[{j}]"), m))?);
        }
        seqs.push(toks);
        self.entries.push(e);
        Ok(())
    }

    /// Indexes all names, then all aliases, so that a name always wins over
    /// another entry's alias, and among equals the entry listed first wins.
    fn index(&mut self, seqs: &[Vec<Vec<(String, bool)>>]) {
        let entries = std::mem::take(&mut self.entries);
        for (k, (e, toks)) in entries.iter().zip(seqs).enumerate() {
            if let Some(t) = toks.first() {
                self.insert(t, k as u32);
            }
            self.surfaces
                .entry(collapse_ws(&e.name))
                .or_insert(k as u32);
        }
        for (k, (e, toks)) in entries.iter().zip(seqs).enumerate() {
            for t in toks.iter().skip(1) {
                self.insert(t, k as u32);
            }
            for a in &e.aliases {
                self.surfaces.entry(collapse_ws(a)).or_insert(k as u32);
            }
        }
        self.entries = entries;
    }

    /// Adds a token sequence to the trie; an earlier entry with the same
    /// sequence keeps it (the first entry listed wins).
    fn insert(&mut self, toks: &[(String, bool)], entry: u32) {
        if self.terminal.is_empty() {
            self.terminal.push(None);
        }
        let mut node = 0u32;
        for (i, (t, space)) in toks.iter().enumerate() {
            let next_id = self.vocab.len() as u32;
            let id = *self.vocab.entry(t.clone()).or_insert(next_id);
            let key = (node, id, i > 0 && *space);
            node = match self.edges.get(&key) {
                Some(&n) => n,
                None => {
                    let n = self.terminal.len() as u32;
                    self.terminal.push(None);
                    self.edges.insert(key, n);
                    n
                }
            };
        }
        if let Some(slot) = self.terminal.get_mut(node as usize) {
            slot.get_or_insert(entry);
        }
    }

    /// The ends (exclusive token indices) and entries of every name that
    /// starts at token `i`, shortest first.
    fn matches_at(&self, doc: &Doc, i: usize, out: &mut Vec<(usize, u32)>) {
        out.clear();
        let mut node = 0u32;
        let last = (i + MAX_TOKENS).min(doc.tokens.len());
        for j in i..last {
            let t = &doc.tokens[j];
            if j > i && t.para_start {
                break;
            }
            let Some(&id) = self.vocab.get(doc.tok(j)) else {
                break;
            };
            let Some(&n) = self.edges.get(&(node, id, j > i && t.space_before)) else {
                break;
            };
            node = n;
            if let Some(Some(e)) = self.terminal.get(node as usize) {
                out.push((j + 1, *e));
            }
        }
    }
}

fn type_message(got: &str) -> String {
    format!("unknown type {got:?} (expected one of PERSON, ORG, GPE, LOC, NORP, EVENT)")
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A name's tokens, each with "whitespace before it", as the document's
/// tokenizer splits them; or why the name is unusable.
fn tokens_of(name: &str) -> Result<Vec<(String, bool)>, String> {
    if name.len() > MAX_NAME_BYTES {
        return Err(format!(
            "{} bytes long; the limit is {MAX_NAME_BYTES}",
            name.len()
        ));
    }
    if !name.chars().any(char::is_alphanumeric) {
        return Err(if name.trim().is_empty() {
            "must not be empty".into()
        } else {
            "must contain a letter or digit".into()
        });
    }
    let doc = crate::segment::segment(name);
    if doc.tokens.len() > MAX_TOKENS {
        return Err(format!(
            "{} tokens long; the limit is {MAX_TOKENS}",
            doc.tokens.len()
        ));
    }
    Ok(doc
        .tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (doc.tok(i).to_string(), t.space_before))
        .collect())
}

fn parse_entry(ctx: &Ctx, k: usize, raw: &str) -> Result<SiteEntry, SiteLexiconError> {
    let path = ctx.entry_path(k);
    if first_char(raw) != b'{' {
        return Err(ctx.err(
            raw,
            path,
            "must be an object {\"name\", \"type\", \"aliases\"}",
        ));
    }
    let fields = json::members(raw)
        .map_err(|e| ctx.err(raw, path.clone(), format!("invalid entry: {e}")))?;
    let (mut name, mut name_at, mut label, mut aliases, mut alias_items) =
        (None, raw, None, Vec::new(), Vec::new());
    check_fields(&fields, |key, v| {
        let field = format!("{path}.{key}");
        match key {
            "name" => match json::string(v) {
                Some(s) => (name, name_at) = (Some(s), v),
                None => return Err(ctx.err(v, field, "must be a string")),
            },
            "type" => match json::string(v) {
                Some(s) => match s.trim().parse::<Label>().ok().filter(|l| TYPES.contains(l)) {
                    Some(l) => label = Some(l),
                    None => return Err(ctx.err(v, field, type_message(&s))),
                },
                None => {
                    return Err(ctx.err(
                        v,
                        field,
                        "must be a string: PERSON, ORG, GPE, LOC, NORP or EVENT",
                    ))
                }
            },
            "aliases" => match first_char(v) {
                b'n' => {}
                b'[' => {
                    alias_items =
                        json::elements(v).map_err(|e| ctx.err(v, field.clone(), format!("{e}")))?;
                    for (j, item) in alias_items.iter().enumerate() {
                        match json::string(item) {
                            Some(s) => aliases.push(s),
                            None => {
                                return Err(ctx.err(
                                    item,
                                    format!("{field}[{j}]"),
                                    "must be a string",
                                ))
                            }
                        }
                    }
                }
                _ => return Err(ctx.err(v, field, "must be an array of strings")),
            },
            k if is_comment_key(k) => {}
            _ => {
                return Err(ctx.err(
                    v,
                    field,
                    "unknown field (expected \"name\", \"type\" or \"aliases\")",
                ))
            }
        }
        Ok(())
    })?;
    let name = name.ok_or_else(|| ctx.err(raw, format!("{path}.name"), "missing field"))?;
    let label = label.ok_or_else(|| ctx.err(raw, format!("{path}.type"), "missing field"))?;
    // Name and alias checks (empty, too long) happen when the entry is
    // indexed; report them at the field's own line when we can.
    if let Err(m) = tokens_of(&name) {
        return Err(ctx.err(name_at, format!("{path}.name"), m));
    }
    for (j, (a, item)) in aliases.iter().zip(&alias_items).enumerate() {
        if let Err(m) = tokens_of(a) {
            return Err(ctx.err(item, format!("{path}.aliases[{j}]"), m));
        }
    }
    Ok(SiteEntry {
        name,
        label,
        aliases,
    })
}

/// Token ranges of site lexicon names in `doc`: leftmost-longest, whole
/// tokens, never overlapping, in text order.
pub(crate) fn find(doc: &Doc, site: &SiteLexicon) -> Vec<(Range<usize>, Label)> {
    let mut found = Vec::new();
    if site.is_empty() {
        return found;
    }
    let n = doc.tokens.len();
    let mut ends = Vec::new();
    let mut i = 0;
    while i < n {
        site.matches_at(doc, i, &mut ends);
        let hit = ends
            .iter()
            .rev()
            .find(|&&(end, _)| !glued_before(doc, i) && !glued_after(doc, end));
        match hit.and_then(|&(end, e)| Some((end, site.entries.get(e as usize)?.label))) {
            Some((end, label)) => {
                found.push((i..end, label));
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

fn is_wordish(doc: &Doc, j: usize) -> bool {
    matches!(doc.tokens[j].kind, TokenKind::Word | TokenKind::Number)
}

fn is_hyphen(doc: &Doc, j: usize) -> bool {
    matches!(doc.tok(j), "-" | "\u{2010}" | "\u{2011}")
}

fn is_possessive(doc: &Doc, j: usize) -> bool {
    let t = doc.tok(j);
    t.len() <= 4 && t.ends_with('s') && t.chars().next().is_some_and(|c| c == '\'' || c == '’')
}

/// Token `i` (a match start) continues a word before it: "Smith" in
/// "Okonkwo-Smith" or in a word the tokenizer split.
fn glued_before(doc: &Doc, i: usize) -> bool {
    if i == 0 || doc.tokens[i].space_before {
        return false;
    }
    is_wordish(doc, i - 1)
        || (is_hyphen(doc, i - 1)
            && i >= 2
            && !doc.tokens[i - 1].space_before
            && is_wordish(doc, i - 2))
}

/// The match ending before token `end` continues into a word after it;
/// a possessive "’s" does not count.
fn glued_after(doc: &Doc, end: usize) -> bool {
    let n = doc.tokens.len();
    if end >= n || doc.tokens[end].space_before {
        return false;
    }
    (is_wordish(doc, end) && !is_possessive(doc, end))
        || (is_hyphen(doc, end)
            && end + 1 < n
            && !doc.tokens[end + 1].space_before
            && is_wordish(doc, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(document, expected matches as "text/TYPE")`.
    fn check(site: &str, cases: &[(&str, &[&str])]) {
        let lex = SiteLexicon::parse(site).unwrap();
        for (text, want) in cases {
            let doc = crate::segment::segment(text);
            let got: Vec<String> = find(&doc, &lex)
                .into_iter()
                .map(|(r, l)| {
                    let span = doc.tokens[r.start].span.start..doc.tokens[r.end - 1].span.end;
                    format!("{}/{}", &text[span], l.as_str())
                })
                .collect();
            assert_eq!(&got, want, "in {text:?}");
        }
    }

    #[test]
    fn matching() {
        let site = r#"[
            {"name": "Adaeze Okonkwo", "type": "person", "aliases": ["Okonkwo", "Mrs. Okonkwo"]},
            {"name": "Lekki Deep Sea Port", "type": "LOC", "aliases": ["Lekki Port"]},
            {"name": "Lekki", "type": "GPE"},
            {"name": "U.S.-Nigeria Council", "type": "ORG"}
        ]"#;
        check(
            site,
            &[
                ("Adaeze Okonkwo spoke.", &["Adaeze Okonkwo/PERSON"]),
                (
                    "Mrs. Okonkwo’s office and Okonkwo's car.",
                    &["Mrs. Okonkwo/PERSON", "Okonkwo/PERSON"],
                ),
                (
                    "the Lekki Deep Sea Port in Lekki",
                    &["Lekki Deep Sea Port/LOC", "Lekki/GPE"],
                ),
                // A single line break inside a paragraph (the text has blank lines).
                (
                    "the Lekki Deep Sea\nPort\n\nMore.",
                    &["Lekki Deep Sea\nPort/LOC"],
                ),
                ("Lekki Deep Sea harbour", &["Lekki/GPE"]),
                ("okonkwo and OKONKWO", &[]),
                ("Okonkwo-Smith and Smith-Okonkwo and Okonkwos", &[]),
                (
                    "the U.S.-Nigeria Council met; U.S. - Nigeria Council",
                    &["U.S.-Nigeria Council/ORG"],
                ),
                ("Lekki Deep\n\nSea Port", &["Lekki/GPE"]),
                ("", &[]),
            ],
        );
    }

    /// `(source, Ok(entry names) or Err("line: field: message"))`: details
    /// of the format that tests/it/site_lexicon.rs does not pin down.
    #[test]
    fn format_details() {
        let deep = format!(
            "[{{\"name\": \"A\", \"type\": \"ORG\", \"_n\": {}1{}}}]",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let cases: &[(&str, Result<&[&str], &str>)] = &[
            // Of repeated fields the last counts.
            (r#"[{"name": "A", "type": "ORG", "name": "B"}]"#, Ok(&["B"])),
            (
                r#"[{"name": "\u0041\u00e9\ud83d\ude00", "type": "ORG"}]"#,
                Ok(&["Aé😀"]),
            ),
            (r#"{"version": 1, "_c": "\ud800", "entries": []}"#, Ok(&[])),
            (&deep, Ok(&["A"])),
            // Fields are checked in the order of their names.
            (
                r#"[{"type": "X", "name": 1}]"#,
                Err("line 1: [0].name: must be a string"),
            ),
            (
                r#"[{"type": "X", "alias": 1}]"#,
                Err(
                    "line 1: [0].alias: unknown field (expected \"name\", \"type\" or \"aliases\")",
                ),
            ),
            (
                r#"{"version": 2, "entrys": []}"#,
                Err("line 1: entrys: unknown field (expected \"version\" and \"entries\")"),
            ),
            (
                r#"{"version": "1", "entries": []}"#,
                Err("line 1: version: unsupported version \"1\" (this build reads version 1)"),
            ),
            (
                r#"{"version": 1.0, "entries": []}"#,
                Err("line 1: version: unsupported version 1.0 (this build reads version 1)"),
            ),
            // Strings must decode: a lone surrogate is not a string.
            (
                r#"[{"name": "\ud800", "type": "ORG"}]"#,
                Err("line 1: [0].name: must be a string"),
            ),
            (
                "[{\"name\": \"A\", \"type\": \"ORG\",\n \"aliases\": [\"B\",\n \"\\udc00\"]}]",
                Err("line 3: [0].aliases[1]: must be a string"),
            ),
            (
                "[\n{\"n\\ud800\": 1}]",
                Err("line 2: [0]: invalid entry: unexpected end of hex escape at line 1 column 10"),
            ),
            (
                "[\n\n  {\"name\": \"A\", \"type\": ORG}]",
                Err("line 3: invalid JSON: expected value at line 3 column 25"),
            ),
        ];
        for (src, want) in cases {
            let got = SiteLexicon::parse(src)
                .map(|l| {
                    l.entries()
                        .iter()
                        .map(|e| e.name.clone())
                        .collect::<Vec<_>>()
                })
                .map_err(|e| e.to_string());
            let want = want
                .map(|names| names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .map_err(str::to_string);
            assert_eq!(got, want, "{}", &src[..src.len().min(80)]);
        }
    }

    #[test]
    fn first_entry_wins_and_names_beat_aliases() {
        let lex = SiteLexicon::parse(
            r#"[{"name": "Ada Obi", "type": "PERSON", "aliases": ["Obi"]},
                {"name": "Obi", "type": "ORG"},
                {"name": "Ada Obi", "type": "ORG"}]"#,
        )
        .unwrap();
        assert_eq!(lex.canonical("Ada  Obi"), Some(("Ada Obi", Label::Person)));
        assert_eq!(lex.canonical("Obi"), Some(("Obi", Label::Org)));
        assert_eq!(lex.canonical("Nobody"), None);
        let doc = crate::segment::segment("Ada Obi");
        assert_eq!(find(&doc, &lex), vec![(0..2, Label::Person)]);
    }
}
