//! `hook sign` through the real binary against each provider's published
//! test vectors: the headers must match the provider's documented example.

mod common;

use common::*;

const SLACK_BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const TWILIO_URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

#[test]
fn github_vectors() {
    let args = ["sign", "-p", "github", "--secret", "It's a Secret to Everybody"];
    let out = hook(&args, Some(b"Hello, World!"));
    let sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    out.expect_header("X-Hub-Signature-256", sig);
    let out = sign("-p github --secret mysecret", br#"{"foo":"bar"}"#);
    let sig = "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3";
    out.expect_header("X-Hub-Signature-256", sig);
}

#[test]
fn stripe_vector() {
    let body = br#"{"id":"evt_test_webhook","object":"event"}"#;
    let out = sign("-p stripe --secret whsec_test_secret --timestamp 1492774577", body);
    let sig = "t=1492774577,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a";
    out.expect_header("Stripe-Signature", sig);
}

#[test]
fn slack_docs_vector() {
    let line = "-p slack --secret 8f742231b10e8888abcd99yyyzzz85a5 --timestamp 1531420618";
    let out = sign(line, SLACK_BODY.as_bytes());
    out.expect_header("X-Slack-Request-Timestamp", "1531420618");
    let sig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    out.expect_header("X-Slack-Signature", sig);
    out.expect_header("Content-Type", "application/x-www-form-urlencoded");
}

#[test]
fn standard_and_svix_vector() {
    let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    let sig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    for (provider, prefix) in [("standard", "webhook"), ("svix", "svix")] {
        let line = format!("-p {provider} --secret {WHSEC} --timestamp 1614265330 --id {id}");
        let out = sign(&line, br#"{"test": 2432232314}"#);
        out.expect_header(&format!("{prefix}-signature"), sig);
        out.expect_header(&format!("{prefix}-id"), id);
        out.expect_header(&format!("{prefix}-timestamp"), "1614265330");
    }
}

#[test]
fn paddle_vectors() {
    let line = "-p paddle --secret VALID_SECRET --timestamp 1698796800";
    let out = sign(line, br#"{"data": ["1", "2"]}"#);
    let h1 = "a300428748dce5c70e4da19bffd60769591ea969c99dea3105d0ec9612cf43f9";
    out.expect_header("Paddle-Signature", &format!("ts=1698796800;h1={h1}"));
    let out = sign(line, br#"{"data": "value"}"#);
    let h1 = "28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261";
    out.expect_header("Paddle-Signature", &format!("ts=1698796800;h1={h1}"));
}

#[test]
fn twilio_form_and_json_vectors() {
    let form = b"CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212";
    let line = format!("-p twilio --secret 12345 --url {TWILIO_URL}");
    sign(&line, form).expect_header("X-Twilio-Signature", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");

    // A JSON body is signed through `bodySHA256` in the URL, which --format json reports.
    let body = br#"{"property": "value", "boolean": true}"#;
    let json = sign(&format!("{line} --format json"), body).json();
    let hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    assert_eq!(json["url"], format!("{TWILIO_URL}&bodySHA256={hash}"));
    assert_eq!(json["headers"]["X-Twilio-Signature"], "a9nBmqA0ju/hNViExpshrM61xv4=");
}
