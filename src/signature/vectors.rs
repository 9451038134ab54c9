//! Published test vectors (gathered in the team's SIGNATURES.md notes) and the diagnoses, run
//! through the same `Scheme` interface the commands use.

use super::*;
use crate::secret::Secret;

pub(super) fn secrets(s: &[&str]) -> Vec<Secret> {
    s.iter().map(|x| Secret::new(*x)).collect()
}

pub(super) fn sign(
    provider: &str,
    secret: &[&str],
    ts: i64,
    id: Option<&str>,
    url: Option<&str>,
    body: &[u8],
) -> HeaderList {
    let s = secrets(secret);
    let input = SignInput {
        body,
        secrets: &s,
        timestamp: ts,
        id,
        url,
        method: "POST",
        event: None,
    };
    find(provider).unwrap().sign(&input).unwrap().headers
}

pub(super) fn check(
    provider: &str,
    secret: &[&str],
    headers: &HeaderList,
    url: Option<&str>,
    now: i64,
    body: &[u8],
) -> Verdict {
    let s = secrets(secret);
    let input = VerifyInput {
        body,
        headers,
        secrets: &s,
        url,
        method: "POST",
        now,
        tolerance: None,
    };
    verify(find(provider).unwrap(), &input).unwrap()
}

pub(super) fn headers(pairs: &[(&str, &str)]) -> HeaderList {
    HeaderList(pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect())
}

pub(super) fn codes(v: &Verdict) -> Vec<&'static str> {
    v.findings.iter().map(|f| f.code).collect()
}

#[test]
fn github_vectors() {
    let h = sign(
        "github",
        &["It's a Secret to Everybody"],
        0,
        None,
        None,
        b"Hello, World!",
    );
    assert_eq!(
        h.get("X-Hub-Signature-256"),
        Some("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    );
    let h = sign("github", &["mysecret"], 0, None, None, br#"{"foo":"bar"}"#);
    assert_eq!(
        h.get("x-hub-signature-256"),
        Some("sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3")
    );
    let body = r#"{"foo":"Foo\n\u001B[34mbar: ♥♥♥♥♥♥♥♥\nthis-is-lost\u001B[0m\u001B[2K"}"#;
    let h = sign("github", &["development"], 0, None, None, body.as_bytes());
    assert_eq!(
        h.get("X-Hub-Signature-256"),
        Some("sha256=afecc3caa27548bb90d51a50384cb2868b9a3327b4ad6a01c9bd4ed0f8b0b12c")
    );
    assert!(h.get("X-Hub-Signature").unwrap().starts_with("sha1="));
}

#[test]
fn stripe_vector_and_rotation() {
    let body = br#"{"id":"evt_test_webhook","object":"event"}"#;
    let h = sign("stripe", &["whsec_test_secret"], 1492774577, None, None, body);
    assert_eq!(
        h.get("Stripe-Signature"),
        Some("t=1492774577,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a")
    );
    let h = sign(
        "stripe",
        &["whsec_new", "whsec_test_secret"],
        1492774577,
        None,
        None,
        body,
    );
    assert_eq!(h.get("Stripe-Signature").unwrap().matches(",v1=").count(), 2);
    let v = check("stripe", &["whsec_test_secret"], &h, None, 1492774577, body);
    assert!(v.valid, "{v:?}");
}

#[test]
fn slack_vector() {
    let body = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    let h = sign(
        "slack",
        &["8f742231b10e8888abcd99yyyzzz85a5"],
        1531420618,
        None,
        None,
        body,
    );
    assert_eq!(
        h.get("X-Slack-Signature"),
        Some("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")
    );
    assert_eq!(h.get("X-Slack-Request-Timestamp"), Some("1531420618"));
}

#[test]
fn shopify_standard_svix_paddle_dropbox_vectors() {
    let h = sign("shopify", &["shpss_test"], 0, None, None, br#"{"id":1}"#);
    assert_eq!(
        h.get("X-Shopify-Hmac-Sha256"),
        Some("1GxccvotnkOedTjSm8S0m/VA3yAUKshyqT52ccNYHj4=")
    );
    let secret = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"];
    for (p, prefix) in [("standard", "webhook"), ("svix", "svix")] {
        let h = sign(
            p,
            &secret,
            1614265330,
            Some("msg_p5jXN8AQM9LWM0D4loKWxJek"),
            None,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(
            h.get(&format!("{prefix}-signature")),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
        assert_eq!(h.get(&format!("{prefix}-id")), Some("msg_p5jXN8AQM9LWM0D4loKWxJek"));
    }
    let h = sign(
        "paddle",
        &["VALID_SECRET"],
        1698796800,
        None,
        None,
        br#"{"data": ["1", "2"]}"#,
    );
    assert_eq!(
        h.get("Paddle-Signature"),
        Some("ts=1698796800;h1=a300428748dce5c70e4da19bffd60769591ea969c99dea3105d0ec9612cf43f9")
    );
    let h = sign(
        "paddle",
        &["VALID_SECRET"],
        1698796800,
        None,
        None,
        br#"{"data": "value"}"#,
    );
    assert!(h
        .get("Paddle-Signature")
        .unwrap()
        .ends_with("h1=28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261"));
    let h = sign(
        "dropbox",
        &["the_secret"],
        0,
        None,
        None,
        br#"{"delta": {"users": [12345]}}"#,
    );
    assert_eq!(
        h.get("X-Dropbox-Signature"),
        Some("0a8c16b085420b960dc78664279fe09e936a2a01b1f91064869d9e77dfd64529")
    );
}

#[test]
fn standard_wrong_signature_fixture_is_rejected() {
    let h = headers(&[
        ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
        ("webhook-timestamp", "1614265330"),
        ("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="),
    ]);
    let v = check(
        "standard",
        &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
        &h,
        None,
        1614265330,
        br#"{"test": 2432232314}"#,
    );
    assert!(!v.valid);
    assert_eq!(v.problems, vec![Problem::NoMatch { secrets: 1 }]);
}

#[test]
fn discord_rfc8032_key_and_round_trip() {
    let seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    let public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    let s = secrets(&[seed]);
    let signed = find("discord")
        .unwrap()
        .sign(&SignInput {
            body: b"{\"type\":1}",
            secrets: &s,
            timestamp: 1700000000,
            id: None,
            url: None,
            method: "POST",
            event: None,
        })
        .unwrap();
    assert!(signed.notes[0].contains(public));
    assert!(check("discord", &[public], &signed.headers, None, 0, b"{\"type\":1}").valid);
    let v = check("discord", &[seed], &signed.headers, None, 0, b"{\"type\":1}");
    assert!(!v.valid && codes(&v).contains(&"secret_misused"), "{v:?}");
}
