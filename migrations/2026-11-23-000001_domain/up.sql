-- Keyuan's whole domain (shared/README.md). Every store-owned row carries store_id, and rows that
-- point at other store-owned rows do so through (store_id, id) pairs, so a visit cannot
-- name another store's customer, model or consultant even if the server had a bug.
-- Enumerations are TEXT with CHECK constraints spelled exactly as shared::domain.

CREATE TABLE stores (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                   TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    time_zone              TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    cadence_o_days         INTEGER NOT NULL DEFAULT 2  CHECK (cadence_o_days BETWEEN 1 AND 90),
    cadence_h_days         INTEGER NOT NULL DEFAULT 2  CHECK (cadence_h_days BETWEEN 1 AND 90),
    cadence_a_days         INTEGER NOT NULL DEFAULT 4  CHECK (cadence_a_days BETWEEN 1 AND 90),
    cadence_b_days         INTEGER NOT NULL DEFAULT 7  CHECK (cadence_b_days BETWEEN 1 AND 90),
    cadence_c_days         INTEGER NOT NULL DEFAULT 15 CHECK (cadence_c_days BETWEEN 1 AND 90),
    pipeline_size          INTEGER NOT NULL DEFAULT 50 CHECK (pipeline_size BETWEEN 1 AND 1000),
    daily_meetings_target  INTEGER NOT NULL DEFAULT 5  CHECK (daily_meetings_target BETWEEN 0 AND 500),
    daily_calls_target     INTEGER NOT NULL DEFAULT 20 CHECK (daily_calls_target BETWEEN 0 AND 500),
    daily_messages_target  INTEGER NOT NULL DEFAULT 30 CHECK (daily_messages_target BETWEEN 0 AND 500),
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX stores_name_key ON stores (lower(name));

CREATE TABLE users (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id       BIGINT REFERENCES stores (id),
    name           TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    login          TEXT NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9._-]{2,32}$'),
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'receptionist', 'consultant')),
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    locale         TEXT NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- admins work across stores; everyone else belongs to exactly one
    CHECK ((role = 'admin') = (store_id IS NULL)),
    UNIQUE (store_id, id)
);
CREATE INDEX users_store_role_idx ON users (store_id, role);

CREATE TABLE vehicle_models (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id    BIGINT NOT NULL REFERENCES stores (id),
    name        TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (store_id, id)
);
CREATE UNIQUE INDEX vehicle_models_store_name_key ON vehicle_models (store_id, lower(name));

CREATE TABLE customers (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id     BIGINT NOT NULL REFERENCES stores (id),
    -- normalised (shared::phone): +86 mobiles as 11 digits, others in E.164
    phone        TEXT NOT NULL CHECK (phone ~ '^(1[0-9]{10}|\+[1-9][0-9]{6,14})$'),
    name         TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 100),
    referred_by  BIGINT,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (store_id, phone),
    UNIQUE (store_id, id),
    FOREIGN KEY (store_id, referred_by) REFERENCES customers (store_id, id),
    CHECK (referred_by <> id)
);
CREATE INDEX customers_store_name_idx ON customers (store_id, name);

CREATE TABLE prospects (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id           BIGINT NOT NULL REFERENCES stores (id),
    customer_id        BIGINT NOT NULL,
    owner_id           BIGINT NOT NULL,
    source             TEXT NOT NULL CHECK (source IN ('walk_in', 'phone', 'event', 'referral', 'outbound', 'online')),
    status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dormant', 'lost_pending', 'lost', 'won')),
    grade              TEXT NOT NULL DEFAULT 'C' CHECK (grade IN ('O', 'H', 'A', 'B', 'C')),
    money              BOOLEAN NOT NULL DEFAULT FALSE,
    authority          BOOLEAN NOT NULL DEFAULT FALSE,
    need               BOOLEAN NOT NULL DEFAULT FALSE,
    vehicle_model_id   BIGINT,
    budget             INTEGER CHECK (budget >= 0),
    note               TEXT NOT NULL DEFAULT '',
    next_follow_up_on  DATE,
    last_contact_at    TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (store_id, id),
    FOREIGN KEY (store_id, customer_id) REFERENCES customers (store_id, id),
    FOREIGN KEY (store_id, owner_id) REFERENCES users (store_id, id),
    FOREIGN KEY (store_id, vehicle_model_id) REFERENCES vehicle_models (store_id, id)
);
-- a customer has at most one open prospect per store
CREATE UNIQUE INDEX prospects_one_open_per_customer
    ON prospects (store_id, customer_id) WHERE status IN ('active', 'dormant', 'lost_pending');
