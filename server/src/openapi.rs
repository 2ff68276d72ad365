//! The OpenAPI document served at `/api/v1/openapi.json`, for the SPA's authors and for
//! mobile clients. Its paths and schemas come from the routes themselves
//! ([`routes::configure`]); this module adds the title and the bearer scheme.

use std::sync::LazyLock;

use actix_web::{App, HttpResponse};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Keyuan API", description = "Showroom traffic and prospect CRM for car dealerships."),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The whole document: [`ApiDoc`]'s info and security scheme, and the paths and schemas of
/// every route `routes::api()` registers (collected by `utoipa-actix-web`).
pub fn api_doc() -> utoipa::openapi::OpenApi {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(routes::api())
        .split_for_parts();
    doc
}

static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(api_doc);

pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(&*DOCUMENT)
}

#[cfg(test)]
mod tests {
    use actix_web::http::{Method, StatusCode};
    use actix_web::test::{call_service, init_service, TestRequest};

    use super::*;

    /// Every API change shows as a reviewed diff of `snapshots/…openapi.snap`; run
    /// `INSTA_UPDATE=always cargo test -p keyuan-server openapi` (or `cargo insta review`)
    /// and commit the new snapshot. With `CI` set a mismatch fails instead.
    #[test]
    fn the_document_is_as_reviewed() {
        insta::assert_json_snapshot!("openapi", api_doc());
    }

    /// Each documented operation reaches a handler of the router built from the same list,
    /// not the 404 for unknown API paths. (The other way round holds by construction:
    /// `utoipa_actix_web`'s `service` takes only handlers with a `#[utoipa::path]`.)
    #[actix_web::test]
    async fn every_documented_operation_is_routed() {
        let app = init_service(App::new().service(routes::api())).await;
        let doc = api_doc();
        let mut operations = 0;
        for (path, item) in &doc.paths.paths {
            assert!(path.starts_with("/api/v1/"), "{path}");
            let methods = [
                (Method::GET, &item.get),
                (Method::POST, &item.post),
                (Method::PUT, &item.put),
                (Method::PATCH, &item.patch),
                (Method::DELETE, &item.delete),
            ];
            for (method, _) in methods.into_iter().filter(|(_, op)| op.is_some()) {
                operations += 1;
                let uri = path.replace("{id}", "1");
                let request = TestRequest::default()
                    .method(method.clone())
                    .uri(&uri)
                    .to_request();
                let response = call_service(&app, request).await;
                assert_ne!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
            }
        }
        assert!(operations >= 41, "{operations} operations");
        // and the test can tell: an unknown path is the 404
        let response = call_service(
            &app,
            TestRequest::get().uri("/api/v1/no-such-route").to_request(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}
