//! A small, strict JSON reader (RFC 8259) for site lexicons.
//!
//! It replaces serde_json in the library, which cost about 36 KB of the
//! gzipped .wasm for reading one small file format. It works like
//! serde_json's `RawValue`: [`value`] checks the syntax of a whole text once
//! and returns the value's slice; [`elements`] and [`members`] then split an
//! array or object that has passed that check into the slices of its parts,
//! and [`string`] decodes a string. So a site lexicon's errors can name the
//! line of any value, and nothing builds a tree.
//!
//! Nesting depth is unbounded and costs no stack: containers are tracked in
//! a heap stack (one byte per open bracket), never by recursion.
//!
//! The messages, and the line and column of each error, are serde_json's
//! (1.0.x): they were what site authors saw before, and a test checks both
//! readers agree on every input it generates. Lines count from 1; columns
//! are bytes from the start of the line. Strings must decode to Unicode:
//! a `\u` escape of a lone surrogate is an error (in [`string`] and in
//! object keys; the syntax check accepts it, as serde_json's does).

use std::fmt;

/// A syntax error, at a line and column of the text that was being read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: &'static str,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const EOF_VALUE: &str = "EOF while parsing a value";
const EXPECTED_COLON: &str = "expected `:`";
const EXPECTED_LIST_END: &str = "expected `,` or `]`";
const EXPECTED_OBJECT_END: &str = "expected `,` or `}`";
const EXPECTED_IDENT: &str = "expected ident";
const EXPECTED_VALUE: &str = "expected value";
const INVALID_ESCAPE: &str = "invalid escape";
const INVALID_NUMBER: &str = "invalid number";
const CONTROL: &str = "control character (\\u0000-\\u001F) found while parsing a string";
const KEY_NOT_STRING: &str = "key must be a string";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const END_OF_HEX_ESCAPE: &str = "unexpected end of hex escape";
const TRAILING: &str = "trailing characters";

/// The one JSON value that is `src`, with optional whitespace around it:
/// its slice of `src`, or the first syntax error.
pub(crate) fn value(src: &str) -> Result<&str, SyntaxError> {
    let mut r = Reader { src, i: 0 };
    r.ws();
    let start = r.i;
    r.skip_value()?;
    let end = r.i;
    if r.ws().is_some() {
        return Err(r.peek_err(TRAILING));
    }
    Ok(src.get(start..end).unwrap_or(""))
}

/// The elements of an array that [`value`] accepted, as slices.
pub(crate) fn elements(array: &str) -> Result<Vec<&str>, SyntaxError> {
    let mut r = Reader { src: array, i: 0 };
    let mut out = Vec::new();
    r.expect(b'[', EXPECTED_VALUE)?;
    if r.ws() == Some(b']') {
        return Ok(out);
    }
    loop {
        out.push(r.item()?);
        match r.ws() {
            Some(b',') => r.i += 1,
            Some(b']') => return Ok(out),
            _ => return Err(r.peek_err(EXPECTED_LIST_END)),
        }
    }
}

/// The members of an object that [`value`] accepted: decoded key and value
/// slice, in the order written (repeated keys included).
pub(crate) fn members(object: &str) -> Result<Vec<(String, &str)>, SyntaxError> {
    let mut r = Reader { src: object, i: 0 };
    let mut out = Vec::new();
    r.expect(b'{', EXPECTED_VALUE)?;
    if r.ws() == Some(b'}') {
        return Ok(out);
    }
    loop {
        r.ws();
        r.expect(b'"', KEY_NOT_STRING)?;
        let key = r.string()?;
        r.ws();
        r.expect(b':', EXPECTED_COLON)?;
        out.push((key, r.item()?));
        match r.ws() {
            Some(b',') => r.i += 1,
            Some(b'}') => return Ok(out),
            _ => return Err(r.peek_err(EXPECTED_OBJECT_END)),
        }
    }
}

/// The decoded text of `raw` when it is a JSON string that decodes (no lone
/// surrogates); `None` for any other value.
pub(crate) fn string(raw: &str) -> Option<String> {
    let mut r = Reader { src: raw, i: 0 };
    r.expect(b'"', EXPECTED_VALUE).ok()?;
    let s = r.string().ok()?;
    (r.i == raw.len()).then_some(s)
}

