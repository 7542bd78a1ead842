//! The JSON form of an offer file, streamed: serde visits the top-level object, the `products` map one product at
//! a time (keeping only the SKUs [`super::map::select`] chooses) and the `terms.OnDemand` map one SKU at a time
//! (skipping, unparsed, every SKU not chosen). Memory stays bounded by the chosen products, so the gigabytes of the
//! `AmazonEC2` offer pass through without being held.
//!
//! The layout read is AWS's "Reading the service price list file for an AWS service" (AWS Billing User Guide,
//! docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-services.html):
//! `formatVersion, disclaimer, offerCode, version, publicationDate, products{sku:{sku, productFamily,
//! attributes{…}}}, terms{OnDemand{sku:{offerTermCode:{…, priceDimensions{rateCode:{rateCode, description, unit,
//! beginRange, endRange, pricePerUnit{USD}}}}}}}` (the guide's schema names the range fields `startingRange` and
//! `endingRange`; AWS's files write `beginRange` and `endRange`: both are read). AWS writes `products` before
//! `terms`; a file the other way round is refused (its terms could not be matched without holding them all).

use super::collect::{Collected, Dim, Offer};
use super::map::{normalise, select, Target};
use crate::error::{Error, Location, Result};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;

#[derive(Deserialize)]
struct RawProduct {
    sku: String,
    #[serde(rename = "productFamily", default)]
    product_family: String,
    #[serde(default)]
    attributes: HashMap<String, String>,
}

#[derive(Deserialize)]
struct RawTerm {
    #[serde(rename = "priceDimensions")]
    price_dimensions: BTreeMap<String, RawDim>,
}

#[derive(Deserialize)]
struct RawDim {
    #[serde(rename = "pricePerUnit")]
    price_per_unit: BTreeMap<String, Checked>,
    #[serde(rename = "beginRange", alias = "startingRange", default)]
    begin: Option<String>,
    #[serde(rename = "endRange", alias = "endingRange", default)]
    end: Option<String>,
}

/// Marks the message of a price that is not a decimal, so that the error can name its field and line.
const BAD_PRICE: &str = "\u{1}bad price\u{1}";

/// A price as written, checked to be a decimal the moment it is read (so serde's error is at its line).
struct Checked(String);

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if super::decimal::usd_to_pico(&s).is_none() {
            return Err(de::Error::custom(format!("{BAD_PRICE}{s}")));
        }
        Ok(Checked(s))
    }
}

/// What the visitors share: the file, the chosen SKUs, the prices gathered, and the first error of ours (serde
/// carries only a message; ours keeps its field and value, and takes serde's line).
struct State<'a> {
    file: &'a str,
    offer: usize,
    out: &'a mut Collected,
    chosen: HashMap<String, Target>,
    products_seen: bool,
    failure: Option<Error>,
    /// The SKU whose terms are being read, for errors.
    sku: Option<String>,
}

/// Reads one offer file in JSON into `out`; returns what the file says of itself.
pub(crate) fn read(reader: impl Read, file: &str, out: &mut Collected) -> Result<Offer> {
    let offer = out.offers.len();
    out.offers.push(Offer {
        file: file.to_string(),
        form: "JSON",
        offer_code: String::new(),
        version: String::new(),
        publication_date: String::new(),
    });
    let state = RefCell::new(State {
        file,
        offer,
        out,
        chosen: HashMap::new(),
        products_seen: false,
        failure: None,
        sku: None,
    });
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 18, reader));
    let meta = Top { state: &state }.deserialize(&mut de).and_then(|m| {
        de.end()?;
        Ok(m)
    });
    let mut st = state.into_inner();
    match meta {
        Ok(meta) => {
            let o = st.out.offers.get_mut(offer).ok_or_else(|| Error::Syntax {
                at: Location::file(file),
                message: "internal: offer index lost".into(),
            })?;
            o.offer_code = meta.get("offerCode").cloned().unwrap_or_default();
            o.version = meta.get("version").cloned().unwrap_or_default();
            o.publication_date =
                meta.get("publicationDate")
                    .cloned()
                    .ok_or_else(|| Error::MissingField {
                        at: Location::file(file),
                        field: "publicationDate".into(),
                    })?;
            if !st.products_seen {
                return Err(Error::MissingField {
                    at: Location::file(file),
                    field: "products".into(),
                });
            }
            Ok(o.clone())
        }
        Err(e) => {
            let line = (e.line() > 0).then_some(e.line());
            let message = strip_position(&e);
            let at = Location {
                file: file.to_string(),
                line,
            };
            Err(match st.failure.take() {
                Some(ours) => at_line(ours, line),
                None if message.starts_with(BAD_PRICE) => Error::invalid(
                    &at,
                    format!(
                        "terms.OnDemand.{}.….pricePerUnit",
                        st.sku.as_deref().unwrap_or("?")
                    ),
                    format!("\"{}\"", message.trim_start_matches(BAD_PRICE)),
                    "a decimal price ≥ 0 and below 1,000,000 (e.g. \"0.0000166667\")",
                ),
                None => Error::Syntax {
                    at: Location {
                        file: file.to_string(),
                        line,
                    },
                    message: format!(
                        "not an AWS Price List offer file in JSON: {}",
                        strip_position(&e)
                    ),
                },
            })
        }
    }
}

