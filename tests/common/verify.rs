//! What the `hook verify` test files share: a fixed body and time, headers
//! signed by the real binary, and `hook verify` with a body on stdin.

use super::*;
use std::path::Path;

pub const T: &str = "1700000000";
pub const NOW: &str = "1700000001";
pub const URL: &str = "https://x.example/hook";
pub const BODY: &[u8] = br#"{"id":"evt_1","amount":100}"#;
/// BODY with one byte changed.
pub const TAMPERED: &[u8] = br#"{"id":"evt_2","amount":100}"#;

/// Signed headers for a provider, written to `dir`: (`Name: value` file, JSON file, URL to verify with).
pub fn signed(dir: &Path, provider: &str) -> (String, String, String) {
    let (secret, _) = secrets_for(provider);
    let line = format!("sign -p {provider} --secret {secret} --timestamp {T}");
    let line = format!("{line} --id d-1 --url {URL}");
    let text = run(&line, Some(BODY));
    assert_eq!(text.code, 0, "sign {provider}: {}", text.stderr);
    let json = run(&format!("{line} --format json"), Some(BODY));
    assert_eq!(json.code, 0, "sign {provider}: {}", json.stderr);
    // Twilio signs a JSON body through `?bodySHA256=` in the URL: verify with the URL it reports.
    let url = json.json()["url"].as_str().expect("url").to_string();
    let h = write(dir, &format!("{provider}.txt"), text.stdout.as_bytes());
    let j = write(dir, &format!("{provider}.json"), json.stdout.as_bytes());
    (s(&h).to_string(), s(&j).to_string(), url)
}

/// The body to verify a signed request with: the body `hook sign` printed
/// in `json_file` when the scheme signs inside it (Mailgun), else [`BODY`].
pub fn sent_body(json_file: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(json_file).expect("signed JSON file");
    let json: serde_json::Value = serde_json::from_str(&text).expect("signed JSON");
    json["body"].as_str().map_or(BODY.to_vec(), |b| b.as_bytes().to_vec())
}

/// The body with one byte changed, as [`TAMPERED`] is to [`BODY`].
pub fn tampered(body: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(body).replace("evt_1", "evt_2").into_bytes()
}

/// `hook verify LINE` with a body on stdin.
pub fn verify(line: &str, body: &[u8]) -> Output {
    run(&format!("verify {line}"), Some(body))
}
