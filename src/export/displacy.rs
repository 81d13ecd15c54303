//! spaCy displaCy's "manual" input: `{"text", "ents": [{"start", "end",
//! "label"}], "title": null}`, as `displacy.render(data, style="ent",
//! manual=True)` reads it. Python counts code points, so pass
//! [`Unit::Scalar`] for Python (the CLI does); quotes are not entities and
//! are left out.

use crate::export::{comma, string};
use crate::offsets::{OffsetMap, Unit};
use crate::Annotation;

pub fn displacy(text: &str, ann: &Annotation, unit: Unit) -> String {
    let map = OffsetMap::new(text, unit);
    let mut w = String::with_capacity(text.len() + 64 + ann.mentions.len() * 48);
    w.push_str("{\"text\":");
    string(&mut w, text);
    w.push_str(",\"ents\":[");
    for (k, m) in ann.mentions.iter().enumerate() {
        comma(&mut w, k);
        w.push_str("{\"start\":");
        w.push_str(&map.convert(m.span.start).to_string());
        w.push_str(",\"end\":");
        w.push_str(&map.convert(m.span.end).to_string());
        w.push_str(",\"label\":");
        string(&mut w, m.label.as_str());
        w.push('}');
    }
    w.push_str("],\"title\":null}");
    w
}
