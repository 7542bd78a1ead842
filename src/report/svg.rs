//! SVG charts, drawn with plotters: the monthly bill of each profile against monthly invocations (log scale),
//! with the compared volume and the break-even volume marked; and a sweep's bill against its setting.

use super::model::Report;
use crate::decide::sweep::Sweep;
use crate::error::{Error, Result};
use plotters::prelude::*;

const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

fn usd_label(v: &f64) -> String {
    if *v >= 1000.0 {
        format!("${}", crate::money::group_thousands(v.round() as i128))
    } else if *v >= 10.0 {
        format!("${v:.0}")
    } else {
        format!("${v:.2}")
    }
}

fn volume_label(v: &f64) -> String {
    let e = v.log10().round() as i32;
    if (v.log10() - f64::from(e)).abs() < 1e-6 {
        match e {
            3 => "1k".into(),
            6 => "1M".into(),
            9 => "1B".into(),
            _ => format!("1e{e}"),
        }
    } else {
        String::new()
    }
}

fn draw_report(r: &Report, out: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(out, (960, 600)).into_drawing_area();
    root.fill(&WHITE)?;
    let xs: Vec<f64> = r
        .curve
        .iter()
        .map(|p| p.invocations.max(1) as f64)
        .collect();
    let (x0, x1) = (
        xs.first().copied().unwrap_or(1e3),
        xs.last().copied().unwrap_or(1e10),
    );
    let ymax = r
        .curve
        .iter()
        .flat_map(|p| p.usd.iter().map(|m| m.usd()))
        .fold(0.01f64, f64::max);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Monthly bill against monthly invocations",
            ("sans-serif", 22),
        )
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(80)
        .build_cartesian_2d((x0..x1).log_scale(), (0.01f64..ymax * 1.5).log_scale())?;
    chart
        .configure_mesh()
        .x_desc("invocations per month")
        .y_desc("USD per month")
        .x_label_formatter(&volume_label)
        .y_label_formatter(&usd_label)
        .draw()?;
    for (i, p) in r.profiles.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let pts: Vec<(f64, f64)> = r
            .curve
            .iter()
            .filter_map(|c| {
                c.usd
                    .get(i)
                    .map(|m| (c.invocations.max(1) as f64, m.usd().max(0.01)))
            })
            .collect();
        chart
            .draw_series(LineSeries::new(pts, color.stroke_width(3)))?
            .label(p.name.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(3))
            });
        // The compared volume.
        chart.draw_series(std::iter::once(Circle::new(
            (p.invocations.max(1) as f64, p.total_usd.usd().max(0.01)),
            6,
            color.filled(),
        )))?;
    }
    if let Some(b) = &r.break_even {
        if let Some(v) = b.invocations {
            let v = v as f64;
            chart.draw_series(LineSeries::new(
                vec![(v, 0.01), (v, ymax * 1.5)],
                BLACK.stroke_width(1),
            ))?;
            let y = b.a_usd.map_or(0.01, |m| m.usd().max(0.01));
            chart.draw_series(std::iter::once(Text::new(
                format!(
                    "break-even {}",
                    crate::money::group_thousands(v.round() as i128)
                ),
                (v * 1.15, y),
                ("sans-serif", 16).into_font(),
            )))?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 15))
        .draw()?;
    root.present()?;
    Ok(())
}

/// The report as svg.
pub(crate) fn render(r: &Report) -> Result<String> {
    let mut out = String::new();
    draw_report(r, &mut out).map_err(|e| failed(&*e))?;
    out.push('\n');
    Ok(out)
}

fn failed(e: &dyn std::error::Error) -> Error {
    Error::Render {
        format: "svg",
        message: e.to_string(),
    }
}

/// A sweep's bill against its setting (memory in MB, or volumes, or architectures as categories).
pub(crate) fn sweep_svg(s: &Sweep) -> Result<String> {
    let mut out = String::new();
    let r: Result<(), Box<dyn std::error::Error>> = (|| {
        let root = SVGBackend::with_string(&mut out, (960, 600)).into_drawing_area();
        root.fill(&WHITE)?;
        let n = s.points.len().max(1);
        let ymax = s
            .points
            .iter()
            .map(|p| p.total_usd.usd())
            .fold(0.01f64, f64::max);
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("{}: monthly bill by {}", s.profile, s.axis),
                ("sans-serif", 22),
            )
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(80)
            .build_cartesian_2d(0f64..(n as f64 - 0.5).max(0.5), 0f64..ymax * 1.15)?;
        let labels: Vec<String> = s.points.iter().map(|p| p.setting.clone()).collect();
        let step = (n / 12).max(1);
        chart
            .configure_mesh()
            .x_labels(n.min(14))
            .x_label_formatter(&|x| {
                let i = x.round() as usize;
                if (x - i as f64).abs() < 1e-6 && i % step == 0 {
                    labels.get(i).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&usd_label)
            .x_desc(s.axis)
            .y_desc("USD per month")
            .draw()?;
        let pts: Vec<(f64, f64)> = s
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| (i as f64, p.total_usd.usd()))
            .collect();
        chart.draw_series(LineSeries::new(pts.clone(), PALETTE[0].stroke_width(3)))?;
        chart.draw_series(pts.iter().map(|&p| Circle::new(p, 4, PALETTE[0].filled())))?;
        if let Some(c) = pts.get(s.cheapest) {
            chart.draw_series(std::iter::once(Circle::new(
                *c,
                9,
                PALETTE[3].stroke_width(3),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                format!("cheapest: {}", s.points[s.cheapest].setting),
                (c.0, c.1 + ymax * 0.06),
                ("sans-serif", 16).into_font(),
            )))?;
        }
        root.present()?;
        Ok(())
    })();
    r.map_err(|e| failed(&*e))?;
    out.push('\n');
    Ok(out)
}
