//! A secret value that never shows itself in `Debug`, `Display`, logs or errors.

use std::fmt;

/// A signing secret, token or key as the user gave it.
///
/// `Debug` and `Display` print `***` so a secret cannot leak through an error
/// message or a debug print by accident; use [`Secret::expose`] deliberately.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret string.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret's text, for computing a MAC. Never print it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_is_redacted() {
        let s = Secret::new("whsec_topsecret");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert!(!format!("{:?}", vec![s.clone()]).contains("topsecret"));
        assert_eq!(s.expose(), "whsec_topsecret");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Every way a secret is read (as given, as a `whsec_` key, as a
        /// flag-looking value) answers without a panic or the secret's text.
        #[test]
        fn secrets_in_any_form_never_show_themselves(text in "\\PC{0,60}|-{1,2}[a-z-]{0,10}|whsec_[A-Za-z0-9+/=]{0,40}|.{0,20}") {
            let s = Secret::new(text.clone());
            let long = text.chars().count() >= 8;
            for shown in [format!("{s}"), format!("{s:?}"), format!("{:?}", vec![s.clone()])] {
                proptest::prop_assert!(!long || !shown.contains(&text), "{shown}");
            }
            for format in [crate::signature::mac::KeyFormat::Utf8, crate::signature::mac::KeyFormat::WhsecBase64] {
                if let Err(why) = format.key(&text) {
                    proptest::prop_assert!(!long || !why.contains(&text), "{why}");
                }
            }
            match crate::cli::secret_value(&text) {
                Ok(kept) => proptest::prop_assert_eq!(kept, text),
                Err(why) => proptest::prop_assert!(!long || !why.contains(&text), "{why}"),
            }
        }
    }
}
