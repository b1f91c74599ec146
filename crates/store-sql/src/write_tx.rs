//! A write transaction that never leaves the database locked when its task is
//! dropped halfway (a browser that closes the page cancels the request). sqlx only
//! queues the rollback of a dropped transaction until its connection is used again,
//! so an idle connection in the pool could keep SQLite's write lock, or PostgreSQL's
//! row and chain locks, for as long as nobody happened to pick it. Here the
//! rollback runs at once, and only then does the next writer get its turn.
//! Nor can a begin cut short: it runs in a task of its own (see [`WriteTx::begin`]).

use sqlx::{Database, Pool, Transaction};
use std::ops::{Deref, DerefMut};
use tokio::sync::OwnedMutexGuard;

/// An open write transaction, with the process's write turn when the backend has one.
pub struct WriteTx<DB: Database> {
    tx: Option<Transaction<'static, DB>>,
    turn: Option<OwnedMutexGuard<()>>,
}

impl<DB: Database> WriteTx<DB> {
    /// Begins a transaction with `statement` (or the plain `BEGIN`) while holding `turn`.
    /// The begin runs in a task of its own: a caller cancelled while the database
    /// answers cannot leave a begun transaction that nobody owns on a pooled
    /// connection (sqlx can, when the answer arrives just as the caller goes away).
    /// A transaction begun for a caller that has gone is rolled back by [`Drop`].
    pub async fn begin(
        pool: &Pool<DB>,
        statement: Option<&'static str>,
        turn: Option<OwnedMutexGuard<()>>,
    ) -> Result<Self, sqlx::Error> {
        let pool = pool.clone();
        tokio::spawn(async move {
            let tx = match statement {
                Some(statement) => pool.begin_with(statement).await?,
                None => pool.begin().await?,
            };
            Ok(Self { tx: Some(tx), turn })
        })
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("write transaction task: {e}")))?
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
