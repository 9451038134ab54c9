//! Embeds every fixture under `fixtures/<provider>/<name>.json` into the
//! binary, so `hook replay stripe/invoice.paid` works from any directory.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    if let Ok(providers) = std::fs::read_dir(&root) {
        for provider in providers.flatten().filter(|e| e.path().is_dir()) {
            println!("cargo:rerun-if-changed={}", provider.path().display());
            for file in std::fs::read_dir(provider.path()).into_iter().flatten().flatten() {
                let path = file.path();
                if path.extension().is_some_and(|e| e == "json") {
                    let name = format!(
                        "{}/{}",
                        provider.file_name().to_string_lossy(),
                        path.file_stem().unwrap_or_default().to_string_lossy()
                    );
                    entries.push((name, path));
                }
            }
        }
    }
    entries.sort();
    let mut out = String::from(
        "/// Built-in fixtures: (name, file contents), sorted by name.\npub static BUILTIN: &[(&str, &[u8])] = &[\n",
    );
    for (name, path) in &entries {
        let _ = writeln!(out, "    ({name:?}, include_bytes!({:?})),", path.display().to_string());
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_fixtures.rs");
    std::fs::write(dest, out).expect("writing the built-in fixture table");
}
