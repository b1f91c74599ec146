//! Accounts and roles on PostgreSQL.

use crate::errors::conflict_on;
use crate::{PgStore, audit, db_err};
use async_trait::async_trait;
use samverka_domain::audit::AuditDraft;
use samverka_domain::clock::{from_millis, to_millis};
use samverka_domain::role::check_combination;
use samverka_domain::{Role, RoleAssignment, Scope, UserId};
use samverka_store::{NewUser, StoreError, StoreResult, User, UserRepo};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

const COLUMNS: &str =
    "id, username, display_name, password_hash, disabled, totp_secret, totp_last_step, created_at";

fn user_from_row(row: &PgRow) -> Result<User, sqlx::Error> {
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

async fn roles_in(conn: &mut PgConnection, id: UserId) -> StoreResult<Vec<RoleAssignment>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT role, scope_kind, scope_code FROM role_assignments WHERE user_id = $1 ORDER BY id",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    rows.into_iter()
        .map(|(role, kind, code)| {
            let scope = Scope::from_parts(&kind, &code).map_err(StoreError::Rule)?;
            Ok(RoleAssignment {
                role: Role::parse(&role).map_err(StoreError::Rule)?,
                scope,
            })
        })
        .collect()
}

async fn insert_role(
    conn: &mut PgConnection,
    id: UserId,
    role: &RoleAssignment,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO role_assignments (user_id, role, scope_kind, scope_code) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(id.0)
    .bind(role.role.code())
    .bind(role.scope.kind())
    .bind(role.scope.code())
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// An UPDATE of one account must touch exactly one row, else the account does not exist.
fn expect_one(done: sqlx::postgres::PgQueryResult) -> StoreResult<()> {
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

#[async_trait]
impl UserRepo for PgStore {
    async fn create_user(
        &self,
        new: &NewUser,
        roles: &[RoleAssignment],
        audit_draft: &AuditDraft,
    ) -> StoreResult<User> {
        check_combination(roles).map_err(StoreError::Rule)?;
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO users (username, display_name, password_hash, disabled, created_at)
             VALUES ($1, $2, $3, FALSE, $4) RETURNING {COLUMNS}"
        ))
        .bind(new.username.as_str())
        .bind(&new.display_name)
        .bind(&new.password_hash)
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
        audit::append(&mut tx, &entry).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(user)
    }

    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_err)?;
        row.as_ref().map(user_from_row).transpose().map_err(db_err)
    }

    async fn user_by_username(&self, username: &str) -> StoreResult<Option<User>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE username = $1"))
            .bind(username)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_err)?;
        row.as_ref().map(user_from_row).transpose().map_err(db_err)
    }

    async fn list_users(&self) -> StoreResult<Vec<User>> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM users ORDER BY username"))
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
        expect_one(
            sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
                .bind(disabled)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?,
        )?;
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        audit::append(&mut tx, audit_draft).await?;
        tx.commit().await.map_err(db_err)
    }

    async fn set_password_hash(
        &self,
        id: UserId,
        hash: &str,
        audit_draft: &AuditDraft,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        expect_one(
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(hash)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?,
        )?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        audit::append(&mut tx, audit_draft).await?;
        tx.commit().await.map_err(db_err)
    }

    async fn set_totp_secret(
        &self,
        id: UserId,
        secret: Option<&str>,
        audit_draft: &AuditDraft,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let query =
            sqlx::query("UPDATE users SET totp_secret = $1, totp_last_step = NULL WHERE id = $2")
                .bind(secret)
                .bind(id.0);
        expect_one(query.execute(&mut *tx).await.map_err(db_err)?)?;
        audit::append(&mut tx, audit_draft).await?;
        tx.commit().await.map_err(db_err)
    }

    async fn use_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)",
        )
        .bind(step)
        .bind(id.0)
        .bind(step)
        .execute(&self.pool)
        .await
        .map_err(db_err)?;
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
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
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
        audit::append(&mut tx, audit_draft).await?;
        tx.commit().await.map_err(db_err)
    }

    async fn revoke_role(
        &self,
        id: UserId,
        role: &RoleAssignment,
        audit_draft: &AuditDraft,
    ) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "DELETE FROM role_assignments WHERE user_id = $1 AND role = $2 AND scope_kind = $3 AND scope_code = $4",
        )
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
        audit::append(&mut tx, audit_draft).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(true)
    }
}