CREATE INDEX prospects_owner_due_idx ON prospects (store_id, owner_id, status, next_follow_up_on);
CREATE INDEX prospects_store_created_idx ON prospects (store_id, created_at);

CREATE TABLE visits (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id          BIGINT NOT NULL REFERENCES stores (id),
    kind              TEXT NOT NULL CHECK (kind IN ('walk_in', 'phone_in')),
    party_size        INTEGER NOT NULL DEFAULT 1 CHECK (party_size BETWEEN 1 AND 50),
    source            TEXT NOT NULL CHECK (source IN ('walk_in', 'phone', 'event', 'referral', 'outbound', 'online')),
    arrived_at        TIMESTAMPTZ NOT NULL,
    left_at           TIMESTAMPTZ,
    first_visit       BOOLEAN NOT NULL,
    customer_id       BIGINT,
    prospect_id       BIGINT,
    consultant_id     BIGINT,
    vehicle_model_id  BIGINT,
    test_drive        BOOLEAN NOT NULL DEFAULT FALSE,
    -- 留档: contact details captured, i.e. the visit is tied to a customer record
    captured          BOOLEAN NOT NULL DEFAULT FALSE,
    note              TEXT NOT NULL DEFAULT '',
    created_by        BIGINT NOT NULL REFERENCES users (id),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (store_id, id),
    FOREIGN KEY (store_id, customer_id) REFERENCES customers (store_id, id),
    FOREIGN KEY (store_id, prospect_id) REFERENCES prospects (store_id, id),
    FOREIGN KEY (store_id, consultant_id) REFERENCES users (store_id, id),
    FOREIGN KEY (store_id, vehicle_model_id) REFERENCES vehicle_models (store_id, id),
    CHECK (left_at IS NULL OR left_at > arrived_at),
    CHECK (captured = (customer_id IS NOT NULL)),
    CHECK (prospect_id IS NULL OR customer_id IS NOT NULL),
    -- first/return and test drives are walk-in notions
    CHECK (kind = 'walk_in' OR (NOT first_visit AND NOT test_drive))
);
CREATE INDEX visits_store_arrived_idx ON visits (store_id, arrived_at);
CREATE INDEX visits_customer_idx ON visits (store_id, customer_id, arrived_at);
CREATE INDEX visits_consultant_idx ON visits (store_id, consultant_id, arrived_at);

CREATE TABLE follow_ups (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id           BIGINT NOT NULL REFERENCES stores (id),
    prospect_id        BIGINT NOT NULL,
    author_id          BIGINT NOT NULL,
    channel            TEXT NOT NULL CHECK (channel IN ('call', 'visit', 'message', 'test_drive', 'other')),
    at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    note               TEXT NOT NULL DEFAULT '',
    grade_before       TEXT NOT NULL CHECK (grade_before IN ('O', 'H', 'A', 'B', 'C')),
    grade_after        TEXT NOT NULL CHECK (grade_after IN ('O', 'H', 'A', 'B', 'C')),
    next_follow_up_on  DATE,
    UNIQUE (store_id, id),
    FOREIGN KEY (store_id, prospect_id) REFERENCES prospects (store_id, id),
    FOREIGN KEY (store_id, author_id) REFERENCES users (store_id, id)
);
CREATE INDEX follow_ups_store_at_idx ON follow_ups (store_id, at);
CREATE INDEX follow_ups_prospect_idx ON follow_ups (prospect_id, at);
CREATE INDEX follow_ups_author_idx ON follow_ups (store_id, author_id, at);

