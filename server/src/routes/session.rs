use actix_web::{get, patch, post, web};
use keyuan_shared::api::{codes, ErrorBody, LoginRequest, LoginResponse, MePatch, SessionUser};

use keyuan_shared::errors::Reason;

use crate::auth::{dummy_hash, verify_password, Caller};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Db, Json};
use crate::queries::{sign_in_failures, users};
use crate::state::AppState;

/// Signs in. An unknown login and a wrong password get the same answer, in the same time;
/// five wrong answers for one login within 15 minutes lock it for 15 minutes (429).
#[utoipa::path(tag = "session", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "locked after too many wrong passwords; `retry_after` seconds")))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    body: Json<LoginRequest>,
) -> ApiResult<web::Json<LoginResponse>> {
    let LoginRequest { login, password } = body.0;
    let login = login.trim().to_lowercase();
    // the connection goes back to the pool while argon2 works
    let user = {
        let mut conn = state.pool.get().await?;
        if let Some(wait) = sign_in_failures::locked_for(&mut conn, &login).await? {
            return Err(locked_error(wait));
        }
        users::find_by_login(&mut conn, &login).await?
    };
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let password_ok = web::block(move || {
        verify_password(&password, hash.as_deref().unwrap_or_else(|| dummy_hash()))
    })
    .await?;
    let mut conn = state.pool.get().await?;
    let user = match user {
        Some(user) if password_ok => user,
        _ => {
            if let Some(wait) = sign_in_failures::record_failure(&mut conn, &login).await? {
                return Err(locked_error(wait));
            }
            return Err(ApiError::unauthorized(
                codes::INVALID_CREDENTIALS,
                Reason::WrongCredentials,
            ));
        }
    };
    sign_in_failures::clear(&mut conn, &login).await?;
    if !user.active {
        return Err(ApiError::unauthorized(
            "account_disabled",
            Reason::AccountDisabled,
        ));
    }
    let (token, expires_at) =
        state
            .jwt
            .issue(user.id, user.role, user.store_id, state.token_ttl)?;
    Ok(web::Json(LoginResponse {
        token,
        expires_at,
        user: user.into(),
    }))
}

#[utoipa::path(tag = "session", security(("bearer" = [])),
    responses((status = 200, body = SessionUser), (status = 401, body = ErrorBody)))]
#[get("/me")]
pub async fn me(caller: Caller, mut db: Db) -> ApiResult<web::Json<SessionUser>> {
    let user = users::get(&mut db, caller.id, None).await?;
    Ok(web::Json(user.into()))
}

/// The caller's own preferences (interface language).
#[utoipa::path(tag = "session", security(("bearer" = [])), request_body = MePatch,
    responses((status = 200, body = SessionUser), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/me")]
pub async fn update_me(
    caller: Caller,
    mut db: Db,
    body: Json<MePatch>,
) -> ApiResult<web::Json<SessionUser>> {
    users::set_locale(&mut db, caller.id, body.0.locale).await?;
    let user = users::get(&mut db, caller.id, None).await?;
    Ok(web::Json(user.into()))
}

/// 429 with the wait, for a locked name.
fn locked_error(wait: chrono::Duration) -> ApiError {
    let seconds = wait.num_seconds().max(1) as u64;
    let minutes = seconds.div_ceil(60);
    ApiError::new(
        actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        codes::TOO_MANY_ATTEMPTS,
        Reason::TooManyAttempts,
    )
    .with("minutes", minutes)
    .retry_after(seconds)
}
