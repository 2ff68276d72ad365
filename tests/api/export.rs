//! The exports for Excel: a UTF-8 file with a BOM, headers in the user's language, the
//! store's own times and the Chinese intact; for the store's manager (and the head
//! office) only, refusals answered as JSON before any file starts.

use keyuan_tests::answers::{assert_invalid_field, expect_status, walk_in};
use keyuan_tests::setups::{
    check_in, lost_and_confirmed, other_store_manager, outbound_prospect, store_today,
};
use keyuan_tests::{demo_store_id, TestServer};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::{json, Value};

const BOM: &[u8] = b"\xEF\xBB\xBF";

const VISIT_HEADERS_ZH: [&str; 14] = [
    "到店时间",
    "离店时间",
    "类型",
    "人数",
    "客源渠道",
    "活动",
    "首次到店",
    "客户姓名",
    "电话",
    "意向车型",
    "销售顾问",
    "试驾",
    "留档",
    "备注",
];

const VISIT_HEADERS_EN: [&str; 14] = [
    "Arrived",
    "Left",
    "Kind",
    "Party size",
    "Source",
    "Campaign",
    "First visit",
    "Customer",
    "Phone",
    "Model",
    "Consultant",
    "Test drive",
    "Captured",
    "Note",
];

/// `GET /api/v1/export/{file}?{query}` as `token`: the status, the headers and the raw bytes.
async fn download(
    server: &TestServer,
    token: &str,
    file: &str,
    query: &str,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = reqwest::Client::new()
        .get(server.url(&format!("/api/v1/export/{file}?{query}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("request reaches the server");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("the whole file").to_vec();
    (status, headers, bytes)
}

/// A refused download, as the JSON answer the other checks read.
async fn refused(server: &TestServer, token: &str, file: &str, query: &str) -> (StatusCode, Value) {
    let (status, headers, bytes) = download(server, token, file, query).await;
    assert!(status.is_client_error(), "{file}?{query}: {status}");
    let content_type = headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    (
        status,
        serde_json::from_slice(&bytes).expect("a JSON refusal"),
    )
}

/// The file's records, the header row first: it must open with the BOM, and every record
/// must have as many cells as the header.
fn records(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(
        bytes.starts_with(BOM),
        "no BOM: {:?}",
        &bytes[..bytes.len().min(8)]
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[BOM.len()..]);
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
        .collect();
    let width = records.first().expect("a header row").len();
    for record in &records {
        assert_eq!(record.len(), width, "{record:?}");
    }
    records
}

/// The downloaded file's records, after checking the answer is a CSV attachment named
/// `name`.
async fn csv_file(
    server: &TestServer,
    token: &str,
    file: &str,
    query: &str,
    name: &str,
) -> Vec<Vec<String>> {
    let (status, headers, bytes) = download(server, token, file, query).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment") && disposition.contains(name),
        "{disposition}"
    );
    records(&bytes)
}

#[actix_web::test]
async fn visits_csv_opens_in_excel_with_chinese_intact_and_store_times() {
    let server = TestServer::start().await;
    let [reception, manager] = server.demo_logins(["reception", "manager"]).await;
    // Shanghai (the demo store): 23:30 on the 20th is 15:30 UTC, and 07:30 on the 21st
    // is still the 20th in UTC
    let note = "看了汉兰达, 说\"下周\"带家人来";
    check_in(
        &server,
        &reception,
        walk_in(json!({"phone": "13800138000", "name": "张伟", "note": note,
            "arrived_at": "2026-11-20T23:30:00+08:00", "left_at": "2026-11-20T23:55:00+08:00"})),
    )
    .await;
    check_in(
        &server,
        &reception,
        walk_in(json!({"arrived_at": "2026-11-21T07:30:00+08:00"})),
    )
    .await;

    let range = "from=2026-11-20&to=2026-11-20";
    let name = "visits-2026-11-20-2026-11-20.csv";
    let file = csv_file(&server, &manager, "visits.csv", range, name).await;
    assert_eq!(file[0], VISIT_HEADERS_ZH, "headers in the user's language");
    assert_eq!(
        file.len(),
        2,
        "the header and the 20th's one visit: {file:?}"
    );
    let visit = &file[1];
    assert_eq!(visit[0], "2026-11-20 23:30", "store time, not UTC");
    assert_eq!(visit[1], "2026-11-20 23:55");
    assert_eq!(
        (visit[2].as_str(), visit[3].as_str(), visit[4].as_str()),
        ("walk_in", "1", "walk_in")
    );
    assert_eq!(visit[5], "", "no campaign");
    assert_eq!(visit[6], "是");
    assert_eq!(visit[7], "张伟");
    assert_eq!(visit[8], "13800138000", "the number as stored");
    assert!(
        !visit[10].is_empty(),
        "the rotation's consultant: {visit:?}"
    );
    assert_eq!((visit[11].as_str(), visit[12].as_str()), ("否", "是"));
    assert_eq!(visit[13], note, "comma and quotes survive");

    let next_day = csv_file(
        &server,
        &manager,
        "visits.csv",
        "from=2026-11-21&to=2026-11-21",
        "visits-2026-11-21-2026-11-21.csv",
    )
    .await;
    assert_eq!(next_day.len(), 2, "07:30 belongs to the 21st: {next_day:?}");
    assert_eq!(next_day[1][0], "2026-11-21 07:30");
    assert_eq!(next_day[1][7], "", "a visitor who left no name");

    // the manager switches the interface to English: so do the headers and yes/no
    let me = server.patch("/me", &manager, json!({"locale": "en"})).await;
    expect_status(me, StatusCode::OK);
    let english = csv_file(&server, &manager, "visits.csv", range, name).await;
    assert_eq!(english[0], VISIT_HEADERS_EN);
    assert_eq!(english[1][6], "yes");
    assert_eq!(english[1][7], "张伟", "the data stays as entered");
}

#[actix_web::test]
async fn prospects_and_lost_deals_of_the_range() {
    let server = TestServer::start().await;
    let [manager, consultant] = server.demo_logins(["manager", "consultant1"]).await;
    outbound_prospect(&server, &consultant, "13900139000", "刘洋").await;
    let lost = outbound_prospect(&server, &consultant, "13700137000", "王芳").await;
    lost_and_confirmed(&server, &consultant, &manager, &lost["id"], "price").await;
    let today = store_today(&server, &manager).await;
    let range = format!("from={today}&to={today}");

    let name = format!("prospects-{today}-{today}.csv");
    let prospects = csv_file(&server, &manager, "prospects.csv", &range, &name).await;
    assert_eq!(
        prospects[0],
        [
            "建档时间",
            "客户姓名",
            "电话",
            "销售顾问",
            "意向级别",
            "状态",
            "客源渠道",
            "意向车型",
            "下次跟进日期",
            "最近联系时间",
            "备注"
        ]
    );
    assert_eq!(prospects.len(), 3, "{prospects:?}");
    let card = |name: &str| {
        prospects
            .iter()
            .find(|r| r[1] == name)
            .unwrap_or_else(|| panic!("no {name} in {prospects:?}"))
    };
    let liu = card("刘洋");
    assert!(liu[0].starts_with(&today.to_string()), "{liu:?}");
    assert_eq!(liu[0].len(), "2026-11-20 23:30".len());
    assert_eq!(
        (
            liu[2].as_str(),
            liu[3].as_str(),
            liu[5].as_str(),
            liu[6].as_str()
        ),
        ("13900139000", "王磊", "active", "outbound")
    );
    assert_eq!(card("王芳")[5], "lost");

    let name = format!("lost-{today}-{today}.csv");
    let lost = csv_file(&server, &manager, "lost.csv", &range, &name).await;
    assert_eq!(
        lost[0],
        [
            "确认时间",
            "客户姓名",
            "电话",
            "销售顾问",
            "意向车型",
            "原因类别",
            "战败原因",
            "说明",
            "申请时间",
            "确认人"
        ]
    );
    assert_eq!(lost.len(), 2, "{lost:?}");
    let deal = &lost[1];
    assert!(deal[0].starts_with(&today.to_string()), "{deal:?}");
    assert_eq!(
        (deal[1].as_str(), deal[2].as_str(), deal[3].as_str()),
        ("王芳", "13700137000", "王磊")
    );
    assert_eq!((deal[5].as_str(), deal[6].as_str()), ("price", "price"));
    assert_eq!(deal[9], "赵敏", "the manager who confirmed it");

    // an empty range is a file with its header only
    let empty = csv_file(
        &server,
        &manager,
        "lost.csv",
        "from=2026-01-01&to=2026-01-31",
        "lost-2026-01-01-2026-01-31.csv",
    )
    .await;
    assert_eq!(empty.len(), 1);
}

#[actix_web::test]
async fn exports_belong_to_the_stores_manager_and_the_head_office() {
    let server = TestServer::start().await;
    let [admin, consultant, reception] = server
        .demo_logins(["admin", "consultant1", "reception"])
        .await;
    let store = demo_store_id(&server, &admin).await;
    let (_, manager_b) = other_store_manager(&server, &admin).await;
    let range = "from=2026-11-01&to=2026-11-30";

    for file in ["visits.csv", "prospects.csv", "lost.csv"] {
        for token in [&consultant, &reception] {
            let (status, _) = refused(&server, token, file, range).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{file}");
        }
        let other_store = format!("{range}&store_id={store}");
        let (status, _) = refused(&server, &manager_b, file, &other_store).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "another store's manager: {file}"
        );
        assert_invalid_field(&refused(&server, &admin, file, range).await, "store_id");
        let (status, _) = refused(&server, &admin, file, &format!("{range}&store_id=999999")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{file}");
        let (status, _, bytes) = download(&server, &admin, file, &other_store).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "the head office names a store: {file}"
        );
        assert_eq!(records(&bytes).len(), 1, "nothing in November: {file}");
        let (status, _, _) = download(&server, &manager_b, file, range).await;
        assert_eq!(status, StatusCode::OK, "a manager's own store: {file}");
    }
}

#[actix_web::test]
async fn a_bad_range_is_refused_naming_its_field() {
    let server = TestServer::start().await;
    let manager = server.demo_login("manager").await;
    for file in ["visits.csv", "prospects.csv", "lost.csv"] {
        for (query, field) in [
            ("from=2026-13-01&to=2026-12-31", "from"),
            ("from=2026-02-01&to=2026-01-31", "to"),
            ("from=2020-01-01&to=2023-01-01", "to"),
            ("to=2026-01-31", "from"),
            ("from=2026-01-01", "to"),
        ] {
            assert_invalid_field(&refused(&server, &manager, file, query).await, field);
        }
    }
}

#[actix_web::test]
async fn a_long_range_comes_whole_and_in_order() {
    let server = TestServer::start().await;
    let manager = server.demo_login("manager").await;
    use diesel_async::RunQueryDsl;
    // more visits than one chunk of the body holds (500 rows), every three hours
    let mut db = server.db().await;
    diesel::sql_query(
        "INSERT INTO visits (store_id, kind, party_size, source, arrived_at, first_visit, note, created_by) \
         SELECT u.store_id, 'walk_in', 1, 'walk_in', '2026-06-01 00:00+08'::timestamptz + g * interval '3 hours', \
         false, '第' || g || '位', u.id FROM users u, generate_series(0, 1200) g WHERE u.login = 'reception'",
    )
    .execute(&mut db)
    .await
    .unwrap();
    let file = csv_file(
        &server,
        &manager,
        "visits.csv",
        "from=2026-06-01&to=2026-12-31",
        "visits-2026-06-01-2026-12-31.csv",
    )
    .await;
    assert_eq!(file.len(), 1 + 1201);
    assert_eq!(
        (file[1][0].as_str(), file[1][13].as_str()),
        ("2026-06-01 00:00", "第0位")
    );
    assert_eq!(file[1201][13], "第1200位");
    assert_eq!(file[1201][0], "2026-10-29 00:00", "1,200 × 3 hours later");
}
