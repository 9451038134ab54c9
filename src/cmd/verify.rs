//! `hook verify`: check a request's signature and explain a failure.

use crate::cli::{ColorChoice, VerifyArgs};
use crate::config;
use crate::error::Exit;
use crate::render;
use crate::signature::{self, timestamp::now_unix, VerifyInput};

/// Run `hook verify`: exit 0 when valid, 1 when invalid.
pub fn run(args: &VerifyArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let (headers, file_url) = config::headers(&args.headers, args.headers_file.as_deref())?;
    config::header_value(&args.method, "--method")?;
    // The body before the provider: Mailgun's signature is found in the body.
    let body = config::body(args.body.as_deref())?;
    let scheme = config::scheme(
        &args.provider,
        &args.generic,
        args.signature_header.as_deref(),
        Some((&headers, &body)),
    )?;
    let secrets = config::secrets(&args.secret)?;
    let tolerance = args
        .tolerance
        .as_deref()
        .map(|t| config::duration(t, "--tolerance"))
        .transpose()?;
    let input = VerifyInput {
        body: &body,
        headers: &headers,
        secrets: &secrets,
        url: args
            .url
            .as_deref()
            .or(file_url.as_deref().filter(|_| scheme.needs_url())),
        method: &args.method,
        now: args.now.unwrap_or_else(now_unix),
        tolerance,
    };
    let verdict = signature::verify(scheme, &input)?;
    let mut p = render::stdout(color, json);
    render::verdict::verdict(&mut p, &verdict)?;
    p.finish()?;
    Ok(if verdict.valid { Exit::Success } else { Exit::Negative })
}
