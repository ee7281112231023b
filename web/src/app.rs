//! The page's root component: owns the language, the loading phase and the as-of date, and hands plain data
//! to the views.

use std::rc::Rc;

use kokyaku_core::ingest::options::DateOrder;
use kokyaku_core::ingest::StatusChoice;
use kokyaku_core::{Day, IngestOptions};
use yew::prelude::*;

use crate::derived::Derived;
use crate::i18n::{self, Lang};
use crate::loader::{self, Failed, FileColumns, Input, Loaded, Progress};
use crate::mapping::{self, MapRequest, Plan};
use crate::same::Same;
use crate::views::downloads::CsvIds;
use crate::views::{
    basket::BasketView, cohort::CohortView, cpm::CpmView, dashboard::DashboardView,
    dropzone::DropZone, failed::FailedView, history::HistoryView, ltv::LtvView,
    mapping::MappingView, migration::MigrationView, quality::QualityView, repeat::RepeatView,
    rfm::RfmView, segment::SegmentView, summary::SummaryView,
};

/// The views of a loaded dataset.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Dashboard,
    Summary,
    Rfm,
    Cpm,
    Cohorts,
    Repeat,
    History,
    Ltv,
    Basket,
    Migration,
    Segments,
}

impl Tab {
    const ALL: [Tab; 11] = [
        Tab::Dashboard,
        Tab::Summary,
        Tab::Rfm,
        Tab::Cpm,
        Tab::Cohorts,
        Tab::Repeat,
        Tab::History,
        Tab::Ltv,
        Tab::Basket,
        Tab::Migration,
        Tab::Segments,
    ];

    fn id(self) -> &'static str {
        match self {
            Tab::Dashboard => "dashboard",
            Tab::Summary => "summary",
            Tab::Rfm => "rfm",
            Tab::Cpm => "cpm",
            Tab::Cohorts => "cohorts",
            Tab::Repeat => "repeat",
            Tab::History => "history",
            Tab::Ltv => "ltv",
            Tab::Basket => "basket",
            Tab::Migration => "migration",
            Tab::Segments => "segments",
        }
    }

    /// The tab a key moves to from this one (WAI-ARIA tabs: arrows wrap around, Home and End).
    fn moved_by(self, key: &str) -> Option<Tab> {
        let i = Tab::ALL.iter().position(|&t| t == self)?;
        let n = Tab::ALL.len();
        let to = match key {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        };
        Some(Tab::ALL[to])
    }

    fn label(self, l: Lang) -> &'static str {
        match self {
            Tab::Dashboard => l.t("ダッシュボード", "Dashboard"),
            Tab::Summary => l.t("サマリーとデータ品質", "Summary and data quality"),
            Tab::Rfm => "RFM",
            Tab::Cpm => "CPM",
            Tab::Cohorts => l.t("コホート", "Cohorts"),
            Tab::Repeat => l.t("リピート", "Repeat"),
            Tab::History => l.t("LTV（実績）", "Historical LTV"),
            Tab::Ltv => l.t("LTV（予測）", "Predictive LTV"),
            Tab::Basket => l.t("併売", "Basket"),
            Tab::Migration => l.t("効果推移", "Migration"),
            Tab::Segments => l.t("セグメント", "Segments"),
        }
    }
}

/// What a page embedding the app decides (see `embed`); the standalone page leaves it all default.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// The language the host chose; default: the stored choice or the browser's language.
    #[prop_or_default]
    pub lang: Option<Lang>,
    /// Hears the user's own switches of language (the host reflects them).
    #[prop_or_default]
    pub on_lang: Option<Callback<Lang>>,
    /// Inside another page: the language choice is not stored, and there is no sample data to fetch.
    #[prop_or_default]
    pub embedded: bool,
}

