//! `hook verify` output: a one-line verdict, then why, then likely causes.

use super::{palette, Printer};
use crate::signature::{Problem, Verdict, Workings};
use serde_json::{json, Value};
use std::io::{self, Write};

/// Print a verdict as text or as one JSON line.
pub fn verdict<W: Write>(p: &mut Printer<W>, v: &Verdict) -> io::Result<()> {
    if p.json {
        return p.json_line(&to_json(v));
    }
    let head = match (&v.matched, v.problems.first()) {
        (Some(m), None) => format!("{} matches secret #{} of {}", m.header, m.secret, m.of),
        (_, Some(problem)) => problem.to_string(),
        (None, None) => "no signature checked".into(),
    };
    let label = if v.valid {
        palette::good("valid")
    } else {
        palette::bad("invalid")
    };
    p.line(&format!("{label} {} {head}", palette::provider(&v.provider)))?;
    for problem in v.problems.iter().skip(1) {
        p.line(&format!("  {} {problem}", palette::bad("also")))?;
    }
    if !v.valid && v.matched.is_some() {
        p.line(&format!(
            "  {} the signature itself matches secret #{}",
            palette::dim("note"),
            v.matched.as_ref().map_or(0, |m| m.secret)
        ))?;
    }
    for f in &v.findings {
        let label = if v.valid {
            palette::dim("note")
        } else {
            palette::cause("cause")
        };
        p.line(&format!("  {label} {}", f.message))?;
    }
    if let Some(w) = &v.workings {
        workings(p, w)?;
    }
    Ok(())
}

/// `-v`: the signed bytes, then the signatures received and expected in
/// one column, so the eye can compare them.
pub(super) fn workings<W: Write>(p: &mut Printer<W>, w: &Workings) -> io::Result<()> {
    // What was received is the sender's text; `Printer::line` escapes any
    // control character in it, so it cannot drive the terminal.
    p.line(&format!("  {} {}", palette::dim("signed  "), w.signed))?;
    for sig in &w.received {
        p.line(&format!("  {} {sig}  ({})", palette::dim("received"), w.header))?;
    }
    if w.public_key {
        let why = "a public key checks a signature but cannot make one";
        p.line(&format!("  {} none: {why}", palette::dim("expected")))?;
    }
    for e in &w.expected {
        p.line(&format!(
            "  {} {}  (secret #{})",
            palette::dim("expected"),
            e.signature,
            e.secret
        ))?;
    }
    Ok(())
}

/// The JSON form: `type`, `verdict`, `reason`, and the verdict's fields,
/// each problem with its `message`.
pub fn to_json(v: &Verdict) -> Value {
    let problems: Vec<Value> = v.problems.iter().map(problem_json).collect();
    let mut line = json!({
        "type": "verdict",
        "provider": v.provider,
        "verdict": if v.valid { "valid" } else { "invalid" },
        "valid": v.valid,
        "reason": v.problems.first().map(|p| p.to_string()),
        "matched": v.matched,
        "problems": problems,
        "findings": v.findings,
    });
    if let Some(w) = &v.workings {
        line["workings"] = json!(w);
    }
    line
}

fn problem_json(p: &Problem) -> Value {
    let mut value = serde_json::to_value(p).unwrap_or_else(|_| json!({}));
    if let Value::Object(map) = &mut value {
        map.insert("message".into(), json!(p.to_string()));
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::Expected;

    #[test]
    fn workings_from_the_sender_cannot_drive_the_terminal() {
        let mut v = Verdict::new("stripe");
        v.workings = Some(Workings {
            signed: "\"1.\" + body (2 bytes)".into(),
            header: "Stripe-Signature".into(),
            received: vec!["ab\u{1b}[31mcd".into()],
            expected: vec![Expected {
                secret: 1,
                signature: "00ff".into(),
            }],
            public_key: false,
        });
        let mut p = Printer::new(Vec::new(), false, false);
        verdict(&mut p, &v).unwrap();
        let out = String::from_utf8(p.into_inner()).unwrap();
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert!(out.contains("  expected 00ff  (secret #1)\n"), "{out}");
    }

    #[test]
    fn a_public_key_scheme_says_why_nothing_is_expected() {
        let mut v = Verdict::new("discord");
        v.workings = Some(Workings::public_key(
            "1700000000",
            b"{}",
            "X-Signature-Ed25519",
            " ab12 ",
        ));
        let mut p = Printer::new(Vec::new(), false, false);
        verdict(&mut p, &v).unwrap();
        let out = String::from_utf8(p.into_inner()).unwrap();
        assert!(out.contains("  signed   \"1700000000\" + body (2 bytes)\n"), "{out}");
        assert!(out.contains("  received ab12  (X-Signature-Ed25519)\n"), "{out}");
        assert!(out.contains("  expected none: a public key checks"), "{out}");
    }
}
