//! `--secret` and `--token` values may begin with '-' (URL-safe base64
//! tokens do), so clap takes whatever follows the flag as its value. A value
//! that is plainly the next flag means the secret itself was left out.

/// Accept any secret except one that is only a flag's name (`--event`,
/// `-p`): then the secret was forgotten, and the flag would be used as it.
pub fn secret_value(text: &str) -> Result<String, String> {
    let word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    let flag_like = match text.strip_prefix("--") {
        Some(long) => word(long),
        None => text.len() == 2 && text.starts_with('-') && text.as_bytes()[1].is_ascii_alphabetic(),
    };
    if flag_like {
        // Worded for the command line and for HOOK_SECRET alike.
        return Err(
            "this is a flag's name, not a secret: the secret was left out; give it right after the flag".into(),
        );
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::secret_value;

    #[test]
    fn values_that_are_flags_are_refused() {
        for flag in ["--event", "--secret-file", "-p", "-H"] {
            assert!(secret_value(flag).is_err(), "{flag}");
        }
        for secret in ["-Xk9_secret", "--not a flag", "-", "whsec_abc", "--Upper", "-12"] {
            assert_eq!(secret_value(secret).as_deref(), Ok(secret));
        }
    }
}
