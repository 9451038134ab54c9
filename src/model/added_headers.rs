//! Headers `-H` adds to every request forwarded to the app (`hook listen`,
//! `hook tunnel`): what a local app may need that the provider never sends,
//! such as the `Authorization` its middleware checks.

use bytes::Bytes;

/// `Name: value` pairs, each replacing the request's headers of that name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddedHeaders(Vec<(String, Bytes)>);

impl AddedHeaders {
    /// From checked `(name, value)` pairs, in the order given.
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        AddedHeaders(pairs.into_iter().map(|(n, v)| (n, Bytes::from(v))).collect())
    }

    /// True when `-H` was not given: forwarding sends the request as it came.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Replace in `headers` every header a `-H` names, wherever it was, by
    /// that `-H`, appended in the order given. Two `-H` of one name both go.
    pub fn apply(&self, headers: &mut Vec<(String, Bytes)>) {
        if self.0.is_empty() {
            return;
        }
        headers.retain(|(name, _)| !self.names(name));
        headers.extend(self.0.iter().cloned());
    }

    /// `headers` with [`AddedHeaders::apply`] done on a copy, or as they are
    /// when `-H` was not given.
    pub fn applied<'a>(&self, headers: &'a [(String, Bytes)]) -> std::borrow::Cow<'a, [(String, Bytes)]> {
        if self.0.is_empty() {
            return std::borrow::Cow::Borrowed(headers);
        }
        let mut copy = headers.to_vec();
        self.apply(&mut copy);
        std::borrow::Cow::Owned(copy)
    }

    fn names(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, Bytes)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), Bytes::copy_from_slice(v.as_bytes())))
            .collect()
    }

    #[test]
    fn each_named_header_is_replaced_and_the_rest_keep_their_order() {
        let added = AddedHeaders::new(vec![
            ("authorization".into(), "Bearer dev".into()),
            ("X-Env".into(), "dev".into()),
            ("X-Env".into(), "local".into()),
        ]);
        let mut headers = pairs(&[
            ("X-Env", "prod"),
            ("Host", "h"),
            ("AUTHORIZATION", "x"),
            ("X-Env", "p2"),
        ]);
        added.apply(&mut headers);
        let want = pairs(&[
            ("Host", "h"),
            ("authorization", "Bearer dev"),
            ("X-Env", "dev"),
            ("X-Env", "local"),
        ]);
        assert_eq!(headers, want);
        let mut untouched = pairs(&[("A", "1")]);
        AddedHeaders::default().apply(&mut untouched);
        assert_eq!(untouched, pairs(&[("A", "1")]));
    }
}
