//! Remedies for cold starts, each priced against the INIT it removes: provisioned concurrency sized to the
//! profile's concurrency, SnapStart where the runtime has it, and a lighter package (bundling unbundled Node.js
//! code; importing the heaviest import lazily, which moves its time from INIT to each environment's first request,
//! where it is still billed).

use super::breakeven::{break_even, curve, BreakEven};
use crate::error::Result;
use crate::estimate::{self, Models, RunOptions};
use crate::init::{CatalogInit, InitModel};
use crate::money::Money;
use crate::pricing::PriceBook;
use crate::profile::{Family, PackageType, Profile, ProvisionedConcurrency, HOURS_PER_MONTH};
use serde::Serialize;

/// One remedy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Remedy {
    /// What changes.
    pub name: String,
    /// Cold starts a month after it.
    pub cold_starts: u64,
    /// INIT's cost after it (restores for SnapStart), USD.
    pub init_usd: Money,
    /// The remedy's own cost (provisioned concurrency, SnapStart cache), USD.
    pub remedy_usd: Money,
    /// The monthly bill with it, USD.
    pub total_usd: Money,
    /// Bill with it minus bill without, USD (negative: it saves).
    pub delta_usd: Money,
    /// Whether it saves money at the profile's volume.
    pub saves: bool,
    /// Where it starts or stops paying off.
    pub break_even: Option<BreakEven>,
    /// Why it is not offered, when it cannot apply.
    pub not_applicable: Option<String>,
}

/// The remedies of a profile, the first row being the profile as it is.
pub fn remedies(
    p: &Profile,
    book: &PriceBook,
    models: &Models,
    options: RunOptions,
) -> Result<Vec<Remedy>> {
    let mut variants: Vec<Variant> = Vec::new();
    let base_run = estimate::run_each(std::slice::from_ref(p), book, models, options)?;
    let base = &base_run.estimates[0];
    if p.managed_instances.is_some() {
        // Managed Instances: no cold start on a request and no INIT charge; the alternative is on demand.
        let mut od = p.clone();
        od.managed_instances = None;
        od.name = format!("{} {}", p.name, super::managed::ON_DEMAND);
        variants.push((od.name.clone(), Some(od), None));
        variants.push((
            format!(
                "{} + provisioned concurrency, SnapStart or a lighter package",
                p.name
            ),
            None,
            Some(
                "on Lambda Managed Instances requests see no cold start and INIT is not billed"
                    .into(),
            ),
        ));
    } else {
        variants.extend(cold_start_variants(p, base)?);
    }
    let row = |name: String, run: &estimate::Run, be: Option<BreakEven>| -> Remedy {
        let e = &run.estimates[0];
        let fb = run.function_bill(0);
        let net = |item| fb.map_or(Money::ZERO, |b| b.net(item));
        use crate::billing::LineItem as L;
        let total = run.bills[0].total;
        Remedy {
            name,
            cold_starts: e.cold.cold_starts,
            init_usd: net(L::DurationInit) + net(L::SnapStartRestore),
            remedy_usd: net(L::ProvisionedConcurrency)
                + net(L::ProvisionedDuration)
                + net(L::SnapStartCache),
            total_usd: total,
            delta_usd: total - base_run.bills[0].total,
            saves: total < base_run.bills[0].total,
            break_even: be,
            not_applicable: None,
        }
    };
    let mut out = vec![row(format!("{} (as is)", p.name), &base_run, None)];
    let fast = Models {
        init: Box::new(CatalogInit::embedded()?),
        coldstart: Box::new(crate::coldstart::PoolModel { sim_budget: 2e5 }),
    };
    for (name, q, why) in variants {
        match (q, why) {
            (Some(q), _) => {
                let run = estimate::run_each(std::slice::from_ref(&q), book, models, options)?;
                let pair = [p.clone(), q.clone()];
                let c = curve(&pair, book, &fast, options, None)?;
                let ab: Vec<_> = c
                    .iter()
                    .map(|pt| (pt.invocations, pt.usd[0], pt.usd[1]))
                    .collect();
                let be = break_even(p, &q, base.invocations, &ab, book, &fast, options)?;
                out.push(row(name, &run, Some(be)));
            }
            (None, why) => out.push(Remedy {
                name,
                cold_starts: 0,
                init_usd: Money::ZERO,
                remedy_usd: Money::ZERO,
                total_usd: Money::ZERO,
                delta_usd: Money::ZERO,
                saves: false,
                break_even: None,
                not_applicable: why,
            }),
        }
    }
    Ok(out)
}

