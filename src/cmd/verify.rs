//! `hook verify`: check a request's signature and explain a failure.

use crate::cli::{ColorChoice, VerifyArgs};
use crate::config;
use crate::error::{hinted, Exit};
use crate::model::HeaderList;
use crate::render;
use crate::signature::{self, timestamp::now_unix, VerifyInput};
use std::path::Path;

/// Run `hook verify`: exit 0 when valid, 1 when invalid.
pub fn run(args: &VerifyArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let (headers, file_url, body, method) = match &args.request {
        Some(path) => saved_request(path, &args.headers)?,
        None => {
            let (headers, file_url) = config::headers(&args.headers, args.headers_file.as_deref())?;
            config::method(&args.method, "--method")?;
            // The body before the provider: Mailgun's signature is found in the body.
            let body = config::body(args.body.as_deref())?;
            (headers, file_url, body, args.method.clone())
        }
    };
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
        method: &method,
        now: args.now.unwrap_or_else(now_unix),
        tolerance,
    };
    let mut verdict = signature::verify(scheme, &input)?;
    if !args.verbose {
        verdict.workings = None;
    }
    if !verdict.valid {
        hidden_when_saved(&headers, &mut verdict);
        // The URL was rebuilt from the saved request, not given: say which.
        if let (None, Some(url), true) = (&args.url, &file_url, scheme.needs_url()) {
            let remedy = "the URL it called with --url";
            crate::inspect::explain_checked(&mut verdict, scheme.name(), url, &headers, None, remedy);
        }
    }
    let mut p = render::stdout(color, json);
    render::verdict::verdict(&mut p, &verdict)?;
    p.finish()?;
    Ok(if verdict.valid { Exit::Success } else { Exit::Negative })
}

/// Headers, the URL it names, body and method of a request saved as a
/// fixture (`hook listen --save`); `-H` flags replace its headers of the
/// same name. The URL is the public one its `X-Forwarded-*` headers give,
/// when a tunnel or proxy added them, else the one its `Host` names (with
/// `https://` when it came over TLS).
fn saved_request(path: &Path, flags: &[String]) -> anyhow::Result<(HeaderList, Option<String>, Vec<u8>, String)> {
    let text = std::fs::read(path).map_err(|e| {
        hinted(
            format!("reading --request {}: {e}", path.display()),
            "give a file hook listen --save wrote",
        )
    })?;
    let fixture = crate::fixture::load::parse(&text, &path.display().to_string())?.fixture;
    let headers = config::given_over(fixture.header_list(), flags)?;
    let url = crate::inspect::named_url(&headers, &fixture.path, fixture.tls, None);
    let body = fixture.body_bytes()?;
    Ok((headers, url, body, fixture.method))
}

/// `hook listen` saves a header that carried a secret as a marker: say so,
/// since no secret can make such a copy verify.
fn hidden_when_saved(headers: &HeaderList, verdict: &mut signature::Verdict) {
    for (name, value) in headers.iter() {
        if value.contains(crate::inspect::HIDDEN_SECRET) {
            verdict.finding(
                "secret_hidden",
                format!(
                    "{name} holds the mark hook listen saves in place of a secret: \
                     give the header as sent with -H '{name}: …'"
                ),
            );
        }
    }
}
