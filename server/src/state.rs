use std::sync::Arc;
use std::time::Duration;

use crate::auth::JwtKeys;
use crate::db::DbPool;

/// Shared by every worker; holds nothing a second server instance would need to share.
pub struct AppState {
    pub pool: DbPool,
    pub jwt: Arc<JwtKeys>,
    pub token_ttl: Duration,
}
