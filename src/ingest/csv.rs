//! A CSV row splitter (RFC 4180 quoting; it says when a quoted field is left open, so that the caller can join
//! the next line to the record).
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

/// The fields of one CSV line.
#[derive(Debug, Clone, Default)]
pub struct Row {
    fields: Vec<String>,
}

impl Row {
    /// Splits `line` into `self`, reusing the allocations. False when a quoted field is still open at the end
    /// (RFC 4180 lets it span lines: the caller joins the next line and parses again).
    pub fn parse(&mut self, line: &str) -> bool {
        let mut closed = true;
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
                closed = false;
                while let Some(c) = chars.next() {
                    if c == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            f.push('"');
                        } else {
                            closed = true;
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
        closed
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

    #[test]
    fn says_when_a_quoted_field_is_left_open() {
        let mut r = Row::default();
        assert!(r.parse("a,b,c"));
        assert!(!r.parse("a,\"b, still b"));
        assert!(r.parse("a,\"b\nc\",d"));
        assert_eq!(r.fields(), ["a", "b\nc", "d"]);
        assert!(r.parse("a,\"say \"\"hi\"\"\",d"));
        assert!(!r.parse("a,\"say \"\"hi\"\""));
        // A quote inside an unquoted field is a character, not an opening.
        assert!(r.parse("a,5\" screen,c"));
        assert_eq!(r.fields(), ["a", "5\" screen", "c"]);
        assert!(!r.parse("\""));
        assert!(r.parse("\"\""));
    }
}
