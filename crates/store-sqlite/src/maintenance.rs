//! Health, backup (`VACUUM INTO`), and copying whole installations on SQLite.

use crate::{SqliteStore, db_err};
use async_trait::async_trait;
use samverka_domain::FieldError;
use samverka_store::maintenance::Pages;
use samverka_store::schema::{ColType, TABLES, TableDef, Value};
use samverka_store::{MaintenanceRepo, StoreError, StoreResult};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use std::path::Path;

fn value_at(row: &SqliteRow, index: usize, ty: ColType) -> Result<Value, sqlx::Error> {
    Ok(match ty {
        ColType::Int => row
            .try_get::<Option<i64>, _>(index)?
            .map_or(Value::Null, Value::Int),
        ColType::Text | ColType::Date => row
            .try_get::<Option<String>, _>(index)?
            .map_or(Value::Null, Value::Text),
        ColType::Bool => row
            .try_get::<Option<bool>, _>(index)?
            .map_or(Value::Null, Value::Bool),
    })
}

async fn insert_rows(
    conn: &mut SqliteConnection,
    table: &TableDef,
    rows: Vec<Vec<Value>>,
) -> StoreResult<()> {
    let placeholders = vec!["?"; table.columns.len()].join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({placeholders})",
        table.name,
        table.column_list()
    );
    for row in rows {
        let mut q = sqlx::query(&sql);
        for value in row {
            q = match value {
                Value::Null => q.bind(None::<i64>),
                Value::Int(i) => q.bind(i),
                Value::Text(t) => q.bind(t),
                Value::Bool(b) => q.bind(b),
            };
        }
        q.execute(&mut *conn).await.map_err(db_err)?;
    }
    Ok(())
}

async fn count_owned_rows(conn: &mut SqliteConnection) -> StoreResult<i64> {
    let mut total = 0;
    for table in TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", table.name))
            .fetch_one(&mut *conn)
            .await
            .map_err(db_err)?;
        total += n;
    }
    Ok(total)
}

#[async_trait]
impl MaintenanceRepo for SqliteStore {
    fn backend_name(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn backup_to(&self, path: &Path) -> StoreResult<()> {
        if path.exists() {
            return Err(StoreError::Rule(FieldError::with_detail(
                "out",
                "error.backup.exists",
                path.display().to_string(),
            )));
        }
        sqlx::query("VACUUM INTO ?")
            .bind(path.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn table_page(
        &self,
        table: &TableDef,
        after_key: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<Vec<Value>>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE {key} > ? ORDER BY {key} LIMIT ?",
            table.column_list(),
            table.name,
            key = table.key()
        );
        let rows = sqlx::query(&sql)
            .bind(after_key.unwrap_or(i64::MIN))
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(db_err)?;
        rows.iter()
            .map(|row| {
                table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| value_at(row, i, c.1))
                    .collect()
            })
            .collect::<Result<_, _>>()
            .map_err(db_err)
    }

    async fn is_empty(&self) -> StoreResult<bool> {
        let mut conn = self.pool.acquire().await.map_err(db_err)?;
        Ok(count_owned_rows(&mut conn).await? == 0)
    }

    async fn copy_from(&self, source: &dyn MaintenanceRepo) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        if count_owned_rows(&mut tx).await? != 0 {
            return Err(StoreError::Rule(FieldError::new(
                "to",
                "error.transfer.target_not_empty",
            )));
        }
        for table in TABLES {
            let mut pages = Pages::new(table);
            while let Some(page) = pages.next(source).await? {
                insert_rows(&mut tx, table, page).await?;
            }
        }
        tx.commit().await.map_err(db_err)
    }
}
