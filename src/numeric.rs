//! Values: dates, times, money and percentages, found on tokens by rules.
//!
//! These follow OntoNotes extents: "$5.2 billion", "12 percent", "June 5, 2023",
//! "last week", "five years", "3:30 p.m.". Each pattern looks at a bounded
//! window of tokens, so the pass is linear.

use std::ops::Range;

use std::sync::OnceLock;

use crate::fxhash::WordMap;
use crate::segment::{Doc, TokenKind};
use crate::Label;

/// A value found in the text, as a token range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Value {
    pub tokens: Range<usize>,
    pub label: Label,
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const NUMBER_WORDS: &[&str] = &[
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "several",
    "few",
    "couple",
    "dozen",
    "many",
    "half",
    "hundreds",
    "thousands",
];
/// Holidays and observances, which OntoNotes marks as DATE: one word, or
/// the first word of a longer name in [`HOLIDAY_PHRASES`]. Capitalised in
/// news; several are also surnames or given names ("Christmas", "Easter"),
/// so a single word followed by a capitalised word is left to the names
/// ("Easter Island", "Christmas Island").
const HOLIDAYS: &[&str] = &[
    "Christmas",
    "Easter",
    "Ramadan",
    "Ramazan",
    "Thanksgiving",
    "Hanukkah",
    "Chanukah",
    "Diwali",
    "Deepavali",
    "Passover",
    "Pesach",
    "Halloween",
    "Kwanzaa",
    "Lent",
    "Advent",
    "Pentecost",
    "Eid",
    "Navratri",
    "Holi",
    "Purim",
    "Sukkot",
    "Vesak",
    "Nowruz",
    "Songkran",
    "Hogmanay",
    "Juneteenth",
    "Epiphany",
    "Yuletide",
    "Carnival",
    "Mardi",
];
/// Holiday names of several tokens, each starting with a word of
/// [`HOLIDAYS`] or of [`HOLIDAY_STARTS`] ("New Year's Day").
const HOLIDAY_PHRASES: &[&[&str]] = &[
    &["Christmas", "Eve"],
    &["Christmas", "Day"],
    &["Easter", "Sunday"],
    &["Easter", "Monday"],
    &["Eid", "al", "-", "Fitr"],
    &["Eid", "al", "-", "Adha"],
    &["Eid", "ul", "-", "Fitr"],
    &["Eid", "ul", "-", "Adha"],
    &["Mardi", "Gras"],
    &["New", "Year", "'s", "Day"],
    &["New", "Year", "'s", "Eve"],
    &["New", "Year", "’s", "Day"],
    &["New", "Year", "’s", "Eve"],
    &["Lunar", "New", "Year"],
    &["Chinese", "New", "Year"],
    &["Good", "Friday"],
    &["Ash", "Wednesday"],
    &["Palm", "Sunday"],
    &["Holy", "Week"],
    &["Yom", "Kippur"],
    &["Rosh", "Hashanah"],
    &["Labor", "Day"],
    &["Labour", "Day"],
    &["Memorial", "Day"],
    &["Independence", "Day"],
    &["Veterans", "Day"],
    &["Boxing", "Day"],
    &["Remembrance", "Day"],
    &["Armistice", "Day"],
    &["Election", "Day"],
    &["Bastille", "Day"],
    &["Anzac", "Day"],
    &["Canada", "Day"],
    &["Australia", "Day"],
    &["Republic", "Day"],
    &["May", "Day"],
    &["Valentine", "'s", "Day"],
    &["Valentine", "’s", "Day"],
    &["Mother", "'s", "Day"],
    &["Mother", "’s", "Day"],
    &["Father", "'s", "Day"],
    &["Father", "’s", "Day"],
    &["Presidents", "'", "Day"],
    &["Presidents", "’", "Day"],
    &["Presidents", "Day"],
];
/// First words of [`HOLIDAY_PHRASES`] that are not holidays on their own.
const HOLIDAY_STARTS: &[&str] = &[
    "New",
    "Lunar",
    "Chinese",
    "Good",
    "Ash",
    "Palm",
    "Holy",
    "Yom",
    "Rosh",
    "Labor",
    "Labour",
    "Memorial",
    "Independence",
    "Veterans",
    "Boxing",
    "Remembrance",
    "Armistice",
    "Election",
    "Bastille",
    "Anzac",
    "Canada",
    "Australia",
    "Republic",
    "May",
    "Valentine",
    "Mother",
    "Father",
    "Presidents",
];
const SCALES: &[&str] = &[
    "hundred", "thousand", "million", "billion", "trillion", "bn", "m", "mn", "k", "tn",
];
const CURRENCY_SYMBOLS: &[&str] = &[
    "$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₦", "R$", "US$", "C$", "A$", "HK$",
];
const CURRENCY_CODES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "CHF", "CAD", "AUD", "HKD",
];
const CURRENCY_WORDS: &[&str] = &[
    "dollar", "dollars", "euro", "euros", "pound", "pounds", "sterling", "yen", "yuan", "renminbi",
    "rupee", "rupees", "won", "rouble", "roubles", "ruble", "rubles", "peso", "pesos", "franc",
    "francs", "lira", "naira", "rand", "shekel", "shekels", "dinar", "dinars", "riyal", "riyals",
    "dirham", "dirhams", "cents", "bitcoin",
];
const DATE_UNITS: &[&str] = &[
    "day",
    "days",
    "week",
    "weeks",
    "weekend",
    "weekends",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    "quarter",
    "quarters",
    "season",
    "semester",
];
const TIME_UNITS: &[&str] = &["hour", "hours", "minute", "minutes", "second", "seconds"];
const RELATIVE: &[&str] = &[
    "last",
    "next",
    "this",
    "past",
    "coming",
    "previous",
    "following",
    "same",
    "that",
    "each",
];
const DAY_WORDS: &[&str] = &[
    "today",
    "yesterday",
    "tomorrow",
    "Today",
    "Yesterday",
    "Tomorrow",
];
const TIME_WORDS: &[&str] = &["noon", "midnight", "tonight", "Tonight"];
const PARTS_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night"];
const SEASONS: &[&str] = &["spring", "summer", "autumn", "fall", "winter"];

