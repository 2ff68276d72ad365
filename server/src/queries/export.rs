//! The store's exports (`GET /export/*.csv`): a range of the showroom log, the prospects
//! created and the lost deals confirmed, as CSV for Excel.
//!
//! Each export is one table of columns ([`VISIT_COLUMNS`], [`PROSPECT_COLUMNS`],
//! [`LOST_COLUMNS`]): a column's key, its header in both languages and how a row's cell
//! is written, so headers and cells cannot drift apart. The file starts with a UTF-8 BOM
//! (without one Excel reads the Chinese as mojibake), its headers are in the caller's
//! language and its times are the store's wall-clock times, `YYYY-MM-DD HH:MM`. Enum
//! values are their stable API spellings (`walk_in`): the readable labels live in the app.
//!
//! Rows are streamed from the database, [`BATCH_ROWS`] to a chunk of the response: the
//! query's rows stay in PostgreSQL until the client reads on (tokio-postgres stops reading
//! the socket while its row channel is full), so a year of a busy store is never held in
//! memory. The pooled connection travels with the stream and goes back to the pool when
//! the download ends or is abandoned.

use std::ops::DerefMut;

use actix_web::web::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use futures_util::{stream, Stream, StreamExt};
use keyuan_shared::api::{Prospect, Visit};
use keyuan_shared::metrics::DateRange;
use keyuan_shared::{Locale, LostDealStatus, LostReason};

use crate::error::{ApiError, ApiResult};
use crate::queries::prospects::ProspectView;
use crate::queries::scope::{store_day, StoreDay};
use crate::queries::sql::{prospect_view, VisitView, VISIT_VIEW};
use crate::schema::users;
use crate::time::day_bounds;

/// What Excel needs at the start of a CSV file to read it as UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Rows written into one chunk of the response body.
pub const BATCH_ROWS: usize = 500;

/// The bytes of an export: the BOM and header row first, then the rows a batch a chunk.
/// An error after the first chunk can only cut the download short.
pub type CsvChunk = Result<Bytes, ApiError>;

/// One column of an export: its stable key, its header in each language, and its cell.
pub struct Column<R> {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub cell: fn(&R, &Cells) -> String,
}

/// A column of `key` headed `zh` / `en`, whose cell `cell` writes.
const fn column<R>(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    cell: fn(&R, &Cells) -> String,
) -> Column<R> {
    Column { key, zh, en, cell }
}

impl<R> Column<R> {
    pub fn header(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh,
            Locale::En => self.en,
        }
    }
}

/// How cells are written for one download: times in the store's zone, yes/no in the
/// caller's language.
#[derive(Debug, Clone, Copy)]
pub struct Cells {
    pub tz: Tz,
    pub locale: Locale,
}

impl Cells {
    /// A time as the store's clock showed it, `YYYY-MM-DD HH:MM`.
    pub fn time(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.tz)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// An optional time; empty when there is none.
    pub fn maybe_time(&self, at: Option<DateTime<Utc>>) -> String {
        at.map(|at| self.time(at)).unwrap_or_default()
    }

