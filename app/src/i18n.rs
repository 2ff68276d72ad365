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
    TooManyAttempts => "密码错误次数过多，请{n}分钟后再试，或请经理重设密码", "Too many wrong passwords. Try again in {n} min, or ask your manager to set a new password.";
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

    // My day (我的一天)
    ActivityTitle => "今日活动 5-20-30", "Today's activity (5-20-30)";
    ActivityMeetings => "见客户", "Meetings";
    ActivityCalls => "电话", "Calls";
    ActivityMessages => "信息", "Messages";
    PipelineLow => "意向客户储备 {n} / {size}：低于目标，请开发新客户", "Pipeline {n} / {size}: below target, find new prospects";
    PipelineOk => "意向客户 {n} / {size}", "Pipeline {n} / {size}";
    DueSummary => "逾期 {overdue} · 今天 {today}", "{overdue} overdue · {today} due today";
    LoyaltyDueLink => "回访待办 {n} 个 →", "{n} loyalty contacts due →";
    SearchLabel => "搜索客户", "Search prospects";
    SearchPlaceholder => "姓名或手机号", "Name or phone";
    GradeAll => "全部", "All";
    GradeFilter => "按级别筛选", "Filter by grade";
    NoProspects => "没有符合条件的意向客户", "No prospects match";
    NewProspect => "+ 新客户", "+ New prospect";
    NewProspectTitle => "新建意向客户", "New prospect";
    CreateProspect => "保存并打开", "Save and open";
    DueOverdue => "逾期", "Overdue";
    DueToday => "今天跟进", "Due today";
    DueUpcoming => "待跟进", "Upcoming";
    DueUnscheduled => "未安排", "Not scheduled";
    LastContact => "上次联系", "Last contact";
    NeverContacted => "从未联系", "never";
    ContactToday => "今天", "today";
    ContactYesterday => "昨天", "yesterday";
    ContactDaysAgo => "{n}天前", "{n} days ago";
    NextFollowUp => "下次跟进", "Next follow-up";
    InDays => "{n}天后", "in {n} days";
    Tomorrow => "明天", "tomorrow";
    TodayWord => "今天", "today";
    OverdueDays => "逾期{n}天", "{n} days overdue";
    NoModelChosen => "未选车型", "No model";
    ManMoney => "购买力", "Money";
    ManAuthority => "决策权", "Authority";
    ManNeed => "需求", "Need";

    // Card detail (意向客户卡)
    BackToList => "← 返回", "← Back";
    CallCustomer => "拨打", "Call";
    GradeLabel => "意向级别", "Grade";
    GradeMeaningO => "O · 已订车", "O · order signed";
    GradeMeaningH => "H · 7天内购买", "H · buys within 7 days";
    GradeMeaningA => "A · 15天内购买", "A · buys within 15 days";
    GradeMeaningB => "B · 30天内购买", "B · buys within 30 days";
    GradeMeaningC => "C · 30天以上", "C · later than 30 days";
    ManTitle => "客户资格 MAN", "Qualification (MAN)";
    AdvicePush => "理想客户：争取订单", "Ideal prospect: push for the order";
    AdviceCreateNeed => "可以接触：用专业销售创造需求", "Contact; skilled selling can create the need";
    AdviceFindDecider => "可以接触，并找到有决策权的人", "Contact, and find the person who decides";
    AdviceFinancing => "可以接触：了解信用，推荐金融方案", "Contact; check credit, offer financing";
    AdviceNurture => "保持联系，培养另外两项", "Keep in touch, nurture the missing two";
    AdviceNotCustomer => "不是客户：不必再花时间", "Not a customer: stop spending time";
    StatusLabel => "状态", "Status";
    StatusActive => "跟进中", "Active";
    StatusDormant => "休眠", "Dormant";
    StatusLostPending => "战败待审批", "Waiting for manager";
    StatusLost => "已战败", "Lost";
    StatusWon => "已交车", "Delivered";
    DetailsTitle => "客户信息", "Details";
    BudgetLabel => "预算（元）", "Budget (yuan)";
    SaveDetails => "保存", "Save";
    SavedShort => "已保存", "Saved";
    LogFollowUp => "记录跟进", "Log follow-up";
    LogHint => "选填备注、级别和日期，然后点跟进方式", "Add a note, grade and date if you like, then tap how you followed up";
    GradeAfter => "跟进后级别", "Grade after";
    NextDateLabel => "下次跟进日期", "Next follow-up on";
    ChannelCall => "电话", "Call";
    ChannelVisit => "到店", "Visit";
    ChannelMessage => "信息", "Message";
    ChannelTestDrive => "试驾", "Test drive";
    ChannelOther => "其他", "Other";
    FollowUpLogged => "已记录。下次跟进：{date}", "Logged. Next follow-up: {date}";
    FollowUpsTitle => "跟进记录", "Follow-ups";
    VisitsTitle => "到店/来电", "Visits";
    OrdersTitle => "订单与交车", "Order and delivery";
    OwnersTitle => "归属记录", "Owners";
    HistoryTitle => "修改记录", "Change history";
    NoneYet => "暂无", "None yet";
    OwnerSince => "{from} 起", "since {from}";
    AssignedBy => "{name} 分配", "assigned by {name}";
    HistoryCreate => "新建", "created";
    HistoryUpdate => "修改", "changed";
    EntityProspect => "意向卡", "card";
    EntityFollowUp => "跟进", "follow-up";
    EntityOrder => "订单", "order";
    EntityLostDeal => "战败", "lost deal";
    EntityCustomer => "客户", "customer";
    ChannelLabel => "跟进方式", "Channel";
    RecordOrder => "记录订单", "Record order";
    SaleTypeLabel => "销售类型", "Sale type";
    SaleRetail => "展厅零售", "Retail";
    SaleSecondary => "二级网点", "Secondary";
    SaleFleet => "批售", "Fleet";
    OrderDate => "订车日期", "Order date";
    ChooseModel => "请选择车型", "Choose a model";
    OrderedOn => "订车 {date}", "ordered {date}";
    DeliveredOn => "交车 {date}", "delivered {date}";
    RecordDelivery => "记录交车", "Record delivery";
    DeliveryDate => "交车日期", "Delivery date";
    LoyaltyCreated => "已交车，已生成 {n} 次回访计划", "Delivered; {n} loyalty contacts scheduled";
    MarkLost => "战败", "Lost deal";
    LostTitle => "申请战败", "Close as lost";
    LostReasonLabel => "战败原因", "Reason";
    LostNote => "说明", "Details";
    LostNoteRequired => "选择“其他”时请写明原因", "Say what the reason was when you choose Other";
    SubmitLost => "提交给经理审批", "Send to the manager";
    WaitingForManager => "战败申请等待经理审批", "Lost-deal request waiting for the manager";
    GroupProduct => "产品", "Product";
    GroupPrice => "价格", "Price";
    GroupSalesperson => "销售人员", "Salesperson";
    GroupManagement => "管理", "Management";
    GroupOther => "其他", "Other";
    ReasonBrand => "品牌", "Brand";
    ReasonExterior => "外观", "Exterior";
    ReasonInterior => "内饰", "Interior";
    ReasonConfiguration => "配置", "Configuration";
    ReasonPerformance => "动力及操控", "Performance";
    ReasonQuality => "质量", "Quality";
    ReasonPrice => "价格", "Price";
    ReasonBadQuote => "报价不合理", "Bad quote";
    ReasonUnenthusiastic => "态度不热情", "Unenthusiastic";
    ReasonUnprofessional => "介绍不专业", "Unprofessional";
    ReasonBrokenPromise => "承诺不兑现", "Broken promise";
    ReasonPoorService => "服务不到位", "Poor service";
    ReasonSlowFollowUp => "跟进不及时", "Slow follow-up";
    ReasonOther => "其他", "Other";
    ConfirmLost => "确认战败", "Confirm";
    RejectLost => "退回", "Send back";
    CommentLabel => "意见", "Comment";
    CommentRequired => "退回时请写明意见", "Say why when you send it back";
    RequestedBy => "{name} 申请", "requested by {name}";
    OwnerLabel => "归属顾问", "Owner";
    Reassign => "转给该顾问", "Reassign";
    Reassigned => "已转给 {name}", "Reassigned to {name}";

    // Manager's prospects (意向客户)
    ToApproveTitle => "待审批战败", "Lost deals to approve";
    NothingToApprove => "没有待审批的战败申请", "Nothing to approve";
    StoreProspectsTitle => "全店意向客户", "Store prospects";
    AllConsultants => "全部顾问", "All consultants";
    ReassignTitle => "整体转移（顾问离职）", "Move a consultant's prospects";
    ReassignFrom => "从", "From";
    ReassignTo => "转给", "To";
    ReassignAll => "全部转移", "Move all";
    ChooseConsultant => "选择顾问", "Choose a consultant";
    SameConsultant => "请选择两位不同的顾问", "Choose two different consultants";
    MovedProspects => "已转移 {n} 个意向客户", "Moved {n} prospects";

    // Loyalty and timeline (忠诚客户维护周期, 客户档案)
    LoyaltyOpenTitle => "今天到期及逾期", "Due today and overdue";
    LoyaltyDoneTitle => "今天已完成", "Done today";
    LoyaltyNothingDue => "今天没有要做的回访", "No contacts due today";
    LoyaltyNoneDone => "今天还没有完成的回访", "Nothing done yet today";
    StepDays => "交车后{n}天", "Day {n}";
    StepMonths => "交车后{n}个月", "Month {n}";
    LoyaltyCall => "回访电话", "call";
    LoyaltyMail => "关怀信函", "mail";
    DueOnDate => "应于 {date}", "due {date}";
    DueTodayTag => "今天到期", "due today";
    CompleteContact => "完成回访", "Mark done";
    OutcomeLabel => "回访结果", "Outcome";
    OutcomeReached => "已联系上", "Reached";
    OutcomeNoAnswer => "无人接听", "No answer";
    OutcomeWrongNumber => "号码错误", "Wrong number";
    OutcomeDeclined => "拒绝再联系", "Declined further contact";
    DeclineWarning => "选择“拒绝再联系”会取消该客户其余的全部回访", "“Declined” cancels all of this customer's remaining contacts";
    ChooseOutcome => "请选择回访结果", "Choose an outcome";
    SaveOutcome => "保存结果", "Save outcome";
    CancelledNotice => "{name} 拒绝再联系：已取消其余 {n} 次回访", "{name} declined further contact: {n} remaining contacts cancelled";
    ContactDone => "已完成 {name} 的回访", "Contact with {name} done";
    DoneAt => "完成于 {time}", "done {time}";
    LoyaltyStatusDone => "已完成", "Done";
    LoyaltyStatusDue => "待回访", "Due";
    LoyaltyStatusCancelled => "已取消", "Cancelled";
    RoadAhead => "未来回访计划", "The road ahead";
    RoadAheadHint => "交车后五年内的回访，按到期日排列", "Contacts over the five years after delivery, by due date";
    SoFar => "客户历程", "So far";
    CustomerTimelineTitle => "客户档案", "Customer timeline";
    OpenTimeline => "客户时间线 →", "Customer timeline →";
    ListCut => "只列出前1000位：请用搜索或筛选缩小范围", "Showing the first 1,000: search or filter to narrow the list";
    ReferralsCount => "介绍了{n}位客户", "Referred {n} customers";
    ReferredByLink => "由 {name} 介绍 →", "Referred by {name} →";
    OpenProspectCard => "意向卡 →", "Prospect card →";
    EventFollowUp => "跟进", "Follow-up";
    EventGradeChange => "级别变化", "Grade change";
    EventOrder => "订车", "Order";
    EventDelivery => "交车", "Delivery";
    EventReferral => "介绍了新客户", "Referred a new customer";
    EventLostDeal => "战败", "Lost deal";
    LostStatusPending => "待审批", "waiting for approval";
    LostStatusConfirmed => "已确认", "confirmed";
    LostStatusRejected => "已退回", "sent back";
    ShowAllAhead => "显示全部 {n} 次", "Show all {n}";
    ShowFewerAhead => "收起", "Show fewer";
    ReportTitle => "回访及时率", "Loyalty contacts on time";
    ReportHint => "按到期日统计：按时 = 到期当天或之前完成；延迟 = 到期后才完成；漏访 = 已过期未完成；待完成 = 尚未到期。", "By due date: on time = done on or before the due date; late = done after it; missed = past due and not done; pending = not yet due.";
    ReportFrom => "开始日期", "From";
    ReportTo => "结束日期", "To";
    ReportConsultant => "顾问", "Consultant";
    ReportOnTime => "按时", "On time";
    ReportLate => "延迟", "Late";
    ReportMissed => "漏访", "Missed";
    ReportPending => "待完成", "Pending";
    ReportTotal => "合计", "Total";
    ReportOnTimeRate => "按时率", "On-time rate";
    ReportEmpty => "该时间段内没有到期的回访", "No contacts were due in this range";
    StoreLoyaltyTitle => "全店今天到期及逾期", "Store: due today and overdue";
    ReferrerLabel => "介绍人（老客户）", "Referred by (customer)";
    ReferrerPlaceholder => "搜索老客户姓名或手机号", "Search a customer by name or number";
    ReferrerNoneFound => "没有找到客户", "No customer found";
    ReferrerDigitsHint => "手机号请至少输入3位", "Type at least 3 digits of a number";
    ReferrerClear => "清除", "Clear";
    ReferralsShort => "已介绍{n}位", "{n} referred";

    // Between a field's name and what is wrong with it
    FieldSeparator => "：", ": ";
    FieldPassword => "密码", "Password";
    FieldRole => "角色", "Role";
    FieldQuery => "搜索", "Search";
    FieldArrivedAt => "到店时间", "Arrival";
    FieldLeftAt => "离店时间", "Departure";
    FieldTestDrive => "试驾", "Test drive";
    FieldDate => "日期", "Date";
}

