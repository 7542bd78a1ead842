//! The report model: one serde structure that every output format renders. Its JSON form is a contract
//! (`schema` versions it; see the README).

use crate::billing::{AccountLine, LineItem};
use crate::date::Date;
use crate::estimate::Run;
use crate::money::Money;
use crate::pricing::{InitBilling, PriceBook, INIT_BILLING_SOURCE};
use serde::Serialize;

/// Version of the JSON schema.
pub const SCHEMA: &str = "coldcost.report/1";

/// Where the prices came from.
#[derive(Debug, Clone, Serialize)]
pub struct PricingInfo {
    /// The price book file (or built-in name).
    pub origin: String,
    /// Main source.
    pub source: String,
    /// When the book was compiled.
    pub as_of: Date,
    /// The regions used, each with its own source and date.
    pub regions: Vec<RegionSource>,
    /// Every price of the regions used, exact, with the free tier (shown by the `html` format; the JSON has the
    /// sources above, and `coldcost pricing show --format json` the prices).
    #[serde(skip)]
    pub prices: Option<Box<super::pricing::PricingReport>>,
}

impl PricingInfo {
    /// Where the prices of `regions` come from in `book`, with the prices themselves.
    pub fn new<'a>(book: &PriceBook, regions: impl IntoIterator<Item = &'a str>) -> PricingInfo {
        let mut used: Vec<RegionSource> = Vec::new();
        let mut prices: Option<super::pricing::PricingReport> = None;
        for code in regions {
            let Some(r) = book.regions.get(code) else {
                continue;
            };
            if used.iter().any(|x| x.region == r.code) {
                continue;
            }
            used.push(RegionSource {
                region: r.code.clone(),
                source: r.source.clone(),
                as_of: r.as_of,
            });
            if let Ok(one) = super::pricing::PricingReport::build(book, Some(code)) {
                match prices.as_mut() {
                    Some(p) => p.regions.extend(one.regions),
                    None => prices = Some(one),
                }
            }
        }
        PricingInfo {
            origin: book.origin.clone(),
            source: book.source.clone(),
            as_of: book.as_of,
            regions: used,
            prices: prices.map(Box::new),
        }
    }
}

/// The source of one region's prices.
#[derive(Debug, Clone, Serialize)]
pub struct RegionSource {
    /// Region code.
    pub region: String,
    /// Source.
    pub source: String,
    /// Date of the data.
    pub as_of: Date,
}

/// INIT time summary, ms.
#[derive(Debug, Clone, Serialize)]
pub struct InitMs {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Mean (used in the bill).
    pub mean: f64,
}

/// One line of a profile's bill.
#[derive(Debug, Clone, Serialize)]
pub struct LineItemReport {
    /// What it is for.
    pub item: LineItem,
    /// How much.
    pub quantity: f64,
    /// Unit of `quantity`.
    pub unit: String,
    /// At list price before free tier and tiers, USD.
    pub gross_usd: Money,
    /// Net share after free tier and tiers, USD (rounded to the cent).
    pub usd: Money,
}

