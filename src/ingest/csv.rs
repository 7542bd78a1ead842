//! A CSV row splitter (RFC 4180 quoting within one line; exports of Lambda data have no line breaks in fields).
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

/// The fields of one CSV line.
#[derive(Debug, Clone, Default)]
pub struct Row {
    fields: Vec<String>,
}

impl Row {
    /// Splits `line` into `self`, reusing the allocations.
    pub fn parse(&mut self, line: &str) {
        let mut n = 0;
        let mut chars = line.chars().peekable();
        loop {
            if n == self.fields.len() {
                self.fields.push(String::new());
            }
            let Some(f) = self.fields.get_mut(n) else {
                break;
            };
            f.clear();
            n += 1;
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    if c == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            f.push('"');
                        } else {
                            break;
                        }
                    } else {
                        f.push(c);
                    }
                }
                // Anything between the closing quote and the comma is kept as written.
                for c in chars.by_ref() {
                    if c == ',' {
                        break;
                    }
                    f.push(c);
                }
                if chars.peek().is_none() && !line.ends_with(',') {
                    break;
                }
                continue;
            }
            let mut ended = true;
            for c in chars.by_ref() {
                if c == ',' {
                    ended = false;
                    break;
                }
                f.push(c);
            }
            if ended {
                break;
            }
        }
        self.fields.truncate(n);
    }

    /// The fields.
    pub fn fields(&self) -> &[String] {
        &self.fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_empty_fields() {
        let mut r = Row::default();
        r.parse(r#"a,"b,c",,"d ""e""",f"#);
        assert_eq!(r.fields(), ["a", "b,c", "", "d \"e\"", "f"]);
        r.parse("x");
        assert_eq!(r.fields(), ["x"]);
        r.parse("x,");
        assert_eq!(r.fields(), ["x", ""]);
    }
}
