//! `hook fixtures`: the built-in fixtures by name, or the fixtures in the
//! files and directories named (what `--save` wrote), filtered by `-e`.

use crate::cli::{ColorChoice, FixturesArgs};
use crate::error::Exit;
use crate::fixture::{builtin, load};
use crate::{config, render};

/// Run `hook fixtures`.
pub fn run(args: &FixturesArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let patterns = config::event_patterns(&args.filter.events)?;
    let mut loaded = Vec::new();
    if args.fixtures.is_empty() {
        for (name, text) in builtin::BUILTIN {
            loaded.push(load::parse(text, name)?);
        }
    }
    for arg in &args.fixtures {
        loaded.extend(load::resolve(arg)?);
    }
    let (kept, _) = load::select(loaded, &patterns)?;
    let mut rows = Vec::new();
    for l in kept {
        let f = l.fixture;
        let size = f.body_bytes()?.len();
        rows.push((
            l.source,
            f.provider.unwrap_or_default(),
            f.event.unwrap_or_default(),
            size,
        ));
    }
    let mut p = render::stdout(color, json);
    render::replay::fixtures(&mut p, &rows)?;
    p.finish()?;
    Ok(Exit::Success)
}
