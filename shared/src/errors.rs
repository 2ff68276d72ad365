//! Why a request was refused, as a stable `reason` code with its text in both languages.
//!
//! Every error the server sends names a [`Reason`] (`error.reason` on the wire) and the
//! values its sentence needs (`error.params`, e.g. `{"max": "100"}`). The server writes
//! the English sentence into `error.message` for logs and other clients; the app shows
//! [`text`] in the user's language. The table below is the only place either text is
//! written, and it is a `match`: a reason without a Chinese or an English sentence does
//! not compile. `error.code` stays the coarse class (`invalid_field`, `conflict`, …) that
//! clients already rely on.

use std::collections::BTreeMap;

use crate::domain::Locale;

macro_rules! reasons {
    ($($variant:ident = $code:literal => $zh:literal, $en:literal;)+) => {
        domain_enum! {
            /// A stable code for why a request was refused.
            pub enum Reason {
                $($variant = $code),+
            }
        }

        /// The sentence for `reason` in `locale`, with `{name}` where a value goes.
        pub const fn text(locale: Locale, reason: Reason) -> &'static str {
            match locale {
                Locale::ZhCn => match reason { $(Reason::$variant => $zh),+ },
                Locale::En => match reason { $(Reason::$variant => $en),+ },
            }
        }
    };
}