/// Finds dates, times, money and percentages, in text order, not overlapping.
pub(crate) fn find(doc: &Doc) -> Vec<Value> {
    let n = doc.tokens.len();
    // Room for the values of news prose without growing.
    let mut out = Vec::with_capacity(n / 16 + 4);
    let w = Words::new(doc);
    let mut i = 0;
    while i < n {
        // On to the next token that may start a value: one test of its
        // form's lists per token.
        let skip = doc
            .form_of
            .get(i..)
            .and_then(|forms| forms.iter().position(|&f| w.may_start(f as usize)));
        match skip {
            Some(k) => i += k,
            None => break,
        }
        if let Some(v) = value_at(&w, i) {
            i = v.tokens.end.max(i + 1);
            out.push(v);
        } else {
            i += 1;
        }
    }
    out
}

fn is_number(doc: &Doc, i: usize) -> bool {
    i < doc.tokens.len() && doc.tokens[i].kind == TokenKind::Number
}

fn tok<'a>(doc: &'a Doc, i: usize) -> &'a str {
    if i < doc.tokens.len() {
        doc.tok(i)
    } else {
        ""
    }
}

fn is_in(doc: &Doc, i: usize, list: &[&str]) -> bool {
    i < doc.tokens.len() && list.contains(&doc.tok(i))
}