/// A remedy to price: its name, the changed profile, or why it cannot apply.
type Variant = (String, Option<Profile>, Option<String>);

/// The cold-start remedies of an on-demand profile whose estimate is `base`.
fn cold_start_variants(p: &Profile, base: &estimate::ProfileEstimate) -> Result<Vec<Variant>> {
    let mut variants: Vec<Variant> = Vec::new();
    // Provisioned concurrency: enough environments for the p95 concurrency, all month.
    let p95 = base
        .cold
        .detail
        .as_ref()
        .and_then(|d| {
            d.p95_concurrency
                .map(|c| c as f64)
                .or(Some(d.mean_concurrency * 2.0))
        })
        .unwrap_or(
            base.invocations as f64 / (HOURS_PER_MONTH * 3600.0) * base.handler_mean_ms / 1000.0
                * 2.0,
        );
    let n = p95.ceil().max(1.0) as u32;
    let mut pc = p.clone();
    pc.name = format!("{} + provisioned concurrency {n} × 730 h", p.name);
    pc.provisioned_concurrency = Some(ProvisionedConcurrency {
        concurrency: n,
        hours_per_month: HOURS_PER_MONTH,
        served_share: None,
    });
    pc.snapstart.enabled = false;
    variants.push((pc.name.clone(), Some(pc.clone()), None));
    // Shaped traffic: the same environments only during the busy half of the day.
    if matches!(
        p.traffic.pattern,
        crate::profile::Pattern::Diurnal | crate::profile::Pattern::BusinessHours
    ) {
        let mut half = pc;
        half.name = format!(
            "{} + provisioned concurrency {n} × 365 h (busy hours)",
            p.name
        );
        if let Some(c) = half.provisioned_concurrency.as_mut() {
            c.hours_per_month = HOURS_PER_MONTH / 2.0;
        }
        variants.push((half.name.clone(), Some(half), None));
    }
    // SnapStart.
    let mut ss = p.clone();
    ss.name = format!("{} + SnapStart", p.name);
    ss.snapstart.enabled = true;
    ss.provisioned_concurrency = None;
    match ss.check_supported() {
        Ok(()) => variants.push((ss.name.clone(), Some(ss), None)),
        Err(e) => variants.push((format!("{} + SnapStart", p.name), None, Some(e.to_string()))),
    }
    // A lighter package.
    if p.runtime.family() == Family::Node && !p.package.bundled {
        let mut b = p.clone();
        b.package.bundled = true;
        b.name = format!("{} bundled (esbuild or similar)", p.name);
        variants.push((b.name.clone(), Some(b), None));
    } else if !p.package.imports.is_empty() && p.package_type == PackageType::Zip {
        // The import whose removal shortens INIT most.
        let model = CatalogInit::embedded()?;
        let mut best: Option<(f64, String)> = None;
        for name in &p.package.imports {
            let mut q = p.clone();
            q.package.imports.retain(|x| x != name);
            if let Ok(e) = model.init(&q) {
                let saved = base.init.mean - e.mean;
                if best.as_ref().is_none_or(|b| saved > b.0) {
                    best = Some((saved, name.clone()));
                }
            }
        }
        if let Some((saved, name)) = best {
            // Imported lazily, it leaves INIT but is loaded, and billed, on each environment's first request.
            let mut q = p.clone();
            q.package.imports.retain(|x| x != &name);
            q.package.lazy_imports.push(name.clone());
            q.name = format!(
                "{} with {name} imported lazily (INIT −{saved:.0} ms; the first request of each environment pays it)",
                p.name
            );
            variants.push((q.name.clone(), Some(q), None));
        }
    }
    Ok(variants)
}