/// One profile's results.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileReport {
    /// Name.
    pub name: String,
    /// Runtime.
    pub runtime: String,
    /// Architecture.
    pub architecture: String,
    /// Memory, MB.
    pub memory_mb: u32,
    /// Region.
    pub region: String,
    /// zip or image.
    pub package_type: String,
    /// Invocations per month.
    pub invocations: u64,
    /// Invocations served by provisioned concurrency.
    pub provisioned_invocations: u64,
    /// Cold starts per month.
    pub cold_starts: u64,
    /// Cold starts ÷ on-demand invocations.
    pub cold_start_rate: f64,
    /// Invocations throttled by the concurrency or scaling limit a month: reported, never billed.
    pub throttles: u64,
    /// Which cold-start model answered.
    pub cold_start_method: String,
    /// What the cold-start share rests on: a stated rate, or the model and the lifecycle values it used (with
    /// which came from the sourced defaults in `catalog/lambda-lifecycle.toml`).
    pub cold_start_basis: String,
    /// INIT time per cold start.
    pub init_ms: InitMs,
    /// How the INIT model got its answer.
    pub init_method: String,
    /// How INIT is billed on the run's date.
    pub init_billing: InitBilling,
    /// Mean warm handler time, ms.
    pub handler_mean_ms: f64,
    /// Billed ms of a warm invocation.
    pub billed_ms_warm: u64,
    /// Billed ms of a cold invocation.
    pub billed_ms_cold: u64,
    /// Bill lines.
    pub line_items: Vec<LineItemReport>,
    /// What INIT costs this profile per month, USD.
    pub init_usd: Money,
    /// INIT's share of the profile's bill (0–1).
    pub init_share: f64,
    /// The profile's monthly bill, USD.
    pub total_usd: Money,
    /// Assumptions specific to this profile.
    pub notes: Vec<String>,
    /// Imports loaded at INIT (catalogue names).
    pub imports: Vec<String>,
    /// The Lambda Managed Instances plan (instance type, instances, instance-hours, throttles), when the profile
    /// runs on them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_instances: Option<crate::lmi::LmiPlan>,
    /// Where each value came from, for profiles read from a project (`memory_mb` → `template.yaml:301`).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sources: std::collections::BTreeMap<String, String>,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Schema version.
    pub schema: &'static str,
    /// The command that made it (`estimate`, `compare`).
    pub command: String,
    /// Prices used.
    pub pricing: PricingInfo,
    /// Billing rules of this date apply.
    pub rules_as_of: Date,
    /// Source of the INIT billing rule.
    pub init_billing_rule: &'static str,
    /// `pooled` (one account) or `per-profile` (alternatives, each its own account).
    pub billing_scope: &'static str,
    /// Whether the free tier was applied.
    pub free_tier: bool,
    /// Account total after free tier and tiers, USD; `null` when the profiles are alternatives (`compare`), which
    /// are never run together: each has its own `total_usd` and `cheapest` gives the difference.
    pub total_usd: Option<Money>,
    /// Per profile.
    pub profiles: Vec<ProfileReport>,
    /// The account's lines as AWS would show them.
    pub account_lines: Vec<AccountLine>,
    /// The cheapest profile and how much less it costs than the next, when comparing.
    pub cheapest: Option<Cheapest>,
    /// Assumptions that apply to every profile.
    pub assumptions: Vec<String>,
    /// Where the cheapest and the next cheapest profile cost the same (`compare`).
    pub break_even: Option<crate::decide::breakeven::BreakEven>,
    /// Each Managed Instances profile against its on-demand twin (`compare`): where LMI becomes cheaper.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_break_evens: Vec<crate::decide::breakeven::BreakEven>,
    /// Every profile's bill at volumes from 10³ to 10¹⁰ a month (`compare`; drawn in the SVG).
    pub curve: Vec<crate::decide::breakeven::CurvePoint>,
    /// p5/p50/p95 of the bills from the Monte Carlo (absent with `--draws 0`).
    pub bands: Option<crate::decide::bands::Bands>,
}

/// Which profile is cheapest.
#[derive(Debug, Clone, Serialize)]
pub struct Cheapest {
    /// Its name.
    pub name: String,
    /// Monthly saving against the next cheapest, USD (0: they cost the same to the cent).
    pub saving_usd: Money,
    /// Whether the two cost the same to the cent.
    pub tie: bool,
    /// The next cheapest profile.
    pub next: String,
    /// Positions of the cheapest and the next in `profiles` (names may repeat).
    #[serde(skip)]
    pub positions: (usize, usize),
}

/// The billing assumptions every estimate rests on.
pub fn billing_assumptions() -> Vec<String> {
    vec![
        "per-invocation billed duration is rounded up to 1 ms; on a cold start INIT is added before rounding".to_string(),
        "the point estimate bills every cold start at the mean INIT time and every invocation at the mean handler time".to_string(),
        "free tier (1M requests, 400,000 GB-s) is one pool per account, given to the dearest region/architecture first; tiers count usage including the free part".to_string(),
        "functions with provisioned concurrency keep the free tier for requests and on-demand duration, as in the pricing page's worked example (AWS's text elsewhere says they get none)".to_string(),
        "a month is 730 hours".to_string(),
    ]
}

/// What a report that is not an estimate (a sweep, the remedies) states beside its figures: the prices it used,
/// the billing rules' date, and its assumptions.
#[derive(Debug, Clone, Serialize)]
pub struct Basis {
    /// Prices used.
    pub pricing: PricingInfo,
    /// Billing rules of this date apply.
    pub rules_as_of: Date,
    /// Source of the INIT billing rule.
    pub init_billing_rule: &'static str,
    /// Assumptions.
    pub assumptions: Vec<String>,
}

impl Basis {
    /// The assumptions and the prices as a Markdown section (after a report's table).
    pub fn markdown(&self) -> String {
        let mut t = String::from("\n## Assumptions\n\n");
        for a in &self.assumptions {
            t.push_str(&format!("- {a}\n"));
        }
        t.push_str(&format!(
            "- prices: {} ({}, as of {}); billing rules as of {} ({})\n",
            self.pricing.origin,
            self.pricing.source,
            self.pricing.as_of,
            self.rules_as_of,
            self.init_billing_rule
        ));
        for r in &self.pricing.regions {
            t.push_str(&format!(
                "- {} prices: {} (as of {})\n",
                r.region, r.source, r.as_of
            ));
        }
        t
    }

