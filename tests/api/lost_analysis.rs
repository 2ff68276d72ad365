//! The lost-deal analysis (战败客户分析表): lost deals asked for and decided through the API
//! come back as the matrix reason × model, only the confirmed ones, on the store-local date
//! of the decision, with the deals behind each cell, for the store's manager only.

use chrono::{Duration, NaiveDate};
use keyuan_tests::answers::{assert_invalid_field, expect_status, new_user};
use keyuan_tests::setups::{create_prospect, lost_and_confirmed, other_store_manager, store_today};
use keyuan_tests::{demo_store_id, store_at_midday, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// `GET /metrics/lost` for one range, as `token`; answers the analysis.
async fn analysis(server: &TestServer, token: &str, from: NaiveDate, to: NaiveDate) -> Value {
    let path = format!("/metrics/lost?from={from}&to={to}");
    expect_status(server.get(&path, token).await, StatusCode::OK)
}

/// `GET /metrics/lost/deals` for one range and `cell` (a query string), as `token`;
/// answers the ids of the lost deals listed, and the list.
async fn behind(
    server: &TestServer,
    token: &str,
    (from, to): (NaiveDate, NaiveDate),
    cell: &str,
) -> (Vec<i64>, Value) {
    let path = format!("/metrics/lost/deals?from={from}&to={to}&{cell}");
    let list = expect_status(server.get(&path, token).await, StatusCode::OK);
    let ids = list
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .map(|d| d["lost_deal_id"].as_i64().unwrap())
        .collect();
    (ids, list)
}

/// A prospect of the caller's (a consultant), interested in `model` (or none).
async fn prospect(
    server: &TestServer,
    token: &str,
    phone: &str,
    name: &str,
    model: Value,
) -> Value {
    let body =
        json!({"phone": phone, "name": name, "source": "outbound", "vehicle_model_id": model});
    create_prospect(server, token, body).await
}

/// Asks for prospect `p` to be closed as lost (`body`: reason and note); answers the request.
async fn ask_lost(server: &TestServer, token: &str, p: &Value, body: Value) -> Value {
    let path = format!("/prospects/{}/lost", p["id"]);
    expect_status(server.post(&path, token, body).await, StatusCode::CREATED)
}

/// The row of `list` whose `field` is `value`.
fn find<'a>(list: &'a Value, field: &str, value: impl Into<Value>) -> &'a Value {
    let value = value.into();
    list.as_array()
        .unwrap()
        .iter()
        .find(|r| r[field] == value)
        .unwrap_or_else(|| panic!("no {field} {value} in {list}"))
}

