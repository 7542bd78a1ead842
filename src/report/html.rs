//! The HTML page every `--format html` report is written on: one self-contained file (inline CSS and SVG, no
//! script, no font or image fetched) with a print stylesheet, so it attaches to a budget review and prints to PDF
//! cleanly. The reports fill it with their sections ([`super::html_report`], [`super::html_more`]).

use super::model::PricingInfo;
use super::pricing_render::price_rows;
use crate::chart::svg::esc;
use crate::chart::Figure;
use crate::date::Date;
use crate::money::group_thousands;
use std::fmt::Write as _;

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f6f4; color: #1a1a1a; font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1010px; margin: 0 auto; padding: 28px 24px 48px; background: white; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #e4e4e0; }
h3 { font-size: 16px; margin: 20px 0 6px; }
p.meta { color: #555; margin: 0 0 8px; font-size: 13px; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; padding: 0; }
.kpis div { flex: 1 1 180px; border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; }
.kpis dt { font-size: 12px; color: #555; text-transform: uppercase; letter-spacing: .04em; }
.kpis dd { margin: 2px 0 0; font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.kpis dd small { display: block; font-size: 12px; font-weight: normal; color: #555; }
p.lead { font-size: 16px; }
figure { margin: 18px 0; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid #eee; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13.5px; }
th, td { border-bottom: 1px solid #e6e6e6; padding: 5px 8px; text-align: left; vertical-align: top; white-space: pre-line; }
th { background: #f3f3f0; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th { white-space: normal; }
tr.total td { font-weight: 700; border-top: 2px solid #999; }
tr.best td:first-child { font-weight: 700; }
ul.assumptions li, ul.notes li { margin: 3px 0; }
.note { color: #555; font-size: 13px; }
.scroll { overflow-x: auto; }
footer { margin-top: 36px; color: #666; font-size: 12px; border-top: 1px solid #ddd; padding-top: 8px; }
a { color: #0b5394; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: white; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, tr, .kpis div { break-inside: avoid; page-break-inside: avoid; }
  figure svg { border: none; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  table { font-size: 9pt; }
}
"#;

/// Text escaped for HTML, with the `http(s)://` addresses in it made links.
pub(crate) fn linked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest
        .find("http://")
        .into_iter()
        .chain(rest.find("https://"))
        .min()
    {
        out.push_str(&esc(&rest[..i]));
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | ')' | ']'))
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':']);
        out.push_str(&format!(r#"<a href="{0}">{0}</a>"#, esc(url)));
        rest = &tail[url.len()..];
    }
    out.push_str(&esc(rest));
    out
}

/// One HTML page being written.
pub(crate) struct Page {
    body: String,
    title: String,
    /// What the amounts are, said at the foot of the page.
    amounts: &'static str,
}

/// The foot of an estimate's page: its amounts are monthly.
const MONTHLY: &str = "every amount is a monthly USD figure unless it says otherwise";

impl Page {
    /// A page titled `title`, with a line under it saying what made it and when.
    pub fn new(title: &str, meta: &str) -> Page {
        let mut body = String::new();
        let _ = writeln!(
            body,
            "<header><h1>{}</h1><p class=\"meta\">{}</p></header>",
            esc(title),
            esc(meta)
        );
        Page {
            body,
            title: title.to_string(),
            amounts: MONTHLY,
        }
    }

    /// Says at the foot of the page what its amounts are, when they are not monthly figures.
    pub fn amounts(&mut self, what: &'static str) {
        self.amounts = what;
    }

    /// Opens a section with its heading.
    pub fn section(&mut self, id: &str, heading: &str) {
        let _ = writeln!(
            self.body,
            "<section id=\"{}\"><h2>{}</h2>",
            esc(id),
            esc(heading)
        );
    }

    /// Closes the open section.
    pub fn end(&mut self) {
        self.body.push_str("</section>\n");
    }

    /// A sub-heading.
    pub fn h3(&mut self, text: &str) {
        let _ = writeln!(self.body, "<h3>{}</h3>", esc(text));
    }

    /// A paragraph of text (addresses linked).
    pub fn p(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p>{}</p>", linked(text));
    }

    /// A paragraph in the lead style.
    pub fn lead(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p class=\"lead\">{}</p>", linked(text));
    }

    /// A small note.
    pub fn note(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p class=\"note\">{}</p>", linked(text));
    }

    /// Key figures as cards: (label, value, detail).
    pub fn kpis(&mut self, items: &[(String, String, String)]) {
        self.body.push_str("<dl class=\"kpis\">");
        for (label, value, detail) in items {
            let _ = write!(
                self.body,
                "<div><dt>{}</dt><dd>{}{}</dd></div>",
                esc(label),
                esc(value),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!("<small>{}</small>", esc(detail))
                }
            );
        }
        self.body.push_str("</dl>\n");
    }

    /// A bulleted list (addresses linked).
    pub fn list(&mut self, class: &str, items: &[String]) {
        let _ = write!(self.body, "<ul class=\"{}\">", esc(class));
        for i in items {
            let _ = write!(self.body, "<li>{}</li>", linked(i));
        }
        self.body.push_str("</ul>\n");
    }

    /// A table: `numeric` columns are right-aligned; rows whose first cell starts with `total` are emphasised.
    pub fn table<S: AsRef<str>>(&mut self, head: &[S], rows: &[Vec<String>], numeric: &[usize]) {
        self.body
            .push_str("<div class=\"scroll\"><table><thead><tr>");
        for (i, h) in head.iter().enumerate() {
            let class = if numeric.contains(&i) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(self.body, "<th{class}>{}</th>", esc(h.as_ref()));
        }
        self.body.push_str("</tr></thead><tbody>\n");
        for r in rows {
            let total = r.first().is_some_and(|c| c.starts_with("total"));
            self.body.push_str(if total {
                "<tr class=\"total\">"
            } else {
                "<tr>"
            });
            for (i, c) in r.iter().enumerate() {
                let class = if numeric.contains(&i) {
                    " class=\"num\""
                } else {
                    ""
                };
                let _ = write!(self.body, "<td{class}>{}</td>", linked(c));
            }
            self.body.push_str("</tr>\n");
        }
        self.body.push_str("</tbody></table></div>\n");
    }

    /// The figures, each drawn inline as SVG.
    pub fn figures(&mut self, figures: &[Figure]) {
        for f in figures {
            let svg = crate::chart::svg::figure(f);
            let _ = writeln!(self.body, "<figure>{}</figure>", svg.trim_end());
        }
    }

    /// Where every price came from, each price exact with its date, and the billing rules' date.
    pub fn prices(&mut self, pricing: &PricingInfo, rules_as_of: Date, init_rule: &str) {
        self.section("prices", "Prices and rules");
        self.p(&format!(
            "Price book: {} — {} (compiled {}). Billing rules as of {rules_as_of}: {init_rule}.",
            pricing.origin, pricing.source, pricing.as_of
        ));
        if let Some(book) = &pricing.prices {
            // One column per region and architecture, one row per price: narrow enough for a page.
            let (head, rows) = price_rows(book);
            let columns: Vec<String> = std::iter::once("price (USD)".to_string())
                .chain(
                    rows.iter()
                        .map(|r| r.get(..2).unwrap_or_default().join(" ")),
                )
                .collect();
            let by_price: Vec<Vec<String>> =
                (2..head.len())
                    .map(|k| {
                        std::iter::once(head.get(k).copied().unwrap_or_default().to_string())
                            .chain(rows.iter().map(|r| {
                                r.get(k).map_or(String::new(), |c| c.replace("), ", "),\n"))
                            }))
                            .collect()
                    })
                    .collect();
            let numeric: Vec<usize> = (1..columns.len()).collect();
            self.table(&columns, &by_price, &numeric);
            self.note("USD, exact as published; “-”: the book has no source for that price, and coldcost refuses rather than guesses.");
            self.list(
                "notes",
                &[format!(
                    "free tier: {} requests and {} GB-s a month, one pool per account ({})",
                    group_thousands(book.free_tier.requests as i128),
                    group_thousands(book.free_tier.gb_seconds as i128),
                    book.free_tier.source
                )],
            );
        }
        let sources: Vec<String> = pricing
            .regions
            .iter()
            .map(|r| format!("{}: {} (as of {})", r.region, r.source, r.as_of))
            .collect();
        if !sources.is_empty() {
            self.h3("Sources");
            self.list("notes", &sources);
        }
        self.end();
    }

    /// The whole document.
    pub fn finish(self) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"coldcost {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{}<footer>Made by coldcost {} — {}. The JSON and CSV forms of this report hold the unrounded amounts.</footer>\n</main>\n</body>\n</html>\n",
            env!("CARGO_PKG_VERSION"),
            esc(&self.title),
            self.body,
            env!("CARGO_PKG_VERSION"),
            self.amounts,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_links_and_the_rest_is_escaped() {
        assert_eq!(
            linked("AWS <pricing> https://aws.amazon.com/lambda/pricing/. Done"),
            "AWS &lt;pricing&gt; <a href=\"https://aws.amazon.com/lambda/pricing/\">https://aws.amazon.com/lambda/pricing/</a>. Done"
        );
        assert_eq!(linked("a & b"), "a &amp; b");
    }

    #[test]
    fn a_page_is_one_self_contained_document() {
        let mut p = Page::new("T <1>", "made");
        p.section("s", "S");
        p.table(&["a", "b"], &[vec!["total".into(), "$1.00".into()]], &[1]);
        p.end();
        let h = p.finish();
        assert!(h.starts_with("<!DOCTYPE html>") && h.ends_with("</html>\n"));
        assert!(h.contains("<title>T &lt;1&gt;</title>"));
        assert!(h.contains("@media print"));
        assert!(h.contains("<tr class=\"total\">"));
        assert!(!h.contains("<script") && !h.contains("<link"));
    }
}
