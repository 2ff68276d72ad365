//! A list of prospect cards with its filters (grade, search, owner), loaded again
//! whenever a filter changes: the consultant's "My day" and the manager's prospects.

use std::time::Duration;

use keyuan_shared::api::Prospect;
use keyuan_shared::Grade;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, ApiError, ProspectQuery};
use crate::i18n::{use_i18n, I18n, Key};
use crate::latest::Latest;

/// The pause after the last keystroke before a search is sent.
pub const SEARCH_DELAY: Duration = Duration::from_millis(300);

/// A card list with its filters, loaded again whenever a filter changes.
#[derive(Debug, Clone, Copy)]
pub struct CardList {
    api: Api,
    i18n: I18n,
    pub grade: RwSignal<Option<Grade>>,
    pub q: RwSignal<String>,
    pub owner: RwSignal<Option<i64>>,
    mine: bool,
    pub list: RwSignal<Option<Vec<Prospect>>>,
    /// The server cut the list at its limit: the filters should narrow it.
    pub more: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    generation: Latest,
}

impl CardList {
    pub fn new(api: Api, mine: bool) -> Self {
        let this = CardList {
            api,
            i18n: use_i18n(),
            grade: RwSignal::new(None),
            q: RwSignal::new(String::new()),
            owner: RwSignal::new(None),
            mine,
            list: RwSignal::new(None),
            more: RwSignal::new(false),
            error: RwSignal::new(None),
            generation: Latest::new(),
        };
        // Grade and owner load at once; typing waits for a pause.
        Effect::new(move |first: Option<()>| {
            this.grade.track();
            this.owner.track();
            if first.is_some() {
                this.load(Duration::ZERO);
            }
        });
        Effect::new(move |first: Option<()>| {
            this.q.track();
            if first.is_some() {
                this.load(SEARCH_DELAY);
            }
        });
        this.load(Duration::ZERO);
        this
    }

    pub fn load(self, delay: Duration) {
        let Some(this) = self.generation.next() else {
            return;
        };
        let run = move || {
            if !self.generation.is(this) {
                return;
            }
            let query = ProspectQuery {
                mine: self.mine,
                grade: self.grade.get_untracked(),
                q: self.q.get_untracked(),
                owner_id: self.owner.get_untracked(),
            };
            spawn_local(async move {
                let result = self.api.prospects(&query).await;
                if !self.generation.is(this) {
                    return;
                }
                match result {
                    Ok(list) => {
                        self.more.set(list.more);
                        self.list.set(Some(list.prospects));
                        self.error.set(None);
                    }
                    Err(ApiError::SignedOut) => {}
                    Err(e) => self
                        .error
                        .set(Some(e.message(self.i18n.locale.get_untracked()))),
                }
            });
        };
        if delay.is_zero() {
            run();
        } else {
            set_timeout(run, delay);
        }
    }
}

/// Says that a listing was cut at the server's limit.
#[component]
pub fn ListCutNotice(more: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        more.get().then(|| {
            view! { <p class="muted list-more" data-test="list-more">{i18n.text(Key::ListCut)}</p> }
        })
    }
}
