//! `hook providers`: every scheme (or those named) with its headers and
//! what it signs.

use crate::cli::ColorChoice;
use crate::error::Exit;
use crate::render;
use crate::signature;

/// Run `hook providers [NAME]...`: an unknown name is an error naming the
/// closest one, before anything is printed.
pub fn run(names: &[String], color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let mut infos: Vec<signature::Info> = signature::schemes().iter().map(|s| s.info()).collect();
    infos.push(signature::Info {
        name: "hmac".into(),
        title: "Generic HMAC, for your own webhooks".into(),
        headers: vec![
            "--header NAME".into(),
            "--timestamp-header NAME".into(),
            "--id-header NAME".into(),
        ],
        signs: "--payload-template, default {body}".into(),
        algorithm: "--algorithm sha1|sha256|sha512, --encoding hex|base64".into(),
        tolerance: "none".into(),
        secret: "secret text as UTF-8".into(),
    });
    if !names.is_empty() {
        let mut chosen = Vec::with_capacity(names.len());
        for name in names {
            let wanted = if name.eq_ignore_ascii_case("hmac") {
                "hmac"
            } else {
                crate::config::scheme_by_name(name, &["hmac"])?.name()
            };
            if let Some(info) = infos.iter().find(|i| i.name == wanted) {
                chosen.push(info.clone());
            }
        }
        infos = chosen;
    }
    let mut p = render::stdout(color, json);
    render::providers::providers(&mut p, &infos)?;
    p.finish()?;
    Ok(Exit::Success)
}
