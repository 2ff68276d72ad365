use std::time::Duration;

use actix_web::http::header::ContentEncoding;
use actix_web::{get, web, HttpResponse};
use futures_util::{stream, StreamExt};
use keyuan_shared::api::LiveEvent;
use tokio::sync::broadcast::error::RecvError;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::state::AppState;

/// How often an idle stream sends a comment, so proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Server-sent events of the caller's store (`data: {"store_id", "kind", "id"}`); a
/// `resync` event asks the client to refetch because events may have been missed.
#[utoipa::path(tag = "live", security(("bearer" = [])),
    params(("token" = Option<String>, Query, description = "the bearer token, for EventSource which cannot send headers")),
    responses((status = 200, content_type = "text/event-stream", description = "live events")))]
#[get("/events")]
pub async fn events(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    let store_id = caller.own_store()?;
    let receiver = state.events.subscribe();
    let hello = web::Bytes::from_static(b"retry: 2000\n: connected\n\n");
    let updates = stream::unfold(receiver, move |mut receiver| async move {
        loop {
            let message = match tokio::time::timeout(KEEP_ALIVE, receiver.recv()).await {
                Err(_) => Some(": keep-alive\n\n".to_owned()),
                Ok(Ok(event)) if event.store_id == store_id || event.kind == "resync" => {
                    Some(frame(&event))
                }
                Ok(Ok(_)) => None,
                Ok(Err(RecvError::Lagged(_))) => Some(frame(&LiveEvent {
                    store_id,
                    kind: "resync".into(),
                    id: None,
                })),
                Ok(Err(RecvError::Closed)) => return None,
            };
            if let Some(message) = message {
                return Some((
                    Ok::<_, actix_web::Error>(web::Bytes::from(message)),
                    receiver,
                ));
            }
        }
    });
    let body = stream::once(async move { Ok::<_, actix_web::Error>(hello) }).chain(updates);
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        // a compressor would hold events back until its buffer fills
        .insert_header(ContentEncoding::Identity)
        .streaming(body))
}

fn frame(event: &LiveEvent) -> String {
    format!(
        "data: {}\n\n",
        serde_json::to_string(event).unwrap_or_default()
    )
}
