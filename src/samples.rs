//! Built-in sample profiles (`samples/*.toml`), so `coldcost compare` runs with no files.

/// A Node.js / Python pair of sample profiles.
#[derive(Debug, Clone, Copy)]
pub struct SamplePair {
    /// Short name, e.g. `http-api`.
    pub name: &'static str,
    /// What the pair models.
    pub about: &'static str,
    /// The Node.js profile: (file name, TOML).
    pub node: (&'static str, &'static str),
    /// The Python profile: (file name, TOML).
    pub python: (&'static str, &'static str),
}

macro_rules! sample {
    ($f:literal) => {
        (
            concat!("<built-in samples/", $f, ">"),
            include_str!(concat!("../samples/", $f)),
        )
    };
}

/// All built-in pairs; the first is the default of `compare`.
pub const PAIRS: [SamplePair; 5] = [
    SamplePair {
        name: "http-api",
        about: "HTTP API on DynamoDB, 30M requests/month, arm64 1 GB",
        node: sample!("http-api-node.toml"),
        python: sample!("http-api-python.toml"),
    },
    SamplePair {
        name: "sdk-worker",
        about: "SQS worker on S3 + DynamoDB; Node.js with unbundled SDK v2 vs Python boto3",
        node: sample!("sdk-worker-node.toml"),
        python: sample!("sdk-worker-python.toml"),
    },
    SamplePair {
        name: "data-job",
        about: "CSV roll-up job: Python pandas/numpy vs a Node.js streaming parser, 2 GB",
        node: sample!("data-job-node.toml"),
        python: sample!("data-job-python.toml"),
    },
    SamplePair {
        name: "cron",
        about: "every-15-minutes poller: every run is a cold start",
        node: sample!("cron-node.toml"),
        python: sample!("cron-python.toml"),
    },
    SamplePair {
        name: "io-service",
        about: "busy IO-bound service, 3 billion requests/month, on Lambda Managed Instances (each also shown on demand)",
        node: sample!("io-service-node.toml"),
        python: sample!("io-service-python.toml"),
    },
];

/// The pair called `name`.
pub fn pair(name: &str) -> Option<&'static SamplePair> {
    PAIRS.iter().find(|p| p.name == name)
}
