//! The committed completion scripts must be exactly what the binary prints,
//! so they never drift from the CLI.

#[path = "common/hermetic.rs"]
mod hermetic;

const SHELLS: &[(&str, &str)] = &[
    ("bash", "hook.bash"),
    ("zsh", "_hook"),
    ("fish", "hook.fish"),
    ("powershell", "_hook.ps1"),
    ("elvish", "hook.elv"),
];

#[test]
fn committed_completions_match_the_binary() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in SHELLS {
        let out = hermetic::hook().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "hook completions {shell} failed");
        let committed = std::fs::read(dir.join(file)).unwrap_or_default();
        assert!(
            committed == out.stdout,
            "completions/{file} is stale: regenerate with `cargo run -- completions {shell} > completions/{file}`"
        );
        let text = String::from_utf8_lossy(&out.stdout);
        for word in ["sign", "verify", "listen", "replay", "providers", "secret"] {
            assert!(text.contains(word), "{shell} completion lacks {word}");
        }
        // --provider completes to provider names, not to file names.
        if *shell == "bash" {
            assert!(
                text.contains("github stripe slack shopify svix standard"),
                "bash completion lacks the provider names"
            );
        }
    }
}
