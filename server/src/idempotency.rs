//! `Idempotency-Key`: a retried write gets the first answer back instead of a second row.
//! The key is stored in the same transaction as the write, so both exist or neither.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AnsiTransactionManager, AsyncPgConnection, RunQueryDsl, TransactionManager};
use keyuan_shared::errors::Reason;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::DbPool;
use crate::error::{ApiError, ApiResult};
use crate::schema::idempotency_keys;

pub const HEADER: &str = "Idempotency-Key";
/// Set on an answer that replays the first answer to a key.
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";

/// The `Idempotency-Key` request header, as documented: a handler that lists it in its
/// `params(...)` is an idempotent write, and `openapi::IdempotentWrites` documents its
/// replay answer from that one mark.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IdempotencyKey {
    /// makes retries safe
    #[serde(rename = "Idempotency-Key")]
    #[allow(dead_code)] // read from the raw headers by `Keyed::from_request`
    key: Option<String>,
}

/// How long a key answers a retry: far longer than a tablet keeps check-ins in its
/// offline outbox, short enough that the table does not grow for ever.
pub const KEPT_FOR_DAYS: i64 = 30;

/// How often a serving process drops expired keys.
const PURGE_EVERY: Duration = Duration::from_secs(6 * 60 * 60);

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
                Reason::BadIdempotencyKey,
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
async fn replay(conn: &mut AsyncPgConnection, keyed: &Keyed) -> ApiResult<Option<HttpResponse>> {
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
            Reason::IdempotencyKeyReused,
        ));
    }
    let status = StatusCode::from_u16(stored.response_status as u16).map_err(ApiError::internal)?;
    Ok(Some(
        HttpResponse::build(status)
            .insert_header((REPLAYED_HEADER, "true"))
            .json(stored.response_body),
    ))
}

/// Runs a creating write once per `Idempotency-Key`: a retry gets the first answer. The
/// write and the key (with the answer) are stored in one transaction, so both exist or
/// neither; the write's own transaction becomes a savepoint inside it. Query functions
/// therefore know nothing of keys.
pub async fn create_once<T, F>(
    req: &HttpRequest,
    conn: &mut AsyncPgConnection,
    user_id: i64,
    body: &impl Serialize,
    write: F,
) -> ApiResult<HttpResponse>
where
    T: Serialize,
    F: AsyncFnOnce(&mut AsyncPgConnection) -> ApiResult<T>,
{
    let Some(keyed) = Keyed::from_request(req, user_id, body)? else {
        return Ok(HttpResponse::Created().json(write(conn).await?));
    };
    if let Some(first) = replay(conn, &keyed).await? {
        return Ok(first);
    }
    // Begun by hand rather than with `transaction(…)`, which wants a `Send` future that
    // a handler's borrowing closure is not.
    AnsiTransactionManager::begin_transaction(conn).await?;
    let written: ApiResult<T> = async {
        let created = write(&mut *conn).await?;
        remember_created(&mut *conn, &keyed, &created).await?;
        Ok(created)
    }
    .await;
    let written = match written {
        Ok(created) => AnsiTransactionManager::commit_transaction(conn)
            .await
            .map(|()| created)
            .map_err(ApiError::from),
        Err(e) => {
            if let Err(rollback) = AnsiTransactionManager::rollback_transaction(conn).await {
                tracing::warn!(error = %rollback, "idempotent write: rollback failed");
            }
            Err(e)
        }
    };
    match written {
        Ok(created) => Ok(HttpResponse::Created().json(created)),
        // A concurrent request with the same key may have won the race (this one then
        // trips over its row or its key): answer what the winner stored.
        Err(e) => replay(conn, &keyed).await?.ok_or(e),
    }
}

/// Records a write's 201 answer under its key, inside the write's transaction.
async fn remember_created(
    conn: &mut AsyncPgConnection,
    keyed: &Keyed,
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
            idempotency_keys::response_status.eq(StatusCode::CREATED.as_u16() as i16),
            idempotency_keys::response_body.eq(body),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes keys older than [`KEPT_FOR_DAYS`]; answers how many.
pub async fn purge_expired(conn: &mut AsyncPgConnection) -> QueryResult<usize> {
    let cutoff = Utc::now() - chrono::Duration::days(KEPT_FOR_DAYS);
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(cutoff)))
        .execute(conn)
        .await
}

/// Purges expired keys now and then every [`PURGE_EVERY`], on the current actix system.
/// Several processes may do this at once; a delete of the same old rows is harmless.
pub fn start_purging(pool: DbPool) {
    actix_web::rt::spawn(async move {
        loop {
            match pool.get().await {
                Ok(mut conn) => match purge_expired(&mut conn).await {
                    Ok(0) => {}
                    Ok(purged) => tracing::info!(purged, "idempotency keys expired"),
                    Err(e) => tracing::warn!(error = %e, "idempotency keys: purge failed"),
                },
                Err(e) => tracing::warn!(error = %e, "idempotency keys: no connection to purge"),
            }
            tokio::time::sleep(PURGE_EVERY).await;
        }
    });
}