/// The `(vehicle_model_id, count, share_of_model)` of each cell of a row.
fn cells(row: &Value) -> Vec<(Value, i64, Value)> {
    row["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["vehicle_model_id"].clone(),
                c["count"].as_i64().unwrap(),
                c["share_of_model"].clone(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn confirmed_lost_deals_come_back_as_the_matrix_with_the_deals_behind_each_cell() {
    let server = TestServer::start().await;
    let [manager, wang, liu] = server
        .demo_logins(["manager", "consultant1", "consultant2"])
        .await;
    let models = expect_status(
        server.get("/vehicle-models", &manager).await,
        StatusCode::OK,
    );
    let (m1, m2) = (models[0]["id"].clone(), models[1]["id"].clone());
    store_at_midday(&server).await;
    let today = store_today(&server, &manager).await;
    let range = (today, today);

    // price: two on the first model (one each), one on the second; brand: one on the first;
    // other: one without a model
    let a = prospect(&server, &wang, "13800000001", "张一", m1.clone()).await;
    let a = lost_and_confirmed(&server, &wang, &manager, &a["id"], "price").await;
    let b = prospect(&server, &liu, "13800000002", "李二", m1.clone()).await;
    let b = lost_and_confirmed(&server, &liu, &manager, &b["id"], "price").await;
    let c = prospect(&server, &wang, "13800000003", "王三", m2.clone()).await;
    let c = lost_and_confirmed(&server, &wang, &manager, &c["id"], "price").await;
    let d = prospect(&server, &liu, "13800000004", "赵四", m1.clone()).await;
    let d = lost_and_confirmed(&server, &liu, &manager, &d["id"], "brand").await;
    let e = prospect(&server, &wang, "13800000005", "钱五", Value::Null).await;
    let moved = json!({"reason": "other", "note": "搬去外地"});
    let e = ask_lost(&server, &wang, &e, moved).await;
    let confirm = format!("/lost-deals/{}/confirm", e["id"]);
    expect_status(
        server.post(&confirm, &manager, json!({})).await,
        StatusCode::OK,
    );
    // sent back to the consultant: not lost
    let f = prospect(&server, &wang, "13800000006", "孙六", m2.clone()).await;
    let f = ask_lost(&server, &wang, &f, json!({"reason": "price"})).await;
    let reject = format!("/lost-deals/{}/reject", f["id"]);
    let rejected = server
        .post(&reject, &manager, json!({"comment": "再试驾一次"}))
        .await;
    expect_status(rejected, StatusCode::OK);
    // still waiting for the manager: not lost yet
    let g = prospect(&server, &liu, "13800000007", "周七", m1.clone()).await;
    let g = ask_lost(&server, &liu, &g, json!({"reason": "brand"})).await;

    let m = analysis(&server, &manager, today, today).await;
    assert_eq!(m["from"], today.to_string());
    assert_eq!(m["to"], today.to_string());
    assert_eq!(m["total"], 5, "{m}");

    // columns: the models with a lost deal by name, then the one without a model
    let columns: Vec<(Value, i64)> = m["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["vehicle_model_id"].clone(), c["total"].as_i64().unwrap()))
        .collect();
    let (first, second) = if models[0]["name"].as_str() < models[1]["name"].as_str() {
        ((m1.clone(), 3), (m2.clone(), 1))
    } else {
        ((m2.clone(), 1), (m1.clone(), 3))
    };
    assert_eq!(columns, [first, second, (Value::Null, 1)], "{m}");
    let named = find(&m["models"], "vehicle_model_id", m1.clone());
    assert_eq!(named["name"], models[0]["name"]);
    assert_eq!(m["models"][2]["name"], Value::Null);

    // rows: the reasons with a lost deal, in the form's order
    let reasons: Vec<&str> = m["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["brand", "price", "other"]);
    let cell = |reason: &str, model: &Value| {
        let row = find(&m["reasons"], "reason", reason);
        cells(row)
            .into_iter()
            .find(|(id, ..)| id == model)
            .map(|(_, count, share)| (count, share))
            .unwrap()
    };
    let price = find(&m["reasons"], "reason", "price");
    assert_eq!(
        (&price["group"], &price["total"], &price["share"]),
        (&json!("price"), &json!(3), &json!(0.6))
    );
    assert_eq!(
        price["cells"].as_array().unwrap().len(),
        3,
        "a cell per column"
    );
    assert_eq!(cell("price", &m1), (2, json!(2.0 / 3.0)));
    assert_eq!(cell("price", &m2), (1, json!(1.0)));
    assert_eq!(cell("price", &Value::Null), (0, json!(0.0)));
    assert_eq!(cell("brand", &m1), (1, json!(1.0 / 3.0)));
    assert_eq!(cell("brand", &m2), (0, json!(0.0)));
    let other = find(&m["reasons"], "reason", "other");
    assert_eq!(
        (&other["group"], &other["share"]),
        (&json!("other"), &json!(0.2))
    );
    assert_eq!(cell("other", &Value::Null), (1, json!(1.0)));

    // the groups' subtotals: all five
    let groups: Vec<(&str, i64, Value)> = m["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap(),
                g["total"].as_i64().unwrap(),
                g["share"].clone(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("product", 1, json!(0.2)),
            ("price", 3, json!(0.6)),
            ("salesperson", 0, json!(0.0)),
            ("management", 0, json!(0.0)),
            ("other", 1, json!(0.2)),
        ]
    );

    // behind a cell: exactly its confirmed deals, newest decision first
    let (ids, list) = behind(
        &server,
        &manager,
        range,
        &format!("reason=price&vehicle_model_id={m1}"),
    )
    .await;
    assert_eq!(
        ids,
        [b["id"].as_i64().unwrap(), a["id"].as_i64().unwrap()],
        "{list}"
    );
    assert_eq!(list[0]["customer_name"], "李二");
    assert_eq!(list[0]["customer_phone"], "13800000002");
    assert_eq!(list[0]["consultant_name"], "刘洋");
    assert_eq!(list[0]["reason"], "price");
    assert_eq!(list[0]["prospect_id"], b["prospect_id"]);
    assert_eq!(list[0]["vehicle_model_id"], m1);
    assert!(list[0]["decided_at"].is_string(), "{list}");
    assert_eq!(list[1]["consultant_name"], "王磊");
    let (ids, list) = behind(
        &server,
        &manager,
        range,
        "reason=other&vehicle_model_id=none",
    )
    .await;
    assert_eq!(ids, [e["id"].as_i64().unwrap()]);
    assert_eq!(list[0]["note"], "搬去外地");
    assert_eq!(list[0]["vehicle_model_id"], Value::Null);
    // a model's column, a reason's row and a group's subtotal
    let (ids, _) = behind(&server, &manager, range, &format!("vehicle_model_id={m1}")).await;
    let mut expected = [&a, &b, &d].map(|x| x["id"].as_i64().unwrap());
    expected.reverse();
    assert_eq!(ids, expected, "the pending one is not there");
    let (ids, _) = behind(&server, &manager, range, "group=price").await;
    assert_eq!(
        ids,
        [&c, &b, &a].map(|x| x["id"].as_i64().unwrap()),
        "nor the rejected one"
    );
    let (ids, _) = behind(&server, &manager, range, "reason=brand").await;
    assert_eq!(ids, [d["id"].as_i64().unwrap()]);
    assert!(!ids.contains(&g["id"].as_i64().unwrap()));
    let (ids, _) = behind(
        &server,
        &manager,
        range,
        &format!("reason=brand&vehicle_model_id={m2}"),
    )
    .await;
    assert!(ids.is_empty());
    let (all, _) = behind(&server, &manager, range, "").await;
    assert_eq!(all.len(), 5);
    // the card behind a line opens
    let card = server
        .get(&format!("/prospects/{}", list[0]["prospect_id"]), &manager)
        .await;
    let card = expect_status(card, StatusCode::OK);
    assert_eq!(card["prospect"]["status"], "lost");

    for cell in ["vehicle_model_id=K5", "reason=cheaper", "group=people"] {
        let path = format!("/metrics/lost/deals?from={today}&to={today}&{cell}");
        let (status, body) = server.get(&path, &manager).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{cell}: {body}");
    }
}

#[actix_web::test]
async fn a_deal_decided_today_is_outside_a_range_that_ends_yesterday() {
    let server = TestServer::start().await;
    let [manager, wang] = server.demo_logins(["manager", "consultant1"]).await;
    store_at_midday(&server).await;
    let today = store_today(&server, &manager).await;
    let p = prospect(&server, &wang, "13800000011", "张一", Value::Null).await;
    lost_and_confirmed(&server, &wang, &manager, &p["id"], "slow_follow_up").await;

    let week = today - Duration::days(7);
    let yesterday = today - Duration::days(1);
    let before = analysis(&server, &manager, week, yesterday).await;
    assert_eq!(before["total"], 0, "{before}");
    assert_eq!(before["models"], json!([]));
    assert_eq!(before["reasons"], json!([]));
    assert!(
        before["groups"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["total"] == 0 && g["share"].is_null() && g["cells"] == json!([])),
        "nothing lost: no shares, not 0: {before}"
    );
    let (ids, _) = behind(&server, &manager, (week, yesterday), "").await;
    assert!(ids.is_empty());

    let with_today = analysis(&server, &manager, week, today).await;
    assert_eq!(with_today["total"], 1);
    assert_eq!(with_today["reasons"][0]["reason"], "slow_follow_up");
    assert_eq!(with_today["reasons"][0]["group"], "management");
    assert_eq!(with_today["reasons"][0]["share"], 1.0);
}

#[actix_web::test]
async fn a_deal_decided_late_on_the_last_evening_counts_on_that_day() {
    let server = TestServer::start().await;
    let [admin, manager, wang] = server
        .demo_logins(["admin", "manager", "consultant1"])
        .await;
    let store = demo_store_id(&server, &admin).await;
    let zone = json!({"time_zone": "America/New_York"});
    let moved = server
        .patch(&format!("/stores/{store}"), &admin, zone)
        .await;
    expect_status(moved, StatusCode::OK);
    let p = prospect(&server, &wang, "13800000021", "张一", Value::Null).await;
    let lost = lost_and_confirmed(&server, &wang, &manager, &p["id"], "price").await;
    // the decision is stamped now; move it to 23:30 on 31 October, New York (1 November UTC)
    let mut db = server.db().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "UPDATE lost_deals SET decided_at = '2026-10-31T23:30:00-04:00' WHERE id = {}",
            lost["id"]
        )),
        &mut db,
    )
    .await
    .unwrap();

    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    let october = analysis(&server, &manager, day("2026-10-01"), day("2026-10-31")).await;
    let november = analysis(&server, &manager, day("2026-11-01"), day("2026-11-30")).await;
    assert_eq!(
        (october["total"].as_i64(), november["total"].as_i64()),
        (Some(1), Some(0))
    );
    let (ids, _) = behind(
        &server,
        &manager,
        (day("2026-10-31"), day("2026-10-31")),
        "reason=price",
    )
    .await;
    assert_eq!(ids, [lost["id"].as_i64().unwrap()]);
}

#[actix_web::test]
async fn the_analysis_belongs_to_the_stores_manager_and_the_head_office() {
    let server = TestServer::start().await;
    let [admin, manager, wang] = server
        .demo_logins(["admin", "manager", "consultant1"])
        .await;
    let store = demo_store_id(&server, &admin).await;
    // three days around today: both stores' today, whenever the test runs
    let today = store_today(&server, &manager).await;
    let days = (today - Duration::days(1), today + Duration::days(1));
    let p = prospect(&server, &wang, "13800000031", "张一", Value::Null).await;
    let ours = lost_and_confirmed(&server, &wang, &manager, &p["id"], "price").await;

    // 二店 loses a deal of its own, on a model of its own
    let (other, manager_b) = other_store_manager(&server, &admin).await;
    let model = server
        .post("/vehicle-models", &manager_b, json!({"name": "二店车型"}))
        .await;
    let model = expect_status(model, StatusCode::CREATED);
    let body = new_user(
        "二店顾问",
        "consultant-b",
        "consultant",
        other["id"].clone(),
    );
    expect_status(
        server.post("/users", &admin, body).await,
        StatusCode::CREATED,
    );
    let seller_b = server.login("consultant-b", "long-enough").await;
    let theirs = prospect(
        &server,
        &seller_b,
        "13900000031",
        "二店客户",
        model["id"].clone(),
    )
    .await;
    let theirs = lost_and_confirmed(&server, &seller_b, &manager_b, &theirs["id"], "price").await;

    let range = format!("from={}&to={}", days.0, days.1);
    let get = |token: &str, path: String| {
        let (server, token) = (&server, token.to_owned());
        async move { server.get(&path, &token).await }
    };
    for route in ["/metrics/lost", "/metrics/lost/deals"] {
        let (status, _) = get(&manager_b, format!("{route}?{range}&store_id={store}")).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{route}: another store's manager"
        );
        let (status, _) = get(&wang, format!("{route}?{range}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{route}: a consultant");
        assert_invalid_field(&get(&admin, format!("{route}?{range}")).await, "store_id");
    }

    let mine = expect_status(
        get(&manager, format!("/metrics/lost?{range}")).await,
        StatusCode::OK,
    );
    assert_eq!(
        (&mine["store_id"], &mine["total"]),
        (&json!(store), &json!(1)),
        "{mine}"
    );
    assert_eq!(
        mine["models"],
        json!([{"vehicle_model_id": null, "name": null, "total": 1}])
    );
    let (ids, _) = behind(&server, &manager, days, "").await;
    assert_eq!(ids, [ours["id"].as_i64().unwrap()]);
    let (ids, _) = behind(
        &server,
        &manager,
        days,
        &format!("vehicle_model_id={}", model["id"]),
    )
    .await;
    assert!(ids.is_empty(), "another store's model names none of ours");

    let b = expect_status(
        get(&manager_b, format!("/metrics/lost?{range}")).await,
        StatusCode::OK,
    );
    assert_eq!(
        (&b["store_id"], &b["total"]),
        (&other["id"], &json!(1)),
        "{b}"
    );
    assert_eq!(b["models"][0]["name"], "二店车型");
    let (ids, list) = behind(&server, &manager_b, days, "").await;
    assert_eq!(ids, [theirs["id"].as_i64().unwrap()]);
    assert_eq!(list[0]["customer_name"], "二店客户");

    // the head office names the store
    let chosen = get(
        &admin,
        format!("/metrics/lost?{range}&store_id={}", other["id"]),
    )
    .await;
    assert_eq!(expect_status(chosen, StatusCode::OK)["total"], 1);
    let (status, _) = get(&admin, format!("/metrics/lost?{range}&store_id=999999")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_bad_range_is_refused_naming_its_field() {
    let server = TestServer::start().await;
    let manager = server.demo_login("manager").await;
    for route in ["/metrics/lost", "/metrics/lost/deals"] {
        for (query, field) in [
            ("from=2026-13-01&to=2026-12-31", "from"),
            ("from=2026-02-01&to=2026-01-31", "to"),
            ("from=2020-01-01&to=2023-01-01", "to"),
            ("to=2026-01-31", "from"),
            ("from=2026-01-01", "to"),
        ] {
            let answer = server.get(&format!("{route}?{query}"), &manager).await;
            assert_eq!(
                answer.0,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{route}?{query}: {}",
                answer.1
            );
            assert_invalid_field(&answer, field);
        }
    }
}
