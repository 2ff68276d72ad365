//! Passwords (argon2) and sessions (HS256 JWTs), and the `Caller` extractor every
//! protected handler takes: who is calling, in which role, for which store.

use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use futures_util::future::LocalBoxFuture;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use keyuan_shared::api::codes;
use keyuan_shared::errors::Reason;
use keyuan_shared::permissions::{self, Action};
use keyuan_shared::Role;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::queries;
use crate::queries::scope::Scope;
use crate::state::AppState;

/// What a token says. `store_id` is absent for admins.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id, as a string as RFC 7519 wants.
    pub sub: String,
    pub role: Role,
    pub store_id: Option<i64>,
    pub iat: i64,
    pub exp: i64,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        // Only HS256 is accepted: `alg: none` and algorithm-confusion tokens fail here.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub"]);
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn issue(
        &self,
        user_id: i64,
        role: Role,
        store_id: Option<i64>,
        ttl: Duration,
    ) -> ApiResult<(String, DateTime<Utc>)> {
        let now = Utc::now();
        let expires_at = now + chrono::Duration::from_std(ttl).map_err(ApiError::internal)?;
        let claims = Claims {
            sub: user_id.to_string(),
            role,
            store_id,
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)?;
        Ok((token, expires_at))
    }

    pub fn verify(&self, token: &str) -> ApiResult<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => {
                    ApiError::unauthorized(codes::TOKEN_EXPIRED, Reason::TokenExpired)
                }
                _ => ApiError::unauthorized(codes::UNAUTHORIZED, Reason::TokenInvalid),
            })
    }
}

pub fn hash_password(password: &str) -> ApiResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::internal(anyhow::anyhow!("hashing: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Checked against when the login is unknown, so both failures take as long.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        hash_password("not-a-real-password").expect("argon2 with default parameters")
    })
}

/// Hashing is deliberately slow: run it off the async workers.
pub async fn hash_password_blocking(password: String) -> ApiResult<String> {
    web::block(move || hash_password(&password)).await?
}

#[derive(Deserialize)]
struct TokenQuery {
    token: String,
}

/// EventSource cannot send headers: the live-event stream alone takes `?token=`.
fn event_stream_token(req: &HttpRequest) -> Option<String> {
    if !req.path().ends_with("/events") {
        return None;
    }
    let query = web::Query::<TokenQuery>::from_query(req.query_string()).ok()?;
    Some(format!("Bearer {}", query.into_inner().token))
}

/// The signed-in caller, re-read from the database on every request so that a disabled
/// account or a changed role takes effect at once, not when the token expires.
#[derive(Debug, Clone)]
pub struct Caller {
    pub id: i64,
    pub role: Role,
    pub store_id: Option<i64>,
}

impl Caller {
    /// 403 unless the caller's role may do `action` (the table in `shared::permissions`).
    pub fn require(&self, action: Action) -> ApiResult<()> {
        if permissions::may(self.role, action) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// The prospect cards this caller works: a manager the store's, a consultant their
    /// own; 403 for roles that work none.
    pub fn scope(&self) -> ApiResult<Scope> {
        let store_id = self.own_store()?;
        let reach = permissions::prospect_reach(self.role).ok_or_else(ApiError::forbidden)?;
        Ok(Scope::new(self.id, store_id, reach))
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// The store every query of this caller is limited to; `None` means all (admin).
    pub fn store_scope(&self) -> Option<i64> {
        if self.is_admin() {
            None
        } else {
            self.store_id
        }
    }

    /// The caller's own store, for work that only store staff do (the showroom log,
    /// live events); an admin belongs to none and gets 403.
    pub fn own_store(&self) -> ApiResult<i64> {
        self.store_id
            .ok_or_else(|| ApiError::forbidden_because(Reason::StoreStaffOnly))
    }

    /// The store a listing is limited to: what an admin asked for (all when nothing), or
    /// the caller's own store; asking for another store is answered like a missing one.
    pub fn store_filter(&self, requested: Option<i64>) -> ApiResult<Option<i64>> {
        match (self.store_scope(), requested) {
            (None, requested) => Ok(requested),
            (Some(own), Some(asked)) if asked != own => Err(ApiError::not_found("store")),
            (Some(own), _) => Ok(Some(own)),
        }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let header = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .or_else(|| event_stream_token(req));
        Box::pin(async move {
            let state: Arc<AppState> = state
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("AppState missing")))
                .map(|d| d.into_inner())?;
            let token = header
                .as_deref()
                .and_then(|h| {
                    h.strip_prefix("Bearer ")
                        .or_else(|| h.strip_prefix("bearer "))
                })
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| ApiError::unauthorized(codes::UNAUTHORIZED, Reason::SignInFirst))?;
            let claims = state.jwt.verify(token)?;
            let user_id: i64 = claims
                .sub
                .parse()
                .map_err(|_| ApiError::unauthorized(codes::UNAUTHORIZED, Reason::TokenInvalid))?;
            let mut conn = state.pool.get().await?;
            let user = queries::users::find_active(&mut conn, user_id)
                .await?
                .ok_or_else(|| ApiError::unauthorized(codes::UNAUTHORIZED, Reason::AccountGone))?;
            Ok(Caller {
                id: user.id,
                role: user.role,
                store_id: user.store_id,
            })
        })
    }
}
