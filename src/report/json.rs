//! JSON: the report model as is (see `schema`).

use super::model::Report;
use super::Renderer;

/// Pretty-printed JSON for machines.
pub struct Json;

impl Renderer for Json {
    fn render(&self, r: &Report) -> String {
        let mut s =
            serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        s.push('\n');
        s
    }
}
