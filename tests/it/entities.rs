//! Entity spans and types on short news sentences, as a table.
//!
//! Each expectation lists the mentions in order as `TYPE text`, TITLE
//! mentions included, joined by " | ".

use article_annotator::annotate;

#[track_caller]
fn check(text: &str, expect: &str) {
    let ann = annotate(text);
    let got: Vec<String> = ann
        .mentions
        .iter()
        .map(|m| format!("{} {}", m.label.as_str(), &text[m.span.range()]))
        .collect();
    assert_eq!(got.join(" | "), expect, "\n  in: {text}");
}

#[test]
fn people_and_titles() {
    check(
        "US Secretary of State Antony Blinken arrived in Beijing on Monday.",
        "GPE US | TITLE Secretary of State | PERSON Antony Blinken | GPE Beijing | DATE Monday",
    );
    check(
        "He met Chinese President Xi Jinping.",
        "NORP Chinese | TITLE President | PERSON Xi Jinping",
    );
    check(
        "Foreign Minister Wang Yi spoke first.",
        "TITLE Foreign Minister | PERSON Wang Yi",
    );
    check("Mr. Blinken said little.", "PERSON Blinken");
    // Initials stay inside the name, before it or in the middle.
    check(
        "Judge Mario J. Vasquez and K. Anita Osei signed it.",
        "TITLE Judge | PERSON Mario J. Vasquez | PERSON K. Anita Osei",
    );
    // A capitalised contraction is not part of a name.
    check("And I'm Teresa Okafor.", "PERSON Teresa Okafor");
    check("Don't ask Teresa Okafor.", "PERSON Teresa Okafor");
    check(
        "Sen. Maria Delgado wrote the bill.",
        "TITLE Sen. | PERSON Maria Delgado",
    );
    check(
        "Antony Blinken landed. Blinken’s visit was brief.",
        "PERSON Antony Blinken | PERSON Blinken",
    );
    check(
        "The talks ended and Amina Bello went home.",
        "PERSON Amina Bello",
    );
}

#[test]
fn places_groups_and_organisations() {
    check("Ships crossed the Taiwan Strait.", "LOC Taiwan Strait");
    check("He flew to the United States.", "GPE United States");
    check(
        "Chinese officials and Republicans objected.",
        "NORP Chinese | NORP Republicans",
    );
    check(
        "The World Health Organization (WHO) said so.",
        "ORG World Health Organization | ORG WHO",
    );
    check(
        "The deal strains U.S.-China relations.",
        "GPE U.S. | GPE China",
    );
    check("During his trip, officials met.", "");
    // An organisation word capitalised after a determiner is its short
    // name when the tagger takes it for one; at a sentence start, not.
    check(
        "The rebels fought the Army. Army cooks fed them.",
        "ORG Army",
    );
    // An acronym defined in brackets from a name's initials is a mention
    // of it, there and later; an unclosed bracket ends a name.
    check(
        "It sued the Housing Authority of New Orleans (HANO) in May. HANO appealed.",
        "ORG Housing Authority of New Orleans | ORG HANO | DATE May | ORG HANO",
    );
    // A state's postal code after a town and a comma is a place; not a
    // degree after a person, nor "OK" after a greeting.
    check(
        "Write to us in Baltimore, MD 21202. Thanks John, OK?",
        "GPE Baltimore | GPE MD | PERSON John",
    );
    // "of the" inside an organisation's name.
    check(
        "The National Library of the Netherlands and the Department of the Treasury agreed.",
        "ORG National Library of the Netherlands | ORG Department of the Treasury",
    );
    // A capitalised article mid-sentence opens a title, not a name.
    check(
        "Their second album, A Beautiful Lie, sold well in Ohio.",
        "GPE Ohio",
    );
    // A reference noun and its number point into a document: no name.
    check(
        "Article III demands it, as Tab 4 of Case 22-506 shows, Mary Okafor said.",
        "PERSON Mary Okafor",
    );
    // A given name that is nothing else is a person on its own.
    check(
        "The staff were kind. Barb does an amazing job.",
        "PERSON Barb",
    );
    // A lone given name greeting a reader is a person.
    check("Greg, I faxed you the forms.", "PERSON Greg");
    // A postscript mark after a signature is no initial of the name.
    check("Work hard.\nCheers Chris P.S. I moved.", "PERSON Chris");
    // Places in lower case: rare ones anywhere, common words only where
    // the sentence has no capitals at all.
    check("i am from mexico and live in ohio", "GPE mexico | GPE ohio");
    check(
        "We moved from vietnam last year.",
        "GPE vietnam | DATE last year",
    );
    check("We served turkey and fine china.", "");
    // Shouted ordinary words are not names.
    check("Great prices, CALL TODAY AND SEE HER.", "");
    // Places that are very common words: the words at a sentence start
    // and in text without capitals, the place where written so mid-sentence.
    check("Nice people. have a nice day", "");
    check(
        "Nice was calm. The festival in Nice ended.",
        "GPE Nice | GPE Nice",
    );
    // Places of several words in lower case; a place that is also a given
    // name only after a preposition of place.
    check(
        "We flew from new york to San Diego and then to sri lanka.",
        "GPE new york | GPE San Diego | GPE sri lanka",
    );
    check(
        "my cousin lives in florida now. florida called me today",
        "GPE florida | DATE today",
    );
    // A storm named like a person is an event, and so is its bare name.
    check(
        "Typhoon Lorena hit Luzon. Lorena weakened on Friday.",
        "EVENT Typhoon Lorena | LOC Luzon | EVENT Lorena | DATE Friday",
    );
}

#[test]
fn values() {
    check(
        "It cost $1.2 billion, up 14 percent.",
        "MONEY $1.2 billion | PERCENT 14 percent",
    );
    check(
        "The vote came at 9 p.m. on June 5, 2023.",
        "TIME 9 p.m. | DATE June 5, 2023",
    );
}

#[test]
fn aliases() {
    let text =
        "Antony Blinken met Xi Jinping. Blinken told Xi that the US and the U.S. Congress agreed.";
    let ann = annotate(text);
    let names: Vec<(&str, &str)> = ann
        .mentions
        .iter()
        .map(|m| (&text[m.span.range()], ann.entities[m.entity].name.as_str()))
        .collect();
    assert!(names.contains(&("Blinken", "Antony Blinken")), "{names:?}");
    assert!(names.contains(&("Xi", "Xi Jinping")), "{names:?}");
    assert!(names.contains(&("US", "United States")), "{names:?}");
}
