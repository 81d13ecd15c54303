//! Quotations: marks of every style, apostrophes, interrupted, nested and
//! multi-paragraph quotes, kinds, cues and speakers.
//!
//! Each case is an input and the quotes it must give, rendered as
//! `kind "part | part" <- span=Entity (cue)`: the parts without their marks,
//! the place the speaker is named and the entity's canonical name, the cue.

use article_annotator::annotate;

fn render(text: &str) -> Vec<String> {
    let ann = annotate(text);
    ann.quotes
        .iter()
        .map(|q| {
            let parts: Vec<&str> = q.parts.iter().map(|p| &text[p.range()]).collect();
            let mut s = format!("{} \"{}\"", q.kind.as_str(), parts.join(" | "));
            if let Some(name) = q.speaker_name(&ann) {
                let at = q.speaker_span.map_or("?", |sp| &text[sp.range()]);
                s.push_str(&format!(" <- {at}={name}"));
            }
            if let Some(c) = q.cue {
                s.push_str(&format!(" ({})", &text[c.range()]));
            }
            s
        })
        .collect()
}

/// Checks a table of cases; reports every failing case at once.
#[track_caller]
fn check(cases: &[(&str, &[&str])]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(input, expect)| {
            let got = render(input);
            (got != *expect)
                .then(|| format!("input: {input:?}\n  got:    {got:?}\n  expect: {expect:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn styles() {
    check(&[
        (
            "“We will win,” she said.",
            &["direct \"We will win,\" (said)"],
        ),
        (
            "‘We will win,’ she said.",
            &["direct \"We will win,\" (said)"],
        ),
        (
            "\"We will win,\" she said.",
            &["direct \"We will win,\" (said)"],
        ),
        (
            "'We will win,' she said.",
            &["direct \"We will win,\" (said)"],
        ),
        (
            "She said: \"We will win.\" Then she left.",
            &["direct \"We will win.\" (said)"],
        ),
        // French, with spaces inside the guillemets.
        (
            "« Nous allons gagner cette élection », a-t-il dit.",
            &["direct \"Nous allons gagner cette élection\""],
        ),
        // German and Polish low-high quotes.
        (
            "„Wir werden die Wahl gewinnen“, sagte sie.",
            &["direct \"Wir werden die Wahl gewinnen\""],
        ),
        (
            "„Wygramy te wybory w tym roku” – powiedziała.",
            &["direct \"Wygramy te wybory w tym roku\""],
        ),
        (
            "„Er sagte ‚nein‘ und ging nach Hause“, sagte sie.",
            &["direct \"Er sagte ‚nein‘ und ging nach Hause\""],
        ),
        // Swedish ”…” and »…», Danish »…«, Swiss ‹…›.
        (
            "”Vi kommer att vinna valet”, sa hon.",
            &["direct \"Vi kommer att vinna valet\""],
        ),
        (
            "»Vi kommer att vinna valet», sa hon.",
            &["direct \"Vi kommer att vinna valet\""],
        ),
        (
            "»Vi vil vinde valget i år«, siger hun.",
            &["direct \"Vi vil vinde valget i år\""],
        ),
        (
            "‹Wir werden die Wahl gewinnen›, sagte sie.",
            &["direct \"Wir werden die Wahl gewinnen\""],
        ),
        // CJK corner brackets.
        ("他说「我们会赢得选举」。", &["direct \"我们会赢得选举\""]),
    ]);
}

#[test]
fn apostrophes_and_primes() {
    check(&[
        ("O’Brien thinks the team’s ’90s hits, rock ’n’ roll and the students’ union don’t matter.", &[]),
        ("O'Brien thinks the team's '90s hits, rock 'n' roll and the students' union don't matter.", &[]),
        ("He is 6'2\" and she is 5′9″ tall.", &[]),
        ("He is 6'2\" tall and \"very fast on the pitch,\" she said.", &["direct \"very fast on the pitch,\" (said)"]),
        ("’Tis the season, and the dancers’ shoes are ready.", &[]),
        ("‘The students’ union is strong,’ she said.", &["direct \"The students’ union is strong,\" (said)"]),
        ("'The students' union is strong,' she said.", &["direct \"The students' union is strong,\" (said)"]),
        ("He called it ‘sleeper’ and left.", &["term \"sleeper\""]),
        ("Fans of ’90s rock ’n’ roll call it ‘dad music’ now.", &["term \"dad music\""]),
        ("The ’80s and '90s were 'great' times.", &["term \"great\""]),
        ("‘I’m goin’ home now, and that is final,’ she said.", &["direct \"I’m goin’ home now, and that is final,\" (said)"]),
    ]);
}

#[test]
fn interrupted_nested_and_multi_paragraph() {
    check(&[
        ("“We will,” she said, “win.”", &["direct \"We will, | win.\" (said)"]),
        ("\"We will,\" she said, \"win this election.\"", &["direct \"We will, | win this election.\" (said)"]),
        ("“We will,” she said. “We always do.”", &["direct \"We will,\" (said)", "direct \"We always do.\""]),
        // The outer quote is the quote; what it quotes is part of it.
        ("“He told me ‘never again’ and left,” she said.", &["direct \"He told me ‘never again’ and left,\" (said)"]),
        ("“The so-called \"reset\" failed,” she said.", &["direct \"The so-called \"reset\" failed,\" (said)"]),
        ("“a ‘b “c” d’ e,” she said.", &["direct \"a ‘b “c” d’ e,\" (said)"]),
        // Each paragraph opens, only the last closes.
        (
            "“We will win this election.\n\n“And we will govern well,” she said.",
            &["direct \"We will win this election. | And we will govern well,\" (said)"],
        ),
        (
            "“One.\n\n“Two, three and four.\n\n“Five and six are done,” she said.",
            &["direct \"One. | Two, three and four. | Five and six are done,\" (said)"],
        ),
        (
            "\"We will win this election.\n\n\"And we will govern well,\" she said.",
            &["direct \"We will win this election. | And we will govern well,\" (said)"],
        ),
        // The same inside one paragraph whose lines are hard-wrapped.
        (
            "Title\n\n“We will win this election.\n“And we will govern well,” she said.",
            &["direct \"We will win this election. | And we will govern well,\" (said)"],
        ),
        (
            "Title\n\n\"The question,\" she said, \"is whether this reaches me.\n\"For years I have paid. That is all.\"",
            &["direct \"The question, | is whether this reaches me. | For years I have paid. That is all.\" (said)"],
        ),
        // An unclosed mark never swallows the next paragraphs.
        (
            "He said “we will win.\n\nThe vote is on Friday. “Nobody knows yet,” she said.",
            &["direct \"Nobody knows yet,\" (said)"],
        ),
        ("“Unclosed\n\nThe next paragraph has a “term” here.", &["term \"term\""]),
        ("The next paragraph has a “term” here. ”\n\nMore.", &["term \"term\""]),
        ("\"\n\n\"", &[]),
    ]);
}

#[test]
fn kinds() {
    check(&[
        (
            "The policy known as “de-risking” is popular.",
            &["term \"de-risking\""],
        ),
        (
            "The “de-risking” policy is popular.",
            &["term \"de-risking\""],
        ),
        (
            "She read “The Lord of the Rings and the Hobbit” twice.",
            &["term \"The Lord of the Rings and the Hobbit\""],
        ),
        (
            "He was nicknamed “The Hammer” by fans.",
            &["term \"The Hammer\""],
        ),
        ("He called it “a disaster.”", &["term \"a disaster.\""]),
        ("“No.”", &["direct \"No.\""]),
        ("“Why?” she said.", &["direct \"Why?\" (said)"]),
        (
            "Officials call for “urgent implementation of mandatory iodisation of all salt.”",
            &["direct \"urgent implementation of mandatory iodisation of all salt.\""],
        ),
        // A short quote with a cue is speech.
        ("She said “no” to the plan.", &["direct \"no\" (said)"]),
        // Reported speech needs a speaker the text names.
        ("The report says the talks would go on.", &[]),
    ]);
}

#[test]
fn cues() {
    // Cue words beyond "said" come from the speech-verb lexicon.
    check(&[
        (
            "“We will win,” she told reporters.",
            &["direct \"We will win,\" (told reporters)"],
        ),
        (
            "“We will win,” she added.",
            &["direct \"We will win,\" (added)"],
        ),
        ("“Why?” she asked.", &["direct \"Why?\" (asked)"]),
        (
            "“We will win,” according to the statement.",
            &["direct \"We will win,\" (according to)"],
        ),
        (
            "She said in a statement: “We will win.”",
            &["direct \"We will win.\" (said)"],
        ),
        (
            "He replied “I am not able to do that”.",
            &["direct \"I am not able to do that\" (replied)"],
        ),
    ]);
}

#[test]
fn speakers() {
    // These need the entity finder (PERSON, ORG and TITLE mentions).
    check(&[
        ("“We will win,” said Jane Doe.", &["direct \"We will win,\" <- Jane Doe=Jane Doe (said)"]),
        ("“We will win,” Jane Doe said.", &["direct \"We will win,\" <- Jane Doe=Jane Doe (said)"]),
        ("Jane Doe said: “We will win.”", &["direct \"We will win.\" <- Jane Doe=Jane Doe (said)"]),
        (
            "“We will win,” said Foreign Minister Wang Yi.",
            &["direct \"We will win,\" <- Wang Yi=Wang Yi (said)"],
        ),
        (
            "Foreign Minister Wang Yi said: “We will win.”",
            &["direct \"We will win.\" <- Wang Yi=Wang Yi (said)"],
        ),
        (
            "Jane Doe arrived in Paris on Monday. “We will,” she said, “win.”",
            &["direct \"We will, | win.\" <- she=Jane Doe (said)"],
        ),
        (
            "Jane Doe met John Roe in Paris. “It went well,” she said.",
            &["direct \"It went well,\" <- she=Jane Doe (said)"],
        ),
        (
            "Sen. Jane Doe arrived on Monday. “We will win,” the senator said.",
            &["direct \"We will win,\" <- the senator=Jane Doe (said)"],
        ),
        (
            "The Ministry of Defence declined to comment. “We do not comment,” the ministry said.",
            &["direct \"We do not comment,\" <- the ministry=Ministry of Defence (said)"],
        ),
        (
            "Secretary of State Antony Blinken met Wang Yi. Blinken stressed that the US does not seek an adversarial relationship.",
            &["indirect \"the US does not seek an adversarial relationship\" <- Blinken=Antony Blinken (stressed)"],
        ),
        // Without "that": "said" takes a clause; "announced" or "maintain"
        // a clause only after a subject pronoun, else an object.
        (
            "Jane Doe arrived on Monday. Doe said the talks would go on.",
            &["indirect \"the talks would go on\" <- Doe=Jane Doe (said)"],
        ),
        (
            "Jane Doe arrived on Monday. Doe announced they would leave the talks.",
            &["indirect \"they would leave the talks\" <- Doe=Jane Doe (announced)"],
        ),
        ("Jane Doe arrived on Monday. Doe announced the details of a new plan.", &[]),
        ("Jane Doe arrived on Monday. She maintains many of her old customs.", &[]),
        // No speaker where the text names none.
        ("Jane Doe arrived on Monday. “We will win the vote tomorrow.”", &["direct \"We will win the vote tomorrow.\""]),
        ("Jane Doe arrived. “We will win,” a spokesman said.", &["direct \"We will win,\" (said)"]),
        ("Jane Doe called it “de-risking” on Monday.", &["term \"de-risking\""]),
    ]);
}

#[test]
fn pathological_inputs() {
    // Linear time and no deep recursion; each finishes at once.
    let many_open = "“".repeat(100_000);
    let deep = format!("{}x{}", "“".repeat(50_000), "”".repeat(50_000));
    let straight = "\" ".repeat(100_000);
    let apostrophes = "’".repeat(100_000);
    let line = "“word ".repeat(800_000);
    for text in [&many_open, &deep, &straight, &apostrophes, &line] {
        let ann = annotate(text);
        for q in &ann.quotes {
            for p in &q.parts {
                assert!(p.start <= p.end && p.end <= text.len());
            }
        }
    }
    // 50k nested quotes are one quote: the outermost.
    let ann = annotate(&deep);
    assert_eq!(ann.quotes.len(), 1);
    assert_eq!(
        ann.quotes[0].span(),
        article_annotator::Span::new(3, deep.len() - 3)
    );
}
