//! The one typed client of `/api/v1`. Pages call these methods and never build requests
//! themselves, so the bearer token, error decoding and the "401 means signed out" rule
//! live in one place.

use gloo_net::http::{Method, RequestBuilder};
use keyuan_shared::api::{
    ClosedVisits, CustomerLookup, Delivered, Delivery, DutyChange, ErrorBody, ErrorDetail,
    FollowUp, LoginRequest, LoginResponse, LostDeal, LostDecision, MePatch, MyDay, NewFollowUp,
    NewLostDeal, NewOrder, NewProspect, NewStore, NewUser, NewVehicleModel, NewVisit, Order,
    Prospect, ProspectDetail, ProspectList, ProspectPatch, Reassign, Reassigned, Rotation,
    SessionUser, Store, StorePatch, User, UserPatch, VehicleModel, VehicleModelPatch, Visit,
    VisitLog, VisitPatch,
};
use keyuan_shared::errors;
use keyuan_shared::Grade;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::i18n::{field_label, tr, Key};
use crate::session::Session;
use keyuan_shared::Locale;

mod campaigns;
mod metrics;
pub use metrics::{Export, LostCellPick, ModelPick};

const BASE: &str = "/api/v1";

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server answered with an error body (any 4xx/5xx but a session-ending 401).
    Server { status: u16, detail: ErrorDetail },
    /// The token was refused; the session has been cleared.
    SignedOut,
    /// The request never got an answer.
    Network,
    /// An answer that is not the expected JSON.
    Unexpected { status: u16 },
}

impl ApiError {
    /// The error code the server gave, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Server { detail, .. } => Some(&detail.code),
            _ => None,
        }
    }

    /// The request field at fault, when the server named one.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Server { detail, .. } => detail.field.as_deref(),
            _ => None,
        }
    }

    /// A sentence to show in the user's language: the text of the server's reason code
    /// (a field error names its field first), or the client's own for no answer.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            ApiError::Server { detail, .. } => reason_text(locale, detail),
            ApiError::SignedOut => tr(locale, Key::SessionEnded).to_owned(),
            ApiError::Network => tr(locale, Key::NetworkError).to_owned(),
            _ => tr(locale, Key::UnexpectedError).to_owned(),
        }
    }
}

