//! `samverka audit verify`: checks the access log's hash chain.

use crate::errors::CliError;
use samverka_domain::audit::ChainBreak;
use samverka_service::Services;
use samverka_service::audit_chain::ChainReport;

/// Verifies the chain and names the first broken entry.
pub async fn verify(services: &Services) -> Result<(), CliError> {
    match services.verify_audit_chain().await? {
        ChainReport::Intact { entries } => {
            println!("Åtkomstloggen är obruten: {entries} poster kontrollerade.");
            Ok(())
        }
        ChainReport::Broken { checked, at } => {
            let what = match at {
                ChainBreak::Content { seq } => {
                    format!("post {seq} har ändrats: innehållet stämmer inte med dess hash")
                }
                ChainBreak::Link { seq } => format!(
                    "post {seq} pekar inte på föregående posts hash (en post före den har ändrats eller bytts ut)"
                ),
                ChainBreak::Gap { expected, found } => format!(
                    "post {expected} saknas (nästa post är {found}): poster har tagits bort"
                ),
            };
            Err(CliError::msg(format!(
                "Åtkomstloggen är bruten: {what}. {checked} poster före brottet är hela."
            )))
        }
    }
}