-- who owned a prospect when (reassignment history)
CREATE TABLE prospect_owners (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id     BIGINT NOT NULL REFERENCES stores (id),
    prospect_id  BIGINT NOT NULL,
    owner_id     BIGINT NOT NULL,
    from_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    until_at     TIMESTAMPTZ,
    assigned_by  BIGINT REFERENCES users (id),
    FOREIGN KEY (store_id, prospect_id) REFERENCES prospects (store_id, id),
    FOREIGN KEY (store_id, owner_id) REFERENCES users (store_id, id),
    CHECK (until_at IS NULL OR until_at >= from_at)
);
CREATE UNIQUE INDEX prospect_owners_current ON prospect_owners (prospect_id) WHERE until_at IS NULL;

CREATE TABLE orders (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id          BIGINT NOT NULL REFERENCES stores (id),
    prospect_id       BIGINT NOT NULL,
    consultant_id     BIGINT NOT NULL,
    vehicle_model_id  BIGINT NOT NULL,
    sale_type         TEXT NOT NULL CHECK (sale_type IN ('retail', 'secondary', 'fleet')),
    ordered_at        TIMESTAMPTZ NOT NULL,
    delivered_at      TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (store_id, id),
    FOREIGN KEY (store_id, prospect_id) REFERENCES prospects (store_id, id),
    FOREIGN KEY (store_id, consultant_id) REFERENCES users (store_id, id),
    FOREIGN KEY (store_id, vehicle_model_id) REFERENCES vehicle_models (store_id, id),
    CHECK (delivered_at IS NULL OR delivered_at >= ordered_at)
);
CREATE INDEX orders_store_ordered_idx ON orders (store_id, ordered_at);
CREATE INDEX orders_prospect_idx ON orders (prospect_id);

CREATE TABLE lost_deals (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id          BIGINT NOT NULL REFERENCES stores (id),
    prospect_id       BIGINT NOT NULL,
    reason            TEXT NOT NULL CHECK (reason IN ('brand', 'exterior', 'interior', 'configuration', 'performance', 'quality',
                                                      'price', 'bad_quote', 'unenthusiastic', 'unprofessional', 'broken_promise',
                                                      'poor_service', 'slow_follow_up', 'other')),
    note              TEXT NOT NULL DEFAULT '',
    requested_by      BIGINT NOT NULL,
    requested_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    status            TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
    decided_by        BIGINT,
    decided_at        TIMESTAMPTZ,
    decision_comment  TEXT NOT NULL DEFAULT '',
    UNIQUE (store_id, id),
    FOREIGN KEY (store_id, prospect_id) REFERENCES prospects (store_id, id),
    FOREIGN KEY (store_id, requested_by) REFERENCES users (store_id, id),
    FOREIGN KEY (store_id, decided_by) REFERENCES users (store_id, id),
    CHECK (reason <> 'other' OR length(btrim(note)) > 0),
    CHECK ((status = 'pending') = (decided_at IS NULL)),
    CHECK ((decided_at IS NULL) = (decided_by IS NULL)),
    CHECK (status <> 'rejected' OR length(btrim(decision_comment)) > 0)
);
CREATE UNIQUE INDEX lost_deals_one_pending ON lost_deals (prospect_id) WHERE status = 'pending';
CREATE INDEX lost_deals_store_decided_idx ON lost_deals (store_id, status, decided_at);

