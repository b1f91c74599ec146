//! Health, backup, and copying whole installations between backends.

/// `MaintenanceRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_maintenance {
    () => {
        mod maintenance {
            use super::*;
            use std::path::Path;
            use $crate::__private::samverka_domain::FieldError;
            use $crate::__private::samverka_store::maintenance::Pages;
            use $crate::__private::samverka_store::schema::{ColType, TABLES, TableDef, Value};
            use $crate::__private::samverka_store::{MaintenanceRepo, StoreError, StoreResult};
            use $crate::__private::sqlx;
            use $crate::db_err;

            fn value_at(row: &DbRow, index: usize, ty: ColType) -> Result<Value, sqlx::Error> {
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
                    ColType::Date => dialect::date_at(row, index)?.map_or(Value::Null, Value::Text),
                })
            }

            /// Inserts rows many per statement (as many as keep under every backend's
            /// limit of bound values).
            async fn insert_rows(
                conn: &mut DbConnection,
                table: &TableDef,
                rows: Vec<Vec<Value>>,
            ) -> StoreResult<()> {
                let width = table.columns.len();
                let per_statement = (30_000 / width).clamp(1, 500);
                let one = format!("({})", $crate::placeholder_list(width));
                let mut rows = rows.into_iter().peekable();
                while rows.peek().is_some() {
                    let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
                    let sql = format!(
                        "INSERT INTO {} ({}) VALUES {}",
                        table.name,
                        table.column_list(),
                        vec![one.as_str(); chunk.len()].join(", ")
                    );
                    let sql = dialect::sql(&sql);
                    let mut q = sqlx::query(&sql);
                    for row in chunk {
                        for (value, (_, ty, _)) in row.into_iter().zip(table.columns) {
                            q = match (value, ty) {
                                (Value::Null, ColType::Date) => dialect::bind_date(q, None)?,
                                (Value::Text(t), ColType::Date) => dialect::bind_date(q, Some(t))?,
                                (Value::Null, ColType::Int) => q.bind(None::<i64>),
                                (Value::Null, ColType::Text) => q.bind(None::<String>),
                                (Value::Null, ColType::Bool) => q.bind(None::<bool>),
                                (Value::Int(i), _) => q.bind(i),
                                (Value::Text(t), _) => q.bind(t),
                                (Value::Bool(b), _) => q.bind(b),
                            };
                        }
                    }
                    q.execute(&mut *conn).await.map_err(db_err)?;
                }
                Ok(())
            }

            async fn count_owned_rows(conn: &mut DbConnection) -> StoreResult<i64> {
                let mut total = 0;
                for table in TABLES {
                    let n: i64 =
                        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", table.name))
                            .fetch_one(&mut *conn)
                            .await
                            .map_err(db_err)?;
                    total += n;
                }
                Ok(total)
            }

            #[$crate::__private::async_trait]
            impl MaintenanceRepo for Store {
                fn backend_name(&self) -> &'static str {
                    dialect::BACKEND_NAME
                }

                async fn ping(&self) -> StoreResult<()> {
                    sqlx::query("SELECT 1")
                        .execute(&self.pool)
                        .await
                        .map_err(db_err)?;
                    Ok(())
                }

                async fn backup_to(&self, path: &Path) -> StoreResult<()> {
                    dialect::backup_to(&self.pool, path).await
                }

                async fn purge_freed(&self) -> StoreResult<()> {
                    dialect::purge_freed(&self.pool).await
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
                    let rows = sqlx::query(&dialect::sql(&sql))
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

                async fn run_sql(&self, sql: &str) -> StoreResult<u64> {
                    let rows = sqlx::query(sql)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db_err)?;
                    Ok(rows.len() as u64)
                }

                async fn count_sql(&self, sql: &str) -> StoreResult<i64> {
                    sqlx::query_scalar::<_, i64>(sql)
                        .fetch_one(&self.pool)
                        .await
                        .map_err(db_err)
                }

                async fn load_rows(
                    &self,
                    table: &TableDef,
                    rows: Vec<Vec<Value>>,
                ) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    insert_rows(&mut tx, table, rows).await?;
                    dialect::after_table_copied(&mut tx, table).await?;
                    tx.commit().await.map_err(db_err)
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
                            for row in &page {
                                table.check_row(row).map_err(StoreError::Rule)?;
                            }
                            let refused = table.refused(&page);
                            insert_rows(&mut tx, table, page)
                                .await
                                .map_err(|_| StoreError::Rule(refused))?;
                        }
                        dialect::after_table_copied(&mut tx, table).await?;
                    }
                    tx.commit().await.map_err(db_err)
                }
            }
        }
    };
}