reasons! {
    // ---- field values (422) ----
    Required = "required" => "必填", "is required";
    MustNotBeEmpty = "must_not_be_empty" => "不能为空", "must not be empty";
    TooLong = "too_long" => "最多{max}个字符", "must be at most {max} characters";
    TooShort = "too_short" => "至少{min}个字符", "must be at least {min} characters";
    LengthBetween = "length_between" => "长度须为{min}到{max}个字符", "must be {min} to {max} characters";
    LoginCharacters = "login_characters" => "只能包含小写字母、数字和 . _ -", "may contain only lower-case letters, digits, '.', '_' and '-'";
    OutOfRange = "out_of_range" => "须在{min}到{max}之间", "must be between {min} and {max}";
    TimeZoneShape = "time_zone_shape" => "请填写时区，例如 Asia/Shanghai", "must be an IANA time zone such as Asia/Shanghai";
    UnknownTimeZone = "unknown_time_zone" => "“{value}”不是已知的时区", "{value} is not a known IANA time zone";
    PhoneEmpty = "phone_empty" => "请填写手机号", "is empty";
    PhoneInvalid = "phone_invalid" => "请填写11位手机号，或以+开头的国际号码", "enter an 11-digit mobile number, or an international number starting with +";
    InFuture = "in_future" => "不能晚于现在", "must not be in the future";
    LeftBeforeArrival = "left_before_arrival" => "离店时间须晚于到店时间", "must be after the arrival time";
    BeforeToday = "before_today" => "不能早于今天", "must not be before today";
    BeyondAYear = "beyond_a_year" => "须在一年之内", "must be within a year from today";
    BeforeOrder = "before_order" => "不能早于订车日期", "must not be before the order date";
    BeforeFrom = "before_from" => "结束日期不能早于开始日期", "must not be before from";
    BadDate = "bad_date" => "请填写日期，格式为 年-月-日（例如 2026-01-31）", "must be a date written YYYY-MM-DD";
    RangeTooLong = "range_too_long" => "日期范围最长{max}年", "the range may span at most {max} years";
    OneOfTwo = "one_of_two" => "{a}和{b}只能填一个", "give {a} or {b}, not both";
    PhoneInNoTestDrive = "phone_in_no_test_drive" => "来电客户不能登记试驾", "a phone-in cannot have a test drive";
    ProspectSource = "prospect_source" => "渠道须为外拓、转介绍或网络线索；展厅到店和来电请在前台登记", "must be outbound, referral or online; walk-ins and phone-ins are logged at the front desk";
    OtherNeedsNote = "other_needs_note" => "战败原因为“其他”时请说明原因", "say what the reason was when it is 'other'";
    RejectNeedsComment = "reject_needs_comment" => "退回时请告诉销售顾问原因", "tell the consultant why the deal is sent back";
    GradeONeedsOrder = "grade_o_needs_order" => "O级需要订单：请在卡片上登记订单", "grade O comes with an order: record the order on the card";
    NoSuchConsultant = "no_such_consultant" => "请选择本店在职的销售顾问", "choose an active consultant of this store";
    NoSuchModel = "no_such_model" => "本店没有这个车型", "no vehicle model of this store has this id";
    NoSuchStore = "no_such_store" => "没有这个门店", "no store has this id";
    NoSuchUser = "no_such_user" => "本店没有这个用户", "no user of this store has this id";
    NoSuchCustomer = "no_such_customer" => "本店没有这个客户", "no customer of this store has this id";
    NoSuchCampaign = "no_such_campaign" => "本店没有这个活动", "no campaign of this store has this id";
    CampaignNeedsEvent = "campaign_needs_event" => "只有渠道为“展示/活动”的访客才能选择活动", "a campaign goes with the source 'event' only";
    CampaignNotOn = "campaign_not_on" => "到店日期不在活动日期（{from}至{to}）内", "the arrival is not within the campaign's dates ({from} to {to})";
    EndsBeforeStart = "ends_before_start" => "结束日期不能早于开始日期", "must not be before the first day";
    SelfReferral = "self_referral" => "客户不能推荐自己", "a customer cannot refer themselves";
    VisitHasCustomer = "visit_has_customer" => "这次登记已有客户；请在客户档案中更正号码", "this visit already has a customer; correct the number on the customer's card";
    SameConsultant = "same_consultant" => "请选择另一位销售顾问", "choose a different consultant";
    NotOpenProspectOf = "not_open_prospect_of" => "意向客户{id}不是这位顾问的在跟客户", "prospect {id} is not an open prospect of this consultant";
    SearchTooShort = "search_too_short" => "请输入部分姓名或至少3位号码", "type part of a name or at least 3 digits of a number";
    AdminHasNoStore = "admin_has_no_store" => "系统管理员不属于任何门店，请不要填写", "an admin belongs to no store; leave it out";
    StoreRequiredForRole = "store_required_for_role" => "角色 {role} 必须属于一个门店", "is required for the role {role}";
    StoreRequired = "store_required" => "请选择车型所属的门店", "is required: name the store the model belongs to";
    OwnRole = "own_role" => "不能修改自己的角色", "you cannot change your own role";
    OwnAccountDisabled = "own_account_disabled" => "不能停用自己的账号", "you cannot disable your own account";
    AdminStaffSwitch = "admin_staff_switch" => "管理员与门店员工不能互换角色；请新建账号", "an admin cannot become store staff or the other way round; create a new account";
    // the request's own shape
    BadValue = "bad_value" => "取值无效：{detail}", "{detail}";
    BadBody = "bad_body" => "请求内容无效：{detail}", "{detail}";
    MalformedJson = "malformed_json" => "请求不是有效的 JSON", "the request body is not valid JSON: {detail}";
    UnreadableBody = "unreadable_body" => "无法读取请求内容", "the request body could not be read";
    BodyTooLarge = "body_too_large" => "请求内容超过{max} KiB", "the request body is larger than {max} KiB";
    NotJson = "not_json" => "请以 JSON 发送请求（Content-Type: application/json）", "send the body as JSON with Content-Type: application/json";
    BadQuery = "bad_query" => "查询参数无效", "the query string is invalid: {detail}";
    BadIdempotencyKey = "bad_idempotency_key" => "Idempotency-Key 须为1到200个可见字符", "Idempotency-Key must be 1 to 200 visible characters";
    IdempotencyKeyReused = "idempotency_key_reused" => "这个 Idempotency-Key 已用于另一个请求；请换一个", "this Idempotency-Key was already used for a different request; send a new key";

    // ---- state of the record (409) ----
    LoginTaken = "login_taken" => "这个账号已被使用，请换一个", "this login is taken; choose another";
    StoreNameTaken = "store_name_taken" => "已有同名门店", "a store with this name exists";
    ModelNameTaken = "model_name_taken" => "本店已有同名车型", "this store already has a model with this name";
    PhoneTaken = "phone_taken" => "本店已有使用这个号码的客户", "this store already has a customer with this phone number";
    HasOpenProspect = "has_open_prospect" => "这位客户已有在跟的意向，归属{owner}", "this customer already has an open prospect, owned by {owner}";
    ProspectClosed = "prospect_closed" => "这位意向客户已关闭，卡片不能再修改", "this prospect is closed; its card can no longer change";
    ClosedAsLost = "closed_as_lost" => "这位意向客户已战败关闭", "this prospect is closed as lost";
    AlreadyDelivered = "already_delivered" => "这位客户已交车", "this prospect has already been delivered";
    LostPending = "lost_pending" => "战败申请正在等待经理审批", "a lost-deal request is waiting for a manager's decision";
    NoLostRequest = "no_lost_request" => "没有待审批的战败申请", "there is no lost-deal request to decide";
    AlreadyOrdered = "already_ordered" => "这位意向客户已有订单", "this prospect already has an order";
    OrderBeforeDelivery = "order_before_delivery" => "请先登记订单，再登记交车", "record the order before the delivery";
    OrderedNotLost = "ordered_not_lost" => "已订车的客户不能申请战败", "an ordered prospect cannot be closed as lost";
    AlreadyDecided = "already_decided" => "这个战败申请已审批", "this lost deal has already been decided";
    ContactDone = "contact_done" => "这次回访已完成", "this contact has already been made";
    ChangedMeanwhile = "changed_meanwhile" => "刚才有人同时做了同样的修改，请刷新后再试", "someone made the same change at the same moment; reload and try again";
    ContactCancelled = "contact_cancelled" => "客户已拒绝后续回访，这次回访已取消", "the customer declined further contact; this contact was cancelled";

    // ---- who may (401, 403, 404, 429) ----
    SignInFirst = "sign_in_first" => "请先登录", "sign in first: send Authorization: Bearer <token>";
    TokenInvalid = "token_invalid" => "登录状态无效，请重新登录", "the session token is not valid; sign in again";
    TokenExpired = "token_expired" => "登录已过期，请重新登录", "your session has expired; sign in again";
    AccountGone = "account_gone" => "账号已停用或不存在", "this account is disabled or no longer exists";
    WrongCredentials = "wrong_credentials" => "账号或密码错误", "the login or the password is wrong";
    AccountDisabled = "account_disabled" => "账号已停用，请联系经理", "this account is disabled; ask your manager";
    TooManyAttempts = "too_many_attempts" => "密码错误次数过多，请{minutes}分钟后再试，或请经理重设密码", "too many wrong passwords for this login: try again in {minutes} minute(s), or ask your manager to set a new password";
    RoleMayNot = "role_may_not" => "你的角色不能进行这项操作", "your role may not do this";
    ManagersOnly = "managers_only" => "只有经理可以进行这项操作", "only a manager may do this";
    StoreStaffOnly = "store_staff_only" => "这属于门店业务，请用门店员工账号登录", "this belongs to a store; sign in as its staff";
    ManagerGivesOwnOnly = "manager_gives_own_only" => "只有经理可以把客户分配给其他销售顾问", "only a manager may give a prospect to another consultant";
    ManagerAddsFloorStaff = "manager_adds_floor_staff" => "经理只能添加销售顾问和前台", "a manager may add consultants and receptionists only";
    ManagerChangesFloorStaff = "manager_changes_floor_staff" => "经理只能修改销售顾问和前台", "a manager may change consultants and receptionists only";
    PastVisitManagerOnly = "past_visit_manager_only" => "往日的登记只有经理可以修改", "a past day's visit can be changed by a manager only";
    NotFound = "not_found" => "找不到这条记录", "{detail} not found";
    NoSuchRoute = "no_such_route" => "没有这个接口", "API route not found";

    // a reason this build of a client does not know yet (a newer server): show `message`
    Unspecified = "unspecified" => "请求未被接受", "the request was not accepted";

    // ---- the server (5xx) ----
    Unavailable = "unavailable" => "数据库暂时不可用，请稍后再试", "the database is unavailable; try again shortly";
    Internal = "internal" => "服务器出错了，已记录，请稍后再试", "something went wrong on the server; it has been logged";
}

