//! Which offer products the price book wants, and where each goes: Lambda usage types to the book's keys, EC2
//! instances to the Lambda Managed Instances families. Attributes are looked up by normalised name (lower case,
//! no spaces or punctuation), so the JSON attribute `regionCode` and the CSV column `Region Code` are one name.
//!
//! Lambda usage types (AWS Price List, offer `AWSLambda`; the names as the Price List writes them, with a region
//! prefix such as `USE2-` outside us-east-1 — the region is taken from the `regionCode` attribute, not the
//! prefix): `Request`, `Lambda-GB-Second` (three tiers by `beginRange`/`endRange`), `Lambda-Provisioned-Concurrency`,
//! `Lambda-Provisioned-GB-Second`, `Lambda-Storage-GB-Second`, each also with `-ARM` for arm64;
//! `Lambda-SnapStart-Cached-GB-S`, `Lambda-SnapStart-Restored-GB`; `Lambda-Edge-Request`, `Lambda-Edge-GB-Second`.

use crate::vocab::Architecture;

/// A price of the Lambda offer, by what it prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum LambdaKey {
    /// Per request (the book keeps it per million).
    Request(Architecture),
    /// Per GB-second, one of the duration tiers.
    Duration(Architecture),
    /// Provisioned concurrency, per GB-second configured.
    ProvisionedConcurrency(Architecture),
    /// Duration under provisioned concurrency, per GB-second.
    ProvisionedDuration(Architecture),
    /// Ephemeral storage above 512 MB, per GB-second.
    Storage(Architecture),
    /// SnapStart cache, per GB-second.
    SnapStartCache,
    /// SnapStart restore, per GB.
    SnapStartRestore,
    /// Lambda@Edge, per request.
    EdgeRequest,
    /// Lambda@Edge, per GB-second.
    EdgeDuration,
}

/// The usage types read, without their region prefix.
const LAMBDA_USAGE_TYPES: [(&str, LambdaKey); 14] = {
    use Architecture::{Arm64 as A, X86_64 as X};
    use LambdaKey::*;
    [
        ("Request", Request(X)),
        ("Request-ARM", Request(A)),
        ("Lambda-GB-Second", Duration(X)),
        ("Lambda-GB-Second-ARM", Duration(A)),
        ("Lambda-Provisioned-Concurrency", ProvisionedConcurrency(X)),
        (
            "Lambda-Provisioned-Concurrency-ARM",
            ProvisionedConcurrency(A),
        ),
        ("Lambda-Provisioned-GB-Second", ProvisionedDuration(X)),
        ("Lambda-Provisioned-GB-Second-ARM", ProvisionedDuration(A)),
        ("Lambda-Storage-GB-Second", Storage(X)),
        ("Lambda-Storage-GB-Second-ARM", Storage(A)),
        ("Lambda-SnapStart-Cached-GB-S", SnapStartCache),
        ("Lambda-SnapStart-Restored-GB", SnapStartRestore),
        ("Lambda-Edge-Request", EdgeRequest),
        ("Lambda-Edge-GB-Second", EdgeDuration),
    ]
};

/// The EC2 instance families Lambda Managed Instances offers that the book carries, and their architecture
/// (issue 16: c, m, r in 7g, 7i, 8g).
const EC2_FAMILIES: [(&str, Architecture); 9] = {
    use Architecture::{Arm64 as A, X86_64 as X};
    [
        ("c7g", A),
        ("m7g", A),
        ("r7g", A),
        ("c8g", A),
        ("m8g", A),
        ("r8g", A),
        ("c7i", X),
        ("m7i", X),
        ("r7i", X),
    ]
};
/// The sizes carried, large to 4xlarge.
const EC2_SIZES: [&str; 4] = ["large", "xlarge", "2xlarge", "4xlarge"];

/// What a selected product is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    /// A Lambda price in `region`.
    Lambda {
        /// Region code.
        region: String,
        /// The region's name (`location`).
        location: String,
        /// What it prices.
        key: LambdaKey,
    },
    /// An EC2 on-demand Linux instance in `region`.
    Ec2 {
        /// Region code.
        region: String,
        /// The region's name.
        location: String,
        /// `c7g.xlarge`.
        instance: String,
        /// vCPUs.
        vcpus: u32,
        /// Memory, GiB.
        memory_gib: f64,
        /// From the family (`g`: Graviton, arm64).
        architecture: Architecture,
    },
}

/// An attribute name in normalised form: `Region Code`, `regionCode` and `region_code` are all `regioncode`.
pub(crate) fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A usage type without its region prefix (`USE2-Request-ARM` → `Request-ARM`): a prefix is two to five
/// upper-case letters and digits before the first `-`.
fn base_usage_type(usage_type: &str) -> &str {
    match usage_type.split_once('-') {
        Some((head, rest))
            if (2..=5).contains(&head.len())
                && head
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) =>
        {
            rest
        }
        _ => usage_type,
    }
}

