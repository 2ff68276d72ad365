// @generated automatically by Diesel CLI.

diesel::table! {
    audit_entries (id) {
        id -> Int8,
        store_id -> Nullable<Int8>,
        actor_id -> Nullable<Int8>,
        at -> Timestamptz,
        entity -> Text,
        entity_id -> Int8,
        action -> Text,
        old_values -> Nullable<Jsonb>,
        new_values -> Nullable<Jsonb>,
    }
}

diesel::table! {
    campaigns (id) {
        id -> Int8,
        store_id -> Int8,
        name -> Text,
        starts_on -> Date,
        ends_on -> Date,
        cost -> Int8,
        created_by -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    customers (id) {
        id -> Int8,
        store_id -> Int8,
        phone -> Text,
        name -> Text,
        referred_by -> Nullable<Int8>,
        note -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    duty_exceptions (store_id, day, user_id) {
        store_id -> Int8,
        user_id -> Int8,
        day -> Date,
        set_by -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    follow_ups (id) {
        id -> Int8,
        store_id -> Int8,
        prospect_id -> Int8,
        author_id -> Int8,
        channel -> Text,
        at -> Timestamptz,
        note -> Text,
        grade_before -> Text,
        grade_after -> Text,
        next_follow_up_on -> Nullable<Date>,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> Int8,
        key -> Text,
        method -> Text,
        path -> Text,
        request_hash -> Text,
        response_status -> Int2,
        response_body -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    lost_deals (id) {
        id -> Int8,
        store_id -> Int8,
        prospect_id -> Int8,
        reason -> Text,
        note -> Text,
        requested_by -> Int8,
        requested_at -> Timestamptz,
        status -> Text,
        decided_by -> Nullable<Int8>,
        decided_at -> Nullable<Timestamptz>,
        decision_comment -> Text,
    }
}

diesel::table! {
    loyalty_contacts (id) {
        id -> Int8,
        store_id -> Int8,
        order_id -> Int8,
        customer_id -> Int8,
        assignee_id -> Int8,
        step -> Text,
        channel -> Text,
        due_on -> Date,
        status -> Text,
        outcome -> Nullable<Text>,
        note -> Text,
        completed_at -> Nullable<Timestamptz>,
        completed_by -> Nullable<Int8>,
    }
}

diesel::table! {
    orders (id) {
        id -> Int8,
        store_id -> Int8,
        prospect_id -> Int8,
        consultant_id -> Int8,
        vehicle_model_id -> Int8,
        sale_type -> Text,
        ordered_at -> Timestamptz,
        delivered_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    prospect_owners (id) {
        id -> Int8,
        store_id -> Int8,
        prospect_id -> Int8,
        owner_id -> Int8,
        from_at -> Timestamptz,
        until_at -> Nullable<Timestamptz>,
        assigned_by -> Nullable<Int8>,
    }
}

diesel::table! {
    prospects (id) {
        id -> Int8,
        store_id -> Int8,
        customer_id -> Int8,
        owner_id -> Int8,
        source -> Text,
        status -> Text,
        grade -> Text,
        money -> Bool,
        authority -> Bool,
        need -> Bool,
        vehicle_model_id -> Nullable<Int8>,
        budget -> Nullable<Int4>,
        note -> Text,
        next_follow_up_on -> Nullable<Date>,
        last_contact_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        campaign_id -> Nullable<Int8>,
    }
}

diesel::table! {
    sales_targets (id) {
        id -> Int8,
        store_id -> Int8,
        consultant_id -> Nullable<Int8>,
        month -> Date,
        week_start -> Nullable<Date>,
        sales -> Int4,
        orders -> Int4,
        new_prospects -> Int4,
        set_by -> Int8,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    sign_in_failures (login) {
        login -> Text,
        failures -> Int4,
        first_failed_at -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    stores (id) {
        id -> Int8,
        name -> Text,
        time_zone -> Text,
        cadence_o_days -> Int4,
        cadence_h_days -> Int4,
        cadence_a_days -> Int4,
        cadence_b_days -> Int4,
        cadence_c_days -> Int4,
        pipeline_size -> Int4,
        daily_meetings_target -> Int4,
        daily_calls_target -> Int4,
        daily_messages_target -> Int4,
        created_at -> Timestamptz,
        rotation_skips_overdue -> Bool,
    }
}

diesel::table! {
    users (id) {
        id -> Int8,
        store_id -> Nullable<Int8>,
        name -> Text,
        login -> Text,
        password_hash -> Text,
        role -> Text,
        active -> Bool,
        locale -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    vehicle_models (id) {
        id -> Int8,
        store_id -> Int8,
        name -> Text,
        active -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    visits (id) {
        id -> Int8,
        store_id -> Int8,
        kind -> Text,
        party_size -> Int4,
        source -> Text,
        arrived_at -> Timestamptz,
        left_at -> Nullable<Timestamptz>,
        first_visit -> Bool,
        customer_id -> Nullable<Int8>,
        prospect_id -> Nullable<Int8>,
        consultant_id -> Nullable<Int8>,
        vehicle_model_id -> Nullable<Int8>,
        test_drive -> Bool,
        captured -> Bool,
        note -> Text,
        created_by -> Int8,
        created_at -> Timestamptz,
        campaign_id -> Nullable<Int8>,
    }
}

diesel::joinable!(audit_entries -> stores (store_id));
diesel::joinable!(audit_entries -> users (actor_id));
diesel::joinable!(campaigns -> stores (store_id));
diesel::joinable!(campaigns -> users (created_by));
diesel::joinable!(customers -> stores (store_id));
diesel::joinable!(duty_exceptions -> stores (store_id));
diesel::joinable!(follow_ups -> stores (store_id));
diesel::joinable!(idempotency_keys -> users (user_id));
diesel::joinable!(lost_deals -> stores (store_id));
diesel::joinable!(loyalty_contacts -> stores (store_id));
diesel::joinable!(orders -> stores (store_id));
diesel::joinable!(prospect_owners -> stores (store_id));
diesel::joinable!(prospects -> stores (store_id));
diesel::joinable!(sales_targets -> stores (store_id));
diesel::joinable!(users -> stores (store_id));
diesel::joinable!(vehicle_models -> stores (store_id));
diesel::joinable!(visits -> stores (store_id));

diesel::allow_tables_to_appear_in_same_query!(
    audit_entries,
    campaigns,
    customers,
    duty_exceptions,
    follow_ups,
    idempotency_keys,
    lost_deals,
    loyalty_contacts,
    orders,
    prospect_owners,
    prospects,
    sales_targets,
    sign_in_failures,
    stores,
    users,
    vehicle_models,
    visits,
);
