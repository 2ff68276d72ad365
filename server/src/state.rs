use std::sync::Arc;
use std::time::Duration;

use keyuan_shared::api::LiveEvent;
use tokio::sync::broadcast;

use crate::auth::JwtKeys;
use crate::db::DbPool;

/// Shared by every worker; holds nothing a second server instance would need to share.
pub struct AppState {
    pub pool: DbPool,
    pub jwt: Arc<JwtKeys>,
    pub token_ttl: Duration,
    /// Every store's live events, as this process's listener receives them.
    pub events: broadcast::Sender<LiveEvent>,
}
