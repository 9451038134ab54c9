//! §10 GitLab: no MAC, the secret token itself travels in `X-Gitlab-Token`.

use super::describe::{describe_with, BodyFields, Described};
use super::hmac_scheme::IdStyle;
use super::mac::same;
use super::verdict::{Match, Problem, Verdict};
use super::{Info, Scheme, SignInput, Signed, VerifyInput};
use crate::model::HeaderList;

const HEADER: &str = "X-Gitlab-Token";

/// GitLab's plain secret-token header.
pub struct GitlabToken;

impl Scheme for GitlabToken {
    fn name(&self) -> &str {
        "gitlab"
    }

    fn info(&self) -> Info {
        Info {
            name: "gitlab".into(),
            title: "GitLab".into(),
            headers: vec![HEADER.into(), "X-Gitlab-Event".into(), "X-Gitlab-Event-UUID".into()],
            signs: "nothing: the token is sent as is".into(),
            algorithm: "plain token".into(),
            tolerance: "none".into(),
            secret: "the secret token".into(),
        }
    }

    fn detect(&self, headers: &HeaderList) -> bool {
        headers.contains(HEADER)
    }

    fn signs_body(&self) -> bool {
        false
    }

    fn signature_headers(&self) -> Vec<&'static str> {
        vec![HEADER]
    }

    fn fresh_id(&self) -> Option<String> {
        Some(IdStyle::Uuid.fresh())
    }

    fn recognises(&self, headers: &HeaderList) -> bool {
        headers
            .iter()
            .any(|(n, _)| n.to_ascii_lowercase().starts_with("x-gitlab-"))
    }

    fn describe(&self, headers: &HeaderList, body: &super::body_view::BodyView) -> Described {
        let fields = BodyFields {
            event: &["/object_kind"],
            action: false,
            id: &[],
        };
        describe_with(
            headers,
            body,
            Some("X-Gitlab-Event"),
            Some("X-Gitlab-Event-UUID"),
            fields,
        )
    }

    fn sign(&self, input: &SignInput) -> anyhow::Result<Signed> {
        let mut signed = Signed::default();
        if input.secrets.len() > 1 {
            signed
                .notes
                .push("gitlab sends one token: used the first secret only".into());
        }
        signed.headers.push("User-Agent", "GitLab/hook");
        if let Some(event) = input.event {
            signed.headers.push("X-Gitlab-Event", event);
        }
        let id = input.id.map(String::from).unwrap_or_else(|| IdStyle::Uuid.fresh());
        signed.headers.push("X-Gitlab-Event-UUID", id);
        signed.headers.push(HEADER, super::first_secret(input)?.expose());
        Ok(signed)
    }

    fn verify(&self, input: &VerifyInput) -> anyhow::Result<Verdict> {
        let mut v = Verdict::new("gitlab");
        let Some(token) = input.headers.get(HEADER) else {
            v.problem(Problem::MissingHeader { header: HEADER.into() });
            return Ok(v.settle());
        };
        let found = input
            .secrets
            .iter()
            .position(|s| same(token.as_bytes(), s.expose().as_bytes()));
        match found {
            Some(i) => {
                v.matched = Some(Match {
                    secret: i + 1,
                    of: input.secrets.len(),
                    header: HEADER.into(),
                });
                super::diagnose::note_match(&mut v.findings, &v.skipped, v.matched.as_ref().expect("just set"));
            }
            None => {
                v.problem(Problem::NoMatch {
                    secrets: input.secrets.len(),
                });
                if input
                    .secrets
                    .iter()
                    .any(|s| same(token.trim().as_bytes(), s.expose().trim().as_bytes()))
                {
                    v.finding(
                        "secret_misused",
                        "the token matches once surrounding whitespace is trimmed (a newline from a file?)",
                    );
                }
            }
        }
        Ok(v.settle())
    }
}
