//! Who changed what, when: every write calls `record` inside its own transaction, so an
//! entry exists exactly when the change does.

use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use crate::error::ApiResult;
use crate::models::NewAuditEntry;
use crate::schema::audit_entries;

/// One audited change. `old` is `None` for a creation.
pub struct Change<'a, T: Serialize> {
    pub store_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub entity: &'static str,
    pub entity_id: i64,
    pub old: Option<&'a T>,
    pub new: &'a T,
}

impl<'a, T: Serialize> Change<'a, T> {
    /// `entity` `entity_id` written by `actor_id` in `store_id`: created when `old` is
    /// `None`, else changed from `old` to `new`.
    pub fn of(
        store_id: Option<i64>,
        actor_id: Option<i64>,
        entity: &'static str,
        entity_id: i64,
        old: Option<&'a T>,
        new: &'a T,
    ) -> Self {
        Change {
            store_id,
            actor_id,
            entity,
            entity_id,
            old,
            new,
        }
    }
}

pub async fn record<T: Serialize>(
    conn: &mut AsyncPgConnection,
    change: Change<'_, T>,
) -> ApiResult<()> {
    let to_json = |v: &T| serde_json::to_value(v).map_err(crate::error::ApiError::internal);
    let new = to_json(change.new)?;
    let (action, old_values, new_values) = match change.old.map(to_json).transpose()? {
        None => ("create", None, new),
        Some(old) => {
            let (old, new) = changed_fields(old, new);
            if new.as_object().is_some_and(|o| o.is_empty()) {
                return Ok(()); // nothing changed, nothing to audit
            }
            ("update", Some(old), new)
        }
    };
    let entry = NewAuditEntry {
        store_id: change.store_id,
        actor_id: change.actor_id,
        entity: change.entity,
        entity_id: change.entity_id,
        action,
        old_values,
        new_values: Some(new_values),
    };
    diesel::insert_into(audit_entries::table)
        .values(&entry)
        .execute(conn)
        .await?;
    Ok(())
}

/// Keeps only the top-level fields whose value differs, so an entry reads "old → new".
fn changed_fields(
    old: serde_json::Value,
    new: serde_json::Value,
) -> (serde_json::Value, serde_json::Value) {
    use serde_json::{Map, Value};
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => {
            let (mut was, mut now) = (Map::new(), Map::new());
            for (key, value) in new {
                let before = old.get(&key).cloned().unwrap_or(Value::Null);
                if before != value {
                    was.insert(key.clone(), before);
                    now.insert(key, value);
                }
            }
            (Value::Object(was), Value::Object(now))
        }
        (old, new) => (old, new),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_kept() {
        let (old, new) = super::changed_fields(
            json!({"name": "a", "active": true}),
            json!({"name": "a", "active": false}),
        );
        assert_eq!(
            (old, new),
            (json!({"active": true}), json!({"active": false}))
        );
    }
}
