//! The typed path of the Parquet readers: a row is read from its decoded values without rendering it as text.
//!
//! A row's class — skipped, or a Lambda row's function, region, architecture, meter and charge type — depends on
//! its text cells alone, so it is worked out once per distinct set of text cells (by the CUR or FOCUS reader
//! itself, on the row as text) and remembered; the amounts come straight from DOUBLE values (their range checked
//! as the text readers check it). The sums are kept in the same order, row by row, as
//! [`CurTotals::add`](crate::ingest::cur::CurTotals::add) keeps them, starting from the totals' own values, so the
//! result is the same to the last bit. Any row the typed path cannot take as is (a class seen first, an amount
//! null or out of range, a cell that is not UTF-8) goes to the text readers, which give the same result or the
//! same error as before.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::{Column, Reader, Values};
use crate::csv_input::Row;
use crate::ingest::charge::{ChargeType, TypeTotal};
use crate::ingest::cur::{CurTotals, CurUsage, Meter};
use crate::ingest::number::Field;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// Every meter, in the order of their discriminants (the index of a meter's sums).
const METERS: [Meter; 8] = [
    Meter::Requests,
    Meter::Duration,
    Meter::ProvisionedConcurrency,
    Meter::ProvisionedDuration,
    Meter::Storage,
    Meter::EdgeRequests,
    Meter::EdgeDuration,
    Meter::Other,
];

/// At most this many classes are remembered (their keys are a few hundred bytes): rows of further classes are
/// read by the text readers, so memory stays bounded whatever the file holds.
const MAX_CLASSES: usize = 16_384;

/// What rows with the same text cells are.
#[derive(Clone, Copy)]
enum Class {
    /// Not Lambda's: counted as skipped.
    Skip,
    /// A Lambda row: its charge type's sums (`ty`, an index into `types`) and, when it meters usage, its
    /// function's sums (an index into `usage`) and meter.
    Lambda {
        ty: usize,
        usage: Option<(usize, usize)>,
    },
    /// One the text readers refuse (their error is theirs to give).
    Text,
}

/// One (function, region, architecture)'s sums per meter, `None` where the totals have none.
struct Usage {
    key: (String, String, String),
    quantity: [Option<f64>; 8],
    cost: [Option<f64>; 8],
}

/// An amount cell.
enum Amount {
    Null,
    Value(f64),
    /// Out of range, not a number, or not a number type: for the text readers.
    Text,
}

/// A hasher for the classes' keys (bytes of a file, a seed drawn per reader so they cannot be chosen to collide).
#[derive(Clone, Copy)]
struct Seeded(u64);

impl BuildHasher for Seeded {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(self.0)
    }
}

struct KeyHasher(u64);

