//! Checks of the server's answers, and the request bodies most tests start from.
//!
//! An answer is what `TestServer::call` and its shorthands return: the status and the
//! JSON body. Every check shows the body when it fails, since that is where the server
//! says why.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::error_of;

/// Asserts the answer's status and answers its body.
pub fn expect_status(answer: (StatusCode, Value), status: StatusCode) -> Value {
    let (got, body) = answer;
    assert_eq!(got, status, "{body}");
    body
}

/// Asserts a refusal: its status and `error.code`.
pub fn assert_error(answer: &(StatusCode, Value), status: StatusCode, code: &str) {
    let (got, body) = answer;
    assert_eq!((*got, error_of(body).0), (status, code), "{body}");
}

/// Asserts a refusal that names the field it is about: status, `error.code` and
/// `error.field`.
pub fn assert_field_error(
    answer: &(StatusCode, Value),
    status: StatusCode,
    code: &str,
    field: &str,
) {
    let (got, body) = answer;
    assert_eq!(
        (*got, error_of(body)),
        (status, (code, Some(field))),
        "{body}"
    );
}

/// Asserts the answer every validation rule gives: 422 `invalid_field`, naming `field`.
pub fn assert_invalid_field(answer: &(StatusCode, Value), field: &str) {
    assert_field_error(
        answer,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
        field,
    );
}

/// Asserts that `error.message` contains `text` (the server explains a refusal in words
/// the tests check for).
pub fn assert_message_contains(body: &Value, text: &str) {
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(text), "{text:?} in {body}");
}

/// `base` with the fields of `extra` added, or replaced where `base` has them.
pub fn with_fields(base: Value, extra: Value) -> Value {
    let mut body = base;
    body.as_object_mut()
        .expect("an object")
        .extend(extra.as_object().expect("an object").clone());
    body
}

/// A check-in of one walk-in visitor who gives no details, with the fields of `extra`
/// added or replaced: most check-ins in the tests differ from it in a field or two.
pub fn walk_in(extra: Value) -> Value {
    with_fields(
        json!({"kind": "walk_in", "party_size": 1, "source": "walk_in"}),
        extra,
    )
}

/// A new user's body with a password long enough, for `role` in store `store_id`.
pub fn new_user(name: &str, login: &str, role: &str, store_id: impl Into<Value>) -> Value {
    json!({"name": name, "login": login, "password": "long-enough", "role": role, "store_id": store_id.into()})
}

/// The text `field` of each item of the JSON array `list`.
pub fn each_text<'a>(list: &'a Value, field: &str) -> Vec<&'a str> {
    each(list)
        .map(|item| {
            item[field]
                .as_str()
                .unwrap_or_else(|| panic!("{field} in {item}"))
        })
        .collect()
}

/// The whole-number `field` of each item of the JSON array `list`.
pub fn each_number(list: &Value, field: &str) -> Vec<i64> {
    each(list)
        .map(|item| {
            item[field]
                .as_i64()
                .unwrap_or_else(|| panic!("{field} in {item}"))
        })
        .collect()
}

fn each(list: &Value) -> std::slice::Iter<'_, Value> {
    list.as_array()
        .unwrap_or_else(|| panic!("an array: {list}"))
        .iter()
}

/// The item of the JSON array `list` whose `field` is `value` (a consultant's line of a
/// report, a grade's entry); fails naming what is missing.
pub fn item_with<'a>(list: &'a Value, field: &str, value: impl Into<Value>) -> &'a Value {
    let value = value.into();
    each(list)
        .find(|item| item[field] == value)
        .unwrap_or_else(|| panic!("no {field} = {value} in {list}"))
}
