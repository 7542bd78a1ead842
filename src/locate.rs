//! Finding the line of a dotted key in TOML text, so validation errors can point at it.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

/// The 1-based line where the dotted `field` (e.g. `traffic.monthly_invocations`) is assigned in `text`,
/// looking for `key = …` under the `[section]` header, or a dotted `section.key = …` at the top level.
/// Returns `None` when it cannot be found (for example a default that was never written).
pub fn find_key_line(text: &str, field: &str) -> Option<usize> {
    let field = field.split('[').next().unwrap_or(field);
    let (section, key) = match field.rfind('.') {
        Some(i) => (&field[..i], &field[i + 1..]),
        None => ("", field),
    };
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(h) = t.strip_prefix('[') {
            current = h
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            continue;
        }
        let Some((lhs, _)) = t.split_once('=') else {
            continue;
        };
        let lhs = lhs.trim().trim_matches('"');
        let full = if current.is_empty() {
            lhs.to_string()
        } else {
            format!("{current}.{lhs}")
        };
        if (current == section && lhs == key) || full == field {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_key_line;

    #[test]
    fn finds_keys_in_sections_and_dotted() {
        let t = "name = \"a\"\nmemory_mb = 5\n[traffic]\nmonthly_invocations = -1\n[regions.us-east-1.x86_64]\nduration_tiers = []\n";
        assert_eq!(find_key_line(t, "memory_mb"), Some(2));
        assert_eq!(find_key_line(t, "traffic.monthly_invocations"), Some(4));
        assert_eq!(
            find_key_line(t, "regions.us-east-1.x86_64.duration_tiers"),
            Some(6)
        );
        assert_eq!(find_key_line(t, "traffic.keep_alive_s"), None);
    }
}