impl LambdaKey {
    /// The usage type it is read from (without a region prefix), for messages.
    pub(crate) fn usage_type(self) -> &'static str {
        LAMBDA_USAGE_TYPES
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("?", |(name, _)| name)
    }
}

/// The Lambda key of a usage type, if the book carries it.
pub(crate) fn lambda_key(usage_type: &str) -> Option<LambdaKey> {
    let base = base_usage_type(usage_type.trim());
    LAMBDA_USAGE_TYPES
        .iter()
        .find(|(name, _)| *name == base)
        .map(|(_, k)| *k)
}

/// Whether `instance` is one of the carried families and sizes, and its architecture.
pub(crate) fn ec2_instance(instance: &str) -> Option<Architecture> {
    let (family, size) = instance.split_once('.')?;
    if !EC2_SIZES.contains(&size) {
        return None;
    }
    EC2_FAMILIES
        .iter()
        .find(|(f, _)| *f == family)
        .map(|(_, a)| *a)
}

/// Chooses a product by its attributes (`get` looks one up by normalised name), or `None` if the book does not
/// want it. EC2: compute instances of the carried families, Linux, shared tenancy, no pre-installed software,
/// capacity status `Used` (the on-demand price of a running instance), and a `marketoption` of `OnDemand` when
/// the file has that attribute.
pub(crate) fn select<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Option<Target> {
    let region = get("regioncode")?.trim();
    if region.is_empty() {
        return None;
    }
    let location = get("location").unwrap_or_default().trim().to_string();
    let usage_type = get("usagetype").unwrap_or_default();
    if let Some(key) = lambda_key(usage_type) {
        return Some(Target::Lambda {
            region: region.to_string(),
            location,
            key,
        });
    }
    let instance = get("instancetype")?.trim();
    let architecture = ec2_instance(instance)?;
    let is =
        |name: &str, want: &str| get(name).is_some_and(|v| v.trim().eq_ignore_ascii_case(want));
    let family = get("productfamily").unwrap_or_default();
    if !family.starts_with("Compute Instance")
        || !is("operatingsystem", "Linux")
        || !is("tenancy", "Shared")
        || !is("preinstalledsw", "NA")
        || !is("capacitystatus", "Used")
        || get("marketoption").is_some_and(|m| !m.trim().eq_ignore_ascii_case("OnDemand"))
    {
        return None;
    }
    let vcpus = get("vcpu")?.trim().parse().ok()?;
    // "8 GiB"
    let memory_gib = get("memory")?
        .trim()
        .trim_end_matches("GiB")
        .trim()
        .replace(',', "")
        .parse()
        .ok()?;
    Some(Target::Ec2 {
        region: region.to_string(),
        location,
        instance: instance.to_string(),
        vcpus,
        memory_gib,
        architecture,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Architecture::{Arm64, X86_64};

    #[test]
    fn usage_types_with_and_without_region_prefix() {
        assert_eq!(lambda_key("Request"), Some(LambdaKey::Request(X86_64)));
        assert_eq!(
            lambda_key("USE2-Request-ARM"),
            Some(LambdaKey::Request(Arm64))
        );
        assert_eq!(
            lambda_key("EUC1-Lambda-GB-Second-ARM"),
            Some(LambdaKey::Duration(Arm64))
        );
        assert_eq!(
            lambda_key("APN1-Lambda-Edge-Request"),
            Some(LambdaKey::EdgeRequest)
        );
        assert_eq!(
            lambda_key("Lambda-Edge-Request"),
            Some(LambdaKey::EdgeRequest)
        );
        assert_eq!(lambda_key("Global-Request"), None);
        assert_eq!(
            LambdaKey::Storage(Arm64).usage_type(),
            "Lambda-Storage-GB-Second-ARM"
        );
        assert_eq!(
            lambda_key("Lambda-Streaming-Response-Processed-Bytes"),
            None
        );
    }

    #[test]
    fn managed_instance_families() {
        assert_eq!(ec2_instance("c7g.xlarge"), Some(Arm64));
        assert_eq!(ec2_instance("m7i.4xlarge"), Some(X86_64));
        assert_eq!(ec2_instance("r8g.large"), Some(Arm64));
        assert_eq!(ec2_instance("c7gd.xlarge"), None);
        assert_eq!(ec2_instance("c7g.8xlarge"), None);
        assert_eq!(ec2_instance("t3.micro"), None);
    }

    #[test]
    fn attribute_names_normalise() {
        assert_eq!(normalise("Region Code"), "regioncode");
        assert_eq!(normalise("regionCode"), "regioncode");
        assert_eq!(normalise("Pre Installed S/W"), "preinstalledsw");
        assert_eq!(normalise("preInstalledSw"), "preinstalledsw");
    }
}
