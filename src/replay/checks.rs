//! What `hook replay` checks before it sends anything, for each fixture's
//! provider: that a negative case can be expressed, and that the secrets
//! given can sign (so a run of several providers' fixtures fails at once,
//! exit 2, rather than once per delivery).

use super::{Negative, ReplayConfig};
use crate::signature::{timestamp::now_unix, Scheme, SignInput};

/// A negative case the provider's scheme cannot express would be sent as a
/// valid delivery and blamed on the receiver: refuse it instead.
pub(super) fn negative(source: &str, scheme: Option<&'static dyn Scheme>, cfg: &ReplayConfig) -> anyhow::Result<()> {
    let Some(scheme) = scheme else { return Ok(()) };
    let name = scheme.name();
    let stale = cfg.negative.iter().any(|n| matches!(n, Negative::Stale(_)));
    if stale && !scheme.checks_age() {
        return Err(crate::error::hinted(
            format!(
                "{}: --stale cannot make a {name} delivery stale: {name} receivers check no signed timestamp",
                source
            ),
            "use --tamper, --unsigned or --wrong-secret for this provider",
        ));
    }
    if cfg.negative.contains(&Negative::Tamper) && !scheme.signs_body() {
        return Err(crate::error::hinted(
            format!(
                "{}: --tamper cannot be detected with {name}: its signature does not cover the body",
                source
            ),
            "use --unsigned or --wrong-secret for this provider",
        ));
    }
    Ok(())
}

/// Sign an empty body with `scheme` as a delivery would: an error when no
/// secret given suits the provider (named with the fixture), and the notes
/// a signing makes (a secret left out, the first secret only) added to
/// `notes` once per provider. No secret at all is an error for a signed
/// fixture; the trial is not made under `--unsigned` or `--wrong-secret`,
/// which sign with a secret of their own.
pub(super) fn secrets(
    source: &str,
    scheme: Option<&'static dyn Scheme>,
    cfg: &ReplayConfig,
    notes: &mut Vec<String>,
) -> anyhow::Result<()> {
    let Some(scheme) = scheme else { return Ok(()) };
    if cfg.secrets.is_empty() {
        return Err(crate::error::hinted(
            format!(
                "no secret given: {source} is a {} delivery, which hook replay signs",
                scheme.name()
            ),
            "pass --secret SECRET, --secret-file FILE or set HOOK_SECRET; or send it unsigned with --unsigned",
        ));
    }
    let own = cfg
        .negative
        .iter()
        .any(|n| matches!(n, Negative::Unsigned | Negative::WrongSecret));
    if own {
        return Ok(());
    }
    let input = SignInput {
        body: b"{}",
        secrets: &cfg.secrets,
        timestamp: now_unix(),
        id: None,
        url: Some("http://127.0.0.1/"),
        method: "POST",
        event: None,
    };
    let signed = scheme
        .sign(&input)
        .map_err(|e| e.context(format!("{source} is a {} delivery", scheme.name())))?;
    for note in signed.notes {
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    Ok(())
}