struct Reader<'a> {
    src: &'a str,
    /// The next byte to read.
    i: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.i).copied()
    }

    /// Skips whitespace; the next byte, if any.
    fn ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
        self.peek()
    }

    /// An error at the current position (the byte just read).
    fn err(&self, message: &'static str) -> SyntaxError {
        let bytes = self.src.as_bytes();
        let i = self.i.min(bytes.len());
        let line_start = bytes[..i]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        SyntaxError {
            line: 1 + bytes[..line_start].iter().filter(|&&b| b == b'\n').count(),
            column: i - line_start,
            message,
        }
    }

    /// An error at the byte about to be read.
    fn peek_err(&self, message: &'static str) -> SyntaxError {
        Reader {
            src: self.src,
            i: self.i + 1,
        }
        .err(message)
    }

    /// Consumes `b`, which must be next.
    fn expect(&mut self, b: u8, message: &'static str) -> Result<(), SyntaxError> {
        if self.peek() != Some(b) {
            return Err(self.peek_err(message));
        }
        self.i += 1;
        Ok(())
    }

    /// Skips whitespace and one value; the value's slice.
    fn item(&mut self) -> Result<&'a str, SyntaxError> {
        self.ws();
        let start = self.i;
        self.skip_value()?;
        Ok(self.src.get(start..self.i).unwrap_or(""))
    }

    /// Skips one value (after whitespace), checking its syntax.
    fn skip_value(&mut self) -> Result<(), SyntaxError> {
        // The open containers, innermost last: b'[' or b'{'.
        let mut open: Vec<u8> = Vec::new();
        loop {
            let Some(b) = self.ws() else {
                return Err(self.peek_err(EOF_VALUE));
            };
            let mut after_value = true;
            match b {
                b'n' => self.ident(b"null")?,
                b't' => self.ident(b"true")?,
                b'f' => self.ident(b"false")?,
                b'-' => {
                    self.i += 1;
                    self.number()?;
                }
                b'0'..=b'9' => self.number()?,
                b'"' => {
                    self.i += 1;
                    self.skip_string()?;
                }
                b'[' | b'{' => {
                    self.i += 1;
                    open.push(b);
                    after_value = false;
                }
                _ => return Err(self.peek_err(EXPECTED_VALUE)),
            }
            // Close the containers that end here; stop before the next
            // element (after its comma, or right after an opening bracket).
            loop {
                let Some(&frame) = open.last() else {
                    return Ok(());
                };
                let end = if frame == b'[' { b']' } else { b'}' };
                match self.ws() {
                    Some(b',') if after_value => {
                        self.i += 1;
                        break;
                    }
                    Some(c) if c == end => {
                        self.i += 1;
                        open.pop();
                        after_value = true;
                    }
                    Some(_) if after_value => {
                        return Err(self.peek_err(if frame == b'[' {
                            EXPECTED_LIST_END
                        } else {
                            EXPECTED_OBJECT_END
                        }))
                    }
                    Some(_) => break,
                    None => {
                        return Err(self.peek_err(if frame == b'[' {
                            EOF_LIST
                        } else {
                            EOF_OBJECT
                        }))
                    }
                }
            }
            if open.last() == Some(&b'{') {
                match self.ws() {
                    Some(b'"') => self.i += 1,
                    Some(_) => return Err(self.peek_err(KEY_NOT_STRING)),
                    None => return Err(self.peek_err(EOF_OBJECT)),
                }
                self.skip_string()?;
                match self.ws() {
                    Some(b':') => self.i += 1,
                    Some(_) => return Err(self.peek_err(EXPECTED_COLON)),
                    None => return Err(self.peek_err(EOF_OBJECT)),
                }
            }
        }
    }

    /// `null`, `true` or `false`, whose first byte is next.
    fn ident(&mut self, word: &[u8]) -> Result<(), SyntaxError> {
        self.i += 1;
        for &want in &word[1..] {
            match self.peek() {
                None => return Err(self.err(EOF_VALUE)),
                Some(b) => {
                    self.i += 1;
                    if b != want {
                        return Err(self.err(EXPECTED_IDENT));
                    }
                }
            }
        }
        Ok(())
    }

    /// Consumes the next byte if there is one (a number's next character).
    fn next_digit(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.i += 1;
        Some(b)
    }

    fn skip_digits(&mut self) -> bool {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i > start
    }

    /// A number after its optional minus sign.
    fn number(&mut self) -> Result<(), SyntaxError> {
        match self.next_digit() {
            Some(b'0') => {
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_err(INVALID_NUMBER));
                }
            }
            Some(b'1'..=b'9') => {
                self.skip_digits();
            }
            _ => return Err(self.err(INVALID_NUMBER)),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !self.skip_digits() {
                return Err(self.peek_err(INVALID_NUMBER));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            match self.next_digit() {
                Some(b'0'..=b'9') => {
                    self.skip_digits();
                }
                _ => return Err(self.err(INVALID_NUMBER)),
            }
        }
        Ok(())
    }

    /// Moves to the next `"`, `\` or control character in a string.
    fn skip_to_special(&mut self) -> Option<u8> {
        let rest = self.src.as_bytes().get(self.i..).unwrap_or(&[]);
        let n = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(rest.len());
        self.i += n;
        self.peek()
    }

    /// Checks a string's syntax after its opening quote, to just after its
    /// closing quote. Any `\u` escape with four hex digits is accepted.
    fn skip_string(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.skip_to_special() {
                None => return Err(self.err(EOF_STRING)),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.i += 1;
                    self.escape(false)?;
                }
                Some(_) => return Err(self.err(CONTROL)),
            }
        }
    }

    /// Decodes a string after its opening quote, to just after its closing
    /// quote; surrogate escapes must pair up.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let mut out = String::new();
        loop {
            let start = self.i;
            let special = self.skip_to_special();
            out.push_str(self.src.get(start..self.i).unwrap_or(""));
            match special {
                None => return Err(self.err(EOF_STRING)),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    if let Some(c) = self.escape(true)? {
                        out.push(c);
                    }
                }
                Some(_) => {
                    self.i += 1;
                    return Err(self.err(CONTROL));
                }
            }
        }
    }

    /// An escape after its backslash, and its character when `decode`.
    /// Without `decode` (checking syntax only), a `\u` escape is any four
    /// hex digits, a lone surrogate too, and gives `None`.
    fn escape(&mut self, decode: bool) -> Result<Option<char>, SyntaxError> {
        let Some(b) = self.peek() else {
            return Err(self.err(EOF_STRING));
        };
        self.i += 1;
        Ok(Some(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' if decode => return self.unicode_escape().map(Some),
            b'u' => return self.hex4().map(|_| None),
            _ => return Err(self.err(INVALID_ESCAPE)),
        }))
    }

    /// A `\u` escape after the `u`, followed by a low surrogate escape when
    /// it is a high surrogate.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let hi = self.hex4()?;
        if (0xDC00..=0xDFFF).contains(&hi) {
            return Err(self.err(LONE_SURROGATE));
        }
        if !(0xD800..=0xDBFF).contains(&hi) {
            return Ok(char::from_u32(hi).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
        for want in [b'\\', b'u'] {
            match self.peek() {
                None => return Err(self.err(EOF_STRING)),
                Some(b) => {
                    self.i += 1;
                    if b != want {
                        return Err(self.err(END_OF_HEX_ESCAPE));
                    }
                }
            }
        }
        let lo = self.hex4()?;
        if !(0xDC00..=0xDFFF).contains(&lo) {
            return Err(self.err(LONE_SURROGATE));
        }
        let c = 0x10000 + ((hi - 0xD800) << 10 | (lo - 0xDC00));
        Ok(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    /// Four hex digits.
    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let bytes = self.src.as_bytes();
        let Some(digits) = bytes.get(self.i..self.i + 4) else {
            self.i = bytes.len();
            return Err(self.err(EOF_STRING));
        };
        self.i += 4;
        let mut n = 0;
        for &d in digits {
            match (d as char).to_digit(16) {
                Some(v) => n = n << 4 | v,
                None => return Err(self.err(INVALID_ESCAPE)),
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// `(text, the value's slice or the error message)`.
    fn check(cases: &[(&str, Result<&str, &str>)]) {
        for &(src, want) in cases {
            let got = value(src).map_err(|e| e.to_string());
            assert_eq!(got, want.map_err(str::to_string), "{src:?}");
            agrees_with_serde_json(src);
        }
    }

    #[test]
    fn values_and_syntax_errors() {
        check(&[
            ("", Err("EOF while parsing a value at line 1 column 0")),
            (" \t\r\n ", Err("EOF while parsing a value at line 2 column 1")),
            (" [1, -2.5e+3, true, false, null] \n", Ok("[1, -2.5e+3, true, false, null]")),
            ("{\"a\": {\"b\": [{}, []]}, \"\": \"\"}", Ok("{\"a\": {\"b\": [{}, []]}, \"\": \"\"}")),
            ("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\"", Ok("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\"")),
            // The syntax check accepts lone surrogates, as serde_json's does;
            // `string` refuses them.
            ("\"\\ud800\"", Ok("\"\\ud800\"")),
            ("0", Ok("0")),
            ("-0.0e-0", Ok("-0.0e-0")),
            ("[1,]", Err("expected value at line 1 column 4")),
            ("{\"version\": 1,\n \"entries\": [\n  {\"name\": \"A\",}\n]}", Err("key must be a string at line 3 column 16")),
            ("[1 2]", Err("expected `,` or `]` at line 1 column 4")),
            ("{\"a\" 1}", Err("expected `:` at line 1 column 6")),
            ("{\"a\": 1 \"b\"}", Err("expected `,` or `}` at line 1 column 9")),
            ("{1: 2}", Err("key must be a string at line 1 column 2")),
            ("[1, 2", Err("EOF while parsing a list at line 1 column 5")),
            ("{\"a\": 1", Err("EOF while parsing an object at line 1 column 7")),
            ("\"abc", Err("EOF while parsing a string at line 1 column 4")),
            ("\"a\nb\"", Err("control character (\\u0000-\\u001F) found while parsing a string at line 1 column 2")),
            ("\"\\x\"", Err("invalid escape at line 1 column 3")),
            ("\"\\u12g4\"", Err("invalid escape at line 1 column 7")),
            ("\"\\u12\"", Err("EOF while parsing a string at line 1 column 6")),
            ("\"\\u1", Err("EOF while parsing a string at line 1 column 4")),
            ("nul", Err("EOF while parsing a value at line 1 column 3")),
            ("nulx", Err("expected ident at line 1 column 4")),
            ("True", Err("expected value at line 1 column 1")),
            ("01", Err("invalid number at line 1 column 2")),
            ("-", Err("invalid number at line 1 column 1")),
            ("-a", Err("invalid number at line 1 column 2")),
            ("1.", Err("invalid number at line 1 column 2")),
            ("1.e5", Err("invalid number at line 1 column 3")),
            ("1e", Err("invalid number at line 1 column 2")),
            ("1e+x", Err("invalid number at line 1 column 4")),
            ("+1", Err("expected value at line 1 column 1")),
            ("[] []", Err("trailing characters at line 1 column 4")),
            ("\u{feff}[]", Err("expected value at line 1 column 1")),
            ("[\n\n  é]", Err("expected value at line 3 column 3")),
        ]);
        // Depth costs heap, not stack.
        let deep = format!("{}0{}", "[{\"a\":".repeat(100_000), "}]".repeat(100_000));
        assert_eq!(value(&deep).map(str::len), Ok(deep.len()));
        let open = "[".repeat(100_000);
        assert_eq!(
            value(&open).map_err(|e| e.to_string()),
            Err("EOF while parsing a list at line 1 column 100000".to_string())
        );
    }

    #[test]
    fn parts_and_strings() {
        assert_eq!(
            elements("[ 1 ,\"a\", [2, {}] ]"),
            Ok(vec!["1", "\"a\"", "[2, {}]"])
        );
        assert_eq!(elements("[]"), Ok(vec![]));
        let m = members("{\"b\": 1, \"a\": [ ], \"b\": \"x\", \"\\u0041\": null}").unwrap();
        let m: Vec<(&str, &str)> = m.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(m, [("b", "1"), ("a", "[ ]"), ("b", "\"x\""), ("A", "null")]);
        assert_eq!(
            members("{\n\"a\\ud800\": 1}").map_err(|e| e.to_string()),
            Err("unexpected end of hex escape at line 2 column 9".to_string())
        );
        for (raw, want) in [
            ("\"a\\u00e9\\ud83d\\ude00\\\"\\n\"", Some("aé😀\"\n")),
            ("\"Zoë’s 😀\"", Some("Zoë’s 😀")),
            ("\"\"", Some("")),
            ("\"\\udc00\"", None),
            ("\"\\ud800\"", None),
            ("\"\\ud800\\n\"", None),
            ("\"\\ud800\\u0041\"", None),
            ("\"\\ud800\\ud800\"", None),
            ("1", None),
            ("null", None),
            ("[\"a\"]", None),
        ] {
            assert_eq!(string(raw).as_deref(), want, "{raw}");
        }
    }

    /// serde_json read site lexicons before this reader: same values, same
    /// parts, same errors at the same places.
    fn agrees_with_serde_json(src: &str) {
        use serde_json::value::RawValue;
        let want = serde_json::from_str::<&RawValue>(src)
            .map(RawValue::get)
            .map_err(|e| e.to_string());
        let got = value(src).map_err(|e| e.to_string());
        assert_eq!(got, want, "value of {src:?}");
        let Ok(top) = got else { return };
        // Every array, object and string inside, outermost first.
        let mut todo = vec![top];
        while let Some(raw) = todo.pop() {
            match raw.as_bytes().first() {
                Some(b'[') => {
                    let want = serde_json::from_str::<Vec<&RawValue>>(raw)
                        .map(|v| v.into_iter().map(RawValue::get).collect::<Vec<_>>())
                        .map_err(|e| e.to_string());
                    let got = elements(raw).map_err(|e| e.to_string());
                    assert_eq!(got, want, "elements of {raw:?}");
                    todo.extend(got.unwrap_or_default());
                }
                Some(b'{') => {
                    let want = serde_json::from_str::<BTreeMap<String, &RawValue>>(raw)
                        .map(|m| m.into_iter().map(|(k, v)| (k, v.get())).collect::<Vec<_>>())
                        .map_err(|e| e.to_string());
                    // A map keeps the last of repeated keys, as serde_json's does.
                    let got = members(raw)
                        .map(|m| {
                            m.into_iter()
                                .collect::<BTreeMap<_, _>>()
                                .into_iter()
                                .collect::<Vec<_>>()
                        })
                        .map_err(|e| e.to_string());
                    assert_eq!(got, want, "members of {raw:?}");
                    todo.extend(got.unwrap_or_default().into_iter().map(|(_, v)| v));
                }
                _ => {}
            }
            assert_eq!(
                string(raw),
                serde_json::from_str::<String>(raw).ok(),
                "string {raw:?}"
            );
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::agrees_with_serde_json;
        use proptest::prelude::*;

        /// Pieces of JSON, valid and not, so that random sequences of them
        /// reach every error.
        const PIECES: &[&str] = &[
            "{", "}", "[", "]", ",", ":", " ", "\n", "\t", "\r", "\"", "\\", "\"a\"", "\"key\":",
            "\\u", "\\ud83d", "\\ude00", "\\ud800", "\\u00e9", "\\n", "\\x", "u", "d8", "0", "1",
            "9", "-", "+", ".", "e", "E", "null", "nul", "true", "fals", "é", "😀", "\u{1}", "a",
            "\u{feff}",
        ];

        fn json_value() -> impl Strategy<Value = String> {
            let leaf = prop_oneof![
                Just("null".to_string()),
                Just("true".to_string()),
                Just("false".to_string()),
                "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,3})?([eE][-+]?[0-9]{1,2})?",
                "\"([a-zé😀 ]|\\\\[\"\\\\/bfnrt]|\\\\u00[0-9a-fA-F]{2}|\\\\ud83d\\\\ude00|\\\\ud800){0,6}\"",
            ];
            leaf.prop_recursive(4, 24, 4, |inner| {
                let ws = "[ \n\t\r]{0,2}";
                prop_oneof![
                    (proptest::collection::vec((inner.clone(), ws), 0..4)).prop_map(|v| {
                        let items: Vec<String> = v.into_iter().map(|(x, w)| x + &w).collect();
                        format!("[{}]", items.join(","))
                    }),
                    proptest::collection::vec(("[a-c]{0,2}", ws, inner), 0..4).prop_map(|v| {
                        let items: Vec<String> = v
                            .into_iter()
                            .map(|(k, w, x)| format!("\"{k}\"{w}:{w}{x}"))
                            .collect();
                        format!("{{{}}}", items.join(", "))
                    }),
                ]
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn random_pieces_read_as_serde_json_reads_them(
                pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24)
            ) {
                agrees_with_serde_json(&pieces.concat());
            }

            /// Valid documents, and each with one character deleted, replaced or inserted.
            #[test]
            fn edited_documents_read_as_serde_json_reads_them(
                doc in json_value(),
                at in any::<proptest::sample::Index>(),
                edit in 0..3u8,
                piece in proptest::sample::select(PIECES),
            ) {
                agrees_with_serde_json(&doc);
                let chars: Vec<char> = doc.chars().collect();
                let k = at.index(chars.len() + 1);
                let (head, tail): (String, String) =
                    (chars[..k].iter().collect(), chars[k..].iter().collect());
                let edited = match edit {
                    0 => format!("{head}{}", tail.chars().skip(1).collect::<String>()),
                    1 => format!("{head}{piece}{}", tail.chars().skip(1).collect::<String>()),
                    _ => format!("{head}{piece}{tail}"),
                };
                agrees_with_serde_json(&edited);
            }
        }
    }
}