/// Where the page is.
enum Phase {
    Empty,
    Loading(Progress),
    Ready(Rc<Loaded>),
    Failed(Rc<Failed>),
    /// The columns of a file must be mapped before reading.
    Mapping(Rc<MapRequest>),
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let lang = use_state(|| props.lang.unwrap_or_else(i18n::detect));
    {
        let lang = lang.clone();
        use_effect_with(props.lang, move |chosen| {
            if let Some(l) = *chosen {
                lang.set(l);
            }
        });
    }
    // The first read's worker loads while the user picks files.
    use_effect_with((), |()| crate::workers::read::page::prepare());
    let phase = use_state(|| Phase::Empty);
    let as_of = use_state(|| None::<Day>);
    let csv_ids = use_state(|| false);
    let tab = use_state(|| Tab::Dashboard);
    // The mapping screen for the files read, and whether a remembered mapping was applied.
    let adjust = use_state(|| None::<(Rc<MapRequest>, bool)>);
    // The results shown last, to return to when the mapping screen is left without reading.
    let shown = use_mut_ref(|| None::<Rc<Loaded>>);

    // The last read's inputs, options and files' own columns: to read them again with other statuses counted.
    let last_read = use_mut_ref(|| None::<(Vec<Input>, IngestOptions, Vec<Option<FileColumns>>)>);
    let read = {
        let phase = phase.clone();
        let as_of = as_of.clone();
        let shown = shown.clone();
        let last_read = last_read.clone();
        Callback::from(
            move |(inputs, options, columns): (
                Vec<Input>,
                IngestOptions,
                Vec<Option<FileColumns>>,
            )| {
                if inputs.is_empty() {
                    return;
                }
                *last_read.borrow_mut() = Some((inputs.clone(), options.clone(), columns.clone()));
                phase.set(Phase::Loading(Progress::default()));
                as_of.set(None);
                let phase = phase.clone();
                let shown = shown.clone();
                let on_progress = {
                    let phase = phase.clone();
                    Callback::from(move |p: Progress| phase.set(Phase::Loading(p)))
                };
                wasm_bindgen_futures::spawn_local(async move {
                    match loader::load(inputs, options, columns, on_progress).await {
                        Ok(loaded) => {
                            let loaded = Rc::new(loaded);
                            *shown.borrow_mut() = Some(loaded.clone());
                            phase.set(Phase::Ready(loaded));
                        }
                        Err(failed) => phase.set(Phase::Failed(Rc::new(failed))),
                    }
                });
            },
        )
    };
    // Dropped files are previewed first: unknown columns go to the mapping screen. `made` is a mapping just
    // made on it, for one file's key.
    let plan = {
        let (phase, read, adjust) = (phase.clone(), read.clone(), adjust.clone());
        Callback::from(
            move |(inputs, options, made): (
                Vec<Input>,
                IngestOptions,
                Option<(String, FileColumns)>,
            )| {
                if inputs.is_empty() {
                    return;
                }
                phase.set(Phase::Loading(Progress::default()));
                let (phase, read, adjust) = (phase.clone(), read.clone(), adjust.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match mapping::plan(&inputs, options, made).await {
                        Plan::Map(request) => {
                            adjust.set(None);
                            phase.set(Phase::Mapping(request));
                        }
                        Plan::Read {
                            options,
                            columns,
                            adjust: request,
                            remembered,
                        } => {
                            adjust.set(request.map(|r| (r, remembered)));
                            read.emit((inputs, options, columns));
                        }
                    }
                });
            },
        )
    };
    // A change to the options of the last read (a currency or date order the files stopped for want of, the
    // statuses that count): the same files read again with it.
    let read_again = {
        let (read, last_read) = (read.clone(), last_read.clone());
        move |change: &dyn Fn(&mut IngestOptions)| {
            let again = last_read.borrow().clone();
            if let Some((inputs, mut options, columns)) = again {
                change(&mut options);
                read.emit((inputs, options, columns));
            }
        }
    };
    let recurrency = {
        let read_again = read_again.clone();
        Callback::from(move |code: String| read_again(&|o| o.currency = Some(code.clone())))
    };
    let redate = {
        let read_again = read_again.clone();
        Callback::from(move |order: DateOrder| read_again(&|o| o.date_order = Some(order)))
    };
    // The user's choice of the statuses that count, from the quality report.
    let restatus = Callback::from(move |statuses: StatusChoice| {
        read_again(&|o| o.statuses = statuses.clone())
    });
    // New files open on the dashboard; reading the same files again (other statuses, a currency) keeps the view.
    let start = {
        let (plan, tab) = (plan.clone(), tab.clone());
        Callback::from(move |(inputs, options): (Vec<Input>, IngestOptions)| {
            tab.set(Tab::Dashboard);
            plan.emit((inputs, options, None))
        })
    };
    // The dashboard's links to the full views.
    let open = {
        let tab = tab.clone();
        Callback::from(move |id: &'static str| {
            if let Some(&t) = Tab::ALL.iter().find(|t| t.id() == id) {
                tab.set(t);
                crate::views::focus(&format!("tab-{id}"));
            }
        })
    };
    let mapped = Callback::from(move |(request, made): (Rc<MapRequest>, FileColumns)| {
        let key = request.key.clone();
        plan.emit((
            request.inputs.clone(),
            request.options.clone(),
            Some((key, made)),
        ))
    });
    let cancel_mapping = {
        let (phase, shown) = (phase.clone(), shown.clone());
        Callback::from(move |()| {
            phase.set(match shown.borrow().clone() {
                Some(loaded) => Phase::Ready(loaded),
                None => Phase::Empty,
            })
        })
    };
    let switch_lang = {
        let lang = lang.clone();
        let (embedded, on_lang) = (props.embedded, props.on_lang.clone());
        Callback::from(move |_| {
            let next = if *lang == Lang::Ja {
                Lang::En
            } else {
                Lang::Ja
            };
            if !embedded {
                i18n::store(next);
            }
            if let Some(on_lang) = &on_lang {
                on_lang.emit(next);
            }
            lang.set(next);
        })
    };
    let on_as_of = {
        let as_of = as_of.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            as_of.set(input.value().parse::<Day>().ok());
        })
    };
    let on_csv_ids = {
        let csv_ids = csv_ids.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            csv_ids.set(input.checked());
        })
    };
    // The results of what was read, made again only when the data or the as-of date change (not when a tab or
    // the language does): the views share them through a context.
    let derived = {
        let ready = match &*phase {
            Phase::Ready(loaded) => Some(Same(loaded.clone())),
            _ => None,
        };
        use_memo((ready, *as_of), |(ready, as_of)| {
            ready
                .as_ref()
                .map(|loaded| Derived::new(loaded.0.clone(), *as_of))
        })
    };
    let l = *lang;
    let current = *tab;
    let loading = matches!(*phase, Phase::Loading(_));
    let body = match (&*phase, (*derived).clone()) {
        (Phase::Empty, _) => html! {},
        (Phase::Mapping(request), _) => html! {
            <MappingView key={ format!("{:p}", Rc::as_ptr(request)) } lang={ l } request={ request.clone() }
                on_read={ mapped.clone() } on_cancel={ cancel_mapping.clone() } />
        },
        (Phase::Loading(p), _) => html! {
            <section class="card" aria-live="polite">
                <label for="progress">{ l.t("読み込み中: ", "Reading: ") }{ &p.file }</label>
                <progress id="progress" data-testid="progress" max={ p.total.max(1).to_string() } value={ p.done.to_string() }></progress>
                <p class="muted">{ format!("{} / {} MB", p.done / 1_000_000, p.total / 1_000_000) }</p>
            </section>
        },
        (Phase::Failed(failed), _) => html! {
            <FailedView lang={ l } failed={ failed.clone() } on_currency={ recurrency.clone() }
                on_date_order={ redate.clone() } />
        },
        // The memo holds the results whenever the data is ready.
        (Phase::Ready(_), None) => html! {},
        (Phase::Ready(loaded), Some(derived)) => {
            let shown_as_of = derived
                .summary()
                .summary
                .as_of
                .map(|d| d.to_string())
                .unwrap_or_default();
            let tabs = Tab::ALL.iter().map(|&t| {
                let onclick = {
                    let tab = tab.clone();
                    Callback::from(move |_| tab.set(t))
                };
                let onkeydown = {
                    let tab = tab.clone();
                    Callback::from(move |e: KeyboardEvent| {
                        if let Some(next) = t.moved_by(&e.key()) {
                            e.prevent_default();
                            tab.set(next);
                            crate::views::focus(&format!("tab-{}", next.id()));
                        }
                    })
                };
                let selected = t == current;
                html! {
                    <button role="tab" id={ format!("tab-{}", t.id()) } aria-selected={ selected.to_string() }
                        aria-controls="tab-panel" tabindex={ if selected { "0" } else { "-1" } }
                        data-testid={ format!("tab-{}", t.id()) } {onclick} {onkeydown}>
                        { t.label(l) }
                    </button>
                }
            });
            let view = match current {
                Tab::Dashboard => html! { <DashboardView lang={ l } open={ open.clone() } /> },
                Tab::Summary => html! {
                    <>
                    <SummaryView lang={ l } />
                    <QualityView lang={ l } on_statuses={ restatus.clone() } />
                    </>
                },
                Tab::Rfm => html! { <RfmView lang={ l } /> },
                Tab::Cpm => html! { <CpmView lang={ l } /> },
                Tab::Cohorts => html! { <CohortView lang={ l } /> },
                Tab::Repeat => html! { <RepeatView lang={ l } /> },
                Tab::History => html! { <HistoryView lang={ l } /> },
                Tab::Ltv => html! { <LtvView lang={ l } /> },
                Tab::Basket => html! { <BasketView lang={ l } /> },
                Tab::Migration => html! { <MigrationView lang={ l } /> },
                Tab::Segments => html! { <SegmentView lang={ l } /> },
            };
            html! {
                <>
                <section class="card toolbar">
                    <p data-testid="files">{ loaded.names.join(", ") }</p>
                    <label>{ l.t("基準日", "As of") }{" "}
                        <input type="date" data-testid="as-of" value={ shown_as_of } onchange={ on_as_of } />
                    </label>
                    { mapping_note(l, &adjust, &phase) }
                    <label class="muted">
                        <input type="checkbox" data-testid="csv-ids" checked={ *csv_ids } onchange={ on_csv_ids } />
                        { l.t(" CSVの列名と区分をIDで出力（ツール連携用）", " CSV headings and categories as ids (for tools)") }
                    </label>
                    <p class="muted" data-testid="elapsed" data-ms={ format!("{:.0}", loaded.elapsed_ms) }>
                        { format!("{:.2} s", loaded.elapsed_ms / 1000.0) }
                    </p>
                </section>
                <nav class="tabs" role="tablist" aria-label={ l.t("分析", "Analyses") }>{ for tabs }</nav>
                <div role="tabpanel" id="tab-panel" aria-labelledby={ format!("tab-{}", current.id()) }>
                    <ContextProvider<Derived> context={ derived }>
                        <ContextProvider<CsvIds> context={ CsvIds(*csv_ids) }>{ view }</ContextProvider<CsvIds>>
                    </ContextProvider<Derived>>
                </div>
                </>
            }
        }
    };
    html! {
        <>
        <header class="top">
            <h1>{ "Kokyaku" }<span class="sub">{ l.t(" 顧客分析", " customer analytics") }</span></h1>
            <button class="link" data-testid="lang" onclick={ switch_lang } aria-label="Language / 言語">
                { l.t("English", "日本語") }
            </button>
        </header>
        <main lang={ l.code() }>
            <DropZone lang={ l } on_inputs={ start } disabled={ loading } sample={ !props.embedded } />
            { body }
        </main>
        <footer class="muted">
            { l.t("データはこのブラウザの外に送信されません。", "Your data never leaves this browser.") }
        </footer>
        </>
    }
}

/// After reading: the note on a remembered column mapping and the way to the mapping screen.
fn mapping_note(
    l: Lang,
    adjust: &UseStateHandle<Option<(Rc<MapRequest>, bool)>>,
    phase: &UseStateHandle<Phase>,
) -> Html {
    let Some((request, remembered)) = (**adjust).clone() else {
        return html! {};
    };
    let phase = phase.clone();
    let on_change = Callback::from(move |_: MouseEvent| phase.set(Phase::Mapping(request.clone())));
    crate::views::mapping::note(l, remembered, on_change)
}
