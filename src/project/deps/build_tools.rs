//! npm packages that build, test, lint or deploy code but are not imported by a handler at run time: type
//! definitions, compilers and bundlers, test runners and mocks, linters and formatters, infrastructure tools.
//! Used to tell a bundled function's runtime packages among its `devDependencies`, and to leave bundlers
//! out of `dependencies`.

/// Bundlers: when one is a dependency or runs in a script, the handler's imports are inlined at build time.
pub(super) const BUNDLERS: &[&str] = &[
    "esbuild",
    "webpack",
    "rollup",
    "tsup",
    "@vercel/ncc",
    "parcel",
    "serverless-esbuild",
    "serverless-webpack",
    "serverless-bundle",
    "rspack",
    "@rspack/cli",
];

const EXACT: &[&str] = &[
    "aws-cdk",
    "babel",
    "aws-cdk-lib",
    "c8",
    "chai",
    "concurrently",
    "constructs",
    "cross-env",
    "dotenv-cli",
    "esbuild",
    "eslint",
    "globals",
    "husky",
    "jest",
    "knip",
    "lint-staged",
    "mocha",
    "nock",
    "nodemon",
    "npm-run-all",
    "nyc",
    "parcel",
    "prettier",
    "rimraf",
    "rollup",
    "rspack",
    "sass",
    "serverless",
    "sinon",
    "supertest",
    "ts-jest",
    "ts-loader",
    "ts-node",
    "tsc-alias",
    "tsconfig-paths",
    "tsup",
    "tsx",
    "typescript",
    "typescript-eslint",
    "vite",
    "vitest",
    "webpack",
    "webpack-cli",
    "zx",
];

const PREFIXES: &[&str] = &[
    "@aws-cdk/",
    "@babel/",
    "@cdklabs/",
    "@commitlint/",
    "@esbuild/",
    "@faker-js/",
    "@eslint/",
    "@jest/",
    "@rollup/",
    "@rspack/",
    "@serverless/",
    "@swc/",
    "@testing-library/",
    "@tsconfig/",
    "@types/",
    "@typescript-eslint/",
    "@vercel/ncc",
    "@vitejs/",
    "@vitest/",
    "babel-",
    "cdk-",
    "esbuild-",
    "eslint-",
    "jest-",
    "prettier-",
    "rollup-plugin-",
    "vite-",
    "webpack-",
];

/// Packages named `serverless-*` that run in a handler (web framework adapters, connection helpers); every other
/// `serverless-*` package is a Serverless Framework plugin.
const SERVERLESS_RUNTIME: &[&str] = &[
    "serverless-http",
    "serverless-express",
    "serverless-mysql",
    "serverless-postgres",
];

/// Whether the npm package `name` builds, tests, lints or deploys code rather than runs in a handler
/// (`@types/*`, `typescript`, `esbuild`, `jest`, `eslint`, `prettier`, `ts-node`, `vitest`, mocks, CDK, …).
pub fn is_build_tool(name: &str) -> bool {
    let last = name.rsplit('/').next().unwrap_or(name);
    EXACT.contains(&name)
        || PREFIXES.iter().any(|p| name.starts_with(p))
        || (last.starts_with("serverless-") && !SERVERLESS_RUNTIME.contains(&last))
        || name
            .split(['-', '/', '.', '@'])
            .any(|word| word == "mock" || word == "mocks")
}

#[cfg(test)]
mod tests {
    use super::is_build_tool;

    #[test]
    fn tools_and_runtime_packages() {
        for tool in [
            "@types/aws-lambda",
            "typescript",
            "esbuild",
            "jest",
            "eslint",
            "prettier",
            "ts-node",
            "vitest",
            "@vitest/coverage-v8",
            "aws-sdk-client-mock",
            "aws-sdk-client-mock-vitest",
            "axios-mock-adapter",
            "@typescript-eslint/parser",
            "eslint-config-prettier",
            "aws-cdk",
            "cdk-nag",
            "serverless-offline",
            "@enterprise-cmcs/serverless-waf-plugin",
            "@faker-js/faker",
        ] {
            assert!(is_build_tool(tool), "{tool}");
        }
        for runtime in [
            "@aws-sdk/client-s3",
            "@aws-lambda-powertools/logger",
            "@middy/core",
            "axios",
            "serverless-http",
            "tslib",
            "ts-pattern",
            "uuid",
            "fastify-plugin",
            "serverless-http",
            "@codegenie/serverless-express",
        ] {
            assert!(!is_build_tool(runtime), "{runtime}");
        }
    }
}
