use actix_web::web::{Json, Path, Query};
use actix_web::{get, patch, post, HttpResponse};
use keyuan_shared::api::{ErrorBody, NewUser, User, UserPatch};
use keyuan_shared::Role;

use super::{Created, Reply, StoreQuery};
use crate::auth::{hash_password_blocking, Caller};
use crate::error::ApiError;
use crate::extract::{Db, Json as Body};
use crate::models::{NewUserRow, UserChanges};
use crate::queries::{stores, users};
use keyuan_shared::errors::Reason;
use keyuan_shared::permissions::{self, Action};

#[utoipa::path(tag = "set-up", security(("bearer" = [])), params(StoreQuery),
    responses((status = 200, body = [User]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/users")]
pub async fn list(caller: Caller, mut db: Db, query: Query<StoreQuery>) -> Reply<Vec<User>> {
    caller.require(Action::ManageUsers)?;
    let store_id = caller.store_filter(query.store_id)?;
    users::list(&mut db, store_id).await.map(Json)
}

/// Anyone may read themselves; admins and managers their users.
#[utoipa::path(tag = "set-up", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/users/{id}")]
pub async fn get(caller: Caller, mut db: Db, id: Path<i64>) -> Reply<User> {
    if *id != caller.id {
        caller.require(Action::ManageUsers)?;
    }
    let user = users::get(&mut db, *id, caller.store_scope()).await?;
    Ok(Json(user.into()))
}

/// Admins add anyone; a manager adds consultants and receptionists to their own store.
#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = NewUser,
    responses((status = 201, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/users")]
pub async fn create(caller: Caller, mut db: Db, body: Body<NewUser>) -> Created {
    caller.require(Action::ManageUsers)?;
    let new = body.valid()?;
    let store_id = match caller.store_scope() {
        None => match (new.role, new.store_id) {
            (Role::Admin, None) => None,
            (Role::Admin, Some(_)) => {
                return Err(ApiError::invalid("store_id", Reason::AdminHasNoStore))
            }
            (_, None) => {
                return Err(ApiError::invalid("store_id", Reason::StoreRequiredForRole)
                    .with("role", new.role))
            }
            (_, Some(id)) => Some(
                stores::get(&mut db, id, None)
                    .await
                    .map_err(|_| ApiError::invalid("store_id", Reason::NoSuchStore))?
                    .id,
            ),
        },
        Some(_) => {
            if !permissions::may_assign(caller.role, new.role) {
                return Err(ApiError::forbidden_because(Reason::ManagerAddsFloorStaff));
            }
            caller.store_filter(new.store_id)?
        }
    };
    let password_hash = hash_password_blocking(new.password.clone()).await?;
    let login = new.login.trim();
    let row = NewUserRow {
        store_id,
        name: new.name.trim(),
        login,
        password_hash: &password_hash,
        role: new.role,
    };
    let user = users::create(&mut db, Some(caller.id), row).await?;
    Ok(HttpResponse::Created().json(user))
}

/// Everyone may change their own name and password. Admins change anyone; a manager
/// changes the consultants and receptionists of their store. Nobody changes their own
/// role or disables themselves.
#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = UserPatch,
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/users/{id}")]
pub async fn update(
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<UserPatch>,
) -> Reply<User> {
    let patch = body.valid()?;
    let id = *id;
    if id == caller.id {
        if patch.role.is_some_and(|r| r != caller.role) {
            return Err(ApiError::invalid("role", Reason::OwnRole));
        }
        if patch.active == Some(false) {
            return Err(ApiError::invalid("active", Reason::OwnAccountDisabled));
        }
    } else {
        caller.require(Action::ManageUsers)?;
        let target = users::get(&mut db, id, caller.store_scope()).await?;
        {
            let assignable = |r: Role| permissions::may_assign(caller.role, r);
            if !assignable(target.role) || patch.role.is_some_and(|r| !assignable(r)) {
                return Err(ApiError::forbidden_because(
                    Reason::ManagerChangesFloorStaff,
                ));
            }
        }
        if patch
            .role
            .is_some_and(|r| r.has_store() != target.role.has_store())
        {
            return Err(ApiError::invalid("role", Reason::AdminStaffSwitch));
        }
    }
    let password_hash = match patch.password {
        Some(p) => Some(hash_password_blocking(p).await?),
        None => None,
    };
    let changes = UserChanges {
        name: patch.name.map(|n| n.trim().to_owned()),
        role: patch.role,
        active: patch.active,
        password_hash,
        locale: None,
    };
    let scope = caller.store_scope();
    users::update(&mut db, caller.id, id, scope, changes)
        .await
        .map(Json)
}