/// The word lists, one bit each (see [`Words`]).
mod list {
    pub const MONTHS: u32 = 1 << 0;
    pub const WEEKDAYS: u32 = 1 << 1;
    pub const NUMBER_WORDS: u32 = 1 << 2;
    pub const CURRENCY_SYMBOLS: u32 = 1 << 3;
    pub const CURRENCY_CODES: u32 = 1 << 4;
    pub const CURRENCY_WORDS: u32 = 1 << 5;
    pub const DATE_UNITS: u32 = 1 << 6;
    pub const TIME_UNITS: u32 = 1 << 7;
    pub const RELATIVE: u32 = 1 << 8;
    pub const DAY_WORDS: u32 = 1 << 9;
    pub const TIME_WORDS: u32 = 1 << 10;
    pub const PARTS_OF_DAY: u32 = 1 << 11;
    pub const SEASONS: u32 = 1 << 12;
    /// Other words a value may start with ("Last", "US").
    pub const OTHER_STARTS: u32 = 1 << 13;
    /// The lists whose words may start a value; units, currency words,
    /// parts of the day and seasons only ever follow one.
    pub const STARTS: u32 = MONTHS
        | WEEKDAYS
        | NUMBER_WORDS
        | CURRENCY_SYMBOLS
        | CURRENCY_CODES
        | RELATIVE
        | DAY_WORDS
        | TIME_WORDS
        | OTHER_STARTS
        | HOLIDAYS
        | HOLIDAY_STARTS;
    pub const SCALES: u32 = 1 << 14;
    pub const HOLIDAYS: u32 = 1 << 15;
    pub const HOLIDAY_STARTS: u32 = 1 << 16;
    /// Not a list: a number, or a word that starts with a digit ("1990s",
    /// "1.5bn", "5th"), which may start a value too.
    pub const DIGIT_LED: u32 = 1 << 17;
    /// Not a list: a word of [`STARTS`] but for [`super::NO_STARTS`], so
    /// one that may start a value.
    pub const START: u32 = 1 << 18;
}

/// Words of the [`list::STARTS`] lists that [`value_at`] never starts a
/// value with: "a", "an" and "many" are no amount on their own, "that"
/// and "each" no relative date ("that week" is left alone). They are
/// common, and `value_at` tries many patterns before it says no.
const NO_STARTS: &[&str] = &["a", "an", "many", "that", "each"];

/// The lists each form of a doc is in, looked up once per form: the
/// patterns test a token against several lists, and a bit test is cheaper
/// than scanning them.
struct Words<'d> {
    doc: &'d Doc<'d>,
    /// Per form: its `list` bits.
    lists: Vec<u32>,
}

impl<'d> Words<'d> {
    fn new(doc: &'d Doc<'d>) -> Words<'d> {
        let table = list_words();
        let lists = doc
            .form_first
            .iter()
            .map(|&t| {
                let w = doc.tok(t as usize).as_bytes();
                // No list word is a number or starts with a digit.
                if doc
                    .tokens
                    .get(t as usize)
                    .is_some_and(|t| t.kind == TokenKind::Number)
                    || w.first().is_some_and(u8::is_ascii_digit)
                {
                    return list::DIGIT_LED;
                }
                // Most forms are in no list: the filter tells four in five
                // apart without reading the whole word.
                if !table.may_contain(w) {
                    return 0;
                }
                table.words.get(w).copied().unwrap_or(0)
            })
            .collect();
        Words { doc, lists }
    }

    /// Whether a value can start at a token of `form`: a number, a
    /// digit-led word ("1990s", "1.5bn", "5th") or a trigger word.
    fn may_start(&self, form: usize) -> bool {
        self.lists
            .get(form)
            .is_some_and(|l| l & (list::DIGIT_LED | list::START) != 0)
    }

    /// Whether token `i` exists and is in one of the `lists`.
    fn is(&self, i: usize, lists: u32) -> bool {
        i < self.doc.tokens.len() && self.lists[self.doc.form(i)] & lists != 0
    }
}

/// Every word of the lists, with the lists it is in.
struct ListWords {
    words: WordMap<u32>,
    /// A one-hash Bloom filter of the words' lengths and first and last
    /// bytes (4096 bits for about 180 such triples: in news about one form
    /// in six that is in no list passes it, and the test reads no more of
    /// the word than that).
    filter: [u64; 64],
}

