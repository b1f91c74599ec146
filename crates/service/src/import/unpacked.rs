//! How large a workbook is unpacked, measured before it is parsed: a small XLSX
//! can unpack to hundreds of megabytes of sheet XML (issue 20, M5). Each part is
//! unpacked into nothing, so what its header claims cannot hide its true size.

use std::io::{Cursor, Read};

/// The most a workbook may unpack to, all parts together.
pub const LARGEST_UNPACKED: u64 = 40 * 1024 * 1024;

/// The most parts a workbook may have.
const MOST_PARTS: usize = 1000;

/// `Ok` when `bytes` unpacks to at most [`LARGEST_UNPACKED`]; else why not, in Swedish.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "filen är ingen XLSX-arbetsbok (den går inte att packa upp)".to_string())?;
    if zip.len() > MOST_PARTS {
        return Err(format!(
            "arbetsboken har {} delar; högst {MOST_PARTS} går att läsa",
            zip.len()
        ));
    }
    let mut left = LARGEST_UNPACKED;
    for i in 0..zip.len() {
        let part = zip
            .by_index(i)
            .map_err(|_| "en del av arbetsboken går inte att packa upp".to_string())?;
        let read = std::io::copy(&mut part.take(left + 1), &mut std::io::sink())
            .map_err(|_| "en del av arbetsboken går inte att packa upp".to_string())?;
        if read > left {
            return Err(format!(
                "arbetsboken blir större än {} MB uppackad; dela upp den i flera filer eller spara den som CSV",
                LARGEST_UNPACKED / (1024 * 1024)
            ));
        }
        left -= read;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A workbook-like archive with one part of `size` bytes of the same letter.
    fn archive(size: usize) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let chunk = vec![b'a'; 1024 * 1024];
        let mut left = size;
        while left > 0 {
            let n = left.min(chunk.len());
            w.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
        w.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_small_file_that_unpacks_past_the_limit_is_refused_before_parsing() {
        let bomb = archive(LARGEST_UNPACKED as usize + 1);
        assert!(
            bomb.len() < 1024 * 1024,
            "packed it is small: {}",
            bomb.len()
        );
        let why = check(&bomb).unwrap_err();
        assert!(why.contains("40 MB"), "{why}");
        assert_eq!(check(&archive(1024 * 1024)), Ok(()));
    }

    #[test]
    fn a_file_that_is_no_archive_says_so() {
        assert!(check(b"insats;alias\n").unwrap_err().contains("ingen XLSX"));
    }
}
