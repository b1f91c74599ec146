//! Avslut: registering (or correcting) the end of a participation.

use crate::accounts::Caller;
use crate::{ServiceResult, Services};
use samverka_domain::audit::AuditEvent;
use samverka_domain::journey::input::ExitInput;

impl Services {
    /// Registers the exit; a second call corrects it. Anonymous exits keep no free text.
    pub async fn register_exit(
        &self,
        caller: &Caller,
        id: i64,
        input: &ExitInput,
    ) -> ServiceResult<()> {
        let (mut p, _) = self.reachable_participation(caller, id).await?;
        let exit = input.parse()?;
        exit.check(p.start_on, p.is_anonymous(), self.clock.today())?;
        let entries = self.store.entries(&[id]).await?;
        if let Some(late) = entries
            .iter()
            .filter(|e| e.body.kind() != "after_exit")
            .map(|e| e.on)
            .max()
            && late > exit.on
        {
            return Err(samverka_domain::FieldError::with_detail(
                "slutdatum",
                "error.exit.before_entries",
                late.to_string(),
            )
            .into());
        }
        let corrected = p.exit.is_some();
        let reason = exit.reason;
        if let Some(current) = p.stages.last_mut() {
            current.left_on = Some(exit.on);
        }
        p.exit = Some(exit);
        if p.is_anonymous() {
            p.strip_for_anonymity();
        }
        let d = self
            .journey_draft(
                caller,
                AuditEvent::ParticipationExited,
                "participation",
                id,
                Some(id),
            )
            .details(format!("reason={} corrected={corrected}", reason.code()));
        self.store.save_participation(&p, None, &[d]).await?;
        Ok(())
    }
}