impl ListWords {
    /// The filter bit of a word: from its length and its first and last
    /// bytes.
    fn bit(w: &[u8]) -> usize {
        let (first, last) = (w.first().copied(), w.last().copied());
        let key = (w.len() as u64) << 16
            | u64::from(first.unwrap_or(0)) << 8
            | u64::from(last.unwrap_or(0));
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 52) as usize
    }

    /// False only for a word in no list.
    fn may_contain(&self, w: &[u8]) -> bool {
        let bit = ListWords::bit(w);
        self.filter[bit / 64] >> (bit % 64) & 1 != 0
    }
}

fn list_words() -> &'static ListWords {
    static WORDS: OnceLock<ListWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let lists: [(&[&str], u32); 17] = [
            (HOLIDAYS, list::HOLIDAYS),
            (HOLIDAY_STARTS, list::HOLIDAY_STARTS),
            (MONTHS, list::MONTHS),
            (WEEKDAYS, list::WEEKDAYS),
            (NUMBER_WORDS, list::NUMBER_WORDS),
            (CURRENCY_SYMBOLS, list::CURRENCY_SYMBOLS),
            (CURRENCY_CODES, list::CURRENCY_CODES),
            (CURRENCY_WORDS, list::CURRENCY_WORDS),
            (DATE_UNITS, list::DATE_UNITS),
            (TIME_UNITS, list::TIME_UNITS),
            (RELATIVE, list::RELATIVE),
            (DAY_WORDS, list::DAY_WORDS),
            (TIME_WORDS, list::TIME_WORDS),
            (PARTS_OF_DAY, list::PARTS_OF_DAY),
            (SEASONS, list::SEASONS),
            (SCALES, list::SCALES),
            (
                // Capitalised number words ("Two", "Several") start no
                // value: the amounts are written in lower case.
                &[
                    "US",
                    "Last",
                    "Next",
                    "This",
                    "Past",
                    "Coming",
                    "Previous",
                    "Following",
                    "Same",
                ],
                list::OTHER_STARTS,
            ),
        ];
        let mut words = ListWords {
            words: WordMap::default(),
            filter: [0; 64],
        };
        for (l, bit) in lists {
            for w in l {
                let lists = words.words.entry(w);
                *lists |= bit;
                if *lists & list::STARTS != 0 && !NO_STARTS.contains(w) {
                    *lists |= list::START;
                }
                let b = ListWords::bit(w.as_bytes());
                words.filter[b / 64] |= 1 << (b % 64);
            }
        }
        words
    })
}

/// The end of a holiday's name starting at `i`: a listed phrase, or a
/// one-word holiday not followed by another capitalised word.
fn holiday(w: &Words, i: usize) -> Option<usize> {
    let doc = w.doc;
    let phrase = HOLIDAY_PHRASES
        .iter()
        .filter(|p| {
            p.iter().enumerate().all(|(k, part)| {
                let j = i + k;
                j < doc.tokens.len() && doc.tok(j) == *part && (k == 0 || !doc.tokens[j].sent_start)
            })
        })
        .map(|p| p.len())
        .max();
    if let Some(len) = phrase {
        return Some(i + len);
    }
    // Nor after a capitalised word or an abbreviation ("Mr. Christmas",
    // "Jim Easter"): then it is a name.
    let prev = if i > 0 && !doc.tokens[i].sent_start {
        tok(doc, i - 1)
    } else {
        ""
    };
    let next = tok(doc, i + 1);
    (w.is(i, list::HOLIDAYS)
        && !next.starts_with(char::is_uppercase)
        && !prev.starts_with(char::is_uppercase)
        && !prev.ends_with('.'))
    .then_some(i + 1)
}

fn is_month(w: &Words, i: usize) -> bool {
    let doc = w.doc;
    if !w.is(i, list::MONTHS) {
        return false;
    }
    // "May" and "March" are also ordinary words: a month needs a number or
    // a year next to it, or a capital mid-sentence for the long names.
    let t = tok(doc, i);
    if matches!(t, "May" | "March") {
        return is_number(doc, i + 1)
            || (i > 0 && is_number(doc, i - 1))
            || is_in(
                doc,
                i - 1,
                &["in", "of", "since", "until", "by", "early", "late", "mid"],
            );
    }
    true
}

