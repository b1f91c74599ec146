//! Contract: a write whose request goes away halfway (the browser closed the page,
//! the load tester stopped) never leaves the database locked or the audit chain broken.

use crate::Store;
use crate::contract::verify_chain;
use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;
use time::macros::datetime;

/// How long the next write may take after a cancelled one. Far below the busy
/// timeout, so a lock left behind shows as a failure, not as a slow test.
const NEXT_WRITE_WITHIN: Duration = Duration::from_secs(3);

/// Cancels an audit append after 1, 2, … polls, with time between the polls for
/// the database to finish each step, so every await point of a write is cut, in
/// several rounds (where a cut lands depends on timing). After each cut the next
/// write must go through at once, and the chain must hold.
pub async fn writes_cancelled_halfway_leave_the_store_writable(store: &dyn Store) {
    let draft = AuditDraft::new(
        datetime!(2026-11-30 16:00 UTC),
        Actor::system(),
        AuditEvent::AuditLogRead,
        "audit",
        0,
    );
    let mut cut_before_done = 0;
    for polls in (1..=12).cycle().take(48) {
        let mut write: Pin<Box<dyn Future<Output = _> + Send + '_>> =
            Box::pin(store.append_audit(&draft));
        let mut finished = false;
        for _ in 0..polls {
            let ready = std::future::poll_fn(|cx| Poll::Ready(write.as_mut().poll(cx).is_ready()));
            if ready.await {
                finished = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
        drop(write);
        if !finished {
            cut_before_done += 1;
        }
        let next = tokio::time::timeout(NEXT_WRITE_WITHIN, store.append_audit(&draft)).await;
        assert!(
            matches!(next, Ok(Ok(_))),
            "after a write cut at poll {polls}, the next write gave {next:?}"
        );
    }
    assert!(cut_before_done > 0, "no write was cut before it finished");
    assert!(verify_chain(store).await >= 48);
}