/// Reads a reason leniently: a code this build does not know becomes
/// [`Reason::Unspecified`], so an older app still shows a newer server's refusal.
pub fn lenient<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Reason, D::Error> {
    let code = <String as serde::Deserialize>::deserialize(de)?;
    Ok(code.parse().unwrap_or(Reason::Unspecified))
}

/// The values a reason's sentence names, by placeholder.
pub type Params = BTreeMap<String, String>;

/// `reason`'s sentence in `locale` with `params` put in place; a placeholder with no
/// value is left out.
pub fn render(locale: Locale, reason: Reason, params: &Params) -> String {
    let sentence = text(locale, reason);
    placeholders(sentence)
        .into_iter()
        .fold(sentence.to_owned(), |out, name| {
            let value = params.get(name).map_or("", String::as_str);
            out.replace(&format!("{{{name}}}"), value)
        })
}

/// The placeholders of a sentence, in order.
pub fn placeholders(sentence: &str) -> Vec<&str> {
    sentence
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_both_sentences_with_the_same_values() {
        for reason in Reason::ALL {
            let zh = text(Locale::ZhCn, *reason);
            let en = text(Locale::En, *reason);
            assert!(!zh.trim().is_empty(), "{reason}: no Chinese text");
            assert!(!en.trim().is_empty(), "{reason}: no English text");
            let mut zh_names = placeholders(zh);
            let mut en_names = placeholders(en);
            zh_names.sort();
            en_names.sort();
            // Chinese may leave out a technical detail the English spells (`detail`)
            en_names.retain(|n| *n != "detail" || zh_names.contains(n));
            assert_eq!(zh_names, en_names, "{reason}: placeholders differ");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{reason}: the Chinese text has no Chinese: {zh}"
            );
        }
    }

    #[test]
    fn values_go_into_their_places() {
        let params = Params::from([("max".to_owned(), "100".to_owned())]);
        assert_eq!(
            render(Locale::En, Reason::TooLong, &params),
            "must be at most 100 characters"
        );
        assert_eq!(
            render(Locale::ZhCn, Reason::TooLong, &params),
            "最多100个字符"
        );
        assert_eq!(
            render(Locale::En, Reason::TooLong, &Params::new()),
            "must be at most  characters"
        );
        assert_eq!(render(Locale::En, Reason::Required, &params), "is required");
    }

    #[test]
    fn an_unknown_reason_is_read_as_unspecified() {
        #[derive(serde::Deserialize)]
        struct Body {
            #[serde(deserialize_with = "lenient")]
            reason: Reason,
        }
        let known: Body = serde_json::from_str(r#"{"reason": "too_long"}"#).unwrap();
        assert_eq!(known.reason, Reason::TooLong);
        let newer: Body = serde_json::from_str(r#"{"reason": "from_the_future"}"#).unwrap();
        assert_eq!(newer.reason, Reason::Unspecified);
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for reason in Reason::ALL {
            assert!(seen.insert(reason.as_str()), "{reason} twice");
        }
    }
}
