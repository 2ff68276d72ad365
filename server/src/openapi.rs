//! The OpenAPI document served at `/api/v1/openapi.json`, for the SPA's authors and for
//! mobile clients.

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Keyuan API", description = "Showroom traffic and prospect CRM for car dealerships."),
    paths(
        routes::health::health,
        routes::session::login, routes::session::me, routes::session::update_me,
        routes::stores::list, routes::stores::get, routes::stores::create, routes::stores::update,
        routes::users::list, routes::users::get, routes::users::create, routes::users::update,
        routes::vehicle_models::list, routes::vehicle_models::get, routes::vehicle_models::create, routes::vehicle_models::update,
        routes::visits::create, routes::visits::update, routes::visits::day_log, routes::visits::rotation, routes::visits::set_duty,
        routes::visits::lookup_customer, routes::events::events,
        routes::prospects::list, routes::prospects::create, routes::prospects::get, routes::prospects::update,
        routes::prospects::follow_up, routes::prospects::order, routes::prospects::deliver, routes::prospects::request_lost,
        routes::prospects::lost_deals, routes::prospects::confirm_lost, routes::prospects::reject_lost,
        routes::prospects::reassign, routes::prospects::my_day,
        routes::loyalty::list, routes::loyalty::complete, routes::loyalty::report,
        routes::loyalty::search_customers, routes::loyalty::timeline,
    ),
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

pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
