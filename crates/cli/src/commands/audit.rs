//! `samverka audit …`: checks the access log's hash chain against its signed
//! checkpoints, writes a checkpoint, and makes a new installation key.

use crate::anchor::{Anchor, write_new_key};
use crate::errors::CliError;
use samverka_domain::audit::ChainBreak;
use samverka_domain::audit_checkpoint::{AnchorBreak, Checkpoint};
use samverka_service::Services;
use samverka_service::audit_anchor::{AnchorState, Anchoring};
use samverka_service::audit_chain::ChainReport;
use samverka_service::checkpoint_file::CheckpointFile;
use std::path::Path;

/// Verifies the chain and then compares it with the signed checkpoints in `file`
/// (or the database's table); names the first thing that does not hold.
pub async fn verify(services: &Services, file: Option<&CheckpointFile>) -> Result<(), CliError> {
    let report = services.verify_anchored(file).await?;
    let entries = match report.chain {
        ChainReport::Intact { entries } => entries,
        ChainReport::Broken { checked, at } => {
            return Err(CliError::msg(format!(
                "Åtkomstloggen är bruten: {}. {checked} poster före brottet är hela.",
                chain_break_text(&at)
            )));
        }
    };
    let intact = format!("Åtkomstloggen är obruten: {entries} poster kontrollerade.");
    let source = match file {
        Some(f) => format!("kontrollpunktsfilen {}", f.path().display()),
        None => "databasens tabell audit_checkpoints".to_string(),
    };
    match report.anchor {
        AnchorState::Held {
            latest,
            checked,
            after,
        } => {
            println!("{intact}");
            println!(
                "Förankrad: stämmer med {} i {source}. Den senaste, från {}, intygar {} poster; {after} poster har skrivits efter den.",
                checkpoints(checked),
                when(&latest),
                latest.head.entries
            );
            Ok(())
        }
        AnchorState::NoKey { stored: 0 } => {
            println!("{intact}");
            eprintln!(
                "Varning: kedjan är inte förankrad. Ingen installationsnyckel är inställd, så en tömd, kapad eller ombyggd logg kan inte upptäckas. Ange SAMVERKA_AUDIT_KEY_FILE (se docs/security.md)."
            );
            Ok(())
        }
        AnchorState::NoKey { stored } => Err(CliError::msg(format!(
            "Åtkomstloggen kan inte jämföras med {} i databasen: ingen installationsnyckel är inställd. Ange SAMVERKA_AUDIT_KEY_FILE (eller SAMVERKA_AUDIT_KEY) med nyckeln som serve använder.",
            checkpoints(stored)
        ))),
        AnchorState::NoCheckpoint => Err(CliError::msg(format!(
            "Åtkomstloggen är inte förankrad: det finns ingen signerad kontrollpunkt i {source}, så en tömd eller ombyggd logg kan inte skiljas från en ny. Kör 'samverka audit checkpoint' (serve gör det själv) och kontrollera igen."
        ))),
        AnchorState::Broken(why) => Err(CliError::msg(format!(
            "Åtkomstloggen är bruten: {}. Kedjan hänger ihop för sig själv ({entries} poster); det är jämförelsen med {source} som visar brottet.",
            anchor_break_text(&why)
        ))),
        AnchorState::NotChecked => Ok(()),
    }
}

/// "1 signerad kontrollpunkt", "3 signerade kontrollpunkter".
fn checkpoints(n: usize) -> String {
    if n == 1 {
        "1 signerad kontrollpunkt".into()
    } else {
        format!("{n} signerade kontrollpunkter")
    }
}

