//! The checkpoint file: one signed checkpoint per line, appended, never rewritten.
//! The operator keeps it where the database administrator cannot change it (another
//! machine's share, an append-only file, a write-once store); each line is also
//! logged, so syslog can carry a second copy.

use crate::{ServiceError, ServiceResult};
use samverka_domain::audit_checkpoint::{Checkpoint, LINE_TAG};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// How much of the file's end is read to find its last checkpoint.
const TAIL: u64 = 4096;

/// A checkpoint file at a path.
#[derive(Debug, Clone)]
pub struct CheckpointFile {
    path: PathBuf,
}

impl CheckpointFile {
    /// The file at `path` (it is created at the first append).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line and flushes it to disk. A new file is made readable by its
    /// owner only.
    pub fn append(&self, checkpoint: &Checkpoint) -> ServiceResult<()> {
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path).map_err(|e| self.unwritable(&e))?;
        file.write_all(format!("{}\n", checkpoint.to_line()).as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| self.unwritable(&e))
    }

    /// Every checkpoint in the file, in order. Lines without the checkpoint tag (a
    /// syslog extract may hold others) are skipped; a tagged line that cannot be read
    /// is an error naming its line number. A missing file is an error.
    pub fn read_all(&self) -> ServiceResult<Vec<Checkpoint>> {
        let text = std::fs::read_to_string(&self.path).map_err(|e| self.unreadable(&e))?;
        self.parse(&text, 1)
    }

    /// The last checkpoint in the file; `None` when the file does not exist yet or
    /// holds none.
    pub fn last(&self) -> ServiceResult<Option<Checkpoint>> {
        let mut file = match std::fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.unreadable(&e)),
        };
        let len = file.metadata().map_err(|e| self.unreadable(&e))?.len();
        let mut tail = Vec::new();
        file.seek(SeekFrom::Start(len.saturating_sub(TAIL)))
            .and_then(|_| file.read_to_end(&mut tail))
            .map_err(|e| self.unreadable(&e))?;
        let text = String::from_utf8_lossy(&tail);
        let last = text
            .lines()
            .rev()
            .find(|l| l.contains(LINE_TAG))
            .map(str::to_string);
        match last {
            Some(line) => Ok(Some(self.parse(&line, 0)?.remove(0))),
            None => Ok(None),
        }
    }

    /// The tagged lines of `text`; `first_line` numbers them (0: no number known).
    fn parse(&self, text: &str, first_line: usize) -> ServiceResult<Vec<Checkpoint>> {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if !line.contains(LINE_TAG) {
                continue;
            }
            match Checkpoint::parse_line(line) {
                Some(c) => out.push(c),
                None if first_line == 0 => {
                    return Err(ServiceError::Unsupported(format!(
                        "Sista kontrollpunkten i {} kan inte läsas: raden är skadad.",
                        self.path.display()
                    )));
                }
                None => {
                    return Err(ServiceError::Unsupported(format!(
                        "Rad {} i kontrollpunktsfilen {} kan inte läsas: raden är skadad.",
                        i + first_line,
                        self.path.display()
                    )));
                }
            }
        }
        Ok(out)
    }

    fn unreadable(&self, e: &std::io::Error) -> ServiceError {
        let path = self.path.display();
        ServiceError::Unsupported(match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "Kontrollpunktsfilen {path} finns inte. Den skrivs när serve körs med en installationsnyckel, eller med 'samverka audit checkpoint'."
            ),
            _ => format!("Kontrollpunktsfilen {path} kan inte läsas: {}", io_text(e)),
        })
    }

    fn unwritable(&self, e: &std::io::Error) -> ServiceError {
        ServiceError::Unsupported(format!(
            "Kontrollpunktsfilen {} kan inte skrivas: {}",
            self.path.display(),
            io_text(e)
        ))
    }
}

/// A file error in Swedish where the kind is common, else the system's own text.
fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "mappen finns inte".into(),
        std::io::ErrorKind::PermissionDenied => "behörighet saknas".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::audit_checkpoint::AuditHead;
    use samverka_domain::installation_key::InstallationKey;

    fn checkpoint(n: i64) -> Checkpoint {
        let key = InstallationKey::from_text("filtestets nyckel som är lång nog att duga").unwrap();
        let head = AuditHead {
            entries: n,
            last_seq: n,
            hash: format!("{n:064x}"),
        };
        Checkpoint::sign(&key, head, time::macros::datetime!(2026-11-22 08:00 UTC))
    }

    #[test]
    fn lines_are_appended_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = CheckpointFile::new(dir.path().join("kp.log"));
        assert_eq!(file.last().unwrap(), None);
        let missing = file.read_all().unwrap_err().to_string();
        assert!(missing.contains("finns inte"), "{missing}");
        file.append(&checkpoint(3)).unwrap();
        file.append(&checkpoint(9)).unwrap();
        assert_eq!(file.read_all().unwrap(), vec![checkpoint(3), checkpoint(9)]);
        assert_eq!(file.last().unwrap(), Some(checkpoint(9)));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(file.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_damaged_line_is_named_by_its_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kp.log");
        let good = checkpoint(3).to_line();
        std::fs::write(
            &path,
            format!("annan rad\n{good}\n{LINE_TAG} v1 at=trasig\n"),
        )
        .unwrap();
        let err = CheckpointFile::new(&path).read_all().unwrap_err();
        assert!(
            err.to_string().contains("Rad 3 i kontrollpunktsfilen"),
            "{err}"
        );
    }
}
