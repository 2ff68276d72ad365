//! Thin HTTP handlers: parse, authorise, call a query function, answer.

use actix_web::web;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;

pub mod events;
pub mod health;
pub mod loyalty;
pub mod prospects;
pub mod session;
pub mod stores;
pub mod users;
pub mod vehicle_models;
pub mod visits;

/// Everything under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/health").get(health::health))
        .service(web::resource("/auth/login").post(session::login))
        .service(
            web::resource("/me")
                .get(session::me)
                .patch(session::update_me),
        )
        .service(
            web::resource("/stores")
                .get(stores::list)
                .post(stores::create),
        )
        .service(
            web::resource("/stores/{id}")
                .get(stores::get)
                .patch(stores::update),
        )
        .service(web::resource("/users").get(users::list).post(users::create))
        .service(
            web::resource("/users/{id}")
                .get(users::get)
                .patch(users::update),
        )
        .service(
            web::resource("/vehicle-models")
                .get(vehicle_models::list)
                .post(vehicle_models::create),
        )
        .service(
            web::resource("/vehicle-models/{id}")
                .get(vehicle_models::get)
                .patch(vehicle_models::update),
        )
        .service(
            web::resource("/visits")
                .get(visits::day_log)
                .post(visits::create),
        )
        .service(web::resource("/visits/{id}").patch(visits::update))
        .service(web::resource("/rotation").get(visits::rotation))
        .service(web::resource("/rotation/duty").put(visits::set_duty))
        .service(web::resource("/customers/lookup").get(visits::lookup_customer))
        .service(
            web::resource("/prospects")
                .get(prospects::list)
                .post(prospects::create),
        )
        .service(web::resource("/prospects/reassign").post(prospects::reassign))
        .service(
            web::resource("/prospects/{id}")
                .get(prospects::get)
                .patch(prospects::update),
        )
        .service(web::resource("/prospects/{id}/follow-ups").post(prospects::follow_up))
        .service(web::resource("/prospects/{id}/orders").post(prospects::order))
        .service(web::resource("/prospects/{id}/lost").post(prospects::request_lost))
        .service(web::resource("/orders/{id}/delivery").post(prospects::deliver))
        .service(web::resource("/lost-deals").get(prospects::lost_deals))
        .service(web::resource("/lost-deals/{id}/confirm").post(prospects::confirm_lost))
        .service(web::resource("/lost-deals/{id}/reject").post(prospects::reject_lost))
        .service(web::resource("/my-day").get(prospects::my_day))
        .service(web::resource("/loyalty-contacts").get(loyalty::list))
        .service(web::resource("/loyalty-contacts/report").get(loyalty::report))
        .service(web::resource("/loyalty-contacts/{id}/complete").post(loyalty::complete))
        .service(web::resource("/customers").get(loyalty::search_customers))
        .service(web::resource("/customers/{id}/timeline").get(loyalty::timeline))
        .service(web::resource("/events").get(events::events))
        .service(web::resource("/openapi.json").get(crate::openapi::document))
        .default_service(web::to(no_such_route));
}

async fn no_such_route() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::not_found("API route"))
}

/// `?store_id=` on listings: admins choose a store, everyone else gets their own.
#[derive(Debug, Deserialize, IntoParams)]
pub struct StoreQuery {
    pub store_id: Option<i64>,
}