    pub fn yes_no(&self, value: bool) -> String {
        match (self.locale, value) {
            (Locale::ZhCn, true) => "是",
            (Locale::ZhCn, false) => "否",
            (Locale::En, true) => "yes",
            (Locale::En, false) => "no",
        }
        .to_owned()
    }
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn date(value: Option<NaiveDate>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

/// `visits.csv`: the showroom log of the range, oldest first.
pub const VISIT_COLUMNS: &[Column<Visit>] = &[
    column("arrived_at", "到店时间", "Arrived", |v, c| {
        c.time(v.arrived_at)
    }),
    column("left_at", "离店时间", "Left", |v, c| {
        c.maybe_time(v.left_at)
    }),
    column("kind", "类型", "Kind", |v, _| v.kind.to_string()),
    column("party_size", "人数", "Party size", |v, _| {
        v.party_size.to_string()
    }),
    column("source", "客源渠道", "Source", |v, _| {
        v.source.to_string()
    }),
    column("campaign", "活动", "Campaign", |v, _| {
        text(&v.campaign_name)
    }),
    column("first_visit", "首次到店", "First visit", |v, c| {
        c.yes_no(v.first_visit)
    }),
    column("customer_name", "客户姓名", "Customer", |v, _| {
        text(&v.customer_name)
    }),
    column("customer_phone", "电话", "Phone", |v, _| {
        text(&v.customer_phone)
    }),
    column("vehicle_model", "意向车型", "Model", |v, _| {
        text(&v.vehicle_model_name)
    }),
    column("consultant", "销售顾问", "Consultant", |v, _| {
        text(&v.consultant_name)
    }),
    column("test_drive", "试驾", "Test drive", |v, c| {
        c.yes_no(v.test_drive)
    }),
    column("captured", "留档", "Captured", |v, c| {
        c.yes_no(v.captured)
    }),
    column("note", "备注", "Note", |v, _| v.note.clone()),
];

/// `prospects.csv`: the cards created in the range, oldest first, with the status the
/// lists show (an untouched card reads `dormant`).
pub const PROSPECT_COLUMNS: &[Column<Prospect>] = &[
    column("created_at", "建档时间", "Created", |p, c| {
        c.time(p.created_at)
    }),
    column("customer_name", "客户姓名", "Customer", |p, _| {
        p.customer_name.clone()
    }),
    column("customer_phone", "电话", "Phone", |p, _| {
        p.customer_phone.clone()
    }),
    column("owner", "销售顾问", "Owner", |p, _| {
        p.owner_name.clone()
    }),
    column("grade", "意向级别", "Grade", |p, _| p.grade.to_string()),
    column("status", "状态", "Status", |p, _| p.status.to_string()),
    column("source", "客源渠道", "Source", |p, _| {
        p.source.to_string()
    }),
    column("vehicle_model", "意向车型", "Model", |p, _| {
        text(&p.vehicle_model_name)
    }),
    column(
        "next_follow_up_on",
        "下次跟进日期",
        "Next follow-up",
        |p, _| date(p.next_follow_up_on),
    ),
    column(
        "last_contact_at",
        "最近联系时间",
        "Last contact",
        |p, c| c.maybe_time(p.last_contact_at),
    ),
    column("note", "备注", "Note", |p, _| p.note.clone()),
];

/// One confirmed lost deal with its card's customer, owner and model.
#[derive(QueryableByName)]
pub struct LostRow {
    #[diesel(sql_type = Timestamptz)]
    pub decided_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub customer_name: String,
    #[diesel(sql_type = Text)]
    pub customer_phone: String,
    #[diesel(sql_type = Text)]
    pub owner_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub vehicle_model_name: Option<String>,
    #[diesel(sql_type = Text)]
    pub reason: LostReason,
    #[diesel(sql_type = Text)]
    pub note: String,
    #[diesel(sql_type = Timestamptz)]
    pub requested_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub decided_by_name: String,
}

/// `lost.csv`: the lost deals (战败) confirmed in the range, oldest first. The note is
/// where the consultant names the competitor or the other reason.
pub const LOST_COLUMNS: &[Column<LostRow>] = &[
    column("confirmed_at", "确认时间", "Confirmed", |l, c| {
        c.time(l.decided_at)
    }),
    column("customer_name", "客户姓名", "Customer", |l, _| {
        l.customer_name.clone()
    }),
    column("customer_phone", "电话", "Phone", |l, _| {
        l.customer_phone.clone()
    }),
    column("owner", "销售顾问", "Owner", |l, _| {
        l.owner_name.clone()
    }),
    column("vehicle_model", "意向车型", "Model", |l, _| {
        text(&l.vehicle_model_name)
    }),
    column("reason_group", "原因类别", "Reason group", |l, _| {
        l.reason.group().to_string()
    }),
    column("reason", "战败原因", "Reason", |l, _| {
        l.reason.to_string()
    }),
    column("note", "说明", "Note", |l, _| l.note.clone()),
    column("requested_at", "申请时间", "Requested", |l, c| {
        c.time(l.requested_at)
    }),
    column("confirmed_by", "确认人", "Confirmed by", |l, _| {
        l.decided_by_name.clone()
    }),
];

/// The language the user chose for the interface (`PATCH /me`).
async fn locale_of(conn: &mut AsyncPgConnection, user_id: i64) -> ApiResult<Locale> {
    Ok(users::table
        .find(user_id)
        .select(users::locale)
        .first(conn)
        .await?)
}

/// What every export starts from: the caller's language, the store's day (its zone and
/// dormancy cutoff), and the range as the instants of its first and last midnights.
struct Setting {
    cells: Cells,
    day: StoreDay,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Setting {
    async fn of(
        conn: &mut AsyncPgConnection,
        user_id: i64,
        store_id: i64,
        range: DateRange,
    ) -> ApiResult<Setting> {
        let locale = locale_of(conn, user_id).await?;
        let day = store_day(conn, store_id).await?;
        Ok(Setting {
            cells: Cells { tz: day.tz, locale },
            start: day_bounds(day.tz, range.from).0,
            end: day_bounds(day.tz, range.to).1,
            day,
        })
    }
}

/// `visits.csv` of `store_id` for `range`, with `user_id`'s headers. Everything that can
/// be refused is checked before this answers; after it, only the download can fail.
pub async fn visits<C>(
    mut conn: C,
    user_id: i64,
    store_id: i64,
    range: DateRange,
) -> ApiResult<impl Stream<Item = CsvChunk>>
where
    C: DerefMut<Target = AsyncPgConnection> + 'static,
{
    let Setting {
        cells, start, end, ..
    } = Setting::of(&mut conn, user_id, store_id, range).await?;
    let rows = diesel::sql_query(format!(
        "{VISIT_VIEW} WHERE v.store_id = $1 AND v.arrived_at >= $2 AND v.arrived_at < $3 \
         ORDER BY v.arrived_at, v.id"
    ))
    .bind::<BigInt, _>(store_id)
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .load_stream::<VisitView>(&mut *conn)
    .await?
    .map(|row| row.map(Visit::from));
    Ok(csv_stream(conn, rows, VISIT_COLUMNS, cells))
}

/// `prospects.csv`: the cards of `store_id` created in `range`.
pub async fn prospects<C>(
    mut conn: C,
    user_id: i64,
    store_id: i64,
    range: DateRange,
) -> ApiResult<impl Stream<Item = CsvChunk>>
where
    C: DerefMut<Target = AsyncPgConnection> + 'static,
{
    let Setting {
        cells,
        day,
        start,
        end,
    } = Setting::of(&mut conn, user_id, store_id, range).await?;
    let rows = diesel::sql_query(format!(
        "{view} WHERE v.created_at >= $3 AND v.created_at < $4 ORDER BY v.created_at, v.id",
        view = prospect_view(),
    ))
    .bind::<Timestamptz, _>(day.dormant_before)
    .bind::<BigInt, _>(store_id)
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .load_stream::<ProspectView>(&mut *conn)
    .await?
    .map(move |row| row.map(|view| view.into_api(&day)));
    Ok(csv_stream(conn, rows, PROSPECT_COLUMNS, cells))
}

/// `lost.csv`: the lost deals of `store_id` confirmed in `range`.
pub async fn lost<C>(
    mut conn: C,
    user_id: i64,
    store_id: i64,
    range: DateRange,
) -> ApiResult<impl Stream<Item = CsvChunk>>
where
    C: DerefMut<Target = AsyncPgConnection> + 'static,
{
    let Setting {
        cells, start, end, ..
    } = Setting::of(&mut conn, user_id, store_id, range).await?;
    let rows = diesel::sql_query(
        "SELECT l.decided_at, c.name AS customer_name, c.phone AS customer_phone, o.name AS owner_name, \
         m.name AS vehicle_model_name, l.reason, l.note, l.requested_at, d.name AS decided_by_name \
         FROM lost_deals l JOIN prospects p ON p.id = l.prospect_id JOIN customers c ON c.id = p.customer_id \
         JOIN users o ON o.id = p.owner_id JOIN users d ON d.id = l.decided_by \
         LEFT JOIN vehicle_models m ON m.id = p.vehicle_model_id \
         WHERE l.store_id = $1 AND l.status = $2 AND l.decided_at >= $3 AND l.decided_at < $4 \
         ORDER BY l.decided_at, l.id",
    )
    .bind::<BigInt, _>(store_id)
    .bind::<Text, _>(LostDealStatus::Confirmed.as_str())
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .load_stream::<LostRow>(&mut *conn)
    .await?;
    Ok(csv_stream(conn, rows, LOST_COLUMNS, cells))
}

fn writer() -> csv::Writer<Vec<u8>> {
    // CRLF, as RFC 4180 and Excel have it
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// The CSV bytes of `rows` written by `columns`: the BOM and the header row, then a
/// chunk every [`BATCH_ROWS`] rows. `conn`, the connection the rows come through, is
/// held until the last row is read or the stream is dropped.
fn csv_stream<C, R, S>(
    conn: C,
    rows: S,
    columns: &'static [Column<R>],
    cells: Cells,
) -> impl Stream<Item = CsvChunk>
where
    C: 'static,
    R: 'static,
    S: Stream<Item = QueryResult<R>> + Unpin + 'static,
{
    let head = (|| -> ApiResult<Bytes> {
        let mut out = writer();
        out.write_record(columns.iter().map(|c| c.header(cells.locale)))
            .map_err(ApiError::internal)?;
        let mut bytes = BOM.to_vec();
        bytes.extend(finish(out)?);
        Ok(Bytes::from(bytes))
    })();
    let body = stream::unfold(Some((conn, rows)), move |state| async move {
        let (conn, mut rows) = state?;
        let mut out = writer();
        let mut more = true;
        for _ in 0..BATCH_ROWS {
            match rows.next().await {
                Some(Ok(row)) => {
                    let record = columns.iter().map(|c| (c.cell)(&row, &cells));
                    if let Err(e) = out.write_record(record) {
                        return Some((Err(ApiError::internal(e)), None));
                    }
                }
                Some(Err(e)) => return Some((Err(e.into()), None)),
                None => {
                    more = false;
                    break;
                }
            }
        }
        match finish(out) {
            Ok(bytes) if bytes.is_empty() => None,
            Ok(bytes) => Some((Ok(Bytes::from(bytes)), more.then_some((conn, rows)))),
            Err(e) => Some((Err(e), None)),
        }
    });
    stream::once(std::future::ready(head)).chain(body)
}

fn finish(out: csv::Writer<Vec<u8>>) -> ApiResult<Vec<u8>> {
    out.into_inner()
        .map_err(|e| ApiError::internal(anyhow::anyhow!("csv: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<R>(columns: &[Column<R>]) -> Vec<&'static str> {
        columns.iter().map(|c| c.key).collect()
    }

    #[test]
    fn every_column_has_a_header_in_both_languages_and_a_unique_key() {
        for keys in [
            keys(VISIT_COLUMNS),
            keys(PROSPECT_COLUMNS),
            keys(LOST_COLUMNS),
        ] {
            let mut unique = keys.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), keys.len(), "{keys:?}");
        }
        let headers = VISIT_COLUMNS
            .iter()
            .map(|c| (c.zh, c.en))
            .chain(PROSPECT_COLUMNS.iter().map(|c| (c.zh, c.en)))
            .chain(LOST_COLUMNS.iter().map(|c| (c.zh, c.en)));
        for (zh, en) in headers {
            assert!(!zh.is_empty() && !en.is_empty());
            assert!(!zh.is_ascii(), "{zh} is Chinese");
        }
    }

    #[test]
    fn times_are_the_stores_wall_clock_to_the_minute() {
        let cells = Cells {
            tz: chrono_tz::America::New_York,
            locale: Locale::En,
        };
        let at = "2026-11-01T03:30:59Z".parse().unwrap();
        assert_eq!(cells.time(at), "2026-10-31 23:30");
        assert_eq!(cells.maybe_time(None), "");
        assert_eq!(cells.yes_no(true), "yes");
        let zh = Cells {
            locale: Locale::ZhCn,
            ..cells
        };
        assert_eq!(zh.yes_no(false), "否");
    }

    #[actix_web::test]
    async fn the_file_is_a_bom_a_header_and_the_rows_in_batches() {
        let rows = stream::iter(
            (0..BATCH_ROWS + 1).map(|i| Ok::<_, diesel::result::Error>(format!("王{i}"))),
        );
        const COLUMNS: &[Column<String>] = &[
            Column {
                key: "name",
                zh: "姓名",
                en: "Name",
                cell: |s, _| s.clone(),
            },
            Column {
                key: "quoted",
                zh: "备注",
                en: "Note",
                cell: |_, _| "a, \"b\"".to_owned(),
            },
        ];
        let cells = Cells {
            tz: chrono_tz::Asia::Shanghai,
            locale: Locale::ZhCn,
        };
        let chunks: Vec<Bytes> = csv_stream((), rows, COLUMNS, cells)
            .map(|c| c.unwrap())
            .collect()
            .await;
        assert_eq!(chunks.len(), 3, "the head, a full batch and the last row");
        assert_eq!(&chunks[0][..], "\u{feff}姓名,备注\r\n".as_bytes());
        let first = std::str::from_utf8(&chunks[1]).unwrap();
        assert!(first.starts_with("王0,\"a, \"\"b\"\"\"\r\n"), "{first}");
        assert_eq!(first.lines().count(), BATCH_ROWS);
        assert_eq!(
            std::str::from_utf8(&chunks[2]).unwrap(),
            format!("王{BATCH_ROWS},\"a, \"\"b\"\"\"\r\n")
        );
    }
}
