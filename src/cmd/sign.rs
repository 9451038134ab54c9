//! `hook sign`: the headers a provider would send with a body.

use crate::cli::{ColorChoice, SignArgs, SignFormat};
use crate::config;
use crate::error::Exit;
use crate::model::{content_type_of, HeaderList};
use crate::render::{self, sign::SignedRequest};
use crate::signature::{timestamp::now_unix, SignInput};

/// Where `--format curl` sends the request when no `--url` is given: `hook listen`'s default.
const DEFAULT_URL: &str = "http://127.0.0.1:8080/";

/// Run `hook sign`.
pub fn run(args: &SignArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    // Every header the flags name or fill is printed as a header line (and
    // sent, by the curl format): refuse what would end that line early.
    config::method(&args.method, "--method")?;
    for (value, flag) in [(&args.event, "--event"), (&args.id, "--id")] {
        if let Some(value) = value {
            config::header_value(value, flag)?;
        }
    }
    for (name, flag) in [
        (&args.header, "--header"),
        (&args.generic.timestamp_header, "--timestamp-header"),
        (&args.generic.id_header, "--id-header"),
    ] {
        if let Some(name) = name {
            config::header_name(name, flag)?;
        }
    }
    let scheme = config::scheme(&args.provider, &args.generic, args.header.as_deref(), None)?;
    let secrets = config::secrets(&args.secret)?;
    let body = config::body(args.body.as_deref())?;
    let timestamp = args.timestamp.unwrap_or_else(now_unix);
    let input = SignInput {
        body: &body,
        secrets: &secrets,
        timestamp,
        id: args.id.as_deref(),
        url: args.url.as_deref(),
        method: &args.method,
        event: args.event.as_deref(),
    };
    let mut signed = scheme.sign(&input)?;
    for n in &signed.notes {
        render::note(n);
    }
    // Mailgun signs inside the body: the body to send is the signed one.
    let signed_body = signed.body.is_some();
    let body = signed.body.take().unwrap_or(body);
    let mut headers = HeaderList::new();
    if let Some(ct) = content_type_of(&body) {
        headers.push("Content-Type", ct);
    }
    headers.0.extend(signed.headers.0);
    let url = signed.url.as_deref().or(args.url.as_deref()).unwrap_or(DEFAULT_URL);
    let body_file = args
        .body
        .as_deref()
        .filter(|p| *p != std::path::Path::new("-") && !signed_body)
        .map(|p| p.to_string_lossy().into_owned());
    let request = SignedRequest {
        provider: scheme.name(),
        method: &args.method,
        headers: &headers,
        url,
        timestamp,
        body_file: body_file.as_deref(),
        body: &body,
        signed_body,
        notes: &signed.notes,
    };
    let format = if json { SignFormat::Json } else { args.format };
    let mut p = render::stdout(color, format == SignFormat::Json);
    match format {
        SignFormat::Headers => render::sign::headers(&mut p, &request)?,
        SignFormat::Curl => render::sign::curl(&mut p, &request)?,
        SignFormat::Json => render::sign::json(&mut p, &request)?,
    }
    p.finish()?;
    Ok(Exit::Success)
}
