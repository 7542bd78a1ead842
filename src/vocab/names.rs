//! Names: PEP 503 normalisation of Python distribution names, and the table from a distribution name to the
//! name its code imports (`PyJWT` → `jwt`). npm packages import under their own name.

use crate::vocab::Family;

/// The PEP 503 normal form of a Python distribution name: lowercase, each run of `-`, `_` and `.` one `-`
/// (`Typing_Extensions` and `typing.extensions` are both `typing-extensions`).
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_run = false;
        }
    }
    out
}

/// Whether two Python distribution names are the same distribution under PEP 503.
pub fn same_distribution(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

/// Distributions whose import name the default rule (lowercase, `-` → `_`) gets wrong, keyed by normal form.
const PYTHON_IMPORTS: &[(&str, &str)] = &[
    ("attrs", "attr"),
    ("beautifulsoup4", "bs4"),
    ("dnspython", "dns"),
    ("faiss-cpu", "faiss"),
    ("faiss-gpu", "faiss"),
    ("google-api-python-client", "googleapiclient"),
    ("google-auth", "google.auth"),
    (
        "google-cloud-resource-manager",
        "google.cloud.resourcemanager",
    ),
    ("google-cloud-secret-manager", "google.cloud.secretmanager"),
    ("grpcio", "grpc"),
    // langchain 1.x: the bare import is empty; its API (create_agent, init_chat_model) is in langchain.agents.
    ("langchain", "langchain.agents"),
    ("mysqlclient", "MySQLdb"),
    ("opencv-contrib-python", "cv2"),
    ("opencv-contrib-python-headless", "cv2"),
    ("opencv-python", "cv2"),
    ("opencv-python-headless", "cv2"),
    ("opensearch-py", "opensearchpy"),
    // The SDK's code is imported as its tracer provider; `import opentelemetry` alone loads only the API stubs.
    ("opentelemetry-sdk", "opentelemetry.sdk.trace"),
    // Code imports `from PIL import Image`; the bare `PIL` loads almost nothing.
    ("pillow", "PIL.Image"),
    ("protobuf", "google.protobuf"),
    ("psycopg-binary", "psycopg"),
    ("psycopg2-binary", "psycopg2"),
    ("pycryptodome", "Crypto"),
    ("pycryptodomex", "Cryptodome"),
    ("pyjwt", "jwt"),
    ("pymupdf", "fitz"),
    ("pynacl", "nacl"),
    ("pyopenssl", "OpenSSL"),
    ("pypdf2", "PyPDF2"),
    ("pyserial", "serial"),
    ("python-dateutil", "dateutil"),
    ("python-docx", "docx"),
    ("python-dotenv", "dotenv"),
    ("python-jose", "jose"),
    ("python-json-logger", "pythonjsonlogger"),
    ("python-multipart", "multipart"),
    ("python-pptx", "pptx"),
    ("pyyaml", "yaml"),
    ("pyzmq", "zmq"),
    ("ruamel-yaml", "ruamel.yaml"),
    ("scikit-image", "skimage"),
    ("scikit-learn", "sklearn"),
    ("tensorflow-cpu", "tensorflow"),
];

/// Prefixes whose distributions share one import package, with the import's prefix.
const PYTHON_PREFIXES: &[(&str, &str)] = &[
    ("google-cloud-", "google.cloud."),
    ("opentelemetry-", "opentelemetry"),
];

/// The name a Python distribution is imported under: the table above, then the `google-cloud-*` →
/// `google.cloud.*` and `opentelemetry-*` → `opentelemetry` families, else lowercase with `-` → `_`
/// (`aws-lambda-powertools` → `aws_lambda_powertools`, `langchain-aws` → `langchain_aws`).
pub fn python_import(distribution: &str) -> String {
    let norm = normalize(distribution);
    if let Some((_, import)) = PYTHON_IMPORTS.iter().find(|(d, _)| *d == norm) {
        return (*import).to_string();
    }
    for (prefix, import) in PYTHON_PREFIXES {
        if let Some(rest) = norm.strip_prefix(prefix) {
            if import.ends_with('.') {
                return format!("{import}{}", rest.replace('-', "_"));
            }
            return (*import).to_string();
        }
    }
    norm.replace('-', "_")
}

/// The import name of a dependency named `name` in `family`: [`python_import`] for Python, the package name
/// itself for Node.js (and any other family).
pub fn import_name(name: &str, family: Family) -> String {
    match family {
        Family::Python => python_import(name),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep_503_normal_form() {
        assert_eq!(normalize("Typing_Extensions"), "typing-extensions");
        assert_eq!(normalize("ruamel.yaml"), "ruamel-yaml");
        assert_eq!(normalize("a-_.b"), "a-b");
        assert!(same_distribution("PyJWT", "pyjwt"));
        assert!(same_distribution("python_dateutil", "Python.Dateutil"));
        assert!(!same_distribution("psycopg2", "psycopg2-binary"));
    }

    #[test]
    fn the_table_from_the_brief() {
        let cases = [
            ("PyJWT", "jwt"),
            ("pyjwt", "jwt"),
            ("Pillow", "PIL.Image"),
            ("langchain", "langchain.agents"),
            ("scikit-learn", "sklearn"),
            ("PyYAML", "yaml"),
            ("psycopg2-binary", "psycopg2"),
            ("psycopg2", "psycopg2"),
            ("psycopg", "psycopg"),
            ("beautifulsoup4", "bs4"),
            ("python-dateutil", "dateutil"),
            ("opencv-python", "cv2"),
            ("opencv-python-headless", "cv2"),
            ("protobuf", "google.protobuf"),
            ("attrs", "attr"),
            ("python-dotenv", "dotenv"),
            ("pymysql", "pymysql"),
            ("PyMySQL", "pymysql"),
            // langchain 1.x: the bare import is empty; its API (create_agent, init_chat_model) is in langchain.agents.
            ("langchain", "langchain.agents"),
            ("mysqlclient", "MySQLdb"),
            ("python-jose", "jose"),
            ("pycryptodome", "Crypto"),
            ("cryptography", "cryptography"),
            ("google-cloud-storage", "google.cloud.storage"),
            ("google-cloud-secret-manager", "google.cloud.secretmanager"),
            (
                "google-cloud-error-reporting",
                "google.cloud.error_reporting",
            ),
            ("aws-lambda-powertools", "aws_lambda_powertools"),
            ("opensearch-py", "opensearchpy"),
            // The SDK's code is imported as its tracer provider; `import opentelemetry` alone loads only the API stubs.
            ("opentelemetry-sdk", "opentelemetry.sdk.trace"),
            ("elasticsearch", "elasticsearch"),
            ("pymongo", "pymongo"),
            ("redis", "redis"),
            ("python-multipart", "multipart"),
            ("msgpack", "msgpack"),
            ("typing-extensions", "typing_extensions"),
            ("langchain-aws", "langchain_aws"),
            ("langchain_community", "langchain_community"),
            ("pydantic-settings", "pydantic_settings"),
            ("sentry-sdk", "sentry_sdk"),
            ("ddtrace", "ddtrace"),
            ("opentelemetry-sdk", "opentelemetry.sdk.trace"),
            ("opentelemetry-api", "opentelemetry"),
            ("faiss-cpu", "faiss"),
            ("PyPDF2", "PyPDF2"),
            ("Flask", "flask"),
        ];
        for (dist, import) in cases {
            assert_eq!(python_import(dist), import, "{dist}");
        }
    }

    #[test]
    fn node_packages_import_under_their_own_name() {
        assert_eq!(
            import_name("@aws-sdk/client-s3", Family::Node),
            "@aws-sdk/client-s3"
        );
        assert_eq!(import_name("PyYAML", Family::Python), "yaml");
    }
}
