use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use diesel_async::RunQueryDsl;
use keyuan_shared::api::Health;

use crate::state::AppState;

/// Liveness and database reachability; 503 when the database does not answer.
#[utoipa::path(tag = "system",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let check = async {
        let mut conn = state.pool.get().await.ok()?;
        diesel::sql_query("SELECT 1").execute(&mut conn).await.ok()
    };
    let database = matches!(
        tokio::time::timeout(Duration::from_secs(3), check).await,
        Ok(Some(_))
    );
    if database {
        HttpResponse::Ok().json(Health {
            status: "ok".into(),
            database,
        })
    } else {
        // like every 503 of the API: when to ask again
        HttpResponse::ServiceUnavailable()
            .insert_header((
                actix_web::http::header::RETRY_AFTER,
                crate::error::RETRY_AFTER_UNAVAILABLE_SECONDS,
            ))
            .json(Health {
                status: "unavailable".into(),
                database,
            })
    }
}
