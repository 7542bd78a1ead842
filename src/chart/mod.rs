//! Charts as data, and one SVG writer for them. A [`Figure`] says what a chart shows — bills against a volume or a
//! setting as lines (with a p5–p95 band, the zero labelled, crossings, plateaus and compared points annotated and
//! each line labelled at its end), or categories as stacked horizontal bars — and [`svg::figure`] draws it. The
//! `svg` format writes the figures of a report; the `html` format inlines the very same SVG.

mod bars;
mod lines;
pub mod svg;
mod ticks;

/// How an axis maps values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Evenly spaced values, from zero.
    Linear,
    /// Decades evenly spaced; on the y axis, zero values sit on a labelled `$0` floor below the lowest decade.
    Log,
}

/// What an axis counts, for its tick labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// US dollars (`$0.01`, `$1,000`).
    Usd,
    /// A monthly volume (`1k`, `10M`, `1B`).
    Volume,
    /// A plain number (`512`, `3,008`).
    Number,
    /// A signed percentage (`-5%`, `0%`, `+20%`).
    Percent,
}

/// An axis: its title, scale and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The title, with its unit (`USD per month`).
    pub title: String,
    /// Linear or logarithmic.
    pub scale: Scale,
    /// What the values are.
    pub unit: Unit,
}

/// One line: a name (written at its end) and its points, with an optional band around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The name, written at the right end of the line.
    pub name: String,
    /// Its colour, by index (the same profile keeps its colour across a report's charts).
    pub colour: usize,
    /// (x, y) points in x order.
    pub points: Vec<(f64, f64)>,
    /// (x, low, high): the p5–p95 band, drawn shaded behind the line (empty: none).
    pub band: Vec<(f64, f64, f64)>,
}

/// An annotation on a line chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A dashed vertical line at `x`, labelled (a break-even).
    VLine {
        /// Where.
        x: f64,
        /// What it is.
        label: String,
    },
    /// A labelled dot on series `series` (the compared volume and its bill).
    Point {
        /// Index of the series in [`LineChart::series`] (its colour).
        series: usize,
        /// Where.
        x: f64,
        /// Its value.
        y: f64,
        /// What it says.
        label: String,
    },
    /// A shaded range of x, labelled (where throttling caps the bill: a plateau).
    Span {
        /// From.
        from: f64,
        /// To.
        to: f64,
        /// What it is.
        label: String,
    },
}

/// Bills (or another value) against a volume or a setting.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// The horizontal axis.
    pub x: Axis,
    /// The vertical axis.
    pub y: Axis,
    /// The lines.
    pub series: Vec<Series>,
    /// Annotations.
    pub marks: Vec<Mark>,
}

/// One segment of a stacked bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Index into [`BarChart::keys`] (its colour and name).
    pub key: usize,
    /// Its value (drawn when above zero).
    pub value: f64,
}

/// One bar: a category and its stacked segments.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The category (a function, a setting).
    pub label: String,
    /// Segments, left to right.
    pub segments: Vec<Segment>,
    /// Written at the end of the bar (the total, `$1,234.56`).
    pub value_label: String,
    /// Drawn emphasised (the cheapest setting).
    pub highlight: bool,
}

/// What a segment colour stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// Its name in the legend.
    pub name: String,
    /// Its colour, by index: the same thing keeps its colour across charts (INIT is always the third).
    pub colour: usize,
}

impl Key {
    /// A key named `name` drawn in colour `colour`.
    pub fn new(name: &str, colour: usize) -> Key {
        Key {
            name: name.to_string(),
            colour,
        }
    }
}

/// Categories as horizontal stacked bars, the zero labelled.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// What the segments stand for; [`Segment::key`] indexes this.
    pub keys: Vec<Key>,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// The value axis.
    pub axis: Axis,
}

/// What a figure plots.
#[derive(Debug, Clone, PartialEq)]
pub enum Plot {
    /// Lines over a volume or a numeric setting.
    Lines(LineChart),
    /// Stacked bars over categories.
    Bars(BarChart),
}

/// A titled chart with a caption saying how to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The title.
    pub title: String,
    /// One or two sentences: what is drawn and what it rests on.
    pub caption: String,
    /// The chart.
    pub plot: Plot,
}
