//! The one error type every handler returns, and its mapping to
//! `{"error": {"code", "message", "field"?}}`. Internal details are logged, never sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use keyuan_shared::api::{ErrorBody, ErrorDetail};
use keyuan_shared::errors::{render, Params, Reason};
use keyuan_shared::validate::FieldError;
use keyuan_shared::Locale;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// The coarse class clients already branch on (`invalid_field`, `conflict`, …).
    pub code: &'static str,
    /// Why, as a stable code the app translates.
    pub reason: Reason,
    /// The values `reason`'s sentence names.
    pub params: Params,
    pub field: Option<String>,
    /// Seconds until a retry may succeed (429).
    pub retry_after: Option<u64>,
    /// What went wrong inside, for the log only.
    pub source: Option<anyhow::Error>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, reason: Reason) -> Self {
        ApiError {
            status,
            code,
            reason,
            params: Params::new(),
            field: None,
            retry_after: None,
            source: None,
        }
    }

    /// Adds a value the reason's sentence names (`{name}`).
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The English sentence sent as `message`; a field error names its field first.
    pub fn message(&self) -> String {
        let sentence = render(Locale::En, self.reason, &self.params);
        match &self.field {
            Some(field) if self.code == "invalid_field" => format!("{field}: {sentence}"),
            _ => sentence,
        }
    }

    /// 422: a field's value breaks a rule.
    pub fn invalid(field: impl Into<String>, reason: Reason) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", reason).with_field(field)
    }

    pub fn bad_request(code: &'static str, reason: Reason) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, reason)
    }

    pub fn unauthorized(code: &'static str, reason: Reason) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, reason)
    }

    pub fn forbidden() -> Self {
        Self::forbidden_because(Reason::RoleMayNot)
    }

    pub fn forbidden_because(reason: Reason) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", reason)
    }

    /// 404, also for records of another store: their existence is not disclosed.
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", Reason::NotFound).with("detail", what)
    }

    /// 409: the record's state does not allow this.
    pub fn conflict(field: impl Into<String>, reason: Reason) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", reason).with_field(field)
    }

    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            Reason::Unavailable,
        )
        .retry_after(RETRY_AFTER_UNAVAILABLE_SECONDS)
    }

    pub fn internal(source: impl Into<anyhow::Error>) -> Self {
        ApiError {
            source: Some(source.into()),
            ..Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                Reason::Internal,
            )
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                reason: self.reason,
                params: self.params.clone(),
                message: self.message(),
                field: self.field.clone(),
                retry_after: self.retry_after,
            },
        }
    }
}

/// How long a client waits before retrying when the database is away.
pub const RETRY_AFTER_UNAVAILABLE_SECONDS: u64 = 5;

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message()
        )?;
        if let Some(source) = &self.source {
            write!(f, " ({source:#})")?;
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        if self.status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut response = HttpResponse::build(self.status);
        if let Some(seconds) = self.retry_after {
            response.insert_header((actix_web::http::header::RETRY_AFTER, seconds));
        }
        response.json(self.body())
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError {
            params: e.params,
            ..ApiError::invalid(e.field, e.reason)
        }
    }
}

/// Unique constraints whose violation is the user's to fix, with the field they concern.
const UNIQUE_FIELDS: &[(&str, &str, Reason)] = &[
    ("users_login_key", "login", Reason::LoginTaken),
    ("stores_name_key", "name", Reason::StoreNameTaken),
    (
        "vehicle_models_store_name_key",
        "name",
        Reason::ModelNameTaken,
    ),
    ("customers_store_id_phone_key", "phone", Reason::PhoneTaken),
];

impl From<DieselError> for ApiError {
    fn from(e: DieselError) -> Self {
        match &e {
            DieselError::NotFound => ApiError::not_found("record"),
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                match UNIQUE_FIELDS
                    .iter()
                    .find(|(name, _, _)| Some(*name) == info.constraint_name())
                {
                    Some((_, field, reason)) => ApiError::conflict(*field, *reason),
                    // another request wrote the same row first (two tablets at once): the
                    // caller's to retry, never a 500
                    None => {
                        tracing::warn!(constraint = ?info.constraint_name(), "concurrent write refused");
                        ApiError::new(StatusCode::CONFLICT, "conflict", Reason::ChangedMeanwhile)
                    }
                }
            }
            DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                ApiError::unavailable()
            }
            DieselError::DatabaseError(DatabaseErrorKind::Unknown, info)
                if connection_lost(info.message()) =>
            {
                tracing::warn!(error = %info.message(), "database connection lost");
                ApiError::unavailable()
            }
            DieselError::BrokenTransactionManager => ApiError::unavailable(),
            _ => ApiError::internal(e),
        }
    }
}

/// Whether a database error without a kind means the server went away mid-request: the
/// driver reports a dropped socket, and PostgreSQL an immediate shutdown or a restart
/// (SQLSTATE 57P01–57P03), only as text. Such a request is the client's to retry (503).
fn connection_lost(message: &str) -> bool {
    const SIGNS: [&str; 6] = [
        "connection closed",
        "terminating connection",
        "the database system is shutting down",
        "the database system is starting up",
        "server closed the connection",
        "connection reset",
    ];
    let message = message.to_lowercase();
    SIGNS.iter().any(|sign| message.contains(sign))
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for ApiError {
    fn from(e: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        tracing::warn!(error = %e, "no database connection");
        ApiError::unavailable()
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_what_they_are_about() {
        assert_eq!(
            ApiError::not_found("prospect").message(),
            "prospect not found"
        );
        assert_eq!(
            ApiError::invalid("name", Reason::TooLong)
                .with("max", 100)
                .message(),
            "name: must be at most 100 characters"
        );
        let body = ApiError::unavailable().body();
        assert_eq!(
            (body.error.code.as_str(), body.error.retry_after),
            ("unavailable", Some(RETRY_AFTER_UNAVAILABLE_SECONDS))
        );
    }

    /// A database error as the driver reports it.
    struct Info(&'static str, Option<&'static str>);

    impl diesel::result::DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.0
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            self.1
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn from_db(kind: DatabaseErrorKind, info: Info) -> ApiError {
        ApiError::from(DieselError::DatabaseError(kind, Box::new(info)))
    }

    #[test]
    fn a_lost_database_is_a_503_with_retry_after_and_a_race_a_409() {
        for message in [
            "connection closed",
            "terminating connection due to administrator command",
            "FATAL: the database system is shutting down",
        ] {
            let e = from_db(DatabaseErrorKind::Unknown, Info(message, None));
            assert_eq!(e.status, StatusCode::SERVICE_UNAVAILABLE, "{message}");
            assert_eq!(e.retry_after, Some(RETRY_AFTER_UNAVAILABLE_SECONDS));
        }
        let other = from_db(
            DatabaseErrorKind::Unknown,
            Info("syntax error at or near", None),
        );
        assert_eq!(other.status, StatusCode::INTERNAL_SERVER_ERROR);
        let race = from_db(
            DatabaseErrorKind::UniqueViolation,
            Info("duplicate key", Some("prospects_one_open_per_customer")),
        );
        assert_eq!(
            (race.status, race.body().error.code.as_str()),
            (StatusCode::CONFLICT, "conflict")
        );
        let known = from_db(
            DatabaseErrorKind::UniqueViolation,
            Info("duplicate key", Some("users_login_key")),
        );
        assert_eq!(known.body().error.field.as_deref(), Some("login"));
    }
}
