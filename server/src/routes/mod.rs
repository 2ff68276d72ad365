//! Thin HTTP handlers: parse, authorise, call a query function, answer.

use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::web;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::scope::Scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::{ApiError, ApiResult};
use keyuan_shared::errors::Reason;

pub mod campaigns;
pub mod events;
pub mod export;
pub mod health;
pub mod loyalty;
pub mod metrics;
pub mod plan;
pub mod prospects;
pub mod session;
pub mod stores;
pub mod users;
pub mod vehicle_models;
pub mod visits;
pub mod weekly;

/// `/api/v1` and every route of [`configure`]: mounted by `crate::app` and read by
/// `crate::openapi`, so what is routed is what is documented.
pub fn api() -> Scope<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    utoipa_actix_web::scope("/api/v1").configure(configure)
}

/// The one list of the API's routes. Each handler carries its route (`#[get("/visits")]`,
/// relative to `/api/v1`) and its documentation (`#[utoipa::path(...)]`), so `service`
/// both routes it and puts it in the OpenAPI document. Order matters where patterns
/// overlap: `/prospects/reassign` comes before `/prospects/{id}`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::health)
        .service(session::login)
        .service(session::me)
        .service(session::update_me)
        .service(stores::list)
        .service(stores::create)
        .service(stores::get)
        .service(stores::update)
        .service(users::list)
        .service(users::create)
        .service(users::get)
        .service(users::update)
        .service(vehicle_models::list)
        .service(vehicle_models::create)
        .service(vehicle_models::get)
        .service(vehicle_models::update)
        .service(visits::day_log)
        .service(visits::create)
        .service(visits::update)
        .service(visits::close_forgotten)
        .service(visits::rotation)
        .service(visits::set_duty)
        .service(visits::lookup_customer)
        .service(prospects::list)
        .service(prospects::create)
        .service(prospects::reassign)
        .service(prospects::get)
        .service(prospects::update)
        .service(prospects::follow_up)
        .service(prospects::order)
        .service(prospects::request_lost)
        .service(prospects::deliver)
        .service(prospects::lost_deals)
        .service(prospects::confirm_lost)
        .service(prospects::reject_lost)
        .service(prospects::my_day)
        .service(loyalty::list)
        .service(loyalty::report)
        .service(loyalty::complete)
        .service(loyalty::search_customers)
        .service(loyalty::timeline)
        .service(metrics::showroom)
        .service(metrics::stores)
        .service(metrics::lost_analysis)
        .service(metrics::lost_analysis_deals)
        .service(metrics::honesty)
        .service(metrics::activity)
        .service(metrics::calibration)
        .service(metrics::forecast)
        .service(plan::prospect_plan_for)
        .service(weekly::save_targets)
        .service(weekly::weekly_plan)
        .service(campaigns::list)
        .service(campaigns::create)
        .service(campaigns::update)
        .service(campaigns::report)
        .service(export::visits_csv)
        .service(export::prospects_csv)
        .service(export::lost_csv)
        .service(events::events)
        // not in the document: the document itself, and the 404 for unknown API paths
        .map(|cfg| cfg.service(web::resource("/openapi.json").get(crate::openapi::document)))
        .default_service(web::to(no_such_route));
}

async fn no_such_route() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::new(
        actix_web::http::StatusCode::NOT_FOUND,
        "not_found",
        Reason::NoSuchRoute,
    ))
}

/// `?store_id=` on listings: admins choose a store, everyone else gets their own.
#[derive(Debug, Deserialize, IntoParams)]
pub struct StoreQuery {
    pub store_id: Option<i64>,
}

/// What a reading or updating handler answers: 200 with the JSON of `T`.
pub type Reply<T> = ApiResult<actix_web::web::Json<T>>;

/// What a creating handler answers: 201 with the created object (or a replay of it).
pub type Created = ApiResult<actix_web::HttpResponse>;
