//! GET /search?q=: quick search by name, alias or personnummer within reach.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::journey::rows::{CaseRow, StageNames, case_rows};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use samverka_i18n::Tr;

/// `?q=…`
#[derive(serde::Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    searched: bool,
    rows: Vec<CaseRow>,
    table_id: &'static str,
    table_caption: String,
}

/// GET /search
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(q): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let query = q.q.trim().to_string();
    let found = if query.is_empty() {
        vec![]
    } else {
        state.services.search_participants(&caller, &query).await?
    };
    let names = StageNames::of(&state, &caller, &[&found]).await?;
    let rows = case_rows(tr, &names, &found, state.services.clock.today());
    let page = SearchPage {
        layout: Layout::for_user(tr, "journey.search_title", &auth, ""),
        searched: !query.is_empty(),
        q: query,
        rows,
        table_id: "search-table",
        table_caption: tr.t("journey.search_title").to_string(),
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}
