//! Downloads for Excel (导出): a range of the showroom log, the prospects created and the
//! lost deals confirmed, as CSV. Who may download which store, and how the range is read,
//! are the figures' own ([`RangeQuery::store_range`]): a manager their store, an admin the
//! `store_id` they name, nobody else. Everything that can be refused is checked before
//! the first byte, so refusals are the API's usual JSON; the file itself is streamed
//! (`queries::export`).

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use futures_util::{Stream, StreamExt};
use keyuan_shared::api::ErrorBody;
use keyuan_shared::metrics::DateRange;

use super::metrics::RangeQuery;
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::Db;
use crate::queries::export::{self, CsvChunk};

/// `visits.csv`: every visit of the range, oldest first: arrival and departure (store
/// time), kind, party size, source, first visit, customer and phone, model, consultant,
/// test drive, captured, note.
#[utoipa::path(tag = "export", security(("bearer" = [])), params(RangeQuery),
    responses((status = 200, content_type = "text/csv; charset=utf-8",
        description = "UTF-8 CSV with a BOM; headers in the caller's language, times in the store's zone"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/export/visits.csv")]
pub async fn visits_csv(
    caller: Caller,
    mut db: Db,
    query: Query<RangeQuery>,
) -> ApiResult<HttpResponse> {
    let (store_id, range) = query.store_range(&caller, &mut db).await?;
    let body = export::visits(db, caller.id, store_id, range).await?;
    Ok(download("visits", range, body))
}

/// `prospects.csv`: the cards created in the range, oldest first: created, customer and
/// phone, owner, grade, status, source, model, next follow-up, last contact, note.
#[utoipa::path(tag = "export", security(("bearer" = [])), params(RangeQuery),
    responses((status = 200, content_type = "text/csv; charset=utf-8",
        description = "UTF-8 CSV with a BOM; headers in the caller's language, times in the store's zone"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/export/prospects.csv")]
pub async fn prospects_csv(
    caller: Caller,
    mut db: Db,
    query: Query<RangeQuery>,
) -> ApiResult<HttpResponse> {
    let (store_id, range) = query.store_range(&caller, &mut db).await?;
    let body = export::prospects(db, caller.id, store_id, range).await?;
    Ok(download("prospects", range, body))
}

/// `lost.csv`: the lost deals confirmed in the range, oldest first: confirmed, customer
/// and phone, owner, model, reason group, reason, note, requested, confirmed by.
#[utoipa::path(tag = "export", security(("bearer" = [])), params(RangeQuery),
    responses((status = 200, content_type = "text/csv; charset=utf-8",
        description = "UTF-8 CSV with a BOM; headers in the caller's language, times in the store's zone"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/export/lost.csv")]
pub async fn lost_csv(
    caller: Caller,
    mut db: Db,
    query: Query<RangeQuery>,
) -> ApiResult<HttpResponse> {
    let (store_id, range) = query.store_range(&caller, &mut db).await?;
    let body = export::lost(db, caller.id, store_id, range).await?;
    Ok(download("lost", range, body))
}

/// The 200 of a download: `name-FROM-TO.csv`, streamed.
fn download(
    name: &str,
    range: DateRange,
    body: impl Stream<Item = CsvChunk> + 'static,
) -> HttpResponse {
    let filename = format!("{name}-{}-{}.csv", range.from, range.to);
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(body.map(|chunk| {
            chunk.map_err(|e| {
                // the status is sent: all that is left is to cut the download short
                tracing::error!(error = %e, "export failed midway");
                actix_web::Error::from(e)
            })
        }))
}