    /// The basis of a run over `region` on `rules_as_of`: the billing assumptions, then `extra`.
    pub fn new(book: &PriceBook, region: &str, rules_as_of: Date, extra: &[&str]) -> Basis {
        let mut assumptions = billing_assumptions();
        assumptions.extend(extra.iter().map(|s| s.to_string()));
        Basis {
            pricing: PricingInfo::new(book, [region]),
            rules_as_of,
            init_billing_rule: INIT_BILLING_SOURCE,
            assumptions,
        }
    }
}

/// Builds the report of a run.
pub fn build(command: &str, run: &Run, book: &PriceBook) -> Report {
    let mut profiles = Vec::with_capacity(run.estimates.len());
    for (i, e) in run.estimates.iter().enumerate() {
        let p = &e.profile;
        let lines: Vec<LineItemReport> = run
            .function_bill(i)
            .map(|b| {
                b.lines
                    .iter()
                    .map(|l| LineItemReport {
                        item: l.item,
                        quantity: l.quantity,
                        unit: l.unit.to_string(),
                        gross_usd: l.gross,
                        usd: l.net,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let total: Money = lines.iter().map(|l| l.usd).sum();
        let init_usd: Money = lines
            .iter()
            .filter(|l| matches!(l.item, LineItem::DurationInit | LineItem::SnapStartRestore))
            .map(|l| l.usd)
            .sum();
        profiles.push(ProfileReport {
            name: p.name.clone(),
            runtime: p.runtime.to_string(),
            architecture: p.architecture.to_string(),
            memory_mb: p.memory_mb,
            region: p.region.clone(),
            package_type: p.package_type.as_str().into(),
            invocations: e.invocations,
            provisioned_invocations: e.provisioned_invocations,
            cold_starts: e.cold.cold_starts,
            cold_start_rate: e.cold.rate,
            throttles: e.cold.throttles,
            cold_start_method: e.cold.method.clone(),
            cold_start_basis: if p.managed_instances.is_some() {
                "Managed Instances do not scale on arriving requests and have no cold starts: environments start ahead of traffic (AWS, \"Scaling Lambda Managed Instances\")".into()
            } else {
                cold_start_basis(p)
            },
            init_ms: InitMs {
                p50: e.init.p50,
                p95: e.init.p95,
                mean: e.init.mean,
            },
            init_method: e.init.method.clone(),
            init_billing: e.init_billing,
            handler_mean_ms: e.handler_mean_ms,
            billed_ms_warm: e.billed_ms_warm,
            billed_ms_cold: e.billed_ms_cold,
            init_share: if total.atto() > 0 {
                init_usd.atto() as f64 / total.atto() as f64
            } else {
                0.0
            },
            init_usd,
            total_usd: total,
            line_items: lines,
            notes: e.notes.clone(),
            imports: p.package.imports.clone(),
            managed_instances: e.managed_instances.clone(),
            sources: p.sources.clone(),
        });
    }
    let cheapest = if profiles.len() >= 2 && command == "compare" {
        let mut order: Vec<usize> = (0..profiles.len()).collect();
        order.sort_by_key(|&i| profiles[i].total_usd);
        match (order.first(), order.get(1)) {
            (Some(&ia), Some(&ib)) => {
                let (a, b) = (&profiles[ia], &profiles[ib]);
                Some(Cheapest {
                    name: a.name.clone(),
                    saving_usd: b.total_usd - a.total_usd,
                    tie: a.total_usd.cents() == b.total_usd.cents(),
                    next: b.name.clone(),
                    positions: (ia, ib),
                })
            }
            _ => None,
        }
    } else {
        None
    };
    let mut assumptions = billing_assumptions();
    // Model versions: the tool and the dated catalogues behind the INIT model.
    let runtimes = crate::init::RuntimeCatalog::embedded()
        .map(|c| c.measured)
        .unwrap_or_default();
    let (py, node) = crate::init::Imports::embedded()
        .map(|i| (i.python.measured, i.node.measured))
        .unwrap_or_default();
    assumptions.push(format!(
        "model versions: coldcost {}; runtime baselines lambda-perf {runtimes}; import catalogues Python {py}, Node.js {node}; cold starts: environment-pool simulator / analytic estimator (seed {})",
        env!("CARGO_PKG_VERSION"),
        run.options.seed
    ));
    for e in &run.estimates {
        let p = &e.profile;
        let t = &p.traffic;
        assumptions.push(format!(
            "{} parameters: handler p50 {} ms{}, CPU-bound share {}, package {} MB{}, imports [{}], traffic {} {} a month, keep-alive {}, lifetime {}{}, concurrency limit {}",
            p.name,
            p.handler.duration_ms,
            p.handler.duration_p95_ms.map_or(String::new(), |x| format!(" / p95 {x} ms")),
            p.handler.cpu_bound_fraction,
            p.package.size_mb,
            if p.package.bundled { "" } else { " unbundled" },
            p.package.imports.join(", "),
            serde_json::to_value(t.pattern).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
            crate::money::group_thousands(i128::from(e.invocations)),
            keep_alive_text(t),
            lifetime_text(t),
            t.cold_start_rate.map_or(String::new(), |r| format!(", stated cold-start rate {r}")),
            t.concurrency_limit
        ));
    }
    for e in &run.estimates {
        let p = &e.profile;
        if let Some(m) = &p.managed_instances {
            assumptions.extend(m.assumption_lines(&p.name, p.runtime, p.memory_mb));
        }
    }
    // The lifecycle defaults any modelled profile used, each once, with its source and date.
    if let Ok(catalog) = crate::lifecycle::LifecycleCatalog::embedded() {
        let mut used: Vec<&str> = Vec::new();
        for e in run.estimates.iter().filter(|e| {
            e.profile.traffic.cold_start_rate.is_none() && e.managed_instances.is_none()
        }) {
            for d in e
                .profile
                .traffic
                .lifecycle_defaults
                .iter()
                .chain(["scaling"].iter())
            {
                if !used.contains(d) {
                    used.push(d);
                }
            }
        }
        assumptions.extend(catalog.assumption_lines(&used));
    }
    if !run.options.pooled && profiles.len() > 1 {
        assumptions.push(
            "profiles are alternatives: each is billed as its own account with its own free tier"
                .into(),
        );
    }
    Report {
        schema: SCHEMA,
        command: command.to_string(),
        pricing: PricingInfo::new(
            book,
            run.estimates.iter().map(|e| e.profile.region.as_str()),
        ),
        rules_as_of: run.options.as_of,
        init_billing_rule: INIT_BILLING_SOURCE,
        billing_scope: if run.options.pooled {
            "pooled"
        } else {
            "per-profile"
        },
        free_tier: run.options.free_tier,
        total_usd: (run.options.pooled || run.estimates.len() == 1).then(|| run.total()),
        profiles,
        account_lines: run
            .bills
            .iter()
            .enumerate()
            .flat_map(|(i, b)| {
                // Alternatives each have their own account: say whose line it is.
                let owner = if run.options.pooled {
                    None
                } else {
                    run.estimates.get(i).map(|e| e.profile.name.clone())
                };
                b.account_lines.iter().cloned().map(move |mut l| {
                    if let Some(o) = &owner {
                        if !l.item.contains(&format!("({o})")) {
                            l.item = format!("{o}: {}", l.item);
                        }
                    }
                    l
                })
            })
            .collect(),
        cheapest,
        assumptions,
        break_even: None,
        managed_break_evens: Vec::new(),
        curve: Vec::new(),
        bands: None,
    }
}

/// The keep-alive of a profile's traffic, for people: `636–645 s` or `600 s`.
fn keep_alive_text(t: &crate::profile::Traffic) -> String {
    match t.keep_alive_max_s {
        Some(max) if max > t.keep_alive_s => format!("{}–{max} s", t.keep_alive_s),
        _ => format!("{} s", t.keep_alive_s),
    }
}

/// The lifetime of a profile's environments, for people: `6700–7200 s`, `7200 s` or `none`.
fn lifetime_text(t: &crate::profile::Traffic) -> String {
    match t.lifetime {
        Some(l) if l.max_s > l.min_s => format!("{}–{} s", l.min_s, l.max_s),
        Some(l) => format!("{} s", l.min_s),
        None => "none".into(),
    }
}

/// What a profile's cold-start share rests on, in one sentence.
pub(crate) fn cold_start_basis(p: &crate::profile::Profile) -> String {
    let t = &p.traffic;
    if let Some(r) = t.cold_start_rate {
        return format!(
            "the profile's stated rate traffic.cold_start_rate = {r}, not modelled (its source is the profile's)"
        );
    }
    let Ok(c) = crate::lifecycle::LifecycleCatalog::embedded() else {
        return "the environment-pool model".into();
    };
    let from = |key: &str, measured: &str| {
        if t.lifecycle_defaults.contains(&key) {
            format!(" (Lambda default, measured {measured})")
        } else {
            " (the profile's)".into()
        }
    };
    format!(
        "the environment-pool model of its {} traffic: keep-alive {}{}, lifetime {}{}, concurrency limit {}{}, at most {} new environments per {} s (AWS rule since {}); defaults from catalog/lambda-lifecycle.toml, none fitted to measured cold-start shares",
        t.pattern.name(),
        keep_alive_text(t),
        from("keep_alive", &c.keep_alive.measured),
        lifetime_text(t),
        from("lifetime", &c.lifetime.measured),
        t.concurrency_limit,
        if t.lifecycle_defaults.contains(&"concurrency") {
            " (AWS default quota)"
        } else {
            " (the profile's)"
        },
        c.scaling.new_environments,
        c.scaling.per_s,
        c.scaling.since,
    )
}
