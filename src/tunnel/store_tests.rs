//! Channel names and ownership.

use super::*;

#[test]
fn names() {
    let n = random_name();
    assert!(valid_name(&n) && n.len() == 26);
    assert_ne!(random_name(), random_name());
    assert!(!valid_name("") && !valid_name("Upper") && !valid_name("a/b") && valid_name("my-app-1"));
}

#[test]
fn a_channel_belongs_to_the_token_that_claimed_it() {
    let limits = QueueLimits {
        max: 10,
        bytes: 1 << 20,
        enabled: true,
        in_flight: 4,
    };
    let (store, _) = Store::open(None, limits).unwrap();
    let (tx, _rx) = mpsc::channel(4);
    let (name, backlog) = store.claim([1; 32], "mine", 1, tx.clone()).unwrap();
    assert_eq!((name.as_str(), backlog.len()), ("mine", 0));
    assert!(matches!(
        store.claim([2; 32], "mine", 2, tx.clone()),
        Err(Refusal::Taken(_))
    ));
    assert!(
        matches!(store.claim([1; 32], "mine", 3, tx.clone()), Err(Refusal::Busy(_))),
        "not while its link lives"
    );
    store.release("mine", 1);
    assert!(
        store.claim([1; 32], "mine", 3, tx).is_ok(),
        "the owner may reconnect once its old link ended"
    );
}
