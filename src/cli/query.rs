//! `coldcost query insights|athena`: the aggregation query for estates too large for one machine's logs, run where
//! the data lives; `coldcost ingest` reads its CSV result. The query text lives in [`coldcost::ingest::query`].

use clap::Subcommand;
use coldcost::ingest::query::{self, Period, Schema, Table};

/// Query targets.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// CloudWatch Logs Insights over the functions' log groups: one row per REPORT (export the result as CSV).
    #[command(
        after_help = "Examples:\n  coldcost query insights > report-lines.txt     paste it into Logs Insights over the log groups\n  coldcost ingest samples/exports/insights-export.csv   then read the exported result (CSV)"
    )]
    Insights,
    /// Amazon Athena over a CUR 2.0 or FOCUS 1.0 table: Lambda usage and cost summed per function, region, usage
    /// type and charge type, in the columns `ingest` reads (save the result CSV, then `coldcost ingest result.csv`).
    #[command(
        after_help = "Examples:\n  coldcost query athena --table cid_data_export.cur2 --period 2026-11\n  coldcost query athena --schema focus --table cid_data_export.focus --period 2026-11\n  coldcost query athena --period 2026-11 > lambda-2026-11.sql   then run it in Athena (README: \"Estates beyond one machine\")\n\nThe table must be partitioned by `billing_period` (YYYY-MM), as AWS Data Exports delivers it (BILLING_PERIOD=YYYY-MM folders)."
    )]
    Athena {
        /// The table's schema: `cur2` (CUR 2.0 from AWS Data Exports) or `focus` (FOCUS 1.0 with AWS columns).
        #[arg(long, default_value = "cur2", value_parser = clap::builder::PossibleValuesParser::new(Schema::NAMES))]
        schema: String,
        /// The table: DATABASE.TABLE (or TABLE, or CATALOG.DATABASE.TABLE): letters, digits, `_` and `.` only, each
        /// part starting with a letter.
        #[arg(long, default_value = "cur.data", value_name = "DB.TABLE", value_parser = |s: &str| s.parse::<Table>())]
        table: Table,
        /// The billing period, YYYY-MM (month 01-12): the table's `billing_period` partition.
        #[arg(long, default_value = "2026-11", value_name = "YYYY-MM", value_parser = |s: &str| s.parse::<Period>())]
        period: Period,
    },
}

/// Prints the query.
pub fn run(c: Command) -> anyhow::Result<()> {
    let q = match c {
        Command::Insights => query::INSIGHTS.to_string(),
        Command::Athena {
            schema,
            table,
            period,
        } => {
            let schema = Schema::parse(&schema)
                .ok_or_else(|| anyhow::anyhow!("--schema: expected cur2 or focus"))?;
            query::athena(schema, &table, period)
        }
    };
    super::output::write_atomic(&std::path::PathBuf::from("-"), &q)
}
