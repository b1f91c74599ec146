//! LIX (läsbarhetsindex), the Swedish readability index: words per sentence plus
//! the share of long words (more than six letters) in percent. 30 or lower reads
//! as easy; every text a participant sees must be that easy.

/// The highest LIX a participant-facing text may have.
pub const EASY: f64 = 30.0;

/// The LIX of `text`; 0 for a text without words.
pub fn lix(text: &str) -> f64 {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.is_empty() {
        return 0.0;
    }
    let sentences = text
        .split(['.', '!', '?', ':'])
        .filter(|s| s.chars().any(char::is_alphabetic))
        .count()
        .max(1);
    let long = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 6)
        .count();
    words.len() as f64 / sentences as f64 + long as f64 * 100.0 / words.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lix_counts_words_per_sentence_and_long_words() {
        // 8 words, 2 sentences, 1 long word ("arbetsplatsen"): 4 + 12.5.
        let v = lix("Jag har ett jobb. Jag trivs på arbetsplatsen.");
        assert!((v - 16.5).abs() < 1e-9, "{v}");
        assert_eq!(lix(""), 0.0);
        assert!(lix("Rehabiliteringsinsatsernas samordningsförbundsfinansiering.") > 60.0);
    }
}
