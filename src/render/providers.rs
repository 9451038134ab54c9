//! `hook providers` output: a table, or one JSON line per provider.

use super::{palette, Printer};
use crate::signature::Info;
use std::io::{self, Write};

/// Print every provider's scheme.
pub fn providers<W: Write>(p: &mut Printer<W>, infos: &[Info]) -> io::Result<()> {
    if p.json {
        for info in infos {
            p.json_line(info)?;
        }
        return Ok(());
    }
    for info in infos {
        p.line(&format!(
            "{} {}",
            palette::provider(&format!("{:<13}", info.name)),
            palette::dim(&info.title)
        ))?;
        p.line(&format!("  {}{}", palette::name("headers   "), info.headers.join(", ")))?;
        p.line(&format!(
            "  {}{} of {}",
            palette::name("signs     "),
            info.algorithm,
            info.signs
        ))?;
        p.line(&format!(
            "  {}{}; tolerance {}",
            palette::name("secret    "),
            info.secret,
            info.tolerance
        ))?;
    }
    Ok(())
}
