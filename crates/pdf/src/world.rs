//! The smallest Typst world a report needs: one main file, the report's attached
//! charts, the fonts embedded in the binary, and no clock, packages or disk.

use crate::PdfError;
use samverka_reports::output::typst::Attachment;
use std::collections::HashMap;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The embedded fonts (Libertinus Serif, New Computer Modern, DejaVu Sans Mono),
/// parsed once.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// One report's world.
pub(crate) struct ReportWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

fn file_id(name: &str) -> Result<FileId, PdfError> {
    let path = VirtualPath::new(format!("/{name}"))
        .map_err(|_| PdfError(format!("not a file name: {name}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, path).intern())
}

impl ReportWorld {
    pub(crate) fn new(markup: &str, attachments: &[Attachment]) -> Result<Self, PdfError> {
        let main = Source::new(file_id("main.typ")?, markup.to_string());
        let mut files = HashMap::new();
        for a in attachments {
            files.insert(file_id(&a.name)?, Bytes::new(a.bytes.clone()));
        }
        Ok(ReportWorld { main, files })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files.get(&id).cloned().ok_or_else(|| {
            FileError::NotFound(std::path::PathBuf::from(id.get().vpath().get_with_slash()))
        })
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
