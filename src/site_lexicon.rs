//! Names a site supplies (people, organisations, places with aliases).

/// A site's own names; they take priority over the built-in lexicons.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteLexicon {
    pub entries: Vec<SiteEntry>,
}

/// One name with its type and aliases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteEntry {
    pub name: String,
    pub label: crate::Label,
    pub aliases: Vec<String>,
}

/// A malformed site lexicon: which line and field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteLexiconError {
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for SiteLexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: field {:?}: {}", self.line, self.field, self.message)
    }
}

impl SiteLexicon {
    /// Parses a site lexicon from its JSON text.
    pub fn parse(_src: &str) -> Result<SiteLexicon, SiteLexiconError> {
        Err(SiteLexiconError { line: 1, field: String::new(), message: "site lexicons are not supported yet".into() })
    }
}

/// Token ranges of site lexicon names in `doc`, longest first at each position.
pub(crate) fn find(_doc: &crate::segment::Doc, _site: &SiteLexicon) -> Vec<(std::ops::Range<usize>, crate::Label)> {
    Vec::new()
}
