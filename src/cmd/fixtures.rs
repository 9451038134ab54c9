//! `hook fixtures`: the built-in fixtures, by name.

use crate::cli::ColorChoice;
use crate::error::Exit;
use crate::fixture::{builtin, load};
use crate::render;

/// Run `hook fixtures`.
pub fn run(color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let mut rows = Vec::new();
    for (name, text) in builtin::BUILTIN {
        let loaded = load::parse(text, name)?;
        let f = loaded.fixture;
        let size = f.body_bytes()?.len();
        rows.push((
            name.to_string(),
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