/// Writes a signed checkpoint of the log now, to the table and the checkpoint file.
pub async fn checkpoint(services: &Services, anchor: &Anchor) -> Result<(), CliError> {
    if services.audit_key.is_none() {
        return Err(CliError::msg(
            "Ingen installationsnyckel är inställd, så ingen kontrollpunkt kan signeras. Ange SAMVERKA_AUDIT_KEY_FILE (skapa nyckeln med 'samverka audit new-key FIL').",
        ));
    }
    let written = services
        .write_checkpoint(anchor.file.as_ref(), None)
        .await?;
    let also = match &anchor.file {
        Some(f) => format!(" och i {}", f.path().display()),
        None => String::new(),
    };
    match written {
        Anchoring::Written(c) => {
            println!(
                "Kontrollpunkt skriven i databasen{also}: {} poster, sista post {}, {}.",
                c.head.entries,
                c.head.last_seq,
                when(&c)
            );
            Ok(())
        }
        Anchoring::Unchanged(c) => {
            println!(
                "Loggen har inte ändrats sedan kontrollpunkten från {} ({} poster); ingen ny behövs.",
                when(&c),
                c.head.entries
            );
            Ok(())
        }
        Anchoring::Refused(why) => Err(CliError::msg(format!(
            "Ingen kontrollpunkt skrevs: {}.",
            anchor_break_text(&why)
        ))),
        Anchoring::NoKey => Ok(()),
    }
}

/// Makes a new installation key file.
pub fn new_key(path: &Path) -> Result<(), CliError> {
    write_new_key(path)?;
    println!(
        "Installationsnyckeln är skapad i {} (bara ägaren kan läsa den). Ange den med SAMVERKA_AUDIT_KEY_FILE={}.",
        path.display(),
        path.display()
    );
    println!(
        "Spara en kopia säkert och utom räckhåll för databasens administratör: utan nyckeln kan kontrollpunkterna inte kontrolleras och engångskoderna inte öppnas."
    );
    Ok(())
}

/// A break in the chain itself, in Swedish.
fn chain_break_text(at: &ChainBreak) -> String {
    match at {
        ChainBreak::Content { seq } => {
            format!("post {seq} har ändrats: innehållet stämmer inte med dess hash")
        }
        ChainBreak::Link { seq } => format!(
            "post {seq} pekar inte på föregående posts hash (en post före den har ändrats eller bytts ut)"
        ),
        ChainBreak::Gap { expected, found } => {
            format!("post {expected} saknas (nästa post är {found}): poster har tagits bort")
        }
    }
}

/// Why the log does not match a checkpoint, in Swedish.
pub fn anchor_break_text(why: &AnchorBreak) -> String {
    match why {
        AnchorBreak::Signature { checkpoint } => format!(
            "kontrollpunkten från {} har en signatur som inte stämmer med installationsnyckeln (nyckel-id {} i kontrollpunkten): den har ändrats eller förfalskats, eller signerats med en annan nyckel",
            when(checkpoint),
            checkpoint.key_id
        ),
        AnchorBreak::Shorter {
            entries: 0,
            checkpoint,
        } => format!(
            "loggen är tom, men en signerad kontrollpunkt från {} intygar {} poster: hela loggen har tömts",
            when(checkpoint),
            checkpoint.head.entries
        ),
        AnchorBreak::Shorter {
            entries,
            checkpoint,
        } => format!(
            "loggen har {entries} poster, men en signerad kontrollpunkt från {} intygar {}: {} poster har tagits bort (i slutet, eller ur en kedja som byggts om)",
            when(checkpoint),
            checkpoint.head.entries,
            checkpoint.head.entries - entries
        ),
        AnchorBreak::Rebuilt { checkpoint } => format!(
            "post {} har inte den hash som en signerad kontrollpunkt från {} intygar: kedjan har byggts om (poster har tagits bort eller ändrats och hasharna räknats om)",
            checkpoint.head.last_seq,
            when(checkpoint)
        ),
    }
}

/// When a checkpoint was made, in UTC to the second.
fn when(checkpoint: &Checkpoint) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let at = checkpoint.at.to_offset(time::UtcOffset::UTC);
    format!("{} UTC", at.format(&format).unwrap_or_default())
}