/// The name of a request field the server may find at fault, for the start of its error
/// sentence; `None` for fields that the user does not see as an input.
pub fn field_label(field: &str) -> Option<Key> {
    Some(match field {
        "name" => Key::PersonName,
        "login" => Key::Login,
        "password" => Key::FieldPassword,
        "role" => Key::FieldRole,
        "store_id" => Key::Store,
        "time_zone" => Key::TimeZone,
        "phone" => Key::PhoneLabel,
        "party_size" => Key::PartySize,
        "source" => Key::SourceLabel,
        "vehicle_model_id" => Key::ModelLabel,
        "consultant_id" | "owner_id" | "to_owner_id" | "from_owner_id" => Key::ConsultantLabel,
        "note" => Key::NoteLabel,
        "comment" => Key::CommentLabel,
        "grade" => Key::GradeLabel,
        "budget" => Key::BudgetLabel,
        "next_follow_up_on" => Key::NextDateLabel,
        "referred_by" => Key::ReferrerLabel,
        "reason" => Key::LostReasonLabel,
        "q" => Key::FieldQuery,
        "arrived_at" => Key::FieldArrivedAt,
        "left_at" => Key::FieldLeftAt,
        "test_drive" => Key::FieldTestDrive,
        "ordered_at" | "ordered_on" | "delivered_at" | "delivered_on" | "from" | "to" => {
            Key::FieldDate
        }
        _ => return None,
    })
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

    /// Every reason the server can send (`keyuan_shared::errors::Reason`, the only way
    /// the server builds an error) has a sentence in both languages; the Chinese one is
    /// what a Chinese screen shows, never the server's English `message`.
    #[test]
    fn every_server_reason_reads_in_both_languages() {
        use keyuan_shared::api::ErrorDetail;
        use keyuan_shared::errors::Reason;
        for reason in Reason::ALL {
            let detail = ErrorDetail {
                code: "invalid_field".into(),
                reason: *reason,
                params: Default::default(),
                message: "English from the server".into(),
                field: Some("phone".into()),
                retry_after: None,
            };
            for locale in Locale::ALL {
                let text = crate::api::reason_text(*locale, &detail);
                if *reason == Reason::Unspecified {
                    // a reason this build does not know: the server's own sentence
                    assert_eq!(text, "English from the server");
                    continue;
                }
                assert!(!text.contains("English from the server"), "{reason}");
                assert!(
                    text.len() > tr(*locale, Key::PhoneLabel).len(),
                    "{reason} in {locale}"
                );
            }
        }
        let too_long = ErrorDetail {
            code: "invalid_field".into(),
            reason: Reason::TooLong,
            params: [("max".to_owned(), "100".to_owned())].into(),
            message: "name: must be at most 100 characters".into(),
            field: Some("name".into()),
            retry_after: None,
        };
        assert_eq!(
            crate::api::reason_text(Locale::ZhCn, &too_long),
            "姓名：最多100个字符"
        );
        assert_eq!(
            crate::api::reason_text(Locale::En, &too_long),
            "Name: must be at most 100 characters"
        );
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