/// serde_json's message without its trailing ` at line L column C` (the location is given in front).
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s.get(..i).unwrap_or(&s).to_string(),
        None => s,
    }
}

/// `e` placed at `line` of its file.
fn at_line(e: Error, line: Option<usize>) -> Error {
    match e {
        Error::InvalidValue {
            mut at,
            field,
            value,
            expected,
        } => {
            at.line = at.line.or(line);
            Error::InvalidValue {
                at,
                field,
                value,
                expected,
            }
        }
        Error::Syntax { mut at, message } => {
            at.line = at.line.or(line);
            Error::Syntax { at, message }
        }
        other => other,
    }
}

/// Keeps our error and hands serde one to unwind with.
fn fail<E: de::Error>(state: &RefCell<State>, e: Error) -> E {
    let msg = e.to_string();
    state.borrow_mut().failure.get_or_insert(e);
    E::custom(msg)
}

/// The top-level object: its metadata strings, `products` and `terms`.
struct Top<'s, 'a> {
    state: &'s RefCell<State<'a>>,
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = BTreeMap<String, String>;
    fn deserialize<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = BTreeMap<String, String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an offer file object (formatVersion, offerCode, version, publicationDate, products, terms)")
    }
    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut meta = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "formatVersion" | "offerCode" | "version" | "publicationDate" => {
                    let v: String = map.next_value()?;
                    meta.insert(key, v);
                }
                "products" => {
                    map.next_value_seed(Products { state: self.state })?;
                    self.state.borrow_mut().products_seen = true;
                }
                "terms" => {
                    if !self.state.borrow().products_seen {
                        let file = self.state.borrow().file.to_string();
                        return Err(fail(
                            self.state,
                            Error::Syntax {
                                at: Location::file(file),
                                message: "`terms` comes before `products`: coldcost streams offer files in AWS's order (products, then terms) so as not to hold the whole file; this one is in another order".into(),
                            },
                        ));
                    }
                    map.next_value_seed(Terms { state: self.state })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(meta)
    }
}

/// `products`: each product read, chosen or dropped.
struct Products<'s, 'a> {
    state: &'s RefCell<State<'a>>,
}

impl<'de> DeserializeSeed<'de> for Products<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Products<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of SKU to product")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while let Some(_key) = map.next_key::<IgnoredAny>()? {
            let p: RawProduct = map.next_value()?;
            let attrs: HashMap<String, &str> = p
                .attributes
                .iter()
                .map(|(k, v)| (normalise(k), v.as_str()))
                .chain(std::iter::once((
                    "productfamily".to_string(),
                    p.product_family.as_str(),
                )))
                .collect();
            if let Some(t) = select(|name| attrs.get(name).copied()) {
                self.state.borrow_mut().chosen.insert(p.sku.clone(), t);
            }
        }
        Ok(())
    }
}

/// `terms`: only `OnDemand` is read.
struct Terms<'s, 'a> {
    state: &'s RefCell<State<'a>>,
}

impl<'de> DeserializeSeed<'de> for Terms<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Terms<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of term type (OnDemand, Reserved) to terms")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while let Some(kind) = map.next_key::<String>()? {
            if kind == "OnDemand" {
                map.next_value_seed(OnDemand { state: self.state })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// `terms.OnDemand`: SKU → offer term code → term.
struct OnDemand<'s, 'a> {
    state: &'s RefCell<State<'a>>,
}

impl<'de> DeserializeSeed<'de> for OnDemand<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OnDemand<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of SKU to on-demand terms")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while let Some(sku) = map.next_key::<String>()? {
            let target = self.state.borrow().chosen.get(&sku).cloned();
            let Some(target) = target else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            self.state.borrow_mut().sku = Some(sku.clone());
            let terms: BTreeMap<String, RawTerm> = map.next_value()?;
            let mut st = self.state.borrow_mut();
            let at = Location::file(st.file);
            for (code, term) in &terms {
                for (rate, dim) in &term.price_dimensions {
                    let field =
                        format!("terms.OnDemand.{sku}.{code}.priceDimensions.{rate}.pricePerUnit");
                    let Some(usd) = dim.price_per_unit.get("USD") else {
                        let found = dim
                            .price_per_unit
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ");
                        drop(st);
                        return Err(fail(
                            self.state,
                            Error::invalid(
                                &at,
                                field,
                                format!("{{{found}}}"),
                                "a price in USD (`\"USD\": \"0.0000166667\"`); coldcost prices in USD only",
                            ),
                        ));
                    };
                    let usd_field = format!("{field}.USD");
                    let range_field = format!(
                        "terms.OnDemand.{sku}.{code}.priceDimensions.{rate}.beginRange/endRange"
                    );
                    let dim = Dim {
                        sku: &sku,
                        usd: &usd.0,
                        usd_field: &usd_field,
                        begin: dim.begin.as_deref(),
                        end: dim.end.as_deref(),
                        range_field: &range_field,
                    };
                    let offer = st.offer;
                    if let Err(e) = st.out.add(offer, &target, &dim, &at) {
                        drop(st);
                        return Err(fail(self.state, e));
                    }
                }
            }
        }
        Ok(())
    }
}
