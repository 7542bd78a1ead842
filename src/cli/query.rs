//! `coldcost query insights|athena`: the aggregation query for estates too large for one machine's logs, run where
//! the data lives; `coldcost ingest` reads its CSV result.

use clap::Subcommand;

/// Query targets.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// CloudWatch Logs Insights over the functions' log groups: one row per REPORT (export the result as CSV).
    Insights,
    /// Amazon Athena over a CUR 2.0 table: Lambda usage and unblended cost per function, usage type and region.
    Athena {
        /// The CUR table, e.g. `cur_database.cur_table`.
        #[arg(long, default_value = "cur.data")]
        table: String,
        /// Billing period, YYYY-MM.
        #[arg(long, default_value = "2026-11")]
        period: String,
    },
}

/// Prints the query.
pub fn run(c: Command) -> anyhow::Result<()> {
    let q = match c {
        Command::Insights => "fields @timestamp, @log, @type, @requestId, @duration, @billedDuration, @initDuration, @memorySize, @maxMemoryUsed\n| filter @type = \"REPORT\"\n| sort @timestamp asc\n".to_string(),
        Command::Athena { table, period } => {
            if !table.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') || !period.chars().all(|c| c.is_ascii_digit() || c == '-') {
                anyhow::bail!("--table and --period: letters, digits, `_`, `.` and `-` only");
            }
            format!(
                "SELECT line_item_resource_id, line_item_usage_type, line_item_line_item_type, product_region_code,\n       line_item_product_code,\n       SUM(line_item_usage_amount) AS line_item_usage_amount,\n       SUM(line_item_unblended_cost) AS line_item_unblended_cost\nFROM {table}\nWHERE line_item_product_code = 'AWSLambda' AND billing_period = '{period}'\nGROUP BY 1, 2, 3, 4, 5\nORDER BY 7 DESC\n"
            )
        }
    };
    super::output::write_atomic(&std::path::PathBuf::from("-"), &q)
}
