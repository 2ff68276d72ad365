//! Every piece of interface text, in Simplified Chinese (the default) and English.
//!
//! Views never spell out text themselves: they name a [`Key`] and ask [`tr`] (or the
//! reactive [`I18n`] handle) for the current locale's wording, so a missing translation
//! is a compile error rather than a blank label.

use keyuan_shared::{Locale, Role};
use leptos::prelude::*;

macro_rules! translations {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        /// One piece of interface text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $($key),+
        }

        impl Key {
            /// Every key, in declaration order (for checks that no text is missing).
            #[cfg(test)]
            pub const ALL: &'static [Key] = &[$(Key::$key),+];
        }

        /// The wording of `key` in `locale`.
        pub const fn tr(locale: Locale, key: Key) -> &'static str {
            match locale {
                Locale::ZhCn => match key { $(Key::$key => $zh),+ },
                Locale::En => match key { $(Key::$key => $en),+ },
            }
        }
    };
}

translations! {
    // Brand and shell
    AppName => "客源 Keyuan", "客源 Keyuan";
    Tagline => "展厅客流与意向客户管理", "Showroom traffic and prospect CRM";
    Loading => "加载中…", "Loading…";
    SignOut => "退出登录", "Sign out";
    SwitchLanguage => "切换语言", "Switch language";
    OtherLanguage => "English", "中文";
    MainNav => "主导航", "Main navigation";
    NotFound => "页面不存在", "Page not found";
    BackHome => "返回首页", "Back to home";

    // Sign-in
    SignInTitle => "登录", "Sign in";
    LoginLabel => "账号", "Login";
    PasswordLabel => "密码", "Password";
    SignInButton => "登录", "Sign in";
    SigningIn => "正在登录…", "Signing in…";
    WrongCredentials => "账号或密码错误", "Wrong login or password";
    MissingCredentials => "请输入账号和密码", "Enter your login and password";
    SessionEnded => "登录已过期，请重新登录", "Your session has ended. Please sign in again.";
    NetworkError => "无法连接服务器，请稍后再试", "Cannot reach the server. Please try again.";
    UnexpectedError => "出现了意外错误，请稍后再试", "Something went wrong. Please try again.";

    // Roles
    RoleAdmin => "系统管理员", "Administrator";
    RoleManager => "展厅经理", "Showroom manager";
    RoleReceptionist => "前台", "Receptionist";
    RoleConsultant => "销售顾问", "Sales consultant";

    // Screens
    ScreenDashboard => "看板", "Dashboard";
    ScreenCheckin => "前台登记", "Check-in";
    ScreenProspects => "意向客户", "Prospects";
    ScreenSetup => "设置", "Set-up";
    ScreenMyDay => "我的一天", "My day";
    ScreenLoyalty => "回访", "Loyalty contacts";

    // Screens still to come
    ComingSoon => "即将推出", "Coming soon";
    ComingSoonText => "此页面将在后续版本中推出。", "This screen arrives in a coming release.";
    AboutDashboard => "实时查看客流、留档率、试驾率与成交率，以及战败分析和月度客源开发目标。",
        "Live showroom traffic with capture, test-drive and closing rates, lost-deal analysis and the monthly prospect target.";
    AboutProspects => "全店意向客户卡片：意向级别、跟进记录、试驾、订单与战败审批。",
        "Every prospect card in the store: grades, follow-ups, test drives, orders and lost-deal approvals.";
    AboutMyDay => "今天要跟进的客户、逾期提醒，以及 5-20-30 每日活动目标的完成情况。",
        "Today's follow-ups, overdue prospects, and your progress against the 5-20-30 daily activity targets.";
    AboutLoyalty => "交车后的 24 次回访计划：今天到期、已逾期和已完成的联系。",
        "The 24-contact schedule after delivery: contacts due today, overdue and done.";

    // Set-up
    SetupIntro => "管理门店、用户和车型目录。", "Manage stores, users and the vehicle catalog.";
    SectionStores => "门店", "Stores";
    SectionUsers => "用户", "Users";
    SectionModels => "车型", "Vehicle models";
    StoreName => "门店名称", "Store name";
    TimeZone => "时区", "Time zone";
    AddStore => "添加门店", "Add store";
    NoStores => "还没有门店", "No stores yet";
    PersonName => "姓名", "Name";
    Login => "账号", "Login";
    InitialPassword => "初始密码", "Initial password";
    Role => "角色", "Role";
    Store => "门店", "Store";
    AllStores => "全部门店", "All stores";
    Active => "启用", "Active";
    Inactive => "已停用", "Inactive";
    Activate => "启用", "Activate";
    Deactivate => "停用", "Deactivate";
    AddUser => "添加用户", "Add user";
    NoUsers => "没有用户", "No users";
    ModelName => "车型名称", "Model name";
    AddModel => "添加车型", "Add model";
    NoModels => "还没有车型", "No vehicle models yet";
    ChooseStoreFirst => "请先添加门店", "Add a store first";
    Saving => "保存中…", "Saving…";
    Added => "已添加", "Added";
    LoadFailed => "加载失败", "Could not load";
    Retry => "重试", "Retry";
    NoStoreValue => "—", "—";

    // Checks made before sending a form
    HintName => "请填写名称（最多 100 个字符）", "Enter a name (up to 100 characters)";
    HintLogin => "账号为 2–32 位小写字母、数字或 . _ -", "A login is 2–32 lower-case letters, digits, '.', '_' or '-'";
    HintPassword => "密码为 8–128 个字符", "A password has 8 to 128 characters";
    HintTimeZone => "请填写时区，例如 Asia/Shanghai", "Enter a time zone such as Asia/Shanghai";
    HintStore => "请选择门店", "Choose a store";

    // Check-in (前台登记)
    CheckinForm => "登记来访", "New check-in";
    KindWalkIn => "来店", "Walk-in";
    KindPhoneIn => "来电", "Phone-in";
    VisitKindLabel => "类型", "Type";
    PartySize => "人数", "Party size";
    Fewer => "减少一人", "One fewer";
    More => "增加一人", "One more";
    PhoneLabel => "手机号", "Mobile number";
    PhonePlaceholder => "例如 138 0013 8000", "e.g. 138 0013 8000";
    VisitorName => "姓名", "Name";
    NamePlaceholder => "客户称呼，可不填", "Optional";
    SourceLabel => "客源渠道", "Source";
    SourceWalkIn => "自然到店", "Walk-in";
    SourcePhone => "来电", "Phone";
    SourceEvent => "展示/活动", "Event";
    SourceReferral => "转介绍", "Referral";
    SourceOutbound => "外拓", "Outbound";
    SourceOnline => "网络线索", "Online";
    ModelLabel => "意向车型", "Model of interest";
    ConsultantLabel => "接待顾问", "Consultant";
    NobodyFree => "暂无空闲顾问（自动分配）", "Nobody free (assigned automatically)";
    OwnerSuffix => "（归属顾问）", " (owner)";
    OffDutySuffix => "（暂停接待）", " (off duty)";
    TestDrive => "试驾", "Test drive";
    TestDriveYes => "已试驾", "Test drive: yes";
    TestDriveNo => "未试驾", "Test drive: no";
    NoteLabel => "备注", "Note";
    SaveVisit => "保存登记", "Save check-in";
    SavedVisit => "已登记，可接待下一位", "Checked in — ready for the next visitor";
    ReturningCustomer => "老客户", "Returning customer";
    OwnerIs => "归属顾问：", "owner: ";
    GradeIs => "级别 ", "grade ";
    LastVisitToday => "今天来过", "last visit today";
    LastVisitYesterday => "上次到店：昨天", "last visit yesterday";
    LastVisitDaysAgo => "上次到店：{n} 天前", "last visit {n} days ago";
    NewCustomer => "新客户", "New customer";
    HintPhone => "请输入 11 位手机号，或以 + 开头的国际号码", "Enter an 11-digit mobile number, or an international number starting with +";
    HintPartySize => "人数为 1–50", "Party size is 1 to 50";
    HintVisitName => "姓名最多 100 个字符", "A name has at most 100 characters";
    HintNote => "备注最多 1000 个字符", "A note has at most 1000 characters";
    HintTestDrive => "来电客户不能登记试驾", "A phone-in cannot have a test drive";
    HintInvalid => "请检查此项", "Please check this field";

    // Rotation board (接待轮序)
    RotationTitle => "接待轮序", "Rotation";
    NextUp => "下一位", "Next up";
    WithCustomer => "接待中", "With customer";
    OffDuty => "暂停接待", "Off duty";
    TakeOffDuty => "暂停", "Take off";
    PutOnDuty => "恢复", "Put on";
    NoConsultants => "没有销售顾问", "No consultants";

    // Today's log
    TodayLog => "今日登记", "Today's log";
    CountTraffic => "客流人数", "Visitors";
    CountFirst => "首次到店", "First visits";
    CountCaptured => "留档", "Captured";
    CountTestDrives => "试驾", "Test drives";
    NoVisitsYet => "今天还没有登记", "No visitors yet today";
    PartyOf => "{n}人", "{n} people";
    PartyOfOne => "{n}人", "1 person";
    DeclinedDetails => "未留资料", "Declined to leave details";
    FirstVisit => "首次", "First";
    ReturnVisit => "再次", "Return";
    MarkLeft => "离店", "Left";
    StayedMinutes => "停留 {n} 分钟", "stayed {n} min";
    StayedHours => "停留 {h} 小时 {m} 分钟", "stayed {h} h {m} min";
    StayedUnderMinute => "停留不到 1 分钟", "stayed under a minute";
    Unassigned => "未分配", "Unassigned";
    WaitingToSend => "等待发送", "Waiting to send";
    Sending => "发送中…", "Sending…";
    NeedsAttention => "需要处理", "Needs attention";
    Discard => "放弃", "Discard";
    PendingAttention => "有 {n} 条登记未被服务器接受，请在今日登记中处理", "{n} check-in(s) refused by the server: see today's log";
    EditAgain => "修改", "Edit";
    EditVisit => "编辑", "Edit";
    EditVisitTitle => "编辑登记", "Edit visit";
    SaveEdit => "保存修改", "Save changes";
    Cancel => "取消", "Cancel";
    Offline => "网络断开：登记已保存在本机，恢复后自动发送", "Offline: check-ins are kept on this tablet and sent when the connection returns";
}

