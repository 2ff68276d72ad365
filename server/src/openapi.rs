//! The OpenAPI document served at `/api/v1/openapi.json`, for the SPA's authors and for
//! mobile clients. Its paths and schemas come from the routes themselves
//! ([`routes::configure`]); this module adds the title and the bearer scheme.

use std::sync::LazyLock;

use actix_web::{App, HttpResponse};
use utoipa::openapi::header::Header;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::RefOr;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::idempotency;
use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Keyuan API", description = "Showroom traffic and prospect CRM for car dealerships."),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// Documents the replay answer of every operation that takes an `Idempotency-Key`
/// ([`idempotency::IdempotencyKey`] in its `params`), so the five writes do not each spell it out.
struct IdempotentWrites;

impl Modify for IdempotentWrites {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let operations = openapi.paths.paths.values_mut().flat_map(|item| {
            [&mut item.post, &mut item.put, &mut item.patch]
                .into_iter()
                .flatten()
        });
        for operation in operations {
            let keyed = operation
                .parameters
                .iter()
                .flatten()
                .any(|p| p.name == idempotency::HEADER);
            if !keyed {
                continue;
            }
            let responses = &mut operation.responses.responses;
            if let Some(RefOr::T(created)) = responses.get_mut("201") {
                created.description = format!(
                    "created, or a replay of the first answer to this {} (then with the header {}: true)",
                    idempotency::HEADER,
                    idempotency::REPLAYED_HEADER
                );
                let mut replayed = Header::new(ObjectBuilder::new().schema_type(Type::Boolean));
                replayed.description = Some(format!(
                    "`true` when the answer is a replay of the first answer to this {}; absent otherwise",
                    idempotency::HEADER
                ));
                created
                    .headers
                    .insert(idempotency::REPLAYED_HEADER.to_owned(), replayed);
            }
            if let Some(RefOr::T(invalid)) = responses.get_mut("422") {
                invalid.description = format!(
                    "invalid, or `idempotency_key_reused`: this {} was already used for a different request",
                    idempotency::HEADER
                );
            }
        }
    }
}

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
    let (_, mut doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(routes::api())
        .split_for_parts();
    // after the routes' paths are in: `ApiDoc`'s own modifiers run before that
    IdempotentWrites.modify(&mut doc);
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
