//! PEP 508 environment markers (`sys_platform == "win32"`, `python_version < "3.11" and os_name == "posix"`)
//! evaluated for AWS Lambda: Linux, CPython. Variables Lambda does not fix for us (the Python version, the
//! machine, `extra`) are unknown, and a marker that depends on them is kept: only a marker that is false on
//! every Lambda drops its dependency.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

/// How deep parentheses may nest before a marker is refused (a guard against hostile input, not a PEP rule).
const MAX_NESTING: usize = 32;

/// The value of a marker variable on AWS Lambda, when every Lambda Python runtime agrees on it.
fn lambda_value(var: &str) -> Option<&'static str> {
    match var {
        "sys_platform" => Some("linux"),
        "platform_system" => Some("Linux"),
        "os_name" => Some("posix"),
        "platform_python_implementation" => Some("CPython"),
        "implementation_name" => Some("cpython"),
        _ => None,
    }
}

/// Marker variables whose value differs between Lambda functions (or is not an environment value at all).
const OPEN_VARIABLES: &str =
    "python_version python_full_version platform_release platform_version \
                              platform_machine implementation_version extra dependency_groups";

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Str(String),
    Var(String),
    Op(String),
    And,
    Or,
}

fn tokenize(s: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' || c == ')' {
            chars.next();
            out.push(if c == '(' { Token::Open } else { Token::Close });
        } else if c == '"' || c == '\'' {
            chars.next();
            let mut v = String::new();
            loop {
                match chars.next() {
                    Some(x) if x == c => break,
                    Some(x) => v.push(x),
                    None => return Err(format!("unclosed quote {c}")),
                }
            }
            out.push(Token::Str(v));
        } else if "<>=!~".contains(c) {
            let mut op = String::new();
            while let Some(&x) = chars.peek() {
                if !"<>=!~".contains(x) {
                    break;
                }
                op.push(x);
                chars.next();
            }
            if !matches!(
                op.as_str(),
                "<" | "<=" | "!=" | "==" | ">=" | ">" | "~=" | "==="
            ) {
                return Err(format!("unknown operator `{op}`"));
            }
            out.push(Token::Op(op));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut w = String::new();
            while let Some(&x) = chars.peek() {
                if !(x.is_ascii_alphanumeric() || x == '_' || x == '.') {
                    break;
                }
                w.push(x);
                chars.next();
            }
            match w.as_str() {
                "and" => out.push(Token::And),
                "or" => out.push(Token::Or),
                "in" => out.push(Token::Op("in".into())),
                "not" => out.push(Token::Op("not".into())),
                v if lambda_value(v).is_some()
                    || OPEN_VARIABLES.split_whitespace().any(|o| o == v) =>
                {
                    out.push(Token::Var(w))
                }
                _ => return Err(format!("unknown marker variable `{w}`")),
            }
        } else {
            return Err(format!("unexpected character `{c}`"));
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn or(&mut self, depth: usize) -> Result<Option<bool>, String> {
        let mut acc = self.and(depth)?;
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            let rhs = self.and(depth)?;
            acc = match (acc, rhs) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            };
        }
        Ok(acc)
    }

    fn and(&mut self, depth: usize) -> Result<Option<bool>, String> {
        let mut acc = self.atom(depth)?;
        while self.peek() == Some(&Token::And) {
            self.pos += 1;
            let rhs = self.atom(depth)?;
            acc = match (acc, rhs) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
        }
        Ok(acc)
    }

    fn atom(&mut self, depth: usize) -> Result<Option<bool>, String> {
        if self.peek() == Some(&Token::Open) {
            if depth >= MAX_NESTING {
                return Err(format!("parentheses nested deeper than {MAX_NESTING}"));
            }
            self.pos += 1;
            let v = self.or(depth + 1)?;
            return match self.next() {
                Some(Token::Close) => Ok(v),
                _ => Err("missing `)`".into()),
            };
        }
        let lhs = self.operand()?;
        let op = match self.next() {
            Some(Token::Op(op)) if op == "not" => match self.next() {
                Some(Token::Op(i)) if i == "in" => "not in".to_string(),
                _ => return Err("`not` must be followed by `in`".into()),
            },
            Some(Token::Op(op)) => op,
            _ => return Err("expected a comparison operator".into()),
        };
        let rhs = self.operand()?;
        Ok(compare(lhs, &op, rhs))
    }

    /// A quoted string as `Some(Some(value))`, a variable as `Some(its Lambda value)`.
    fn operand(&mut self) -> Result<Option<String>, String> {
        match self.next() {
            Some(Token::Str(s)) => Ok(Some(s)),
            Some(Token::Var(v)) => Ok(lambda_value(&v).map(str::to_string)),
            _ => Err("expected a variable or a quoted string".into()),
        }
    }
}

