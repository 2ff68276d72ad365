//! Request extractors whose failures speak the API's error format and name the field.

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use keyuan_shared::errors::Reason;

use crate::db::DbConn;
use crate::error::ApiError;
use crate::state::AppState;

/// Largest JSON body accepted; anything bigger is refused with 413 before it is read.
pub const JSON_LIMIT_BYTES: usize = 64 * 1024;

/// A JSON body. Unlike actix's `Json`, a bad field is reported by its path (`cadence.H`),
/// and malformed JSON (400) is told apart from well-formed JSON with wrong values (422).
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/json")
            });
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    Reason::NotJson,
                ));
            }
            let bytes = body.await.map_err(payload_error)?;
            parse_json(&bytes).map(Json)
        })
    }
}

/// A pooled database connection for the handler. List it after `Caller`: actix extracts
/// arguments in order, so a request without a valid token is refused before it waits for
/// a connection, and a pool that cannot give one answers 503.
pub struct Db(DbConn);

impl FromRequest for Db {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let pool = req
            .app_data::<web::Data<AppState>>()
            .map(|state| state.pool.clone());
        Box::pin(async move {
            let pool =
                pool.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no AppState registered")))?;
            Ok(Db(pool.get().await?))
        })
    }
}

impl std::ops::Deref for Db {
    type Target = diesel_async::AsyncPgConnection;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Db {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

/// A JSON body that must pass its `Validate` rules; `valid()` checks them when the handler
/// is ready to, i.e. after it has checked who may call it (403 before 422).
impl<T: keyuan_shared::validate::Validate> Json<T> {
    pub fn valid(self) -> Result<T, ApiError> {
        self.0.validate()?;
        Ok(self.0)
    }
}

fn payload_error(e: actix_web::Error) -> ApiError {
    match e.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            Reason::BodyTooLarge,
        )
        .with("max", JSON_LIMIT_BYTES / 1024),
        _ => ApiError::bad_request("bad_body", Reason::UnreadableBody),
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_error(Some(path).filter(|p| p != "."), e.into_inner())
    })?;
    de.end().map_err(|e| json_error(None, e))?;
    Ok(value)
}

fn json_error(path: Option<String>, e: serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    let text = e.to_string();
    // serde_json appends " at line L column C": useful for syntax errors only.
    let message = match text.find(" at line ") {
        Some(i) if e.classify() == Category::Data => text[..i].to_owned(),
        _ => text.clone(),
    };
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            ApiError::bad_request("malformed_json", Reason::MalformedJson).with("detail", message)
        }
        Category::Data => {
            // A missing field is reported at the enclosing object; name the field itself.
            let field = match (path, between_backticks(&message)) {
                (None, Some(name)) if message.starts_with("missing field") => Some(name.to_owned()),
                (Some(p), Some(name)) if message.starts_with("missing field") => {
                    Some(format!("{p}.{name}"))
                }
                (path, _) => path,
            };
            match field {
                Some(field) => ApiError::invalid(field, Reason::BadValue).with("detail", message),
                None => ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_body",
                    Reason::BadBody,
                )
                .with("detail", message),
            }
        }
    }
}

fn between_backticks(s: &str) -> Option<&str> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some(&s[start..start + len])
}

/// Error handler for query strings (`?store_id=abc`).
pub fn query_error(e: actix_web::error::QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::bad_request("invalid_query", Reason::BadQuery)
        .with("detail", e)
        .into()
}

/// Error handler for path segments: `/users/abc` names no user.
pub fn path_error(_: actix_web::error::PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::not_found("record").into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyuan_shared::api::{NewUser, StorePatch};

    #[test]
    fn unknown_enum_value_names_its_field() {
        let e = parse_json::<NewUser>(
            br#"{"name":"a","login":"ab","password":"12345678","role":"boss"}"#,
        )
        .err()
        .unwrap();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.field.as_deref(), Some("role"));
        assert!(
            e.message().contains("unknown variant `boss`"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn missing_and_unknown_fields_are_named() {
        let e = parse_json::<NewUser>(br#"{"name":"a","login":"ab","role":"admin"}"#)
            .err()
            .unwrap();
        assert_eq!(e.field.as_deref(), Some("password"));
        let e = parse_json::<StorePatch>(br#"{"nmae":"x"}"#).err().unwrap();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            e.message().contains("unknown field `nmae`"),
            "{}",
            e.message()
        );
        let e = parse_json::<StorePatch>(br#"{"cadence":{"O":2,"H":"x","A":4,"B":7,"C":15}}"#)
            .err()
            .unwrap();
        assert_eq!(e.field.as_deref(), Some("cadence.H"));
    }

    #[test]
    fn malformed_json_is_a_400() {
        let e = parse_json::<StorePatch>(b"{\"name\": ").err().unwrap();
        assert_eq!(
            (e.status, e.code),
            (StatusCode::BAD_REQUEST, "malformed_json")
        );
        let e = parse_json::<StorePatch>(b"{} trailing").err().unwrap();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }
}
