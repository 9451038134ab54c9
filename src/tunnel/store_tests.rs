//! Channel names and ownership.

use super::*;

#[test]
fn names() {
    let n = random_name();
    assert!(valid_name(&n) && n.len() == 26);
    assert_ne!(random_name(), random_name());
    assert!(!valid_name("") && !valid_name("Upper") && !valid_name("a/b") && valid_name("my-app-1"));
}

const LIMITS: QueueLimits = QueueLimits {
    max: 10,
    bytes: 1 << 20,
    enabled: true,
    in_flight: 4,
};

#[test]
fn a_channel_belongs_to_the_token_that_claimed_it() {
    let (store, _) = Store::open(None, LIMITS, vec![[1; 32], [2; 32]]).unwrap();
    let (tx, _rx) = mpsc::channel(4);
    let claimed = store.claim([1; 32], "mine", 1, tx.clone()).unwrap();
    assert_eq!(
        (claimed.name.as_str(), claimed.backlog.len(), claimed.adopted),
        ("mine", 0, false)
    );
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

#[test]
fn a_channel_whose_token_is_no_longer_accepted_goes_to_the_next_claimer() {
    // Token 1 claimed it under an earlier configuration; the relay now accepts only 2 and 3.
    let (store, _) = Store::open(None, LIMITS, vec![[2; 32], [3; 32]]).unwrap();
    let (tx, _rx) = mpsc::channel(4);
    store.claim([1; 32], "old", 1, tx.clone()).unwrap();
    assert!(matches!(
        store.claim([2; 32], "old", 2, tx.clone()),
        Err(Refusal::Busy(_))
    ));
    store.release("old", 1);
    let claimed = store.claim([2; 32], "old", 3, tx.clone()).unwrap();
    assert!(claimed.adopted);
    store.release("old", 3);
    assert!(
        matches!(store.claim([3; 32], "old", 4, tx.clone()), Err(Refusal::Taken(_))),
        "once taken by an accepted token, it is protected again"
    );
    assert!(!store.claim([2; 32], "old", 5, tx).unwrap().adopted);
}