impl KeyHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.mix(u64::from_le_bytes(b));
        }
        let mut b = [0u8; 8];
        for (d, s) in b.iter_mut().zip(words.remainder()) {
            *d = *s;
        }
        self.mix(u64::from_le_bytes(b));
    }

    fn finish(&self) -> u64 {
        // A final avalanche, so the low bits the table uses depend on every word.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// The typed reader of one file's rows, with its pending sums.
pub(super) struct Fast {
    /// The columns (indices among those read) whose cells make a row's class.
    key_columns: Vec<usize>,
    /// The quantity column (may be null) and the cost column (never null), with their fields.
    quantity: (Option<usize>, Field),
    cost: (usize, Field),
    focus: bool,
    classes: HashMap<Box<[u8]>, Class, Seeded>,
    key: Vec<u8>,
    scratch: String,
    /// Whether the sums below hold the totals' values (else they are read again before the next row).
    loaded: bool,
    unblended_usd: f64,
    types: Vec<(ChargeType, TypeTotal)>,
    usage: Vec<Usage>,
    usage_index: HashMap<(String, String, String), usize>,
}

impl Fast {
    /// For `reader`'s rows of `columns` columns.
    pub(super) fn new(reader: &Reader, columns: usize) -> Fast {
        let ((quantity, qf), (cost, cf), focus) = match reader {
            Reader::Cur(c) => {
                let (q, c) = c.amounts();
                (q, c, false)
            }
            Reader::Focus(f) => {
                let (q, c) = f.amounts();
                (q, c, true)
            }
        };
        let seed = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        Fast {
            key_columns: (0..columns)
                .filter(|&i| Some(i) != quantity && i != cost)
                .collect(),
            quantity: (quantity, qf),
            cost: (cost, cf),
            focus,
            classes: HashMap::with_hasher(Seeded(seed)),
            key: Vec::new(),
            scratch: String::new(),
            loaded: false,
            unblended_usd: 0.0,
            types: Vec::new(),
            usage: Vec::new(),
            usage_index: HashMap::new(),
        }
    }

    /// Adds a row (`at`: each column's value index, `None` for a null) to `t` when its class is known and its
    /// amounts are in range; `false` (nothing added) when the text readers must read it.
    #[inline]
    pub(super) fn row(
        &mut self,
        columns: &[Column],
        at: &[Option<usize>],
        t: &mut CurTotals,
    ) -> bool {
        self.key.clear();
        for &i in &self.key_columns {
            let (Some(c), Some(&k)) = (columns.get(i), at.get(i)) else {
                return false;
            };
            key_cell(c, k, &mut self.key, &mut self.scratch);
        }
        let Some(&class) = self.classes.get(&self.key[..]) else {
            return false;
        };
        let (ty, usage) = match class {
            Class::Text => return false,
            Class::Skip => {
                t.skipped_rows += 1;
                return true;
            }
            Class::Lambda { ty, usage } => (ty, usage),
        };
        let quantity = match self.quantity.0 {
            None => None,
            Some(i) => match amount(columns, at, i, self.quantity.1, &mut self.scratch) {
                Amount::Null => None,
                Amount::Value(v) => Some(v),
                Amount::Text => return false,
            },
        };
        let usd = match amount(columns, at, self.cost.0, self.cost.1, &mut self.scratch) {
            Amount::Value(v) => v,
            Amount::Null | Amount::Text => return false,
        };
        if !self.loaded {
            self.reload(t);
        }
        // As `CurTotals::add` does, in the same order.
        t.rows += 1;
        if self.focus {
            t.focus_rows += 1;
        }
        self.unblended_usd += usd;
        if let Some((_, total)) = self.types.get_mut(ty) {
            total.rows += 1;
            total.usd += usd;
        }
        if let Some((u, m)) = usage {
            if let Some(u) = self.usage.get_mut(u) {
                if let (Some(q), Some(sum)) = (quantity, u.quantity.get_mut(m)) {
                    *sum = Some(sum.unwrap_or(0.0) + q);
                }
                if let Some(sum) = u.cost.get_mut(m) {
                    *sum = Some(sum.unwrap_or(0.0) + usd);
                }
            }
        }
        true
    }

    /// Works out the class of the row last given to [`Fast::row`] (`row`, the same row as text) when it is not
    /// known yet; `true` when it was learnt now.
    pub(super) fn learn(&mut self, row: &Row, reader: &Reader, t: &CurTotals) -> bool {
        if self.classes.len() >= MAX_CLASSES || self.classes.contains_key(&self.key[..]) {
            return false;
        }
        let described = match reader {
            Reader::Cur(c) => c.describe(row),
            Reader::Focus(f) => f.describe(row),
        };
        let class = match described {
            Err(_) => Class::Text,
            Ok(None) => Class::Skip,
            Ok(Some(b)) => {
                let ty = match self.types.iter().position(|(c, _)| *c == b.charge) {
                    Some(ty) => ty,
                    None => {
                        let total = t.by_type.get(&b.charge).copied().unwrap_or_default();
                        self.types.push((b.charge, total));
                        self.types.len() - 1
                    }
                };
                let usage = b.charge.meters_usage().then(|| {
                    let key = (b.function, b.region, b.architecture.to_string());
                    let u = match self.usage_index.get(&key) {
                        Some(&u) => u,
                        None => {
                            let mut u = Usage {
                                key: key.clone(),
                                quantity: [None; 8],
                                cost: [None; 8],
                            };
                            load(&mut u, t);
                            self.usage.push(u);
                            self.usage_index.insert(key, self.usage.len() - 1);
                            self.usage.len() - 1
                        }
                    };
                    (u, b.meter as usize)
                });
                Class::Lambda { ty, usage }
            }
        };
        self.classes.insert(self.key.as_slice().into(), class);
        true
    }

    /// Writes the pending sums into `t` (before the text readers add a row to it, and at the end).
    pub(super) fn flush(&mut self, t: &mut CurTotals) {
        if !self.loaded {
            return;
        }
        self.loaded = false;
        t.unblended_usd = self.unblended_usd;
        for &(charge, total) in &self.types {
            if total.rows > 0 {
                t.by_type.insert(charge, total);
            }
        }
        for u in &self.usage {
            if u.cost.iter().all(Option::is_none) {
                continue; // no row yet: `add` makes the entry with a row's cost
            }
            let e = t.usage.entry(u.key.clone()).or_default();
            for (m, (q, c)) in METERS.iter().zip(u.quantity.iter().zip(&u.cost)) {
                if let Some(q) = q {
                    e.quantity.insert(*m, *q);
                }
                if let Some(c) = c {
                    e.cost.insert(*m, *c);
                }
            }
        }
    }

    /// Reads the sums from `t`.
    fn reload(&mut self, t: &CurTotals) {
        self.unblended_usd = t.unblended_usd;
        for (charge, total) in &mut self.types {
            *total = t.by_type.get(charge).copied().unwrap_or_default();
        }
        for u in &mut self.usage {
            load(u, t);
        }
        self.loaded = true;
    }
}

/// A function's sums as `t` holds them.
fn load(u: &mut Usage, t: &CurTotals) {
    let had = t.usage.get(&u.key);
    let get = |m: &Meter, of: fn(&CurUsage) -> &std::collections::BTreeMap<Meter, f64>| {
        had.and_then(|h| of(h).get(m).copied())
    };
    for (m, (q, c)) in METERS
        .iter()
        .zip(u.quantity.iter_mut().zip(u.cost.iter_mut()))
    {
        *q = get(m, |h| &h.quantity);
        *c = get(m, |h| &h.cost);
    }
}

/// Appends a key cell: its length and its bytes as the text readers see them (a null empty).
#[inline]
fn key_cell(c: &Column, at: Option<usize>, key: &mut Vec<u8>, scratch: &mut String) {
    let bytes: &[u8] = match (&c.values, at) {
        (_, None) => &[],
        (Values::Text(v), Some(k)) => v.get(k).map_or(&[][..], |b| b.data()),
        (_, Some(_)) => {
            let mut record = csv::ByteRecord::new();
            c.push(at, scratch, &mut record);
            scratch.clear();
            scratch.push_str(&String::from_utf8_lossy(record.get(0).unwrap_or_default()));
            scratch.as_bytes()
        }
    };
    key.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    key.extend_from_slice(bytes);
}

/// An amount cell read by `field`: a DOUBLE or FLOAT within the field's range as it is, text by the field's
/// grammar; anything else for the text readers.
#[inline]
fn amount(
    columns: &[Column],
    at: &[Option<usize>],
    i: usize,
    field: Field,
    scratch: &mut String,
) -> Amount {
    let (Some(c), Some(&k)) = (columns.get(i), at.get(i)) else {
        return Amount::Text;
    };
    let Some(k) = k else { return Amount::Null };
    let in_range = |x: f64| {
        if x.is_finite() && x >= field.min && x <= field.max {
            Amount::Value(x)
        } else {
            Amount::Text
        }
    };
    let text = |b: &[u8]| {
        let b = b.trim_ascii();
        if b.is_empty() {
            return Amount::Null;
        }
        field
            .read_in(b, "", 0, None)
            .map_or(Amount::Text, Amount::Value)
    };
    match &c.values {
        Values::Double(v) => v.get(k).map_or(Amount::Text, |&x| in_range(x)),
        Values::Float(v) => v.get(k).map_or(Amount::Text, |&x| in_range(f64::from(x))),
        Values::Text(v) => v.get(k).map_or(Amount::Text, |b| text(b.data())),
        Values::Int(_) | Values::Long(_) => {
            let mut record = csv::ByteRecord::new();
            c.push(Some(k), scratch, &mut record);
            text(record.get(0).unwrap_or_default())
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)] // test data of a known shape
mod tests {
    use super::*;

    #[test]
    fn meters_are_in_discriminant_order() {
        for (i, m) in METERS.iter().enumerate() {
            assert_eq!(*m as usize, i);
        }
    }

    /// A DOUBLE taken as it is equals the text readers' value of its rendering, and one they refuse is left to
    /// them.
    #[test]
    fn doubles_read_as_their_text() {
        let field = Field::new(
            "cost",
            "USD",
            crate::ingest::number::Grammar::Signed,
            -1e12,
            1e12,
        );
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut values = vec![
            0.0, -0.0, 1.0, -1.0, 1e12, -1e12, 1e-7, 5e-324, 1e16, 1e300, 0.1, 8.3333333,
        ];
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            values.push(v);
            values.push(v.fract() * 1e3);
            values.push((x % 1_000_000) as f64 * 1e-5);
        }
        for v in values {
            let mut s = String::new();
            super::super::number(v, &mut s).unwrap();
            let text = field.read(s.as_bytes(), "f", 1).ok();
            let typed = (v.is_finite() && v >= field.min && v <= field.max).then_some(v);
            assert_eq!(
                text.map(f64::to_bits),
                typed.map(f64::to_bits),
                "{v:e} as {s}"
            );
        }
    }

    /// The FOCUS sample of `../shared/data/real-exports` (its Lambda rows and the others), three times over with
    /// refused amounts among them, as Parquet (the typed path) and as CSV (the text readers): the same totals to
    /// the last bit, the same bad rows, also on top of totals already read.
    #[test]
    fn typed_rows_equal_the_text_readers() {
        use crate::ingest::{ingest_bytes, Ingested, Options};
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/real-exports/focus/focus_sample_1000.csv");
        let Ok(csv_bytes) = std::fs::read(&path) else {
            return; // the shared exports are not here
        };
        let names = [
            "ServiceName",
            "ChargeCategory",
            "ChargeDescription",
            "CommitmentDiscountStatus",
            "CommitmentDiscountType",
            "ConsumedUnit",
            "RegionId",
            "ResourceId",
            "ConsumedQuantity",
            "BilledCost",
        ];
        let mut r = csv::Reader::from_reader(&csv_bytes[..]);
        let header = r.headers().unwrap().clone();
        let at: Vec<usize> = names
            .iter()
            .map(|n| header.iter().position(|h| h == *n).unwrap())
            .collect();
        let real: Vec<Vec<String>> = r
            .records()
            .map(|rec| {
                let rec = rec.unwrap();
                // A null amount is written `NULL` in the CSV, as a null in Parquet.
                at.iter().map(|&i| rec[i].replace("NULL", "")).collect()
            })
            .collect();
        let lambda = real
            .iter()
            .find(|row| row[0] == "AWS Lambda" && !row[8].is_empty())
            .unwrap()
            .clone();
        let mut rows = Vec::new();
        for round in 0..3 {
            rows.extend(real.iter().cloned());
            let mut bad = lambda.clone();
            if round == 1 {
                bad[9] = "NaN".into();
            } else {
                bad[8] = "1e300".into();
            }
            rows.push(bad);
            rows.push(lambda.clone());
        }
        let as_str: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let parquet = super::super::tests::write(&names, &as_str);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(names).unwrap();
        for row in &rows {
            w.write_record(row).unwrap();
        }
        let csv = w.into_inner().unwrap();
        let skip = Options {
            skip_bad_rows: true,
            ..Options::default()
        };
        let read = |files: &[(&str, &Vec<u8>)]| {
            let mut into = Ingested::default();
            for (name, bytes) in files {
                ingest_bytes(name, bytes.to_vec(), &skip, &mut into).unwrap();
            }
            (into.cur.unwrap(), into.bad_count)
        };
        let (text, text_bad) = read(&[("f.csv", &csv)]);
        let (typed, typed_bad) = read(&[("f.parquet", &parquet)]);
        assert!(text.rows > 20 && text.skipped_rows > 2000, "{text:?}");
        assert_eq!(text_bad, 3);
        assert_eq!((&typed, typed_bad), (&text, text_bad));
        let (twice_text, _) = read(&[("f.csv", &csv), ("g.csv", &csv)]);
        let (twice_typed, _) = read(&[("f.csv", &csv), ("g.parquet", &parquet)]);
        assert_eq!(twice_typed, twice_text);
    }
}
