//! Alias clusters: mentions of the same thing become one entity.
use crate::segment::Doc;
use crate::{Entity, Mention};

pub(crate) fn cluster(_doc: &Doc, _mentions: &mut [Mention]) -> Vec<Entity> {
    Vec::new()
}
