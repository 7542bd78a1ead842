//! The zipped size of an unbundled Node.js package when no built package is at hand: what its dependencies take
//! installed (the catalogue's closure sizes, or the project's own install), zipped at the ratio measured on the
//! catalogue's `node_modules`.

use super::imports::ImportCatalog;
use crate::profile::InstalledSize;

/// Zipped ÷ unzipped size of `node_modules`: measured by deflating every file at level 6 as zip does (with zip's
/// per-file headers) over the Node.js catalogue's fresh install of 2026-12-03 (213 packages, 127,050 files,
/// 1,060 MB → 289.9 MB).
pub const NODE_MODULES_ZIP_RATIO: f64 = 0.273;

/// A package size worked out from the imports.
#[derive(Debug, Clone, PartialEq)]
pub struct SizeEstimate {
    /// Zipped, MB.
    pub zipped_mb: f64,
    /// Installed, MB.
    pub unzipped_mb: f64,
    /// How, for the profile's comment.
    pub how: String,
}

/// The zipped size of code that ships `imports` in its `node_modules`: the largest dependency closure, plus each
/// other import's own installed size (closures overlap: ten AWS SDK clients share one set of `@smithy` packages),
/// × [`NODE_MODULES_ZIP_RATIO`]. An import neither the catalogue nor `installed` knows adds the catalogue's median
/// closure. `None` when there are no imports.
pub fn unbundled_size(
    catalog: &ImportCatalog,
    imports: &[String],
    installed: &[(String, InstalledSize)],
) -> Option<SizeEstimate> {
    let mut closures: Vec<(f64, f64)> = Vec::new(); // (closure MB, own MB)
    let mut unknown = 0usize;
    let mut medians: Vec<f64> = catalog
        .imports
        .iter()
        .filter_map(|e| e.closure_mb)
        .collect();
    medians.sort_by(f64::total_cmp);
    let median_closure = medians.get(medians.len() / 2).copied().unwrap_or(0.0);
    for name in imports {
        if let Some(e) = catalog.imports.iter().find(|e| &e.name == name) {
            closures.push((e.closure_mb.unwrap_or(e.installed_mb), e.installed_mb));
        } else if let Some((_, i)) = installed.iter().find(|(n, _)| n == name) {
            closures.push((i.closure_mb, i.closure_mb));
        } else {
            unknown += 1;
            closures.push((median_closure, median_closure));
        }
    }
    if closures.is_empty() {
        return None;
    }
    closures.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (largest, _) = closures.first().copied().unwrap_or((0.0, 0.0));
    let rest: f64 = closures.iter().skip(1).map(|(_, own)| own).sum();
    let unzipped = largest + rest;
    Some(SizeEstimate {
        zipped_mb: unzipped * NODE_MODULES_ZIP_RATIO,
        unzipped_mb: unzipped,
        how: format!(
            "estimate: node_modules of {} imports ≈ {unzipped:.1} MB installed (the largest closure {largest:.1} MB + the others' own sizes{}) × {NODE_MODULES_ZIP_RATIO} zipped",
            imports.len(),
            if unknown > 0 {
                format!("; {unknown} unknown to the catalogue at its median closure {median_closure:.1} MB")
            } else {
                String::new()
            }
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::Imports;

    #[test]
    fn sdk_clients_share_their_closure_and_an_unknown_adds_the_median() {
        let node = Imports::embedded().unwrap().node;
        let one = unbundled_size(&node, &["@aws-sdk/client-s3".into()], &[]).unwrap();
        let s3 = node
            .imports
            .iter()
            .find(|e| e.name == "@aws-sdk/client-s3")
            .unwrap();
        assert!(
            (one.unzipped_mb - s3.closure_mb.unwrap()).abs() < 1e-9,
            "{one:?}"
        );
        assert!((one.zipped_mb - one.unzipped_mb * NODE_MODULES_ZIP_RATIO).abs() < 1e-12);
        let two = unbundled_size(
            &node,
            &["@aws-sdk/client-s3".into(), "@aws-sdk/client-sqs".into()],
            &[],
        )
        .unwrap();
        let sqs = node
            .imports
            .iter()
            .find(|e| e.name == "@aws-sdk/client-sqs")
            .unwrap();
        // Not the sum of both closures: the second adds only its own folder.
        assert!(
            two.unzipped_mb < s3.closure_mb.unwrap() + sqs.closure_mb.unwrap(),
            "{two:?}"
        );
        assert!(two.unzipped_mb > one.unzipped_mb, "{two:?}");
        let with_unknown = unbundled_size(
            &node,
            &["@aws-sdk/client-s3".into(), "no-such-package".into()],
            &[],
        )
        .unwrap();
        assert!(with_unknown.how.contains("1 unknown"), "{with_unknown:?}");
        assert!(unbundled_size(&node, &[], &[]).is_none());
    }
}