/// The sentence for a server's refusal in `locale`; a field error starts with the field's
/// name in that language (when the app has one), so "最多100个字符" says which input.
pub fn reason_text(locale: Locale, detail: &ErrorDetail) -> String {
    // a newer server's reason this build cannot say: its English sentence is all we have
    if detail.reason == errors::Reason::Unspecified && !detail.message.is_empty() {
        return detail.message.clone();
    }
    let sentence = errors::render(locale, detail.reason, &detail.params);
    match detail.field.as_deref().and_then(field_label) {
        Some(label) => format!(
            "{}{}{}",
            tr(locale, label),
            tr(locale, Key::FieldSeparator),
            sentence
        ),
        None => sentence,
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The API client. Copy it into closures freely.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    session: Session,
}

pub fn use_api() -> Api {
    expect_context::<Api>()
}

impl Api {
    pub fn new(session: Session) -> Self {
        Api { session }
    }

    // --- auth -----------------------------------------------------------------------

    /// Signs in. A wrong login or password is `ApiError::Server` with code
    /// `invalid_credentials`; it does not touch the current session.
    pub async fn login(self, body: &LoginRequest) -> ApiResult<LoginResponse> {
        self.send(Method::POST, "/auth/login", Some(body), false)
            .await
    }

    pub async fn me(self) -> ApiResult<SessionUser> {
        self.send::<(), _>(Method::GET, "/me", None, true).await
    }

    pub async fn patch_me(self, body: &MePatch) -> ApiResult<SessionUser> {
        self.send(Method::PATCH, "/me", Some(body), true).await
    }

    // --- stores ---------------------------------------------------------------------

    pub async fn stores(self) -> ApiResult<Vec<Store>> {
        self.send::<(), _>(Method::GET, "/stores", None, true).await
    }

    pub async fn create_store(self, body: &NewStore) -> ApiResult<Store> {
        self.send(Method::POST, "/stores", Some(body), true).await
    }

    /// For the store settings screen (cadence, targets) of a coming release.
    #[allow(dead_code)]
    pub async fn patch_store(self, id: i64, body: &StorePatch) -> ApiResult<Store> {
        self.send(Method::PATCH, &format!("/stores/{id}"), Some(body), true)
            .await
    }

    // --- users ----------------------------------------------------------------------

    pub async fn users(self, store_id: Option<i64>) -> ApiResult<Vec<User>> {
        let path = match store_id {
            Some(id) => format!("/users?store_id={id}"),
            None => "/users".to_owned(),
        };
        self.send::<(), _>(Method::GET, &path, None, true).await
    }

    pub async fn create_user(self, body: &NewUser) -> ApiResult<User> {
        self.send(Method::POST, "/users", Some(body), true).await
    }

    pub async fn patch_user(self, id: i64, body: &UserPatch) -> ApiResult<User> {
        self.send(Method::PATCH, &format!("/users/{id}"), Some(body), true)
            .await
    }

    // --- vehicle models -------------------------------------------------------------

    pub async fn vehicle_models(self, store_id: Option<i64>) -> ApiResult<Vec<VehicleModel>> {
        let path = match store_id {
            Some(id) => format!("/vehicle-models?store_id={id}"),
            None => "/vehicle-models".to_owned(),
        };
        self.send::<(), _>(Method::GET, &path, None, true).await
    }

    pub async fn create_vehicle_model(self, body: &NewVehicleModel) -> ApiResult<VehicleModel> {
        self.send(Method::POST, "/vehicle-models", Some(body), true)
            .await
    }

    pub async fn patch_vehicle_model(
        self,
        id: i64,
        body: &VehicleModelPatch,
    ) -> ApiResult<VehicleModel> {
        self.send(
            Method::PATCH,
            &format!("/vehicle-models/{id}"),
            Some(body),
            true,
        )
        .await
    }

    // --- showroom check-in ------------------------------------------------------------

    /// Checks a visitor in. `idempotency_key` is made once per check-in, when the
    /// receptionist taps save, and sent again with every retry: the server answers a
    /// repeat with the first result and never stores the visitor twice.
    pub async fn create_visit(self, body: &NewVisit, idempotency_key: &str) -> ApiResult<Visit> {
        self.send_with(
            Method::POST,
            "/visits",
            Some(body),
            true,
            &[("Idempotency-Key", idempotency_key)],
        )
        .await
    }

    pub async fn patch_visit(self, id: i64, body: &VisitPatch) -> ApiResult<Visit> {
        self.send(Method::PATCH, &format!("/visits/{id}"), Some(body), true)
            .await
    }

    /// Marks today's walk-ins of earlier hours that nobody marked as gone as left.
    pub async fn close_forgotten(self) -> ApiResult<ClosedVisits> {
        self.send::<(), _>(Method::POST, "/visits/close-forgotten", None, true)
            .await
    }

    /// The store-local day's log (`YYYY-MM-DD`), today when `None`.
    pub async fn visits(self, date: Option<&str>) -> ApiResult<VisitLog> {
        let path = match date {
            Some(d) => format!("/visits?date={}", encode(d)),
            None => "/visits".to_owned(),
        };
        self.send::<(), _>(Method::GET, &path, None, true).await
    }

    pub async fn rotation(self) -> ApiResult<Rotation> {
        self.send::<(), _>(Method::GET, "/rotation", None, true)
            .await
    }

    pub async fn set_duty(self, body: &DutyChange) -> ApiResult<Rotation> {
        self.send(Method::PUT, "/rotation/duty", Some(body), true)
            .await
    }

    /// The customer with this number (as typed): `Ok(None)` when there is none yet.
    pub async fn lookup_customer(self, phone: &str) -> ApiResult<Option<CustomerLookup>> {
        let path = format!("/customers/lookup?phone={}", encode(phone));
        match self.send::<(), _>(Method::GET, &path, None, true).await {
            Ok(found) => Ok(Some(found)),
            Err(ApiError::Server { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    // --- prospect cards ---------------------------------------------------------------

    /// The caller's cards (a manager's: the store's), overdue first.
    pub async fn prospects(self, query: &ProspectQuery) -> ApiResult<ProspectList> {
        self.send::<(), _>(Method::GET, &query.path(), None, true)
            .await
    }

    pub async fn prospect(self, id: i64) -> ApiResult<ProspectDetail> {
        self.send::<(), _>(Method::GET, &format!("/prospects/{id}"), None, true)
            .await
    }

    pub async fn create_prospect(self, body: &NewProspect) -> ApiResult<Prospect> {
        self.send(Method::POST, "/prospects", Some(body), true)
            .await
    }

    pub async fn patch_prospect(self, id: i64, body: &ProspectPatch) -> ApiResult<Prospect> {
        self.send(Method::PATCH, &format!("/prospects/{id}"), Some(body), true)
            .await
    }

    pub async fn log_follow_up(self, id: i64, body: &NewFollowUp) -> ApiResult<FollowUp> {
        self.send(
            Method::POST,
            &format!("/prospects/{id}/follow-ups"),
            Some(body),
            true,
        )
        .await
    }

    pub async fn record_order(self, id: i64, body: &NewOrder) -> ApiResult<Order> {
        self.send(
            Method::POST,
            &format!("/prospects/{id}/orders"),
            Some(body),
            true,
        )
        .await
    }

    pub async fn record_delivery(self, order_id: i64, body: &Delivery) -> ApiResult<Delivered> {
        self.send(
            Method::POST,
            &format!("/orders/{order_id}/delivery"),
            Some(body),
            true,
        )
        .await
    }

    pub async fn request_lost(self, id: i64, body: &NewLostDeal) -> ApiResult<LostDeal> {
        self.send(
            Method::POST,
            &format!("/prospects/{id}/lost"),
            Some(body),
            true,
        )
        .await
    }

    /// Lost-deal requests waiting for a manager (a manager's: the store's).
    pub async fn pending_lost_deals(self) -> ApiResult<Vec<LostDeal>> {
        self.send::<(), _>(Method::GET, "/lost-deals?status=pending", None, true)
            .await
    }

    /// Confirms the lost deal (the prospect closes) or sends it back (it reopens).
    pub async fn decide_lost(
        self,
        id: i64,
        confirm: bool,
        body: &LostDecision,
    ) -> ApiResult<LostDeal> {
        let decision = if confirm { "confirm" } else { "reject" };
        self.send(
            Method::POST,
            &format!("/lost-deals/{id}/{decision}"),
            Some(body),
            true,
        )
        .await
    }

    pub async fn reassign(self, body: &Reassign) -> ApiResult<Reassigned> {
        self.send(Method::POST, "/prospects/reassign", Some(body), true)
            .await
    }

    pub async fn my_day(self) -> ApiResult<MyDay> {
        self.send::<(), _>(Method::GET, "/my-day", None, true).await
    }

    /// The address of the live event stream. `EventSource` cannot send headers, so the
    /// token goes in the query.
    pub fn events_url(self) -> Option<String> {
        self.session
            .token()
            .map(|t| format!("{BASE}/events?token={}", encode(&t)))
    }

    // --- plumbing -------------------------------------------------------------------

    /// Sends one request. With `authed`, the bearer token goes along and a 401 answer
    /// ends the session.
    async fn send<B, T>(
        self,
        method: Method,
        path: &str,
        body: Option<&B>,
        authed: bool,
    ) -> ApiResult<T>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        self.send_with(method, path, body, authed, &[]).await
    }

    /// [`Api::send`] with extra request headers.
    async fn send_with<B, T>(
        self,
        method: Method,
        path: &str,
        body: Option<&B>,
        authed: bool,
        headers: &[(&str, &str)],
    ) -> ApiResult<T>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let response = self
            .answer(method, path, body, authed, headers, "application/json")
            .await?;
        let status = response.status();
        response
            .json::<T>()
            .await
            .map_err(|_| ApiError::Unexpected { status })
    }

    /// Sends one request and returns a successful answer as it came; a refusal is
    /// decoded into [`ApiError`] (and a 401 ends the session).
    async fn answer<B>(
        self,
        method: Method,
        path: &str,
        body: Option<&B>,
        authed: bool,
        headers: &[(&str, &str)],
        accept: &str,
    ) -> ApiResult<gloo_net::http::Response>
    where
        B: Serialize + ?Sized,
    {
        let mut builder = RequestBuilder::new(&format!("{BASE}{path}"))
            .method(method)
            .header("Accept", accept);
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        if authed {
            match self.session.token() {
                Some(token) => {
                    builder = builder.header("Authorization", &format!("Bearer {token}"))
                }
                None => return Err(ApiError::SignedOut),
            }
        }
        let request = match body {
            Some(body) => builder
                .json(body)
                .map_err(|_| ApiError::Unexpected { status: 0 })?,
            None => builder
                .build()
                .map_err(|_| ApiError::Unexpected { status: 0 })?,
        };
        let response = request.send().await.map_err(|_| ApiError::Network)?;
        let status = response.status();
        if response.ok() {
            return Ok(response);
        }
        if status == 401 && authed {
            self.session.expire();
            return Err(ApiError::SignedOut);
        }
        match response.json::<ErrorBody>().await {
            Ok(body) => Err(ApiError::Server {
                status,
                detail: body.error,
            }),
            Err(_) => Err(ApiError::Unexpected { status }),
        }
    }
}

/// The filters of `GET /prospects`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProspectQuery {
    pub mine: bool,
    pub grade: Option<Grade>,
    /// Name or phone; a search also finds dormant cards.
    pub q: String,
    pub owner_id: Option<i64>,
}

impl ProspectQuery {
    fn path(&self) -> String {
        let mut params = Vec::new();
        if self.mine {
            params.push("mine=true".to_owned());
        }
        if let Some(g) = self.grade {
            params.push(format!("grade={}", g.as_str()));
        }
        let q = self.q.trim();
        if !q.is_empty() {
            params.push(format!("q={}", encode(q)));
        }
        if let Some(id) = self.owner_id {
            params.push(format!("owner_id={id}"));
        }
        if params.is_empty() {
            "/prospects".to_owned()
        } else {
            format!("/prospects?{}", params.join("&"))
        }
    }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

// ==== Loyalty contacts, customer search and the customer timeline (issue 6) ==========

/// Which part of the loyalty work list (`GET /loyalty-contacts?status=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoyaltyPart {
    /// Due today and overdue, oldest first.
    Open,
    /// Made, newest first.
    Done,
}

impl Api {
    /// The caller's loyalty contacts (a manager's: the store's).
    pub async fn loyalty_contacts(
        self,
        part: LoyaltyPart,
    ) -> ApiResult<keyuan_shared::api::LoyaltyList> {
        let path = match part {
            LoyaltyPart::Open => "/loyalty-contacts",
            LoyaltyPart::Done => "/loyalty-contacts?status=done",
        };
        self.send::<(), _>(Method::GET, path, None, true).await
    }

    /// Records a contact's outcome; `declined` cancels the customer's remaining ones.
    pub async fn complete_loyalty_contact(
        self,
        id: i64,
        body: &keyuan_shared::api::CompleteLoyaltyContact,
    ) -> ApiResult<keyuan_shared::api::LoyaltyCompleted> {
        self.send(
            Method::POST,
            &format!("/loyalty-contacts/{id}/complete"),
            Some(body),
            true,
        )
        .await
    }

    /// Managers: contacts due from `from` to `to` (`YYYY-MM-DD`), by consultant.
    pub async fn loyalty_report(
        self,
        from: &str,
        to: &str,
    ) -> ApiResult<keyuan_shared::api::LoyaltyReport> {
        let path = format!(
            "/loyalty-contacts/report?from={}&to={}",
            encode(from),
            encode(to)
        );
        self.send::<(), _>(Method::GET, &path, None, true).await
    }

    /// The store's customers by part of a name or 3+ digits of a number.
    pub async fn search_customers(
        self,
        q: &str,
    ) -> ApiResult<Vec<keyuan_shared::api::CustomerHit>> {
        let path = format!("/customers?q={}", encode(q.trim()));
        self.send::<(), _>(Method::GET, &path, None, true).await
    }

    /// Everything that happened with one customer, and the contacts ahead.
    pub async fn customer_timeline(self, id: i64) -> ApiResult<keyuan_shared::api::Timeline> {
        self.send::<(), _>(
            Method::GET,
            &format!("/customers/{id}/timeline"),
            None,
            true,
        )
        .await
    }
}
