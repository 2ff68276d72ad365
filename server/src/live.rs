//! Live events. Writers `NOTIFY` inside their transaction (delivered on commit); every
//! server process LISTENs on one connection and fans the events out to its SSE clients,
//! so several stateless servers behind a load balancer stay in step.

use std::time::Duration;

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::StreamExt;
use keyuan_shared::api::LiveEvent;
use tokio::sync::broadcast;

use crate::error::ApiResult;

pub const CHANNEL: &str = "keyuan_events";

/// Queues `event` for delivery when the surrounding transaction commits.
pub async fn notify(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    kind: &str,
    id: Option<i64>,
) -> ApiResult<()> {
    let payload = serde_json::to_string(&LiveEvent {
        store_id,
        kind: kind.to_owned(),
        id,
    })
    .map_err(crate::error::ApiError::internal)?;
    diesel::sql_query("SELECT pg_notify($1, $2)")
        .bind::<diesel::sql_types::Text, _>(CHANNEL)
        .bind::<diesel::sql_types::Text, _>(payload)
        .execute(conn)
        .await?;
    Ok(())
}

/// Starts the listener on the current (actix) runtime; subscribers get every store's
/// events and filter their own.
pub fn start_listener(database_url: String) -> broadcast::Sender<LiveEvent> {
    let (sender, _) = broadcast::channel(256);
    let tx = sender.clone();
    actix_web::rt::spawn(async move {
        loop {
            if let Err(e) = listen(&database_url, &tx).await {
                tracing::warn!(error = %e, "live events: listener lost its connection; reconnecting");
            }
            // clients refetch after a gap, in case they missed something meanwhile
            let _ = tx.send(LiveEvent {
                store_id: 0,
                kind: "resync".into(),
                id: None,
            });
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    sender
}

async fn listen(database_url: &str, tx: &broadcast::Sender<LiveEvent>) -> anyhow::Result<()> {
    let mut conn = AsyncPgConnection::establish(database_url).await?;
    diesel::sql_query(format!("LISTEN {CHANNEL}"))
        .execute(&mut conn)
        .await?;
    let mut notifications = std::pin::pin!(conn.notifications_stream());
    while let Some(notification) = notifications.next().await {
        let notification = notification?;
        match serde_json::from_str::<LiveEvent>(&notification.payload) {
            Ok(event) => {
                let _ = tx.send(event); // no subscribers is fine
            }
            Err(e) => tracing::warn!(error = %e, "live events: unreadable payload"),
        }
    }
    anyhow::bail!("notification stream ended")
}
