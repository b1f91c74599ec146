//! A write transaction that never leaves the database locked when its task is
//! dropped halfway (a browser that closes the page cancels the request). sqlx only
//! queues the rollback of a dropped transaction until its connection is used again,
//! so an idle connection in the pool could keep SQLite's write lock, or PostgreSQL's
//! row and chain locks, for as long as nobody happened to pick it. Here the
//! rollback runs at once, and only then does the next writer get its turn.

use sqlx::{Database, Transaction};
use std::ops::{Deref, DerefMut};
use tokio::sync::OwnedMutexGuard;

/// An open write transaction, with the process's write turn when the backend has one.
pub struct WriteTx<DB: Database> {
    tx: Option<Transaction<'static, DB>>,
    turn: Option<OwnedMutexGuard<()>>,
}

impl<DB: Database> WriteTx<DB> {
    /// Wraps a transaction begun while holding `turn`.
    pub fn new(tx: Transaction<'static, DB>, turn: Option<OwnedMutexGuard<()>>) -> Self {
        Self { tx: Some(tx), turn }
    }

    /// Commits, then gives the turn to the next writer.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        let tx = self.tx.take().expect("an open transaction");
        let done = tx.commit().await;
        self.turn.take();
        done
    }
}

impl<DB: Database> Deref for WriteTx<DB> {
    type Target = DB::Connection;
    fn deref(&self) -> &DB::Connection {
        self.tx.as_ref().expect("an open transaction")
    }
}

impl<DB: Database> DerefMut for WriteTx<DB> {
    fn deref_mut(&mut self) -> &mut DB::Connection {
        self.tx.as_mut().expect("an open transaction")
    }
}

impl<DB: Database> Drop for WriteTx<DB> {
    fn drop(&mut self) {
        let (Some(tx), turn) = (self.tx.take(), self.turn.take()) else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _ = tx.rollback().await;
                drop(turn);
            });
        }
    }
}
