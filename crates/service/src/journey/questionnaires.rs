//! Questionnaires: staff make a one-time link for a participant, the participant
//! answers on their phone without logging in (page by page, nothing shown about
//! them), and staff may enter a paper questionnaire's answers instead.

use crate::accounts::Caller;
use crate::token::{new_token, token_hash};
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::{Actor, AuditEvent};
use samverka_domain::questionnaire::builtin;
use samverka_domain::questionnaire::instrument::{Instrument, InstrumentKind};
use samverka_domain::questionnaire::invitation::{Closed, Invitation};
use samverka_domain::questionnaire::supplement::asked_on;

/// Questions shown on one page of the participant's questionnaire.
pub const QUESTIONS_PER_PAGE: usize = 3;

/// A questionnaire as the participant's link opens it.
#[derive(Debug, Clone)]
pub enum Opened {
    /// It can be answered: the invitation with its answers so far, and the
    /// instrument it asks.
    Open(Box<(Invitation, Instrument)>),
    /// It cannot, and why.
    Closed(Closed),
}

/// The instrument an invitation asks (the built-in one is the only one so far),
/// followed by the supplementary questions it was made with.
pub fn instrument_of(invitation: &Invitation) -> Option<Instrument> {
    let mut i = builtin::instrument();
    if invitation.instrument != i.code || invitation.version != i.version {
        return None;
    }
    i.questions.extend(invitation.supplement.iter().cloned());
    Some(i)
}

impl Services {
    /// Makes a link for participation `id` on `occasion`; returns the invitation and
    /// the token for the link (shown once, never stored).
    pub async fn send_questionnaire(
        &self,
        caller: &Caller,
        id: i64,
        occasion: &str,
    ) -> ServiceResult<(Invitation, String)> {
        let (p, iv) = self.reachable_participation(caller, id).await?;
        let occasion = InstrumentKind::parse(occasion)
            .ok_or_else(|| FieldError::new("tillfalle", "error.questionnaire.occasion"))?;
        let instrument = builtin::instrument();
        let mut invitation = Invitation::new(
            p.id,
            (&instrument.code, instrument.version),
            occasion,
            self.clock.today(),
            &caller.actor().name,
        );
        let supplementary = self.store.supplementary_questions(&iv.associations).await?;
        invitation.supplement = asked_on(&supplementary, self.clock.today());
        let token = new_token();
        let draft = self
            .journey_draft(
                caller,
                AuditEvent::QuestionnaireSent,
                "questionnaire",
                "",
                Some(p.id),
            )
            .details(format!("occasion={}", occasion.code()));
        invitation.id = self
            .store
            .add_invitation(&invitation, &token_hash(&token), &[draft])
            .await?;
        Ok((invitation, token))
    }

    /// The questionnaires of participation `id`, oldest first (answers included,
    /// for the participant's own staff).
    pub async fn questionnaires_of(
        &self,
        caller: &Caller,
        id: i64,
    ) -> ServiceResult<Vec<Invitation>> {
        let (p, _) = self.reachable_participation(caller, id).await?;
        let read = self
            .journey_draft(
                caller,
                AuditEvent::QuestionnaireRead,
                "questionnaire",
                "",
                Some(p.id),
            )
            .details("view=questionnaires".to_string());
        self.store.append_audit(&read).await?;
        Ok(self.store.invitations(&[p.id]).await?)
    }

    /// What the link with `token` opens; `NotFound` for a token that never existed.
    pub async fn open_questionnaire(&self, token: &str) -> ServiceResult<Opened> {
        let invitation = self
            .store
            .invitation_by_token(&token_hash(token))
            .await?
            .ok_or(ServiceError::NotFound)?;
        if let Err(why) = invitation.open_on(self.clock.today()) {
            return Ok(Opened::Closed(why));
        }
        let instrument = instrument_of(&invitation).ok_or(ServiceError::NotFound)?;
        Ok(Opened::Open(Box::new((invitation, instrument))))
    }

    /// Saves one page of answers from the participant's link; `finish` closes it.
    /// `values` holds every value sent, by question code.
    pub async fn answer_questionnaire(
        &self,
        token: &str,
        page: usize,
        values: &[(String, String)],
        finish: bool,
    ) -> ServiceResult<Opened> {
        let (mut invitation, instrument) = match self.open_questionnaire(token).await? {
            Opened::Open(open) => *open,
            closed => return Ok(closed),
        };
        let answers = read_page(&instrument, page, values)?;
        invitation.save_page(answers, self.clock.today());
        if finish {
            invitation.completed_on = Some(self.clock.today());
        }
        let draft = samverka_domain::audit::AuditDraft::new(
            self.clock.now(),
            Actor::system(),
            AuditEvent::QuestionnaireAnswered,
            "questionnaire",
            invitation.id,
        )
        .details(format!("page={page} finished={finish} by=participant_link"));
        let mut draft = draft;
        draft.participation_id = Some(invitation.participation_id);
        self.store.save_invitation(&invitation, &[draft]).await?;
        Ok(Opened::Open(Box::new((invitation, instrument))))
    }

    /// Staff enter a paper questionnaire's answers for invitation `invitation_id`
    /// of participation `id`; it is then closed.
    pub async fn enter_questionnaire(
        &self,
        caller: &Caller,
        id: i64,
        invitation_id: i64,
        values: &[(String, String)],
    ) -> ServiceResult<Invitation> {
        let mut invitation = self
            .questionnaires_of(caller, id)
            .await?
            .into_iter()
            .find(|i| i.id == invitation_id)
            .ok_or(ServiceError::NotFound)?;
        if invitation.completed_on.is_some() {
            return Err(FieldError::new("enkat", "error.questionnaire.answered").into());
        }
        let instrument = instrument_of(&invitation).ok_or(ServiceError::NotFound)?;
        let pages = instrument.questions.len().div_ceil(QUESTIONS_PER_PAGE);
        for page in 0..pages {
            let answers = read_page(&instrument, page, values)?;
            invitation.save_page(answers, self.clock.today());
        }
        invitation.completed_on = Some(self.clock.today());
        invitation.entered_by = Some(caller.actor().name);
        let draft = self
            .journey_draft(
                caller,
                AuditEvent::QuestionnaireAnswered,
                "questionnaire",
                invitation.id,
                Some(id),
            )
            .details("by=staff_from_paper".to_string());
        self.store.save_invitation(&invitation, &[draft]).await?;
        Ok(invitation)
    }
}

/// The answers to page `page`'s questions from the values sent.
fn read_page(
    instrument: &Instrument,
    page: usize,
    values: &[(String, String)],
) -> ServiceResult<
    Vec<(
        String,
        Option<samverka_domain::questionnaire::instrument::AnswerValue>,
    )>,
> {
    let mut out = Vec::new();
    for q in instrument
        .questions
        .iter()
        .skip(page * QUESTIONS_PER_PAGE)
        .take(QUESTIONS_PER_PAGE)
    {
        let given: Vec<String> = values
            .iter()
            .filter(|(k, _)| *k == q.code)
            .map(|(_, v)| v.clone())
            .collect();
        let value = q.read(&given).map_err(|_| {
            FieldError::with_detail("svar", "error.questionnaire.answer", q.text.clone())
        })?;
        out.push((q.code.clone(), value));
    }
    Ok(out)
}
