//! `Idempotency-Key`: a retried write gets the first answer back instead of a second row.
//! The key is stored in the same transaction as the write, so both exist or neither.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};
use crate::schema::idempotency_keys;

pub const HEADER: &str = "Idempotency-Key";

/// One keyed request: who sent it, the key, and a fingerprint of what was asked.
#[derive(Debug, Clone)]
pub struct Keyed {
    pub user_id: i64,
    pub key: String,
    pub method: String,
    pub path: String,
    pub request_hash: String,
}

impl Keyed {
    /// The request's key, if it sent one. `body` is the parsed request, fingerprinted so
    /// that reusing a key for a different request is refused.
    pub fn from_request(
        req: &HttpRequest,
        user_id: i64,
        body: &impl Serialize,
    ) -> ApiResult<Option<Keyed>> {
        let Some(value) = req.headers().get(HEADER) else {
            return Ok(None);
        };
        let key = value.to_str().map(str::trim).unwrap_or("");
        if key.is_empty() || key.len() > 200 {
            return Err(ApiError::bad_request(
                "invalid_idempotency_key",
                "Idempotency-Key must be 1 to 200 visible characters",
            ));
        }
        let canonical = serde_json::to_vec(body).map_err(ApiError::internal)?;
        Ok(Some(Keyed {
            user_id,
            key: key.to_owned(),
            method: req.method().to_string(),
            path: req.path().to_owned(),
            request_hash: format!("{:x}", Sha256::digest(&canonical)),
        }))
    }
}

#[derive(Queryable)]
struct Stored {
    method: String,
    path: String,
    request_hash: String,
    response_status: i16,
    response_body: serde_json::Value,
}

/// The first answer to this key, if there was one.
pub async fn replay(
    conn: &mut AsyncPgConnection,
    keyed: &Keyed,
) -> ApiResult<Option<HttpResponse>> {
    let stored: Option<Stored> = idempotency_keys::table
        .find((keyed.user_id, &keyed.key))
        .select((
            idempotency_keys::method,
            idempotency_keys::path,
            idempotency_keys::request_hash,
            idempotency_keys::response_status,
            idempotency_keys::response_body,
        ))
        .first(conn)
        .await
        .optional()?;
    let Some(stored) = stored else {
        return Ok(None);
    };
    if (
        stored.method.as_str(),
        stored.path.as_str(),
        stored.request_hash.as_str(),
    ) != (
        keyed.method.as_str(),
        keyed.path.as_str(),
        keyed.request_hash.as_str(),
    ) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            "this Idempotency-Key was already used for a different request; send a new key",
        ));
    }
    let status = StatusCode::from_u16(stored.response_status as u16).map_err(ApiError::internal)?;
    Ok(Some(
        HttpResponse::build(status)
            .insert_header(("Idempotent-Replayed", "true"))
            .json(stored.response_body),
    ))
}

/// Records the answer; call inside the write's transaction.
pub async fn remember(
    conn: &mut AsyncPgConnection,
    keyed: &Keyed,
    status: StatusCode,
    body: &impl Serialize,
) -> ApiResult<()> {
    let body = serde_json::to_value(body).map_err(ApiError::internal)?;
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(keyed.user_id),
            idempotency_keys::key.eq(&keyed.key),
            idempotency_keys::method.eq(&keyed.method),
            idempotency_keys::path.eq(&keyed.path),
            idempotency_keys::request_hash.eq(&keyed.request_hash),
            idempotency_keys::response_status.eq(status.as_u16() as i16),
            idempotency_keys::response_body.eq(body),
        ))
        .execute(conn)
        .await?;
    Ok(())
}
