use actix_web::{get, patch, post, web, HttpResponse};
use keyuan_shared::api::{ErrorBody, NewUser, User, UserPatch};
use keyuan_shared::validate::Validate;
use keyuan_shared::Role;

use crate::auth::{hash_password_blocking, Caller};
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::models::{NewUserRow, UserChanges};
use crate::queries::{stores, users};
use crate::routes::StoreQuery;
use crate::state::AppState;
use keyuan_shared::errors::Reason;
use keyuan_shared::permissions::{self, Action};

/// The roles a manager may hand out within their store.

#[utoipa::path(tag = "set-up", security(("bearer" = [])), params(StoreQuery),
    responses((status = 200, body = [User]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<StoreQuery>,
) -> ApiResult<web::Json<Vec<User>>> {
    caller.require(Action::ManageUsers)?;
    let store_id = caller.store_filter(query.store_id)?;
    Ok(web::Json(
        users::list(&mut *state.pool.get().await?, store_id).await?,
    ))
}

/// Anyone may read themselves; admins and managers their users.
#[utoipa::path(tag = "set-up", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/users/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<web::Json<User>> {
    if *id != caller.id {
        caller.require(Action::ManageUsers)?;
    }
    Ok(web::Json(
        users::get(&mut *state.pool.get().await?, *id, caller.store_scope())
            .await?
            .into(),
    ))
}

/// Admins add anyone; a manager adds consultants and receptionists to their own store.
#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = NewUser,
    responses((status = 201, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/users")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewUser>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageUsers)?;
    let new = body.0;
    new.validate()?;
    let mut conn = state.pool.get().await?;
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
                stores::get(&mut conn, id, None)
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
    let user = users::create(&mut conn, Some(caller.id), row).await?;
    Ok(HttpResponse::Created().json(user))
}

/// Everyone may change their own name and password. Admins change anyone; a manager
/// changes the consultants and receptionists of their store. Nobody changes their own
/// role or disables themselves.
#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = UserPatch,
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/users/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: Json<UserPatch>,
) -> ApiResult<web::Json<User>> {
    let patch = body.0;
    patch.validate()?;
    let id = *id;
    let mut conn = state.pool.get().await?;
    if id == caller.id {
        if patch.role.is_some_and(|r| r != caller.role) {
            return Err(ApiError::invalid("role", Reason::OwnRole));
        }
        if patch.active == Some(false) {
            return Err(ApiError::invalid("active", Reason::OwnAccountDisabled));
        }
    } else {
        caller.require(Action::ManageUsers)?;
        let target = users::get(&mut conn, id, caller.store_scope()).await?;
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
    Ok(web::Json(
        users::update(&mut conn, caller.id, id, caller.store_scope(), changes).await?,
    ))
}