CREATE TABLE loyalty_contacts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id      BIGINT NOT NULL REFERENCES stores (id),
    order_id      BIGINT NOT NULL,
    customer_id   BIGINT NOT NULL,
    assignee_id   BIGINT NOT NULL,
    step          TEXT NOT NULL CHECK (step ~ '^(day_(3|7|14)|month_(1|3|6|9|12|15|18|21|24|27|30|33|36|39|42|45|48|51|54|57|60))$'),
    channel       TEXT NOT NULL CHECK (channel IN ('call', 'mail')),
    due_on        DATE NOT NULL,
    status        TEXT NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'done', 'cancelled')),
    outcome       TEXT CHECK (outcome IN ('reached', 'no_answer', 'wrong_number', 'declined')),
    note          TEXT NOT NULL DEFAULT '',
    completed_at  TIMESTAMPTZ,
    completed_by  BIGINT,
    UNIQUE (order_id, step),
    FOREIGN KEY (store_id, order_id) REFERENCES orders (store_id, id),
    FOREIGN KEY (store_id, customer_id) REFERENCES customers (store_id, id),
    FOREIGN KEY (store_id, assignee_id) REFERENCES users (store_id, id),
    FOREIGN KEY (store_id, completed_by) REFERENCES users (store_id, id),
    CHECK ((status = 'done') = (completed_at IS NOT NULL AND outcome IS NOT NULL))
);
CREATE INDEX loyalty_contacts_assignee_due_idx ON loyalty_contacts (store_id, assignee_id, status, due_on);
CREATE INDEX loyalty_contacts_customer_idx ON loyalty_contacts (customer_id, due_on);

-- consultants taken off the rotation for a store-local day (everyone is on duty by default)
CREATE TABLE duty_exceptions (
    store_id    BIGINT NOT NULL REFERENCES stores (id),
    user_id     BIGINT NOT NULL,
    day         DATE NOT NULL,
    set_by      BIGINT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, day, user_id),
    FOREIGN KEY (store_id, user_id) REFERENCES users (store_id, id)
);

-- manager-set targets: a month (week_start NULL) or one of its weeks; consultant NULL = whole store
CREATE TABLE sales_targets (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id        BIGINT NOT NULL REFERENCES stores (id),
    consultant_id   BIGINT,
    month           DATE NOT NULL CHECK (extract(day FROM month) = 1),
    week_start      DATE,
    sales           INTEGER NOT NULL DEFAULT 0 CHECK (sales >= 0),
    orders          INTEGER NOT NULL DEFAULT 0 CHECK (orders >= 0),
    new_prospects   INTEGER NOT NULL DEFAULT 0 CHECK (new_prospects >= 0),
    set_by          BIGINT NOT NULL REFERENCES users (id),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    FOREIGN KEY (store_id, consultant_id) REFERENCES users (store_id, id),
    CHECK (week_start IS NULL OR date_trunc('month', week_start)::date = month)
);
CREATE UNIQUE INDEX sales_targets_key
    ON sales_targets (store_id, COALESCE(consultant_id, 0), month, COALESCE(week_start, '-infinity'::date));

-- who changed what, when: one row per write, old and new values as JSON
CREATE TABLE audit_entries (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id    BIGINT REFERENCES stores (id),
    actor_id    BIGINT REFERENCES users (id),
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    entity      TEXT NOT NULL,
    entity_id   BIGINT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    old_values  JSONB,
    new_values  JSONB,
    CHECK (old_values IS NOT NULL OR new_values IS NOT NULL)
);
CREATE INDEX audit_entries_store_at_idx ON audit_entries (store_id, at);
CREATE INDEX audit_entries_entity_idx ON audit_entries (entity, entity_id, at);

-- a retried write with the same Idempotency-Key gets the first answer back
CREATE TABLE idempotency_keys (
    user_id          BIGINT NOT NULL REFERENCES users (id),
    key              TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    method           TEXT NOT NULL,
    path             TEXT NOT NULL,
    request_hash     TEXT NOT NULL,
    response_status  SMALLINT NOT NULL,
    response_body    JSONB NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
