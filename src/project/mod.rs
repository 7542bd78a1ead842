//! The user's repository as input: infrastructure templates (SAM, CloudFormation and CDK output, Serverless
//! Framework, Terraform) read into function settings, and dependency manifests read into the imports the INIT
//! model weighs. Every value says where it came from (`template.yaml:42`, a default, or an assumption).

pub mod deps;
