//! One PEP 508 requirement (`name[extra1,extra2] >=1.0,<2 ; marker`, or `name @ url ; marker`), as written in
//! `requirements.txt` lines and PEP 621 `dependencies` arrays.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

/// A requirement taken apart. Nothing is evaluated here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// The distribution name as written.
    pub name: String,
    /// The extras inside `[…]`, as written.
    pub extras: Vec<String>,
    /// The version specifiers without spaces (`>=1.0,<2`), when there are any.
    pub spec: Option<String>,
    /// The URL of a direct reference (`name @ https://…`).
    pub url: Option<String>,
    /// The environment marker after `;`.
    pub marker: Option<String>,
}

impl Requirement {
    /// The version when the specifier pins exactly one (`==1.2.3` or `===1.2.3`, no wildcard).
    pub fn pinned(&self) -> Option<&str> {
        let spec = self.spec.as_deref()?;
        if spec.contains(',') {
            return None;
        }
        let v = spec
            .strip_prefix("===")
            .or_else(|| spec.strip_prefix("=="))?;
        (!v.contains('*')).then_some(v)
    }
}

const OPERATORS: &[&str] = &["===", "~=", "==", "!=", "<=", ">=", "<", ">"];

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Checks one comma-separated version clause such as `>= 1.0` and returns it without spaces.
fn clause(c: &str) -> Result<String, String> {
    let c = c.trim();
    let op = OPERATORS
        .iter()
        .find(|op| c.starts_with(**op))
        .ok_or_else(|| {
            format!("`{c}` is not a version specifier (expected ==, >=, ~=, … and a version)")
        })?;
    let v = c.get(op.len()..).unwrap_or("").trim();
    if v.is_empty() {
        return Err(format!("`{op}` without a version"));
    }
    if let Some(bad) = v.chars().find(|&ch| {
        !(ch.is_ascii_alphanumeric() || matches!(ch, '.' | '*' | '+' | '!' | '-' | '_'))
    }) {
        return Err(format!("`{bad}` in version `{v}`"));
    }
    Ok(format!("{op}{v}"))
}

/// Parses one requirement. The error says what is wrong, for the caller to place at a file and line.
pub fn parse(text: &str) -> Result<Requirement, String> {
    let text = text.trim();
    let name_len = text
        .char_indices()
        .find(|&(_, c)| !is_name_char(c))
        .map_or(text.len(), |(i, _)| i);
    let (name, mut rest) = text.split_at(name_len);
    let starts_ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let ends_ok = name
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if !starts_ok || !ends_ok {
        return Err("expected a distribution name (letters, digits, `-`, `_`, `.`)".into());
    }
    rest = rest.trim_start();
    let mut extras = Vec::new();
    if let Some(after) = rest.strip_prefix('[') {
        let (inside, after) = after
            .split_once(']')
            .ok_or_else(|| "`[` of the extras is never closed".to_string())?;
        for e in inside.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if !e.chars().all(is_name_char) {
                return Err(format!("`{e}` is not an extra's name"));
            }
            extras.push(e.to_string());
        }
        rest = after.trim_start();
    }
    let mut url = None;
    let (body, marker) = if let Some(u) = rest.strip_prefix('@') {
        // After a URL the marker's `;` must follow whitespace, since URLs may contain `;`.
        let u = u.trim_start();
        let cut = u.find(" ;").or_else(|| u.find("\t;"));
        let (u, m) = match cut {
            Some(i) => (u.get(..i).unwrap_or(u), u.get(i..).map(|m| m.trim_start())),
            None => (u, None),
        };
        if u.trim().is_empty() {
            return Err("`@` without a URL".into());
        }
        url = Some(u.trim().to_string());
        ("", m.and_then(|m| m.strip_prefix(';')))
    } else {
        match rest.split_once(';') {
            Some((b, m)) => (b, Some(m)),
            None => (rest, None),
        }
    };
    let marker = match marker.map(str::trim) {
        Some("") => return Err("`;` without an environment marker".into()),
        m => m.map(str::to_string),
    };
    let mut body = body.trim();
    if let Some(inner) = body.strip_prefix('(') {
        body = inner
            .strip_suffix(')')
            .ok_or_else(|| "`(` of the version specifiers is never closed".to_string())?
            .trim();
    }
    let spec = if body.is_empty() {
        None
    } else {
        let clauses = body.split(',').map(clause).collect::<Result<Vec<_>, _>>()?;
        Some(clauses.join(","))
    };
    Ok(Requirement {
        name: name.to_string(),
        extras,
        spec,
        url,
        marker,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let r = parse("httpx[http2]==0.27.2").unwrap();
        assert_eq!(r.name, "httpx");
        assert_eq!(r.extras, ["http2"]);
        assert_eq!(r.pinned(), Some("0.27.2"));

        let r = parse("psycopg[binary, pool] >= 3.1 , < 4 ; python_version >= '3.8'").unwrap();
        assert_eq!(r.name, "psycopg");
        assert_eq!(r.extras, ["binary", "pool"]);
        assert_eq!(r.spec.as_deref(), Some(">=3.1,<4"));
        assert_eq!(r.pinned(), None);
        assert_eq!(r.marker.as_deref(), Some("python_version >= '3.8'"));

        let r = parse("boto3").unwrap();
        assert_eq!((r.spec, r.marker), (None, None));

        let r = parse("pkg @ https://example.com/p.whl ; sys_platform == 'linux'").unwrap();
        assert_eq!(r.url.as_deref(), Some("https://example.com/p.whl"));
        assert_eq!(r.marker.as_deref(), Some("sys_platform == 'linux'"));

        assert_eq!(parse("a (==1.0)").unwrap().pinned(), Some("1.0"));
        assert_eq!(parse("a==1.*").unwrap().pinned(), None);
        assert_eq!(parse("a===1.0").unwrap().pinned(), Some("1.0"));
    }

    #[test]
    fn junk() {
        for bad in [
            "",
            "-foo",
            "foo-",
            "foo bar",
            "foo[bar",
            "foo[b r]",
            "foo==",
            "foo ==1.0 ; ",
            "foo @ ",
            "foo =1",
            "foo==1 0",
            "foo (==1.0",
            "ünïcode",
            "foo>=1,,",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
    }
}
