//! Offset conversions agree with slicing in every unit.

use article_annotator::offsets::{OffsetMap, Unit};

#[test]
fn scalar_offsets_match_python_indices() {
    let text = "Zoë met 習近平 😀 in Zürich";
    let map = OffsetMap::new(text, Unit::Scalar);
    let b = text.find("Zürich").unwrap();
    assert_eq!(map.convert(b), text[..b].chars().count());
}
