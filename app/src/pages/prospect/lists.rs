//! What happened to a card, newest first: follow-ups, visits, owners and every change.

use keyuan_shared::api::HistoryEntry;
use keyuan_shared::{FollowUpChannel, LostReason, ProspectStatus, SaleType};
use leptos::prelude::*;
use serde_json::Value;

use super::Ctx;
use crate::components::prospect_bits::{
    channel_key, reason_key, sale_key, short_date, short_time, status_key,
};
use crate::i18n::{fill, Key};

#[component]
pub(super) fn CardLists(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    let empty = move || view! { <li class="muted list-state">{i18n.text(Key::NoneYet)}</li> };

    let follow_ups = move || {
        let list = ctx
            .detail
            .with(|d| d.as_ref().map(|d| d.follow_ups.clone()).unwrap_or_default());
        if list.is_empty() {
            return empty().into_any();
        }
        list.into_iter()
            .map(|f| {
                let changed = f.grade_before != f.grade_after;
                view! {
                    <li class="log-row" data-test="follow-up-row" data-channel=f.channel.as_str()
                        data-grade-before=f.grade_before.as_str() data-grade-after=f.grade_after.as_str()>
                        <div class="log-line">
                            <strong>{i18n.text(channel_key(f.channel))}</strong>
                            <span class="grade-change" class:changed=changed>
                                {format!("{} → {}", f.grade_before.as_str(), f.grade_after.as_str())}
                            </span>
                            <span class="muted log-when">{short_time(f.at.timestamp_millis())}</span>
                        </div>
                        <div class="row-sub">
                            <span>{f.author_name.clone()}</span>
                            {f.next_follow_up_on.map(|n| view! {
                                <span class="sep">"·"</span>
                                <span>{i18n.text(Key::NextFollowUp)} " " {n.to_string()}</span>
                            })}
                        </div>
                        {(!f.note.is_empty()).then(|| view! { <p class="log-note">{f.note.clone()}</p> })}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };

    let visits = move || {
        let list = ctx
            .detail
            .with(|d| d.as_ref().map(|d| d.visits.clone()).unwrap_or_default());
        if list.is_empty() {
            return empty().into_any();
        }
        list.into_iter()
            .map(|v| {
                let kind = match v.kind {
                    keyuan_shared::VisitKind::WalkIn => Key::KindWalkIn,
                    keyuan_shared::VisitKind::PhoneIn => Key::KindPhoneIn,
                };
                view! {
                    <li class="log-row" data-test="card-visit">
                        <div class="log-line">
                            <strong>{i18n.text(kind)}</strong>
                            {v.test_drive.then(|| view! { <span class="tag tag-drive">{i18n.text(Key::TestDrive)}</span> })}
                            <span class="muted log-when">{short_time(v.arrived_at.timestamp_millis())}</span>
                        </div>
                        <div class="row-sub">
                            {v.consultant_name.clone()}
                            {v.vehicle_model_name.clone().map(|m| view! { <span class="sep">"·"</span> <span>{m}</span> })}
                        </div>
                        {(!v.note.is_empty()).then(|| view! { <p class="log-note">{v.note.clone()}</p> })}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };

    let owners = move || {
        let list = ctx
            .detail
            .with(|d| d.as_ref().map(|d| d.owners.clone()).unwrap_or_default());
        if list.is_empty() {
            return empty().into_any();
        }
        list.into_iter()
            .map(|o| {
                let from = short_date(o.from_at.timestamp_millis());
                let until = o.until_at.map(|t| short_date(t.timestamp_millis()));
                let by = o.assigned_by_name.clone();
                view! {
                    <li class="log-row" data-test="owner-row">
                        <div class="log-line">
                            <strong>{o.owner_name.clone()}</strong>
                            <span class="muted log-when">
                                {match until {
                                    Some(u) => format!("{from} – {u}"),
                                    None => fill(i18n.tr(Key::OwnerSince), "from", &from),
                                }}
                            </span>
                        </div>
                        {by.map(|b| view! { <div class="row-sub">{move || fill(i18n.tr(Key::AssignedBy), "name", &b)}</div> })}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };

    let history = move || {
        let list = ctx
            .detail
            .with(|d| d.as_ref().map(|d| d.history.clone()).unwrap_or_default());
        if list.is_empty() {
            return empty().into_any();
        }
        list.into_iter()
            .map(|h| view! { <HistoryRow ctx=ctx entry=h /> })
            .collect_view()
            .into_any()
    };

    view! {
        <section class="card pd-section" data-test="follow-ups">
            <h2 class="section-title">{i18n.text(Key::FollowUpsTitle)}</h2>
            <ul class="log-rows">{follow_ups}</ul>
        </section>
        <section class="card pd-section" data-test="card-visits">
            <h2 class="section-title">{i18n.text(Key::VisitsTitle)}</h2>
            <ul class="log-rows">{visits}</ul>
        </section>
        <section class="card pd-section" data-test="owners">
            <h2 class="section-title">{i18n.text(Key::OwnersTitle)}</h2>
            <ul class="log-rows">{owners}</ul>
        </section>
        <section class="card pd-section" data-test="history">
            <h2 class="section-title">{i18n.text(Key::HistoryTitle)}</h2>
            <ul class="log-rows">{history}</ul>
        </section>
    }
}

#[component]
fn HistoryRow(ctx: Ctx, entry: HistoryEntry) -> impl IntoView {
    let i18n = ctx.i18n;
    let entity = match entry.entity.as_str() {
        "prospect" => Some(Key::EntityProspect),
        "follow_up" => Some(Key::EntityFollowUp),
        "order" => Some(Key::EntityOrder),
        "lost_deal" => Some(Key::EntityLostDeal),
        "customer" => Some(Key::EntityCustomer),
        _ => None,
    };
    let raw_entity = entry.entity.clone();
    let action = if entry.action == "create" {
        Key::HistoryCreate
    } else {
        Key::HistoryUpdate
    };
    let changes = changes(&entry);
    view! {
        <li class="log-row" data-test="history-row" data-entity=entry.entity.clone() data-action=entry.action.clone()>
            <div class="log-line">
                <strong>
                    {move || entity.map(|k| i18n.tr(k).to_owned()).unwrap_or_else(|| raw_entity.clone())}
                    " "
                    {i18n.text(action)}
                </strong>
                <span class="muted log-when">{short_time(entry.at.timestamp_millis())}</span>
            </div>
            {entry.actor_name.clone().map(|a| view! { <div class="row-sub">{a}</div> })}
            {(!changes.is_empty()).then(|| view! {
                <ul class="changes">
                    {changes
                        .into_iter()
                        .map(|(field, old, new)| {
                            let label = field_key(&field);
                            let shown = field.clone();
                            let (f1, f2) = (field.clone(), field.clone());
                            view! {
                                <li data-test="history-change" data-field=field.clone()>
                                    <span class="change-field">
                                        {move || label.map(|k| i18n.tr(k).to_owned()).unwrap_or_else(|| shown.clone())}
                                    </span>
                                    ": "
                                    {old.map(|o| view! { <span class="change-old">{move || show(ctx, &f1, &o)}</span> " → " })}
                                    <span class="change-new">{move || show(ctx, &f2, &new)}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            })}
        </li>
    }
}

/// Bookkeeping columns a person does not need to read.
const TECHNICAL: &[&str] = &[
    "id",
    "store_id",
    "customer_id",
    "prospect_id",
    "order_id",
    "author_id",
    "requested_by",
    "decided_by",
    "consultant_id",
    "created_at",
    "updated_at",
    "last_contact_at",
    "at",
    "requested_at",
    "decided_at",
    "grade_before",
    "grade_after",
];

/// The fields an entry changed: name, old value (for an update), new value.
fn changes(entry: &HistoryEntry) -> Vec<(String, Option<Value>, Value)> {
    let Some(Value::Object(new)) = &entry.new_values else {
        return Vec::new();
    };
    let old = match &entry.old_values {
        Some(Value::Object(o)) => Some(o),
        _ => None,
    };
    // A creation lists only the few fields worth reading.
    let wanted = |k: &str| {
        if entry.action == "create" {
            matches!(
                k,
                "grade" | "channel" | "reason" | "sale_type" | "status" | "note" | "name"
            )
        } else {
            !TECHNICAL.contains(&k)
        }
    };
    new.iter()
        .filter(|(k, _)| wanted(k))
        .filter(|(k, v)| old.and_then(|o| o.get(*k)) != Some(*v))
        .filter(|(_, v)| entry.action != "create" || !is_blank(v))
        .map(|(k, v)| (k.clone(), old.and_then(|o| o.get(k)).cloned(), v.clone()))
        .collect()
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// A value as words: enums translated, models and consultants by name, times shortened.
fn show(ctx: Ctx, field: &str, value: &Value) -> String {
    let i18n = ctx.i18n;
    let text = value.as_str().unwrap_or_default();
    let translated = match field {
        "channel" => text
            .parse::<FollowUpChannel>()
            .ok()
            .map(|c| i18n.tr(channel_key(c))),
        "status" => text
            .parse::<ProspectStatus>()
            .ok()
            .map(|s| i18n.tr(status_key(s))),
        "reason" => text
            .parse::<LostReason>()
            .ok()
            .map(|r| i18n.tr(reason_key(r))),
        "sale_type" => text.parse::<SaleType>().ok().map(|s| i18n.tr(sale_key(s))),
        _ => None,
    };
    if let Some(t) = translated {
        return t.to_owned();
    }
    if let Some(id) = value.as_i64() {
        let name = match field {
            "vehicle_model_id" => ctx
                .models
                .with(|ms| ms.iter().find(|m| m.id == id).map(|m| m.name.clone())),
            "owner_id" => ctx.detail.with(|d| {
                d.as_ref().and_then(|d| {
                    d.owners
                        .iter()
                        .find(|o| o.owner_id == id)
                        .map(|o| o.owner_name.clone())
                })
            }),
            _ => None,
        };
        if let Some(name) = name {
            return name;
        }
    }
    if field.ends_with("_at") && !text.is_empty() {
        let ms = js_sys::Date::parse(text);
        if !ms.is_nan() {
            return short_time(ms as i64);
        }
    }
    match value {
        Value::Null => "—".to_owned(),
        Value::Bool(true) => "✓".to_owned(),
        Value::Bool(false) => "✗".to_owned(),
        Value::String(s) if s.is_empty() => "—".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn field_key(field: &str) -> Option<Key> {
    Some(match field {
        "grade" => Key::GradeLabel,
        "next_follow_up_on" => Key::NextFollowUp,
        "owner_id" => Key::OwnerLabel,
        "money" => Key::ManMoney,
        "authority" => Key::ManAuthority,
        "need" => Key::ManNeed,
        "vehicle_model_id" => Key::ModelLabel,
        "budget" => Key::BudgetLabel,
        "note" => Key::NoteLabel,
        "name" => Key::VisitorName,
        "channel" => Key::ChannelLabel,
        "reason" => Key::LostReasonLabel,
        "sale_type" => Key::SaleTypeLabel,
        "status" => Key::StatusLabel,
        "ordered_at" => Key::OrderDate,
        "delivered_at" => Key::DeliveryDate,
        "decision_comment" => Key::CommentLabel,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(action: &str, old: Value, new: Value) -> HistoryEntry {
        serde_json::from_value(json!({
            "at": "2026-11-23T10:00:00Z",
            "actor_name": "王磊",
            "entity": "prospect",
            "action": action,
            "old_values": old,
            "new_values": new,
        }))
        .unwrap()
    }

    #[test]
    fn an_update_lists_what_a_person_changed_and_hides_bookkeeping() {
        let e = entry(
            "update",
            json!({"grade": "B", "last_contact_at": "2026-11-20T01:00:00Z", "note": "x"}),
            json!({"grade": "H", "last_contact_at": "2026-11-23T10:00:00Z", "note": "x"}),
        );
        assert_eq!(
            changes(&e),
            vec![("grade".to_owned(), Some(json!("B")), json!("H"))]
        );
    }

    #[test]
    fn a_creation_lists_only_the_readable_fields_that_have_a_value() {
        let e = entry(
            "create",
            Value::Null,
            json!({"id": 7, "grade": "C", "note": "", "status": "active", "owner_id": 4}),
        );
        let fields: Vec<String> = changes(&e).into_iter().map(|(f, _, _)| f).collect();
        assert_eq!(fields, vec!["grade".to_owned(), "status".to_owned()]);
    }
}
