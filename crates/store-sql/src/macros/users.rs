//! Accounts and roles.

/// `UserRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_users {
    () => {
        mod users {
            use super::audit::append;
            use super::*;
            use $crate::__private::samverka_domain::audit::AuditDraft;
            use $crate::__private::samverka_domain::clock::{from_millis, to_millis};
            use $crate::__private::samverka_domain::role::check_combination;
            use $crate::__private::samverka_domain::{RoleAssignment, UserId};
            use $crate::__private::samverka_store::{
                NewUser, StoreError, StoreResult, User, UserRepo,
            };
            use $crate::__private::sqlx;
            use $crate::{USER_COLUMNS, conflict_on, db_err, expect_one};

            fn user_from_row(row: &DbRow) -> Result<User, sqlx::Error> {
                Ok(User {
                    id: UserId(row.try_get("id")?),
                    username: row.try_get("username")?,
                    display_name: row.try_get("display_name")?,
                    password_hash: row.try_get("password_hash")?,
                    disabled: row.try_get("disabled")?,
                    totp_secret: row.try_get("totp_secret")?,
                    totp_last_step: row.try_get("totp_last_step")?,
                    created_at: from_millis(row.try_get("created_at")?),
                })
            }

            async fn roles_in(
                conn: &mut DbConnection,
                id: UserId,
            ) -> StoreResult<Vec<RoleAssignment>> {
                let rows: Vec<(String, String, String)> = sqlx::query_as(&dialect::sql(
                    "SELECT role, scope_kind, scope_code FROM role_assignments WHERE user_id = ? ORDER BY id",
                ))
                .bind(id.0)
                .fetch_all(&mut *conn)
                .await
                .map_err(db_err)?;
                $crate::roles_from_rows(rows)
            }

            async fn insert_role(
                conn: &mut DbConnection,
                id: UserId,
                role: &RoleAssignment,
            ) -> StoreResult<()> {
                sqlx::query(&dialect::sql(
                    "INSERT INTO role_assignments (user_id, role, scope_kind, scope_code) VALUES (?, ?, ?, ?)
                     ON CONFLICT DO NOTHING",
                ))
                .bind(id.0)
                .bind(role.role.code())
                .bind(role.scope.kind())
                .bind(role.scope.code())
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
                Ok(())
            }

            #[$crate::__private::async_trait]
            impl UserRepo for Store {
                async fn create_user(
                    &self,
                    new: &NewUser,
                    roles: &[RoleAssignment],
                    audit_draft: &AuditDraft,
                ) -> StoreResult<User> {
                    check_combination(roles).map_err(StoreError::Rule)?;
                    let mut tx = self.write_tx().await?;
                    let row = sqlx::query(&dialect::sql(&format!(
                        "INSERT INTO users (username, display_name, password_hash, disabled, created_at)
                         VALUES (?, ?, ?, ?, ?) RETURNING {USER_COLUMNS}"
                    )))
                    .bind(new.username.as_str())
                    .bind(&new.display_name)
                    .bind(&new.password_hash)
                    .bind(false)
                    .bind(to_millis(new.created_at))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(conflict_on("username"))?;
                    let user = user_from_row(&row).map_err(db_err)?;
                    for role in roles {
                        insert_role(&mut tx, user.id, role).await?;
                    }
                    let mut entry = audit_draft.clone();
                    entry.target_id = user.id.to_string();
                    append(&mut tx, &entry).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(user)
                }

                async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>> {
                    let row = sqlx::query(&dialect::sql(&format!(
                        "SELECT {USER_COLUMNS} FROM users WHERE id = ?"
                    )))
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_err)?;
                    row.as_ref().map(user_from_row).transpose().map_err(db_err)
                }

                async fn user_by_username(&self, username: &str) -> StoreResult<Option<User>> {
                    let row = sqlx::query(&dialect::sql(&format!(
                        "SELECT {USER_COLUMNS} FROM users WHERE username = ?"
                    )))
                    .bind(username)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_err)?;
                    row.as_ref().map(user_from_row).transpose().map_err(db_err)
                }

                async fn display_names(&self, ids: &[i64]) -> StoreResult<Vec<(i64, String)>> {
                    let mut out = Vec::with_capacity(ids.len());
                    for chunk in ids.chunks(500) {
                        let sql = dialect::sql(&format!(
                            "SELECT id, display_name FROM users WHERE id IN ({})",
                            $crate::in_list(chunk.len())
                        ))
                        .into_owned();
                        let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
                        for id in chunk {
                            q = q.bind(*id);
                        }
                        out.extend(q.fetch_all(&self.pool).await.map_err(db_err)?);
                    }
                    Ok(out)
                }

                async fn assigned_in(
                    &self,
                    scopes: &[$crate::__private::samverka_domain::Scope],
                ) -> StoreResult<Vec<(User, RoleAssignment)>> {
                    if scopes.is_empty() {
                        return Ok(Vec::new());
                    }
                    let cols = USER_COLUMNS
                        .split(',')
                        .map(|c| format!("u.{}", c.trim()))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let any = vec!["(r.scope_kind = ? AND r.scope_code = ?)"; scopes.len()].join(" OR ");
                    let sql = dialect::sql(&format!(
                        "SELECT {cols}, r.role AS assigned_role, r.scope_kind AS assigned_kind, r.scope_code AS assigned_code
                         FROM role_assignments r JOIN users u ON u.id = r.user_id
                         WHERE {any} ORDER BY u.username, r.id"
                    ))
                    .into_owned();
                    let mut q = sqlx::query(&sql);
                    for scope in scopes {
                        q = q.bind(scope.kind()).bind(scope.code().to_string());
                    }
                    let rows = q.fetch_all(&self.pool).await.map_err(db_err)?;
                    let mut out = Vec::with_capacity(rows.len());
                    for row in &rows {
                        let user = user_from_row(row).map_err(db_err)?;
                        let parts: (String, String, String) = (
                            row.try_get("assigned_role").map_err(db_err)?,
                            row.try_get("assigned_kind").map_err(db_err)?,
                            row.try_get("assigned_code").map_err(db_err)?,
                        );
                        let role = $crate::roles_from_rows(vec![parts])?.remove(0);
                        out.push((user, role));
                    }
                    Ok(out)
                }

                async fn list_users(&self) -> StoreResult<Vec<User>> {
                    let rows = sqlx::query(&format!(
                        "SELECT {USER_COLUMNS} FROM users ORDER BY username"
                    ))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    rows.iter()
                        .map(user_from_row)
                        .collect::<Result<_, _>>()
                        .map_err(db_err)
                }

                async fn set_user_disabled(
                    &self,
                    id: UserId,
                    disabled: bool,
                    audit_draft: &AuditDraft,
                ) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let done = sqlx::query(&dialect::sql("UPDATE users SET disabled = ? WHERE id = ?"))
                        .bind(disabled)
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    expect_one(done.rows_affected())?;
                    if disabled {
                        sqlx::query(&dialect::sql("DELETE FROM sessions WHERE user_id = ?"))
                            .bind(id.0)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_err)?;
                    }
                    append(&mut tx, audit_draft).await?;
                    tx.commit().await.map_err(db_err)
                }

                async fn set_password_hash(
                    &self,
                    id: UserId,
                    hash: &str,
                    audit_draft: &AuditDraft,
                ) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let done =
                        sqlx::query(&dialect::sql("UPDATE users SET password_hash = ? WHERE id = ?"))
                            .bind(hash)
                            .bind(id.0)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_err)?;
                    expect_one(done.rows_affected())?;
                    sqlx::query(&dialect::sql("DELETE FROM sessions WHERE user_id = ?"))
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    append(&mut tx, audit_draft).await?;
                    tx.commit().await.map_err(db_err)
                }

                async fn set_totp_secret(
                    &self,
                    id: UserId,
                    secret: Option<&str>,
                    audit_draft: &AuditDraft,
                ) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let done = sqlx::query(&dialect::sql(
                        "UPDATE users SET totp_secret = ?, totp_last_step = NULL WHERE id = ?",
                    ))
                    .bind(secret)
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    expect_one(done.rows_affected())?;
                    append(&mut tx, audit_draft).await?;
                    tx.commit().await.map_err(db_err)
                }

                async fn use_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool> {
                    let mut tx = self.write_tx().await?;
                    let done = sqlx::query(&dialect::sql(
                        "UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
                    ))
                    .bind(step)
                    .bind(id.0)
                    .bind(step)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(done.rows_affected() == 1)
                }

                async fn roles_of(&self, id: UserId) -> StoreResult<Vec<RoleAssignment>> {
                    let mut conn = self.pool.acquire().await.map_err(db_err)?;
                    roles_in(&mut conn, id).await
                }

                async fn grant_role(
                    &self,
                    id: UserId,
                    role: &RoleAssignment,
                    audit_draft: &AuditDraft,
                ) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let exists: Option<i64> =
                        sqlx::query_scalar(&dialect::sql("SELECT id FROM users WHERE id = ?"))
                            .bind(id.0)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(db_err)?;
                    if exists.is_none() {
                        return Err(StoreError::NotFound);
                    }
                    let mut roles = roles_in(&mut tx, id).await?;
                    roles.push(role.clone());
                    check_combination(&roles).map_err(StoreError::Rule)?;
                    insert_role(&mut tx, id, role).await?;
                    append(&mut tx, audit_draft).await?;
                    tx.commit().await.map_err(db_err)
                }

                async fn revoke_role(
                    &self,
                    id: UserId,
                    role: &RoleAssignment,
                    audit_draft: &AuditDraft,
                ) -> StoreResult<bool> {
                    let mut tx = self.write_tx().await?;
                    let done = sqlx::query(&dialect::sql(
                        "DELETE FROM role_assignments WHERE user_id = ? AND role = ? AND scope_kind = ? AND scope_code = ?",
                    ))
                    .bind(id.0)
                    .bind(role.role.code())
                    .bind(role.scope.kind())
                    .bind(role.scope.code())
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    if done.rows_affected() == 0 {
                        return Ok(false);
                    }
                    append(&mut tx, audit_draft).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(true)
                }
            }
        }
    };
}
