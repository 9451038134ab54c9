use super::*;

fn tls() -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    Arc::new(config)
}

#[test]
fn urls_split_into_origin_and_exact_target() {
    let (client, target) = OriginClient::for_url("http://127.0.0.1:9/base/?x=%2F", tls()).unwrap();
    assert_eq!(target, "/base/?x=%2F");
    assert_eq!(client.target_in("http://127.0.0.1:9/a/../b?q"), Some("/a/../b?q"));
    assert_eq!(client.target_in("http://127.0.0.1:90/a"), None, "another port");
    assert_eq!(client.target_in("http://127.0.0.1:9?q"), None, "not a path");
    let (o, t) = split_url("https://Example.com/a/./b").unwrap();
    assert!(client.serves(&url::Url::parse("http://127.0.0.1:9/").unwrap()));
    assert!(!client.serves(&o));
    assert_eq!(t, "/a/./b", "dot segments kept");
    assert!(split_url("/relative").is_err());
}