/// The label of a role.
pub const fn role_key(role: Role) -> Key {
    match role {
        Role::Admin => Key::RoleAdmin,
        Role::Manager => Key::RoleManager,
        Role::Receptionist => Key::RoleReceptionist,
        Role::Consultant => Key::RoleConsultant,
    }
}

/// `text` with `{name}` replaced by `value`.
pub fn fill(text: &str, name: &str, value: impl std::fmt::Display) -> String {
    text.replace(&format!("{{{name}}}"), &value.to_string())
}

/// The other interface language: what the language switch changes to.
pub const fn other_locale(locale: Locale) -> Locale {
    match locale {
        Locale::ZhCn => Locale::En,
        Locale::En => Locale::ZhCn,
    }
}

/// Reactive access to the current locale, provided as context by the app root.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The current wording of `key`; reading it inside a view closure makes that view
    /// follow locale changes.
    pub fn tr(self, key: Key) -> &'static str {
        tr(self.locale.get(), key)
    }

    /// A reactive text node for `key`.
    pub fn text(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.tr(key)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_text_in_both_languages() {
        for key in Key::ALL {
            for locale in Locale::ALL {
                assert!(
                    !tr(*locale, *key).trim().is_empty(),
                    "{key:?} is empty in {locale}"
                );
            }
        }
    }

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(tr(Locale::default(), Key::SignInButton), "登录");
        assert_eq!(
            tr(Locale::En, Key::WrongCredentials),
            "Wrong login or password"
        );
        assert_eq!(other_locale(Locale::ZhCn), Locale::En);
    }
}
