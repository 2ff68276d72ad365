use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{encode, EncodingKey, Header};
use keyuan_tests::answers::{assert_error, assert_invalid_field, expect_status};
use keyuan_tests::{error_of, TestServer, TEST_JWT_SECRET};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn each_demo_user_signs_in_and_reads_themselves() {
    let server = TestServer::start().await;
    for (login, role) in [
        ("admin", "admin"),
        ("manager", "manager"),
        ("reception", "receptionist"),
        ("consultant1", "consultant"),
    ] {
        let token = server.demo_login(login).await;
        let (status, me) = server.get("/me", &token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            (me["login"].as_str(), me["role"].as_str()),
            (Some(login), Some(role))
        );
        assert_eq!(me["store_id"].is_null(), role == "admin");
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_login_get_the_same_answer() {
    let server = TestServer::start().await;
    let (s1, wrong_password) = server.try_login("manager", "not-the-password").await;
    let (s2, unknown_login) = server.try_login("nobody", "keyuan-demo").await;
    assert_eq!(
        (s1, s2),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(wrong_password, unknown_login);
    assert_eq!(error_of(&wrong_password).0, "invalid_credentials");
    // logins are case-insensitive and trimmed, as people type them on a tablet
    let (status, _) = server.try_login(" Manager ", "keyuan-demo").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn five_wrong_passwords_lock_a_login_until_the_wait_ends_or_a_manager_sets_a_new_one() {
    let server = TestServer::start().await;
    let manager = server.demo_login("manager").await;
    for _ in 0..4 {
        let answer = server.try_login("consultant1", "guess").await;
        assert_error(&answer, StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    // the fifth locks it, and then even the right password waits
    let answer = server.try_login("consultant1", "guess").await;
    assert_error(&answer, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
    let body = answer.1;
    let wait = body["error"]["retry_after"].as_u64().unwrap();
    assert!((890..=900).contains(&wait), "{wait}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("15 minute"));
    let (status, _) = server.try_login("consultant1", "keyuan-demo").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // other logins are not affected; a name that does not exist is locked the same way
    server.demo_login("consultant2").await;
    for _ in 0..4 {
        server.try_login("nobody", "guess").await;
    }
    let (status, _) = server.try_login("nobody", "guess").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    // a right password forgets the wrong ones before it
    for _ in 0..4 {
        server.try_login("consultant2", "guess").await;
    }
    server.demo_login("consultant2").await;
    let (status, _) = server.try_login("consultant2", "guess").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // when the 15 minutes are over, the right password works again
    let mut db = server.db().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(
            "UPDATE sign_in_failures SET locked_until = now() - interval '1 second', \
             first_failed_at = now() - interval '16 minutes' WHERE login = 'nobody'",
        ),
        &mut db,
    )
    .await
    .unwrap();
    let (status, _) = server.try_login("nobody", "guess").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a new run of wrong passwords"
    );

    // or sooner: the manager sets a new password
    let wang = server.user_id(&manager, "consultant1").await;
    let new_password = json!({"password": "a-new-password"});
    let changed = server
        .patch(&format!("/users/{wang}"), &manager, new_password)
        .await;
    expect_status(changed, StatusCode::OK);
    server.login("consultant1", "a-new-password").await;
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_and_its_token_stops_working() {
    let server = TestServer::start().await;
    let [admin, consultant] = server.demo_logins(["admin", "consultant1"]).await;
    let (_, me) = server.get("/me", &consultant).await;
    let disable = json!({"active": false});
    let (status, _) = server
        .patch(&format!("/users/{}", me["id"]), &admin, disable)
        .await;
    assert_eq!(status, StatusCode::OK);
    let answer = server.get("/me", &consultant).await;
    assert_error(&answer, StatusCode::UNAUTHORIZED, "unauthorized");
    let answer = server.try_login("consultant1", "keyuan-demo").await;
    assert_error(&answer, StatusCode::UNAUTHORIZED, "account_disabled");
}

fn token_with(secret: &str, claims: serde_json::Value) -> String {
    encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

#[tokio::test]
async fn forged_unsigned_expired_and_missing_tokens_get_401() {
    let server = TestServer::start().await;
    let now = chrono::Utc::now().timestamp();
    let admin_claims =
        json!({"sub": "1", "role": "admin", "store_id": null, "iat": now, "exp": now + 3600});
    let forged = token_with(
        "some-other-secret-that-is-long-enough",
        admin_claims.clone(),
    );
    // alg "none": header and claims, no signature
    let b64 = |v: serde_json::Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(&v).unwrap());
    let unsigned = format!(
        "{}.{}.",
        b64(json!({"alg": "none", "typ": "JWT"})),
        b64(admin_claims.clone())
    );
    let expired = token_with(
        TEST_JWT_SECRET,
        json!({"sub": "1", "role": "admin", "store_id": null, "iat": now - 7200, "exp": now - 3600}),
    );
    let valid = token_with(TEST_JWT_SECRET, admin_claims);

    for (token, code) in [
        (forged.as_str(), "unauthorized"),
        (unsigned.as_str(), "unauthorized"),
        (expired.as_str(), "token_expired"),
        ("garbage", "unauthorized"),
    ] {
        let (status, body) = server.get("/stores", token).await;
        assert_eq!(
            (status, error_of(&body).0),
            (StatusCode::UNAUTHORIZED, code),
            "token {token}"
        );
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("sign in"),
            "{body}"
        );
    }
    let (status, _) = server.call(Method::GET, "/stores", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = server.get("/stores", &valid).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a correctly signed token works, so the 401s above are about the tokens"
    );
}

#[tokio::test]
async fn the_interface_language_is_kept_per_user() {
    let server = TestServer::start().await;
    let token = server.demo_login("reception").await;
    let (status, me) = server.patch("/me", &token, json!({"locale": "en"})).await;
    assert_eq!(
        (status, me["locale"].as_str()),
        (StatusCode::OK, Some("en"))
    );
    let (_, me) = server.get("/me", &token).await;
    assert_eq!(me["locale"], "en");
    let french = server.patch("/me", &token, json!({"locale": "fr"})).await;
    assert_invalid_field(&french, "locale");
}
