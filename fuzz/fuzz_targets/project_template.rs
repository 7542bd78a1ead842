//! Fuzz target: a project file (SAM/CloudFormation YAML or JSON, serverless.yml, Terraform) read into functions and
//! written as profiles — any bytes give Ok or a clear Err, never a panic, hang or crash. The first byte picks the
//! file name; the rest is its text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = match kind % 4 {
        0 => "template.yaml",
        1 => "template.json",
        2 => "serverless.yml",
        _ => "main.tf",
    };
    let dir = std::env::temp_dir().join(format!("coldcost-fuzz-project-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    if std::fs::create_dir_all(&dir).is_err() || std::fs::write(dir.join(name), text).is_err() {
        return;
    }
    if let Ok(p) = coldcost::project::read_project(&dir, None) {
        let _ = p.profiles(&coldcost::project::ProjectDefaults::default());
    }
});
