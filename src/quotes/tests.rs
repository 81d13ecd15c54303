//! Speaker logic with hand-built mentions, independent of the entity finder.
//!
//! Inputs mark mentions as `[[text|LABEL]]`; `[[text|LABEL=Name]]` puts the
//! mention in the entity called Name (default: its text); `[[text|TITLE>]]`
//! is a title of the next mention. Expectations render each quote as
//! `kind "part | part" <- span=Entity (cue)`.

use super::find;
use crate::lexicon::builtin;
use crate::segment::segment;
use crate::{Entity, Label, Mention, Span};

fn parse(marked: &str) -> (String, Vec<Mention>, Vec<Entity>) {
    let mut text = String::new();
    let mut mentions = Vec::new();
    let mut entities: Vec<Entity> = Vec::new();
    let mut rest = marked;
    let mut title_pending: Vec<usize> = Vec::new();
    while let Some(a) = rest.find("[[") {
        text.push_str(&rest[..a]);
        let close = rest[a..].find("]]").expect("unclosed [[") + a;
        let inner = &rest[a + 2..close];
        let (surface, spec) = inner.split_once('|').expect("[[text|LABEL]]");
        let start = text.len();
        text.push_str(surface);
        let span = Span::new(start, text.len());
        let (label, name, is_title_of_next) = if let Some(l) = spec.strip_suffix('>') {
            (l, surface, true)
        } else if let Some((l, n)) = spec.split_once('=') {
            (l, n, false)
        } else {
            (spec, surface, false)
        };
        let label = label.parse::<Label>().expect("label");
        let k = mentions.len();
        let entity = match entities
            .iter()
            .position(|e| e.name == name && e.label == label)
        {
            Some(e) => e,
            None => {
                entities.push(Entity {
                    id: entities.len(),
                    label,
                    name: name.to_string(),
                    mentions: Vec::new(),
                });
                entities.len() - 1
            }
        };
        entities[entity].mentions.push(k);
        if label != Label::Title {
            for t in title_pending.drain(..) {
                let m: &mut Mention = &mut mentions[t];
                m.title_of = Some(k);
            }
        }
        mentions.push(Mention {
            span,
            label,
            entity,
            title_of: None,
        });
        if is_title_of_next {
            title_pending.push(k);
        }
        rest = &rest[close + 2..];
    }
    text.push_str(rest);
    (text, mentions, entities)
}

/// The quotes of `marked`, rendered; `Err` with a message on a mismatch.
fn check(marked: &str, expect: &[&str]) -> Result<(), String> {
    let (text, mentions, entities) = parse(marked);
    let doc = segment(&text);
    let quotes = find(&doc, &mentions, &entities, builtin());
    let got: Vec<String> = quotes
        .iter()
        .map(|q| {
            let parts: Vec<&str> = q.parts.iter().map(|p| &text[p.range()]).collect();
            let mut s = format!("{} \"{}\"", q.kind.as_str(), parts.join(" | "));
            if let Some(e) = q.speaker {
                let at = q.speaker_span.map_or("?", |sp| &text[sp.range()]);
                s.push_str(&format!(" <- {at}={}", entities[e].name));
            }
            if let Some(c) = q.cue {
                s.push_str(&format!(" ({})", &text[c.range()]));
            }
            s
        })
        .collect();
    if got == expect {
        Ok(())
    } else {
        Err(format!(
            "input: {text}\n  got:    {got:?}\n  expect: {expect:?}"
        ))
    }
}

