//! The small changes made on the participation page: stage, consent, coach, and
//! an entry's delete, done and approve buttons. Each redirects back to the page;
//! a refused value shows the page's error view with the message naming the field.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm};
use crate::ui::form::Submitted;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_domain::journey::entry::EntryBody;

fn back(id: i64) -> Response {
    Redirect::to(&format!("/participations/{id}?saved=1")).into_response()
}

/// POST /participations/{id}/stage
pub async fn stage(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Submitted(pairs);
    state
        .services
        .move_stage(&auth.caller(), id, &form.get("steg"), &form.get("datum"))
        .await?;
    Ok(back(id))
}

/// POST /participations/{id}/consent/withdraw
pub async fn withdraw_consent(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Submitted(pairs);
    state
        .services
        .withdraw_consent(&auth.caller(), id, &form.get("aterkallat"))
        .await?;
    Ok(back(id))
}

/// POST /participations/{id}/coach
pub async fn coach(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = auth.caller();
    state
        .services
        .check_participation_reach(&caller, id)
        .await?;
    let form = Submitted(pairs);
    let coach = form
        .number("coach")
        .map_err(AppError::invalid)?
        .unwrap_or(0);
    state
        .services
        .set_coach(&caller, id, i64::from(coach))
        .await?;
    Ok(back(id))
}

/// POST /participations/{id}/entries/{entry}/delete
pub async fn delete_entry(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, entry)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    state
        .services
        .delete_entry(&auth.caller(), id, entry)
        .await?;
    Ok(back(id))
}

/// POST /participations/{id}/entries/{entry}/approve
pub async fn approve(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, entry)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    state
        .services
        .approve_rehab_fund(&auth.caller(), id, entry)
        .await?;
    Ok(back(id))
}

/// POST /participations/{id}/entries/{entry}/done: marks a plan item done, or open again.
pub async fn toggle_done(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, entry)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let caller = auth.caller();
    let view = state.services.entry_of(&caller, id, entry).await?;
    let EntryBody::PlanItem {
        goal,
        sub_goal,
        activity,
        responsible,
        follow_up_on,
        done,
    } = view.body
    else {
        return Err(AppError::not_found());
    };
    let body = EntryBody::PlanItem {
        goal,
        sub_goal,
        activity,
        responsible,
        follow_up_on,
        done: !done,
    };
    state
        .services
        .update_entry(&caller, id, entry, view.on, body)
        .await?;
    Ok(back(id))
}
