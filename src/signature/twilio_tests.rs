//! Twilio's signed string, port forms and the checks around them.

use super::*;

const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

fn sig(url: &str, body: &[u8]) -> String {
    Encoding::Base64.encode(&mac(b"12345", url, body))
}

#[test]
fn twilio_docs_vector() {
    let body = b"CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212";
    assert_eq!(sig(URL, body), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
}

#[test]
fn twilio_python_vectors() {
    let body = b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
    assert_eq!(sig(URL, body), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assert_eq!(
        sig("http://mycompany.com:1234/myapp.php?foo=1&bar=2", body),
        "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
    );
    assert_eq!(
        sig("https://mycompany.com:443/myapp.php?foo=1&bar=2", body),
        "kvajT1Ptam85bY51eRf/AJRuM3w="
    );
    assert_eq!(
        sig("http://mycompany.com:80/myapp.php?foo=1&bar=2", body),
        "0ZXoZLH/DfblKGATFgpif+LLRf4="
    );
    let dups = b"Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234";
    assert_eq!(sig(URL, dups), "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
}

#[test]
fn twilio_json_body_vector() {
    let body = br#"{"property": "value", "boolean": true}"#;
    let url = with_body_hash(URL, body);
    assert!(url.ends_with("bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"));
    assert_eq!(sig(&url, body), "a9nBmqA0ju/hNViExpshrM61xv4=");
}

#[test]
fn port_forms_add_and_remove_the_port() {
    let f = port_forms("https://example.com/sms");
    assert!(f.contains(&"https://example.com:443/sms".to_string()));
    let f = port_forms("https://example.com:443/sms");
    assert!(f.contains(&"https://example.com/sms".to_string()));
}
