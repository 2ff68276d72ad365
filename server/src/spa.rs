//! Serves the built SPA. Any path that is not a file gets `index.html`, so the app's
//! own router handles deep links and reloads (history mode).

use std::path::PathBuf;

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, HttpServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::HttpResponse;

pub fn service(app_dir: PathBuf) -> impl HttpServiceFactory {
    let index = app_dir.join("index.html");
    Files::new("/", &app_dir).index_file("index.html").prefer_utf8(true).default_handler(fn_service(move |req: ServiceRequest| {
        let index = index.clone();
        async move {
            let (req, _) = req.into_parts();
            let response = match NamedFile::open_async(&index).await {
                Ok(file) => {
                    let mut response = file.into_response(&req);
                    // the shell must be re-read so a new release's hashed assets are picked up
                    response.headers_mut().insert(actix_web::http::header::CACHE_CONTROL, CacheControl(vec![CacheDirective::NoCache]).to_string().parse().expect("static header"));
                    response
                }
                Err(_) => HttpResponse::ServiceUnavailable()
                    .content_type("text/plain; charset=utf-8")
                    .body("The Keyuan app has not been built yet: run ./run.sh (or `trunk build --release` in app/)."),
            };
            Ok(ServiceResponse::new(req, response))
        }
    }))
}
