use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::EnvFilter;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        // a request's span closing is its log line: method, path, status, time taken
        .with_span_events(FmtSpan::CLOSE)
        .init();
    let config = keyuan_server::config::Config::from_env()?;
    keyuan_server::run(config).await
}