fn is_year(doc: &Doc, i: usize) -> bool {
    is_number(doc, i) && {
        let t = tok(doc, i);
        t.len() == 4 && matches!(t.parse::<u32>(), Ok(1000..=2199))
    }
}

fn is_day_number(doc: &Doc, i: usize) -> bool {
    if !is_number(doc, i) {
        // Ordinals: 5th, 21st.
        let t = tok(doc, i);
        if !t.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return false;
        }
        let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        return !digits.is_empty()
            && digits.len() <= 2
            && digits.chars().all(|c| c.is_ascii_digit())
            && matches!(&t[digits.len()..], "st" | "nd" | "rd" | "th");
    }
    matches!(tok(doc, i).parse::<u32>(), Ok(1..=31))
}

/// A numeric amount: digits, number words, with an optional scale
/// ("5.2 billion", "two million"). Returns the end token.
fn amount(w: &Words, i: usize) -> Option<usize> {
    let doc = w.doc;
    let mut j = i;
    if is_number(doc, j)
        || w.is(j, list::NUMBER_WORDS) && !matches!(tok(doc, j), "a" | "an" | "many")
    {
        j += 1;
    } else {
        return None;
    }
    // "5.2 billion", "1.5bn" (the latter is one Word token).
    while w.is(j, list::SCALES) && (doc.tokens[j].space_before || tok(doc, j).len() <= 2) {
        j += 1;
    }
    Some(j)
}

fn money_suffix_word(doc: &Doc, i: usize) -> bool {
    // "1.5bn", "300m": a number glued to a scale is one Word token.
    let t = tok(doc, i);
    if !t.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && SCALES.contains(&&t[digits.len()..])
}