/// Runs a table of cases and reports every failing one.
#[track_caller]
fn check_all(cases: &[(&str, &[&str])]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(i, e)| check(i, e).err())
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
fn speakers_from_mentions() {
    let cases: &[(&str, &[&str])] = &[
        // After the quote, both orders.
        ("“We will win,” said [[Jane Doe|PERSON]].", &["direct \"We will win,\" <- Jane Doe=Jane Doe (said)"]),
        ("“We will win,” [[Jane Doe|PERSON]] said.", &["direct \"We will win,\" <- Jane Doe=Jane Doe (said)"]),
        // Before the quote.
        ("[[Jane Doe|PERSON]] said: “We will win.”", &["direct \"We will win.\" <- Jane Doe=Jane Doe (said)"]),
        ("[[Jane Doe|PERSON]] said, “We will win.”", &["direct \"We will win.\" <- Jane Doe=Jane Doe (said)"]),
        // Titles and honorifics before a name after the quote.
        (
            "“We will win,” [[Professor|TITLE>]] [[Eastman|PERSON]] said.",
            &["direct \"We will win,\" <- Eastman=Eastman (said)"],
        ),
        ("“We will win,” Ms [[Bauchtman|PERSON]] said.", &["direct \"We will win,\" <- Bauchtman=Bauchtman (said)"]),
        // A possessor can be the antecedent of a pronoun.
        (
            "[[Thomas|PERSON]]' sister pleaded with him, but he said “I am not able to do that”.",
            &["direct \"I am not able to do that\" <- he=Thomas (said)"],
        ),
        // A title before the name: the speaker is the person.
        (
            "“We will win,” said [[Foreign Minister|TITLE>]] [[Wang Yi|PERSON]].",
            &["direct \"We will win,\" <- Wang Yi=Wang Yi (said)"],
        ),
        (
            "[[Foreign Minister|TITLE>]] [[Wang Yi|PERSON]] said: “We will win.”",
            &["direct \"We will win.\" <- Wang Yi=Wang Yi (said)"],
        ),
        // A short name in the cluster of a longer one.
        (
            "[[Antony Blinken|PERSON]] arrived. “It went well,” [[Blinken|PERSON=Antony Blinken]] said.",
            &["direct \"It went well,\" <- Blinken=Antony Blinken (said)"],
        ),
        // Interrupted, with a pronoun inside.
        (
            "[[Jane Doe|PERSON]] spoke on Monday. “We will,” she said, “win.”",
            &["direct \"We will, | win.\" <- she=Jane Doe (said)"],
        ),
        // Pronouns: the subject of the previous sentence, not a later name in it.
        (
            "[[Jane Doe|PERSON]] met [[John Roe|PERSON]] in Paris. “It went well,” she said.",
            &["direct \"It went well,\" <- she=Jane Doe (said)"],
        ),
        // A possessor is the antecedent only when no other name fits.
        (
            "[[Jim Poe|PERSON]] was accused of being [[John Roe|PERSON]]'s aide, which [[Poe|PERSON=Jim Poe]] denied. “I am innocent,” he said.",
            &["direct \"I am innocent,\" <- he=Jim Poe (said)"],
        ),
        (
            "The court heard [[John Roe|PERSON]]'s appeal, which [[Jim Poe|PERSON]] argued. “We will win,” he said.",
            &["direct \"We will win,\" <- he=Jim Poe (said)"],
        ),
        // A person named between the quotes wins over the earlier speaker.
        (
            "“Yes,” said [[Jane Doe|PERSON]]. [[John Roe|PERSON]] disagreed. “No,” he said.",
            &["direct \"Yes,\" <- Jane Doe=Jane Doe (said)", "direct \"No,\" <- he=John Roe (said)"],
        ),
        // Not from two paragraphs back.
        (
            "[[Jane Doe|PERSON]] arrived.\n\nThe talks began.\n\n“It went well,” she said.",
            &["direct \"It went well,\" (said)"],
        ),
        // Gender from honorifics.
        (
            "Mr. [[Roe|PERSON]] met Ms. [[Doe|PERSON]]. “It went well,” she said.",
            &["direct \"It went well,\" <- she=Doe (said)"],
        ),
        // Names inside the quote are not antecedents.
        ("“I met [[John Roe|PERSON]],” he said.", &["direct \"I met John Roe,\" (said)"]),
        // Nominal: the person with that title.
        (
            "[[Sen.|TITLE>]] [[Jane Doe|PERSON]] arrived. Later, “We will win,” the senator said.",
            &["direct \"We will win,\" <- the senator=Jane Doe (said)"],
        ),
        (
            "[[Foreign Minister|TITLE>]] [[Wang Yi|PERSON]] spoke. “We will win,” said the minister.",
            &["direct \"We will win,\" <- the minister=Wang Yi (said)"],
        ),
        // Organisation nouns.
        (
            "The [[Ministry of Defence|ORG]] was asked. “We do not comment,” the ministry said.",
            &["direct \"We do not comment,\" <- the ministry=Ministry of Defence (said)"],
        ),
        ("“We do not comment,” [[Reuters|ORG]] said.", &["direct \"We do not comment,\" <- Reuters=Reuters (said)"]),
        // No speaker where the text names none.
        ("[[Jane Doe|PERSON]] arrived. “We will win,” a spokesman said.", &["direct \"We will win,\" (said)"]),
        ("[[Jane Doe|PERSON]] arrived. “We will win the vote tomorrow.”", &["direct \"We will win the vote tomorrow.\""]),
        ("“We will win,” said [[Jane Doe|PERSON]]'s aide.", &["direct \"We will win,\" (said)"]),
        // Apposition.
        (
            "[[Ned Price|PERSON]], a spokesman, said: “We will win.”",
            &["direct \"We will win.\" <- Ned Price=Ned Price (said)"],
        ),
        // Appositions: after the name, or the name itself.
        (
            "“The question,” said [[Amina Bello|PERSON]], a trader who imports rice, “is whether this reaches me.”",
            &["direct \"The question, | is whether this reaches me.\" <- Amina Bello=Amina Bello (said)"],
        ),
        (
            "The committee chairman, [[Sen.|TITLE>]] [[Robert Hale|PERSON]], said he expected a vote before the recess.",
            &["indirect \"he expected a vote before the recess\" <- Robert Hale=Robert Hale (said)"],
        ),
        (
            "[[Chidi Eze|PERSON]], an economist at the [[University of Lagos|ORG]], said that similar projects had run over budget.",
            &["indirect \"similar projects had run over budget\" <- Chidi Eze=Chidi Eze (said)"],
        ),
        // A cue after a quote needs a subject next to it.
        (
            "The union said the plan lacked “meaningful oversight,” a phrase [[Jane Doe|PERSON]] dismissed.",
            &["term \"meaningful oversight,\""],
        ),
        (
            "He hoped to “find a version we can all live with,” and that talks would continue.",
            &["direct \"find a version we can all live with,\""],
        ),
        // A title after a bare verb is a term, not speech.
        ("[[Norton|PERSON]] would later add “Protector of Mexico” to his title.", &["term \"Protector of Mexico\""]),
        // Terms get no speaker, even next to a name.
        (
            "[[Jane Doe|PERSON]] said the “de-risking” was over.",
            &["indirect \"the “de-risking” was over\" <- Jane Doe=Jane Doe (said)", "term \"de-risking\""],
        ),
        // Reported speech.
        (
            "[[Jane Doe|PERSON]] said that the talks would go on next week.",
            &["indirect \"the talks would go on next week\" <- Jane Doe=Jane Doe (said)"],
        ),
        (
            "[[Jane Doe|PERSON]] arrived. She says the talks would go on.",
            &["indirect \"the talks would go on\" <- She=Jane Doe (says)"],
        ),
        ("The report says the talks would go on.", &[]),
        // A term inside the reported clause.
        (
            "[[Blinken|PERSON]] stressed that the US does not seek a relationship, citing “de-risking” as the aim.",
            &[
                "indirect \"the US does not seek a relationship, citing “de-risking” as the aim\" <- Blinken=Blinken (stressed)",
                "term \"de-risking\"",
            ],
        ),
        // Not the subject: a name governed by a preposition.
        ("[[Blinken|PERSON]]’s meeting with [[Wang|PERSON]] emphasized that the talks would go on.", &[]),
        // Verbs with an object, not a clause.
        ("[[Wang|PERSON]] blamed the US for the decline in relations.", &[]),
        ("[[Wang|PERSON]] described the talks as candid and constructive.", &[]),
        (
            "According to [[Reuters|ORG]], the talks would go on.",
            &["indirect \"the talks would go on\" <- Reuters=Reuters (According to)"],
        ),
        (
            "The talks would go on, according to [[Reuters|ORG]].",
            &["indirect \"The talks would go on\" <- Reuters=Reuters (according to)"],
        ),
        (
            "“It was weeping and melting,” according to the [[Sydney Morning Herald|ORG]].",
            &["direct \"It was weeping and melting,\" <- Sydney Morning Herald=Sydney Morning Herald (according to)"],
        ),
        // A quote paragraph after a quote with a speaker continues it.
        (
            "“We will win,” [[Jane Doe|PERSON]] said.\n\n“The vote is ours and we know it.”",
            &[
                "direct \"We will win,\" <- Jane Doe=Jane Doe (said)",
                "direct \"The vote is ours and we know it.\" <- Jane Doe=Jane Doe",
            ],
        ),
        (
            "“We will win,” [[Jane Doe|PERSON]] said. “The vote is ours and we know it.”",
            &[
                "direct \"We will win,\" <- Jane Doe=Jane Doe (said)",
                "direct \"The vote is ours and we know it.\" <- Jane Doe=Jane Doe",
            ],
        ),
        (
            "“We will win,” [[Jane Doe|PERSON]] said at the ceremony in Lagos. “The vote is ours and we know it.”",
            &[
                "direct \"We will win,\" <- Jane Doe=Jane Doe (said)",
                "direct \"The vote is ours and we know it.\" <- Jane Doe=Jane Doe",
            ],
        ),
        // ...but not across other text.
        (
            "“We will win,” [[Jane Doe|PERSON]] said. The vote is on Friday. “The vote is ours and we know it.”",
            &["direct \"We will win,\" <- Jane Doe=Jane Doe (said)", "direct \"The vote is ours and we know it.\""],
        ),
        (
            "“We will win,” [[Jane Doe|PERSON]] said.\n\nThe vote is on Friday.\n\n“The vote is ours and we know it.”",
            &["direct \"We will win,\" <- Jane Doe=Jane Doe (said)", "direct \"The vote is ours and we know it.\""],
        ),
    ];
    check_all(cases);
}
