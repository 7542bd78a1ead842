//! What every lockfile reader returns: the packages it pins, and, when the lockfile says, which of them the
//! project itself depends on (its root).

use crate::vocab::names::normalize;
use crate::vocab::Family;

/// One package a lockfile pins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locked {
    /// The package name as the lockfile writes it.
    pub name: String,
    /// The exact version installed.
    pub version: String,
    /// The requirements this entry resolves (`^4.17.0` in yarn's `lodash@^4.17.0`); empty when the format does
    /// not say.
    pub ranges: Vec<String>,
    /// The 1-based line of the entry, when known.
    pub line: Option<usize>,
}

/// A lockfile read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lockfile {
    /// The file, as a path.
    pub file: String,
    /// Every package pinned, top-level and transitive, in file order.
    pub entries: Vec<Locked>,
    /// The names the project itself depends on, when the lockfile records them (uv's root package), or when they
    /// were inferred as the packages nothing else depends on (Poetry); `None` when it cannot say (Pipfile.lock).
    pub roots: Option<Vec<Locked>>,
    /// How the roots were found, for a note.
    pub roots_note: Option<String>,
    /// What was skipped while reading.
    pub notes: Vec<String>,
}

impl Lockfile {
    /// The version pinned for `name` (PEP 503 comparison for Python). When a name is pinned at several versions,
    /// the entry that resolves `range` wins; without one, the versions must agree.
    pub fn version_of(&self, name: &str, range: Option<&str>, family: Family) -> Option<&str> {
        let same = |e: &&Locked| match family {
            Family::Python => normalize(&e.name) == normalize(name),
            _ => e.name == name,
        };
        let mut hits = self.entries.iter().filter(same).peekable();
        let first = hits.peek().copied()?;
        let hits: Vec<&Locked> = hits.collect();
        if let Some(range) = range.map(str::trim) {
            if let Some(e) = hits.iter().find(|e| e.ranges.iter().any(|r| r == range)) {
                return Some(e.version.as_str());
            }
        }
        hits.iter()
            .all(|e| e.version == first.version)
            .then_some(first.version.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, version: &str, ranges: &[&str]) -> Locked {
        Locked {
            name: name.into(),
            version: version.into(),
            ranges: ranges.iter().map(|r| r.to_string()).collect(),
            line: None,
        }
    }

    #[test]
    fn ranges_pick_among_versions() {
        let lock = Lockfile {
            entries: vec![
                entry("uuid", "8.3.2", &["^8.3.0"]),
                entry("uuid", "9.0.1", &["^9.0.1", "^9.0.0"]),
                entry("Typing_Extensions", "4.12.2", &[]),
            ],
            ..Lockfile::default()
        };
        assert_eq!(
            lock.version_of("uuid", Some("^9.0.1"), Family::Node),
            Some("9.0.1")
        );
        assert_eq!(lock.version_of("uuid", Some("^7"), Family::Node), None);
        assert_eq!(lock.version_of("uuid", None, Family::Node), None);
        assert_eq!(
            lock.version_of("typing-extensions", None, Family::Python),
            Some("4.12.2")
        );
        assert_eq!(
            lock.version_of("typing-extensions", None, Family::Node),
            None
        );
    }
}
