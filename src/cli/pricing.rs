//! `coldcost pricing show|import`: the price book as a first-class input — print the one in use, or build one
//! from the AWS Price List bulk offer files.

use super::common::OutputArgs;
use super::output::{guard_output, read_text, write_atomic};
use super::progress::{CountingReader, Progress};
use clap::{Args as ClapArgs, Subcommand};
use coldcost::report::PricingReport;
use coldcost::{import_offers, PriceBook, EMBEDDED_NAME, EMBEDDED_TOML};
use std::io::Read;
use std::path::PathBuf;

/// Price book commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print the price book (built-in, or --pricing FILE): each region's prices per architecture with source and
    /// date, the free tier, Lambda@Edge, and EC2 prices for Managed Instances when the book has them.
    #[command(
        after_help = "Examples:\n  coldcost pricing show --region us-east-1\n  coldcost pricing show --format csv --output prices.csv\n  coldcost pricing show --pricing lambda-prices.toml --format json   a book `pricing import` wrote"
    )]
    Show(ShowArgs),
    /// Build a price book (TOML, loadable with --pricing) from AWS Price List bulk offer files: AWSLambda, and
    /// optionally AmazonEC2 for the Lambda Managed Instances families; JSON or CSV, plain or gzip, streamed.
    #[command(
        after_help = "Examples:\n  curl -sO https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSLambda/current/index.json\n  coldcost pricing import index.json -o lambda-prices.toml\n  coldcost estimate samples/http-api-python.toml --pricing lambda-prices.toml\n  coldcost pricing import AWSLambda.csv.gz AmazonEC2-us-east-1.json.gz -o book.toml --force\n\nThe free tier is not in the Price List: it is carried over from the built-in book, and says so. See\npricing/IMPORT.md for the usage types read and how they map to the book."
    )]
    Import(ImportArgs),
}

/// Arguments of `pricing show`.
#[derive(ClapArgs, Debug)]
pub struct ShowArgs {
    /// Show only this region (an unknown one is an error listing those with prices).
    #[arg(long)]
    region: Option<String>,
    /// Show this price book instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pricing: Option<PathBuf>,
    #[command(flatten)]
    out: OutputArgs,
}

/// Arguments of `pricing import`.
#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// Offer files (`-` = stdin), JSON or CSV, plain or gzip: the AWSLambda offer (all regions or one region's
    /// file), and optionally AmazonEC2 offer files.
    #[arg(required = true, value_name = "OFFER_FILE")]
    files: Vec<PathBuf>,
    /// Write the price book to FILE (`-` = stdout), atomically; an input of the run is refused.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    output: PathBuf,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
}

/// Runs a price book command.
pub fn run(c: Command) -> anyhow::Result<()> {
    match c {
        Command::Show(a) => show(a),
        Command::Import(a) => import(a),
    }
}

fn show(a: ShowArgs) -> anyhow::Result<()> {
    let format = a.out.format_for::<PricingReport>()?;
    a.out
        .guard(&a.pricing.iter().cloned().collect::<Vec<_>>())?;
    let report = match &a.pricing {
        None => PricingReport::from_toml(EMBEDDED_TOML, EMBEDDED_NAME, a.region.as_deref())?,
        Some(path) => {
            let name = if path.as_os_str() == "-" {
                "<stdin>".to_string()
            } else {
                path.display().to_string()
            };
            PricingReport::from_toml(&read_text(path)?, &name, a.region.as_deref())?
        }
    };
    a.out.write(&report, format)
}

fn import(a: ImportArgs) -> anyhow::Result<()> {
    guard_output(&a.output, a.force, &a.files, "--output")?;
    if a.files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        return Err(super::UsageError("`-` (stdin) can be given once".into()).into());
    }
    // Progress by bytes of the offer files as read (compressed bytes for gzip): of their total when all are files.
    let total: Option<u64> = a
        .files
        .iter()
        .map(|f| {
            (f.as_os_str() != "-")
                .then(|| std::fs::metadata(f).ok().map(|m| m.len()))
                .flatten()
        })
        .sum();
    let progress = Progress::reading(&a.files, total, "pricing import");
    let mut files: Vec<(String, Box<dyn Read>)> = Vec::new();
    for f in &a.files {
        let bar = progress.bar().clone();
        if f.as_os_str() == "-" {
            files.push((
                "<stdin>".into(),
                Box::new(CountingReader::new(std::io::stdin(), bar)),
            ));
            continue;
        }
        let file = std::fs::File::open(f).map_err(|source| coldcost::Error::Io {
            path: f.clone(),
            source,
        })?;
        files.push((
            f.display().to_string(),
            Box::new(CountingReader::new(file, bar)),
        ));
    }
    let imported = import_offers(files, &PriceBook::embedded()?)?;
    drop(progress);
    for n in &imported.notes {
        eprintln!("note: {n}");
    }
    write_atomic(&a.output, &imported.toml)?;
    eprintln!(
        "{}: {} Lambda regions{} from {}",
        if a.output.as_os_str() == "-" {
            "wrote the price book to stdout".to_string()
        } else {
            format!("wrote {}", a.output.display())
        },
        imported.book.regions.len(),
        if imported.ec2_instances > 0 {
            format!(", {} EC2 instance prices", imported.ec2_instances)
        } else {
            String::new()
        },
        imported
            .offers
            .iter()
            .map(|o| format!(
                "{} ({} {}, published {})",
                o.file, o.offer_code, o.form, o.publication_date
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
