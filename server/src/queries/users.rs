use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::User;
use keyuan_shared::errors::Reason;
use keyuan_shared::{Locale, Role};

use crate::audit::{self, Change};
use crate::error::{ApiError, ApiResult};
use crate::models::{NewUserRow, UserChanges, UserRow};
use crate::queries::sign_in_failures;
use crate::schema::users;

/// The caller behind a token, if the account still exists and is active.
pub async fn find_active(conn: &mut AsyncPgConnection, id: i64) -> ApiResult<Option<UserRow>> {
    Ok(users::table
        .find(id)
        .filter(users::active.eq(true))
        .select(UserRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

pub async fn find_by_login(
    conn: &mut AsyncPgConnection,
    login: &str,
) -> ApiResult<Option<UserRow>> {
    Ok(users::table
        .filter(users::login.eq(login))
        .select(UserRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Users of one store, or of all stores (admins included) for `None`.
pub async fn list(conn: &mut AsyncPgConnection, store_id: Option<i64>) -> ApiResult<Vec<User>> {
    let mut query = users::table
        .select(UserRow::as_select())
        .order(users::id)
        .into_boxed();
    if let Some(store_id) = store_id {
        query = query.filter(users::store_id.eq(store_id));
    }
    Ok(query
        .load(conn)
        .await?
        .into_iter()
        .map(User::from)
        .collect())
}

/// One user in reach of `scope` (a store, or all for admins).
pub async fn get(conn: &mut AsyncPgConnection, id: i64, scope: Option<i64>) -> ApiResult<UserRow> {
    let mut query = users::table
        .find(id)
        .select(UserRow::as_select())
        .into_boxed();
    if let Some(store_id) = scope {
        query = query.filter(users::store_id.eq(store_id));
    }
    query
        .first(conn)
        .await
        .optional()?
        .ok_or_else(|| ApiError::not_found("user"))
}

pub async fn create(
    conn: &mut AsyncPgConnection,
    actor_id: Option<i64>,
    row: NewUserRow<'_>,
) -> ApiResult<User> {
    conn.transaction(async |conn| {
        let user: User = diesel::insert_into(users::table)
            .values(&row)
            .returning(UserRow::as_returning())
            .get_result(conn)
            .await?
            .into();
        audit::record(
            conn,
            Change::of(user.store_id, actor_id, "user", user.id, None, &user),
        )
        .await?;
        Ok(user)
    })
    .await
}

/// Applies `changes` to a user in reach of `scope`; a new password shows in the audit
/// entry as changed, never as a hash.
pub async fn update(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    id: i64,
    scope: Option<i64>,
    changes: UserChanges,
) -> ApiResult<User> {
    conn.transaction(async |conn| {
        let old = get(conn, id, scope).await?;
        let password_changed = changes.password_hash.is_some();
        let changed = changes.name.is_some()
            || changes.role.is_some()
            || changes.active.is_some()
            || password_changed
            || changes.locale.is_some();
        if !changed {
            return Ok(User::from(old));
        }
        let user: User = diesel::update(users::table.find(id))
            .set(changes)
            .returning(UserRow::as_returning())
            .get_result(conn)
            .await?
            .into();
        let store_id = user.store_id;
        let mut old_json = serde_json::to_value(User::from(old)).map_err(ApiError::internal)?;
        let mut new_json = serde_json::to_value(&user).map_err(ApiError::internal)?;
        if password_changed {
            old_json["password"] = "(previous)".into();
            new_json["password"] = "(changed)".into();
            // a new password is how a manager unlocks a locked-out colleague
            sign_in_failures::clear(conn, &user.login).await?;
        }
        audit::record(
            conn,
            Change::of(
                store_id,
                Some(actor_id),
                "user",
                id,
                Some(&old_json),
                &new_json,
            ),
        )
        .await?;
        Ok(user)
    })
    .await
}

pub async fn set_locale(conn: &mut AsyncPgConnection, id: i64, locale: Locale) -> ApiResult<User> {
    update(
        conn,
        id,
        id,
        None,
        UserChanges {
            locale: Some(locale),
            ..UserChanges::default()
        },
    )
    .await
}

/// 422 on `field` unless `id` is an active consultant of the store.
pub(crate) async fn check_consultant(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    id: i64,
) -> ApiResult<()> {
    let found: Option<i64> = users::table
        .filter(users::id.eq(id))
        .filter(users::store_id.eq(store_id))
        .filter(users::role.eq(Role::Consultant))
        .filter(users::active.eq(true))
        .select(users::id)
        .first(conn)
        .await
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| ApiError::invalid("consultant_id", Reason::NoSuchConsultant))
}
