//! Health, backup instructions (pg_dump), and copying whole installations on PostgreSQL.

use crate::{PgStore, db_err};
use async_trait::async_trait;
use samverka_domain::FieldError;
use samverka_store::maintenance::Pages;
use samverka_store::schema::{ColType, TABLES, TableDef, Value};
use samverka_store::{MaintenanceRepo, StoreError, StoreResult};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};
use std::path::Path;
use time::Date;

fn value_at(row: &PgRow, index: usize, ty: ColType) -> Result<Value, sqlx::Error> {
    Ok(match ty {
        ColType::Int => row
            .try_get::<Option<i64>, _>(index)?
            .map_or(Value::Null, Value::Int),
        ColType::Text => row
            .try_get::<Option<String>, _>(index)?
            .map_or(Value::Null, Value::Text),
        ColType::Bool => row
            .try_get::<Option<bool>, _>(index)?
            .map_or(Value::Null, Value::Bool),
        ColType::Date => row
            .try_get::<Option<Date>, _>(index)?
            .map_or(Value::Null, |d| Value::Text(d.to_string())),
    })
}

fn parse_date(text: &str) -> StoreResult<Date> {
    Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|e| StoreError::Database(format!("date {text}: {e}")))
}

async fn insert_rows(
    conn: &mut PgConnection,
    table: &TableDef,
    rows: Vec<Vec<Value>>,
) -> StoreResult<()> {
    let placeholders = (1..=table.columns.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({placeholders})",
        table.name,
        table.column_list()
    );
    for row in rows {
        let mut q = sqlx::query(&sql);
        for (value, (_, ty, _)) in row.into_iter().zip(table.columns) {
            q = match (value, ty) {
                (Value::Null, ColType::Int) => q.bind(None::<i64>),
                (Value::Null, ColType::Text) => q.bind(None::<String>),
                (Value::Null, ColType::Bool) => q.bind(None::<bool>),
                (Value::Null, ColType::Date) => q.bind(None::<Date>),
                (Value::Text(t), ColType::Date) => q.bind(parse_date(&t)?),
                (Value::Int(i), _) => q.bind(i),
                (Value::Text(t), _) => q.bind(t),
                (Value::Bool(b), _) => q.bind(b),
            };
        }
        q.execute(&mut *conn).await.map_err(db_err)?;
    }
    Ok(())
}

async fn count_owned_rows(conn: &mut PgConnection) -> StoreResult<i64> {
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
impl MaintenanceRepo for PgStore {
    fn backend_name(&self) -> &'static str {
        "postgres"
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn backup_to(&self, path: &Path) -> StoreResult<()> {
        Err(StoreError::Unsupported(format!(
            "PostgreSQL säkerhetskopieras med pg_dump, som ger en konsistent kopia medan tjänsten är igång:\n  \
             pg_dump --format=custom --file '{}' \"$SAMVERKA_DATABASE_URL\"\n\
             Återställ med: pg_restore --clean --if-exists --dbname \"$SAMVERKA_DATABASE_URL\" '{}'",
            path.display(),
            path.display()
        )))
    }

    async fn table_page(
        &self,
        table: &TableDef,
        after_key: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<Vec<Value>>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE {key} > $1 ORDER BY {key} LIMIT $2",
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
            if table.key_is_generated {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{t}', '{k}'), (SELECT COALESCE(MAX({k}), 0) + 1 FROM {t}), false)",
                    t = table.name,
                    k = table.key()
                );
                sqlx::query(&sql).execute(&mut *tx).await.map_err(db_err)?;
            }
        }
        tx.commit().await.map_err(db_err)
    }
}
