//! JSON: the report model as is (see `schema`), amounts unrounded.

use super::model::Report;
use crate::error::Result;

/// The report as JSON.
pub(crate) fn render(r: &Report) -> Result<String> {
    super::format::to_json(r)
}