fn value_at(w: &Words, i: usize) -> Option<Value> {
    let doc = w.doc;
    let t = tok(doc, i);
    let v = |end: usize, label: Label| {
        Some(Value {
            tokens: i..end,
            label,
        })
    };
    // Money: "$5.2 billion", "US$ 3", "€40".
    if w.is(i, list::CURRENCY_SYMBOLS)
        || (t == "US" && tok(doc, i + 1) == "$" && !doc.tokens[i + 1].space_before)
    {
        let mut j = i + 1;
        if t == "US" {
            j += 1;
        }
        if money_suffix_word(doc, j) {
            return v(j + 1, Label::Money);
        }
        if let Some(end) = amount(w, j) {
            if is_number(doc, j) {
                return v(end, Label::Money);
            }
        }
    }
    // "5 percent", "5%", "$5 million", "5 million dollars", "EUR 5".
    if w.is(i, list::CURRENCY_CODES) {
        if let Some(end) = amount(w, i + 1) {
            return v(end, Label::Money);
        }
    }
    if let Some(end) = amount(w, i) {
        let numeric = is_number(doc, i);
        if tok(doc, end) == "%" && numeric {
            return v(end + 1, Label::Percent);
        }
        if matches!(tok(doc, end), "percent" | "pct") {
            return v(end + 1, Label::Percent);
        }
        if tok(doc, end) == "per" && tok(doc, end + 1) == "cent" {
            return v(end + 2, Label::Percent);
        }
        if tok(doc, end) == "percentage" && tok(doc, end + 1) == "points" {
            return v(end + 2, Label::Percent);
        }
        if w.is(end, list::CURRENCY_WORDS) && (numeric || end > i + 1 || !matches!(t, "one")) {
            return v(end + 1, Label::Money);
        }
        if w.is(end, list::CURRENCY_CODES) {
            return v(end + 1, Label::Money);
        }
        // Durations: "five years", "three days" (DATE); "two hours" (TIME).
        if w.is(end, list::DATE_UNITS) {
            let mut e = end + 1;
            if tok(doc, e) == "ago" || tok(doc, e) == "old" {
                e += 1;
            }
            return v(e, Label::Date);
        }
        if w.is(end, list::TIME_UNITS) {
            let mut e = end + 1;
            if tok(doc, e) == "ago" {
                e += 1;
            }
            return v(e, Label::Time);
        }
    }
    if money_suffix_word(doc, i) && w.is(i + 1, list::CURRENCY_WORDS) {
        return v(i + 2, Label::Money);
    }
    // Clock times: "10:30", "3 p.m.", "10am".
    if is_number(doc, i)
        && tok(doc, i + 1) == ":"
        && is_number(doc, i + 2)
        && !doc.tokens[i + 1].space_before
    {
        let mut e = i + 3;
        if is_in(
            doc,
            e,
            &[
                "a.m.", "p.m.", "am", "pm", "AM", "PM", "GMT", "UTC", "ET", "EST", "EDT", "PT",
                "BST", "CET",
            ],
        ) {
            e += 1;
        }
        return v(e, Label::Time);
    }
    if is_number(doc, i)
        && is_in(doc, i + 1, &["a.m.", "p.m.", "am", "pm", "AM", "PM"])
        && tok(doc, i).len() <= 2
    {
        return v(i + 2, Label::Time);
    }
    if w.is(i, list::TIME_WORDS) {
        return v(i + 1, Label::Time);
    }
    if w.is(i, list::HOLIDAYS | list::HOLIDAY_STARTS) {
        if let Some(end) = holiday(w, i) {
            return v(end, Label::Date);
        }
    }
    // Dates with a month: "June 5, 2023", "June 2023", "5 June 2023", "June 5".
    if is_month(w, i) {
        let mut e = i + 1;
        // "Jan. 5": an abbreviated month keeps its period.
        if tok(doc, e) == "."
            && !doc.tokens[e].space_before
            && tok(doc, i).len() <= 4
            && !matches!(tok(doc, i), "June" | "July")
            && (is_day_number(doc, e + 1) || is_year(doc, e + 1))
        {
            e += 1;
        }
        if is_day_number(doc, e) && !is_year(doc, e) {
            e += 1;
            if tok(doc, e) == "," && is_year(doc, e + 1) {
                e += 2;
            } else if is_year(doc, e) {
                e += 1;
            }
        } else if is_year(doc, e) {
            e += 1;
        }
        return v(e, Label::Date);
    }
    if is_day_number(doc, i) && is_month(w, i + 1) {
        let mut e = i + 2;
        if is_year(doc, e) {
            e += 1;
        }
        return v(e, Label::Date);
    }
    if w.is(i, list::WEEKDAYS) {
        let mut e = i + 1;
        if tok(doc, e) == "," && is_month(w, e + 1) {
            if let Some(d) = value_at(w, e + 1) {
                e = d.tokens.end;
            }
        } else if w.is(e, list::PARTS_OF_DAY) {
            e += 1;
        }
        return v(e, Label::Date);
    }
    if w.is(i, list::DAY_WORDS) {
        return v(i + 1, Label::Date);
    }
    // "last week", "this year", "next month", "the past decade".
    if RELATIVE.iter().any(|r| r.eq_ignore_ascii_case(t))
        && !matches!(t, "that" | "each" | "That" | "Each")
    {
        if w.is(i + 1, list::DATE_UNITS)
            || w.is(i + 1, list::SEASONS)
            || w.is(i + 1, list::WEEKDAYS)
            || is_month(w, i + 1)
        {
            return v(i + 2, Label::Date);
        }
        if w.is(i + 1, list::PARTS_OF_DAY) {
            return v(i + 2, Label::Time);
        }
        if w.is(i + 1, list::NUMBER_WORDS) && w.is(i + 2, list::DATE_UNITS) {
            return v(i + 3, Label::Date);
        }
        if is_number(doc, i + 1) && w.is(i + 2, list::DATE_UNITS) {
            return v(i + 3, Label::Date);
        }
    }
    // Years: "in 2023", "2023's"; decades: "1990s", "the ’90s".
    if is_year(doc, i) {
        let prev = if i > 0 { tok(doc, i - 1) } else { "" };
        let next = tok(doc, i + 1);
        let dateish_prev = matches!(
            prev,
            "in" | "In"
                | "since"
                | "Since"
                | "by"
                | "until"
                | "of"
                | "from"
                | "to"
                | "early"
                | "late"
                | "mid"
                | "-"
                | "–"
                | "and"
                | "fiscal"
                | "("
                | ","
        );
        if dateish_prev || matches!(next, "," | "." | ")" | "’s" | "'s") || doc.tokens[i].sent_start
        {
            return v(i + 1, Label::Date);
        }
    }
    if doc.tokens[i].kind == TokenKind::Word
        && t.len() == 5
        && t.ends_with('s')
        && t[..4].chars().all(|c| c.is_ascii_digit())
    {
        return v(i + 1, Label::Date);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &[(&str, Label)]) {
        let doc = crate::segment::segment(text);
        let got: Vec<(String, Label)> = find(&doc)
            .into_iter()
            .map(|v| {
                let s = doc.tokens[v.tokens.start].span.start;
                let e = doc.tokens[v.tokens.end - 1].span.end;
                (text[s..e].to_string(), v.label)
            })
            .collect();
        let expect: Vec<(String, Label)> =
            expect.iter().map(|(s, l)| (s.to_string(), *l)).collect();
        assert_eq!(got, expect, "in {text:?}");
    }

    /// Where [`Words::may_start`] says no, [`value_at`] finds nothing: every
    /// list word (and capitalised forms that are in no list), then each of
    /// a sample of what follows the first word of a value.
    #[test]
    fn values_start_only_at_start_words() {
        let unlisted = [
            "One", "Two", "Ten", "Several", "A", "An", "That", "Each", "Many",
        ];
        let mut firsts: Vec<&str> = list_words().words.iter().map(|(w, _)| w).collect();
        firsts.extend(unlisted);
        firsts.sort_unstable();
        let nexts = [
            "5", "12", "2023", "5th", "$", "%", "percent", "per", "million", "bn", "dollars",
            "USD", "years", "week", "ago", ",", ".", "-", "Day", "Eve", "al", "New", "Year",
            "morning", "spring", "May", "Monday", "p.m.", ":", "of",
        ];
        for first in firsts {
            for next in nexts {
                for last in ["5", "2023", "years", "cent"] {
                    let text = format!("in {first} {next} {last}");
                    let doc = crate::segment::segment(&text);
                    let w = Words::new(&doc);
                    for i in 0..doc.tokens.len() {
                        if !w.may_start(doc.form(i)) {
                            assert_eq!(value_at(&w, i), None, "at token {i} of {text:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn values() {
        use Label::*;
        check(
            "It cost $5.2 billion, up 12 percent.",
            &[("$5.2 billion", Money), ("12 percent", Percent)],
        );
        check("a 3.5% rise", &[("3.5%", Percent)]);
        check("On June 5, 2023, he left.", &[("June 5, 2023", Date)]);
        check(
            "On Monday he left, five years ago.",
            &[("Monday", Date), ("five years ago", Date)],
        );
        check(
            "Talks end at 3 p.m. or 10:30 GMT.",
            &[("3 p.m.", Time), ("10:30 GMT", Time)],
        );
        check(
            "last week and in 2019",
            &[("last week", Date), ("2019", Date)],
        );
        check("They may go in May 2024.", &[("May 2024", Date)]);
        check(
            "300 million euros and £40",
            &[("300 million euros", Money), ("£40", Money)],
        );
        check("in the 1990s", &[("1990s", Date)]);
        // Holidays are dates; the same words inside names are not.
        check(
            "Shops close at Christmas, on New Year's Day and for Eid al-Fitr.",
            &[
                ("Christmas", Date),
                ("New Year's Day", Date),
                ("Eid al-Fitr", Date),
            ],
        );
        check("Easter Island and Mr. Christmas and Jim Easter", &[]);
        check("5 March 2021", &[("5 March 2021", Date)]);
        check(
            "two hundred thousand dollars",
            &[("two hundred thousand dollars", Money)],
        );
    }
}