/// Compares two known strings; anything unknown, and version comparisons, are unknown.
fn compare(lhs: Option<String>, op: &str, rhs: Option<String>) -> Option<bool> {
    let (l, r) = (lhs?, rhs?);
    match op {
        "==" | "===" => Some(l == r),
        "!=" => Some(l != r),
        "in" => Some(r.contains(&l)),
        "not in" => Some(!r.contains(&l)),
        _ => None,
    }
}

/// Evaluates `marker` on AWS Lambda: `Ok(Some(false))` when it excludes every Lambda (the dependency is not
/// installed there), `Ok(Some(true))` when it holds on every Lambda, `Ok(None)` when it depends on what Lambda
/// leaves open (the Python version, the machine). `Err` says why the marker is not understood.
pub fn on_lambda(marker: &str) -> Result<Option<bool>, String> {
    let tokens = tokenize(marker)?;
    if tokens.is_empty() {
        return Err("empty marker".into());
    }
    let mut p = Parser { tokens, pos: 0 };
    let v = p.or(0)?;
    if p.pos < p.tokens.len() {
        return Err("unexpected text after the marker".into());
    }
    Ok(v)
}

/// Whether a dependency `name` with `marker` is installed on Lambda. A marker that excludes Lambda drops it
/// with a note at `at`; one not understood keeps it with a note.
pub(super) fn keep(
    name: &str,
    marker: Option<&str>,
    at: &dyn std::fmt::Display,
    notes: &mut Vec<String>,
) -> bool {
    let Some(m) = marker else { return true };
    match on_lambda(m) {
        Ok(Some(false)) => {
            notes.push(format!(
                "{at}: `{name}` skipped: marker `{m}` excludes Lambda (Linux)"
            ));
            false
        }
        Ok(_) => true,
        Err(e) => {
            let m = super::short(m);
            notes.push(format!(
                "{at}: marker `{m}` not understood ({e}); `{name}` kept"
            ));
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::on_lambda;

    #[test]
    fn platforms() {
        assert_eq!(on_lambda("sys_platform == \"win32\""), Ok(Some(false)));
        assert_eq!(on_lambda("sys_platform == 'linux'"), Ok(Some(true)));
        assert_eq!(on_lambda("platform_system != \"Windows\""), Ok(Some(true)));
        assert_eq!(on_lambda("os_name == 'nt'"), Ok(Some(false)));
        assert_eq!(on_lambda("'linux' in sys_platform"), Ok(Some(true)));
        assert_eq!(
            on_lambda("sys_platform not in 'darwin win32'"),
            Ok(Some(true))
        );
    }

    #[test]
    fn unknowns_keep_the_dependency() {
        assert_eq!(on_lambda("python_version < \"3.11\""), Ok(None));
        assert_eq!(
            on_lambda("python_version < '3.11' and sys_platform == 'darwin'"),
            Ok(Some(false))
        );
        assert_eq!(
            on_lambda("python_version < '3.11' or sys_platform == 'linux'"),
            Ok(Some(true))
        );
        assert_eq!(
            on_lambda("(platform_machine == 'x86_64' or platform_machine == 'aarch64') and os_name == 'posix'"),
            Ok(None)
        );
        assert_eq!(on_lambda("extra == 'dev'"), Ok(None));
    }

    #[test]
    fn junk_is_an_error_not_a_panic() {
        for bad in [
            "",
            "sys_platform",
            "sys_platform ==",
            "sys_platform == 'linux",
            "colour == 'red'",
            "sys_platform <> 'x'",
            "(sys_platform == 'x'",
            "sys_platform == 'x')",
            "sys_platform not 'x'",
            "§",
        ] {
            assert!(on_lambda(bad).is_err(), "{bad}");
        }
        let deep = format!(
            "{}os_name == 'nt'{}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        assert!(on_lambda(&deep).is_err());
        let ok = format!("{}os_name == 'nt'{}", "(".repeat(5), ")".repeat(5));
        assert_eq!(on_lambda(&ok), Ok(Some(false)));
    }
}
